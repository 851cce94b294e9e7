/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The judgements of the setitimer and alarm checks, driven with scripted
 * observations; part of the checks-b suite (test-checks-b.c). */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "../cases/checks/alarm.h"
#include "../cases/checks/setitimer.h"
#include "test-checks-b.h"
#include "tests.h"

void checks_b_setitimer_einval(void)
{
	struct setitimer_einval_seen seen = {
		.count = 2,
		.calls = { { "setitimer which 99", -1, EINVAL },
			   { "setitimer it_value.tv_usec 1000000", -1, EINVAL } },
	};

	EXPECT(setitimer_judge_einval, &seen, PASS, "2 calls, each EINVAL");
	seen.calls[1].result = 0; /* an out-of-range tv_usec accepted */
	EXPECT(setitimer_judge_einval, &seen, FAIL, "tv_usec 1000000 returned 0");
}

void checks_b_setitimer_simple(void)
{
	struct setitimer_old_value_seen old = { 10 * TL_NS_PER_S, 5 * TL_NS_PER_S,
						10 * TL_NS_PER_S - 5 * US,
						5 * TL_NS_PER_S, 4 * US };
	struct setitimer_real_fires_seen fires = { .value_ns = 100 * MS,
						   .deadline_ns = T0 + 100 * MS,
						   .received = true,
						   .si_code = SI_KERNEL,
						   .wake_ns = T0 + 100 * MS,
						   .more_wait_ns = 100 * MS };

	/* at least the value less the time between and the microsecond cut */
	EXPECT(setitimer_judge_old_value, &old, PASS, NULL);
	old.old_value_ns = 10 * TL_NS_PER_S;
	EXPECT(setitimer_judge_old_value, &old, PASS, NULL);
	old.old_value_ns = 10 * TL_NS_PER_S + 1;
	EXPECT(setitimer_judge_old_value, &old, FAIL, "old it_value");
	old.old_value_ns = 10 * TL_NS_PER_S - 5 * US - 1;
	EXPECT(setitimer_judge_old_value, &old, FAIL, "old it_value");
	old.old_value_ns = 10 * TL_NS_PER_S;
	old.old_interval_ns = 5 * TL_NS_PER_S - US;
	EXPECT(setitimer_judge_old_value, &old, FAIL, "old it_interval");

	EXPECT(setitimer_judge_real_fires, &fires, PASS, "one SIGALRM");
	fires.wake_ns = fires.deadline_ns - 1;
	EXPECT(setitimer_judge_real_fires, &fires, FAIL, "1 ns before");
	fires.wake_ns = fires.deadline_ns + MS;
	fires.more = 1;
	EXPECT(setitimer_judge_real_fires, &fires, FAIL, "1 more SIGALRM");
	fires.more = 0;
	fires.left_ns = 99 * MS;
	EXPECT(setitimer_judge_real_fires, &fires, FAIL, "still armed");
	fires.left_ns = 0;
	fires.si_code = SI_USER;
	EXPECT(setitimer_judge_real_fires, &fires, ERROR, "another sender");
	fires.received = false;
	EXPECT(setitimer_judge_real_fires, &fires, FAIL, "no SIGALRM");
}

/* 10 ms ITIMER_REAL set at T0, 20 prompt deliveries, ended at 200.1 ms */
static void periodic_seen(struct setitimer_periodic_seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	seen->interval_ns = 10 * MS;
	seen->set_before_ns = T0;
	seen->set_after_ns = T0 + US;
	seen->end_before_ns = T0 + 200 * MS + 100 * US;
	seen->end_after_ns = seen->end_before_ns + US;
	seen->caught.signals = 20;
	seen->caught.times = 20;
	for (size_t k = 0; k < 20; k++)
		seen->caught.time_ns[k] = T0 + (int64_t)(k + 1) * 10 * MS + 50 * US;
}

/* Take deliveries from the end: fewer signals, the last ones prompt. */
static void periodic_drop(struct setitimer_periodic_seen *seen, size_t count)
{
	seen->caught.signals -= (int)count;
	seen->caught.times -= count;
}

void checks_b_setitimer_periodic(void)
{
	struct setitimer_periodic_seen seen;

	periodic_seen(&seen);
	EXPECT(setitimer_judge_periodic, &seen, PASS, "20 SIGALRM");
	CU_ASSERT_FALSE(setitimer_periodic_stalled(&seen));
	/* the last deadline's interrupt not yet run: one fewer passes */
	periodic_drop(&seen, 1);
	seen.end_before_ns = T0 + 200 * MS + 5 * US;
	EXPECT(setitimer_judge_periodic, &seen, PASS, "19 SIGALRM");
	periodic_drop(&seen, 1); /* two fewer, and nothing stalled */
	EXPECT(setitimer_judge_periodic, &seen, FAIL, "18 SIGALRM");
	/* one more than the deadlines passed, and one pending on top */
	periodic_seen(&seen);
	seen.pending = true;
	EXPECT(setitimer_judge_periodic, &seen, FAIL, "21 SIGALRM");
	periodic_seen(&seen);
	seen.caught.time_ns[3] = T0 + 40 * MS - 1;
	EXPECT(setitimer_judge_periodic, &seen, FAIL, "SIGALRM 4 came 1 ns before");
	/* stalled: delivery 5 came 30 ms after 4, the kernel skipped two */
	periodic_seen(&seen);
	seen.caught.time_ns[4] = T0 + 70 * MS + 50 * US;
	for (size_t k = 5; k < 18; k++)
		seen.caught.time_ns[k] = T0 + (int64_t)(k + 3) * 10 * MS + 50 * US;
	periodic_drop(&seen, 2);
	CU_ASSERT_TRUE(setitimer_periodic_stalled(&seen));
	EXPECT(setitimer_judge_periodic, &seen, ERROR, "stalled");
	periodic_seen(&seen);
	seen.caught.foreign = 1;
	EXPECT(setitimer_judge_periodic, &seen, ERROR, "another sender");
}

void checks_b_setitimer_cpu_tick(void)
{
	struct setitimer_cpu_tick_seen seen = { .value_ns = US,
						.tick_ns = 4 * MS,
						.count = 2,
						.read_ns = { 4 * MS + US, 0 } };

	EXPECT(setitimer_judge_cpu_tick, &seen, PASS, "HZ 250");
	seen.read_ns[1] = 4 * MS + US + 1; /* more than one tick above */
	EXPECT(setitimer_judge_cpu_tick, &seen, FAIL, "more than one tick");
	seen.read_ns[1] = US;
	seen.read_interval_ns[0] = US;
	EXPECT(setitimer_judge_cpu_tick, &seen, FAIL, "it_interval");
	seen.tick_ns = 0;
	EXPECT(setitimer_judge_cpu_tick, &seen, ERROR, NULL);
}

void checks_b_alarm_rounded(void)
{
	CU_ASSERT_EQUAL(alarm_rounded(9 * TL_NS_PER_S + 499999 * US + 999), 9);
	CU_ASSERT_EQUAL(alarm_rounded(9 * TL_NS_PER_S + 500 * MS), 10);
	CU_ASSERT_EQUAL(alarm_rounded(10 * TL_NS_PER_S), 10);
	CU_ASSERT_EQUAL(alarm_rounded(US), 1); /* never 0 for an alarm pending */
	CU_ASSERT_EQUAL(alarm_rounded(US - 1), 0); /* cut to microseconds first */
	CU_ASSERT_EQUAL(alarm_rounded(0), 0);
}

void checks_b_alarm_returns_remaining(void)
{
	struct alarm_returns_remaining_seen seen = {
		.returned = 9,
		.elapsed_low_ns = TL_NS_PER_S + 10 * US,
		.elapsed_high_ns = TL_NS_PER_S + 20 * US,
		.set_ns = T0,
		.received = true,
		.si_code = SI_KERNEL,
		.wake_ns = T0 + TL_NS_PER_S + 80 * US,
		.wait_ns = 1500 * MS,
	};

	EXPECT(alarm_judge_returns_remaining, &seen, PASS, "returned 9");
	seen.returned = 8;
	EXPECT(alarm_judge_returns_remaining, &seen, FAIL, "returned 8, expected 9..9");
	/* stalled to 1.5 s between: 8.5 s or a hair less were left, 8 or 9 */
	seen.elapsed_low_ns = 1500 * MS - 10 * US;
	seen.elapsed_high_ns = 1500 * MS + 10 * US;
	EXPECT(alarm_judge_returns_remaining, &seen, PASS, NULL);
	seen.returned = 10;
	EXPECT(alarm_judge_returns_remaining, &seen, FAIL, "expected 8..9");
	seen.returned = 9;
	seen.wake_ns = T0 + TL_NS_PER_S; /* exactly a second: not early */
	EXPECT(alarm_judge_returns_remaining, &seen, PASS, NULL);
	seen.wake_ns = T0 + TL_NS_PER_S - 1;
	EXPECT(alarm_judge_returns_remaining, &seen, FAIL, "before the second");
	seen.wake_ns = T0 + TL_NS_PER_S;
	seen.left_ns = 8 * TL_NS_PER_S; /* the alarm(10) still there */
	EXPECT(alarm_judge_returns_remaining, &seen, FAIL, "still armed");
	seen.left_ns = 0;
	seen.pending = true;
	EXPECT(alarm_judge_returns_remaining, &seen, FAIL, "another SIGALRM");
	seen.pending = false;
	seen.received = false;
	EXPECT(alarm_judge_returns_remaining, &seen, FAIL, "no SIGALRM within 1.5 s");
	seen.received = true;
	seen.si_code = SI_USER;
	EXPECT(alarm_judge_returns_remaining, &seen, ERROR, "another sender");
	seen.first = 3;
	EXPECT(alarm_judge_returns_remaining, &seen, ERROR, "already set");
}

void checks_b_alarm_zero_and_fork(void)
{
	struct alarm_zero_cancels_seen zero = { .returned = 10,
						.between_ns = 5 * US,
						.waited_ns = 1500 * MS };
	struct alarm_not_inherited_seen forked = { .parent_returned = 10,
						   .parent_between_ns = 200 * US };

	EXPECT(alarm_judge_zero_cancels, &zero, PASS, "returned 10");
	zero.returned = 9;
	EXPECT(alarm_judge_zero_cancels, &zero, FAIL, "returned 9, expected 10..10");
	zero.between_ns = 500 * MS; /* 9.5 s left still rounds to 10 */
	EXPECT(alarm_judge_zero_cancels, &zero, FAIL, NULL);
	zero.between_ns = 500 * MS + US; /* a measured stall past half a second: 9 */
	EXPECT(alarm_judge_zero_cancels, &zero, PASS, NULL);
	zero.again = 10;
	EXPECT(alarm_judge_zero_cancels, &zero, FAIL, "still set");
	zero.again = 0;
	zero.left_ns = MS;
	EXPECT(alarm_judge_zero_cancels, &zero, FAIL, "still armed");
	zero.left_ns = 0;
	zero.caught.signals = 1;
	zero.cancel_gap_ns = TL_NS_PER_S - 1;
	EXPECT(alarm_judge_zero_cancels, &zero, FAIL, "1 SIGALRM");
	zero.cancel_gap_ns = TL_NS_PER_S; /* a second between: it may have fired */
	EXPECT(alarm_judge_zero_cancels, &zero, ERROR, "stalled");
	zero.cancel_gap_ns = 0;
	zero.caught.signals = 0;
	zero.pending = true;
	EXPECT(alarm_judge_zero_cancels, &zero, FAIL, "1 SIGALRM");
	zero.caught.foreign = 1;
	EXPECT(alarm_judge_zero_cancels, &zero, ERROR, "another sender");
	zero.first = 4;
	EXPECT(alarm_judge_zero_cancels, &zero, ERROR, "already set");

	EXPECT(alarm_judge_not_inherited, &forked, PASS, "returned 0");
	forked.child_returned = 10;
	EXPECT(alarm_judge_not_inherited, &forked, FAIL, "inherited");
	forked.parent_returned = 0; /* the parent had none: proves nothing */
	EXPECT(alarm_judge_not_inherited, &forked, ERROR, "proves nothing");
}
