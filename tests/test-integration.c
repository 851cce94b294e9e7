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
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/result.h"
#include "ktap.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

static const struct tl_cell_result *integration_find(const struct tl_result *result,
						     const char *key)
{
	for (size_t i = 0; i < result->cell_count; i++)
		if (!strcmp(result->cells[i].key, key))
			return &result->cells[i];
	return NULL;
}

static void integration_check_cell(const struct tl_result *result, const char *key)
{
	const struct tl_cell_result *cell = integration_find(result, key);

	CU_ASSERT_PTR_NOT_NULL(cell);
	if (!cell)
		fprintf(stderr, "\nmissing cell %s\n", key);
	if (!cell || cell->unsupported)
		return;
	CU_ASSERT_PTR_NULL(cell->error);
	CU_ASSERT_EQUAL(cell->samples, 300);
	CU_ASSERT_EQUAL(cell->early, 0);
	CU_ASSERT(cell->min_ns >= 0);
	CU_ASSERT(cell->min_ns <= cell->p50_ns);
	CU_ASSERT(cell->p50_ns <= cell->p90_ns);
	CU_ASSERT(cell->p90_ns <= cell->p99_ns);
	CU_ASSERT(cell->p99_ns <= cell->p999_ns);
	CU_ASSERT(cell->p999_ns <= cell->max_ns);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cell->hist);
	CU_ASSERT_EQUAL(cell->hist->count, 300);
}

/* Every clock-nanosleep and timerfd cell, every clock, a few hundred
 * samples, checked from the saved result.json. */
static void test_every_cell(void)
{
	char dir[] = "/tmp/timerlab-integration-XXXXXX", path[256], why[512], key[128];
	const char *argv[] = { "run",
			       "--path",
			       "clock-nanosleep,timerfd:read,timerfd:poll,timerfd:epoll",
			       "--clock",
			       "all",
			       "--samples",
			       "300",
			       "--interval",
			       "500us",
			       "--out",
			       dir,
			       "--format",
			       "json",
			       "--quiet",
			       NULL };
	static const char *const clocks[] = { "monotonic", "realtime", "boottime",
					      "tai" };
	static const char *const arms[] = { "abs", "rel", "periodic" };
	static const char *const variants[] = { "read", "poll", "epoll" };
	struct tool_output output;
	struct tl_result result;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.out, ""); /* json only: nothing printed */
	CU_ASSERT_STRING_EQUAL(output.err, "");
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT_FALSE(result.interrupted);

	/* 4 clocks x 3 arms for clock-nanosleep; 3 clocks x 3 arms for each
	 * timerfd variant: --clock all adds tai only where it is taken */
	CU_ASSERT_EQUAL(result.cell_count, 12 + 3 * 9);
	for (size_t c = 0; c < 4; c++) {
		for (size_t a = 0; a < 3; a++) {
			snprintf(key, sizeof(key), "clock-nanosleep/%s/%s@500us",
				 clocks[c], arms[a]);
			integration_check_cell(&result, key);
			for (size_t v = 0; v < 3 && c < 3; v++) {
				snprintf(key, sizeof(key), "timerfd:%s/%s/%s@500us",
					 variants[v], clocks[c], arms[a]);
				integration_check_cell(&result, key);
			}
		}
	}
	/* the combinations a path cannot do keep their row, with the reason */
	const struct tl_cell_result *cell =
		integration_find(&result, "clock-nanosleep/monotonic/periodic@500us");
	CU_ASSERT(cell && cell->unsupported);
	CU_ASSERT_PTR_NULL(integration_find(&result, "timerfd:read/tai/abs@500us"));
	cell = integration_find(&result, "clock-nanosleep/tai/abs@500us");
	CU_ASSERT(cell && !cell->unsupported && cell->samples == 300);
	/* how the numbers were obtained */
	CU_ASSERT(result.env.kernel_release[0] != '\0');
	CU_ASSERT(result.env.cpus_online >= 1);
	CU_ASSERT_TRUE(result.env.realtime.known);
	tl_result_free(&result);
}

/* Each bad input: exit 2, one line on stderr that names it, nothing on stdout. */
static void test_bad_input(void)
{
	static const struct {
		const char *argv[10];
		const char *message;
	} cases[] = {
		{ { "run", "--path", "nope" }, "unknown path \"nope\"" },
		/* an empty element is an error, never "every path" */
		{ { "run", "--path", "," }, "--path: empty element in \",\"" },
		{ { "run", "--path", "timerfd,,alarm" }, "--path: empty element" },
		{ { "run", "--clock", "monotonic," }, "--clock: empty element" },
		{ { "run", "--arm", ",abs" }, "--arm: empty element" },
		{ { "run", "--interval", "1ms,,2ms" }, "--interval: empty element" },
		{ { "run", "--format", "table," }, "--format: empty element" },
		{ { "run", "--load", "cpu:1," }, "--load: empty element" },
		/* limits, and products that would overflow */
		{ { "run", "--interval", "100000000s", "--samples", "1" },
		  "--interval: \"100000000s\" must be at most 60s" },
		{ { "run", "--duration", "8000000s" }, "must be at most 604800s" },
		{ { "run", "--interval", "1s", "--samples", "1000000" },
		  "over the 7-day limit" },
		{ { "run", "--interval", "60s", "--samples", "1000000000", "--warmup",
		    "1000000000", "--rounds", "1000" },
		  "more than 292 years" },
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

/* Refused input makes no report folder: nothing is half-written. */
static void test_bad_input_writes_nothing(void)
{
	static const char *const cases[][8] = {
		{ "run", "--load", "nonsense", "--out", "build/test-refused" },
		{ "run", "--interval", "1s", "--samples", "1000000", "--out",
		  "build/test-refused" },
	};
	struct stat st;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tool_output output;

		tool_run(cases[i], &output);
		CU_ASSERT_EQUAL(output.status, 2);
		CU_ASSERT_EQUAL(stat("build/test-refused", &st), -1);
		tool_free(&output);
	}
}

static void test_help_and_version(void)
{
	static const char *const help[] = { "run", "--help", NULL };
	static const char *const version[] = { "--version", NULL };
	static const char *const list[] = { "list", NULL };
	static const char *const suites[] = { "list", "--suites", NULL };
	struct tool_output output;

	tool_run(help, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "--interval LIST"));
	tool_free(&output);
	tool_run(version, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_EQUAL(strncmp(output.out, "timerlab ", 9), 0);
	tool_free(&output);
	tool_run(suites, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	for (size_t i = 0; i < 4; i++)
		CU_ASSERT_PTR_NOT_NULL(
			strstr(output.out,
			       (const char *[]){ "quick", "default", "full", "ci" }[i]));
	tool_free(&output);
	tool_run(list, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "timerfd"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "read (default), poll, epoll"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "no periodic arming"));
	tool_free(&output);
}

/* Gates on a run: a limit no wakeup can meet trips, naming cell and
 * limit, exit 1; the ci suite with a generous limit passes, and the result
 * records both gates and their verdicts. */
static void test_gates_on_a_run(void)
{
	char dir[] = "/tmp/timerlab-gates-XXXXXX", path[256], why[512];
	const char *tight[] = { "run",	    "--path",	 "timerfd:read",
				"--clock",  "monotonic", "--arm",
				"abs",	    "--samples", "20",
				"--rounds", "1",	 "--max-p99",
				"1ns",	    "--out",	 dir,
				"--quiet",  NULL };
	const char *ci[] = { "run",    "--suite", "ci",	     "--max-p99", "10s",
			     "--path", "timerfd", "--clock", "monotonic", "--samples",
			     "80",     "--out",	  dir,	     "--quiet",	  NULL };
	struct tool_output output;
	struct tl_result result;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(tight, &output);
	CU_ASSERT_EQUAL(output.status, 1);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.err,
		       "timerlab: gate max_p99 1ns: timerfd:read/monotonic/abs@1ms is "));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.out, "timerfd")); /* the table still prints */
	tool_free(&output);

	tool_run(ci, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(result.options.suite, "ci");
	CU_ASSERT_EQUAL(result.options.rounds, 8);
	CU_ASSERT_EQUAL_FATAL(result.gate_count, 2);
	CU_ASSERT_STRING_EQUAL(result.gates[0].rule, "fail_on_early");
	CU_ASSERT_STRING_EQUAL(result.gates[1].rule, "max_p99");
	CU_ASSERT_TRUE(result.gates[0].passed && result.gates[1].passed);
	/* 80 samples in 8 rounds: every cell has 8 rounds of 10 */
	for (size_t i = 0; i < result.cell_count; i++) {
		CU_ASSERT_EQUAL(result.cells[i].round_count, 8);
		CU_ASSERT_EQUAL(result.cells[i].rounds[7].samples, 10);
	}
	tl_result_free(&result);
}

/* run --checks: one result carries cells and checks; none fails here. */
static void test_run_checks(void)
{
	char dir[] = "/tmp/timerlab-run-checks-XXXXXX", path[256], why[512];
	const char *argv[] = { "run",	    "--checks",	 "--path",   "timerfd",
			       "--clock",   "monotonic", "--arm",    "abs",
			       "--samples", "20",	 "--rounds", "1",
			       "--out",	    dir,	 "--format", "json,junit,ktap",
			       "--quiet",   NULL };
	struct tool_output output;
	struct tl_result result;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_EQUAL(strncmp(output.out, "KTAP version 1\n", 15), 0);
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(result.cell_count, 1);
	CU_ASSERT_EQUAL(result.cells[0].samples, 20);
	CU_ASSERT(result.check_count >= 6);
	for (size_t i = 0; i < result.check_count; i++)
		CU_ASSERT(result.checks[i].verdict == TL_VERDICT_PASS ||
			  result.checks[i].verdict == TL_VERDICT_SKIP ||
			  result.checks[i].verdict == TL_VERDICT_XFAIL);
	tl_result_free(&result);
	snprintf(path, sizeof(path), "%s/latest/junit.xml", dir);
	CU_ASSERT_EQUAL(access(path, R_OK), 0);
	/* one KTAP document: the cells and the checks as two subtests */
	snprintf(path, sizeof(path), "%s/latest/result.ktap", dir);
	char *text = tree_read(path);
	struct ktap_document document;
	struct ktap_parsed cells, checks;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	ktap_parse_document(text, &document);
	CU_ASSERT_TRUE_FATAL(document.valid);
	CU_ASSERT_EQUAL_FATAL(document.subtests, 2);
	CU_ASSERT_STRING_EQUAL(document.names[0], "cells");
	CU_ASSERT_STRING_EQUAL(document.names[1], "checks");
	ktap_parse_flat(document.texts[0], false, &cells);
	CU_ASSERT_TRUE(cells.valid);
	CU_ASSERT_EQUAL(cells.planned, 1);
	CU_ASSERT_EQUAL(cells.verdicts[0], TL_VERDICT_PASS);
	CU_ASSERT_TRUE(document.ok[0]);
	ktap_parse(document.texts[1], &checks);
	CU_ASSERT_TRUE(checks.valid);
	CU_ASSERT(checks.planned >= 6);
	ktap_document_free(&document);
	free(text);
}

void tests_integration(void)
{
	CU_pSuite suite = tests_suite("integration");

	CU_add_test(suite, "every clock-nanosleep and timerfd cell", test_every_cell);
	CU_add_test(suite, "bad input: exit 2 and one line", test_bad_input);
	CU_add_test(suite, "refused input writes nothing", test_bad_input_writes_nothing);
	CU_add_test(suite, "help, version, list", test_help_and_version);
	CU_add_test(suite, "gates on a run, the ci suite", test_gates_on_a_run);
	CU_add_test(suite, "run --checks: cells and checks in one result",
		    test_run_checks);
}
