/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `timerlab compare` from the outside, on the real results and captures in
 * tests/data: a result against itself, a regression made from one, three
 * results, every format and --out, cyclictest's captures, and every bad
 * input, each one line naming the file or the gate and exit 2.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"
#include "tool.h"
#include "tree.h"

#define DRIFT_1 "tests/data/drift-1.json"
#define DRIFT_2 "tests/data/drift-2.json"
#define DRIFT_3 "tests/data/drift-3.json"

static char tool_dir[] = "/tmp/timerlab-compare-XXXXXX";

static int tool_setup(void)
{
	return tree_temporary(tool_dir) ? 0 : 1;
}

static int tool_cleanup(void)
{
	char command[128];

	snprintf(command, sizeof(command), "rm -rf %s", tool_dir);
	return system(command) == 0 ? 0 : 1;
}

/* dir/name, in a static buffer of its own for each of a few calls. */
static const char *tool_path(const char *name)
{
	static char paths[4][256];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", tool_dir, name);
	return path;
}

static void tool_write(const char *name, const char *text, size_t length)
{
	FILE *file = fopen(tool_path(name), "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fwrite(text, 1, length, file);
	fclose(file);
}

/* drift-1 with one field of every cell and round scaled, saved as name. */
static void tool_scaled(const char *name, const char *field, double factor)
{
	json_t *root = json_load_file(DRIFT_1, 0, NULL), *cell, *round;
	size_t i, j;

	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	json_array_foreach(json_object_get(root, "cells"), i, cell)
	{
		json_t *value = json_object_get(cell, field);

		json_object_set_new(
			cell, field,
			json_integer((json_int_t)((double)json_integer_value(value) *
						  factor)));
		json_array_foreach(json_object_get(cell, "rounds"), j, round)
		{
			value = json_object_get(round, field);
			json_object_set_new(
				round, field,
				json_integer(
					(json_int_t)((double)json_integer_value(value) *
						     factor)));
		}
	}
	CU_ASSERT_EQUAL(json_dump_file(root, tool_path(name), 0), 0);
	json_decref(root);
}

/* A result against itself: no change anywhere, every gate passes. */
static void test_itself(void)
{
	const char *argv[] = { "compare",  DRIFT_1,  DRIFT_1,	  "--format",
			       "json",	   "--gate", "p99:+0%",	  "--gate",
			       "max:+0us", "--gate", "missed:+0", NULL };
	struct tool_output output;
	json_t *root;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	root = json_loads(output.out, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(root, "schema")),
			       "timerlab.comparison/1");
	CU_ASSERT_TRUE(json_is_true(json_object_get(root, "passed")));
	CU_ASSERT_TRUE(json_is_true(json_object_get(root, "like_for_like")));
	CU_ASSERT_EQUAL(json_array_size(json_object_get(root, "cells")), 22);
	CU_ASSERT_PTR_NULL(strstr(output.out, "\"significant\": true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "\"significant\": false"));
	/* one file twice: the labels are numbered apart */
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "drift-1.json#2"));
	json_decref(root);
	tool_free(&output);
}

/* p99 three times as high in every round and cell: the gate trips, names
 * each cell on stderr, and the table marks the change. (Half as high again
 * trips only some: rounds of this machine's drift overlap at that.) */
static void test_regression(void)
{
	const char *argv[] = { "compare",
			       DRIFT_1,
			       NULL,
			       "--gate",
			       "p99:+20%",
			       "--gate",
			       "timerfd:*=max:+1us",
			       "--out",
			       NULL,
			       NULL };
	struct tool_output output;
	json_t *root;

	tool_scaled("slower.json", "p99_ns", 3.0);
	argv[2] = tool_path("slower.json");
	argv[8] = tool_path("comparison.json");
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.err,
		"timerlab: gate p99:+20%: clock-nanosleep/monotonic/abs@1ms in slower.json: p99 +200.0% ("));
	CU_ASSERT_EQUAL(tool_lines(output.err), 22);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "+200.0%*"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "tripped by 22 of 22 judged\n"));
	CU_ASSERT_PTR_NULL(
		strstr(output.err, "gate timerfd:*=max")); /* max is unchanged */
	root = json_load_file(tool_path("comparison.json"), 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	CU_ASSERT_TRUE(json_is_false(json_object_get(root, "passed")));
	CU_ASSERT_EQUAL(
		json_array_size(json_object_get(
			json_array_get(json_object_get(root, "gates"), 0), "trips")),
		22);
	json_decref(root);
	tool_free(&output);
}

/* The same regression measured under TCG: shown, never gated, and said. */
static void test_tcg_not_gated(void)
{
	const char *argv[] = { "compare",  DRIFT_1,    NULL,   "--gate",
			       "p99:+20%", "--format", "json", NULL };
	struct tool_output output;
	json_t *root, *gate;

	tool_scaled("slower-tcg.json", "p99_ns", 3.0);
	root = json_load_file(tool_path("slower-tcg.json"), 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	json_object_set_new(json_object_get(root, "env"), "accel", json_string("tcg"));
	CU_ASSERT_EQUAL(json_dump_file(root, tool_path("slower-tcg.json"), 0), 0);
	json_decref(root);
	argv[2] = tool_path("slower-tcg.json");
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.err,
		"timerlab: warning: gate p99:+20% did not gate 22 cells: measured under TCG (env.accel), whose time is emulated\n"));
	root = json_loads(output.out, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	gate = json_array_get(json_object_get(root, "gates"), 0);
	CU_ASSERT_TRUE(json_is_true(json_object_get(gate, "passed")));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(gate, "judged")), 0);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(gate, "under_tcg")), 22);
	/* the change itself is still there to read */
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "\"significant\": true"));
	json_decref(root);
	tool_free(&output);
}

/* Three results: a table per metric, a column per result. */
static void test_three(void)
{
	const char *argv[] = { "compare", DRIFT_1, DRIFT_2, DRIFT_3, NULL };
	struct tool_output output;
	char *row;
	double base, second, third;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	row = strstr(output.out, "\np99 (us)\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(row);
	row += strlen("\np99 (us)\n");
	CU_ASSERT_EQUAL(strncmp(row, "cell ", 5), 0);
	for (const char *label = "drift-1.json\0drift-2.json\0drift-3.json\0"; *label;
	     label += strlen(label) + 1)
		CU_ASSERT(strstr(row, label) && strstr(row, label) < strchr(row, '\n'));
	row = strchr(row, '\n') + 1; /* past the header */
	CU_ASSERT_EQUAL(sscanf(row, "clock-nanosleep/monotonic/abs@1ms %lf %lf %*s %lf",
			       &base, &second, &third),
			3);
	CU_ASSERT(base > 0 && second > 0 && third > 0);
	for (const char *metric = "p50\0p99.9 (us)\0max (us)\0stddev\0missed\0early\0";
	     *metric; metric += strlen(metric) + 1)
		CU_ASSERT_PTR_NOT_NULL(strstr(output.out, metric));
	tool_free(&output);
}

static void test_formats(void)
{
	const char *md[] = { "compare", DRIFT_1, DRIFT_2, "--format", "md", NULL };
	const char *junit[] = { "compare", DRIFT_1,  DRIFT_2,	 "--format",
				"junit",   "--gate", "p99:+20%", NULL };
	const char *lint[] = { "--noout", NULL, NULL };
	struct tool_output output, linted;

	tool_run(md, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "### timerlab compare\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "\n| cell | p50 | p99 |"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.out, "| `timerfd:read/monotonic/abs@1ms` |"));
	tool_free(&output);
	tool_run(junit, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.out, "<testsuite name=\"timerlab.compare.cells\" tests=\"22\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "name=\"p99:+20%\""));
	tool_write("junit.xml", output.out, strlen(output.out));
	if (tool_have("xmllint")) {
		lint[1] = tool_path("junit.xml");
		tool_run_program("xmllint", lint, &linted);
		CU_ASSERT_EQUAL(linted.status, 0);
		tool_free(&linted);
	}
	tool_free(&output);
}

/* cyclictest's runs against each other, and timerlab's cell against one. */
static void test_cyclictest(void)
{
	const char *runs[] = { "compare", "tests/data/cyclictest-t2-h50.txt",
			       "tests/data/cyclictest-t2-h50.json", NULL };
	const char *mixed[] = {
		"compare", DRIFT_1,    "tests/data/cyclictest-a1-h400.json",
		"--gate",  "p99:+20%", NULL
	};
	struct tool_output output;

	tool_run(runs, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.out, "\nclock-nanosleep/monotonic/abs@1ms/thread1\n"));
	tool_free(&output);
	tool_run(mixed, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	const char *row = strstr(output.out,
				 "\nclock-nanosleep/monotonic/abs@1ms\n  drift-1.json ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(row);
	row = strstr(row, "\n  cyclictest-a1-h400.json ");
	unsigned rounds = 99;
	CU_ASSERT_PTR_NOT_NULL_FATAL(row);
	CU_ASSERT_EQUAL(sscanf(row, " cyclictest-a1-h400.json %u", &rounds), 1);
	CU_ASSERT_EQUAL(rounds, 0); /* a capture has no rounds */
	/* no rounds: it says so rather than pass the gate in silence */
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.err, "gate p99:+20% could not test 1 cells"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.out, "rounds: drift-1.json 8, cyclictest-a1-h400.json 1"));
	tool_free(&output);
}

static void test_bad_inputs(void)
{
	const char *argv[] = { "compare", DRIFT_1, NULL, NULL, NULL, NULL };
	char *text = tree_read(DRIFT_1), *schema;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	tool_write("hello.txt", "hello\n", 6);
	tool_write("object.json", "{\"a\": 1}\n", 9);
	tool_write("truncated.json", text, strlen(text) / 2);
	schema = strstr(text, "timerlab.result/1");
	schema[strlen("timerlab.result/")] = '2';
	tool_write("schema.json", text, strlen(text));
	free(text);
	static const struct {
		const char *file, *message;
	} files[] = {
		{ "none.json", "none.json: cannot open" },
		{ "hello.txt", "hello.txt: line 1 column" },
		{ "object.json",
		  "object.json: schema: is missing: not a timerlab result" },
		{ "truncated.json", "truncated.json: line " },
		{ "schema.json",
		  "schema.json: schema: timerlab.result/2 is not timerlab.result/1" },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		argv[2] = tool_path(files[i].file);
		tool_expect_usage_error(argv, files[i].message);
	}
	argv[2] = "tests/data/cyclictest-t2-h50.txt";
	tool_expect_usage_error(
		argv,
		"drift-1.json and tests/data/cyclictest-t2-h50.txt have no cell and no check in common");
	argv[2] = DRIFT_2;
	argv[3] = "--gate";
	argv[4] = "p99:20%";
	tool_expect_usage_error(argv, "--gate \"p99:20%\": a latency gate is a rise");
	argv[3] = "--label";
	argv[4] = "a";
	tool_expect_usage_error(argv, "compare: --label: 1 labels for 2 results");
	argv[3] = "--out";
	argv[4] = "/nonexistent/comparison.json";
	tool_expect_usage_error(
		argv, "compare: --out: cannot write \"/nonexistent/comparison.json\"");
	argv[3] = "--format";
	argv[4] = "ktap";
	tool_expect_usage_error(argv, "timerlab compare does not write \"ktap\"");
	argv[2] = NULL;
	tool_expect_usage_error(argv, "compare: name BASE and at least one result");
}

static void test_strict(void)
{
	const char *argv[] = { "compare", DRIFT_1, NULL, NULL, NULL };
	struct tool_output output;

	tool_scaled("more-samples.json", "samples", 1); /* the same, then: */
	{
		json_t *root = json_load_file(tool_path("more-samples.json"), 0, NULL);

		json_object_set_new(json_object_get(root, "options"), "samples",
				    json_integer(4000));
		json_object_set_new(json_object_get(root, "env"), "kernel_release",
				    json_string("6.12.57+deb13-rt-amd64"));
		json_dump_file(root, tool_path("more-samples.json"), 0);
		json_decref(root);
	}
	argv[2] = tool_path("more-samples.json");
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.out,
		"not like for like: the results differ in\n  kernel release: 6.18.44-fc-v1045, 6.12.57+deb13-rt-amd64\n  samples: 6.18.44-fc-v1045 2000, 6.12.57+deb13-rt-amd64 4000\n"));
	CU_ASSERT(strstr(output.out, "not like for like") <
		  strstr(output.out, "cell / result"));
	tool_free(&output);
	argv[3] = "--strict";
	tool_expect_usage_error(argv,
				"compare --strict: not like for like: kernel release: ");
	tool_expect_usage_error(
		argv, "; samples: 6.18.44-fc-v1045 2000, 6.12.57+deb13-rt-amd64 4000");
}

void tests_compare_tool(void)
{
	CU_pSuite suite = CU_add_suite("compare: the command", tool_setup, tool_cleanup);

	CU_add_test(suite, "a result against itself", test_itself);
	CU_add_test(suite, "a regression trips the gate", test_regression);
	CU_add_test(suite, "under TCG: shown, not gated", test_tcg_not_gated);
	CU_add_test(suite, "three results, a column each", test_three);
	CU_add_test(suite, "md and junit", test_formats);
	CU_add_test(suite, "cyclictest's captures", test_cyclictest);
	CU_add_test(suite, "bad inputs: one line, exit 2", test_bad_inputs);
	CU_add_test(suite, "like for like, and --strict", test_strict);
}
