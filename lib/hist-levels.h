/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A histogram's latency-by-percentile curve at HdrHistogram's levels: 5 per
 * half distance to 100 % (10 % steps to 50 %, 5 % to 75 %, 2.5 % to
 * 87.5 % ...), each level's value its nearest-rank value as the result's
 * percentiles have it, so that the 50 % and 90 % levels are p50 and p90.
 * The .hgrm writer and the HTML report's percentile plots walk the same
 * curve.
 */
#ifndef TL_HIST_LEVELS_H
#define TL_HIST_LEVELS_H

#include <stdbool.h>
#include <stdint.h>

#include "hist.h"

/*
 * Called for each level, in increasing order: the level in percent, its
 * value, and the count up to that value's bucket (HdrHistogram's
 * TotalCount). The last value gets one level; then comes the 100 % level
 * with the maximum, last set.
 */
typedef void (*tl_hist_level_fn)(void *context, double level, int64_t value_ns,
				 uint64_t cumulative, bool last);

/* Nothing for an empty histogram. */
void tl_hist_levels(const struct tl_hist *hist, tl_hist_level_fn visit, void *context);

#endif
