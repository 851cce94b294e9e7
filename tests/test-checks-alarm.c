/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The judges of the alarm checks, driven with scripted observations. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "../cases/checks/alarm.h"
#include "judge.h"
#include "tests.h"

static void test_alarm_rounded(void)
{
	CU_ASSERT_EQUAL(alarm_rounded(9 * SEC + 499999 * US + 999), 9);
	CU_ASSERT_EQUAL(alarm_rounded(9 * SEC + 500 * MS), 10);
	CU_ASSERT_EQUAL(alarm_rounded(10 * SEC), 10);
	CU_ASSERT_EQUAL(alarm_rounded(US), 1); /* never 0 for an alarm pending */
	CU_ASSERT_EQUAL(alarm_rounded(US - 1), 0); /* cut to microseconds first */
	CU_ASSERT_EQUAL(alarm_rounded(0), 0);
}

static void test_alarm_returns_remaining(void)
{
	struct alarm_returns_remaining_seen seen = {
		.returned = 9,
		.elapsed_low_ns = SEC + 10 * US,
		.elapsed_high_ns = SEC + 20 * US,
		.set_ns = T0,
		.received = true,
		.si_code = SI_KERNEL,
		.wake_ns = T0 + SEC + 80 * US,
		.wait_ns = 1500 * MS,
	};

	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), PASS, "returned 9");
	seen.returned = 8;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), FAIL,
	       "returned 8, expected 9..9");
	/* stalled to 1.5 s between: 8.5 s or a hair less were left, 8 or 9 */
	seen.elapsed_low_ns = 1500 * MS - 10 * US;
	seen.elapsed_high_ns = 1500 * MS + 10 * US;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), PASS, NULL);
	seen.returned = 10;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), FAIL,
	       "expected 8..9");
	seen.returned = 9;
	seen.wake_ns = T0 + SEC; /* exactly a second: not early */
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), PASS, NULL);
	seen.wake_ns = T0 + SEC - 1;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), FAIL,
	       "before the second");
	seen.wake_ns = T0 + SEC;
	seen.left_ns = 8 * SEC; /* the alarm(10) still there */
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), FAIL, "still armed");
	seen.left_ns = 0;
	seen.pending = true;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), FAIL,
	       "another SIGALRM");
	seen.pending = false;
	seen.received = false;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), FAIL,
	       "no SIGALRM within 1.5 s");
	seen.received = true;
	seen.si_code = SI_USER;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), ERROR,
	       "another sender");
	seen.first = 3;
	EXPECT(alarm_judge_returns_remaining(judge_fresh(), &seen), ERROR, "already set");
}

static void test_alarm_zero_and_fork(void)
{
	struct alarm_zero_cancels_seen zero = { .returned = 10,
						.between_ns = 5 * US,
						.waited_ns = 1500 * MS };
	struct alarm_not_inherited_seen forked = { .parent_returned = 10,
						   .parent_between_ns = 200 * US };

	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), PASS, "returned 10");
	zero.returned = 9;
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), FAIL,
	       "returned 9, expected 10..10");
	zero.between_ns = 500 * MS; /* 9.5 s left still rounds to 10 */
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), FAIL, NULL);
	zero.between_ns = 500 * MS + US; /* a measured stall past half a second: 9 */
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), PASS, NULL);
	zero.again = 10;
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), FAIL, "still set");
	zero.again = 0;
	zero.left_ns = MS;
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), FAIL, "still armed");
	zero.left_ns = 0;
	zero.caught.signals = 1;
	zero.cancel_gap_ns = SEC - 1;
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), FAIL, "1 SIGALRM");
	zero.cancel_gap_ns = SEC; /* a second between: it may have fired */
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), ERROR, "stalled");
	zero.cancel_gap_ns = 0;
	zero.caught.signals = 0;
	zero.pending = true;
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), FAIL, "1 SIGALRM");
	zero.caught.foreign = 1;
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), ERROR, "another sender");
	zero.first = 4;
	EXPECT(alarm_judge_zero_cancels(judge_fresh(), &zero), ERROR, "already set");

	EXPECT(alarm_judge_not_inherited(judge_fresh(), &forked), PASS, "returned 0");
	forked.child_returned = 10;
	EXPECT(alarm_judge_not_inherited(judge_fresh(), &forked), FAIL, "inherited");
	forked.parent_returned = 0; /* the parent had none: proves nothing */
	EXPECT(alarm_judge_not_inherited(judge_fresh(), &forked), ERROR,
	       "proves nothing");
}

void tests_checks_alarm(void)
{
	CU_pSuite suite = judge_suite("checks: alarm");

	CU_add_test(suite, "alarm's rounding", test_alarm_rounded);
	CU_add_test(suite, "alarm returns-remaining", test_alarm_returns_remaining);
	CU_add_test(suite, "alarm zero-cancels and not-inherited",
		    test_alarm_zero_and_fork);
}
