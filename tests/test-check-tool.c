/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `timerlab check` from the outside: the real checks on this machine's
 * kernel. Assertions are about structure and verdicts (valid KTAP, nothing
 * failed), never about how fast anything was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cases/registry.h"
#include "ktap.h"
#include "../lib/result.h"
#include "tests.h"
#include "tree.h"
#include "tool.h"

/* How many of the product's checks have names starting with prefix ("" for
 * all), and the first of them: the registry decides, so adding a check
 * does not mean editing these tests. */
static size_t check_tool_count(const char *prefix, const char **first)
{
	size_t count = 0;

	*first = NULL;
	for (size_t i = 0; tl_checks[i]; i++) {
		if (strncmp(tl_checks[i]->name, prefix, strlen(prefix)) != 0)
			continue;
		if (!*first)
			*first = tl_checks[i]->name;
		count++;
	}
	return count;
}

/* Whether text starts with name followed by a space. */
static bool check_tool_starts(const char *text, const char *name)
{
	size_t length = strlen(name);

	return strncmp(text, name, length) == 0 && text[length] == ' ';
}

static void test_list(void)
{
	static const char *const argv[] = { "check", "--list", NULL };
	static const char *const only[] = { "check", "--list", "--only", "posix-timer.*",
					    NULL };
	static const char *const list[] = { "list", NULL };
	struct tool_output output;
	const char *first, *first_posix;
	size_t all = check_tool_count("", &first);
	size_t posix = check_tool_count("posix-timer.", &first_posix);
	char counted[64];

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	CU_ASSERT_EQUAL(tool_lines(output.out), all);
	CU_ASSERT_TRUE(check_tool_starts(output.out, first));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "\nposix-timer.sig-ign "));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "[known to fail before 6.13]"));
	tool_free(&output);
	tool_run(only, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_EQUAL(tool_lines(output.out), posix);
	CU_ASSERT_TRUE(check_tool_starts(output.out, first_posix));
	tool_free(&output);
	/* timerlab list counts them and says where the names are */
	tool_run(list, &output);
	snprintf(counted, sizeof(counted), "\nchecks: %zu (timerlab check --list", all);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, counted));
	tool_free(&output);
}

static void test_only_timerfd(void)
{
	static const char *const argv[] = { "check", "--only", "timerfd.*", NULL };
	struct tool_output output;
	struct ktap_parsed ktap;
	const char *first;
	size_t timerfd = check_tool_count("timerfd.", &first);
	int cancel;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	ktap_parse(output.out, &ktap);
	CU_ASSERT_TRUE(ktap.valid);
	CU_ASSERT_EQUAL(ktap.planned, timerfd);
	CU_ASSERT_EQUAL(ktap_find(&ktap, first), 0);
	CU_ASSERT(ktap_find(&ktap, "timerfd.abs-past") >= 0);
	CU_ASSERT(ktap_find(&ktap, "timerfd.nonblock") >= 0);
	/* each passes, or skips for what this machine lacks */
	CU_ASSERT_EQUAL(ktap.counted[TL_VERDICT_PASS] + ktap.counted[TL_VERDICT_SKIP],
			timerfd);
	cancel = ktap_find(&ktap, "timerfd.cancel-on-set");
	CU_ASSERT(cancel >= 0);
	if (cancel >= 0)
		CU_ASSERT_STRING_EQUAL(ktap.reasons[cancel], "needs --destructive");
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

/* --out writes the KTAP shown, diagnostics and all, JUnit, and a result
 * with env and checks and no cells, in the report folder. */
static void test_out(void)
{
	char dir[] = "/tmp/timerlab-check-XXXXXX", reports[64], ktap[96], junit[96],
	     json[96], why[512];
	const char *argv[] = { "check", "--only", "timerfd.nonblock",
			       "--out", reports,  NULL };
	const char *xmllint[] = { "--noout", junit, NULL };
	struct tool_output output, lint;
	struct tl_result result;
	char *saved;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	snprintf(reports, sizeof(reports), "%s/reports", dir);
	snprintf(ktap, sizeof(ktap), "%s/latest/result.ktap", reports);
	snprintf(junit, sizeof(junit), "%s/latest/junit.xml", reports);
	snprintf(json, sizeof(json), "%s/latest/result.json", reports);
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
	CU_ASSERT_EQUAL_FATAL(tl_result_load(json, &result, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(result.cell_count, 0);
	CU_ASSERT_EQUAL_FATAL(result.check_count, 1);
	CU_ASSERT_STRING_EQUAL(result.checks[0].name, "timerfd.nonblock");
	CU_ASSERT_EQUAL(result.checks[0].verdict, TL_VERDICT_PASS);
	CU_ASSERT(result.env.kernel_release[0] != '\0');
	tl_result_free(&result);
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
		{ { "check", "--only", "nope.*" },
		  "--only: \"nope.*\" matches no check" },
		{ { "check", "--only", "timerfd.*,nope" }, "\"nope\" matches no check" },
		{ { "check", "--only", "" }, "--only: empty element in \"\"" },
		{ { "check", "--only", "timerfd.*,,clock.*" }, "--only: empty element" },
		{ { "check", "--skip", "clock.*," }, "--skip: empty element" },
		{ { "check", "--timeout", "3601s" }, "must be at most 3600s" },
		{ { "check", "--skip", "*" }, "leaves no check to run" },
		{ { "check", "--timeout", "0s" }, "--timeout: \"0s\"" },
		{ { "check", "--timeout", "10" },
		  "--timeout: \"10\" is not a valid duration" },
		{ { "check", "--format", "xml", "--out", "/tmp/x" },
		  "unknown format \"xml\"" },
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

/* The two checks that set CLOCK_REALTIME are destructive, and without
 * --destructive they are skipped, not run (this machine's clock is never
 * set by the tests). No other check of these groups is destructive. */
static void test_destructive_gating(void)
{
	static const char *const argv[] = {
		"check", "--only", "clock-nanosleep.realtime-step,timerfd.cancel-on-set",
		NULL
	};
	static const char *const groups[] = { "clock-nanosleep.", "timerfd.", "clock.",
					      "signal." };
	struct tool_output output;
	struct ktap_parsed ktap;

	for (size_t i = 0; tl_checks[i]; i++) {
		const struct tl_check *check = tl_checks[i];
		bool ours = false, destructive = check->flags & TL_CHECK_DESTRUCTIVE;

		for (size_t g = 0; g < 4; g++)
			ours |= strncmp(check->name, groups[g], strlen(groups[g])) == 0;
		if (ours)
			CU_ASSERT_EQUAL(destructive,
					strcmp(check->name,
					       "clock-nanosleep.realtime-step") == 0 ||
						strcmp(check->name,
						       "timerfd.cancel-on-set") == 0);
	}
	tool_run(argv, &output);
	ktap_parse(output.out, &ktap);
	CU_ASSERT_TRUE(ktap.valid);
	CU_ASSERT_EQUAL(output.status, 4); /* every check skipped */
	CU_ASSERT_EQUAL(ktap.planned, 2);
	CU_ASSERT_EQUAL(ktap.counted[TL_VERDICT_SKIP], 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.out,
		"ok 1 clock-nanosleep.realtime-step # SKIP needs --destructive\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.out, "ok 2 timerfd.cancel-on-set # SKIP needs --destructive\n"));
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
	CU_add_test(suite, "destructive checks: flagged, skipped without --destructive",
		    test_destructive_gating);
}
