/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hist-levels.h"

#include <math.h>

#define LEVELS_TICKS_PER_HALF 5

/* The next level after level, in percent: the step halves at every half
 * distance to 100 %. */
static double levels_next(double level)
{
	double halvings = floor(log2(100.0 / (100.0 - level)));

	return level + 100.0 / (LEVELS_TICKS_PER_HALF * pow(2.0, halvings + 1));
}

/* The nearest rank of level % among count values: ceil(level x count /
 * 100), at least 1. level is a sum of powers of two, so the product is
 * exact, and an exact quotient stays exact in long double. */
static uint64_t levels_rank(double level, uint64_t count)
{
	long double rank = ceill((long double)level * (long double)count / 100.0L);

	return rank < 1 ? 1 : (uint64_t)rank;
}

void tl_hist_levels(const struct tl_hist *hist, tl_hist_level_fn visit, void *context)
{
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;
	uint64_t total = hist->count, cumulative = 0;
	double level = 0;

	if (!total)
		return;
	tl_hist_iter_init(&iter, hist);
	while (cumulative < total && tl_hist_iter_next(&iter, &bucket)) {
		cumulative += bucket.count;
		while ((long double)cumulative * 100 >= (long double)level * total) {
			visit(context, level,
			      tl_hist_value_at_rank(hist, levels_rank(level, total)),
			      cumulative, false);
			level = levels_next(level);
			if (cumulative == total)
				break; /* the last value: one level, then 100 % */
		}
	}
	visit(context, 100.0, hist->max_ns, total, true);
}
