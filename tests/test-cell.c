/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "../cases/registry.h"
#include "../harness/cell.h"
#include "../lib/time.h"
#include "tests.h"

static void test_spec_valid(void)
{
	struct tl_cell_spec spec;
	char why[256];

	CU_ASSERT_EQUAL(tl_cell_spec_parse("timerfd", &spec, why, sizeof(why)), 0);
	CU_ASSERT_PTR_EQUAL(spec.path, &tl_path_timerfd);
	CU_ASSERT_EQUAL(spec.variant, -1);
	CU_ASSERT_EQUAL(spec.signal, -1);
	CU_ASSERT_EQUAL(tl_cell_spec_parse("timerfd:epoll", &spec, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(spec.variant, 2);
	CU_ASSERT_EQUAL(tl_cell_spec_parse("clock-nanosleep", &spec, why, sizeof(why)), 0);
	CU_ASSERT_PTR_EQUAL(spec.path, &tl_path_clock_nanosleep);
}

static void test_spec_invalid(void)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
		{ "nope", "unknown path \"nope\" (paths: clock-nanosleep, timerfd" },
		{ "timerfd:select", "timerfd: unknown variant \"select\" (variants: read, poll, epoll)" },
		{ "clock-nanosleep:read", "clock-nanosleep has no variants" },
		{ "timerfd:read:rtmin", "timerfd has no signals" },
		{ "", "unknown path \"\"" },
		{ "timerfd:", "unknown variant \"\"" },
	};
	struct tl_cell_spec spec;
	char why[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(tl_cell_spec_parse(cases[i].text, &spec, why, sizeof(why)),
				-EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, cases[i].message));
	}
}

static void test_key(void)
{
	struct tl_cell cell = { &tl_path_timerfd, 1, 0, CLOCK_REALTIME, TL_ARM_PERIODIC,
				250 * TL_NS_PER_US };
	char key[128];

	CU_ASSERT_EQUAL(tl_cell_key(&cell, key, sizeof(key)), 0);
	CU_ASSERT_STRING_EQUAL(key, "timerfd:poll/realtime/periodic@250us");
	cell = (struct tl_cell){ &tl_path_clock_nanosleep, 0, 0, CLOCK_MONOTONIC, TL_ARM_ABS,
				 TL_NS_PER_MS };
	CU_ASSERT_EQUAL(tl_cell_key(&cell, key, sizeof(key)), 0);
	CU_ASSERT_STRING_EQUAL(key, "clock-nanosleep/monotonic/abs@1ms");
	CU_ASSERT_EQUAL(tl_cell_key(&cell, key, 10), -ENOSPC);
}

static void test_arm_names(void)
{
	enum tl_arm arm;

	for (unsigned i = 0; i < TL_ARM_COUNT; i++) {
		CU_ASSERT_EQUAL(tl_arm_from_name(tl_arm_name((enum tl_arm)i), &arm), 0);
		CU_ASSERT_EQUAL(arm, i);
	}
	CU_ASSERT_EQUAL(tl_arm_from_name("absolute", &arm), -EINVAL);
}

/* Every path declares what it cannot do: timerfd refuses tai, clock-nanosleep
 * refuses periodic, and both measure the default cells. */
static void test_unsupported(void)
{
	struct tl_cell cell = { &tl_path_timerfd, 0, 0, CLOCK_TAI, TL_ARM_ABS, TL_NS_PER_MS };

	CU_ASSERT_PTR_NOT_NULL(tl_path_timerfd.unsupported(&cell));
	cell.clock = CLOCK_MONOTONIC;
	CU_ASSERT_PTR_NULL(tl_path_timerfd.unsupported(&cell));
	cell.path = &tl_path_clock_nanosleep;
	cell.arm = TL_ARM_PERIODIC;
	CU_ASSERT_PTR_NOT_NULL(tl_path_clock_nanosleep.unsupported(&cell));
	cell.arm = TL_ARM_REL;
	CU_ASSERT_PTR_NULL(tl_path_clock_nanosleep.unsupported(&cell));
}

void tests_cell(void)
{
	CU_pSuite suite = tests_suite("cell");

	CU_add_test(suite, "specs parse", test_spec_valid);
	CU_add_test(suite, "bad specs name the cause", test_spec_invalid);
	CU_add_test(suite, "cell key", test_key);
	CU_add_test(suite, "arm names both ways", test_arm_names);
	CU_add_test(suite, "paths say what they cannot do", test_unsupported);
}
