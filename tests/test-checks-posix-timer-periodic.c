/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The judges of periodic POSIX timers' expiries (periodic-never-early,
 * latency-sanity), driven with scripted observations; their tests join
 * the group's suite.
 */
#include <signal.h>
#include <string.h>

#include "../cases/checks/posix-timer.h"
#include "judge.h"
#include "tests.h"

/* A 1 ms periodic timer from T0: three signals, the second with overrun 2
 * (so it serves T0 + 1 ms to T0 + 3 ms), each 20 us after its latest. */
static void periodic_seen(struct posix_timer_periodic_seen *seen)
{
	static const int overruns[] = { 0, 2, 0 };
	int64_t served = 0;

	memset(seen, 0, sizeof(*seen));
	seen->clock = "tai";
	seen->count = 3;
	for (size_t i = 0; i < seen->count; i++) {
		struct posix_timer_periodic_wake *wake = &seen->wakes[i];

		wake->interval_ns = MS;
		wake->absolute = true;
		wake->received = wake->named = true;
		wake->si_code = SI_TIMER;
		wake->overrun = overruns[i];
		wake->oldest_ns = T0 + served * MS;
		wake->latest_ns = wake->oldest_ns + wake->overrun * MS;
		wake->wake_ns = wake->latest_ns + 20 * US;
		served += 1 + wake->overrun;
	}
}

static void test_periodic_never_early(void)
{
	struct posix_timer_periodic_seen seen;

	periodic_seen(&seen);
	EXPECT(posix_timer_judge_periodic_never_early(judge_fresh(), &seen), PASS,
	       "tai: 3 signals");
	/* after its own deadline but before the last its overrun counts */
	seen.wakes[1].wake_ns = seen.wakes[1].latest_ns - 1;
	EXPECT(posix_timer_judge_periodic_never_early(judge_fresh(), &seen), FAIL,
	       "tai abs every 1000 us: woke 1 ns before a deadline it served (overrun 2)");
	seen.wakes[1].wake_ns = seen.wakes[1].latest_ns; /* at it: on time */
	EXPECT(posix_timer_judge_periodic_never_early(judge_fresh(), &seen), PASS,
	       "the closest 0 ns after");
	periodic_seen(&seen);
	seen.wakes[2].named = false;
	EXPECT(posix_timer_judge_periodic_never_early(judge_fresh(), &seen), FAIL,
	       "not naming its timer");
	periodic_seen(&seen);
	seen.wakes[2].received = false;
	seen.wakes[2].absolute = false;
	EXPECT(posix_timer_judge_periodic_never_early(judge_fresh(), &seen), FAIL,
	       "tai rel every 1000 us: no signal");
	periodic_seen(&seen);
	seen.stepped_ns = CHECK_CLOCK_STEP_NS + 1;
	EXPECT(posix_timer_judge_periodic_never_early(judge_fresh(), &seen), ERROR,
	       "a step");
	seen.stepped_ns = 0;
	seen.count = 0;
	EXPECT(posix_timer_judge_periodic_never_early(judge_fresh(), &seen), ERROR, NULL);
}

/* Each signal is late from the oldest deadline it served. */
static void test_periodic_lateness(void)
{
	struct posix_timer_periodic_seen seen;
	struct check_lateness group = { 0 };

	periodic_seen(&seen);
	seen.wakes[2].received = false; /* a lost one is not timed */
	posix_timer_periodic_lateness(&seen, &group);
	CU_ASSERT_STRING_EQUAL(group.what, "tai");
	CU_ASSERT_EQUAL(group.count, 2);
	/* 20 us, and 2 ms + 20 us for the one that served three */
	CU_ASSERT_EQUAL(group.total_ns, 2 * MS + 40 * US);
	CU_ASSERT_EQUAL(group.worst_ns, 2 * MS + 20 * US);
}

void tests_checks_posix_timer_periodic(CU_pSuite suite)
{
	CU_add_test(suite, "periodic-never-early: every deadline served",
		    test_periodic_never_early);
	CU_add_test(suite, "latency-sanity: late from the oldest deadline served",
		    test_periodic_lateness);
}
