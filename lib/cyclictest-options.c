/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cyclictest-options.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time.h"

/* cyclictest's short options that take a value, and those that may. */
static const char short_required[] = "bcdDFhHilop";
static const char short_optional[] = "aAt";
/* Its long options that take a value (given as --name=value or --name value). */
static const char *const long_required[] = {
	"breaktrace",	"clock",    "distance", "duration", "fifo",    "histogram",
	"histofall",	"histfile", "interval", "json",	    "latency", "loops",
	"mainaffinity", "oscope",   "priority", "policy",   "spike",   "spike-nodes",
};

/* The long names of the short options compare reads. */
static const struct {
	const char *name;
	char letter;
} long_letters[] = {
	{ "affinity", 'a' },  { "clock", 'c' },	    { "distance", 'd' },
	{ "histogram", 'h' }, { "histofall", 'H' }, { "interval", 'i' },
	{ "nsecs", 'N' },     { "priority", 'p' },  { "relative", 'r' },
	{ "system", 's' },    { "smp", 'S' },	    { "posix_timers", 'x' },
};

static bool options_number(const char *text, long long *value)
{
	char *end;

	if (!text || !*text)
		return false;
	*value = strtoll(text, &end, 10);
	return *end == '\0' && *value >= 0;
}

static int options_cpu_order(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* "3-5,0" into the set. cyclictest keeps it as a CPU mask, so threads go
 * round-robin over its CPUs in increasing order: 0, 3, 4, 5. */
static int options_cpuset(const char *text, struct tl_cyclictest_options *options)
{
	size_t kept = 0;

	options->cpu_count = 0;
	for (const char *at = text; *at;) {
		char *end;
		long low = strtol(at, &end, 10), high = low;

		/* a CPU is an int: beyond it, cpu++ below would overflow */
		if (end == at || low < 0 || low > INT_MAX)
			return -EINVAL;
		if (*end == '-') {
			at = end + 1;
			high = strtol(at, &end, 10);
			if (end == at || high < low || high > INT_MAX)
				return -EINVAL;
		}
		for (long cpu = low; cpu <= high; cpu++) {
			if (options->cpu_count == TL_CYCLICTEST_CPUS)
				return -EINVAL;
			options->cpus[options->cpu_count++] = (int)cpu;
		}
		at = end + (*end == ',');
		if (*end && *end != ',')
			return -EINVAL;
	}
	qsort(options->cpus, options->cpu_count, sizeof(options->cpus[0]),
	      options_cpu_order);
	for (size_t i = 0; i < options->cpu_count; i++)
		if (!kept || options->cpus[kept - 1] != options->cpus[i])
			options->cpus[kept++] = options->cpus[i];
	options->cpu_count = kept;
	return 0;
}

static int options_apply(char letter, const char *value,
			 struct tl_cyclictest_options *options, char *why,
			 size_t why_size)
{
	long long number = 0;
	bool numeric = options_number(value, &number);

	switch (letter) {
	case 'a':
		options->pinned = true;
		if (value && options_cpuset(value, options) < 0)
			break;
		return 0;
	case 'S':
		options->pinned = true;
		options->cpu_count = 0;
		return 0;
	case 'c':
		if (!numeric || number > 1)
			break;
		options->clock = (int)number;
		return 0;
	case 'd':
	case 'i':
		if (!numeric || number > 60 * 1000 * 1000)
			break;
		*(letter == 'd' ? &options->distance_us : &options->interval_us) = number;
		return 0;
	case 'h':
	case 'H':
		options->histogram = true;
		return 0;
	case 'p':
		if (!numeric || number > 99)
			break;
		options->priority = (int)number;
		return 0;
	case 'N':
		options->nsecs = true;
		return 0;
	case 'r':
		options->relative = true;
		return 0;
	case 's':
		options->system = true;
		return 0;
	case 'x':
		options->posix_timers = true;
		return 0;
	default:
		return 0; /* does not change what is measured */
	}
	snprintf(why, why_size, "cyclictest -%c: \"%s\" is not a value cyclictest takes",
		 letter, value ? value : "");
	return -EINVAL;
}

static bool options_long_required(const char *name, size_t length)
{
	for (size_t i = 0; i < sizeof(long_required) / sizeof(long_required[0]); i++)
		if (strlen(long_required[i]) == length &&
		    strncmp(long_required[i], name, length) == 0)
			return true;
	return false;
}

/* One --name[=value] word; *used is set when it took the next word. */
static int options_long(const char *word, const char *next, bool *used,
			struct tl_cyclictest_options *options, char *why, size_t why_size)
{
	const char *name = word + 2, *equals = strchr(name, '=');
	size_t length = equals ? (size_t)(equals - name) : strlen(name);
	const char *value = equals ? equals + 1 : NULL;

	if (!equals && options_long_required(name, length)) {
		value = next;
		*used = next != NULL;
	}
	if (length == 6 && strncmp(name, "policy", 6) == 0) {
		snprintf(options->policy, sizeof(options->policy), "%s",
			 value ? value : "");
		return 0;
	}
	for (size_t i = 0; i < sizeof(long_letters) / sizeof(long_letters[0]); i++)
		if (strlen(long_letters[i].name) == length &&
		    strncmp(long_letters[i].name, name, length) == 0)
			return options_apply(long_letters[i].letter, value, options, why,
					     why_size);
	return 0;
}

/* One -abc word: flags, then perhaps a letter whose value follows. */
static int options_short(const char *word, const char *next, bool *used,
			 struct tl_cyclictest_options *options, char *why,
			 size_t why_size)
{
	for (const char *at = word + 1; *at; at++) {
		const char *value = NULL;

		if (strchr(short_required, *at)) {
			value = at[1] ? at + 1 : next;
			*used = !at[1] && next;
		} else if (strchr(short_optional, *at)) {
			/* as cyclictest does: a following word that atoi() reads
			 * as a number other than 0 ("-a 3-5,0") */
			value = at[1] ? at + 1 : NULL;
			if (!at[1] && next && atoi(next) > 0) {
				value = next;
				*used = true;
			}
		}
		if (options_apply(*at, value, options, why, why_size) < 0)
			return -EINVAL;
		if (value)
			return 0;
	}
	return 0;
}

int tl_cyclictest_options_parse(const char *command_line,
				struct tl_cyclictest_options *options, char *why,
				size_t why_size)
{
	char *copy = strdup(command_line), *save = NULL, *word, *next;
	int err = 0;

	memset(options, 0, sizeof(*options));
	options->interval_us = 1000;
	options->distance_us = 500;
	options->priority = -1;
	if (!copy)
		return -ENOMEM;
	word = strtok_r(copy, " \t\n", &save);
	while (word && !err) {
		bool used = false;

		next = strtok_r(NULL, " \t\n", &save);
		if (strncmp(word, "--", 2) == 0)
			err = options_long(word, next, &used, options, why, why_size);
		else if (word[0] == '-' && word[1])
			err = options_short(word, next, &used, options, why, why_size);
		word = used ? strtok_r(NULL, " \t\n", &save) : next;
	}
	free(copy);
	return err;
}

void tl_cyclictest_cell_of(const struct tl_cyclictest_options *options, size_t thread,
			   struct tl_cyclictest_cell *cell)
{
	int64_t interval_us = options->interval_us;
	char interval[32];

	if (!options->histogram)
		interval_us += (int64_t)thread * options->distance_us;
	cell->interval_ns = interval_us * TL_NS_PER_US;
	cell->path = options->system	     ? "cyclictest-system"
		     : options->posix_timers ? "posix-timer"
					     : "clock-nanosleep";
	cell->variant = options->posix_timers && !options->system ? "thread-id" : NULL;
	cell->signal = cell->variant ? "alrm" : NULL;
	cell->clock = options->clock == 1 ? "realtime" : "monotonic";
	/* a posix timer is armed once with its interval, the first expiry
	 * absolute: timerlab's periodic */
	cell->arm = options->relative ? "rel" : cell->variant ? "periodic" : "abs";
	cell->cpu = -1;
	if (options->pinned)
		cell->cpu = options->cpu_count
				    ? options->cpus[thread % options->cpu_count]
				    : (int)thread;
	tl_duration_format(cell->interval_ns, interval, sizeof(interval));
	snprintf(cell->key, sizeof(cell->key), "%s%s%s%s%s/%s/%s@%s", cell->path,
		 cell->variant ? ":" : "", cell->variant ? cell->variant : "",
		 cell->signal ? ":" : "", cell->signal ? cell->signal : "", cell->clock,
		 cell->arm, interval);
}

/* Quadratic in the threads, not worse: a capture may hold 256 of them. */
int tl_cyclictest_cells(const struct tl_cyclictest_options *options, size_t count,
			struct tl_cyclictest_cell *cells)
{
	/* per thread: its key's first thread; per first thread: how many
	 * share the key, and whether their CPUs differ */
	struct {
		size_t first, members;
		bool cpus_distinct;
	} *keys = calloc(count ? count : 1, sizeof(*keys));

	if (!keys)
		return -ENOMEM;
	for (size_t t = 0; t < count; t++) {
		tl_cyclictest_cell_of(options, t, &cells[t]);
		keys[t].first = t;
		keys[t].cpus_distinct = options->pinned;
		for (size_t u = 0; u < t && keys[t].first == t; u++)
			if (strcmp(cells[u].key, cells[t].key) == 0)
				keys[t].first = keys[u].first;
		keys[keys[t].first].members++;
		for (size_t u = 0; u < t; u++)
			if (keys[u].first == keys[t].first &&
			    cells[u].cpu == cells[t].cpu)
				keys[keys[t].first].cpus_distinct = false;
	}
	for (size_t t = 0; t < count; t++) {
		size_t first = keys[t].first, length = strlen(cells[t].key);
		char *suffix = cells[t].key + length;

		if (keys[first].members > 1 && keys[first].cpus_distinct)
			snprintf(suffix, sizeof(cells[t].key) - length, "/cpu%d",
				 cells[t].cpu);
		else if (keys[first].members > 1)
			snprintf(suffix, sizeof(cells[t].key) - length, "/thread%zu", t);
	}
	free(keys);
	return 0;
}
