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
 * The percentile levels are HdrHistogram's (lib/hist-levels.h), each row
 * the value of the level's nearest rank, as the result's percentiles are,
 * so the 50 % and 90 % rows are the JSON's p50 and p90; TotalCount is the
 * count up to that value's bucket. The last value gets one row, then the
 * 100 % line without its last column. Missed deadlines are counted, never
 * back-filled: HdrHistogram's expected-interval correction is not applied
 * (README says why).
 */
#include <errno.h>
#include <stdio.h>

#include "hist-levels.h"
#include "report.h"

static void hgrm_row(void *context, double level, int64_t value_ns, uint64_t cumulative,
		     bool last)
{
	FILE *out = context;

	if (last)
		fprintf(out, "%12.3f %2.12f %10llu\n", (double)value_ns / 1e3, 1.0,
			(unsigned long long)cumulative);
	else
		fprintf(out, "%12.3f %2.12f %10llu %14.2f\n", (double)value_ns / 1e3,
			level / 100, (unsigned long long)cumulative,
			1.0 / (1.0 - level / 100));
}

int tl_report_hgrm(FILE *out, const struct tl_cell_result *cell)
{
	const struct tl_hist *hist = cell->hist;

	if (!hist || !hist->count)
		return -ENODATA;
	fprintf(out, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount",
		"1/(1-Percentile)");
	tl_hist_levels(hist, hgrm_row, out);
	fprintf(out, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n",
		cell->mean_ns / 1e3, cell->stddev_ns / 1e3);
	fprintf(out, "#[Max     = %12.3f, Total count    = %12llu]\n",
		(double)hist->max_ns / 1e3, (unsigned long long)hist->count);
	/* the layout: 256 ns of 1 ns buckets, then powers of two in 128 */
	fprintf(out, "#[Buckets = %12d, SubBuckets     = %12d]\n",
		TL_HIST_TOP_BIT - TL_HIST_SUB_BITS + 1, 2 * TL_HIST_SUB_BUCKETS);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
