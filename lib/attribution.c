/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "attribution.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define ATTRIBUTION_FIELDS (sizeof(struct tl_attribution) / sizeof(int64_t))

void tl_attribution_unknown(struct tl_attribution *counters)
{
	int64_t *field = (int64_t *)counters;

	for (size_t i = 0; i < ATTRIBUTION_FIELDS; i++)
		field[i] = -1;
}

static int64_t attribution_migrations(void)
{
	FILE *file = fopen("/proc/self/sched", "re");
	char line[256];
	int64_t value = -1;

	if (!file)
		return -1;
	while (fgets(line, sizeof(line), file)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "se.nr_migrations", 16) == 0 && colon) {
			value = strtoll(colon + 1, NULL, 10);
			break;
		}
	}
	fclose(file);
	return value;
}

/* The cpu-th number after the label of a per-CPU table's row, or -1. */
static int64_t attribution_cell(const char *row, int cpu)
{
	const char *p = strchr(row, ':');
	char *end;

	if (!p)
		return -1;
	p++;
	for (int column = 0;; column++) {
		long long value = strtoll(p, &end, 10);

		if (end == p)
			return -1;
		if (column == cpu)
			return value;
		p = end;
	}
}

/*
 * One pass over a per-CPU table (/proc/interrupts, /proc/softirqs): for
 * each prefix, the sum of the cpu-th column over the rows whose label
 * starts with it ("" for all rows). Rows with fewer columns (ERR, MIS) are
 * skipped. Reading these files costs tens of microseconds, so once each.
 */
static void attribution_columns(const char *path, int cpu, const char *const *prefixes,
				int64_t *sums, size_t count)
{
	FILE *file = fopen(path, "re");
	char *line = NULL;
	size_t size = 0;

	for (size_t i = 0; i < count; i++)
		sums[i] = -1;
	if (!file)
		return;
	if (getline(&line, &size, file) < 0) /* the CPUn header */
		goto out;
	while (getline(&line, &size, file) > 0) {
		const char *label = line + strspn(line, " ");
		int64_t value = attribution_cell(label, cpu);

		for (size_t i = 0; value >= 0 && i < count; i++)
			if (strncmp(label, prefixes[i], strlen(prefixes[i])) == 0)
				sums[i] = (sums[i] < 0 ? 0 : sums[i]) + value;
	}
out:
	free(line);
	fclose(file);
}

/* The 8th value of the "cpuN" line of /proc/stat, in USER_HZ ticks. */
static int64_t attribution_steal(int cpu)
{
	FILE *file = fopen("/proc/stat", "re");
	char line[512], name[16];
	int64_t steal = -1;
	long ticks_per_second = sysconf(_SC_CLK_TCK);

	if (!file)
		return -1;
	snprintf(name, sizeof(name), "cpu%d ", cpu);
	while (fgets(line, sizeof(line), file)) {
		unsigned long long v[8];

		if (strncmp(line, name, strlen(name)) != 0)
			continue;
		if (sscanf(line + strlen(name), "%llu %llu %llu %llu %llu %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8 &&
		    ticks_per_second > 0)
			steal = (int64_t)(v[7] * (1000000000ULL /
						  (unsigned long)ticks_per_second));
		break;
	}
	fclose(file);
	return steal;
}

void tl_attribution_read(int cpu, struct tl_attribution *counters)
{
	struct rusage usage;

	tl_attribution_unknown(counters);
	if (getrusage(RUSAGE_SELF, &usage) == 0) {
		counters->voluntary_switches = usage.ru_nvcsw;
		counters->involuntary_switches = usage.ru_nivcsw;
		counters->minor_faults = usage.ru_minflt;
		counters->major_faults = usage.ru_majflt;
	}
	counters->migrations = attribution_migrations();
	if (cpu < 0)
		return;
	static const char *const all[] = { "" }, *const timers[] = { "TIMER:",
								     "HRTIMER:" };
	int64_t softirqs[2];

	attribution_columns("/proc/interrupts", cpu, all, &counters->interrupts, 1);
	attribution_columns("/proc/softirqs", cpu, timers, softirqs, 2);
	counters->timer_softirqs = softirqs[0];
	counters->hrtimer_softirqs = softirqs[1];
	counters->steal_ns = attribution_steal(cpu);
}

void tl_attribution_delta(const struct tl_attribution *before,
			  const struct tl_attribution *after,
			  struct tl_attribution *delta)
{
	const int64_t *b = (const int64_t *)before, *a = (const int64_t *)after;
	int64_t *d = (int64_t *)delta;

	for (size_t i = 0; i < ATTRIBUTION_FIELDS; i++)
		d[i] = b[i] < 0 || a[i] < 0 ? -1 : a[i] - b[i];
}

void tl_attribution_add(struct tl_attribution *into, const struct tl_attribution *from)
{
	int64_t *i = (int64_t *)into;
	const int64_t *f = (const int64_t *)from;

	for (size_t k = 0; k < ATTRIBUTION_FIELDS; k++)
		i[k] = i[k] < 0 || f[k] < 0 ? -1 : i[k] + f[k];
}
