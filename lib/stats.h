/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Streaming statistics of one block of wakeups: count, min, max, mean and
 * stddev of latency (Welford's update, merged with Chan et al.'s formula),
 * early wakeups, missed and folded deadlines, and interval jitter.
 *
 * Interval jitter is the stddev of (wake k - wake k-1) - (deadline k -
 * deadline k-1) over consecutive wakeups of one block, each wake taken
 * against the deadline its latency is measured from. That difference is
 * latency k - latency k-1, so a wake that served several deadlines adds
 * only how much later it was, never (served - 1) intervals. A block is one
 * round of one cell, so the jitter resets at every round; merged blocks
 * pool their jitter samples without a pair that spans two blocks.
 *
 * Everything is exact integer arithmetic except the Welford moments, which
 * are doubles (ns values up to 2^53 are exact). No NaN is ever produced: with
 * 0 or 1 samples the stddev is 0.
 */
#ifndef TL_STATS_H
#define TL_STATS_H

#include <stdbool.h>
#include <stdint.h>

struct tl_welford {
	uint64_t count;
	double mean;
	double m2; /* sum of squared deviations from the mean */
};

struct tl_stats {
	uint64_t samples;
	int64_t min_ns;
	int64_t max_ns;
	struct tl_welford latency;
	uint64_t early; /* wakeups before their deadline */
	uint64_t missed; /* deadlines that had passed at a wake serving an older one */
	/* deadlines a wake served that fell after its wake time: the kernel
	 * counted them between the wake and the read of its count (timerfd
	 * poll and epoll); neither samples nor missed */
	uint64_t folded;
	struct tl_welford interval; /* latency k - latency k-1 */
	int64_t last_latency_ns;
	bool has_last;
};

static inline void tl_welford_add(struct tl_welford *w, double x)
{
	double delta = x - w->mean;

	w->count++;
	w->mean += delta / (double)w->count;
	w->m2 += delta * (x - w->mean);
}

void tl_welford_merge(struct tl_welford *into, const struct tl_welford *from);
/* Population stddev; 0 for fewer than two values. */
double tl_welford_stddev(const struct tl_welford *w);

void tl_stats_init(struct tl_stats *stats);

/* One wakeup: its latency and the deadlines it missed and folded. */
static inline void tl_stats_record(struct tl_stats *stats, int64_t latency_ns,
				   uint64_t missed, uint64_t folded)
{
	stats->samples++;
	if (latency_ns < stats->min_ns)
		stats->min_ns = latency_ns;
	if (latency_ns > stats->max_ns)
		stats->max_ns = latency_ns;
	tl_welford_add(&stats->latency, (double)latency_ns);
	stats->early += latency_ns < 0;
	stats->missed += missed;
	stats->folded += folded;
	if (stats->has_last)
		tl_welford_add(&stats->interval,
			       (double)(latency_ns - stats->last_latency_ns));
	stats->last_latency_ns = latency_ns;
	stats->has_last = true;
}

/* Start a new round: the next wakeup has no predecessor for the jitter. */
void tl_stats_reset_interval(struct tl_stats *stats);

void tl_stats_merge(struct tl_stats *into, const struct tl_stats *from);

#endif
