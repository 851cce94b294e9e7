/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "stats.h"

#include <math.h>

void tl_welford_merge(struct tl_welford *into, const struct tl_welford *from)
{
	if (from->count == 0)
		return;
	if (into->count == 0) {
		*into = *from;
		return;
	}
	double n_a = (double)into->count, n_b = (double)from->count;
	double n = n_a + n_b, delta = from->mean - into->mean;

	into->mean += delta * n_b / n;
	into->m2 += from->m2 + delta * delta * n_a * n_b / n;
	into->count += from->count;
}

double tl_welford_stddev(const struct tl_welford *w)
{
	if (w->count < 2 || !(w->m2 > 0))
		return 0;
	return sqrt(w->m2 / (double)w->count);
}

void tl_stats_init(struct tl_stats *stats)
{
	*stats = (struct tl_stats){ .min_ns = INT64_MAX, .max_ns = INT64_MIN };
}

void tl_stats_reset_interval(struct tl_stats *stats)
{
	stats->has_last = false;
}

void tl_stats_merge(struct tl_stats *into, const struct tl_stats *from)
{
	if (from->samples == 0)
		return;
	into->samples += from->samples;
	if (from->min_ns < into->min_ns)
		into->min_ns = from->min_ns;
	if (from->max_ns > into->max_ns)
		into->max_ns = from->max_ns;
	tl_welford_merge(&into->latency, &from->latency);
	into->early += from->early;
	into->missed += from->missed;
	into->folded += from->folded;
	tl_welford_merge(&into->interval, &from->interval);
}
