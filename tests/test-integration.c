/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * build/timerlab from the outside: real timers on a shared machine, so the
 * assertions are about structure (every cell, the samples asked for, no
 * early wakeup, ordered percentiles), never about absolute latency.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "tool.h"

static void integration_check_cell(const struct tool_row *rows, size_t count,
				   const char *path, const char *variant, const char *clock,
				   const char *arm)
{
	const struct tool_row *row = tool_find_row(rows, count, path, variant, clock, arm);

	CU_ASSERT_PTR_NOT_NULL(row);
	if (!row || row->unsupported)
		return;
	CU_ASSERT_EQUAL(row->samples, 300);
	CU_ASSERT_EQUAL(row->early, 0);
	CU_ASSERT(row->min >= 0);
	CU_ASSERT(row->min <= row->p50);
	CU_ASSERT(row->p50 <= row->p90);
	CU_ASSERT(row->p90 <= row->p99);
	CU_ASSERT(row->p99 <= row->p999);
	CU_ASSERT(row->p999 <= row->max);
}

/* Every clock-nanosleep and timerfd cell, every clock, a few hundred samples. */
static void test_every_cell(void)
{
	static const char *const argv[] = { "run",     "--path",
					    "clock-nanosleep,timerfd:read,timerfd:poll,timerfd:epoll",
					    "--clock", "all",
					    "--samples", "300",
					    "--interval", "500us",
					    "--quiet", NULL };
	static const char *const clocks[] = { "monotonic", "realtime", "boottime" };
	static const char *const arms[] = { "abs", "rel", "periodic" };
	static const char *const variants[] = { "read", "poll", "epoll" };
	struct tool_row rows[64];
	struct tool_output output;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	size_t count = tool_rows(output.out, rows, 64);

	/* 4 clocks x 3 arms for clock-nanosleep, and for each timerfd variant */
	CU_ASSERT_EQUAL(count, 12 + 3 * 12);
	for (size_t c = 0; c < 3; c++) {
		for (size_t a = 0; a < 2; a++)
			integration_check_cell(rows, count, "clock-nanosleep", "-", clocks[c],
					       arms[a]);
		for (size_t v = 0; v < 3; v++)
			for (size_t a = 0; a < 3; a++)
				integration_check_cell(rows, count, "timerfd", variants[v],
						       clocks[c], arms[a]);
	}
	/* the combinations a path cannot do keep their row, marked n/a */
	const struct tool_row *row =
		tool_find_row(rows, count, "clock-nanosleep", "-", "monotonic", "periodic");
	CU_ASSERT(row && row->unsupported);
	row = tool_find_row(rows, count, "timerfd", "read", "tai", "abs");
	CU_ASSERT(row && row->unsupported);
	row = tool_find_row(rows, count, "clock-nanosleep", "-", "tai", "abs");
	CU_ASSERT(row && !row->unsupported && row->samples == 300 && row->early == 0);
	tool_free(&output);
}

/* Each bad input: exit 2, one line on stderr that names it, nothing on stdout. */
static void test_bad_input(void)
{
	static const struct {
		const char *argv[6];
		const char *message;
	} cases[] = {
		{ { "run", "--path", "nope" }, "unknown path \"nope\"" },
		{ { "run", "--path", "timerfd:select" }, "unknown variant \"select\"" },
		{ { "run", "--clock", "sundial" }, "unknown clock \"sundial\"" },
		{ { "run", "--arm", "maybe" }, "unknown arm \"maybe\"" },
		{ { "run", "--interval", "0ms" }, "must be greater than zero" },
		{ { "run", "--interval", "-1ms" }, "negative" },
		{ { "run", "--interval", "5parsecs" }, "unknown unit" },
		{ { "run", "--samples", "0" }, "--samples: \"0\"" },
		{ { "run", "--samples", "lots" }, "--samples: \"lots\"" },
		{ { "run", "--cpu", "999" }, "--cpu: \"999\"" },
		{ { "run", "--bogus" }, "unknown option --bogus" },
		{ { "frobnicate" }, "unknown command \"frobnicate\"" },
		{ { "list", "extra" }, "unexpected argument" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tool_output output;

		tool_run(cases[i].argv, &output);
		CU_ASSERT_EQUAL(output.status, 2);
		CU_ASSERT_STRING_EQUAL(output.out, "");
		CU_ASSERT_EQUAL(tool_lines(output.err), 1);
		CU_ASSERT_EQUAL(strncmp(output.err, "timerlab: ", 10), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(output.err, cases[i].message));
		tool_free(&output);
	}
}

static void test_help_and_version(void)
{
	static const char *const help[] = { "run", "--help", NULL };
	static const char *const version[] = { "--version", NULL };
	static const char *const list[] = { "list", NULL };
	struct tool_output output;

	tool_run(help, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "--interval DUR"));
	tool_free(&output);
	tool_run(version, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_EQUAL(strncmp(output.out, "timerlab ", 9), 0);
	tool_free(&output);
	tool_run(list, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "timerfd"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "read (default), poll, epoll"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "no periodic arming"));
	tool_free(&output);
}

void tests_integration(void)
{
	CU_pSuite suite = tests_suite("integration");

	CU_add_test(suite, "every clock-nanosleep and timerfd cell", test_every_cell);
	CU_add_test(suite, "bad input: exit 2 and one line", test_bad_input);
	CU_add_test(suite, "help, version, list", test_help_and_version);
}
