/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Latency over time, bounded: a block's samples fall in bins of 2^shift
 * consecutive samples, and each bin keeps the least and the largest latency
 * in it and the wake time of its last sample. A spike is never decimated
 * away (the bin's max is it), and a cell's bins, over all its rounds, stay
 * within TL_TIMELINE_MAX_BINS however many samples it has.
 *
 * The measuring child keeps its block's bins in its answer to the runner,
 * allocated and touched before the loop; the loop updates one bin per wake
 * (two compares and a store, no branch on whether anything is kept).
 */
#ifndef TL_TIMELINE_H
#define TL_TIMELINE_H

#include <stdint.h>

#define TL_TIMELINE_MAX_BINS 1000

struct tl_timeline_bin {
	int64_t end_ns; /* the wake time of the bin's last sample, cell's clock */
	int64_t min_ns;
	int64_t max_ns;
};

/* The least shift that puts samples in at most max_bins bins (max_bins >= 1). */
static inline unsigned tl_timeline_shift(uint64_t samples, uint64_t max_bins)
{
	unsigned shift = 0;

	while (shift < 63 &&
	       (samples >> shift) + !!(samples & ((UINT64_C(1) << shift) - 1)) > max_bins)
		shift++;
	return shift;
}

/* The bins samples fill at shift: ceil(samples / 2^shift). */
static inline uint64_t tl_timeline_bins(uint64_t samples, unsigned shift)
{
	return (samples >> shift) + !!(samples & ((UINT64_C(1) << shift) - 1));
}

/* Empty bins: no latency yet (min above max). */
static inline void tl_timeline_clear(struct tl_timeline_bin *bins, uint64_t count)
{
	for (uint64_t i = 0; i < count; i++)
		bins[i] = (struct tl_timeline_bin){ 0, INT64_MAX, INT64_MIN };
}

#endif
