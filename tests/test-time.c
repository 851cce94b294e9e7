/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "../lib/time.h"
#include "tests.h"

static void test_duration_valid(void)
{
	static const struct {
		const char *text;
		int64_t ns;
	} cases[] = {
		{ "100ns", 100 },
		{ "250us", 250000 },
		{ "1.5ms", 1500000 },
		{ "2s", 2000000000 },
		{ "1min", 60000000000 },
		{ "0.000000001s", 1 },
		{ "1.250us", 1250 },
		{ ".5ms", 500000 },
		{ "9223372036ms", 9223372036000000 },
		{ ".00000000005min", 3 }, /* a minute is not a power of ten of ns */
		{ "0.5min", 30000000000 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t ns = -1;
		const char *reason = NULL;

		CU_ASSERT_EQUAL_FATAL(tl_duration_parse(cases[i].text, 0, &ns, &reason),
				      0);
		CU_ASSERT_EQUAL(ns, cases[i].ns);
	}
}

static void test_duration_invalid(void)
{
	static const struct {
		const char *text;
		const char *reason;
	} cases[] = {
		{ "", "empty" },
		{ "-1ms", "negative" },
		{ "0ms", "must be greater than zero" },
		{ "0", "missing unit" },
		{ "10", "missing unit" },
		{ "10parsecs", "unknown unit" },
		{ "ms", "not a number" },
		{ "+1ms", "not a number" },
		{ " 1ms", "not a number" },
		{ "1 ms", "unknown unit" },
		{ "0.5ns", "finer than 1ns" },
		{ "1.0000005us", "finer than 1ns" },
		{ "99999999999999999999s", "too large" },
		{ "9300000000s", "too large" },
		{ "1e3us", "unknown unit" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t ns = 42;
		const char *reason = NULL;

		CU_ASSERT_EQUAL(tl_duration_parse(cases[i].text, 0, &ns, &reason),
				-EINVAL);
		CU_ASSERT_EQUAL(ns, 42);
		CU_ASSERT_PTR_NOT_NULL_FATAL(reason);
		CU_ASSERT_PTR_NOT_NULL(strstr(reason, cases[i].reason));
	}
}

static void test_duration_zero_allowed(void)
{
	int64_t ns = 42;

	CU_ASSERT_EQUAL(tl_duration_parse("0us", TL_DURATION_ALLOW_ZERO, &ns, NULL), 0);
	CU_ASSERT_EQUAL(ns, 0);
	CU_ASSERT_EQUAL(tl_duration_parse("0us", 0, &ns, NULL), -EINVAL);
}

static void test_duration_format(void)
{
	static const struct {
		int64_t ns;
		const char *text;
	} cases[] = {
		{ 1000000, "1ms" },	{ 1500000, "1.5ms" },	   { 250000, "250us" },
		{ 17, "17ns" },		{ 1234567, "1234.567us" }, { 2000000000, "2s" },
		{ 1001, "1.001us" },	{ -20000, "-20us" },	   { 0, "0ns" },
		{ 100000000, "100ms" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT(tl_duration_format(cases[i].ns, buf, sizeof(buf)) > 0);
		CU_ASSERT_STRING_EQUAL(buf, cases[i].text);
	}
	CU_ASSERT_EQUAL(tl_duration_format(1000000, buf, 3), -EINVAL);
}

/* format then parse gives back every value, over many magnitudes */
static void test_duration_round_trip(void)
{
	uint64_t random = 12345;
	char buf[32];

	for (int i = 0; i < 10000; i++) {
		int64_t ns = (int64_t)(tests_random(&random) >> (24 + i % 40)) + 1,
			back = 0;

		CU_ASSERT_FATAL(tl_duration_format(ns, buf, sizeof(buf)) > 0);
		CU_ASSERT_EQUAL_FATAL(tl_duration_parse(buf, 0, &back, NULL), 0);
		CU_ASSERT_EQUAL_FATAL(back, ns);
	}
}

static void test_timespec(void)
{
	struct timespec ts = tl_timespec_from_ns(-1);

	CU_ASSERT_EQUAL(ts.tv_sec, -1);
	CU_ASSERT_EQUAL(ts.tv_nsec, 999999999);
	CU_ASSERT_EQUAL(tl_ns_from_timespec(&ts), -1);
	ts = tl_timespec_from_ns(3 * TL_NS_PER_S + 7);
	CU_ASSERT_EQUAL(ts.tv_sec, 3);
	CU_ASSERT_EQUAL(ts.tv_nsec, 7);
	CU_ASSERT_EQUAL(tl_ns_from_timespec(&ts), 3 * TL_NS_PER_S + 7);
}

static void test_clock_names(void)
{
	static const char *const names[] = { "monotonic",      "realtime",
					     "boottime",       "tai",
					     "realtime-alarm", "boottime-alarm" };
	clockid_t clock;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(tl_clock_from_name(names[i], &clock), 0);
		CU_ASSERT_STRING_EQUAL(tl_clock_name(clock), names[i]);
	}
	CU_ASSERT_EQUAL(tl_clock_from_name("MONOTONIC", &clock), -EINVAL);
	CU_ASSERT_EQUAL(tl_clock_from_name("process-cputime", &clock), -EINVAL);
	CU_ASSERT_PTR_NULL(tl_clock_name(CLOCK_PROCESS_CPUTIME_ID));
	CU_ASSERT_EQUAL(tl_clock_from_name("monotonic", &clock), 0);
	CU_ASSERT_EQUAL(clock, CLOCK_MONOTONIC);
}

/* A clock read that fails says so; it never leaves a time behind. */
static void test_clock_read_failure(void)
{
	int64_t ns = 12345, before = 0;

	CU_ASSERT_EQUAL(tl_clock_read((clockid_t)1000, &ns), -EINVAL);
	CU_ASSERT_EQUAL(ns, TL_NOW_FAILED);
	CU_ASSERT_EQUAL(tl_now_ns((clockid_t)1000), TL_NOW_FAILED);
	CU_ASSERT_EQUAL(tl_clock_read(CLOCK_MONOTONIC, &before), 0);
	CU_ASSERT(before > 0);
	CU_ASSERT(tl_now_ns(CLOCK_MONOTONIC) >= before);
}

/* The clocks a cell can run on come first, in the order --clock all takes
 * them, and the alarm clocks, which only checks name, are not among them. */
static void test_cell_clocks(void)
{
	char names[128];

	tl_cell_clock_names(names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "monotonic, realtime, boottime, tai");
	for (size_t i = 0; i < TL_CELL_CLOCKS; i++)
		CU_ASSERT(tl_clock_names[i].clock != CLOCK_REALTIME_ALARM &&
			  tl_clock_names[i].clock != CLOCK_BOOTTIME_ALARM);
	tl_cell_clock_names(names, 12); /* cut, still a string */
	CU_ASSERT_STRING_EQUAL(names, "monotonic, ");
}

void tests_time(void)
{
	CU_pSuite suite = tests_suite("time");

	CU_add_test(suite, "duration parses valid text", test_duration_valid);
	CU_add_test(suite, "duration rejects invalid text with a reason",
		    test_duration_invalid);
	CU_add_test(suite, "duration zero only when allowed", test_duration_zero_allowed);
	CU_add_test(suite, "duration formats exactly", test_duration_format);
	CU_add_test(suite, "duration format/parse round trip", test_duration_round_trip);
	CU_add_test(suite, "timespec conversion, negatives normalised", test_timespec);
	CU_add_test(suite, "clock names both ways", test_clock_names);
	CU_add_test(suite, "a failed clock read is an error", test_clock_read_failure);
	CU_add_test(suite, "the clocks a cell can run on", test_cell_clocks);
}
