/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `timerlab check` from the outside: the real checks on this machine's
 * kernel. Assertions are about structure and verdicts (valid KTAP, nothing
 * failed), never about how fast anything was.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cases/registry.h"
#include "ktap.h"
#include "tests.h"
#include "tool.h"

/* The registry's checks whose names start with prefix ("" for all), and
 * the first of them: the tool must list exactly those, in that order. */
static size_t check_tool_count(const char *prefix, const char **first)
{
	size_t count = 0;

	*first = NULL;
	for (size_t i = 0; tl_checks[i]; i++) {
		if (strncmp(tl_checks[i]->name, prefix, strlen(prefix)) != 0)
			continue;
		if (!count++)
			*first = tl_checks[i]->name;
	}
	return count;
}

/* Whether text starts with "name " (a --list line). */
static bool check_tool_starts_with(const char *text, const char *name)
{
	return name && strncmp(text, name, strlen(name)) == 0 &&
	       text[strlen(name)] == ' ';
}

static void test_list(void)
{
	static const char *const argv[] = { "check", "--list", NULL };
	static const char *const only[] = { "check", "--list", "--only", "posix-timer.*", NULL };
	static const char *const list[] = { "list", NULL };
	size_t all = 0, posix_timer;
	struct tool_output output;
	const char *first;
	char expected[64];

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	all = check_tool_count("", &first);
	CU_ASSERT_EQUAL(tool_lines(output.out), all);
	CU_ASSERT_TRUE(check_tool_starts_with(output.out, first));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "\nposix-timer.sig-ign "));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "[known to fail before 6.13]"));
	tool_free(&output);
	tool_run(only, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	posix_timer = check_tool_count("posix-timer.", &first);
	CU_ASSERT(posix_timer >= 2);
	CU_ASSERT_EQUAL(tool_lines(output.out), posix_timer);
	CU_ASSERT_TRUE(check_tool_starts_with(output.out, first));
	tool_free(&output);
	/* timerlab list counts them and says where the names are */
	tool_run(list, &output);
	snprintf(expected, sizeof(expected), "\nchecks: %zu (timerlab check --list", all);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, expected));
	tool_free(&output);
}

static void test_only_timerfd(void)
{
	static const char *const argv[] = { "check", "--only", "timerfd.*", NULL };
	struct tool_output output;
	struct ktap_parsed ktap;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	ktap_parse(output.out, &ktap);
	CU_ASSERT_TRUE(ktap.valid);
	CU_ASSERT_EQUAL(ktap.planned, 2);
	CU_ASSERT_EQUAL(ktap_find(&ktap, "timerfd.abs-past"), 0);
	CU_ASSERT_EQUAL(ktap_find(&ktap, "timerfd.nonblock"), 1);
	CU_ASSERT_EQUAL(ktap.counted[TL_VERDICT_PASS], 2);
	tool_free(&output);
}

/* Every check on this kernel: valid KTAP, none failed, errored or timed
 * out, and posix-timer.sig-ign judged by the kernel's version: a pass from
 * 6.13 on, an expected failure before. */
static void test_every_check(void)
{
	static const char *const argv[] = { "check", NULL };
	struct tool_output output;
	struct ktap_parsed ktap;
	const char *first;
	int sig_ign;

	tool_run(argv, &output);
	ktap_parse(output.out, &ktap);
	CU_ASSERT_TRUE(ktap.valid);
	if (!ktap.valid || output.status)
		fprintf(stderr, "\n%s%s", output.out, output.err);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_EQUAL(ktap.planned, check_tool_count("", &first));
	CU_ASSERT_EQUAL(ktap.counted[TL_VERDICT_FAIL], 0);
	CU_ASSERT_EQUAL(ktap.counted[TL_VERDICT_ERROR], 0);
	CU_ASSERT_EQUAL(ktap.counted[TL_VERDICT_TIMEOUT], 0);
	sig_ign = ktap_find(&ktap, "posix-timer.sig-ign");
	CU_ASSERT(sig_ign >= 0);
	if (sig_ign >= 0)
		CU_ASSERT(ktap.verdicts[sig_ign] == TL_VERDICT_PASS ||
			  ktap.verdicts[sig_ign] == TL_VERDICT_XFAIL);
	tool_free(&output);
}

/* The text of a file, NUL-terminated (the test fails if it cannot be read). */
static char *check_tool_read(const char *path)
{
	char *text = calloc(1, 65536);
	FILE *file = fopen(path, "r");
	size_t size;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	size = fread(text, 1, 65535, file);
	text[size] = '\0';
	fclose(file);
	return text;
}

/* --out writes the KTAP shown, diagnostics and all, and JUnit. */
static void test_out(void)
{
	char dir[] = "/tmp/timerlab-check-XXXXXX", reports[64], ktap[96], junit[96];
	const char *argv[] = { "check", "--only", "timerfd.nonblock", "--out", reports, NULL };
	const char *xmllint[] = { "--noout", junit, NULL };
	struct tool_output output, lint;
	char *saved;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(reports, sizeof(reports), "%s/reports", dir);
	snprintf(ktap, sizeof(ktap), "%s/checks.ktap", reports);
	snprintf(junit, sizeof(junit), "%s/junit.xml", reports);
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	saved = check_tool_read(ktap);
	CU_ASSERT_STRING_EQUAL(saved, output.out);
	CU_ASSERT_PTR_NOT_NULL(strstr(saved, "# never armed: EAGAIN\n"));
	free(saved);
	saved = check_tool_read(junit);
	CU_ASSERT_PTR_NOT_NULL(strstr(saved, "name=\"timerfd.nonblock\""));
	free(saved);
	if (tool_have("xmllint")) {
		tool_run_program("xmllint", xmllint, &lint);
		CU_ASSERT_EQUAL(lint.status, 0);
		tool_free(&lint);
	}
	CU_ASSERT_EQUAL(unlink(ktap), 0);
	CU_ASSERT_EQUAL(unlink(junit), 0);
	CU_ASSERT_EQUAL(rmdir(reports), 0); /* nothing else, no temporary left */
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	tool_free(&output);
}

/* Each bad input: exit 2, one line on stderr that names it, nothing on stdout. */
static void test_bad_input(void)
{
	static const struct {
		const char *argv[6];
		const char *message;
	} cases[] = {
		{ { "check", "--bogus" }, "unknown option --bogus" },
		{ { "check", "--only" }, "--only needs a value" },
		{ { "check", "--only", "nope.*" }, "--only: \"nope.*\" matches no check" },
		{ { "check", "--only", "timerfd.*,nope" }, "\"nope\" matches no check" },
		{ { "check", "--only", "" }, "--only: empty glob" },
		{ { "check", "--skip", "*" }, "leaves no check to run" },
		{ { "check", "--timeout", "0s" }, "--timeout: \"0s\"" },
		{ { "check", "--timeout", "10" }, "--timeout: \"10\" is not a valid duration" },
		{ { "check", "--format", "xml", "--out", "/tmp/x" }, "unknown format \"xml\"" },
		{ { "check", "--format", "junit" }, "needs --out" },
		{ { "check", "extra" }, "unexpected argument \"extra\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tool_expect_usage_error(cases[i].argv, cases[i].message);
}

static void test_help(void)
{
	static const char *const argv[] = { "check", "--help", NULL };
	static const char *const top[] = { "--help", NULL };
	struct tool_output output;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "--destructive"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "4 every check skipped"));
	tool_free(&output);
	tool_run(top, &output);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "  check "));
	tool_free(&output);
}

void tests_check_tool(void)
{
	CU_pSuite suite = tests_suite("timerlab check");

	CU_add_test(suite, "--list", test_list);
	CU_add_test(suite, "--only 'timerfd.*': valid KTAP", test_only_timerfd);
	CU_add_test(suite, "every check on this kernel", test_every_check);
	CU_add_test(suite, "--out: KTAP and JUnit files", test_out);
	CU_add_test(suite, "bad input: exit 2 and one line", test_bad_input);
	CU_add_test(suite, "--help", test_help);
}
