/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A traced run's spikes as the writers render them (under the table, in
 * summary.md and in the HTML), and compare keeping a traced result apart
 * from an untraced one. No root needed: the spike is explained from a
 * recorded excerpt (tests/data/trace).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/report.h"
#include "../lib/result.h"
#include "../lib/trace-analysis.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* The text a spikes writer renders of result (malloc'd). */
static char *trace_render(void (*write)(FILE *, const struct tl_result *),
			  const struct tl_result *result)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	write(out, result);
	fclose(out);
	return text;
}

/* Under the table and in the HTML: a note per cell, each spike and its
 * parts; a run that could not trace says so; an untraced one, nothing. */
static void test_spikes_rendered(void)
{
	char *excerpt = tree_read("tests/data/trace/task.txt"), *text;
	struct tl_result result;
	struct tl_cell_result *cell;
	struct tl_spike spike;

	CU_ASSERT_PTR_NOT_NULL_FATAL(excerpt);
	tl_result_init(&result);
	result.options.trace_over_ns = 100000;
	result.env.traced = true;
	snprintf(result.env.trace_events, sizeof(result.env.trace_events),
		 "sched:sched_switch");
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(&result, &cell), 0);
	cell->key = strdup("timerfd:read/monotonic/abs@1ms");
	cell->samples = 2000;
	CU_ASSERT_EQUAL_FATAL(tl_trace_analyse(excerpt, strlen(excerpt), &spike), 0);
	spike.file = strdup("spikes/timerfd_read_monotonic_abs_1ms-109.txt");
	spike.next_latency_ns = 41000;
	CU_ASSERT_EQUAL_FATAL(tl_cell_result_add_spike(cell, &spike), 0);
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(&result, &cell), 0);
	cell->key = strdup("clock-nanosleep/monotonic/abs@1ms");
	cell->samples = 2000;
	free(excerpt);

	text = trace_render(tl_report_table_spikes, &result);
	CU_ASSERT_TRUE(tree_has_line(
		text,
		"note: timerfd:read/monotonic/abs@1ms: 1 wakeup over 100 us traced, explained below"));
	CU_ASSERT_TRUE(tree_has_line(
		text,
		"note: clock-nanosleep/monotonic/abs@1ms: traced, no wakeup over 100 us"));
	CU_ASSERT_TRUE(tree_has_line(
		text,
		"timerfd:read/monotonic/abs@1ms sample 109: 332 us late: task rt-hog (pid 17199, FIFO 99) ran 300 us"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n  parts (us): expiry 14.3, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, ", task rt-hog (pid 17199) 300.0"));
	CU_ASSERT_TRUE(tree_has_line(
		text,
		"  the sample after it: 41.0 us (flagged: the marking may delay it)"));
	CU_ASSERT_TRUE(tree_has_line(
		text, "  trace: spikes/timerfd_read_monotonic_abs_1ms-109.txt"));
	free(text);

	text = tool_render(tl_report_md, &result);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"**Spikes** (wakeups over 100 us, from a trace):\n\n- timerfd:read/monotonic/abs@1ms sample 109: 332 us late: task rt-hog (pid 17199, FIFO 99) ran 300 us\n"));
	free(text);

	text = trace_render(tl_report_html_spikes, &result);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "<h2>Spikes explained</h2>"));
	/* the hog's 300 of 332.343 us: its share of the bar */
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"<span style=\"width:90.27%;background:#2171b5\" title=\"task rt-hog (pid 17199, FIFO 99) ran 300 us\"></span>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text, "<a href=\"spikes/timerfd_read_monotonic_abs_1ms-109.txt\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "<p>No wakeup over the threshold.</p>"));
	free(text);

	result.env.traced = false;
	text = trace_render(tl_report_table_spikes, &result);
	CU_ASSERT_STRING_EQUAL(
		text,
		"note: --trace-over 100us: the run could not trace, measured untraced\n");
	free(text);
	result.options.trace_over_ns = -1;
	text = trace_render(tl_report_table_spikes, &result);
	CU_ASSERT_STRING_EQUAL(text, "");
	free(text);
	text = trace_render(tl_report_html_spikes, &result);
	CU_ASSERT_STRING_EQUAL(text, "");
	free(text);
	tl_result_free(&result);
}
/* A traced result and an untraced one are not like for like. */
static void test_compare_traced(void)
{
	char dir[] = "/tmp/timerlab-traced-XXXXXX", untraced[64], traced[64];
	const char *run[] = { "run",	  "--path",    "timerfd:read",
			      "--clock",  "monotonic", "--arm",
			      "abs",	  "--samples", "100",
			      "--rounds", "2",	       "--out",
			      "-",	  "--quiet",   NULL };
	const char *compare[] = { "compare", untraced, traced, NULL };
	struct tool_output output;
	char *flag;
	FILE *file;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	snprintf(untraced, sizeof(untraced), "%s/untraced.json", dir);
	snprintf(traced, sizeof(traced), "%s/traced.json", dir);
	tool_run(run, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	file = fopen(untraced, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fputs(output.out, file);
	fclose(file);
	/* the same result, as a traced run would have it */
	flag = strstr(output.out, "\"traced\":false");
	CU_ASSERT_PTR_NOT_NULL_FATAL(flag);
	file = fopen(traced, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fprintf(file, "%.*s\"traced\":true%s", (int)(flag - output.out), output.out,
		flag + strlen("\"traced\":false"));
	fclose(file);
	tool_free(&output);
	tool_run(compare, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.out, "not like for like: the results differ in\n"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.out, "  traced: untraced.json no, traced.json yes\n"));
	tool_free(&output);
}

void tests_trace_report(void)
{
	CU_pSuite suite = tests_suite("trace: spikes reported");

	CU_add_test(suite, "spikes under the table, in summary.md and in the HTML",
		    test_spikes_rendered);
	CU_add_test(suite, "compare: traced and untraced are not like for like",
		    test_compare_traced);
}
