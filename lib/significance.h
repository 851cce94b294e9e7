/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tests `timerlab compare` makes, kept apart from what they are applied
 * to: the Mann-Whitney U test of two small sets of replicates (exact, ties
 * included, for the few rounds a result has), the Benjamini-Hochberg
 * adjustment of many p-values at once, and an exact test of two event
 * counts (missed, early) against their exposures.
 *
 * Why these. A result's wakeups are autocorrelated (a busy host delays a run
 * of them), so a test over wakeups calls every drift of a shared machine a
 * change; the independent replicates are the rounds, each a block measured
 * in a child of its own. There are few of them (4 by default), too few to
 * trust a normal approximation or a bootstrap, so the test is rank-based
 * and exact: with n and m rounds no p-value below 2 / C(n + m, n) exists
 * (4 and 4: 2/70 = 0.029; 3 and 3: 0.1), and tl_mann_whitney_min_p says so.
 */
#ifndef TL_SIGNIFICANCE_H
#define TL_SIGNIFICANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Two-sided Mann-Whitney U test (the Wilcoxon rank-sum test) of a against b.
 * Ties take their mid-rank. The p-value is exact (the permutation
 * distribution of the rank sum, ties as they are) while C(n + m, n) stays
 * small enough to count, and from the normal approximation with tie and
 * continuity corrections beyond (n + m > 60). p is 1 when every value ties;
 * -EINVAL when a side is empty, -ENOMEM.
 */
struct tl_mann_whitney {
	double u; /* U of a: the pairs (a_i, b_j) with a_i > b_j, ties a half */
	double p;
	bool exact;
};

int tl_mann_whitney(const double *a, size_t a_count, const double *b, size_t b_count,
		    struct tl_mann_whitney *result);

/* The smallest two-sided p the exact test can reach with these counts: both
 * extremes of the rank sum, 2 / C(n + m, n). */
double tl_mann_whitney_min_p(size_t a_count, size_t b_count);

/*
 * Benjamini-Hochberg: adjusted[i] = min over the p-values ranked at or
 * after p[i] of p x count / rank, at most 1; a test is significant at false
 * discovery rate q when its adjusted p is below q. When nothing changed at
 * all, the chance of any significant test is at most q (for independent or
 * positively dependent tests, as cells measured in the same rounds are).
 * p and adjusted may be the same array. -ENOMEM.
 */
int tl_benjamini_hochberg(const double *p, size_t count, double *adjusted);

/*
 * Exact two-sided test that two counts of rare events come from one rate:
 * base events over base_exposure (deadlines, say) against new ones over
 * new_exposure. Given their sum, the new count is binomial with the new
 * exposure's share as probability; p is twice the smaller tail, at most 1.
 * 1 when there is no event or an exposure is not positive.
 */
double tl_poisson_compare(uint64_t base_count, double base_exposure, uint64_t new_count,
			  double new_exposure);

/* P(X >= k) for X ~ Binomial(n, q), summed from where the terms fall. */
double tl_binomial_upper(uint64_t k, uint64_t n, double q);

#endif
