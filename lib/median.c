/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "median.h"

#include <math.h>
#include <stdlib.h>

static int median_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* P(B <= k) for B ~ Binomial(n, 1/2), summed in log space so that large n
 * does not underflow 2^-n. */
static double median_binomial_cdf(size_t n, size_t k)
{
	double sum = 0;

	for (size_t i = 0; i <= k && i <= n; i++)
		sum += exp(lgamma((double)n + 1) - lgamma((double)i + 1) -
			   lgamma((double)(n - i) + 1) - (double)n * log(2.0));
	return sum;
}

void tl_median_of(double *values, size_t count, double level, struct tl_median *out)
{
	*out = (struct tl_median){ 0 };
	if (count == 0)
		return;
	qsort(values, count, sizeof(*values), median_compare);
	out->median = count % 2 ? values[count / 2]
				: (values[count / 2 - 1] + values[count / 2]) / 2;
	for (size_t k = 1; 2 * k <= count + 1; k++) {
		double coverage = 1 - 2 * median_binomial_cdf(count, k - 1);

		if (coverage < level)
			break;
		out->has_interval = true;
		out->rank = k;
		out->coverage = coverage;
		out->low = values[k - 1];
		out->high = values[count - k];
	}
}

enum tl_target_verdict tl_median_judge(const struct tl_median *median, double target)
{
	if (!median->has_interval)
		return TL_TARGET_UNRESOLVED;
	if (median->high <= target)
		return TL_TARGET_MET;
	if (median->low > target)
		return TL_TARGET_MISSED;
	return TL_TARGET_UNRESOLVED;
}

const char *tl_target_verdict_name(enum tl_target_verdict verdict)
{
	switch (verdict) {
	case TL_TARGET_MET:
		return "met";
	case TL_TARGET_MISSED:
		return "missed";
	case TL_TARGET_UNRESOLVED:
		break;
	}
	return "not resolved";
}
