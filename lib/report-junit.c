/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JUnit XML, for the result viewers of CI systems (GitLab, Jenkins, GitHub
 * test reporters). One <testsuite> for the checks and one for the cells,
 * each left out when empty. There is no JUnit word for xfail and xpass;
 * they are mapped as pytest maps them: an expected failure is <skipped>
 * (nothing to act on), an unexpected pass passes with a note.
 *
 *	check  pass     testcase
 *	       fail     <failure type="fail">
 *	       xfail    <skipped type="xfail">
 *	       xpass    testcase with <system-out>XPASS: ...
 *	       skip     <skipped>
 *	       error    <error type="error">
 *	       timeout  <error type="timeout">
 *	cell   passed   testcase, p50/p99/max in <system-out>
 *	       failed   <failure type="fail"> naming the early wakeups and
 *	                the gates it tripped (lib/cell-verdict.h)
 *	       n/a      <skipped>
 *	       error    <error type="error">
 *
 * Each <testsuite> carries the attributes the readers of the common
 * subset expect: name, tests, failures, errors, skipped, timestamp (when the
 * run started) and hostname.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cell-verdict.h"
#include "report.h"
#include "xml.h"

struct junit_counts {
	size_t tests, failures, errors, skipped;
	double seconds;
};

static struct junit_counts junit_count_checks(const struct tl_result *result)
{
	struct junit_counts counts = { .tests = result->check_count };

	for (size_t i = 0; i < result->check_count; i++) {
		const struct tl_check_result *check = &result->checks[i];

		counts.failures += check->verdict == TL_VERDICT_FAIL;
		counts.errors += check->verdict == TL_VERDICT_ERROR ||
				 check->verdict == TL_VERDICT_TIMEOUT;
		counts.skipped += check->verdict == TL_VERDICT_SKIP ||
				  check->verdict == TL_VERDICT_XFAIL;
		counts.seconds += (double)check->duration_ns / 1e9;
	}
	return counts;
}

static struct junit_counts junit_count_cells(const struct tl_result *result)
{
	struct junit_counts counts = { .tests = result->cell_count };

	for (size_t i = 0; i < result->cell_count; i++) {
		struct tl_cell_verdict verdict;

		tl_cell_verdict(result, &result->cells[i], &verdict);
		counts.failures += verdict.outcome == TL_CELL_FAILED;
		counts.errors += verdict.outcome == TL_CELL_ERROR;
		counts.skipped += verdict.outcome == TL_CELL_SKIPPED;
	}
	return counts;
}

static void junit_attribute(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	tl_xml_escape(out, value ? value : "");
	fputc('"', out);
}

static void junit_suite_open(FILE *out, const struct tl_result *result, const char *name,
			     const struct junit_counts *counts, bool timed)
{
	fputs("  <testsuite", out);
	junit_attribute(out, "name", name);
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"",
		counts->tests, counts->failures, counts->errors, counts->skipped);
	if (timed)
		fprintf(out, " time=\"%.3f\"", counts->seconds);
	if (result->started[0] && strcmp(result->started, "unknown") != 0)
		junit_attribute(out, "timestamp", result->started);
	junit_attribute(out, "hostname", result->env.hostname);
	fputs(">\n", out);
}

/* <element type="type" message="message"/> */
static void junit_outcome(FILE *out, const char *element, const char *type,
			  const char *message)
{
	fprintf(out, "      <%s", element);
	if (type)
		junit_attribute(out, "type", type);
	junit_attribute(out, "message", message);
	fputs("/>\n", out);
}

static void junit_system_out(FILE *out, const char *prefix, const char *text)
{
	fprintf(out, "      <system-out>%s", prefix);
	tl_xml_escape(out, text ? text : "");
	fputs("</system-out>\n", out);
}

/* classname: the suite, then the group or path the name starts with. */
static void junit_testcase_open(FILE *out, const char *suite, const char *name,
				size_t group_length)
{
	char classname[256];

	snprintf(classname, sizeof(classname), "%s.%.*s", suite, (int)group_length, name);
	fputs("    <testcase", out);
	junit_attribute(out, "classname", classname);
	junit_attribute(out, "name", name);
}

static size_t junit_group_length(const char *name, char separator)
{
	size_t length = 0;

	while (name[length] && name[length] != separator)
		length++;
	return length;
}

static void junit_check(FILE *out, const struct tl_check_result *check)
{
	const char *reason = check->reason ? check->reason : "";

	junit_testcase_open(out, "timerlab.checks", check->name,
			    junit_group_length(check->name, '.'));
	fprintf(out, " time=\"%.3f\">\n", (double)check->duration_ns / 1e9);
	switch (check->verdict) {
	case TL_VERDICT_FAIL:
		junit_outcome(out, "failure", "fail", reason);
		break;
	case TL_VERDICT_XFAIL:
		junit_outcome(out, "skipped", "xfail", reason);
		break;
	case TL_VERDICT_SKIP:
		junit_outcome(out, "skipped", NULL, reason);
		break;
	case TL_VERDICT_ERROR:
	case TL_VERDICT_TIMEOUT:
		junit_outcome(out, "error", tl_verdict_name(check->verdict), reason);
		break;
	case TL_VERDICT_XPASS:
		junit_system_out(out, "XPASS: ", reason);
		break;
	default:
		if (reason[0])
			junit_system_out(out, "", reason);
	}
	fputs("    </testcase>\n", out);
}

static void junit_cell(FILE *out, const struct tl_result *result,
		       const struct tl_cell_result *cell)
{
	struct tl_cell_verdict verdict;
	char summary[256];

	tl_cell_verdict(result, cell, &verdict);
	junit_testcase_open(out, "timerlab.cells", cell->key,
			    junit_group_length(cell->key, ':'));
	fputs(">\n", out);
	switch (verdict.outcome) {
	case TL_CELL_SKIPPED:
		junit_outcome(out, "skipped", NULL, cell->unsupported);
		break;
	case TL_CELL_ERROR:
		junit_outcome(out, "error", "error", verdict.reason);
		break;
	case TL_CELL_FAILED:
		junit_outcome(out, "failure", "fail", verdict.reason);
		break;
	case TL_CELL_PASSED:
		break;
	}
	if (verdict.outcome == TL_CELL_PASSED || verdict.outcome == TL_CELL_FAILED) {
		tl_cell_summary(cell, summary, sizeof(summary));
		junit_system_out(out, "", summary);
	}
	fputs("    </testcase>\n", out);
}

int tl_report_junit(FILE *out, const struct tl_result *result)
{
	struct junit_counts checks = junit_count_checks(result);
	struct junit_counts cells = junit_count_cells(result);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out,
		"<testsuites name=\"timerlab\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
		checks.tests + cells.tests, checks.failures + cells.failures,
		checks.errors + cells.errors, checks.skipped + cells.skipped);
	if (result->check_count) {
		junit_suite_open(out, result, "timerlab.checks", &checks, true);
		for (size_t i = 0; i < result->check_count; i++)
			junit_check(out, &result->checks[i]);
		fputs("  </testsuite>\n", out);
	}
	if (result->cell_count) {
		junit_suite_open(out, result, "timerlab.cells", &cells, false);
		for (size_t i = 0; i < result->cell_count; i++)
			junit_cell(out, result, &result->cells[i]);
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
