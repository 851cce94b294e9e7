/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --format lava against a fixed result (tests/data/lava-result.json), line
 * by line: every kind of cell (passed, early, over a gate, n/a, failed
 * before and after its first sample, per CPU, a negative p99), every check
 * verdict, keys and names that fold to one name, a key given twice, and
 * bytes outside ASCII. Each line must also keep the rules the test
 * definition's loop relies on, whatever the result held.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "tool.h"
#include "tree.h"

#define LAVA_FIXTURE "tests/data/lava-result.json"

static const char *const lava_expected[] = {
	/* the cells, in the result's order */
	"cell.clock-nanosleep_monotonic_abs_1ms --result pass --measurement 70.399 --units us",
	"cell.timerfd_read_monotonic_periodic_1ms --result fail --measurement -1.503 --units us",
	"cell.posix-timer_handler_rtmin_realtime_periodic_1.5ms --result fail --measurement 66.303 --units us",
	"cell.alarm_handler_alrm_monotonic_abs_1s --result skip",
	"cell.setitimer_handler_alrm_monotonic_abs_1ms --result fail",
	"cell.setitimer_sigwaitinfo_alrm_monotonic_abs_1ms --result fail --measurement 51.583 --units us",
	"cell.timerfd_read_monotonic_abs_1ms_cpu1 --result pass --measurement 51.583 --units us",
	/* x:y/... and x/y/... fold to one name: both escaped */
	"cell_x_3ay_2fmonotonic_2fabs_401ms --result pass --measurement 51.583 --units us",
	"cell_x_2fy_2fmonotonic_2fabs_401ms --result pass --measurement 51.583 --units us",
	/* one key twice: numbered */
	"cell_twice_2fmonotonic_2fabs_401ms.1 --result pass --measurement 51.583 --units us",
	"cell_twice_2fmonotonic_2fabs_401ms.2 --result pass --measurement 51.583 --units us",
	/* "odd path é": a space and two bytes of UTF-8 */
	"cell.odd_path____monotonic_abs_1ms --result skip",
	/* the checks: pass, fail, xfail, xpass, skip, error, timeout */
	"check.timerfd.abs-past --result pass",
	"check.posix-timer.overrun --result fail",
	"check.posix-timer.sig-ign --result skip",
	"check.posix-timer.exact-ids --result pass",
	"check.timerfd.cancel-on-set --result skip",
	"check.setitimer.virtual --result fail",
	"check.alarm.rounding --result fail",
	/* "fake.odd name" and "fake.odd_name" fold to one name */
	"check_fake_2eodd_20name --result pass",
	"check_fake_2eodd_5fname --result pass",
};
#define LAVA_EXPECTED (sizeof(lava_expected) / sizeof(lava_expected[0]))

static bool lava_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-';
}

/* A plain decimal: an optional "-", digits, ".", three digits. */
static bool lava_decimal(const char *word)
{
	size_t digits = 0;

	word += *word == '-';
	while (isdigit((unsigned char)word[digits]))
		digits++;
	if (!digits || word[digits] != '.')
		return false;
	word += digits + 1;
	return strlen(word) == 3 && strspn(word, "0123456789") == 3;
}

/* The line's words, as the definition's loop splits them: a name of
 * [A-Za-z0-9._-], --result and a word LAVA takes, then nothing, or
 * --measurement, a decimal, --units us. Returns the name's length. */
static size_t lava_check_rules(const char *line)
{
	char copy[512], *words[8], *save = NULL;
	size_t count = 0, name = strcspn(line, " ");

	CU_ASSERT_FATAL(strlen(line) < sizeof(copy));
	for (size_t i = 0; i < name; i++)
		CU_ASSERT_TRUE(lava_name_char(line[i]));
	CU_ASSERT_PTR_NULL(strstr(line, "  ")); /* one space between words */
	strcpy(copy, line);
	for (char *word = strtok_r(copy, " ", &save); word && count < 8;
	     word = strtok_r(NULL, " ", &save))
		words[count++] = word;
	CU_ASSERT_FATAL(count == 3 || count == 7);
	CU_ASSERT(name > 0 && name <= 100); /* LAVA's advice for a name */
	CU_ASSERT_STRING_EQUAL(words[1], "--result");
	CU_ASSERT(!strcmp(words[2], "pass") || !strcmp(words[2], "fail") ||
		  !strcmp(words[2], "skip"));
	if (count == 7) {
		CU_ASSERT_STRING_EQUAL(words[3], "--measurement");
		CU_ASSERT_TRUE(lava_decimal(words[4]));
		CU_ASSERT_STRING_EQUAL(words[5], "--units");
		CU_ASSERT_STRING_EQUAL(words[6], "us");
	}
	return name;
}

static void test_fixed_result(void)
{
	const char *argv[] = { "report", "--format", "lava", LAVA_FIXTURE, NULL };
	struct tool_output output;
	char *lines[64], *next, *line;
	size_t count = 0;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	next = output.out;
	while (next && *next && count < 64) {
		line = strsep(&next, "\n");
		CU_ASSERT_PTR_NOT_NULL(next); /* every line ends in a newline */
		lines[count++] = line;
	}
	CU_ASSERT_EQUAL(count, LAVA_EXPECTED);
	for (size_t i = 0; i < count && i < LAVA_EXPECTED; i++) {
		if (strcmp(lines[i], lava_expected[i]) != 0)
			fprintf(stderr, "\nlava.txt line %zu: %s\n        expected: %s\n",
				i + 1, lines[i], lava_expected[i]);
		CU_ASSERT_STRING_EQUAL(lines[i], lava_expected[i]);
	}
	/* the rules, and one name per test case */
	for (size_t i = 0; i < count; i++) {
		size_t length = lava_check_rules(lines[i]);

		for (size_t j = 0; j < i; j++)
			CU_ASSERT_FALSE(strncmp(lines[i], lines[j], length) == 0 &&
					lines[j][length] == ' ');
	}
	tool_free(&output);
}

/* report --out writes lava.txt, what report prints, as run names it. */
static void test_report_file(void)
{
	char dir[] = "/tmp/timerlab-lava-XXXXXX", path[64];
	const char *print[] = { "report", "--format", "lava", LAVA_FIXTURE, NULL };
	const char *save[] = { "report", "--format",   "lava", "--out",
			       dir,	 LAVA_FIXTURE, NULL };
	const char *remove[] = { "-rf", dir, NULL };
	struct tool_output printed, saved;
	char *file;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(print, &printed);
	tool_run(save, &saved);
	CU_ASSERT_EQUAL(saved.status, 0);
	snprintf(path, sizeof(path), "%s/lava.txt", dir);
	file = tree_read(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_STRING_EQUAL(file, printed.out);
	free(file);
	tool_free(&printed);
	tool_free(&saved);
	tool_run_program("rm", remove, &saved);
	tool_free(&saved);
}

void tests_lava_format(void)
{
	CU_pSuite suite = tests_suite("lava: format");

	CU_add_test(suite, "a fixed result, line by line", test_fixed_result);
	CU_add_test(suite, "report --out writes lava.txt", test_report_file);
}
