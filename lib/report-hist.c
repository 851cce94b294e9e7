/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cyclictest's -h histogram text, as rt-tests 2.4's `cyclictest -h N -q`
 * prints it, so that the scripts written for it (rteval's parser, OSADL's
 * latency plots) read timerlab's cells as they read cyclictest's threads:
 * each measured cell is a column, in the result's order, as each thread is
 * in cyclictest's. Rows are 1 us wide, 0 .. N-1 (N = --hist-max, in us);
 * a bucket of timerlab's histogram counts in the row of its midpoint, and
 * what lies at or beyond N us is an overflow, as in cyclictest.
 *
 *	# Histogram
 *	000000 000000	000000        index, one space, counts joined by tabs
 *	...
 *	# Total: 000001990 000002000  in the rows (samples - overflows)
 *	# Min Latencies: 00016 00017  us, truncated as cyclictest's are
 *	# Avg Latencies: 00017 00018
 *	# Max Latencies: 00205 00031
 *	# Histogram Overflows: 00010 00000
 *	# Histogram Overflow at cycle number:
 *	# Thread 0: # 00010 others    a histogram keeps no cycle numbers
 *	# Thread 1:
 *
 * Lines timerlab adds start with "# " (its legend of columns, and the early
 * wakeups), which the readers skip. cyclictest's latencies are unsigned: an
 * early wakeup, which it could not show, counts in row 0 here, is named on
 * an "# Early Wakeups:" line, and makes the minimum negative.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

/* What one column holds, from its cell's histogram. */
struct hist_column {
	const struct tl_cell_result *cell;
	uint64_t *rows; /* max_us of them */
	uint64_t in_rows, overflows;
};

static void hist_fill(struct hist_column *column, int64_t max_us)
{
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;

	tl_hist_iter_init(&iter, column->cell->hist);
	while (tl_hist_iter_next(&iter, &bucket)) {
		int64_t row;

		if (bucket.high_ns < 0)
			row = 0; /* early: see above */
		else if (bucket.low_ns > TL_HIST_MAX_NS)
			row = max_us; /* beyond the histogram's own range */
		else
			row = (bucket.low_ns + (bucket.high_ns - bucket.low_ns) / 2) /
			      1000;
		if (row >= max_us) {
			column->overflows += bucket.count;
			continue;
		}
		column->rows[row] += bucket.count;
		column->in_rows += bucket.count;
	}
}

/* The summary lines under the rows, in cyclictest's order. */
enum hist_line { HIST_TOTAL, HIST_MIN, HIST_AVG, HIST_MAX, HIST_OVERFLOWS };

static void hist_summary(FILE *out, const char *label, const struct hist_column *columns,
			 size_t count, enum hist_line line)
{
	fputs(label, out);
	for (size_t i = 0; i < count; i++) {
		const struct tl_cell_result *cell = columns[i].cell;

		switch (line) {
		case HIST_TOTAL:
			fprintf(out, " %09llu", (unsigned long long)columns[i].in_rows);
			break;
		case HIST_MIN:
			fprintf(out, " %05lld", (long long)(cell->min_ns / 1000));
			break;
		case HIST_AVG:
			fprintf(out, " %05lld", (long long)(cell->mean_ns / 1000));
			break;
		case HIST_MAX:
			fprintf(out, " %05lld", (long long)(cell->max_ns / 1000));
			break;
		case HIST_OVERFLOWS:
			fprintf(out, " %05llu", (unsigned long long)columns[i].overflows);
			break;
		}
	}
	fputc('\n', out);
}

static void hist_print(FILE *out, const struct tl_result *result,
		       const struct hist_column *columns, size_t count, int64_t max_us)
{
	bool early = false;

	fprintf(out, "# timerlab %s on Linux %s: cyclictest -h %lld, a column per cell\n",
		result->tool_version, result->env.kernel_release, (long long)max_us);
	for (size_t i = 0; i < count; i++) {
		fprintf(out, "# Column %zu: %s\n", i, columns[i].cell->key);
		early |= columns[i].cell->early > 0;
	}
	fputs("# Histogram\n", out);
	for (int64_t row = 0; row < max_us; row++) {
		fprintf(out, "%06lld ", (long long)row);
		for (size_t i = 0; i < count; i++)
			fprintf(out, "%s%06llu", i ? "\t" : "",
				(unsigned long long)columns[i].rows[row]);
		fputc('\n', out);
	}
	hist_summary(out, "# Total:", columns, count, HIST_TOTAL);
	hist_summary(out, "# Min Latencies:", columns, count, HIST_MIN);
	hist_summary(out, "# Avg Latencies:", columns, count, HIST_AVG);
	hist_summary(out, "# Max Latencies:", columns, count, HIST_MAX);
	hist_summary(out, "# Histogram Overflows:", columns, count, HIST_OVERFLOWS);
	if (early) {
		fputs("# Early Wakeups (counted in row 0):", out);
		for (size_t i = 0; i < count; i++)
			fprintf(out, " %05llu",
				(unsigned long long)columns[i].cell->early);
		fputc('\n', out);
	}
	fputs("# Histogram Overflow at cycle number:\n", out);
	for (size_t i = 0; i < count; i++) {
		fprintf(out, "# Thread %zu:", i);
		if (columns[i].overflows)
			fprintf(out, " # %05llu others",
				(unsigned long long)columns[i].overflows);
		fputc('\n', out);
	}
	fputc('\n', out);
}

int tl_report_hist(FILE *out, const struct tl_result *result, int64_t max_us)
{
	struct hist_column *columns = calloc(result->cell_count + 1, sizeof(*columns));
	size_t count = 0;
	int err = 0;

	if (!columns || max_us < 1)
		err = columns ? -EINVAL : -ENOMEM;
	for (size_t i = 0; i < result->cell_count && !err; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (cell->unsupported || !cell->hist || !cell->samples)
			continue;
		columns[count].cell = cell;
		columns[count].rows = calloc((size_t)max_us, sizeof(uint64_t));
		if (!columns[count].rows)
			err = -ENOMEM;
		else
			hist_fill(&columns[count++], max_us);
	}
	if (!err)
		hist_print(out, result, columns, count, max_us);
	for (size_t i = 0; columns && i < count; i++)
		free(columns[i].rows);
	free(columns);
	if (err)
		return err;
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
