/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The judges of the clock-nanosleep checks, driven with scripted
 * observations: for each, what passes, what fails, and both sides of every
 * tolerance's edge.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../cases/checks/clock-nanosleep.h"
#include "judge.h"
#include "tests.h"

static void test_nanosleep_abs_past(void)
{
	struct clock_nanosleep_abs_past_seen seen[2] = {
		{ CLOCK_REALTIME, "1 s ago", 0, 8000 },
		{ CLOCK_TAI, "time 0", 0, CLOCK_NANOSLEEP_ABS_PAST_AT_ONCE_NS - 1 },
	};

	EXPECT(clock_nanosleep_judge_abs_past(judge_fresh(), seen, 2), PASS, NULL);
	seen[1].fastest_ns = CLOCK_NANOSLEEP_ABS_PAST_AT_ONCE_NS;
	EXPECT(clock_nanosleep_judge_abs_past(judge_fresh(), seen, 2), FAIL,
	       "tai, target time 0: the fastest of 5 tries took 10.000 ms");
	seen[0].err = EINVAL;
	EXPECT(clock_nanosleep_judge_abs_past(judge_fresh(), seen, 2), FAIL,
	       "realtime, target 1 s ago: returned EINVAL");
}

static void test_nanosleep_einval(void)
{
	struct clock_nanosleep_einval_seen seen[4] = {
		{ CLOCK_MONOTONIC, false, -1, EINVAL },
		{ CLOCK_MONOTONIC, false, 1000000000L, EINVAL },
		{ CLOCK_MONOTONIC, true, -1, EINVAL },
		{ CLOCK_MONOTONIC, true, 1000000000L, EINVAL },
	};

	EXPECT(clock_nanosleep_judge_einval(judge_fresh(), seen, 4), PASS,
	       "1 clocks: EINVAL");
	seen[3].err = 0;
	EXPECT(clock_nanosleep_judge_einval(judge_fresh(), seen, 4), FAIL,
	       "monotonic, abs, tv_nsec 1000000000: returned 0, expected EINVAL");
	seen[3].err = EFAULT;
	EXPECT(clock_nanosleep_judge_einval(judge_fresh(), seen, 4), FAIL,
	       "returned EFAULT");
	EXPECT(clock_nanosleep_judge_einval(judge_fresh(), seen, 0), ERROR, NULL);
}

/* rem lies in [request - elapsed, request], and above 0. */
static void test_nanosleep_eintr_rem(void)
{
	struct clock_nanosleep_eintr_seen seen = {
		.clock = CLOCK_REALTIME,
		.request_ns = SEC,
		.err = EINTR,
		.signals = 1,
		.elapsed_ns = 20 * MS,
		.handled_ns = 20 * MS - 3000,
		.rem_ns = 980 * MS + 50000,
	};

	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), PASS, NULL);
	seen.rem_ns = 980 * MS; /* all the elapsed time was slept */
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), PASS, NULL);
	seen.rem_ns = 980 * MS - 1; /* more than was slept taken off */
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), FAIL,
	       "expected 980.000..1000.000 ms");
	seen.rem_ns = SEC;
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), PASS, NULL);
	seen.rem_ns = SEC + 1;
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), FAIL, "left rem");
	/* a sleep interrupted after all of its time: rem must still be > 0 */
	seen.elapsed_ns = 2 * SEC;
	seen.rem_ns = 0;
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), FAIL,
	       "left rem 0.000 ms");
	seen.rem_ns = 1;
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), PASS, NULL);
	/* slept through: the handler ran only after the whole second */
	seen.err = 0;
	seen.elapsed_ns = SEC + 60000;
	seen.handled_ns = SEC + 50000;
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), FAIL,
	       "returned 0, expected EINTR");
	/* returned 0 at the signal, before its time */
	seen.elapsed_ns = 21 * MS;
	seen.handled_ns = 20 * MS;
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), FAIL,
	       "a signal handled 20.0 ms into a 1000 ms sleep: returned 0");
	/* the whole second slept, the handler before it: a stall, no verdict */
	seen.elapsed_ns = SEC + 60000;
	seen.handled_ns = SEC - 1;
	CU_ASSERT_TRUE(clock_nanosleep_eintr_missed(&seen));
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), ERROR,
	       "before the sleep began (the machine stalled us): cannot judge");
	seen.handled_ns = SEC;
	CU_ASSERT_FALSE(clock_nanosleep_eintr_missed(&seen));
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), FAIL,
	       "expected EINTR");
	seen.signals = 0;
	EXPECT(clock_nanosleep_judge_eintr_rem(judge_fresh(), &seen), ERROR,
	       "the signal never came");
}

/* The abs sleep wakes within 500 ms of the step, the rel one sleeps its all. */
static void test_nanosleep_realtime_step(void)
{
	const struct clock_nanosleep_step_seen right = {
		.step_ns = 5 * SEC,
		.before_step_ns = 10 * SEC + 200 * MS,
		.after_step_ns = 10 * SEC + 201 * MS,
		.abs_ahead_ns = 3 * SEC,
		.abs_start_ns = 10 * SEC,
		.abs_wake_ns = 10 * SEC + 201 * MS + 30000,
		.rel_request_ns = SEC,
		.rel_start_ns = 10 * SEC,
		.rel_wake_ns = 11 * SEC + 60000,
	};
	struct clock_nanosleep_step_seen seen = right;

	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), PASS, NULL);
	seen.abs_wake_ns = seen.after_step_ns + CLOCK_NANOSLEEP_STEP_PROMPT_NS;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), PASS, NULL);
	seen.abs_wake_ns++;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), FAIL,
	       "not at the step");
	/* woken at its original target, 3 s in: the step was not seen */
	seen.abs_wake_ns = 13 * SEC;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), FAIL,
	       "not at the step");
	seen.abs_wake_ns = seen.before_step_ns - 1;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), FAIL,
	       "before the clock was stepped");
	seen = right;
	seen.rel_wake_ns = seen.rel_start_ns + seen.rel_request_ns;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), PASS, NULL);
	seen.rel_wake_ns--;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), FAIL,
	       "the rel sleep of 1000 ms ended after 1000.000 ms");
	seen = right;
	seen.rel_err = EINTR;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), FAIL,
	       "the rel sleep EINTR");
	seen = right;
	seen.rel_start_ns = seen.before_step_ns;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), ERROR,
	       "cannot judge");
	seen.set_err = EPERM;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), SKIP,
	       "CAP_SYS_TIME");
	seen.set_err = EINVAL;
	EXPECT(clock_nanosleep_judge_realtime_step(judge_fresh(), &seen), ERROR,
	       "EINVAL");
}

/* The sleeps' groups, judged by the shared lateness judge on each mean. */
static void test_latency_sanity(void)
{
	struct check_lateness_seen seen = { .attempts = 1, .count = 2 };

	seen.groups[0].what = "monotonic abs";
	seen.groups[1].what = "tai rel";
	for (int i = 0; i < 5; i++) {
		check_lateness_add(&seen.groups[0], T0, T0 + 60 * US);
		check_lateness_add(&seen.groups[1], T0, T0 + 4 * MS); /* a tick late */
	}
	EXPECT(clock_nanosleep_judge_latency_sanity(judge_fresh(), &seen), PASS,
	       "10 sleeps in 2 groups: mean lateness at most 4.000 ms (tai rel)");
	/* hrtimers broken down to a 50 ms tick */
	for (int i = 0; i < 20; i++)
		check_lateness_add(&seen.groups[1], T0, T0 + 50 * MS);
	seen.attempts = 3;
	EXPECT(clock_nanosleep_judge_latency_sanity(judge_fresh(), &seen), FAIL,
	       "tai rel: 25 sleeps woke 40.8 ms late on average (the latest 50.0 ms)");
}

void tests_checks_clock_nanosleep(void)
{
	CU_pSuite suite = judge_suite("checks: clock-nanosleep");

	CU_add_test(suite, "clock-nanosleep.latency-sanity: 40 ms on average",
		    test_latency_sanity);
	CU_add_test(suite, "clock-nanosleep.abs-past: under 10 ms",
		    test_nanosleep_abs_past);
	CU_add_test(suite, "clock-nanosleep.einval", test_nanosleep_einval);
	CU_add_test(suite,
		    "clock-nanosleep.eintr-rem: request - elapsed <= rem <= request",
		    test_nanosleep_eintr_rem);
	CU_add_test(suite,
		    "clock-nanosleep.realtime-step: abs at the step, rel unaffected",
		    test_nanosleep_realtime_step);
}
