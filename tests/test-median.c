/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "../lib/median.h"
#include "tests.h"

/*
 * The order statistics of a median's interval, from the binomial table
 * (coverage 1 - 2 P(B <= k - 1), B ~ Binomial(n, 1/2)), written out by hand:
 * n 6: k 1, 96.9 %; n 10: k 2, 97.9 %; n 20: k 6, 95.9 %; n 5: none.
 */
static void test_interval_ranks(void)
{
	static const struct {
		size_t count, rank;
		double coverage;
	} table[] = {
		{ 6, 1, 0.96875 },	{ 8, 1, 0.9921875 },  { 9, 2, 0.9609375 },
		{ 10, 2, 0.978515625 }, { 20, 6, 0.9586105 }, { 30, 10, 0.9572261 },
	};
	double values[64];

	for (size_t t = 0; t < sizeof(table) / sizeof(table[0]); t++) {
		struct tl_median median;

		for (size_t i = 0; i < table[t].count; i++)
			values[i] = (double)(table[t].count - i); /* reversed: sorted */
		tl_median_of(values, table[t].count, 0.95, &median);
		CU_ASSERT_TRUE(median.has_interval);
		CU_ASSERT_EQUAL(median.rank, table[t].rank);
		CU_ASSERT_DOUBLE_EQUAL(median.coverage, table[t].coverage, 1e-6);
		CU_ASSERT_DOUBLE_EQUAL(median.low, (double)table[t].rank, 1e-12);
		CU_ASSERT_DOUBLE_EQUAL(
			median.high, (double)(table[t].count + 1 - table[t].rank), 1e-12);
		CU_ASSERT_DOUBLE_EQUAL(median.median, (double)(table[t].count + 1) / 2,
				       1e-12);
	}
}

/* Five values cannot give 95 %: the best is 1 - 2/32 = 93.75 %. */
static void test_too_few(void)
{
	double values[] = { 1.0, 1.1, 0.9, 1.2, 1.05 };
	struct tl_median median;

	tl_median_of(values, 5, 0.95, &median);
	CU_ASSERT_FALSE(median.has_interval);
	CU_ASSERT_DOUBLE_EQUAL(median.median, 1.05, 1e-12);
	CU_ASSERT_EQUAL(tl_median_judge(&median, 2.0), TL_TARGET_UNRESOLVED);
	tl_median_of(values, 0, 0.95, &median);
	CU_ASSERT_DOUBLE_EQUAL(median.median, 0, 1e-12);
}

/* Under, over, and across a target. */
static void test_judge(void)
{
	struct tl_median median = { 1.0, true, 0.98, 1.03, 0.96, 2 };

	CU_ASSERT_EQUAL(tl_median_judge(&median, 1.05), TL_TARGET_MET);
	CU_ASSERT_EQUAL(tl_median_judge(&median, 1.03), TL_TARGET_MET);
	CU_ASSERT_EQUAL(tl_median_judge(&median, 1.0), TL_TARGET_UNRESOLVED);
	CU_ASSERT_EQUAL(tl_median_judge(&median, 0.97), TL_TARGET_MISSED);
	CU_ASSERT_STRING_EQUAL(tl_target_verdict_name(TL_TARGET_UNRESOLVED),
			       "not resolved");
}

void tests_median(void)
{
	CU_pSuite suite = tests_suite("median");

	CU_add_test(suite, "interval ranks from the binomial", test_interval_ranks);
	CU_add_test(suite, "too few values: no interval", test_too_few);
	CU_add_test(suite, "met, missed, not resolved", test_judge);
}
