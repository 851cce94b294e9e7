/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>

#include "../lib/stats.h"
#include "tests.h"

static void test_welford_matches_two_pass(void)
{
	double values[1000], sum = 0, squares = 0;
	struct tl_welford w = { 0 };
	uint64_t random = 7;

	for (int i = 0; i < 1000; i++) {
		values[i] = 1e6 + (double)(tests_random(&random) % 100000);
		sum += values[i];
		tl_welford_add(&w, values[i]);
	}
	double mean = sum / 1000;
	for (int i = 0; i < 1000; i++)
		squares += (values[i] - mean) * (values[i] - mean);
	CU_ASSERT_DOUBLE_EQUAL(w.mean, mean, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(tl_welford_stddev(&w), sqrt(squares / 1000), 1e-6);
}

static void test_merge_equals_single(void)
{
	struct tl_stats a, b, all;
	uint64_t random = 8;

	tl_stats_init(&a);
	tl_stats_init(&b);
	tl_stats_init(&all);
	for (int i = 0; i < 2000; i++) {
		int64_t latency = (int64_t)(tests_random(&random) % 50000) - 100;
		uint64_t missed = i % 97 == 0, folded = i % 89 == 0;

		tl_stats_record(i < 700 ? &a : &b, latency, missed, folded);
		tl_stats_record(&all, latency, missed, folded);
	}
	tl_stats_merge(&a, &b);
	CU_ASSERT_EQUAL(a.samples, all.samples);
	CU_ASSERT_EQUAL(a.min_ns, all.min_ns);
	CU_ASSERT_EQUAL(a.max_ns, all.max_ns);
	CU_ASSERT_EQUAL(a.early, all.early);
	CU_ASSERT(a.early > 0);
	CU_ASSERT_EQUAL(a.missed, all.missed);
	CU_ASSERT_EQUAL(a.folded, all.folded);
	CU_ASSERT(a.folded > 0);
	CU_ASSERT_DOUBLE_EQUAL(a.latency.mean, all.latency.mean, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(tl_welford_stddev(&a.latency),
			       tl_welford_stddev(&all.latency), 1e-6);
	/* blocks do not pair their wakes across the boundary: one pair fewer */
	CU_ASSERT_EQUAL(a.interval.count, all.interval.count - 1);
}

static void test_interval_jitter(void)
{
	struct tl_stats stats;

	tl_stats_init(&stats);
	/* deadlines at 1, 2, 3, 4 ms woken 0, 100, 0, 100 us late: the wake
	 * spacing minus the deadline spacing is +100, -100, +100 us */
	tl_stats_record(&stats, 0, 0, 0);
	tl_stats_record(&stats, 100000, 0, 0);
	tl_stats_record(&stats, 0, 0, 0);
	tl_stats_record(&stats, 100000, 0, 0);
	CU_ASSERT_EQUAL(stats.interval.count, 3);
	CU_ASSERT_DOUBLE_EQUAL(stats.interval.mean, 100000.0 / 3, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(tl_welford_stddev(&stats.interval), sqrt(8.0 / 9) * 100000,
			       1e-3);

	/* a new round starts without a predecessor */
	tl_stats_reset_interval(&stats);
	tl_stats_record(&stats, 7000000, 0, 0);
	CU_ASSERT_EQUAL(stats.interval.count, 3);
}

static void test_no_nan(void)
{
	struct tl_stats stats;

	tl_stats_init(&stats);
	CU_ASSERT_EQUAL(tl_welford_stddev(&stats.latency), 0);
	tl_stats_record(&stats, 5, 0, 0);
	CU_ASSERT_EQUAL(tl_welford_stddev(&stats.latency), 0);
	CU_ASSERT_EQUAL(tl_welford_stddev(&stats.interval), 0);
	tl_stats_record(&stats, 5, 0, 0);
	CU_ASSERT_EQUAL(tl_welford_stddev(&stats.latency), 0); /* identical values */
	CU_ASSERT_EQUAL(stats.min_ns, 5);
	CU_ASSERT_EQUAL(stats.max_ns, 5);
}

void tests_stats(void)
{
	CU_pSuite suite = tests_suite("stats");

	CU_add_test(suite, "Welford matches two-pass", test_welford_matches_two_pass);
	CU_add_test(suite, "merge equals recording into one", test_merge_equals_single);
	CU_add_test(suite, "interval jitter and its reset per round",
		    test_interval_jitter);
	CU_add_test(suite, "0, 1 or identical samples: stddev 0, no NaN", test_no_nan);
}
