/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "../harness/options.h"
#include "../lib/time.h"
#include "tests.h"

#define OPTIONS_ARGV(...) ((char *[]){ "run", __VA_ARGS__, NULL })
#define OPTIONS_ARGC(...)                                                                \
	((int)(sizeof((char *[]){ "run", __VA_ARGS__ }) / sizeof(char *)))
#define OPTIONS_PARSE(options, why, ...)                                                 \
	tl_run_options_parse(OPTIONS_ARGC(__VA_ARGS__), OPTIONS_ARGV(__VA_ARGS__),       \
			     options, why, sizeof(why))

static void test_defaults(void)
{
	struct tl_run_options options;
	char why[256];

	CU_ASSERT_EQUAL(tl_run_options_parse(1, (char *[]){ "run", NULL }, &options, why,
					     sizeof(why)),
			0);
	CU_ASSERT_EQUAL(options.interval_count, 1);
	CU_ASSERT_EQUAL(options.intervals_ns[0], TL_NS_PER_MS);
	CU_ASSERT_EQUAL(options.rounds, 4);
	CU_ASSERT_EQUAL(options.samples, 2000);
	CU_ASSERT_EQUAL(options.warmup, 10);
	CU_ASSERT_EQUAL(options.rt.priority, 80);
	CU_ASSERT_EQUAL(options.spec_count, 0);
	CU_ASSERT_TRUE(options.arms[TL_ARM_ABS] && options.arms[TL_ARM_REL] &&
		       options.arms[TL_ARM_PERIODIC]);
}

static void test_valid(void)
{
	struct tl_run_options options;
	char why[256];

	CU_ASSERT_EQUAL(
		OPTIONS_PARSE(&options, why, "--path", "timerfd:poll,clock-nanosleep",
			      "--clock", "realtime", "--arm", "abs", "--arm", "periodic",
			      "--interval", "250us", "--samples", "300", "--warmup", "0",
			      "--cpu", "0", "--priority", "50", "--quiet"),
		0);
	CU_ASSERT_EQUAL(options.spec_count, 2);
	CU_ASSERT_EQUAL(options.clock_count, 1);
	CU_ASSERT_EQUAL(options.clocks[0], CLOCK_REALTIME);
	CU_ASSERT_TRUE(options.arms[TL_ARM_ABS]);
	CU_ASSERT_FALSE(options.arms[TL_ARM_REL]);
	CU_ASSERT_TRUE(options.arms[TL_ARM_PERIODIC]);
	CU_ASSERT_EQUAL(options.intervals_ns[0], 250000);
	CU_ASSERT_EQUAL(options.samples, 300);
	CU_ASSERT_EQUAL(options.warmup, 0);
	CU_ASSERT_EQUAL(options.rt.cpu, 0);
	CU_ASSERT_EQUAL(options.rt.priority, 50);
	CU_ASSERT_TRUE(options.quiet);

	CU_ASSERT_EQUAL(
		OPTIONS_PARSE(&options, why, "--duration", "2s", "--interval", "10ms"),
		0);
	CU_ASSERT_EQUAL(options.duration_ns, 2 * TL_NS_PER_S); /* the plan divides */
	CU_ASSERT_EQUAL(OPTIONS_PARSE(&options, why, "--clock", "all"), 0);
	CU_ASSERT_EQUAL(options.clock_count, 4);
	CU_ASSERT_FALSE(options.checks || options.destructive);
	/* for the kernel matrix's guests: the checks that set the clock too */
	CU_ASSERT_EQUAL(OPTIONS_PARSE(&options, why, "--checks", "--destructive"), 0);
	CU_ASSERT_TRUE(options.checks && options.destructive);
}

static void test_invalid(void)
{
	struct tl_run_options options;
	char why[256];

#define OPTIONS_BAD(message, ...)                                                        \
	do {                                                                             \
		CU_ASSERT_EQUAL(OPTIONS_PARSE(&options, why, __VA_ARGS__), -EINVAL);     \
		CU_ASSERT_PTR_NOT_NULL(strstr(why, message));                            \
	} while (0)

	OPTIONS_BAD("unknown path \"nope\"", "--path", "nope");
	OPTIONS_BAD("unknown variant \"x\"", "--path", "timerfd:x");
	OPTIONS_BAD("unknown clock \"cpu\"", "--clock", "cpu");
	OPTIONS_BAD("unknown arm \"sometimes\"", "--arm", "sometimes");
	OPTIONS_BAD(
		"--interval: \"0ms\" is not a valid duration: must be greater than zero",
		"--interval", "0ms");
	OPTIONS_BAD("--interval: \"-1ms\" is not a valid duration: negative",
		    "--interval", "-1ms");
	OPTIONS_BAD("unknown unit", "--interval", "1xs");
	OPTIONS_BAD("missing unit", "--interval", "1000");
	OPTIONS_BAD("must be at least 1us", "--interval", "500ns");
	OPTIONS_BAD("--samples: \"0\" is not a whole number", "--samples", "0");
	OPTIONS_BAD("--samples: \"many\" is not a whole number", "--samples", "many");
	OPTIONS_BAD("--samples: \"-5\" is not a whole number", "--samples", "-5");
	OPTIONS_BAD("--samples: \"12abc\"", "--samples", "12abc");
	OPTIONS_BAD("--cpu: \"4096\" is not a CPU this process may use", "--cpu", "4096");
	OPTIONS_BAD("--cpu: \"x\"", "--cpu", "x");
	OPTIONS_BAD("--priority: \"100\"", "--priority", "100");
	OPTIONS_BAD("--priority: \"0\"", "--priority", "0");
	OPTIONS_BAD("unknown option --frobnicate", "--frobnicate");
	OPTIONS_BAD("--interval needs a value", "--interval");
	OPTIONS_BAD("unexpected argument \"extra\"", "extra");
	OPTIONS_BAD("not both", "--samples", "10", "--duration", "1s");
	OPTIONS_BAD("--path: empty element in \"\"", "--path", "");
	OPTIONS_BAD("--path: empty element in \",\"", "--path", ",");
	OPTIONS_BAD("--interval: \"61s\" must be at most 60s", "--interval", "61s");
	OPTIONS_BAD("run: --destructive is for the checks: give --checks too",
		    "--destructive");
#undef OPTIONS_BAD
}

void tests_options(void)
{
	CU_pSuite suite = tests_suite("options");

	CU_add_test(suite, "defaults", test_defaults);
	CU_add_test(suite, "valid options", test_valid);
	CU_add_test(suite, "invalid options name the cause", test_invalid);
}
