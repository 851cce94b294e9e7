/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HdrHistogram's percentile distribution (.hgrm), as its Java library's
 * outputPercentileDistribution prints it with values in microseconds, so
 * that HdrHistogram's plotter and libraries read a cell's latencies:
 *
 *	       Value     Percentile TotalCount 1/(1-Percentile)
 *
 *	      16.350 0.000000000000          1           1.00
 *	      17.083 0.100000000000        213           1.11
 *	...
 *	     205.300 1.000000000000       2000
 *	#[Mean    =       17.123, StdDeviation   =        3.456]
 *	#[Max     =      205.300, Total count    =         2000]
 *	#[Buckets =           31, SubBuckets     =          256]
 *
 * The percentile levels are HdrHistogram's, 5 per half distance to 100 %
 * (10 % steps to 50 %, 5 % to 75 %, 2.5 % to 87.5 % ...); each row is the
 * value of the level's nearest rank, as the result's percentiles are, so
 * the 50 % and 90 % rows are the JSON's p50 and p90; TotalCount is the
 * count up to that value's bucket. The last value gets one row, then the
 * 100 % line without its last column. Missed deadlines are counted, never
 * back-filled: HdrHistogram's expected-interval correction is not applied
 * (README says why).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "report.h"

#define HGRM_TICKS_PER_HALF 5

/* The next level after level, in percent: the step halves at every half
 * distance to 100 %. */
static double hgrm_next_level(double level)
{
	double halvings = floor(log2(100.0 / (100.0 - level)));

	return level + 100.0 / (HGRM_TICKS_PER_HALF * pow(2.0, halvings + 1));
}

/* The nearest rank of level % among count values: ceil(level x count /
 * 100), at least 1. level is a sum of powers of two, so the product is
 * exact, and an exact quotient stays exact in long double. */
static uint64_t hgrm_rank(double level, uint64_t count)
{
	long double rank = ceill((long double)level * (long double)count / 100.0L);

	return rank < 1 ? 1 : (uint64_t)rank;
}

static void hgrm_row(FILE *out, const struct tl_hist *hist, double level, uint64_t total,
		     uint64_t cumulative)
{
	int64_t value = tl_hist_value_at_rank(hist, hgrm_rank(level, total));

	fprintf(out, "%12.3f %2.12f %10llu %14.2f\n", (double)value / 1e3, level / 100,
		(unsigned long long)cumulative, 1.0 / (1.0 - level / 100));
}

int tl_report_hgrm(FILE *out, const struct tl_cell_result *cell)
{
	const struct tl_hist *hist = cell->hist;
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;
	uint64_t total, cumulative = 0;
	double level = 0;

	if (!hist || !hist->count)
		return -ENODATA;
	total = hist->count;
	fprintf(out, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount",
		"1/(1-Percentile)");
	tl_hist_iter_init(&iter, hist);
	while (cumulative < total && tl_hist_iter_next(&iter, &bucket)) {
		cumulative += bucket.count;
		while ((long double)cumulative * 100 >= (long double)level * total) {
			hgrm_row(out, hist, level, total, cumulative);
			level = hgrm_next_level(level);
			if (cumulative == total)
				break; /* the last value: one row, then 100 % */
		}
	}
	fprintf(out, "%12.3f %2.12f %10llu\n", (double)hist->max_ns / 1e3, 1.0,
		(unsigned long long)total);
	fprintf(out, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n",
		cell->mean_ns / 1e3, cell->stddev_ns / 1e3);
	fprintf(out, "#[Max     = %12.3f, Total count    = %12llu]\n",
		(double)hist->max_ns / 1e3, (unsigned long long)total);
	/* the layout: 256 ns of 1 ns buckets, then powers of two in 128 */
	fprintf(out, "#[Buckets = %12d, SubBuckets     = %12d]\n",
		TL_HIST_TOP_BIT - TL_HIST_SUB_BITS + 1, 2 * TL_HIST_SUB_BUCKETS);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
