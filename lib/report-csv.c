/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CSV, one row per cell after a header row, for spreadsheets and CI
 * scripts. RFC 4180: records end in CRLF, and a field holding a comma, a
 * quote or a line break is quoted, its quotes doubled (the n/a reasons and
 * error messages hold commas). Times are in ns; the means and stddevs with
 * one decimal. An n/a cell keeps its row with the measured columns empty
 * and its reason in `unsupported`. README lists the columns.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static const char *const csv_columns[] = {
	"key",		"path",	       "variant",
	"signal",	"clock",       "arm",
	"emulated",	"interval_ns", "cpu",
	"samples",	"early",       "missed",
	"folded",	"stray",       "min_ns",
	"mean_ns",	"stddev_ns",   "p50_ns",
	"p90_ns",	"p99_ns",      "p999_ns",
	"max_ns",	"p50_above",   "p90_above",
	"p99_above",	"p999_above",  "interval_jitter_ns",
	"p50_range_ns", "rounds",      "unsupported",
	"error",
};

/* One field, quoted when RFC 4180 needs it; NULL is an empty field. */
static void csv_text(FILE *out, const char *text)
{
	if (!text)
		return;
	if (!strpbrk(text, ",\"\r\n")) {
		fputs(text, out);
		return;
	}
	fputc('"', out);
	for (; *text; text++) {
		if (*text == '"')
			fputc('"', out);
		fputc(*text, out);
	}
	fputc('"', out);
}

static void csv_measured(FILE *out, const struct tl_cell_result *cell)
{
	int64_t range = tl_cell_result_p50_range(cell);

	fprintf(out,
		",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRId64
		",%.1f,%.1f,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
		",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.1f,",
		cell->samples, cell->early, cell->missed, cell->folded, cell->stray,
		cell->min_ns, cell->mean_ns, cell->stddev_ns, cell->p50_ns, cell->p90_ns,
		cell->p99_ns, cell->p999_ns, cell->max_ns, cell->p50_above,
		cell->p90_above, cell->p99_above, cell->p999_above,
		cell->interval_jitter_ns);
	if (range >= 0)
		fprintf(out, "%" PRId64, range);
	fprintf(out, ",%zu", cell->round_count);
}

static void csv_row(FILE *out, const struct tl_cell_result *cell)
{
	csv_text(out, cell->key);
	fputc(',', out);
	csv_text(out, cell->path);
	fputc(',', out);
	csv_text(out, cell->variant);
	fputc(',', out);
	csv_text(out, cell->signal);
	fputc(',', out);
	csv_text(out, cell->clock);
	fputc(',', out);
	csv_text(out, cell->arm);
	fprintf(out, ",%s,%" PRId64 ",", cell->emulated ? "true" : "false",
		cell->interval_ns);
	if (cell->cpu >= 0)
		fprintf(out, "%d", cell->cpu);
	if (cell->unsupported)
		fputs(",,,,,,,,,,,,,,,,,,,,", out); /* samples .. rounds */
	else
		csv_measured(out, cell);
	fputc(',', out);
	csv_text(out, cell->unsupported);
	fputc(',', out);
	csv_text(out, cell->error);
	fputs("\r\n", out);
}

int tl_report_csv(FILE *out, const struct tl_result *result)
{
	const size_t columns = sizeof(csv_columns) / sizeof(csv_columns[0]);

	for (size_t i = 0; i < columns; i++)
		fprintf(out, "%s%s", i ? "," : "", csv_columns[i]);
	fputs("\r\n", out);
	for (size_t i = 0; i < result->cell_count; i++)
		csv_row(out, &result->cells[i]);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
