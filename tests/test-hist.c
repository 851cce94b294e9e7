/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/hist.h"
#include "tests.h"

#define HIST_TEST_VALUES 200000

/* In parts per million: 0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100 % */
static const uint32_t hist_test_ppms[] = {
	0,	1000,	10000,	100000, 250000, 500000,
	750000, 900000, 990000, 999000, 999900, 1000000
};

static int hist_compare(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The exact nearest-rank percentile that the header promises to approach
 * (tl_hist_rank itself is tested against a table of ranks below). */
static int64_t hist_exact(const int64_t *sorted, size_t count, uint32_t ppm)
{
	return sorted[tl_hist_rank(count, ppm) - 1];
}

/* Record values, then every percentile must be within the header's bound:
 * 1/256 of the exact value, exact below 256 ns and at 0 and 100. */
static void hist_check_against_sorted(int64_t *values, size_t count)
{
	struct tl_hist *hist = malloc(sizeof(*hist));

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	tl_hist_init(hist);
	for (size_t i = 0; i < count; i++)
		CU_ASSERT_TRUE_FATAL(tl_hist_record(hist, values[i]));
	qsort(values, count, sizeof(*values), hist_compare);
	CU_ASSERT_EQUAL(hist->count, count);
	for (size_t i = 0; i < sizeof(hist_test_ppms) / sizeof(hist_test_ppms[0]); i++) {
		uint32_t ppm = hist_test_ppms[i];
		int64_t exact = hist_exact(values, count, ppm);
		int64_t got = tl_hist_percentile(hist, ppm);
		double error = fabs((double)(got - exact));

		if (exact < 256 || ppm == 0 || ppm == TL_PPM_MAX)
			CU_ASSERT_EQUAL(got, exact);
		CU_ASSERT(error <= (double)exact / 256.0);
		CU_ASSERT(error <= (double)exact * 0.01); /* the 1 % target */
	}
	free(hist);
}

static void test_percentiles_uniform(void)
{
	int64_t *values = malloc(HIST_TEST_VALUES * sizeof(*values));
	uint64_t random = 1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(values);
	for (size_t i = 0; i < HIST_TEST_VALUES; i++)
		values[i] = (int64_t)(tests_random(&random) % 2000000);
	hist_check_against_sorted(values, HIST_TEST_VALUES);
	free(values);
}

static void test_percentiles_lognormal(void)
{
	int64_t *values = malloc(HIST_TEST_VALUES * sizeof(*values));
	uint64_t random = 2;

	CU_ASSERT_PTR_NOT_NULL_FATAL(values);
	for (size_t i = 0; i < HIST_TEST_VALUES; i++) {
		double u1 = tests_random_unit(&random), u2 = tests_random_unit(&random);
		double normal = sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);

		/* median 50 us, sigma 1.5: spans ns to tens of ms */
		values[i] = (int64_t)(50000.0 * exp(1.5 * normal));
	}
	hist_check_against_sorted(values, HIST_TEST_VALUES);
	free(values);
}

static void test_percentiles_heavy_tail(void)
{
	int64_t *values = malloc(HIST_TEST_VALUES * sizeof(*values));
	uint64_t random = 3;

	CU_ASSERT_PTR_NOT_NULL_FATAL(values);
	for (size_t i = 0; i < HIST_TEST_VALUES; i++) {
		/* Pareto, alpha 0.8, from 1 us: tails to the top of the range */
		double v = 1000.0 / pow(tests_random_unit(&random), 1 / 0.8);

		values[i] = v > (double)TL_HIST_MAX_NS ? TL_HIST_MAX_NS : (int64_t)v;
	}
	hist_check_against_sorted(values, HIST_TEST_VALUES);
	free(values);
}

/* Every bucket's bounds map back to it, and buckets tile the range. */
static void test_buckets_tile_range(void)
{
	int64_t expect_low = 0;

	for (unsigned i = 0; i < TL_HIST_BUCKETS; i++) {
		int64_t low, high;

		CU_ASSERT_EQUAL_FATAL(tl_hist_bucket_bounds(i, &low, &high), 0);
		CU_ASSERT_EQUAL_FATAL(low, expect_low);
		CU_ASSERT_FATAL(high >= low);
		CU_ASSERT_EQUAL_FATAL(tl_hist_index(low), i);
		CU_ASSERT_EQUAL_FATAL(tl_hist_index(high), i);
		/* the width bound the header states */
		CU_ASSERT_FATAL(low < 256 ||
				(double)(high - low + 1) <= (double)low / 128.0);
		expect_low = high + 1;
	}
	CU_ASSERT_EQUAL(expect_low - 1, TL_HIST_MAX_NS);
	CU_ASSERT(TL_HIST_MAX_NS >= 100 * INT64_C(1000000000));
	CU_ASSERT(sizeof(struct tl_hist) <= 64 * 1024);
}

static void test_merge_equals_single(void)
{
	struct tl_hist *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b)),
		       *all = malloc(sizeof(*all));
	uint64_t random = 4;

	CU_ASSERT_FATAL(a && b && all);
	tl_hist_init(a);
	tl_hist_init(b);
	tl_hist_init(all);
	for (int i = 0; i < 50000; i++) {
		int64_t v = (int64_t)(tests_random(&random) % 10000000) - 1000;

		if (i % 5000 == 0)
			v = TL_HIST_MAX_NS + i; /* a few above the range */
		tl_hist_record(i % 3 ? a : b, v);
		tl_hist_record(all, v);
	}
	tl_hist_merge(a, b);
	CU_ASSERT_EQUAL(memcmp(a, all, sizeof(*a)), 0);
	free(a);
	free(b);
	free(all);
}

static void test_outside_range(void)
{
	struct tl_hist *hist = malloc(sizeof(*hist));
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;
	uint64_t total = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	tl_hist_init(hist);
	CU_ASSERT_FALSE(tl_hist_record(hist, -5));
	CU_ASSERT_FALSE(tl_hist_record(hist, -700));
	CU_ASSERT_TRUE(tl_hist_record(hist, 0));
	CU_ASSERT_TRUE(tl_hist_record(hist, 1000));
	CU_ASSERT_TRUE(tl_hist_record(hist, TL_HIST_MAX_NS));
	CU_ASSERT_FALSE(tl_hist_record(hist, TL_HIST_MAX_NS + 1));
	CU_ASSERT_FALSE(tl_hist_record(hist, INT64_MAX));
	CU_ASSERT_EQUAL(hist->count, 7);
	CU_ASSERT_EQUAL(hist->below_count, 2);
	CU_ASSERT_EQUAL(hist->below_min_ns, -700);
	CU_ASSERT_EQUAL(hist->above_count, 2);
	CU_ASSERT_EQUAL(hist->above_max_ns, INT64_MAX);
	CU_ASSERT_EQUAL(tl_hist_percentile(hist, 0), -700);
	CU_ASSERT_EQUAL(tl_hist_percentile(hist, 200000), -700); /* rank 2: below */
	CU_ASSERT_EQUAL(tl_hist_percentile(hist, TL_PPM_MAX), INT64_MAX);

	/* the iterator gives below, the buckets, above, in order, counting all */
	int64_t last_high = INT64_MIN;
	tl_hist_iter_init(&iter, hist);
	while (tl_hist_iter_next(&iter, &bucket)) {
		CU_ASSERT(bucket.low_ns > last_high);
		CU_ASSERT(bucket.low_ns <= bucket.high_ns);
		last_high = bucket.high_ns;
		total += bucket.count;
	}
	CU_ASSERT_EQUAL(total, 7);
	free(hist);
}

/* Rebuilding from the iterator's buckets gives the same counts. */
static void test_rebuild_from_buckets(void)
{
	struct tl_hist *hist = malloc(sizeof(*hist)), *copy = malloc(sizeof(*copy));
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;
	uint64_t random = 5;

	CU_ASSERT_FATAL(hist && copy);
	tl_hist_init(hist);
	tl_hist_init(copy);
	for (int i = 0; i < 10000; i++)
		tl_hist_record(hist, (int64_t)(tests_random(&random) % 100000000) - 50);
	tl_hist_record(hist, TL_HIST_MAX_NS + 10);
	tl_hist_iter_init(&iter, hist);
	while (tl_hist_iter_next(&iter, &bucket))
		CU_ASSERT_EQUAL_FATAL(tl_hist_add_bucket(copy, &bucket), 0);
	copy->min_ns = hist->min_ns;
	copy->max_ns = hist->max_ns;
	CU_ASSERT_EQUAL(memcmp(hist, copy, sizeof(*hist)), 0);

	/* bounds that are not one bucket's are refused */
	CU_ASSERT_EQUAL(tl_hist_add_bucket(copy, &(struct tl_hist_bucket){ 300, 302, 1 }),
			-EINVAL);
	CU_ASSERT_EQUAL(tl_hist_add_bucket(copy, &(struct tl_hist_bucket){ -5, -2, 1 }),
			-EINVAL);
	CU_ASSERT_EQUAL(tl_hist_add_bucket(copy, &(struct tl_hist_bucket){ 5, 5, 0 }),
			-EINVAL);
	free(hist);
	free(copy);
}

static void test_empty(void)
{
	struct tl_hist *hist = malloc(sizeof(*hist));
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	tl_hist_init(hist);
	CU_ASSERT_EQUAL(tl_hist_percentile(hist, TL_P50), 0);
	CU_ASSERT_EQUAL(tl_hist_rank(0, TL_P50), 0);
	tl_hist_iter_init(&iter, hist);
	CU_ASSERT_FALSE(tl_hist_iter_next(&iter, &bucket));
	free(hist);
}

/*
 * The nearest rank, ceil(p x n), from a table written out by hand rather
 * than computed, so that the oracle shares no arithmetic with the code:
 * p99.9 of 1000 values is the 999th (not the maximum), of 2000 the 1998th.
 */
static const struct {
	uint64_t count;
	uint32_t ppm;
	uint64_t rank;
} hist_ranks[] = {
	{ 1000, TL_P50, 500 },
	{ 1000, TL_P90, 900 },
	{ 1000, TL_P99, 990 },
	{ 1000, TL_P999, 999 },
	{ 2000, TL_P50, 1000 },
	{ 2000, TL_P90, 1800 },
	{ 2000, TL_P99, 1980 },
	{ 2000, TL_P999, 1998 },
	{ 4000, TL_P50, 2000 },
	{ 4000, TL_P90, 3600 },
	{ 4000, TL_P99, 3960 },
	{ 4000, TL_P999, 3996 },
	{ 10000, TL_P50, 5000 },
	{ 10000, TL_P90, 9000 },
	{ 10000, TL_P99, 9900 },
	{ 10000, TL_P999, 9990 },
	{ 3, TL_P50, 2 },
	{ 7, TL_P999, 7 },
	{ 1, TL_P50, 1 },
	{ 1001, TL_P999, 1000 },
	{ 1000, 0, 1 },
	{ 1000, TL_PPM_MAX, 1000 },
	{ 1000, 999001, 1000 },
	{ 1000, 1, 1 },
	{ UINT64_MAX, TL_P50, UINT64_MAX / 2 + 1 },
};

static void test_ranks_exact(void)
{
	for (size_t i = 0; i < sizeof(hist_ranks) / sizeof(hist_ranks[0]); i++)
		CU_ASSERT_EQUAL(tl_hist_rank(hist_ranks[i].count, hist_ranks[i].ppm),
				hist_ranks[i].rank);
}

/*
 * Through the histogram: rank values of 100 ns and the rest 200 ns. The
 * percentile is 100 exactly when its rank is at most the number of 100s,
 * so each expected rank r must give 100 with r of them and 200 with r - 1.
 */
static void test_percentile_picks_the_rank(void)
{
	struct tl_hist *hist = malloc(sizeof(*hist));

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	for (size_t i = 0; i < sizeof(hist_ranks) / sizeof(hist_ranks[0]); i++) {
		uint64_t count = hist_ranks[i].count, rank = hist_ranks[i].rank;

		if (count > 10000 || rank < 2)
			continue;
		for (uint64_t low = rank - 1; low <= rank; low++) {
			tl_hist_init(hist);
			for (uint64_t k = 0; k < count; k++)
				tl_hist_record(hist, k < low ? 100 : 200);
			CU_ASSERT_EQUAL(tl_hist_percentile(hist, hist_ranks[i].ppm),
					low == rank ? 100 : 200);
		}
	}
	free(hist);
}

void tests_hist(void)
{
	CU_pSuite suite = tests_suite("hist");

	CU_add_test(suite, "percentiles within bound: uniform", test_percentiles_uniform);
	CU_add_test(suite, "percentiles within bound: lognormal",
		    test_percentiles_lognormal);
	CU_add_test(suite, "percentiles within bound: heavy tail",
		    test_percentiles_heavy_tail);
	CU_add_test(suite, "buckets tile the range at the stated width",
		    test_buckets_tile_range);
	CU_add_test(suite, "merge equals recording into one", test_merge_equals_single);
	CU_add_test(suite, "below and above range counted apart", test_outside_range);
	CU_add_test(suite, "rebuild from iterated buckets", test_rebuild_from_buckets);
	CU_add_test(suite, "empty histogram", test_empty);
	CU_add_test(suite, "nearest ranks in integers", test_ranks_exact);
	CU_add_test(suite, "a percentile is the value of its rank",
		    test_percentile_picks_the_rank);
}
