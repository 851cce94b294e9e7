/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CI formats through the command line: their options refused with one
 * line, compare as KCIDB tests, and one real run writing every CI format at
 * once, each document keeping its rules and holding every cell and check of
 * the result saved beside it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/compare-gate.h"
#include "../lib/report-compare.h"
#include "../lib/result.h"
#include "ci-format-rules.h"
#include "compare-fixture.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

#define US 1000

static void test_options_refused(void)
{
	const char *no_build[] = { "run", "--format", "kcidb", "--kcidb-origin",
				   "lab", NULL };
	const char *no_origin[] = { "check",	"--out", "/tmp",
				    "--format", "kcidb", "--kcidb-build-id",
				    "x:1",	NULL };
	const char *colon[] = { "run", "--kcidb-origin", "lab:1", NULL };
	const char *upper[] = { "report", "--kcidb-origin", "Lab", "r.json", NULL };
	const char *bare_id[] = { "run", "--kcidb-build-id", "42", NULL };
	const char *empty_id[] = { "compare", "--kcidb-build-id", "", "a", "b", NULL };
	const char *three[] = { "compare",
				"--format",
				"kcidb",
				"--kcidb-origin",
				"lab",
				"--kcidb-build-id",
				"lab:1",
				"tests/data/drift-1.json",
				"tests/data/drift-2.json",
				"tests/data/drift-3.json",
				NULL };
	const char *report[] = { "report", "--format", "kcidb", "--kcidb-origin",
				 "lab",	   "r.json",   NULL };

	tool_expect_usage_error(no_build, "--kcidb-build-id");
	tool_expect_usage_error(no_origin, "--kcidb-origin");
	tool_expect_usage_error(colon, "--kcidb-origin: \"lab:1\"");
	tool_expect_usage_error(upper, "--kcidb-origin: \"Lab\"");
	tool_expect_usage_error(bare_id, "--kcidb-build-id: \"42\"");
	tool_expect_usage_error(empty_id, "--kcidb-build-id");
	tool_expect_usage_error(three, "one build");
	tool_expect_usage_error(report, "--kcidb-build-id");
}

static const char *ci_text(const json_t *object, const char *key)
{
	const char *text = json_string_value(json_object_get(object, key));

	return text ? text : "";
}

/* BASE and NEW: "up" 30 % worse in every round (trips p99:+20%), "same",
 * "gone" only in BASE, "na" n/a in NEW. */
static void test_compare_kcidb(void)
{
	static const int64_t p50[8] = { 20 * US, 20 * US, 20 * US, 20 * US,
					20 * US, 20 * US, 20 * US, 20 * US };
	int64_t base[8], worse[8];
	struct tl_compare_input inputs[2];
	struct tl_comparison comparison;
	struct tl_compare_gate gate;
	struct tl_format_options options = { .kcidb_origin = "lab",
					     .kcidb_build_id = "kernelci:77" };
	char *text = NULL, problem[512], why[256];
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	json_t *document, *tests;

	for (int r = 0; r < 8; r++) {
		base[r] = (100 + r) * US;
		worse[r] = (130 + r) * US;
	}
	fixture_input(&inputs[0], "base");
	fixture_input(&inputs[1], "new");
	snprintf(inputs[1].result.started, sizeof(inputs[1].result.started),
		 "2026-12-01T11:00:00Z");
	fixture_cell(&inputs[0], "up", 8, p50, base, base, 20 * US, 104 * US, 108 * US, 0,
		     0);
	fixture_cell(&inputs[1], "up", 8, p50, worse, worse, 20 * US, 134 * US, 138 * US,
		     0, 0);
	fixture_cell(&inputs[0], "same", 8, p50, base, base, 20 * US, 104 * US, 108 * US,
		     0, 0);
	fixture_cell(&inputs[1], "same", 8, p50, base, base, 20 * US, 104 * US, 108 * US,
		     0, 0);
	fixture_cell(&inputs[0], "gone", 8, p50, base, base, 20 * US, 104 * US, 108 * US,
		     0, 0);
	fixture_cell(&inputs[0], "na", 8, p50, base, base, 20 * US, 104 * US, 108 * US, 0,
		     0);
	fixture_unsupported(&inputs[1], "na", "not on this kernel");
	fixture_compare(&comparison, inputs, 2);
	CU_ASSERT_EQUAL(tl_compare_gate_parse("p99:+20%", &gate, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(tl_compare_gates_judge(&comparison, &gate, 1), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(tl_report_compare_kcidb(out, &comparison, &options), 0);
	fclose(out);
	document = json_loads(text, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(document);
	CU_ASSERT_PTR_NULL(rules_kcidb(document, problem, sizeof(problem)));
	tests = json_object_get(document, "tests");
	CU_ASSERT_EQUAL_FATAL(json_array_size(tests), 5);
	static const char *const expected[][3] = {
		{ "cell:up", "FAIL", "timerlab.compare.latency.clock-nanosleep" },
		{ "cell:same", "DONE", "timerlab.compare.latency.clock-nanosleep" },
		{ "cell:gone", "SKIP", "timerlab.compare.latency.clock-nanosleep" },
		{ "cell:na", "SKIP", "timerlab.compare.latency.clock-nanosleep" },
		{ "gate:1", "FAIL", "timerlab.compare.gate.p99__20_" },
	};
	for (size_t i = 0; i < 5; i++) {
		const json_t *test = json_array_get(tests, i);
		const char *id = ci_text(test, "id");

		CU_ASSERT_STRING_EQUAL(id + strlen(id) - strlen(expected[i][0]),
				       expected[i][0]);
		CU_ASSERT_STRING_EQUAL(ci_text(test, "status"), expected[i][1]);
		CU_ASSERT_EQUAL(strncmp(ci_text(test, "path"), expected[i][2],
					strlen(expected[i][2])),
				0);
		CU_ASSERT_STRING_EQUAL(ci_text(test, "build_id"), "kernelci:77");
		CU_ASSERT_STRING_EQUAL(ci_text(test, "start_time"),
				       "2026-12-01T11:00:00Z");
	}
	/* how "up" moved, and the gate it tripped */
	const json_t *up = json_array_get(tests, 0);
	const json_t *p99 = json_object_get(
		json_object_get(json_object_get(up, "misc"), "changes"), "p99");
	CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(p99, "value")), 134 * US,
			       1e-9);
	CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(p99, "base")), 104 * US,
			       1e-9);
	CU_ASSERT_TRUE(json_is_true(json_object_get(p99, "significant")));
	CU_ASSERT_PTR_NOT_NULL(strstr(ci_text(up, "comment"), "p99:+20%"));
	CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(
				       json_object_get(up, "number"), "value")),
			       134e-6, 1e-15);
	json_decref(document);
	free(text);
	tl_comparison_free(&comparison);
	fixture_free(inputs, 2);
}

static json_t *ci_load(const char *dir, const char *file)
{
	char path[256];
	json_error_t error;
	json_t *document;

	snprintf(path, sizeof(path), "%s/latest/%s", dir, file);
	document = json_load_file(path, 0, &error);
	if (!document)
		fprintf(stderr, "\n%s: %s\n", path, error.text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(document);
	return document;
}

static void ci_expect(const char *(*rules)(const json_t *, char *, size_t),
		      const json_t *document)
{
	char problem[512];
	const char *broken = rules(document, problem, sizeof(problem));

	if (broken)
		fprintf(stderr, "\n%s\n", broken);
	CU_ASSERT_PTR_NULL(broken);
}

/* Whether some KCIDB test's id ends in ":<kind>:<name>". */
static bool ci_has_test(const json_t *tests, const char *kind, const char *name)
{
	char tail[256];
	size_t index, tail_length;
	json_t *test;

	tail_length = (size_t)snprintf(tail, sizeof(tail), ":%s:%s", kind, name);
	json_array_foreach(tests, index, test)
	{
		const char *id = ci_text(test, "id");

		if (strlen(id) >= tail_length &&
		    strcmp(id + strlen(id) - tail_length, tail) == 0)
			return true;
	}
	return false;
}

/* lava.txt: a line per cell, then per check, each "cell.<name> --result R"
 * or "check.<name> --result R" with R LAVA's pass, fail or skip. */
static void ci_expect_lava(const char *dir, size_t cells, size_t checks)
{
	char path[256], line[1024];
	size_t lines = 0;
	FILE *file;

	snprintf(path, sizeof(path), "%s/latest/lava.txt", dir);
	file = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	while (fgets(line, sizeof(line), file)) {
		const char *prefix = lines < cells ? "cell." : "check.";
		const char *result = strstr(line, " --result ");

		CU_ASSERT_EQUAL(strncmp(line, prefix, strlen(prefix)), 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(result);
		result += strlen(" --result ");
		CU_ASSERT(strncmp(result, "pass", 4) == 0 ||
			  strncmp(result, "fail", 4) == 0 ||
			  strncmp(result, "skip", 4) == 0);
		lines++;
	}
	fclose(file);
	CU_ASSERT_EQUAL(lines, cells + checks);
}

/* The run the CI formats were made for: the quick suite and the checks,
 * every CI format at once. */
static void test_run_writes_every_ci_format(void)
{
	char dir[] = "/tmp/timerlab-ci-XXXXXX", path[256], why[256];
	const char *run[] = { "run",
			      "--suite",
			      "quick",
			      "--checks",
			      "--format",
			      "kcidb,lava,bmf,gab,json",
			      "--kcidb-origin",
			      "x",
			      "--kcidb-build-id",
			      "x:1",
			      "--out",
			      dir,
			      "--quiet",
			      NULL };
	struct tool_output output;
	struct tl_result result;
	json_t *kcidb, *bmf, *gab, *tests;
	size_t measured = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(run, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	kcidb = ci_load(dir, "kcidb.json");
	bmf = ci_load(dir, "bmf.json");
	gab = ci_load(dir, "gab.json");
	ci_expect(rules_kcidb, kcidb);
	ci_expect(rules_bmf, bmf);
	ci_expect(rules_gab, gab);
	ci_expect_lava(dir, result.cell_count, result.check_count);
	tests = json_object_get(kcidb, "tests");
	CU_ASSERT(result.cell_count > 0 && result.check_count > 0);
	CU_ASSERT_EQUAL(json_array_size(tests), result.cell_count + result.check_count);
	for (size_t i = 0; i < result.cell_count; i++) {
		const struct tl_cell_result *cell = &result.cells[i];
		bool kept = !cell->unsupported && !cell->error && cell->samples;

		CU_ASSERT_TRUE(ci_has_test(tests, "cell", cell->key));
		CU_ASSERT_EQUAL(json_object_get(bmf, cell->key) != NULL, kept);
		measured += kept;
	}
	for (size_t i = 0; i < result.check_count; i++)
		CU_ASSERT_TRUE(ci_has_test(tests, "check", result.checks[i].name));
	CU_ASSERT_EQUAL(json_object_size(bmf), measured);
	CU_ASSERT_EQUAL(json_array_size(gab), 3 * measured);
	json_decref(kcidb);
	json_decref(bmf);
	json_decref(gab);
	tl_result_free(&result);
	tree_remove(dir);
}

void tests_ci_formats_tool(void)
{
	CU_pSuite suite = tests_suite("ci-formats-tool");

	CU_add_test(suite, "kcidb options refused in one line", test_options_refused);
	CU_add_test(suite, "compare as kcidb: cells and gates", test_compare_kcidb);
	CU_add_test(suite, "run --suite quick --checks writes every CI format",
		    test_run_writes_every_ci_format);
}
