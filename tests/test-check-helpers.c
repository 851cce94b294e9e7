/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the checks share, judged with scripted observations: the deadlines
 * a periodic timer owes, and the never-early sweep that clock-nanosleep and
 * timerfd both run (its one judge, through each group's).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../cases/checks/check-helpers.h"
#include "../cases/checks/clock-nanosleep.h"
#include "../cases/checks/timerfd.h"
#include "judge.h"
#include "tests.h"

static void test_owed(void)
{
	CU_ASSERT_EQUAL(check_owed(10 * MS, MS, 10 * MS - 1), 0);
	CU_ASSERT_EQUAL(check_owed(10 * MS, MS, 10 * MS), 1);
	CU_ASSERT_EQUAL(check_owed(10 * MS, MS, 11 * MS - 1), 1);
	CU_ASSERT_EQUAL(check_owed(10 * MS, MS, 11 * MS), 2);
	CU_ASSERT_EQUAL(check_owed(10 * MS, MS, 60 * MS + MS / 2), 51);
}

/* A sweep of n wakes on clock, each exactly at its deadline. */
static void sweep_at_deadline(struct check_sweep *sweep, clockid_t clock, size_t n)
{
	memset(sweep, 0, sizeof(*sweep));
	sweep->clock = clock;
	sweep->count = n;
	for (size_t i = 0; i < n; i++) {
		struct check_sweep_wake *wake = &sweep->wakes[i];

		wake->request_ns = i % 2 ? 10 : 100 * MS;
		wake->absolute = i % 2;
		wake->deadline_ns = 100 * SEC + i * MS;
		wake->wake_ns = wake->deadline_ns + (i ? 1000 : 0);
		wake->count = 1;
	}
}

/* Never early: at the deadline is right, 1 ns before is a kernel bug. */
static void test_never_early(void)
{
	struct check_sweep sweep;

	sweep_at_deadline(&sweep, CLOCK_TAI, 8);
	EXPECT(clock_nanosleep_judge_never_early(judge_fresh(), &sweep), PASS,
	       "clock_nanosleep, tai: 8 abs and rel waits");
	CU_ASSERT_PTR_NOT_NULL(strstr(judge_reason(), "closest woke 0 ns"));
	sweep.wakes[5].wake_ns = sweep.wakes[5].deadline_ns - 1;
	EXPECT(clock_nanosleep_judge_never_early(judge_fresh(), &sweep), FAIL,
	       "tai, abs 10 ns: woke 1 ns before its deadline");
	sweep_at_deadline(&sweep, CLOCK_BOOTTIME, 4);
	sweep.wakes[2].err = EINTR;
	EXPECT(timerfd_judge_never_early(judge_fresh(), &sweep), FAIL,
	       "timerfd read, boottime, rel 100000000 ns: EINTR");
	sweep_at_deadline(&sweep, CLOCK_MONOTONIC, 4);
	sweep.wakes[3].count = 2;
	EXPECT(timerfd_judge_never_early(judge_fresh(), &sweep), FAIL,
	       "served 2 expirations");
	sweep.wakes[3].count = 0;
	EXPECT(timerfd_judge_never_early(judge_fresh(), &sweep), FAIL,
	       "served 0 expirations");
	sweep.count = 0;
	EXPECT(timerfd_judge_never_early(judge_fresh(), &sweep), ERROR,
	       "no wait was sampled");
}

/* Lateness: each group's mean against the 40 ms bound, at the edge. */
static void test_lateness(void)
{
	struct check_lateness_seen seen = { .attempts = 1, .count = 2 };

	seen.groups[0].what = "monotonic abs";
	seen.groups[1].what = "realtime rel";
	for (int i = 0; i < 4; i++) {
		check_lateness_add(&seen.groups[0], T0, T0 + 50 * US);
		/* 40 ms late on average exactly: at the bound, not over it */
		check_lateness_add(&seen.groups[1], T0, T0 + (i % 2 ? 70 : 10) * MS);
	}
	CU_ASSERT_EQUAL(seen.groups[1].worst_ns, 70 * MS);
	CU_ASSERT_FALSE(check_lateness_gross(&seen));
	EXPECT(check_judge_lateness(judge_fresh(), &seen, "sleeps"), PASS,
	       "8 sleeps in 2 groups: mean lateness at most 40.000 ms (realtime rel), the latest single one 70.000 ms");
	CU_ASSERT_PTR_NOT_NULL(strstr(judge_reason(), "gross breakage only"));
	check_lateness_add(&seen.groups[1], T0, T0 + 40 * MS + 5); /* mean 40 ms + 1 ns */
	CU_ASSERT_TRUE(check_lateness_gross(&seen));
	seen.attempts = 3;
	EXPECT(check_judge_lateness(judge_fresh(), &seen, "sleeps"), FAIL,
	       "realtime rel: 5 sleeps woke 40.0 ms late on average (the latest 70.0 ms), over the 40 ms bound of the kernel's selftests, in each of 3 attempts");
	seen.groups[1] = (struct check_lateness){ "realtime rel", 0, 0, 0 };
	EXPECT(check_judge_lateness(judge_fresh(), &seen, "sleeps"), ERROR,
	       "realtime rel: no sleeps were timed");
	seen.count = 0;
	EXPECT(check_judge_lateness(judge_fresh(), &seen, "sleeps"), ERROR, NULL);
}

/*
 * How little clock's offset to monotonic moves between two reads: the
 * least of a few pairs, as a step (chrony or timesyncd setting a freshly
 * booted VM's clock) falls between one pair at most, while an offset
 * measured wrong would move in every pair.
 */
static int64_t helpers_offset_moved_ns(clockid_t clock)
{
	int64_t least_ns = INT64_MAX;

	for (int pair = 0; pair < 4; pair++) {
		int64_t first_ns = check_clock_offset_ns(clock);
		int64_t moved_ns = check_clock_offset_ns(clock) - first_ns;

		if (moved_ns < 0)
			moved_ns = -moved_ns;
		if (moved_ns < least_ns)
			least_ns = moved_ns;
	}
	return least_ns;
}

/* A clock that nobody steps has the same offset to monotonic each time it
 * is read, and monotonic's own is 0; the reads behind an offset are tight
 * so that a preemption between two of them is not a step. */
static void test_clock_offset(void)
{
	static const clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_TAI };

	CU_ASSERT_EQUAL(check_clock_offset_ns(CLOCK_MONOTONIC), 0);
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		CU_ASSERT(helpers_offset_moved_ns(clocks[i]) < CHECK_CLOCK_STEP_NS);
	/* boottime runs ahead of monotonic by the time suspended, never behind */
	CU_ASSERT(check_clock_offset_ns(CLOCK_BOOTTIME) > -CHECK_CLOCK_STEP_NS);
}

void tests_check_helpers(void)
{
	CU_pSuite suite =
		judge_suite("check helpers: deadlines owed, the never-early sweep");

	CU_add_test(suite, "deadlines owed by a periodic timer", test_owed);
	CU_add_test(suite, "never-early: at the deadline, never 1 ns before",
		    test_never_early);
	CU_add_test(suite, "lateness: the 40 ms mean of the selftests", test_lateness);
	CU_add_test(suite, "a clock's offset to monotonic, monotonic's 0",
		    test_clock_offset);
}
