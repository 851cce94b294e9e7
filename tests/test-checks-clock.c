/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The judges of the checks of the clocks themselves, driven with scripted
 * observations. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../cases/checks/clock.h"
#include "judge.h"
#include "tests.h"

static void test_clock_monotonic(void)
{
	const struct clock_monotonic_seen right = {
		.cpus = 2,
		.ran_ns = 2 * SEC,
		.realtime_moved_ns = 3000,
		.count = 3,
		.clocks = { { .clock = CLOCK_REALTIME, .reads = 1000 },
			    { .clock = CLOCK_MONOTONIC, .reads = 1000 },
			    { .clock = CLOCK_BOOTTIME, .reads = 1000 } },
	};
	const struct clock_backwards_seen back = { CLOCK_REALTIME, 1000, 1, 15, 0, 1 };
	struct clock_monotonic_seen seen = right;

	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), PASS,
	       "3000 reads of realtime, monotonic, boottime in 2.0 s across 2 CPUs");
	seen.clocks[1] = back;
	seen.clocks[1].clock = CLOCK_MONOTONIC;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), FAIL,
	       "monotonic stepped back 1 times in 1000 reads, by up to 15 ns (CPU 0 to CPU 1)");
	/* realtime: a step back is a bug unless the clock was set */
	seen = right;
	seen.clocks[0] = back;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), FAIL,
	       "realtime stepped");
	seen.realtime_moved_ns = CLOCK_REALTIME_SET_NS;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), FAIL,
	       "realtime stepped");
	seen.realtime_moved_ns = -CLOCK_REALTIME_SET_NS - 1;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), ERROR,
	       "CLOCK_REALTIME was set during the check");
	/* a set realtime clock does not excuse the others */
	seen.clocks[0] = right.clocks[0];
	seen.clocks[2] = back;
	seen.clocks[2].clock = CLOCK_BOOTTIME;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), FAIL,
	       "boottime stepped");
	seen.count = 0;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), ERROR, NULL);
}

/* One clock alone, and the shared list; the clocks that move with
 * CLOCK_REALTIME are excused when it was set, the others never. */
static void test_clock_no_backwards(void)
{
	struct clock_monotonic_seen seen = {
		.cpus = 2,
		.ran_ns = 300 * MS,
		.count = 1,
		.clocks = { { .clock = CLOCK_MONOTONIC_COARSE, .reads = 5000 } }
	};
	const struct clock_backwards_seen back = {
		CLOCK_REALTIME_COARSE, 5000, 1, 4 * MS, 1, 0
	};

	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), PASS,
	       "5000 reads of monotonic-coarse in 0.3 s across 2 CPUs: none stepped back");
	seen.clocks[0] = back; /* what coarse clocks did before 6.15, by a tick */
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), FAIL,
	       "realtime-coarse stepped back 1 times in 5000 reads, by up to 4000000 ns (CPU 1 to CPU 0)");
	seen.realtime_moved_ns = CLOCK_REALTIME_SET_NS + 1;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), ERROR,
	       "cannot judge the steps back of realtime-coarse");
	seen.clocks[0].clock = CLOCK_TAI; /* tai moves with it too */
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), ERROR, "of tai");
	seen.clocks[0].clock = CLOCK_THREAD_CPUTIME_ID; /* never excused */
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), FAIL,
	       "thread-cputime stepped back");
	seen.realtime_moved_ns = 0;
	seen.clocks[0] =
		(struct clock_backwards_seen){ .clock = CLOCK_MONOTONIC, .reads = 9000 };
	seen.threads = 4;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), PASS,
	       "9000 reads of monotonic in 0.3 s across 2 CPUs, by 4 threads taking turns under a lock");
	seen.clocks[0].backwards = 2;
	seen.clocks[0].worst_ns = 120;
	EXPECT(clock_judge_monotonic_no_backwards(judge_fresh(), &seen), FAIL,
	       "monotonic stepped back 2 times in 9000 reads, by up to 120 ns");
}

static void test_clock_resolution(void)
{
	const struct clock_resolution_seen right = {
		.hres = CLOCK_HRES_ON,
		.cpus = 2,
		.count = 3,
		.clocks = { { CLOCK_REALTIME, 0, 1 },
			    { CLOCK_MONOTONIC, 0, 1 },
			    { CLOCK_BOOTTIME, 0, 1 } },
	};
	struct clock_resolution_seen seen = right;

	EXPECT(clock_judge_resolution(judge_fresh(), &seen), PASS,
	       "realtime 1 ns, monotonic 1 ns, boottime 1 ns");
	seen.clocks[2].resolution_ns = CLOCK_HRES_BOUND_NS;
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), PASS, "boottime 1000 ns");
	seen.clocks[2].resolution_ns = CLOCK_HRES_BOUND_NS + 1;
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), FAIL,
	       "clock_getres(boottime) gave 1001 ns");
	seen.clocks[2].resolution_ns = 4 * MS; /* the tick, though hres is on */
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), FAIL, "gave 4000000 ns");
	seen.clocks[2].resolution_ns = 0;
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), FAIL, "gave 0 ns");
	seen.clocks[0].err = EINVAL;
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), FAIL,
	       "clock_getres(realtime): EINVAL");
	seen.count = 0;
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), ERROR, NULL);
	/* hres off: the tick is right, the bound does not apply */
	seen = right;
	seen.hres = CLOCK_HRES_OFF;
	seen.cpus_off = 2;
	seen.clocks[0].resolution_ns = 4 * MS;
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), SKIP,
	       "hres_active 0 on 2 of 2 CPUs");
	seen.hres = CLOCK_HRES_UNKNOWN;
	seen.timer_list_err = EACCES;
	EXPECT(clock_judge_resolution(judge_fresh(), &seen), SKIP,
	       "/proc/timer_list: EACCES");
}

void tests_checks_clock(void)
{
	CU_pSuite suite = judge_suite("checks: clock");

	CU_add_test(suite, "clock.monotonic-no-backwards", test_clock_monotonic);
	CU_add_test(suite, "clock.no-backwards and clock.shared-list-no-backwards",
		    test_clock_no_backwards);
	CU_add_test(suite, "clock.resolution", test_clock_resolution);
}
