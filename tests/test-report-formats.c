/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers CI and people read, against a fixed result: CSV parsed back
 * by RFC 4180's rules, cyclictest's histogram read by one rule set that a
 * real `cyclictest -h` capture (tests/data) passes too, HdrHistogram's
 * percentile distribution against the result's own percentiles, markdown,
 * and the honest tails. Nothing is compared as a whole string where the
 * order or the spacing is free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/report.h"
#include "../lib/result.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* A fixed result: two measured cells (one with early wakeups and a tail
 * beyond 400 us), an n/a cell whose reason holds commas and a quote. */
static void formats_result(struct tl_result *result)
{
	struct tl_cell_result *cell;
	struct tl_stats stats;
	struct tl_hist *hist = malloc(sizeof(*hist));
	uint64_t random = 11;

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	tl_result_init(result);
	snprintf(result->tool_version, sizeof(result->tool_version), "9.9.9");
	snprintf(result->env.kernel_release, sizeof(result->env.kernel_release), "6.1.0");
	snprintf(result->env.hostname, sizeof(result->env.hostname), "box");
	for (int c = 0; c < 2; c++) {
		CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
		cell->key = strdup(c ? "timerfd:read/monotonic/abs@1ms"
				     : "clock-nanosleep/monotonic/abs@1ms");
		cell->path = strdup(c ? "timerfd" : "clock-nanosleep");
		cell->variant = c ? strdup("read") : NULL;
		cell->clock = strdup("monotonic");
		cell->arm = strdup("abs");
		cell->interval_ns = 1000000;
		tl_stats_init(&stats);
		tl_hist_init(hist);
		for (int i = 0; i < 2000; i++) {
			int64_t latency =
				15000 + (int64_t)(tests_random(&random) % 20000);

			if (c == 1 && i % 400 == 7)
				latency = -2500; /* early: 5 of them */
			if (c == 1 && i == 1000)
				latency = 812345; /* beyond --hist-max 400 us */
			tl_stats_record(&stats, latency, 0, 0);
			tl_hist_record(hist, latency);
		}
		CU_ASSERT_EQUAL_FATAL(tl_cell_result_summarise(cell, &stats, hist), 0);
	}
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup("alarm:handler:alrm/monotonic/abs@1s");
	cell->path = strdup("alarm");
	cell->clock = strdup("monotonic");
	cell->arm = strdup("abs");
	cell->unsupported = strdup("alarm takes \"whole\" seconds, no abs, no emulation");
	free(hist);
}

/* RFC 4180 fields of one record starting at *p; moves *p past its CRLF.
 * Returns the field count; fields[i] are malloc'd. */
static size_t formats_csv_record(const char **p, char **fields, size_t capacity)
{
	size_t count = 0;

	for (;;) {
		char field[1024];
		size_t n = 0;

		if (**p == '"') {
			for ((*p)++; **p && !(**p == '"' && (*p)[1] != '"'); (*p)++) {
				if (**p == '"')
					(*p)++; /* a doubled quote */
				field[n++] = **p;
			}
			CU_ASSERT_EQUAL(**p, '"');
			(*p)++;
		} else {
			while (**p && **p != ',' && **p != '\r' && **p != '\n')
				field[n++] = *(*p)++;
		}
		field[n] = '\0';
		if (count < capacity)
			fields[count] = strdup(field);
		count++;
		if (**p == ',') {
			(*p)++;
			continue;
		}
		CU_ASSERT_EQUAL(strncmp(*p, "\r\n", 2), 0); /* records end in CRLF */
		*p += 2;
		return count;
	}
}

static void test_csv(void)
{
	struct tl_result result;
	char *header[64], *row[64], *text;
	const char *p;
	size_t columns, rows = 0;

	formats_result(&result);
	text = tool_render(tl_report_csv, &result);
	p = text;
	columns = formats_csv_record(&p, header, 64);
	CU_ASSERT_EQUAL_FATAL(columns, 31);
	CU_ASSERT_STRING_EQUAL(header[0], "key");
	while (*p) {
		const struct tl_cell_result *cell = &result.cells[rows];
		size_t n = formats_csv_record(&p, row, 64);

		CU_ASSERT_EQUAL_FATAL(n, columns);
		CU_ASSERT_STRING_EQUAL(row[0], cell->key);
		for (size_t i = 0; i < n; i++) {
			if (!strcmp(header[i], "p99_ns") && !cell->unsupported)
				CU_ASSERT_EQUAL(atoll(row[i]), cell->p99_ns);
			if (!strcmp(header[i], "early") && !cell->unsupported)
				CU_ASSERT_EQUAL((uint64_t)atoll(row[i]), cell->early);
			if (!strcmp(header[i], "samples") && cell->unsupported)
				CU_ASSERT_STRING_EQUAL(row[i], ""); /* n/a: empty */
			if (!strcmp(header[i], "unsupported"))
				CU_ASSERT_STRING_EQUAL(row[i], cell->unsupported
								       ? cell->unsupported
								       : "");
		}
		for (size_t i = 0; i < n; i++)
			free(row[i]);
		rows++;
	}
	CU_ASSERT_EQUAL(rows, result.cell_count);
	for (size_t i = 0; i < columns; i++)
		free(header[i]);
	free(text);
	tl_result_free(&result);
}

/*
 * cyclictest's histogram as its readers see it (rteval, OSADL's plots):
 * lines are "# " comments, one blank line at the end, or data rows "%06d "
 * then counts joined by single tabs, numbered 0, 1, 2 ... The summary lines
 * have one value per column, and Total is the sum of each column's rows.
 * Returns the columns; totals[] and overflows[] per column.
 */
static size_t formats_hist_rules(const char *text, unsigned long long *totals,
				 unsigned long long *overflows)
{
	unsigned long long sums[16] = { 0 };
	size_t columns = 0, rows = 0, blank = 0;
	char *copy = strdup(text), *next = copy, *line;

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	while ((line = strsep(&next, "\n")) && next) {
		if (!line[0]) {
			blank++;
			continue;
		}
		CU_ASSERT_EQUAL(blank, 0); /* the blank line is the last */
		if (line[0] == '#') {
			const char *values = NULL;
			unsigned long long *into = NULL;

			if (!strncmp(line, "# Total:", 8))
				values = line + 8, into = totals;
			else if (!strncmp(line, "# Histogram Overflows:", 22))
				values = line + 22, into = overflows;
			for (size_t c = 0; values && c < columns; c++) {
				char *end;

				CU_ASSERT_EQUAL(values[0], ' ');
				into[c] = strtoull(values + 1, &end, 10);
				values = end;
			}
			if (values)
				CU_ASSERT_EQUAL(values[0], '\0');
			continue;
		}
		/* a data row */
		char *end;
		unsigned long index = strtoul(line, &end, 10);
		size_t n = 0;

		CU_ASSERT_EQUAL(end - line, 6);
		CU_ASSERT_EQUAL(index, rows);
		CU_ASSERT_EQUAL(*end, ' ');
		for (const char *c = end; *c;) {
			char *after;

			CU_ASSERT_EQUAL(*c, n ? '\t' : ' ');
			sums[n % 16] += strtoull(c + 1, &after, 10);
			CU_ASSERT_EQUAL(after - (c + 1), 6);
			c = after;
			n++;
		}
		CU_ASSERT(rows == 0 || n == columns);
		columns = n;
		rows++;
	}
	CU_ASSERT_EQUAL(blank, 1);
	for (size_t c = 0; c < columns && c < 16; c++)
		CU_ASSERT_EQUAL(sums[c], totals[c]);
	free(copy);
	return columns;
}

static void test_hist_rules(void)
{
	unsigned long long totals[16], overflows[16];
	struct tl_result result;
	char *text, *capture;
	size_t size = 0;
	FILE *out;

	/* the rules hold for cyclictest's own output: 2 threads, 50 rows */
	capture = tree_read("tests/data/cyclictest-h50-t2.txt");
	CU_ASSERT_PTR_NOT_NULL_FATAL(capture);
	CU_ASSERT_EQUAL(formats_hist_rules(capture, totals, overflows), 2);
	CU_ASSERT_EQUAL(totals[0] + overflows[0], 300);
	free(capture);

	formats_result(&result);
	out = open_memstream(&text, &size);
	CU_ASSERT_EQUAL(tl_report_hist(out, &result, 400), 0);
	fclose(out);
	CU_ASSERT_EQUAL(formats_hist_rules(text, totals, overflows), 2);
	/* every sample is in a row or an overflow; the n/a cell is no column */
	CU_ASSERT_EQUAL(totals[0] + overflows[0], 2000);
	CU_ASSERT_EQUAL(totals[1] + overflows[1], 2000);
	CU_ASSERT_EQUAL(overflows[1], 1); /* the 812 us one */
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "# Column 1: timerfd:read/monotonic/abs@1ms\n"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "# Early Wakeups (counted in row 0): 00000 00005\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "# Thread 1: # 00001 others\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n000399 "));
	CU_ASSERT_PTR_NULL(strstr(text, "\n000400 "));
	free(text);
	tl_result_free(&result);
}

/* HdrHistogram's rows: 4 space-separated fields, values and levels never
 * decreasing, the 50 % and 90 % rows the result's p50 and p90, then the
 * 100 % line of 3 fields and the three footer lines. */
static void test_hgrm(void)
{
	struct tl_result result;
	const struct tl_cell_result *cell;
	char *text = NULL, *copy, *next, *line;
	size_t size = 0, rows = 0;
	double last_value = -1e18, last_level = -1;
	bool p50 = false, p90 = false, hundred = false;
	FILE *out;

	formats_result(&result);
	cell = &result.cells[1];
	out = open_memstream(&text, &size);
	CU_ASSERT_EQUAL(tl_report_hgrm(out, cell), 0);
	fclose(out);
	static const char header[] =
		"       Value     Percentile TotalCount 1/(1-Percentile)\n\n";

	CU_ASSERT_EQUAL(strncmp(text, header, sizeof(header) - 1), 0);
	copy = strdup(text);
	next = copy + sizeof(header) - 1;
	while ((line = strsep(&next, "\n")) && line[0]) {
		double value, level, inverse;
		unsigned long long count;
		int fields = sscanf(line, "%lf %lf %llu %lf", &value, &level, &count,
				    &inverse);

		if (line[0] == '#')
			continue;
		CU_ASSERT(fields == 4 || (fields == 3 && level == 1.0));
		CU_ASSERT(value >= last_value && level >= last_level);
		CU_ASSERT(count <= 2000);
		if (level == 0.5)
			p50 = (int64_t)(value * 1000 + (value < 0 ? -0.5 : 0.5)) ==
			      cell->p50_ns;
		if (level == 0.9)
			p90 = (int64_t)(value * 1000 + 0.5) == cell->p90_ns;
		hundred |= fields == 3;
		last_value = value, last_level = level;
		rows++;
	}
	CU_ASSERT_TRUE(p50 && p90 && hundred);
	CU_ASSERT(rows > 20);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text, "#[Max     =      812.345, Total count    =         2000]\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n      -2.500 0.000000000000"));
	free(copy);
	free(text);
	out = open_memstream(&text, &size);
	CU_ASSERT_EQUAL(tl_report_hgrm(out, &result.cells[2]), -ENODATA); /* n/a */
	fclose(out);
	free(text);
	tl_result_free(&result);
}

/* p99.9 of 2000 rests on 2 samples: marked rough; p99 on 20: not. */
static void test_tails_and_md(void)
{
	struct tl_result result;
	char *text;

	formats_result(&result);
	CU_ASSERT_EQUAL(result.cells[0].p999_above, 2);
	CU_ASSERT_EQUAL(result.cells[0].p99_above, 20);
	CU_ASSERT_EQUAL(result.cells[0].p50_above, 1000);
	text = tool_render(tl_report_md, &result);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "| cell | samples | min | p50 |"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "| `timerfd:read/monotonic/abs@1ms` | 2000 |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "| n/a: alarm takes \"whole\" seconds"));
	/* one rough figure per measured row: p99.9 */
	size_t rough = 0;
	for (const char *p = text; (p = strstr(p, "| ~")); p++)
		rough++;
	CU_ASSERT_EQUAL(rough, 2);
	free(text);
	text = tool_render(tl_report_table, &result);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n~: fewer than 10 samples above"));
	free(text);
	tl_result_free(&result);
}

void tests_report_formats(void)
{
	CU_pSuite suite = tests_suite("report: csv, hist, hgrm, md");

	CU_add_test(suite, "csv by RFC 4180, a row per cell", test_csv);
	CU_add_test(suite, "hist read as cyclictest's is", test_hist_rules);
	CU_add_test(suite, "hgrm rows against the percentiles", test_hgrm);
	CU_add_test(suite, "rough tails marked, md", test_tails_and_md);
}
