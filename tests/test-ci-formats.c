/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The formats of CI and lab systems (KCIDB, Bencher, github-action-
 * benchmark) against a fixed result: each document keeps its consumer's
 * rules (ci-format-rules.c, which a broken document is shown to fail), and
 * says of every cell and check what the result says: the status each
 * verdict maps to, p99 as the number, the rounds' spread as the bounds.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/compare-gate.h"
#include "../lib/format.h"
#include "../lib/gate.h"
#include "../lib/report-compare.h"
#include "../lib/report.h"
#include "ci-format-rules.h"
#include "compare-fixture.h"
#include "tests.h"
#include "tool.h"

static const struct tl_format_options ci_kcidb = { .kcidb_origin = "lab_1",
						   .kcidb_build_id = "kernelci:b-42" };

/* A measured cell of `rounds` rounds of 300 samples each, latencies from
 * low_us to low_us + span_us, every 50th woken early when early is set. */
static void ci_cell(struct tl_result *result, const char *key, const char *path,
		    const char *variant, const char *signal, const char *arm,
		    size_t rounds, int64_t low_us, int64_t span_us, bool early)
{
	struct tl_cell_result *cell;
	struct tl_hist *round = malloc(sizeof(*round)), *all = malloc(sizeof(*all));
	struct tl_stats stats;
	uint64_t random = (uint64_t)low_us * 7919 + rounds;

	CU_ASSERT_FATAL(round && all);
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup(key);
	cell->path = strdup(path);
	cell->variant = variant ? strdup(variant) : NULL;
	cell->signal = signal ? strdup(signal) : NULL;
	cell->clock = strdup(strstr(key, "realtime") ? "realtime" : "monotonic");
	cell->arm = strdup(arm);
	cell->interval_ns = 1000000;
	cell->cpu = -1;
	tl_stats_init(&stats);
	tl_hist_init(all);
	for (size_t r = 0; r < rounds; r++) {
		struct tl_round_summary block = { .loop_minor_faults = -1 };

		tl_hist_init(round);
		for (int i = 0; i < 300; i++) {
			int64_t latency =
				low_us * 1000 + (int64_t)(tests_random(&random) %
							  (uint64_t)(span_us * 1000));

			if (early && i % 50 == 3)
				latency = -1500;
			tl_stats_record(&stats, latency, 0, 0);
			tl_hist_record(round, latency);
		}
		tl_hist_merge(all, round);
		CU_ASSERT_EQUAL_FATAL(tl_cell_result_add_round(cell, round, &block), 0);
	}
	CU_ASSERT_EQUAL_FATAL(tl_cell_result_summarise(cell, &stats, all), 0);
	free(round);
	free(all);
}

static void ci_check(struct tl_result *result, const char *name, enum tl_verdict verdict)
{
	struct tl_check_result *check;

	CU_ASSERT_EQUAL_FATAL(tl_result_add_check(result, &check), 0);
	check->name = strdup(name);
	check->verdict = verdict;
	check->reason = strdup(verdict == TL_VERDICT_PASS ? "" : "because, \"quoted\"");
	check->duration_ns = 125000000;
}

/*
 * Six cells: one no gate judges (DONE), one over the p99 gate (FAIL), one
 * within it (PASS), one with early wakeups and a single round (FAIL, no
 * spread), one n/a (SKIP), one whose measurement failed (ERROR); and a check
 * of every verdict.
 */
static void ci_result(struct tl_result *result)
{
	static const enum tl_verdict verdicts[] = {
		TL_VERDICT_PASS, TL_VERDICT_FAIL,  TL_VERDICT_XFAIL,   TL_VERDICT_XPASS,
		TL_VERDICT_SKIP, TL_VERDICT_ERROR, TL_VERDICT_TIMEOUT,
	};
	const struct tl_gate gate = { .rule = TL_GATE_MAX_P99,
				      .pattern = "timerfd:*",
				      .limit_ns = 30000 };
	struct tl_cell_result *cell;

	tl_result_init(result);
	snprintf(result->started, sizeof(result->started), "2026-12-01T10:00:00Z");
	snprintf(result->env.hostname, sizeof(result->env.hostname), "board-7");
	snprintf(result->env.kernel_release, sizeof(result->env.kernel_release),
		 "6.12.57+deb13-amd64");
	snprintf(result->env.machine, sizeof(result->env.machine), "x86_64");
	ci_cell(result, "clock-nanosleep/monotonic/abs@1ms", "clock-nanosleep", NULL,
		NULL, "abs", 3, 10, 30, false);
	ci_cell(result, "timerfd:read/monotonic/abs@1ms", "timerfd", "read", NULL, "abs",
		3, 20, 30, false);
	ci_cell(result, "timerfd:read/monotonic/periodic@1ms", "timerfd", "read", NULL,
		"periodic", 3, 5, 10, false);
	ci_cell(result, "posix-timer:handler:SIGRTMIN/realtime/abs@1ms", "posix-timer",
		"handler", "SIGRTMIN", "abs", 1, 10, 20, true);
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup("alarm:handler/monotonic/abs@1s");
	cell->path = strdup("alarm");
	cell->variant = strdup("handler");
	cell->clock = strdup("monotonic");
	cell->arm = strdup("abs");
	cell->interval_ns = 1000000000;
	cell->cpu = -1;
	cell->unsupported = strdup("alarm takes whole seconds, no abs");
	ci_cell(result, "setitimer:handler/monotonic/rel@1ms", "setitimer", "handler",
		NULL, "rel", 2, 10, 20, false);
	result->cells[5].error = strdup("setitimer: EINVAL");
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "group.check-%s",
			 tl_verdict_name(verdicts[i]));
		ci_check(result, name, verdicts[i]);
	}
	CU_ASSERT_EQUAL(tl_gates_judge(&gate, 1, result), 1);
}

/* What a writer of a result renders, parsed. */
static json_t *ci_render(int (*write)(FILE *, const struct tl_result *,
				      const struct tl_format_options *),
			 const struct tl_result *result)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	json_error_t error;
	json_t *document;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(write(out, result, &ci_kcidb), 0);
	fclose(out);
	document = json_loads(text, 0, &error);
	if (!document)
		fprintf(stderr, "\n%s: %s\n", error.text, text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(document);
	free(text);
	return document;
}

static int ci_write_bmf(FILE *out, const struct tl_result *result,
			const struct tl_format_options *options)
{
	(void)options;
	return tl_report_bmf(out, result);
}

static int ci_write_gab(FILE *out, const struct tl_result *result,
			const struct tl_format_options *options)
{
	(void)options;
	return tl_report_gab(out, result);
}

static void ci_expect_rules(const char *(*rules)(const json_t *, char *, size_t),
			    const json_t *document)
{
	char problem[512];
	const char *broken = rules(document, problem, sizeof(problem));

	if (broken)
		fprintf(stderr, "\n%s\n", broken);
	CU_ASSERT_PTR_NULL(broken);
}

/* The test of the cell or check whose id ends in ":<kind>:<name>". */
static const json_t *ci_kcidb_test(const json_t *document, const char *kind,
				   const char *name)
{
	char tail[256];
	size_t index;
	json_t *test;

	snprintf(tail, sizeof(tail), ":%s:%s", kind, name);
	json_array_foreach(json_object_get(document, "tests"), index, test)
	{
		const char *id = json_string_value(json_object_get(test, "id"));
		size_t length = strlen(id), tail_length = strlen(tail);

		if (length >= tail_length && strcmp(id + length - tail_length, tail) == 0)
			return test;
	}
	CU_FAIL("no KCIDB test of that cell or check");
	return NULL;
}

static const char *ci_text(const json_t *object, const char *key)
{
	const char *text = json_string_value(json_object_get(object, key));

	return text ? text : "";
}

static void test_kcidb_result(void)
{
	static const char *const cell_status[] = { "DONE", "FAIL", "PASS",
						   "FAIL", "SKIP", "ERROR" };
	static const char *const check_status[] = { "PASS", "FAIL",  "DONE", "PASS",
						    "SKIP", "ERROR", "ERROR" };
	struct tl_result result;
	json_t *document;

	ci_result(&result);
	document = ci_render(tl_report_kcidb, &result);
	ci_expect_rules(rules_kcidb, document);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(
				json_object_get(document, "version"), "minor")),
			3);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(document, "tests")),
			result.cell_count + result.check_count);
	for (size_t i = 0; i < result.cell_count; i++) {
		const struct tl_cell_result *cell = &result.cells[i];
		const json_t *test = ci_kcidb_test(document, "cell", cell->key);
		const json_t *number = json_object_get(test, "number");

		CU_ASSERT_STRING_EQUAL(ci_text(test, "status"), cell_status[i]);
		CU_ASSERT_STRING_EQUAL(ci_text(test, "origin"), "lab_1");
		CU_ASSERT_STRING_EQUAL(ci_text(test, "build_id"), "kernelci:b-42");
		CU_ASSERT_STRING_EQUAL(ci_text(test, "start_time"),
				       "2026-12-01T10:00:00Z");
		CU_ASSERT_PTR_NOT_NULL(
			strstr(ci_text(json_object_get(test, "environment"), "comment"),
			       "6.12.57+deb13-amd64"));
		CU_ASSERT_STRING_EQUAL(ci_text(json_object_get(test, "misc"), "key"),
				       cell->key);
		CU_ASSERT_EQUAL(number != NULL, cell->samples > 0);
		if (number) {
			CU_ASSERT_DOUBLE_EQUAL(
				json_number_value(json_object_get(number, "value")),
				(double)cell->p99_ns / 1e9, 1e-15);
			CU_ASSERT_STRING_EQUAL(ci_text(number, "unit"), "s");
			CU_ASSERT_STRING_EQUAL(ci_text(number, "prefix"), "metric");
			CU_ASSERT_DOUBLE_EQUAL(
				json_number_value(json_object_get(test, "duration")),
				(double)(cell->samples + cell->missed) * 1e-3, 1e-9);
		}
	}
	CU_ASSERT_STRING_EQUAL(
		ci_text(ci_kcidb_test(document, "cell", result.cells[3].key), "path"),
		"timerlab.latency.posix-timer.handler.SIGRTMIN.realtime.abs.1000000");
	CU_ASSERT_STRING_EQUAL(
		ci_text(ci_kcidb_test(document, "cell", result.cells[0].key), "path"),
		"timerlab.latency.clock-nanosleep.monotonic.abs.1000000");
	for (size_t i = 0; i < result.check_count; i++) {
		const struct tl_check_result *check = &result.checks[i];
		const json_t *test = ci_kcidb_test(document, "check", check->name);
		char path[128];

		snprintf(path, sizeof(path), "timerlab.check.%s", check->name);
		CU_ASSERT_STRING_EQUAL(ci_text(test, "path"), path);
		CU_ASSERT_STRING_EQUAL(ci_text(test, "status"), check_status[i]);
		CU_ASSERT_STRING_EQUAL(ci_text(json_object_get(test, "misc"), "verdict"),
				       tl_verdict_name(check->verdict));
		CU_ASSERT_DOUBLE_EQUAL(
			json_number_value(json_object_get(test, "duration")), 0.125,
			1e-12);
	}
	json_decref(document);
	tl_result_free(&result);
}

/* The rules catch what they are there for: each broken copy fails. */
static void test_kcidb_rules_fail(void)
{
	static const char *const breaks[][3] = {
		{ "comment", NULL, "null" },  { "path", "a..b", "path" },
		{ "status", "OK", "status" }, { "origin", "Lab", "origin" },
		{ "id", "lab:1", "origin" },  { "start_time", "yesterday", "start_time" },
	};
	struct tl_result result;
	json_t *document;
	char problem[512];

	ci_result(&result);
	document = ci_render(tl_report_kcidb, &result);
	for (size_t b = 0; b < sizeof(breaks) / sizeof(breaks[0]); b++) {
		json_t *copy = json_deep_copy(document);
		json_t *test = json_array_get(json_object_get(copy, "tests"), 1);
		const char *broken;

		json_object_set_new(test, breaks[b][0],
				    breaks[b][1] ? json_string(breaks[b][1])
						 : json_null());
		broken = rules_kcidb(copy, problem, sizeof(problem));
		CU_ASSERT_PTR_NOT_NULL(broken);
		CU_ASSERT_PTR_NOT_NULL(broken ? strstr(broken, breaks[b][2]) : NULL);
		json_decref(copy);
	}
	json_t *copy = json_deep_copy(document), *tests = json_object_get(copy, "tests");

	json_array_append(tests, json_array_get(tests, 0)); /* a twin id */
	CU_ASSERT_PTR_NOT_NULL(rules_kcidb(copy, problem, sizeof(problem)));
	json_object_set_new(json_object_get(json_array_get(tests, 0), "number"), "units",
			    json_string("s"));
	CU_ASSERT_PTR_NOT_NULL(rules_kcidb(copy, problem, sizeof(problem)));
	json_decref(copy);
	json_decref(document);
	tl_result_free(&result);
}

/* BMF and gab: a benchmark per measured cell, p50, p99 and max as the cell
 * has them, the rounds' spread around them. */
static void test_benchmark_formats(void)
{
	struct tl_result result;
	json_t *bmf, *gab;
	size_t measured = 0;

	ci_result(&result);
	bmf = ci_render(ci_write_bmf, &result);
	gab = ci_render(ci_write_gab, &result);
	ci_expect_rules(rules_bmf, bmf);
	ci_expect_rules(rules_gab, gab);
	for (size_t i = 0; i < result.cell_count; i++) {
		const struct tl_cell_result *cell = &result.cells[i];
		const json_t *benchmark = json_object_get(bmf, cell->key);
		bool kept = !cell->unsupported && !cell->error;

		CU_ASSERT_EQUAL(benchmark != NULL, kept);
		if (!benchmark)
			continue;
		CU_ASSERT_EQUAL(json_object_size(benchmark), TL_ROUND_FIGURE_COUNT);
		for (int f = 0; f < TL_ROUND_FIGURE_COUNT; f++) {
			enum tl_round_figure figure = (enum tl_round_figure)f;
			const json_t *measure =
				json_object_get(benchmark, tl_round_figure_name(figure));
			const json_t *entry =
				json_array_get(gab, measured * 3 + (size_t)f);
			int64_t value = tl_cell_result_figure(cell, figure), low, high;
			bool spread =
				tl_cell_result_round_span(cell, figure, &low, &high);
			char name[256];
			long long range = -1;

			CU_ASSERT_EQUAL(
				json_integer_value(json_object_get(measure, "value")),
				value);
			CU_ASSERT_EQUAL(json_object_get(measure, "lower_value") != NULL,
					spread);
			snprintf(name, sizeof(name), "%s %s", cell->key,
				 tl_round_figure_name(figure));
			CU_ASSERT_STRING_EQUAL(ci_text(entry, "name"), name);
			CU_ASSERT_STRING_EQUAL(ci_text(entry, "unit"), "ns");
			CU_ASSERT_EQUAL(
				json_integer_value(json_object_get(entry, "value")),
				value);
			CU_ASSERT_EQUAL(json_object_get(entry, "range") != NULL, spread);
			if (!spread)
				continue;
			CU_ASSERT_EQUAL(json_integer_value(
						json_object_get(measure, "lower_value")),
					low);
			CU_ASSERT_EQUAL(json_integer_value(
						json_object_get(measure, "upper_value")),
					high);
			CU_ASSERT(low <= value && value <= high);
			/* every round within value +- range, one at its edge */
			CU_ASSERT_EQUAL(
				sscanf(ci_text(entry, "range"), "\xc2\xb1 %lld", &range),
				1);
			CU_ASSERT(value - range <= low && high <= value + range);
			CU_ASSERT(value - range == low || value + range == high);
		}
		measured++;
	}
	CU_ASSERT_EQUAL(json_array_size(gab), measured * 3);
	json_decref(bmf);
	json_decref(gab);
	tl_result_free(&result);
}

void tests_ci_formats(void)
{
	CU_pSuite suite = tests_suite("ci-formats");

	CU_add_test(suite, "kcidb: a test per cell and check, statuses",
		    test_kcidb_result);
	CU_add_test(suite, "kcidb: the rules fail a broken document",
		    test_kcidb_rules_fail);
	CU_add_test(suite, "bmf and gab: figures and spreads", test_benchmark_formats);
}
