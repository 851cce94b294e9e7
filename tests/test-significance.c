/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tests compare makes (lib/significance.h): the exact Mann-Whitney p
 * against brute-force enumeration of every split, ties included; the
 * smallest p a number of rounds can reach; Benjamini-Hochberg by hand; the
 * exact count test against binomial tails worked out on paper.
 */
#include <math.h>
#include <stdlib.h>

#include "../lib/significance.h"
#include "tests.h"

#define NEAR(x, y, tolerance) (fabs((x) - (y)) <= (tolerance))

static void test_separation(void)
{
	const double low[] = { 10, 11, 12, 13 }, high[] = { 20, 21, 22, 23 };
	const double ten_low[] = { 1, 2, 3, 4, 5 }, ten_high[] = { 6, 7, 8, 9, 10 };
	struct tl_mann_whitney test;

	CU_ASSERT_EQUAL(tl_mann_whitney(low, 4, high, 4, &test), 0);
	CU_ASSERT_TRUE(test.exact);
	CU_ASSERT_DOUBLE_EQUAL(test.p, 2.0 / 70, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(test.u, 0, 1e-12);
	CU_ASSERT_EQUAL(tl_mann_whitney(high, 4, low, 4, &test), 0);
	CU_ASSERT_DOUBLE_EQUAL(test.p, 2.0 / 70, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(test.u, 16, 1e-12);
	CU_ASSERT_EQUAL(tl_mann_whitney(low, 3, high, 3, &test), 0);
	CU_ASSERT_DOUBLE_EQUAL(test.p, 0.1, 1e-12);
	CU_ASSERT_EQUAL(tl_mann_whitney(ten_low, 5, ten_high, 5, &test), 0);
	CU_ASSERT_DOUBLE_EQUAL(test.p, 2.0 / 252, 1e-12);
	/* one swap across the boundary: 2 x 2 of the 70 splits are as extreme */
	const double a[] = { 10, 11, 12, 20 }, b[] = { 13, 21, 22, 23 };
	CU_ASSERT_EQUAL(tl_mann_whitney(a, 4, b, 4, &test), 0);
	CU_ASSERT_DOUBLE_EQUAL(test.p, 4.0 / 70, 1e-12);
}

static void test_degenerate(void)
{
	const double same[] = { 5, 5, 5, 5 }, one[] = { 1 };
	struct tl_mann_whitney test;

	CU_ASSERT_EQUAL(tl_mann_whitney(same, 4, same, 4, &test), 0);
	CU_ASSERT_DOUBLE_EQUAL(test.p, 1.0, 0);
	CU_ASSERT_EQUAL(tl_mann_whitney(one, 0, same, 4, &test), -EINVAL);
	CU_ASSERT_EQUAL(tl_mann_whitney(one, 1, one, 1, &test), 0);
	CU_ASSERT_DOUBLE_EQUAL(test.p, 1.0, 0);
}

/* The p of every split of a + b into groups of a's size, counted one by one. */
static double brute_force_p(const double *all, size_t count, size_t chosen)
{
	static double sum_of[1 << 12];
	double observed = 0, centre = (double)chosen * (double)(count - chosen) / 2;
	size_t total = 0, extreme = 0;

	for (unsigned mask = 0; mask < (1u << count); mask++) {
		double u = 0;

		if ((size_t)__builtin_popcount(mask) != chosen)
			continue;
		for (size_t i = 0; i < count; i++)
			for (size_t j = 0; j < count; j++)
				if ((mask >> i & 1) && !(mask >> j & 1))
					u += all[i] > all[j]	? 1
					     : all[i] == all[j] ? 0.5
								: 0;
		sum_of[total++] = u;
		if (mask == (1u << chosen) - 1)
			observed = u; /* the first `chosen` values are sample a */
	}
	for (size_t i = 0; i < total; i++)
		extreme += fabs(sum_of[i] - centre) >= fabs(observed - centre) - 1e-9;
	return (double)extreme / (double)total;
}

/* Small samples drawn from five values, so that ties are everywhere. */
static void test_exact_with_ties(void)
{
	uint64_t state = 12345;

	for (int trial = 0; trial < 200; trial++) {
		size_t a_count = 1 + tests_random(&state) % 6;
		size_t b_count = 1 + tests_random(&state) % 6;
		double all[12];
		struct tl_mann_whitney test;

		for (size_t i = 0; i < a_count + b_count; i++)
			all[i] = (double)(tests_random(&state) % 5);
		CU_ASSERT_EQUAL_FATAL(
			tl_mann_whitney(all, a_count, all + a_count, b_count, &test), 0);
		CU_ASSERT_DOUBLE_EQUAL(
			test.p, brute_force_p(all, a_count + b_count, a_count), 1e-9);
	}
}

/* Beyond 60 values: the normal approximation, here worked by hand for a
 * complete separation of 31 and 31 (z = 480 / 71.03 = 6.758). */
static void test_normal_approximation(void)
{
	double a[31], b[31];
	struct tl_mann_whitney test;

	for (int i = 0; i < 31; i++) {
		a[i] = i;
		b[i] = 100 + i;
	}
	CU_ASSERT_EQUAL(tl_mann_whitney(a, 31, b, 31, &test), 0);
	CU_ASSERT_FALSE(test.exact);
	CU_ASSERT(test.p > 1e-11 && test.p < 2e-11);
	CU_ASSERT_EQUAL(tl_mann_whitney(a, 31, a, 31, &test), 0);
	CU_ASSERT(test.p > 0.9);
}

static void test_min_p(void)
{
	CU_ASSERT_DOUBLE_EQUAL(tl_mann_whitney_min_p(4, 4), 2.0 / 70, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tl_mann_whitney_min_p(3, 3), 0.1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tl_mann_whitney_min_p(8, 8), 2.0 / 12870, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tl_mann_whitney_min_p(1, 1), 1.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(tl_mann_whitney_min_p(0, 8), 1.0, 0);
}

static void test_benjamini_hochberg(void)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005 }, adjusted[4];
	const double expected[] = { 0.02, 0.04, 0.04, 0.02 };

	CU_ASSERT_EQUAL(tl_benjamini_hochberg(p, 4, adjusted), 0);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_DOUBLE_EQUAL(adjusted[i], expected[i], 1e-12);
	/* in place, and never above 1 */
	double big[] = { 0.9, 0.8 };
	CU_ASSERT_EQUAL(tl_benjamini_hochberg(big, 2, big), 0);
	CU_ASSERT_DOUBLE_EQUAL(big[0], 0.9, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(big[1], 0.9, 1e-12);
	CU_ASSERT_EQUAL(tl_benjamini_hochberg(big, 0, big), 0);
}

static void test_binomial(void)
{
	CU_ASSERT_DOUBLE_EQUAL(tl_binomial_upper(8, 10, 0.5), 56.0 / 1024, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tl_binomial_upper(1, 10, 0.5), 1023.0 / 1024, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tl_binomial_upper(0, 10, 0.5), 1.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(tl_binomial_upper(11, 10, 0.5), 0.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(tl_binomial_upper(3, 3, 0.2), 0.008, 1e-12);
	/* a million trials: half and a half of the middle term */
	CU_ASSERT_DOUBLE_EQUAL(tl_binomial_upper(500000, 1000000, 0.5),
			       0.5 + 0.5 * 7.978845e-4, 1e-6);
}

static void test_counts(void)
{
	/* 0 against 5 at equal exposure: twice 2^-5 */
	CU_ASSERT_DOUBLE_EQUAL(tl_poisson_compare(0, 2000, 5, 2000), 2.0 / 32, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tl_poisson_compare(5, 2000, 0, 2000), 2.0 / 32, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tl_poisson_compare(0, 2000, 10, 2000), 2.0 / 1024, 1e-12);
	/* 3 to 5 missed is the noise here: nowhere near significant */
	CU_ASSERT(tl_poisson_compare(3, 2000, 5, 2000) > 0.5);
	CU_ASSERT_DOUBLE_EQUAL(tl_poisson_compare(4, 2000, 4, 2000), 1.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(tl_poisson_compare(0, 2000, 0, 2000), 1.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(tl_poisson_compare(1, 0, 3, 2000), 1.0, 0);
	/* the same 5 over twice the exposure is what 0 against 2.5 would be */
	CU_ASSERT(tl_poisson_compare(0, 4000, 5, 2000) <
		  tl_poisson_compare(0, 2000, 5, 2000));
}

void tests_significance(void)
{
	CU_pSuite suite = tests_suite("significance");

	CU_add_test(suite, "Mann-Whitney: complete separation", test_separation);
	CU_add_test(suite, "Mann-Whitney: ties and empty sides", test_degenerate);
	CU_add_test(suite, "Mann-Whitney: exact p is every split counted",
		    test_exact_with_ties);
	CU_add_test(suite, "Mann-Whitney: normal approximation beyond 60",
		    test_normal_approximation);
	CU_add_test(suite, "the smallest p of n and m rounds", test_min_p);
	CU_add_test(suite, "Benjamini-Hochberg", test_benjamini_hochberg);
	CU_add_test(suite, "binomial tails", test_binomial);
	CU_add_test(suite, "exact test of two counts", test_counts);
}
