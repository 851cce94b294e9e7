/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writers that render a result, each behind a row of the table of formats
 * (format.c). Each writes to the stream it is given and returns 0 or -errno
 * (-EIO when the stream failed). */
#ifndef TL_REPORT_H
#define TL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "result.h"

/* The side-by-side table: one row per cell, latencies in us. */
int tl_report_table(FILE *out, const struct tl_result *result);

/* The detail view: one row per cell and round, its p50/p99/max beside what
 * else happened meanwhile (context switches, faults, migrations, interrupts
 * and softirqs on the measured CPU, steal), so a spike can be blamed. */
int tl_report_details(FILE *out, const struct tl_result *result);
/*
 * KTAP version 1 (lib/report-ktap.c), streamed: begin with the plan, one
 * result line per check (diagnostics before it), end with the totals.
 */
struct tl_ktap {
	FILE *out;
	size_t planned;
	size_t number; /* result lines written */
	size_t totals[TL_VERDICT_COUNT];
};

int tl_ktap_begin(struct tl_ktap *ktap, FILE *out, size_t planned);
/* "# text", on one line. */
int tl_ktap_diag(struct tl_ktap *ktap, const char *text);
/* The next numbered result line: "ok 3 name", "not ok 4 name # XFAIL why". */
int tl_ktap_result(struct tl_ktap *ktap, const struct tl_check_result *check);
/* "# Totals: pass:P fail:F xfail:X xpass:XP skip:S error:E timeout:T", after
 * a line saying how many planned checks did not run, if any. */
int tl_ktap_end(struct tl_ktap *ktap);

/* A saved result's checks as KTAP (no diagnostics: results keep none). */
int tl_report_ktap(FILE *out, const struct tl_result *result);

/*
 * The result as one KTAP document: with cells, two nested subtests (cells,
 * then checks); without, the checks alone. shown is the checks' KTAP as it
 * was printed, diagnostics and all, or NULL to render it from the result.
 */
int tl_report_ktap_document(FILE *out, const struct tl_result *result, const char *shown,
			    size_t shown_size);

/* CSV (RFC 4180), one row per cell after a header (report-csv.c). */
int tl_report_csv(FILE *out, const struct tl_result *result);

/* cyclictest's -h histogram text, a column per measured cell, rows of 1 us
 * up to max_us (report-hist.c). */
int tl_report_hist(FILE *out, const struct tl_result *result, int64_t max_us);

/* One cell's latencies as HdrHistogram's percentile distribution, in us
 * (report-hgrm.c); -ENODATA for a cell without samples. */
int tl_report_hgrm(FILE *out, const struct tl_cell_result *cell);

/* A markdown summary: environment, table, gates, checks (report-md.c). */
int tl_report_md(FILE *out, const struct tl_result *result);

/* The HTML report: tables and gnuplot's plots in one page (report-html.c). */
int tl_report_html(FILE *out, const struct tl_result *result);

/* JUnit XML of a result: its checks and its cells as testcases. */
int tl_report_junit(FILE *out, const struct tl_result *result);

/* KernelCI's KCIDB I/O JSON: a test per cell and check, in the build and
 * from the origin of options (report-kcidb.c); -EINVAL without them. */
struct tl_format_options;
int tl_report_kcidb(FILE *out, const struct tl_result *result,
		    const struct tl_format_options *options);

/* Bencher Metric Format: p50, p99 and max of each measured cell, in ns,
 * with the rounds' spread (report-bmf.c). */
int tl_report_bmf(FILE *out, const struct tl_result *result);

/* github-action-benchmark's customSmallerIsBetter entries: one per
 * measured cell and statistic (report-gab.c). */
int tl_report_gab(FILE *out, const struct tl_result *result);

/* LAVA: a line per cell and per check, the arguments of lava-test-case
 * (report-lava.c). */
int tl_report_lava(FILE *out, const struct tl_result *result);

#endif
