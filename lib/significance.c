/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "significance.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Past this many values the permutation counts cost more than they give:
 * the normal approximation is then within a few percent of p. */
#define SIGNIFICANCE_EXACT_MAX 60

struct ranked {
	double value;
	bool first; /* from the first sample */
};

static int ranked_order(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->value,
	       y = ((const struct ranked *)b)->value;

	return (x > y) - (x < y);
}

/*
 * Doubled mid-ranks (integers: a tie group over ranks i+1 .. j+1 takes
 * i + j + 2) into rank[], in sorted order; returns the sum over ties of
 * t^3 - t, which the normal approximation needs.
 */
static double significance_ranks(const struct ranked *sorted, size_t count,
				 unsigned *rank)
{
	double ties = 0;

	for (size_t i = 0, j; i < count; i = j + 1) {
		double t;

		for (j = i; j + 1 < count && sorted[j + 1].value == sorted[i].value; j++)
			;
		for (size_t k = i; k <= j; k++)
			rank[k] = (unsigned)(i + j + 2);
		t = (double)(j - i + 1);
		ties += t * t * t - t;
	}
	return ties;
}

/*
 * The exact two-sided p of doubled rank sum observed for the `chosen`
 * values of the first sample: the share of the C(count, chosen) ways to
 * pick that many ranks whose sum lies at least as far from its mean.
 */
static int significance_exact(const unsigned *rank, size_t count, size_t chosen,
			      unsigned long long observed, double *p)
{
	size_t top = (size_t)count * (count + 1);
	double *ways = calloc((chosen + 1) * (top + 1), sizeof(*ways)), total = 0,
	       tail = 0;
	long long mean = (long long)chosen * (long long)(count + 1);
	long long distance = llabs((long long)observed - mean);

	if (!ways)
		return -ENOMEM;
	ways[0] = 1;
	for (size_t i = 0; i < count; i++) {
		size_t most = i + 1 < chosen ? i + 1 : chosen;

		for (size_t k = most; k >= 1; k--)
			for (size_t s = top; s >= rank[i]; s--)
				ways[k * (top + 1) + s] +=
					ways[(k - 1) * (top + 1) + s - rank[i]];
	}
	for (size_t s = 0; s <= top; s++) {
		double n = ways[chosen * (top + 1) + s];

		total += n;
		if (llabs((long long)s - mean) >= distance)
			tail += n;
	}
	free(ways);
	*p = total > 0 ? fmin(1.0, tail / total) : 1.0;
	return 0;
}

static double significance_normal(double u, size_t a_count, size_t b_count, double ties)
{
	double n = (double)a_count, m = (double)b_count, count = n + m;
	double variance = n * m / 12.0 * (count + 1 - ties / (count * (count - 1)));
	double z;

	if (variance <= 0)
		return 1.0;
	z = (fabs(u - n * m / 2.0) - 0.5) / sqrt(variance);
	return z <= 0 ? 1.0 : fmin(1.0, erfc(z / sqrt(2.0)));
}

int tl_mann_whitney(const double *a, size_t a_count, const double *b, size_t b_count,
		    struct tl_mann_whitney *result)
{
	size_t count = a_count + b_count;
	struct ranked *sorted;
	unsigned *rank;
	unsigned long long sum = 0;
	double ties;
	int err = 0;

	memset(result, 0, sizeof(*result));
	if (!a_count || !b_count)
		return -EINVAL;
	sorted = malloc(count * sizeof(*sorted));
	rank = malloc(count * sizeof(*rank));
	if (!sorted || !rank) {
		free(sorted);
		free(rank);
		return -ENOMEM;
	}
	for (size_t i = 0; i < count; i++)
		sorted[i] = (struct ranked){ i < a_count ? a[i] : b[i - a_count],
					     i < a_count };
	qsort(sorted, count, sizeof(*sorted), ranked_order);
	ties = significance_ranks(sorted, count, rank);
	for (size_t i = 0; i < count; i++)
		sum += sorted[i].first ? rank[i] : 0;
	result->u = (double)sum / 2.0 - (double)a_count * (double)(a_count + 1) / 2.0;
	result->exact = count <= SIGNIFICANCE_EXACT_MAX;
	if (ties == (double)count * count * count - (double)count)
		result->p = 1.0; /* one tie group: nothing to rank */
	else if (result->exact)
		err = significance_exact(rank, count, a_count, sum, &result->p);
	else
		result->p = significance_normal(result->u, a_count, b_count, ties);
	free(sorted);
	free(rank);
	return err;
}

double tl_mann_whitney_min_p(size_t a_count, size_t b_count)
{
	double ways;

	if (!a_count || !b_count)
		return 1.0;
	ways = exp(lgamma((double)(a_count + b_count) + 1) - lgamma((double)a_count + 1) -
		   lgamma((double)b_count + 1));
	return fmin(1.0, 2.0 / ways);
}

struct ranked_p {
	double p;
	size_t index;
};

static int ranked_p_order(const void *a, const void *b)
{
	double x = ((const struct ranked_p *)a)->p, y = ((const struct ranked_p *)b)->p;

	return (x > y) - (x < y);
}

int tl_benjamini_hochberg(const double *p, size_t count, double *adjusted)
{
	struct ranked_p *order;
	double smallest = 1.0;

	if (!count)
		return 0;
	order = malloc(count * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++)
		order[i] = (struct ranked_p){ p[i], i };
	qsort(order, count, sizeof(*order), ranked_p_order);
	for (size_t i = count; i-- > 0;) {
		double scaled = order[i].p * (double)count / (double)(i + 1);

		if (scaled < smallest)
			smallest = scaled;
		adjusted[order[i].index] = smallest;
	}
	free(order);
	return 0;
}

static double binomial_log_term(uint64_t x, uint64_t n, double log_q, double log_r)
{
	return lgamma((double)n + 1) - lgamma((double)x + 1) -
	       lgamma((double)(n - x) + 1) + (double)x * log_q + (double)(n - x) * log_r;
}

/* The terms from `from` on, moving by step (+1 or -1), until they stop
 * adding anything: they fall geometrically away from the mode. */
static double binomial_sum_away(uint64_t from, int step, uint64_t n, double q)
{
	double log_q = log(q), log_r = log1p(-q), sum = 0;

	for (uint64_t x = from;; x += (uint64_t)(int64_t)step) {
		double term = exp(binomial_log_term(x, n, log_q, log_r));

		sum += term;
		if (term <= sum * 1e-17 || (step > 0 && x == n) || (step < 0 && x == 0))
			break;
	}
	return sum;
}

double tl_binomial_upper(uint64_t k, uint64_t n, double q)
{
	double mode;

	if (k == 0 || q >= 1)
		return 1.0;
	if (k > n || q <= 0)
		return 0.0;
	mode = floor((double)(n + 1) * q);
	if ((double)k > mode)
		return fmin(1.0, binomial_sum_away(k, +1, n, q));
	return fmax(0.0, 1.0 - binomial_sum_away(k - 1, -1, n, q));
}

double tl_poisson_compare(uint64_t base_count, double base_exposure, uint64_t new_count,
			  double new_exposure)
{
	uint64_t total = base_count + new_count;
	double share, upper, lower;

	if (!total || !(base_exposure > 0) || !(new_exposure > 0))
		return 1.0;
	share = new_exposure / (base_exposure + new_exposure);
	upper = tl_binomial_upper(new_count, total, share);
	lower = 1.0 - tl_binomial_upper(new_count + 1, total, share);
	return fmin(1.0, 2.0 * fmin(upper, lower));
}
