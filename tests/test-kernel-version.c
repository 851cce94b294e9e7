/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "../lib/kernel-version.h"
#include "tests.h"

static void test_parse(void)
{
	static const struct {
		const char *release;
		unsigned major, minor, patch;
	} cases[] = {
		{ "6.18.44-fc-v782", 6, 18, 44 },
		{ "6.1.0-28-cloud-amd64", 6, 1, 0 },
		{ "6.12.57+deb13-rt-amd64", 6, 12, 57 },
		{ "6.13-rc1", 6, 13, 0 },
		{ "6.13", 6, 13, 0 },
		{ "5.15.0-91-generic", 5, 15, 0 },
		{ "4.19.325", 4, 19, 325 },
		{ "2.6.32-754.el6.x86_64", 2, 6, 32 },
		{ "6.6.0.1-custom", 6, 6, 0 }, /* a fourth number is ignored */
		{ "6.8.rc3", 6, 8, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tl_kernel_version version;

		CU_ASSERT_EQUAL(tl_kernel_version_parse(cases[i].release, &version), 0);
		CU_ASSERT_EQUAL(version.major, cases[i].major);
		CU_ASSERT_EQUAL(version.minor, cases[i].minor);
		CU_ASSERT_EQUAL(version.patch, cases[i].patch);
	}
}

static void test_parse_invalid(void)
{
	static const char *const releases[] = {
		"",	    "6",    "6.",  ".13",	   "v6.13",
		"mainline", "6-13", "6.x", "1234567890.1", NULL,
	};
	struct tl_kernel_version version = { 9, 9, 9 };

	CU_ASSERT_EQUAL(tl_kernel_version_parse(NULL, &version), -EINVAL);
	for (size_t i = 0; releases[i]; i++)
		CU_ASSERT_EQUAL(tl_kernel_version_parse(releases[i], &version), -EINVAL);
	/* untouched on failure */
	CU_ASSERT_EQUAL(version.major, 9);
}

static int kernel_compare(const char *a, const char *b)
{
	struct tl_kernel_version va, vb;

	CU_ASSERT_EQUAL_FATAL(tl_kernel_version_parse(a, &va), 0);
	CU_ASSERT_EQUAL_FATAL(tl_kernel_version_parse(b, &vb), 0);
	return tl_kernel_version_compare(&va, &vb);
}

static void test_compare(void)
{
	/* numerically, not as text: 6.9 < 6.13 < 6.18 */
	CU_ASSERT(kernel_compare("6.9", "6.13") < 0);
	CU_ASSERT(kernel_compare("6.18.44-fc-v782", "6.13") > 0);
	CU_ASSERT(kernel_compare("6.12.57+deb13-rt-amd64", "6.13") < 0);
	CU_ASSERT(kernel_compare("6.13.0", "6.13-rc1") == 0);
	CU_ASSERT(kernel_compare("5.19.17", "6.0") < 0);
	CU_ASSERT(kernel_compare("6.1.10", "6.1.9") > 0);
}

static int kernel_in(const char *since, const char *until, const char *release)
{
	struct tl_kernel_range range = { since, until };
	struct tl_kernel_version version;

	CU_ASSERT_EQUAL_FATAL(tl_kernel_version_parse(release, &version), 0);
	return tl_kernel_range_contains(&range, &version);
}

static void test_range(void)
{
	char text[64];
	struct tl_kernel_range range = { NULL, "6.13" };

	/* [since, until): posix-timer.sig-ign's range */
	CU_ASSERT_EQUAL(kernel_in(NULL, "6.13", "6.1.0-28-cloud-amd64"), 1);
	CU_ASSERT_EQUAL(kernel_in(NULL, "6.13", "6.12.57+deb13-rt-amd64"), 1);
	CU_ASSERT_EQUAL(kernel_in(NULL, "6.13", "6.13-rc1"), 0);
	CU_ASSERT_EQUAL(kernel_in(NULL, "6.13", "6.18.44-fc-v782"), 0);
	CU_ASSERT_EQUAL(kernel_in("6.3", NULL, "6.2.16"), 0);
	CU_ASSERT_EQUAL(kernel_in("6.3", NULL, "6.3"), 1);
	CU_ASSERT_EQUAL(kernel_in("6.3", "6.6", "6.5.13"), 1);
	CU_ASSERT_EQUAL(kernel_in("6.3", "6.6", "6.6.0"), 0);
	CU_ASSERT_EQUAL(kernel_in(NULL, NULL, "3.10"), 1);
	CU_ASSERT_EQUAL(kernel_in("six", NULL, "6.1"), -EINVAL);
	CU_ASSERT_EQUAL(kernel_in(NULL, "6.x", "6.1"), -EINVAL);
	tl_kernel_range_describe(&range, text, sizeof(text));
	CU_ASSERT_STRING_EQUAL(text, "before 6.13");
	range = (struct tl_kernel_range){ "6.3", "6.6" };
	tl_kernel_range_describe(&range, text, sizeof(text));
	CU_ASSERT_STRING_EQUAL(text, "from 6.3 before 6.6");
}

static void test_running(void)
{
	struct tl_kernel_version version;
	char release[128];

	/* whatever this machine runs, Linux has had 2 numbers since 1.0 */
	CU_ASSERT_EQUAL(tl_kernel_version_running(&version, release, sizeof(release)), 0);
	CU_ASSERT(version.major >= 2);
	CU_ASSERT(strlen(release) > 2);
}

void tests_kernel_version(void)
{
	CU_pSuite suite = tests_suite("kernel-version");

	CU_add_test(suite, "parse uname -r releases", test_parse);
	CU_add_test(suite, "reject releases without MAJOR.MINOR", test_parse_invalid);
	CU_add_test(suite, "compare numerically", test_compare);
	CU_add_test(suite, "ranges [since, until)", test_range);
	CU_add_test(suite, "the running kernel", test_running);
}
