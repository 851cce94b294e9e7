/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Log-linear latency histogram (the HdrHistogram / fio layout).
 *
 * Range: 0 ns to TL_HIST_MAX_NS = 2^38 - 1 ns (274.9 s) in buckets. Values up
 * to 255 ns have a bucket each (exact). Above, each power of two [2^e, 2^e+1)
 * is split into 128 equal buckets, so a bucket is at most 1/128 of its lower
 * bound wide.
 *
 * Error bound: a percentile is reported as the midpoint of the bucket holding
 * the value of that rank, clamped to the recorded minimum and maximum, so it
 * is within 1/256 (0.39 %) of the exact value, and exact below 256 ns and at
 * the 0th and 100th percentile.
 *
 * Outside the range: negative values (early wakeups) are counted apart with
 * their minimum; values above TL_HIST_MAX_NS are counted apart with their
 * maximum. Both still count in the percentiles, at those extremes.
 *
 * Memory: TL_HIST_BUCKETS x 8 bytes = 32 KiB of counts, plus 64 bytes; no
 * allocation, so it can live on a locked stack or in a pipe message.
 * Recording is O(1): a count-leading-zeros, a shift and an add.
 */
#ifndef TL_HIST_H
#define TL_HIST_H

#include <stdbool.h>
#include <stdint.h>

#define TL_HIST_SUB_BITS 7
#define TL_HIST_SUB_BUCKETS (1 << TL_HIST_SUB_BITS) /* 128 per power of two */
#define TL_HIST_TOP_BIT 37 /* highest bit of a value */
#define TL_HIST_MAX_NS ((INT64_C(1) << (TL_HIST_TOP_BIT + 1)) - 1)
#define TL_HIST_BUCKETS                                                                  \
	(2 * TL_HIST_SUB_BUCKETS +                                                       \
	 (TL_HIST_TOP_BIT - TL_HIST_SUB_BITS) * TL_HIST_SUB_BUCKETS)

struct tl_hist {
	uint64_t count; /* every value recorded, in range or not */
	int64_t min_ns;
	int64_t max_ns;
	uint64_t below_count; /* negative values */
	int64_t below_min_ns;
	uint64_t above_count; /* values above TL_HIST_MAX_NS */
	int64_t above_max_ns;
	uint64_t buckets[TL_HIST_BUCKETS];
};

/* One bucket as the iterator gives it: every value v with low <= v <= high. */
struct tl_hist_bucket {
	int64_t low_ns;
	int64_t high_ns;
	uint64_t count;
};

struct tl_hist_iter {
	const struct tl_hist *hist;
	int position; /* -1: below, 0..TL_HIST_BUCKETS-1, TL_HIST_BUCKETS: above */
};

void tl_hist_init(struct tl_hist *hist);

static inline unsigned tl_hist_index(int64_t value_ns)
{
	uint64_t v = (uint64_t)value_ns;

	if (v < 2 * TL_HIST_SUB_BUCKETS)
		return (unsigned)v;
	unsigned top = 63u - (unsigned)__builtin_clzll(v);
	unsigned shift = top - TL_HIST_SUB_BITS;
	return shift * TL_HIST_SUB_BUCKETS + (unsigned)(v >> shift);
}

/* Record one value; true if it fell in a bucket, false if counted apart. */
static inline bool tl_hist_record(struct tl_hist *hist, int64_t value_ns)
{
	hist->count++;
	if (value_ns < hist->min_ns)
		hist->min_ns = value_ns;
	if (value_ns > hist->max_ns)
		hist->max_ns = value_ns;
	if (value_ns < 0) {
		hist->below_count++;
		if (value_ns < hist->below_min_ns)
			hist->below_min_ns = value_ns;
		return false;
	}
	if (value_ns > TL_HIST_MAX_NS) {
		hist->above_count++;
		if (value_ns > hist->above_max_ns)
			hist->above_max_ns = value_ns;
		return false;
	}
	hist->buckets[tl_hist_index(value_ns)]++;
	return true;
}

/* The bounds of bucket index; -EINVAL if there is no such bucket. */
int tl_hist_bucket_bounds(unsigned index, int64_t *low_ns, int64_t *high_ns);

void tl_hist_merge(struct tl_hist *into, const struct tl_hist *from);

/*
 * Percentiles are given in parts per million, so that every rank is integer
 * arithmetic: 99.9 / 100.0 is 0.9990000000000001 in binary floating point,
 * which makes ceil() pick the rank after the right one (at 1000 samples,
 * p99.9 would be the maximum). The ones timerlab reports:
 */
#define TL_PPM_MAX UINT32_C(1000000)
#define TL_P50 UINT32_C(500000)
#define TL_P90 UINT32_C(900000)
#define TL_P99 UINT32_C(990000)
#define TL_P999 UINT32_C(999000)
#define TL_P9999 UINT32_C(999900)

/*
 * The nearest rank of percentile ppm among count values: ceil(ppm x count /
 * 10^6), at least 1 and at most count (0 when count is 0). ppm above
 * TL_PPM_MAX counts as TL_PPM_MAX. Exact for every count.
 */
uint64_t tl_hist_rank(uint64_t count, uint32_t ppm);

/*
 * The value at tl_hist_rank(count, ppm), as the error bound above says.
 * Ranks among the values below range give their minimum, ranks above range
 * their maximum. 0 when the histogram is empty; ppm 0 gives the minimum.
 */
int64_t tl_hist_percentile(const struct tl_hist *hist, uint32_t ppm);

/* The value of the rank-th smallest value (1-based), as tl_hist_percentile
 * gives it; 0 for rank 0 or an empty histogram, the maximum past the end. */
int64_t tl_hist_value_at_rank(const struct tl_hist *hist, uint64_t rank);

/* The value a bucket stands for, as the percentiles give it: its midpoint
 * clamped to the recorded extremes; below range its minimum, above range
 * its maximum. */
int64_t tl_hist_bucket_value(const struct tl_hist *hist,
			     const struct tl_hist_bucket *bucket);

/* Non-empty buckets in increasing order: below range, buckets, above range.
 * The below bucket is [below_min, -1], the above one [MAX + 1, above_max]. */
void tl_hist_iter_init(struct tl_hist_iter *iter, const struct tl_hist *hist);
bool tl_hist_iter_next(struct tl_hist_iter *iter, struct tl_hist_bucket *bucket);

/*
 * Add count values of one bucket as the iterator gave it (to rebuild a
 * histogram from its saved form). The bounds must be one bucket's exactly,
 * or a below/above range; -EINVAL otherwise. min/max become the bucket
 * bounds when they extend the recorded ones: callers that saved the exact
 * min and max set them afterwards.
 */
int tl_hist_add_bucket(struct tl_hist *hist, const struct tl_hist_bucket *bucket);

#endif
