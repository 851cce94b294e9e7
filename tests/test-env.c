/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What env learns from the kernel command line: timerlab.accel=, which the
 * kernel matrix passes its guests, and nothing from a look-alike; a result
 * written before the field loads with it unknown.
 */
#include <string.h>

#include "../lib/env.h"
#include "../lib/result.h"
#include "tests.h"

static void test_accel_of_cmdline(void)
{
	static const struct {
		const char *cmdline, *accel;
	} cases[] = {
		{ "console=ttyS0 panic=-1 timerlab.accel=tcg", "tcg" },
		{ "timerlab.accel=kvm quiet", "kvm" },
		{ "BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro", "" },
		{ "", "" },
		/* another parameter that ends the same way is not it */
		{ "xtimerlab.accel=tcg", "" },
		{ "xtimerlab.accel=tcg timerlab.accel=kvm", "kvm" },
		{ "timerlab.accel= quiet", "" },
		/* too long for the field, or not a plain word: unknown, not cut */
		{ "timerlab.accel=averyveryverylongname", "" },
		{ "timerlab.accel=t\"cg", "" },
		{ "timerlab.accel=TCG", "" },
		{ "quiet timerlab.accel=tcg\n", "tcg" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char accel[16] = "stale";

		tl_env_accel_of_cmdline(cases[i].cmdline, accel, sizeof(accel));
		if (strcmp(accel, cases[i].accel) != 0)
			fprintf(stderr, "\n\"%s\": \"%s\", expected \"%s\"\n",
				cases[i].cmdline, accel, cases[i].accel);
		CU_ASSERT_STRING_EQUAL(accel, cases[i].accel);
	}
}

/* The capture reads this machine's command line, where no matrix put it. */
static void test_capture_unknown(void)
{
	struct tl_env env;

	tl_env_capture(&env);
	if (!strstr(env.cmdline, "timerlab.accel="))
		CU_ASSERT_STRING_EQUAL(env.accel, "");
}

/* A result from before env.accel (tests/data keeps some) loads, unknown. */
static void test_older_result(void)
{
	struct tl_result result;
	char why[512];

	CU_ASSERT_EQUAL_FATAL(
		tl_result_load("tests/data/drift-1.json", &result, why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(result.env.accel, "");
	tl_result_free(&result);
}

void tests_env(void)
{
	CU_pSuite suite = tests_suite("env");

	CU_add_test(suite, "timerlab.accel= from the kernel command line",
		    test_accel_of_cmdline);
	CU_add_test(suite, "not told: unknown", test_capture_unknown);
	CU_add_test(suite, "an older result: unknown", test_older_result);
}
