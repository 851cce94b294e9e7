/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Suites (built in and files) and gates on a result built in the test. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness/options.h"
#include "../harness/suite.h"
#include "../lib/gate.h"
#include "../lib/time.h"
#include "tests.h"

static char *suite_file(const char *json)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/timerlab-suite-XXXXXX.json");
	fd = mkstemps(path, 5);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
	close(fd);
	return path;
}

static int suite_parse(const char *suite, const char *extra,
		       struct tl_run_options *options, char *why, size_t why_size)
{
	char *argv[] = { "run", "--suite", (char *)suite, (char *)extra, NULL };

	return tl_run_options_parse(extra ? 4 : 3, argv, options, why, why_size);
}

static void test_builtin_suites(void)
{
	struct tl_run_options options;
	char why[512];

	for (size_t i = 0; tl_builtin_suites[i].name; i++)
		CU_ASSERT_EQUAL(suite_parse(tl_builtin_suites[i].name, NULL, &options,
					    why, sizeof(why)),
				0);
	CU_ASSERT_EQUAL(suite_parse("quick", NULL, &options, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(options.samples, 500);
	CU_ASSERT_EQUAL(options.clock_count, 1);
	CU_ASSERT_FALSE(options.arms[TL_ARM_REL]);
	CU_ASSERT_EQUAL(suite_parse("full", NULL, &options, why, sizeof(why)), 0);
	CU_ASSERT_TRUE(options.all_variants);
	CU_ASSERT_EQUAL(options.interval_count, 3);
	CU_ASSERT_EQUAL(options.rounds, 8);
	CU_ASSERT_EQUAL(suite_parse("ci", NULL, &options, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(options.rounds, 8);
	CU_ASSERT_EQUAL_FATAL(options.gate_count, 1);
	CU_ASSERT_EQUAL(options.gates[0].rule, TL_GATE_FAIL_ON_EARLY);
}

/* A file with every kind of key; the command line wins over it, and adds
 * gates to its gates. */
static void test_suite_file(void)
{
	struct tl_run_options options;
	char why[512];
	const char *path = suite_file(
		"{\"description\": \"mine\", \"path\": [\"timerfd:poll\", \"clock-nanosleep\"], \"clock\": \"realtime\", \"arm\": \"abs\", \"interval\": [\"250us\", \"2ms\"], \"samples\": 123, \"warmup\": 0, \"rounds\": 3, \"fail_on_early\": true, \"max_p99\": [\"timerfd:*=200us\", \"1ms\"], \"max_latency\": \"5ms\"}");

	CU_ASSERT_EQUAL_FATAL(suite_parse(path, NULL, &options, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(options.spec_count, 2);
	CU_ASSERT_EQUAL(options.clocks[0], CLOCK_REALTIME);
	CU_ASSERT_EQUAL(options.interval_count, 2);
	CU_ASSERT_EQUAL(options.intervals_ns[1], 2 * TL_NS_PER_MS);
	CU_ASSERT_EQUAL(options.samples, 123);
	CU_ASSERT_EQUAL(options.warmup, 0);
	CU_ASSERT_EQUAL(options.rounds, 3);
	CU_ASSERT_EQUAL_FATAL(options.gate_count, 4);
	CU_ASSERT_STRING_EQUAL(options.gates[1].pattern, "timerfd:*");
	CU_ASSERT_EQUAL(options.gates[1].limit_ns, 200 * TL_NS_PER_US);

	CU_ASSERT_EQUAL(suite_parse(path, "--samples=77", &options, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(options.samples, 77);
	CU_ASSERT_EQUAL(suite_parse(path, "--max-p99=9ms", &options, why, sizeof(why)),
			0);
	CU_ASSERT_EQUAL(options.gate_count, 5);
	CU_ASSERT_EQUAL(suite_parse(path, "--interval=5ms", &options, why, sizeof(why)),
			0);
	CU_ASSERT_EQUAL(options.interval_count, 1);
	CU_ASSERT_EQUAL(options.intervals_ns[0], 5 * TL_NS_PER_MS);
	unlink(path);
}

static void test_suite_bad(void)
{
	static const struct {
		const char *json;
		const char *message;
	} cases[] = {
		{ "{\"sampels\": 100}", "unknown key \"sampels\"" },
		{ "{\"samples\": 0}", "samples: \"0\" is not a whole number" },
		{ "{\"samples\": [1, 2]}",
		  "samples: must be a string or a whole number" },
		{ "{\"samples\": 1.5}", "samples: must be a string or a whole number" },
		{ "{\"fail_on_early\": \"yes\"}",
		  "fail_on_early: must be true or false" },
		{ "{\"interval\": \"0ms\"}",
		  "interval: \"0ms\" is not a valid duration" },
		{ "{\"clock\": []}", "clock: must be a string or an array of strings" },
		{ "{\"max_p99\": \"=1ms\"}",
		  "max_p99: \"=1ms\": the cell glob before = is empty" },
		{ "{\"path\": \"nope\"}", "path: unknown path \"nope\"" },
		{ "[1]", "a suite is a JSON object of options" },
		{ "{\"samples\": ", "end of file" },
	};
	struct tl_run_options options;
	char why[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = suite_file(cases[i].json);

		CU_ASSERT_EQUAL(suite_parse(path, NULL, &options, why, sizeof(why)),
				-EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, cases[i].message));
		CU_ASSERT_PTR_NOT_NULL(strstr(why, path)); /* the file is named */
		if (!strstr(why, cases[i].message))
			fprintf(stderr, "\n%s -> %s\n", cases[i].json, why);
		unlink(path);
	}
	CU_ASSERT_EQUAL(suite_parse("nightly", NULL, &options, why, sizeof(why)),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "unknown suite \"nightly\""));
	CU_ASSERT_EQUAL(
		suite_parse("/nonexistent/s.json", NULL, &options, why, sizeof(why)),
		-EINVAL);
}

static void gate_cell(struct tl_result *result, const char *key, int64_t p99, int64_t max,
		      uint64_t early, bool unsupported)
{
	struct tl_cell_result *cell;

	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup(key);
	cell->samples = unsupported ? 0 : 100;
	cell->p99_ns = p99;
	cell->max_ns = max;
	cell->early = early;
	if (unsupported)
		cell->unsupported = strdup("cannot");
}

static void test_gates(void)
{
	struct tl_result result;
	struct tl_gate gates[4];
	char why[256];

	tl_result_init(&result);
	gate_cell(&result, "timerfd:read/monotonic/abs@1ms", 300000, 900000, 0, false);
	gate_cell(&result, "timerfd:read/monotonic/rel@1ms", 100000, 200000, 0, false);
	gate_cell(&result, "clock-nanosleep/monotonic/abs@1ms", 50000, 5000000, 2, false);
	gate_cell(&result, "clock-nanosleep/monotonic/periodic@1ms", 0, 0, 0, true);

	gates[0] = (struct tl_gate){ .rule = TL_GATE_FAIL_ON_EARLY };
	gates[1].rule = TL_GATE_MAX_P99;
	CU_ASSERT_EQUAL(tl_gate_parse("timerfd:*=200us", &gates[1], why, sizeof(why)), 0);
	gates[2].rule = TL_GATE_MAX_LATENCY;
	CU_ASSERT_EQUAL(tl_gate_parse("10ms", &gates[2], why, sizeof(why)), 0);
	gates[3].rule = TL_GATE_MAX_P99;
	CU_ASSERT_EQUAL(
		tl_gate_parse("clock-nanosleep/*=1ms", &gates[3], why, sizeof(why)), 0);

	CU_ASSERT_EQUAL(tl_gates_judge(gates, 4, &result), 2);
	CU_ASSERT_EQUAL_FATAL(result.gate_count, 4);
	CU_ASSERT_FALSE(result.gates[0].passed); /* the early wakeups */
	CU_ASSERT_EQUAL_FATAL(result.gates[0].failure_count, 1);
	CU_ASSERT_STRING_EQUAL(result.gates[0].failures[0].key,
			       "clock-nanosleep/monotonic/abs@1ms");
	CU_ASSERT_EQUAL(result.gates[0].failures[0].value_ns, 2);
	CU_ASSERT_FALSE(result.gates[1].passed); /* timerfd abs p99 300us > 200us */
	CU_ASSERT_EQUAL_FATAL(result.gates[1].failure_count, 1);
	CU_ASSERT_STRING_EQUAL(result.gates[1].failures[0].key,
			       "timerfd:read/monotonic/abs@1ms");
	CU_ASSERT_EQUAL(result.gates[1].failures[0].value_ns, 300000);
	CU_ASSERT_TRUE(result.gates[2].passed); /* max 5ms <= 10ms */
	CU_ASSERT_TRUE(result.gates[3].passed); /* the n/a cell is not judged */
	CU_ASSERT_STRING_EQUAL(result.gates[1].rule, "max_p99");
	tl_result_free(&result);

	CU_ASSERT_EQUAL(tl_gate_parse("fast", &gates[0], why, sizeof(why)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not a valid limit"));
}

void tests_suite_gates(void)
{
	CU_pSuite suite = tests_suite("suites and gates");

	CU_add_test(suite, "built-in suites", test_builtin_suites);
	CU_add_test(suite, "a suite file, under the command line", test_suite_file);
	CU_add_test(suite, "bad suite files name the key", test_suite_bad);
	CU_add_test(suite, "gates trip and pass on a built result", test_gates);
}
