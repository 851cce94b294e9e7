/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The writers of check results: KTAP, JUnit XML and its escaping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/report.h"
#include "../lib/xml.h"
#include "ktap.h"
#include "tests.h"
#include "tool.h"

static void report_add_check(struct tl_result *result, const char *name,
			     enum tl_verdict verdict, const char *reason,
			     int64_t duration_ns)
{
	struct tl_check_result *check;

	CU_ASSERT_EQUAL_FATAL(tl_result_add_check(result, &check), 0);
	check->name = strdup(name);
	check->verdict = verdict;
	check->reason = reason ? strdup(reason) : NULL;
	check->duration_ns = duration_ns;
}

/* One check of each verdict, with reasons that need care in XML. */
static void report_every_verdict(struct tl_result *result)
{
	tl_result_init(result);
	report_add_check(result, "clock-nanosleep.abs-past", TL_VERDICT_PASS, NULL,
			 1000000);
	report_add_check(result, "timerfd.nonblock", TL_VERDICT_FAIL,
			 "read returned 8 < 0 & \"EAGAIN\" expected", 2000000);
	report_add_check(result, "posix-timer.sig-ign", TL_VERDICT_XFAIL,
			 "known to fail before 6.13 (it's <dropped>)", 3000000000);
	report_add_check(result, "posix-timer.rearm", TL_VERDICT_XPASS,
			 "known to fail before 6.13", 5);
	report_add_check(result, "timerfd.alarm-clock", TL_VERDICT_SKIP,
			 "no CAP_WAKE_ALARM", 0);
	report_add_check(result, "fake.crash", TL_VERDICT_ERROR,
			 "killed by signal 11 (Segmentation fault)", 10);
	report_add_check(result, "fake.hang", TL_VERDICT_TIMEOUT, "after 10 s",
			 10000000000);
}

static void test_ktap_from_result(void)
{
	struct tl_result result;
	struct ktap_parsed parsed;
	char *text;

	report_every_verdict(&result);
	text = tool_render(tl_report_ktap, &result);
	CU_ASSERT_STRING_EQUAL(
		text,
		"KTAP version 1\n"
		"1..7\n"
		"ok 1 clock-nanosleep.abs-past\n"
		"not ok 2 timerfd.nonblock # read returned 8 < 0 & \"EAGAIN\" expected\n"
		"not ok 3 posix-timer.sig-ign # XFAIL known to fail before 6.13 (it's <dropped>)\n"
		"ok 4 posix-timer.rearm # XPASS known to fail before 6.13\n"
		"ok 5 timerfd.alarm-clock # SKIP no CAP_WAKE_ALARM\n"
		"not ok 6 fake.crash # ERROR killed by signal 11 (Segmentation fault)\n"
		"not ok 7 fake.hang # TIMEOUT after 10 s\n"
		"# Totals: pass:1 fail:1 xfail:1 xpass:1 skip:1 error:1 timeout:1\n");
	ktap_parse(text, &parsed);
	CU_ASSERT_TRUE(parsed.valid);
	free(text);
	tl_result_free(&result);
}

/* A reason with line breaks stays on its line; a pass keeps its reason as
 * a diagnostic. */
static void test_ktap_one_line(void)
{
	struct tl_result result;
	struct ktap_parsed parsed;
	char *text;

	tl_result_init(&result);
	report_add_check(&result, "a.b", TL_VERDICT_FAIL, "two\nlines\r\tand a tab", 0);
	report_add_check(&result, "a.c", TL_VERDICT_PASS, "1 signal, overrun 29", 0);
	text = tool_render(tl_report_ktap, &result);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nnot ok 1 a.b # two lines  and a tab\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n# 1 signal, overrun 29\nok 2 a.c\n"));
	ktap_parse(text, &parsed);
	CU_ASSERT_TRUE(parsed.valid);
	free(text);
	tl_result_free(&result);
}

static char *report_escape(const char *input)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(tl_xml_escape(out, input), 0);
	fclose(out);
	return text;
}

static void test_xml_escape(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "a & b < c > d", "a &amp; b &lt; c &gt; d" },
		{ "\"double\" 'single'", "&quot;double&quot; &apos;single&apos;" },
		{ "tab\tnewline\ncr\r", "tab&#9;newline&#10;cr&#13;" },
		/* XML 1.0 cannot carry other control characters at all */
		{ "bell\a esc\x1b nul-less\x01",
		  "bell\xEF\xBF\xBD esc\xEF\xBF\xBD nul-less\xEF\xBF\xBD" },
		{ "del\x7f", "del\x7f" },
		/* valid UTF-8 passes: 2, 3 and 4 bytes */
		{ "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
		  "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80" },
		/* invalid: a lone continuation, an overlong '/', a surrogate, a
		 * truncated sequence, past U+10FFFF, and U+FFFF */
		{ "\x80", "\xEF\xBF\xBD" },
		{ "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD" },
		{ "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
		{ "\xE2\x82", "\xEF\xBF\xBD\xEF\xBF\xBD" },
		{ "\xF4\x90\x80\x80",
		  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
		{ "\xEF\xBF\xBF", "\xEF\xBF\xBD" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = report_escape(cases[i].in);

		CU_ASSERT_STRING_EQUAL(text, cases[i].out);
		free(text);
	}
}

/* xmllint, when installed, is the judge of well-formedness: its exit
 * status and output, or -1 when it is not there. With xpath, the value of
 * that expression. */
static int report_xmllint(const char *text, const char *xpath, char *answer, size_t size)
{
	char path[] = "/tmp/timerlab-test-XXXXXX";
	const char *check[] = { "--noout", path, NULL };
	const char *query[] = { "--xpath", xpath, path, NULL };
	struct tool_output output;
	int fd = mkstemp(path), status = -1;
	size_t length;

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	if (tool_have("xmllint")) {
		tool_run_program("xmllint", xpath ? query : check, &output);
		snprintf(answer, size, "%s%s", output.out, output.err);
		/* xmllint --xpath ends the value with a newline of its own */
		length = strlen(answer);
		if (xpath && length && answer[length - 1] == '\n')
			answer[length - 1] = '\0';
		status = output.status;
		tool_free(&output);
	}
	unlink(path);
	return status;
}

static void report_add_cells(struct tl_result *result)
{
	struct tl_cell_result *cell;

	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup("timerfd:read/monotonic/abs@1ms");
	cell->path = strdup("timerfd");
	cell->samples = 2000;
	cell->p99_ns = 74000;
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup("clock-nanosleep/monotonic/periodic@1ms");
	cell->unsupported = strdup("clock_nanosleep has no periodic arming");
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup("timerfd:poll/realtime/rel@1ms");
	cell->error = strdup("open: EPERM <\"denied\">");
}

static void test_junit(void)
{
	struct tl_result result;
	char answer[256];
	char *text;
	int status;

	report_every_verdict(&result);
	report_add_cells(&result);
	text = tool_render(tl_report_junit, &result);
	/* counts: 10 tests; 1 failure; errors: crash, hang, the cell that
	 * failed; skipped: skip, xfail, the n/a cell */
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"<testsuites name=\"timerlab\" tests=\"10\" failures=\"1\" errors=\"3\" skipped=\"3\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"<testsuite name=\"timerlab.checks\" tests=\"7\" failures=\"1\" errors=\"2\" skipped=\"2\" time=\"13.003\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"<testcase classname=\"timerlab.checks.posix-timer\" name=\"posix-timer.sig-ign\" time=\"3.000\">\n"
		"      <skipped type=\"xfail\" message=\"known to fail before 6.13 (it&apos;s &lt;dropped&gt;)\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"<failure type=\"fail\" message=\"read returned 8 &lt; 0 &amp; &quot;EAGAIN&quot; expected\"/>"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "<error type=\"timeout\" message=\"after 10 s\"/>"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "<system-out>XPASS: known to fail before 6.13"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"classname=\"timerlab.cells.timerfd\" name=\"timerfd:read/monotonic/abs@1ms\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"<error type=\"error\" message=\"open: EPERM &lt;&quot;denied&quot;&gt;\"/>"));
	status = report_xmllint(text, NULL, answer, sizeof(answer));
	if (status >= 0) {
		CU_ASSERT_EQUAL(status, 0);
		CU_ASSERT_STRING_EQUAL(answer, "");
		report_xmllint(text, "count(//testcase)", answer, sizeof(answer));
		CU_ASSERT_STRING_EQUAL(answer, "10");
		report_xmllint(
			text,
			"string(//testcase[@name=\"timerfd.nonblock\"]/failure/@message)",
			answer, sizeof(answer));
		CU_ASSERT_STRING_EQUAL(answer,
				       "read returned 8 < 0 & \"EAGAIN\" expected");
	}
	free(text);
	tl_result_free(&result);
}

/* Names and reasons from a result on disk can hold anything. */
static void test_junit_hostile(void)
{
	struct tl_result result;
	char answer[256];
	char *text;

	tl_result_init(&result);
	report_add_check(&result, "x\"/><evil a='1'>&amp;\x01", TL_VERDICT_FAIL,
			 "]]> <!-- \xC0\xAF \n\t -->", 0);
	report_add_check(&result, "\xE2\x82", TL_VERDICT_ERROR, NULL, 0);
	text = tool_render(tl_report_junit, &result);
	CU_ASSERT_PTR_NULL(strstr(text, "<evil"));
	if (report_xmllint(text, NULL, answer, sizeof(answer)) >= 0) {
		CU_ASSERT_STRING_EQUAL(answer, "");
		report_xmllint(text, "string(//failure/@message)", answer,
			       sizeof(answer));
		/* the newline and tab survive the attribute as references */
		CU_ASSERT_STRING_EQUAL(answer,
				       "]]> <!-- \xEF\xBF\xBD\xEF\xBF\xBD \n\t -->");
	}
	free(text);
	tl_result_free(&result);
}

void tests_report_checks(void)
{
	CU_pSuite suite = tests_suite("report: ktap, junit");

	CU_add_test(suite, "KTAP of a saved result, every verdict",
		    test_ktap_from_result);
	CU_add_test(suite, "KTAP lines stay lines", test_ktap_one_line);
	CU_add_test(suite, "XML escaping", test_xml_escape);
	CU_add_test(suite, "JUnit of checks and cells, valid for xmllint", test_junit);
	CU_add_test(suite, "JUnit of hostile names and reasons", test_junit_hostile);
}
