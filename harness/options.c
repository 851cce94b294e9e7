/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/time.h"

#define OPTIONS_MIN_INTERVAL_NS TL_NS_PER_US
#define OPTIONS_MAX_SAMPLES 1000000000ULL

void tl_run_options_defaults(struct tl_run_options *options)
{
	memset(options, 0, sizeof(*options));
	for (unsigned i = 0; i < TL_ARM_COUNT; i++)
		options->arms[i] = true;
	options->interval_ns = TL_DEFAULT_INTERVAL_NS;
	options->samples = TL_DEFAULT_SAMPLES;
	options->warmup = TL_DEFAULT_WARMUP;
	options->rt = (struct tl_rt_request){
		.policy = SCHED_FIFO,
		.priority = TL_DEFAULT_PRIORITY,
		.cpu = -1, /* the runner picks the last CPU */
		.mlock = true,
	};
}

void tl_run_usage(FILE *out)
{
	fprintf(out,
		"usage: timerlab run [options]\n"
		"\n"
		"Measure wakeup latency of every selected cell (path, variant, clock, arm),\n"
		"one child process per cell, and print them side by side.\n"
		"\n"
		"Selection:\n"
		"  --path LIST       cell specs path[:variant[:signal]], comma-separated\n"
		"                    (default: every path, default variant); see timerlab list\n"
		"  --clock LIST      monotonic, realtime, boottime, tai, or all\n"
		"                    (default: monotonic,realtime)\n"
		"  --arm LIST        abs, rel, periodic, or all (default: all)\n"
		"  --interval DUR    time between deadlines, e.g. 250us, 1ms (default: 1ms)\n"
		"  --samples N       wakeups recorded per cell (default: %d)\n"
		"  --duration DUR    instead of --samples: samples = DUR / interval\n"
		"  --warmup N        wakeups before recording starts (default: %d)\n"
		"                    alarm takes whole seconds: with a finer --interval it\n"
		"                    runs at 1s, 3 samples, no warm-up, unless --path names\n"
		"                    it and --samples, --duration or --warmup asks\n"
		"\n"
		"Realtime:\n"
		"  --priority N      SCHED_FIFO priority 1-99 (default: %d, if permitted)\n"
		"  --cpu N           CPU the measuring child runs on (default: the last one)\n"
		"\n"
		"Output:\n"
		"  --quiet           no progress on stderr\n"
		"  --help            this text\n"
		"\n"
		"Durations take a unit: ns, us, ms, s, min (\"1.5ms\").\n",
		TL_DEFAULT_SAMPLES, TL_DEFAULT_WARMUP, TL_DEFAULT_PRIORITY);
}

__attribute__((format(printf, 3, 4))) static int options_fail(char *why, size_t why_size,
							     const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(why, why_size, format, args);
	va_end(args);
	return -EINVAL;
}

/* A whole decimal number in [min, max], nothing else. */
static int options_count(const char *text, uint64_t min, uint64_t max, uint64_t *value)
{
	char *end;

	if (!text[0] || text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	unsigned long long parsed = strtoull(text, &end, 10);
	if (errno || *end || parsed < min || parsed > max)
		return -EINVAL;
	*value = parsed;
	return 0;
}

static int options_duration(const char *option, const char *text, int64_t min_ns,
			    int64_t *value, char *why, size_t why_size)
{
	const char *reason;
	char min_text[32];

	if (tl_duration_parse(text, 0, value, &reason) < 0)
		return options_fail(why, why_size, "%s: \"%s\" is not a valid duration: %s",
				    option, text, reason);
	if (*value < min_ns) {
		tl_duration_format(min_ns, min_text, sizeof(min_text));
		return options_fail(why, why_size, "%s: \"%s\" must be at least %s", option,
				    text, min_text);
	}
	return 0;
}

/* Split a comma list in place; each item goes to take(). */
static int options_list(const char *option, const char *text,
			int (*take)(struct tl_run_options *, const char *, char *, size_t),
			struct tl_run_options *options, char *why, size_t why_size)
{
	char *copy = strdup(text), *save = NULL;
	int err = 0;

	if (!copy)
		return options_fail(why, why_size, "%s: out of memory", option);
	if (!text[0])
		err = options_fail(why, why_size, "%s: empty list", option);
	for (char *item = strtok_r(copy, ",", &save); item && !err;
	     item = strtok_r(NULL, ",", &save))
		err = take(options, item, why, why_size);
	free(copy);
	return err;
}

static int options_take_path(struct tl_run_options *options, const char *item,
			     char *why, size_t why_size)
{
	char reason[256];

	if (options->spec_count == TL_MAX_SPECS)
		return options_fail(why, why_size, "--path: more than %d specs", TL_MAX_SPECS);
	if (tl_cell_spec_parse(item, &options->specs[options->spec_count], reason,
			       sizeof(reason)) < 0)
		return options_fail(why, why_size, "--path: %s", reason);
	options->spec_count++;
	return 0;
}

static const char *const options_clock_names[] = { "monotonic", "realtime", "boottime",
						   "tai" };

static int options_take_clock(struct tl_run_options *options, const char *item,
			      char *why, size_t why_size)
{
	clockid_t clock;

	if (strcmp(item, "all") == 0) {
		for (size_t i = 0; i < TL_MAX_CLOCKS; i++)
			tl_clock_from_name(options_clock_names[i], &options->clocks[i]);
		options->clock_count = TL_MAX_CLOCKS;
		return 0;
	}
	for (size_t i = 0; i < TL_MAX_CLOCKS; i++) {
		if (strcmp(item, options_clock_names[i]) != 0)
			continue;
		tl_clock_from_name(item, &clock);
		for (size_t j = 0; j < options->clock_count; j++)
			if (options->clocks[j] == clock)
				return 0;
		options->clocks[options->clock_count++] = clock;
		return 0;
	}
	return options_fail(why, why_size,
			    "--clock: unknown clock \"%s\" (clocks: monotonic, realtime, "
			    "boottime, tai, all)",
			    item);
}

static int options_take_arm(struct tl_run_options *options, const char *item, char *why,
			    size_t why_size)
{
	enum tl_arm arm;

	if (strcmp(item, "all") == 0) {
		for (unsigned i = 0; i < TL_ARM_COUNT; i++)
			options->arms[i] = true;
		return 0;
	}
	if (tl_arm_from_name(item, &arm) < 0)
		return options_fail(why, why_size,
				    "--arm: unknown arm \"%s\" (arms: abs, rel, periodic, all)",
				    item);
	options->arms[arm] = true;
	return 0;
}

static int options_cpu(const char *text, struct tl_run_options *options, char *why,
		       size_t why_size)
{
	uint64_t cpu;
	char allowed[256];

	if (options_count(text, 0, CPU_SETSIZE - 1, &cpu) < 0 ||
	    tl_rt_cpu_allowed((int)cpu) < 0) {
		if (tl_rt_allowed_cpus(allowed, sizeof(allowed)) < 0)
			snprintf(allowed, sizeof(allowed), "?");
		return options_fail(why, why_size,
				    "--cpu: \"%s\" is not a CPU this process may use (CPUs: %s)",
				    text, allowed);
	}
	options->rt.cpu = (int)cpu;
	return 0;
}

enum {
	OPTION_PATH = 256,
	OPTION_CLOCK,
	OPTION_ARM,
	OPTION_INTERVAL,
	OPTION_SAMPLES,
	OPTION_DURATION,
	OPTION_WARMUP,
	OPTION_PRIORITY,
	OPTION_CPU,
	OPTION_QUIET,
	OPTION_HELP,
};

static const struct option options_long[] = {
	{ "path", required_argument, NULL, OPTION_PATH },
	{ "clock", required_argument, NULL, OPTION_CLOCK },
	{ "arm", required_argument, NULL, OPTION_ARM },
	{ "interval", required_argument, NULL, OPTION_INTERVAL },
	{ "samples", required_argument, NULL, OPTION_SAMPLES },
	{ "duration", required_argument, NULL, OPTION_DURATION },
	{ "warmup", required_argument, NULL, OPTION_WARMUP },
	{ "priority", required_argument, NULL, OPTION_PRIORITY },
	{ "cpu", required_argument, NULL, OPTION_CPU },
	{ "quiet", no_argument, NULL, OPTION_QUIET },
	{ "help", no_argument, NULL, OPTION_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Options given so far, where a second use adds to the first. */
struct options_seen {
	bool samples;
	bool arm;
};

static int options_one(int option, const char *value, struct tl_run_options *options,
		       struct options_seen *seen, char *why, size_t why_size)
{
	switch (option) {
	case OPTION_PATH:
		return options_list("--path", value, options_take_path, options, why, why_size);
	case OPTION_CLOCK:
		return options_list("--clock", value, options_take_clock, options, why,
				    why_size);
	case OPTION_ARM:
		for (unsigned i = 0; i < TL_ARM_COUNT && !seen->arm; i++)
			options->arms[i] = false;
		seen->arm = true;
		return options_list("--arm", value, options_take_arm, options, why, why_size);
	case OPTION_INTERVAL:
		return options_duration("--interval", value, OPTIONS_MIN_INTERVAL_NS,
					&options->interval_ns, why, why_size);
	case OPTION_SAMPLES:
		seen->samples = options->samples_given = true;
		if (options_count(value, 1, OPTIONS_MAX_SAMPLES, &options->samples) < 0)
			return options_fail(why, why_size,
					    "--samples: \"%s\" is not a whole number from 1 to %llu",
					    value, OPTIONS_MAX_SAMPLES);
		return 0;
	case OPTION_DURATION:
		options->samples_given = true;
		return options_duration("--duration", value, 1, &options->duration_ns, why,
					why_size);
	case OPTION_WARMUP:
		options->warmup_given = true;
		if (options_count(value, 0, OPTIONS_MAX_SAMPLES, &options->warmup) < 0)
			return options_fail(why, why_size,
					    "--warmup: \"%s\" is not a whole number from 0 to %llu",
					    value, OPTIONS_MAX_SAMPLES);
		return 0;
	case OPTION_PRIORITY: {
		uint64_t priority;

		if (options_count(value, 1, 99, &priority) < 0)
			return options_fail(why, why_size,
					    "--priority: \"%s\" is not a priority from 1 to 99",
					    value);
		options->rt.priority = (int)priority;
		return 0;
	}
	case OPTION_CPU:
		return options_cpu(value, options, why, why_size);
	case OPTION_QUIET:
		options->quiet = true;
		return 0;
	}
	return options_fail(why, why_size, "internal: unhandled option %d", option);
}

static int options_unknown(int argc, char **argv, char *why, size_t why_size)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "?";

	if (optopt && optopt < OPTION_PATH)
		return options_fail(why, why_size, "run: unknown option -%c (see timerlab run --help)",
				    optopt);
	for (const struct option *o = options_long; o->name; o++)
		if (o->val == optopt && optopt)
			return options_fail(why, why_size, "run: --%s needs a value", o->name);
	return options_fail(why, why_size, "run: unknown option %s (see timerlab run --help)",
			    arg);
}

int tl_run_options_parse(int argc, char **argv, struct tl_run_options *options,
			 char *why, size_t why_size)
{
	struct options_seen seen = { false, false };
	int option, err;

	tl_run_options_defaults(options);
	optind = 0; /* glibc: 0 re-initialises, so the parser can run twice */
	opterr = 0;
	while ((option = getopt_long(argc, argv, ":", options_long, NULL)) != -1) {
		if (option == '?' || option == ':')
			return options_unknown(argc, argv, why, why_size);
		if (option == OPTION_HELP) {
			tl_run_usage(stdout);
			return 1;
		}
		err = options_one(option, optarg, options, &seen, why, why_size);
		if (err)
			return err;
	}
	if (optind < argc)
		return options_fail(why, why_size,
				    "run: unexpected argument \"%s\" (see timerlab run --help)",
				    argv[optind]);
	if (options->duration_ns) {
		if (seen.samples)
			return options_fail(why, why_size,
					    "run: give --samples or --duration, not both");
		if (options->duration_ns < options->interval_ns)
			return options_fail(why, why_size,
					    "--duration: shorter than one --interval");
		options->samples = (uint64_t)(options->duration_ns / options->interval_ns);
	}
	return 0;
}
