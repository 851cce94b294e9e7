/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdbool.h>
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
	CU_ASSERT_EQUAL(tl_cell_spec_parse("clock-nanosleep", &spec, why, sizeof(why)),
			0);
	CU_ASSERT_PTR_EQUAL(spec.path, &tl_path_clock_nanosleep);
}

/* path[:variant[:signal]] for the signal paths: each part by its index, an
 * absent part -1 (the default later). */
static void test_spec_signal_paths(void)
{
	static const struct {
		const char *text;
		const struct tl_path *path;
		int variant, signal;
	} cases[] = {
		{ "posix-timer", &tl_path_posix_timer, -1, -1 },
		{ "posix-timer:signalfd:alrm", &tl_path_posix_timer, 2, 1 },
		{ "posix-timer:thread-id", &tl_path_posix_timer, 3, -1 },
		{ "posix-timer:handler:rtmin", &tl_path_posix_timer, 0, 0 },
		{ "setitimer:sigwaitinfo", &tl_path_setitimer, 1, -1 },
		{ "setitimer:handler:alrm", &tl_path_setitimer, 0, 0 },
		{ "alarm", &tl_path_alarm, -1, -1 },
		{ "alarm:handler:alrm", &tl_path_alarm, 0, 0 },
	};
	struct tl_cell_spec spec;
	char why[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(
			tl_cell_spec_parse(cases[i].text, &spec, why, sizeof(why)), 0);
		CU_ASSERT_PTR_EQUAL(spec.path, cases[i].path);
		CU_ASSERT_EQUAL(spec.variant, cases[i].variant);
		CU_ASSERT_EQUAL(spec.signal, cases[i].signal);
	}
}

static void test_spec_invalid(void)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
		{ "nope", "unknown path \"nope\" (paths: clock-nanosleep, timerfd" },
		{ "timerfd:select",
		  "timerfd: unknown variant \"select\" (variants: read, poll, epoll)" },
		{ "clock-nanosleep:read", "clock-nanosleep has no variants" },
		{ "timerfd:read:rtmin", "timerfd has no signals" },
		{ "", "unknown path \"\"" },
		{ "timerfd:", "unknown variant \"\"" },
		{ "posix-timer:signalfd:usr1",
		  "posix-timer: unknown signal \"usr1\" (signals: rtmin, alrm)" },
		{ "posix-timer:poll",
		  "unknown variant \"poll\" (variants: handler, sigwaitinfo, signalfd, thread-id)" },
		{ "posix-timer::alrm", "posix-timer: unknown variant \"\"" },
		{ "posix-timer:handler:", "posix-timer: unknown signal \"\"" },
		{ "posix-timer:handler:rtmin:x", "unknown signal \"rtmin:x\"" },
		{ "posix-timer:handler:RTMIN", "unknown signal \"RTMIN\"" },
		{ "setitimer:signalfd",
		  "setitimer: unknown variant \"signalfd\" (variants: handler, sigwaitinfo)" },
		{ "setitimer:handler:rtmin",
		  "setitimer: unknown signal \"rtmin\" (signals: alrm)" },
		{ "alarm:sigwaitinfo",
		  "alarm: unknown variant \"sigwaitinfo\" (variants: handler)" },
		{ "posix_timer",
		  "unknown path \"posix_timer\" (paths: clock-nanosleep, timerfd, posix-timer, setitimer, alarm)" },
	};
	struct tl_cell_spec spec;
	char why[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(
			tl_cell_spec_parse(cases[i].text, &spec, why, sizeof(why)),
			-EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, cases[i].message));
	}
}

static void test_key(void)
{
	struct tl_cell cell = { &tl_path_timerfd,  1, 0, CLOCK_REALTIME, TL_ARM_PERIODIC,
				250 * TL_NS_PER_US };
	char key[128];

	CU_ASSERT_EQUAL(tl_cell_key(&cell, key, sizeof(key)), 0);
	CU_ASSERT_STRING_EQUAL(key, "timerfd:poll/realtime/periodic@250us");
	cell = (struct tl_cell){ &tl_path_clock_nanosleep, 0,	       0,
				 CLOCK_MONOTONIC,	   TL_ARM_ABS, TL_NS_PER_MS };
	CU_ASSERT_EQUAL(tl_cell_key(&cell, key, sizeof(key)), 0);
	CU_ASSERT_STRING_EQUAL(key, "clock-nanosleep/monotonic/abs@1ms");
	CU_ASSERT_EQUAL(tl_cell_key(&cell, key, 10), -ENOSPC);
}

/* The key carries the signal of the paths that have one. */
static void test_key_signal(void)
{
	static const struct {
		struct tl_cell cell;
		const char *key;
	} cases[] = {
		{ { &tl_path_posix_timer, 0, 0, CLOCK_MONOTONIC, TL_ARM_ABS,
		    TL_NS_PER_MS },
		  "posix-timer:handler:rtmin/monotonic/abs@1ms" },
		{ { &tl_path_posix_timer, 2, 1, CLOCK_BOOTTIME, TL_ARM_PERIODIC,
		    250 * TL_NS_PER_US },
		  "posix-timer:signalfd:alrm/boottime/periodic@250us" },
		{ { &tl_path_setitimer, 1, 0, CLOCK_REALTIME, TL_ARM_ABS, TL_NS_PER_MS },
		  "setitimer:sigwaitinfo:alrm/realtime/abs@1ms" },
		{ { &tl_path_alarm, 0, 0, CLOCK_MONOTONIC, TL_ARM_REL, TL_NS_PER_S },
		  "alarm:handler:alrm/monotonic/rel@1s" },
	};
	char key[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(tl_cell_key(&cases[i].cell, key, sizeof(key)), 0);
		CU_ASSERT_STRING_EQUAL(key, cases[i].key);
	}
}

/* Only setitimer's abs and periodic are emulated: both arm a delay. */
static void test_emulated(void)
{
	struct tl_cell cell = { &tl_path_setitimer, 0,		0,
				CLOCK_MONOTONIC,    TL_ARM_ABS, TL_NS_PER_MS };

	CU_ASSERT_TRUE(tl_cell_emulated(&cell));
	cell.arm = TL_ARM_REL;
	CU_ASSERT_FALSE(tl_cell_emulated(&cell));
	cell.arm = TL_ARM_PERIODIC;
	CU_ASSERT_TRUE(tl_cell_emulated(&cell));
	cell = (struct tl_cell){ &tl_path_posix_timer, 0,	   0,
				 CLOCK_MONOTONIC,      TL_ARM_ABS, TL_NS_PER_MS };
	CU_ASSERT_FALSE(tl_cell_emulated(&cell));
	cell.path = &tl_path_timerfd;
	CU_ASSERT_FALSE(tl_cell_emulated(&cell));
	cell.arm = TL_ARM_PERIODIC;
	CU_ASSERT_FALSE(tl_cell_emulated(&cell));
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
	struct tl_cell cell = { &tl_path_timerfd, 0,	      0,
				CLOCK_TAI,	  TL_ARM_ABS, TL_NS_PER_MS };

	CU_ASSERT_PTR_NOT_NULL(tl_path_timerfd.unsupported(&cell));
	cell.clock = CLOCK_MONOTONIC;
	CU_ASSERT_PTR_NULL(tl_path_timerfd.unsupported(&cell));
	cell.path = &tl_path_clock_nanosleep;
	cell.arm = TL_ARM_PERIODIC;
	CU_ASSERT_PTR_NOT_NULL(tl_path_clock_nanosleep.unsupported(&cell));
	cell.arm = TL_ARM_REL;
	CU_ASSERT_PTR_NULL(tl_path_clock_nanosleep.unsupported(&cell));
}

static bool cell_unsupported(const struct tl_path *path, clockid_t clock, enum tl_arm arm,
			     int64_t interval_ns)
{
	struct tl_cell cell = { path, 0, 0, clock, arm, interval_ns };

	return path->unsupported(&cell) != NULL;
}

/* posix-timer takes every clock timer_create does; setitimer and alarm are
 * measured against monotonic and realtime only, in their own units. */
static void test_unsupported_signal_paths(void)
{
	const int64_t ms = TL_NS_PER_MS, s = TL_NS_PER_S;

	for (unsigned a = 0; a < TL_ARM_COUNT; a++) {
		CU_ASSERT_FALSE(cell_unsupported(&tl_path_posix_timer, CLOCK_TAI, a, ms));
		CU_ASSERT_FALSE(
			cell_unsupported(&tl_path_posix_timer, CLOCK_BOOTTIME, a, ms));
		CU_ASSERT_FALSE(
			cell_unsupported(&tl_path_setitimer, CLOCK_REALTIME, a, ms));
		CU_ASSERT_TRUE(
			cell_unsupported(&tl_path_setitimer, CLOCK_BOOTTIME, a, ms));
		CU_ASSERT_TRUE(cell_unsupported(&tl_path_setitimer, CLOCK_TAI, a, ms));
		CU_ASSERT_TRUE(
			cell_unsupported(&tl_path_setitimer, CLOCK_MONOTONIC, a, 1500));
		CU_ASSERT_TRUE(cell_unsupported(&tl_path_alarm, CLOCK_BOOTTIME, a, s));
	}
	CU_ASSERT_TRUE(cell_unsupported(&tl_path_posix_timer, CLOCK_REALTIME_ALARM,
					TL_ARM_ABS, ms));
	/* below 50us the folded periods cannot be counted exactly */
	CU_ASSERT_TRUE(cell_unsupported(&tl_path_setitimer, CLOCK_MONOTONIC,
					TL_ARM_PERIODIC, 20 * TL_NS_PER_US));
	CU_ASSERT_FALSE(cell_unsupported(&tl_path_setitimer, CLOCK_MONOTONIC, TL_ARM_REL,
					 20 * TL_NS_PER_US));
	CU_ASSERT_FALSE(cell_unsupported(&tl_path_alarm, CLOCK_MONOTONIC, TL_ARM_REL, s));
	CU_ASSERT_FALSE(
		cell_unsupported(&tl_path_alarm, CLOCK_REALTIME, TL_ARM_REL, 2 * s));
	CU_ASSERT_TRUE(cell_unsupported(&tl_path_alarm, CLOCK_MONOTONIC, TL_ARM_REL, ms));
	CU_ASSERT_TRUE(cell_unsupported(&tl_path_alarm, CLOCK_MONOTONIC, TL_ARM_ABS, s));
	CU_ASSERT_TRUE(
		cell_unsupported(&tl_path_alarm, CLOCK_MONOTONIC, TL_ARM_PERIODIC, s));
}

void tests_cell(void)
{
	CU_pSuite suite = tests_suite("cell");

	CU_add_test(suite, "specs parse", test_spec_valid);
	CU_add_test(suite, "signal path specs parse", test_spec_signal_paths);
	CU_add_test(suite, "bad specs name the cause", test_spec_invalid);
	CU_add_test(suite, "cell key", test_key);
	CU_add_test(suite, "cell key with a signal", test_key_signal);
	CU_add_test(suite, "only setitimer's abs and periodic are emulated",
		    test_emulated);
	CU_add_test(suite, "arm names both ways", test_arm_names);
	CU_add_test(suite, "paths say what they cannot do", test_unsupported);
	CU_add_test(suite, "signal paths say what they cannot do",
		    test_unsupported_signal_paths);
}
