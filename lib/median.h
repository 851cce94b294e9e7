/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The median of a few replicates and a distribution-free confidence
 * interval for it, from order statistics: for n values, the interval from
 * the k-th smallest to the k-th largest covers the true median with
 * probability 1 - 2 P(B <= k - 1), B ~ Binomial(n, 1/2), whatever the
 * distribution (the values only need to be independent). The largest k
 * whose coverage is at least the level asked is taken, so the interval is
 * the narrowest that keeps its promise. With too few values (fewer than 6
 * for 95 %) no such interval exists, and it says so rather than pretend.
 */
#ifndef TL_MEDIAN_H
#define TL_MEDIAN_H

#include <stdbool.h>
#include <stddef.h>

struct tl_median {
	double median; /* 0 for no values */
	bool has_interval; /* false: too few values for the level */
	double low, high; /* the interval, when has_interval */
	double coverage; /* its exact coverage, >= the level asked */
	size_t rank; /* k: low is the k-th smallest, high the k-th largest */
};

/* Sort values in place and fill *out; level in (0, 1), e.g. 0.95. */
void tl_median_of(double *values, size_t count, double level, struct tl_median *out);

/* How an interval lies against an upper target (a ratio that must stay at
 * or below it): wholly at or under, wholly above, or across it. */
enum tl_target_verdict {
	TL_TARGET_MET,
	TL_TARGET_MISSED,
	TL_TARGET_UNRESOLVED, /* straddles it, or there is no interval */
};

enum tl_target_verdict tl_median_judge(const struct tl_median *median, double target);
const char *tl_target_verdict_name(enum tl_target_verdict verdict); /* "met", ... */

#endif
