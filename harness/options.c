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
#include "args.h"
#include "checkpoint.h"
#include "load.h"
#include "options-lists.h"
#include "options-values.h"
#include "output.h"
#include "suite.h"

#define OPTIONS_MAX_SAMPLES 1000000000ULL

void tl_run_options_defaults(struct tl_run_options *options)
{
	memset(options, 0, sizeof(*options));
	for (unsigned i = 0; i < TL_ARM_COUNT; i++)
		options->arms[i] = true;
	options->intervals_ns[0] = TL_DEFAULT_INTERVAL_NS;
	options->interval_count = 1;
	options->samples = TL_DEFAULT_SAMPLES;
	options->rounds = TL_DEFAULT_ROUNDS;
	options->warmup = TL_DEFAULT_WARMUP;
	options->out = "reports";
	options->formats = tl_formats_default(TL_COMMAND_RUN);
	options->rt = (struct tl_rt_request){
		.policy = SCHED_FIFO,
		.priority = TL_DEFAULT_PRIORITY,
		.cpu = -1, /* the runner picks the last CPU */
		.mlock = true,
		.timer_slack_ns = -1,
	};
	options->dma_latency_us = 0; /* where /dev/cpu_dma_latency can be opened */
	tl_cpu_set_of_self(&options->cpus);
	options->samples_fd = -1;
	options->checkpoint_ns = TL_CHECKPOINT_DEFAULT_NS;
	options->trace_spikes = TL_DEFAULT_TRACE_SPIKES;
}

static int options_gate(struct tl_run_options *options, enum tl_gate_rule rule,
			const char *option, const char *value, char *why, size_t why_size)
{
	char reason[256];
	struct tl_gate *gate;

	if (options->gate_count == TL_MAX_GATES)
		return tl_args_fail(why, why_size, "%s: more than %d gates", option,
				    TL_MAX_GATES);
	gate = &options->gates[options->gate_count];
	gate->rule = rule;
	if (rule == TL_GATE_FAIL_ON_EARLY) {
		gate->pattern[0] = '\0';
		gate->limit_ns = 0;
	} else if (tl_gate_parse(value, gate, reason, sizeof(reason)) < 0) {
		return tl_args_fail(why, why_size, "%s: %s", option, reason);
	}
	options->gate_count++;
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
	OPTION_OUT,
	OPTION_FORMAT,
	OPTION_VARIANTS,
	OPTION_ROUNDS,
	OPTION_SUITE,
	OPTION_FAIL_ON_EARLY,
	OPTION_MAX_LATENCY,
	OPTION_MAX_P99,
	OPTION_POLICY,
	OPTION_NO_MLOCK,
	OPTION_DMA_LATENCY,
	OPTION_TIMER_SLACK,
	OPTION_DETAILS,
	OPTION_LOAD,
	OPTION_SMP,
	OPTION_CHECKS,
	OPTION_DESTRUCTIVE,
	OPTION_HIST_MAX,
	OPTION_CHECKPOINT,
	OPTION_TRACE_OVER,
	OPTION_TRACE_SPIKES,
	OPTION_KCIDB_ORIGIN,
	OPTION_KCIDB_BUILD_ID,
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
	{ "out", required_argument, NULL, OPTION_OUT },
	{ "format", required_argument, NULL, OPTION_FORMAT },
	{ "variants", required_argument, NULL, OPTION_VARIANTS },
	{ "rounds", required_argument, NULL, OPTION_ROUNDS },
	{ "suite", required_argument, NULL, OPTION_SUITE },
	{ "fail-on-early", no_argument, NULL, OPTION_FAIL_ON_EARLY },
	{ "max-latency", required_argument, NULL, OPTION_MAX_LATENCY },
	{ "max-p99", required_argument, NULL, OPTION_MAX_P99 },
	{ "policy", required_argument, NULL, OPTION_POLICY },
	{ "no-mlock", no_argument, NULL, OPTION_NO_MLOCK },
	{ "dma-latency", required_argument, NULL, OPTION_DMA_LATENCY },
	{ "timer-slack", required_argument, NULL, OPTION_TIMER_SLACK },
	{ "details", no_argument, NULL, OPTION_DETAILS },
	{ "load", required_argument, NULL, OPTION_LOAD },
	{ "smp", no_argument, NULL, OPTION_SMP },
	{ "checks", no_argument, NULL, OPTION_CHECKS },
	{ "destructive", no_argument, NULL, OPTION_DESTRUCTIVE },
	{ "hist-max", required_argument, NULL, OPTION_HIST_MAX },
	{ "checkpoint", required_argument, NULL, OPTION_CHECKPOINT },
	{ "trace-over", required_argument, NULL, OPTION_TRACE_OVER },
	{ "trace-spikes", required_argument, NULL, OPTION_TRACE_SPIKES },
	TL_OUTPUT_KCIDB_OPTIONS(OPTION_KCIDB_ORIGIN, OPTION_KCIDB_BUILD_ID),
	{ "help", no_argument, NULL, OPTION_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Options given so far, where a second use adds to the first. */
/*
 * Options given so far in one layer (the suite, then the command line).
 * The first use of a list option in a layer replaces what an earlier layer
 * set; later uses in the same layer add to it.
 */
struct options_seen {
	bool samples;
	bool duration;
	bool path;
	bool clock;
	bool arm;
	bool interval;
	bool format;
};

static int options_one(int option, const char *value, struct tl_run_options *options,
		       struct options_seen *seen, char *why, size_t why_size)
{
	switch (option) {
	case OPTION_PATH:
		if (!seen->path)
			options->spec_count = 0;
		seen->path = true;
		return tl_run_options_add_paths(value, options, why, why_size);
	case OPTION_CLOCK:
		if (!seen->clock)
			options->clock_count = 0, options->clocks_all = false;
		seen->clock = true;
		return tl_run_options_add_clocks(value, options, why, why_size);
	case OPTION_ARM:
		for (unsigned i = 0; i < TL_ARM_COUNT && !seen->arm; i++)
			options->arms[i] = false;
		seen->arm = true;
		return tl_run_options_add_arms(value, options, why, why_size);
	case OPTION_INTERVAL:
		if (!seen->interval)
			options->interval_count = 0;
		seen->interval = true;
		return tl_run_options_add_intervals(value, options, why, why_size);
	case OPTION_SAMPLES:
		seen->samples = options->samples_given = true;
		options->duration_ns = 0;
		if (tl_args_count(value, 1, OPTIONS_MAX_SAMPLES, &options->samples) < 0)
			return tl_args_fail(
				why, why_size,
				"--samples: \"%s\" is not a whole number from 1 to %llu",
				value, OPTIONS_MAX_SAMPLES);
		return 0;
	case OPTION_DURATION:
		seen->duration = options->samples_given = true;
		return tl_args_duration("--duration", value, 1, TL_PLAN_MAX_NS,
					&options->duration_ns, why, why_size);
	case OPTION_WARMUP:
		options->warmup_given = true;
		if (tl_args_count(value, 0, OPTIONS_MAX_SAMPLES, &options->warmup) < 0)
			return tl_args_fail(
				why, why_size,
				"--warmup: \"%s\" is not a whole number from 0 to %llu",
				value, OPTIONS_MAX_SAMPLES);
		return 0;
	case OPTION_PRIORITY:
		return tl_options_priority(value, options, why, why_size);
	case OPTION_CPU:
		return tl_options_cpu(value, options, why, why_size);
	case OPTION_QUIET:
		options->quiet = true;
		return 0;
	case OPTION_OUT:
		if (!value[0])
			return tl_args_fail(why, why_size, "--out: empty folder name");
		options->out = value;
		return 0;
	case OPTION_FORMAT:
		seen->format = true;
		return tl_formats_parse(value, TL_COMMAND_RUN, &options->formats, why,
					why_size);
	case OPTION_VARIANTS:
		if (strcmp(value, "all") != 0 && strcmp(value, "default") != 0)
			return tl_args_fail(
				why, why_size,
				"--variants: \"%s\" is neither all nor default", value);
		options->all_variants = strcmp(value, "all") == 0;
		return 0;
	case OPTION_ROUNDS:
		options->rounds_given = true;
		if (tl_args_count(value, 1, 1000, &options->rounds) < 0)
			return tl_args_fail(
				why, why_size,
				"--rounds: \"%s\" is not a whole number from 1 to 1000",
				value);
		return 0;
	case OPTION_SUITE:
		return 0; /* applied before the command line, in tl_run_options_parse */
	case OPTION_POLICY:
		return tl_options_policy(value, options, why, why_size);
	case OPTION_NO_MLOCK:
		options->rt.mlock = false;
		return 0;
	case OPTION_DMA_LATENCY:
		return tl_options_dma_latency(value, options, why, why_size);
	case OPTION_TIMER_SLACK: {
		uint64_t ns;

		if (tl_args_count(value, 0, 4000000000ULL, &ns) < 0)
			return tl_args_fail(
				why, why_size,
				"--timer-slack: \"%s\" is not nanoseconds from 0 to 4000000000",
				value);
		options->rt.timer_slack_ns = (int64_t)ns;
		return 0;
	}
	case OPTION_DETAILS:
		options->details = true;
		return 0;
	case OPTION_LOAD:
		options->load = value;
		return tl_load_check(value, why, why_size);
	case OPTION_SMP:
		options->smp = true;
		return 0;
	case OPTION_CHECKS:
		options->checks = true;
		return 0;
	case OPTION_DESTRUCTIVE:
		options->destructive = true;
		return 0;
	case OPTION_HIST_MAX: {
		uint64_t us;

		if (tl_args_count(value, 1, TL_HIST_MAX_US_LIMIT, &us) < 0)
			return tl_args_fail(
				why, why_size,
				"--hist-max: \"%s\" is not microseconds from 1 to %d",
				value, TL_HIST_MAX_US_LIMIT);
		options->render.hist_max_us = (int64_t)us;
		return 0;
	}
	case OPTION_CHECKPOINT:
		options->checkpoint_given = true;
		return tl_checkpoint_parse(value, &options->checkpoint_ns, why, why_size);
	case OPTION_TRACE_OVER:
		return tl_options_trace_over(value, options, why, why_size);
	case OPTION_TRACE_SPIKES:
		return tl_options_trace_spikes(value, options, why, why_size);
	case OPTION_KCIDB_ORIGIN:
		return tl_output_kcidb_origin(&options->render, value, why, why_size);
	case OPTION_KCIDB_BUILD_ID:
		return tl_output_kcidb_build_id(&options->render, value, why, why_size);
	case OPTION_FAIL_ON_EARLY:
		return options_gate(options, TL_GATE_FAIL_ON_EARLY, "--fail-on-early",
				    value, why, why_size);
	case OPTION_MAX_LATENCY:
		return options_gate(options, TL_GATE_MAX_LATENCY, "--max-latency", value,
				    why, why_size);
	case OPTION_MAX_P99:
		return options_gate(options, TL_GATE_MAX_P99, "--max-p99", value, why,
				    why_size);
	}
	return tl_args_fail(why, why_size, "internal: unhandled option %d", option);
}

/* Parse one layer of options (a suite's, or the command line's) over what
 * earlier layers set. */
static int options_layer(int argc, char **argv, struct tl_run_options *options,
			 struct options_seen *seen, char *why, size_t why_size)
{
	int option, err;

	optind = 0; /* glibc: 0 re-initialises, so the parser can run twice */
	opterr = 0;
	while ((option = getopt_long(argc, argv, ":", options_long, NULL)) != -1) {
		if (option == '?' || option == ':')
			return tl_args_unknown("run", argc, argv, options_long, why,
					       why_size);
		if (option == OPTION_HELP) {
			tl_run_usage(stdout);
			return 1;
		}
		err = options_one(option, optarg, options, seen, why, why_size);
		if (err)
			return err;
	}
	if (optind < argc)
		return tl_args_fail(
			why, why_size,
			"run: unexpected argument \"%s\" (see timerlab run --help)",
			argv[optind]);
	return 0;
}

/* A suite is a layer of options under the command line. */
static int options_suite(const char *suite, struct tl_run_options *options, char *why,
			 size_t why_size)
{
	struct options_seen seen = { 0 };
	struct tl_suite_args args;
	char reason[512];
	int err;

	err = tl_suite_args(suite, &args, reason, sizeof(reason));
	if (err)
		return tl_args_fail(why, why_size, "--suite: %s", reason);
	err = options_layer(args.argc, args.argv, options, &seen, reason, sizeof(reason));
	if (err < 0)
		tl_suite_reason(suite, reason, why, why_size);
	tl_suite_args_free(&args);
	options->suite = suite;
	return err < 0 ? err : 0;
}

int tl_run_options_parse(int argc, char **argv, struct tl_run_options *options, char *why,
			 size_t why_size)
{
	struct options_seen seen = { 0 };
	const char *suite = tl_suite_named(argc, argv);
	int err;

	tl_run_options_defaults(options);
	if (suite && (err = options_suite(suite, options, why, why_size)) < 0)
		return err;
	err = options_layer(argc, argv, options, &seen, why, why_size);
	if (err)
		return err;
	/* only JSON can go to stdout, so --out - alone means JSON */
	if (strcmp(options->out, "-") == 0 && !seen.format)
		options->formats = tl_format_bit("json");
	if (options->smp && options->rt.cpu >= 0)
		return tl_args_fail(why, why_size,
				    "run: --smp runs on every CPU: drop --cpu");
	/* the clock it would set is the host's: never without asking twice */
	if (options->destructive && !options->checks)
		return tl_args_fail(
			why, why_size,
			"run: --destructive is for the checks: give --checks too");
	if (tl_output_formats_complete(options->formats, &options->render, why,
				       why_size) < 0)
		return -EINVAL;
	if (seen.samples && seen.duration)
		return tl_args_fail(why, why_size,
				    "run: give --samples or --duration, not both");
	if (tl_options_trace_check(options, why, why_size) < 0)
		return -EINVAL;
	for (size_t i = 0; options->duration_ns && i < options->interval_count; i++)
		if (options->duration_ns < options->intervals_ns[i])
			return tl_args_fail(why, why_size,
					    "--duration: shorter than one --interval");
	return 0;
}
