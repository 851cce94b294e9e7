/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The judges of the clock-nanosleep, timerfd, clock and signal checks,
 * driven with scripted observations: for each, what passes, what fails,
 * and both sides of every tolerance's edge. No timer is armed here; the
 * checks themselves run against this machine's kernel in test-check-tool.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/timerfd.h>

#include "../cases/checks/clock-nanosleep.h"
#include "../cases/checks/clock.h"
#include "../cases/checks/signal.h"
#include "../cases/checks/timerfd.h"
#include "../cases/registry.h"
#include "../lib/time.h"
#include "ktap.h"
#include "tests.h"
#include "tool.h"

#define MS(n) ((int64_t)(n)*TL_NS_PER_MS)
#define S(n) ((int64_t)(n)*TL_NS_PER_S)

static struct tl_check_ctx *judge_ctx;

/* A fresh context for the next judgement, its records going nowhere. */
static struct tl_check_ctx *fresh(void)
{
	tl_check_ctx_free(judge_ctx);
	judge_ctx = tl_check_ctx_new(-1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(judge_ctx);
	return judge_ctx;
}

/* The judge returned verdict, recorded it too, and its reason holds part. */
static void expect_at(int line, enum tl_verdict got, enum tl_verdict verdict,
		      const char *part)
{
	const char *reason = tl_check_ctx_reason(judge_ctx);
	bool right = got == verdict && tl_check_ctx_verdict(judge_ctx) == verdict &&
		     (!part || strstr(reason, part));

	CU_ASSERT_TRUE(right);
	if (!right)
		fprintf(stderr,
			"\ntest-checks-a.c:%d: %s \"%s\", expected %s with \"%s\"\n",
			line, tl_verdict_name(got), reason, tl_verdict_name(verdict),
			part ? part : "");
}

#define EXPECT(call, verdict, part) expect_at(__LINE__, (call), verdict, part)
#define PASS TL_VERDICT_PASS
#define FAIL TL_VERDICT_FAIL
#define SKIP TL_VERDICT_SKIP
#define ERROR TL_VERDICT_ERROR

static void test_owed(void)
{
	CU_ASSERT_EQUAL(check_owed(MS(10), MS(1), MS(10) - 1), 0);
	CU_ASSERT_EQUAL(check_owed(MS(10), MS(1), MS(10)), 1);
	CU_ASSERT_EQUAL(check_owed(MS(10), MS(1), MS(11) - 1), 1);
	CU_ASSERT_EQUAL(check_owed(MS(10), MS(1), MS(11)), 2);
	CU_ASSERT_EQUAL(check_owed(MS(10), MS(1), MS(60) + MS(1) / 2), 51);
}

/* A sweep of n wakes on clock, each exactly at its deadline. */
static void sweep_at_deadline(struct check_sweep *sweep, clockid_t clock, size_t n)
{
	memset(sweep, 0, sizeof(*sweep));
	sweep->clock = clock;
	sweep->count = n;
	for (size_t i = 0; i < n; i++) {
		struct check_sweep_wake *wake = &sweep->wakes[i];

		wake->request_ns = i % 2 ? 10 : MS(100);
		wake->absolute = i % 2;
		wake->deadline_ns = S(100) + MS(i);
		wake->wake_ns = wake->deadline_ns + (i ? 1000 : 0);
		wake->count = 1;
	}
}

/* Never early: at the deadline is right, 1 ns before is a kernel bug. */
static void test_never_early(void)
{
	struct check_sweep sweep;

	sweep_at_deadline(&sweep, CLOCK_TAI, 8);
	EXPECT(clock_nanosleep_judge_never_early(fresh(), &sweep), PASS,
	       "clock_nanosleep, tai: 8 abs and rel waits");
	CU_ASSERT_PTR_NOT_NULL(
		strstr(tl_check_ctx_reason(judge_ctx), "closest woke 0 ns"));
	sweep.wakes[5].wake_ns = sweep.wakes[5].deadline_ns - 1;
	EXPECT(clock_nanosleep_judge_never_early(fresh(), &sweep), FAIL,
	       "tai, abs 10 ns: woke 1 ns before its deadline");
	sweep_at_deadline(&sweep, CLOCK_BOOTTIME, 4);
	sweep.wakes[2].err = EINTR;
	EXPECT(timerfd_judge_never_early(fresh(), &sweep), FAIL,
	       "timerfd read, boottime, rel 100000000 ns: EINTR");
	sweep_at_deadline(&sweep, CLOCK_MONOTONIC, 4);
	sweep.wakes[3].count = 2;
	EXPECT(timerfd_judge_never_early(fresh(), &sweep), FAIL, "served 2 expirations");
	sweep.wakes[3].count = 0;
	EXPECT(timerfd_judge_never_early(fresh(), &sweep), FAIL, "served 0 expirations");
	sweep.count = 0;
	EXPECT(timerfd_judge_never_early(fresh(), &sweep), ERROR, "no wait was sampled");
}

static void test_nanosleep_abs_past(void)
{
	struct clock_nanosleep_abs_past_seen seen[2] = {
		{ CLOCK_REALTIME, "1 s ago", 0, 8000 },
		{ CLOCK_TAI, "time 0", 0, CLOCK_NANOSLEEP_ABS_PAST_AT_ONCE_NS - 1 },
	};

	EXPECT(clock_nanosleep_judge_abs_past(fresh(), seen, 2), PASS, NULL);
	seen[1].fastest_ns = CLOCK_NANOSLEEP_ABS_PAST_AT_ONCE_NS;
	EXPECT(clock_nanosleep_judge_abs_past(fresh(), seen, 2), FAIL,
	       "tai, target time 0: the fastest of 5 tries took 10.000 ms");
	seen[0].err = EINVAL;
	EXPECT(clock_nanosleep_judge_abs_past(fresh(), seen, 2), FAIL,
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

	EXPECT(clock_nanosleep_judge_einval(fresh(), seen, 4), PASS, "1 clocks: EINVAL");
	seen[3].err = 0;
	EXPECT(clock_nanosleep_judge_einval(fresh(), seen, 4), FAIL,
	       "monotonic, abs, tv_nsec 1000000000: returned 0, expected EINVAL");
	seen[3].err = EFAULT;
	EXPECT(clock_nanosleep_judge_einval(fresh(), seen, 4), FAIL, "returned EFAULT");
	EXPECT(clock_nanosleep_judge_einval(fresh(), seen, 0), ERROR, NULL);
}

/* rem lies in [request - elapsed, request], and above 0. */
static void test_nanosleep_eintr_rem(void)
{
	struct clock_nanosleep_eintr_seen seen = {
		.clock = CLOCK_REALTIME,
		.request_ns = S(1),
		.err = EINTR,
		.signals = 1,
		.elapsed_ns = MS(20),
		.handled_ns = MS(20) - 3000,
		.rem_ns = MS(980) + 50000,
	};

	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), PASS, NULL);
	seen.rem_ns = MS(980); /* all the elapsed time was slept */
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), PASS, NULL);
	seen.rem_ns = MS(980) - 1; /* more than was slept taken off */
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), FAIL,
	       "expected 980.000..1000.000 ms");
	seen.rem_ns = S(1);
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), PASS, NULL);
	seen.rem_ns = S(1) + 1;
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), FAIL, "left rem");
	/* a sleep interrupted after all of its time: rem must still be > 0 */
	seen.elapsed_ns = S(2);
	seen.rem_ns = 0;
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), FAIL,
	       "left rem 0.000 ms");
	seen.rem_ns = 1;
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), PASS, NULL);
	/* slept through: the handler ran only after the whole second */
	seen.err = 0;
	seen.elapsed_ns = S(1) + 60000;
	seen.handled_ns = S(1) + 50000;
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), FAIL,
	       "returned 0, expected EINTR");
	/* returned 0 at the signal, before its time */
	seen.elapsed_ns = MS(21);
	seen.handled_ns = MS(20);
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), FAIL,
	       "a signal handled 20.0 ms into a 1000 ms sleep: returned 0");
	/* the whole second slept, the handler before it: a stall, no verdict */
	seen.elapsed_ns = S(1) + 60000;
	seen.handled_ns = S(1) - 1;
	CU_ASSERT_TRUE(clock_nanosleep_eintr_missed(&seen));
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), ERROR,
	       "before the sleep began (the machine stalled us): cannot judge");
	seen.handled_ns = S(1);
	CU_ASSERT_FALSE(clock_nanosleep_eintr_missed(&seen));
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), FAIL, "expected EINTR");
	seen.signals = 0;
	EXPECT(clock_nanosleep_judge_eintr_rem(fresh(), &seen), ERROR,
	       "the signal never came");
}

/* The abs sleep wakes within 500 ms of the step, the rel one sleeps its all. */
static void test_nanosleep_realtime_step(void)
{
	const struct clock_nanosleep_step_seen right = {
		.step_ns = S(5),
		.before_step_ns = S(10) + MS(200),
		.after_step_ns = S(10) + MS(201),
		.abs_ahead_ns = S(3),
		.abs_start_ns = S(10),
		.abs_wake_ns = S(10) + MS(201) + 30000,
		.rel_request_ns = S(1),
		.rel_start_ns = S(10),
		.rel_wake_ns = S(11) + 60000,
	};
	struct clock_nanosleep_step_seen seen = right;

	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), PASS, NULL);
	seen.abs_wake_ns = seen.after_step_ns + CLOCK_NANOSLEEP_STEP_PROMPT_NS;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), PASS, NULL);
	seen.abs_wake_ns++;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), FAIL,
	       "not at the step");
	/* woken at its original target, 3 s in: the step was not seen */
	seen.abs_wake_ns = S(13);
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), FAIL,
	       "not at the step");
	seen.abs_wake_ns = seen.before_step_ns - 1;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), FAIL,
	       "before the clock was stepped");
	seen = right;
	seen.rel_wake_ns = seen.rel_start_ns + seen.rel_request_ns;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), PASS, NULL);
	seen.rel_wake_ns--;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), FAIL,
	       "the rel sleep of 1000 ms ended after 1000.000 ms");
	seen = right;
	seen.rel_err = EINTR;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), FAIL,
	       "the rel sleep EINTR");
	seen = right;
	seen.rel_start_ns = seen.before_step_ns;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), ERROR,
	       "cannot judge");
	seen.set_err = EPERM;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), SKIP, "CAP_SYS_TIME");
	seen.set_err = EINVAL;
	EXPECT(clock_nanosleep_judge_realtime_step(fresh(), &seen), ERROR, "EINVAL");
}

static void test_timerfd_abs_past(void)
{
	struct timerfd_abs_past_seen seen[1] = { {
		.clock = CLOCK_BOOTTIME,
		.target = "1 s ago",
		.tries = TIMERFD_ABS_PAST_TRIES,
	} };
	struct timerfd_abs_past_try *tries = seen[0].try;

	for (size_t t = 0; t < TIMERFD_ABS_PAST_TRIES; t++)
		tries[t] = (struct timerfd_abs_past_try){
			.readable = true,
			.took_ns = MS(50), /* a stalled try */
			.count = 1,
			.again_err = EAGAIN,
		};
	tries[3].took_ns = TIMERFD_ABS_PAST_AT_ONCE_NS - 1;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), PASS, NULL);
	tries[3].took_ns = TIMERFD_ABS_PAST_AT_ONCE_NS;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), FAIL,
	       "boottime, target 1 s ago: the fastest of 5 tries fired after 10.000 ms");
	tries[3].took_ns = 9000;
	tries[1].count = 2;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), FAIL, "read gave 2 expirations");
	tries[1].count = 1;
	tries[4].again_err = 0;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), FAIL,
	       "a second read gave 0, expected EAGAIN");
	tries[4].again_err = EAGAIN;
	tries[0].readable = false;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), FAIL, "not readable 1000 ms");
	tries[0].readable = true;
	tries[2].settime_err = EINVAL;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), FAIL, "timerfd_settime: EINVAL");
	seen[0].tries = 0;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), ERROR, "no try");
	seen[0].create_err = EMFILE;
	EXPECT(timerfd_judge_abs_past(fresh(), seen, 1), ERROR, "EMFILE");
}

static void test_timerfd_nonblock(void)
{
	struct timerfd_nonblock_seen seen[2] = {
		{ "never armed", -1, EAGAIN, 0 },
		{ "armed 10 s ahead", -1, EAGAIN, 0 },
	};

	EXPECT(timerfd_judge_nonblock(fresh(), seen, 2), PASS, NULL);
	seen[1] = (struct timerfd_nonblock_seen){ "armed 10 s ahead", 8, 0, 1 };
	EXPECT(timerfd_judge_nonblock(fresh(), seen, 2), FAIL,
	       "armed 10 s ahead: read returned 8 (count 1)");
	seen[0].err = EINTR;
	EXPECT(timerfd_judge_nonblock(fresh(), seen, 2), FAIL,
	       "never armed: read failed with EINTR");
}

static void test_timerfd_flags(void)
{
	struct timerfd_flags_seen seen[4] = {
		{ 0, 0, 0, O_RDWR },
		{ TFD_CLOEXEC, 0, FD_CLOEXEC, O_RDWR },
		{ TFD_NONBLOCK, 0, 0, O_RDWR | O_NONBLOCK },
		{ TFD_CLOEXEC | TFD_NONBLOCK, 0, FD_CLOEXEC, O_RDWR | O_NONBLOCK },
	};

	EXPECT(timerfd_judge_flags(fresh(), seen, 4), PASS, NULL);
	seen[1].fd_flags = 0;
	EXPECT(timerfd_judge_flags(fresh(), seen, 4), FAIL,
	       "(TFD_CLOEXEC on, TFD_NONBLOCK off): FD_CLOEXEC clear");
	seen[1].fd_flags = FD_CLOEXEC;
	seen[0].status_flags |= O_NONBLOCK; /* set without being asked */
	EXPECT(timerfd_judge_flags(fresh(), seen, 4), FAIL, "O_NONBLOCK set");
	seen[0].create_err = EINVAL;
	EXPECT(timerfd_judge_flags(fresh(), seen, 4), FAIL, "flags 0: EINVAL");
}

static void test_timerfd_einval(void)
{
	struct timerfd_einval_seen seen[3] = {
		{ "timerfd_create(CLOCK_TAI)", EINVAL, EINVAL },
		{ "timerfd_settime on an eventfd", EINVAL, EINVAL },
		{ "timerfd_settime on a closed fd", EBADF, EBADF },
	};

	EXPECT(timerfd_judge_einval(fresh(), seen, 3), PASS, "3 invalid calls");
	seen[0].err = 0;
	EXPECT(timerfd_judge_einval(fresh(), seen, 3), FAIL,
	       "timerfd_create(CLOCK_TAI): succeeded, expected EINVAL");
	seen[0].err = EINVAL;
	seen[2].err = EINVAL;
	EXPECT(timerfd_judge_einval(fresh(), seen, 3), FAIL,
	       "on a closed fd: EINVAL, expected EBADF");
	EXPECT(timerfd_judge_einval(fresh(), seen, 0), ERROR, NULL);
}

static void test_timerfd_set_ticks(void)
{
	const struct timerfd_set_ticks_seen right = {
		.ticks = 5, .count = 5, .again_err = EAGAIN, .zero_err = EINVAL
	};
	struct timerfd_set_ticks_seen seen = right;

	EXPECT(timerfd_judge_set_ticks(fresh(), &seen), PASS, "read 5");
	seen.count = 6;
	EXPECT(timerfd_judge_set_ticks(fresh(), &seen), FAIL, "read 6 after");
	seen = right;
	seen.again_err = 0;
	EXPECT(timerfd_judge_set_ticks(fresh(), &seen), FAIL, "second read gave 0");
	seen = right;
	seen.zero_err = 0;
	EXPECT(timerfd_judge_set_ticks(fresh(), &seen), FAIL,
	       "TFD_IOC_SET_TICKS 0: 0, expected EINVAL");
	seen = right;
	seen.read_err = EAGAIN;
	EXPECT(timerfd_judge_set_ticks(fresh(), &seen), FAIL, "EAGAIN");
	seen.set_err = EINVAL;
	EXPECT(timerfd_judge_set_ticks(fresh(), &seen), FAIL,
	       "TFD_IOC_SET_TICKS 5: EINVAL");
	seen.set_err = ENOTTY;
	EXPECT(timerfd_judge_set_ticks(fresh(), &seen), SKIP,
	       "CONFIG_CHECKPOINT_RESTORE");
}

/* The expirations owed between the clock reads around the read, no more. */
static void test_timerfd_periodic_count(void)
{
	struct timerfd_periodic_seen seen = {
		.interval_ns = MS(1),
		.first_ns = S(5),
		.before_read_ns = S(5) + MS(2) + MS(1) / 2,
		.after_read_ns = S(5) + MS(2) + MS(1) / 2 + 5000,
		.count = 3,
	};

	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), PASS, "read 3, 3..3 owed");
	seen.count = 4; /* read 4 where 3 were owed */
	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), FAIL,
	       "read 4 expirations 2.500 ms after the first, 3..3 owed");
	seen.count = 2;
	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), FAIL, "3..3 owed");
	/* at the edge: a deadline at the very read after it */
	seen.before_read_ns = S(5) + MS(3) - 1;
	seen.after_read_ns = S(5) + MS(3);
	seen.count = 3;
	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), PASS, "3..4 owed");
	seen.count = 4;
	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), PASS, "3..4 owed");
	seen.count = 5;
	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), FAIL, "3..4 owed");
	/* a deadline at the read before it is owed */
	seen.before_read_ns = S(5) + MS(3);
	seen.count = 3;
	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), FAIL, "4..4 owed");
	seen.read_err = EINTR;
	EXPECT(timerfd_judge_periodic_count(fresh(), &seen), FAIL, "read: EINTR");
}

static void test_timerfd_backlog(void)
{
	const struct timerfd_backlog_seen right = {
		.interval_ns = MS(1),
		.first_ns = S(20),
		.readable = true,
		.before_first_ns = S(21) + MS(1) / 2,
		.after_first_ns = S(21) + MS(1) / 2 + 4000,
		.first_count = 1001,
		.before_second_ns = S(21) + MS(1) / 2 + 5000,
		.after_second_ns = S(21) + MS(1) / 2 + 7000,
		.second_err = EAGAIN,
	};
	struct timerfd_backlog_seen seen = right;

	EXPECT(timerfd_judge_backlog(fresh(), &seen), PASS,
	       "1001..1001 owed; then EAGAIN");
	seen.first_count = 1000;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), FAIL,
	       "first read 1000, 1001..1001");
	seen.first_count = 1002;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), FAIL, "first read 1002");
	/* a stall between the reads: one more deadline passed and was read */
	seen = right;
	seen.before_second_ns = S(21) + MS(1) + MS(1) / 2;
	seen.after_second_ns = seen.before_second_ns + 2000;
	seen.second_err = 0;
	seen.second_count = 1;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), PASS, "then 1 more, 1002..1002");
	seen.second_count = 2;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), FAIL, "second read 2");
	/* EAGAIN is right even then: the interrupt may not have run yet */
	seen.second_err = EAGAIN;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), PASS, NULL);
	/* no deadline between the reads, yet one more counted */
	seen = right;
	seen.second_err = 0;
	seen.second_count = 1;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), FAIL, "together 1001..1001");
	seen.second_err = EINTR;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), FAIL, "second read: EINTR");
	seen = right;
	seen.first_err = EIO;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), FAIL, "first read: EIO");
	seen.readable = false;
	EXPECT(timerfd_judge_backlog(fresh(), &seen), FAIL, "not readable");
}

/* it_value: the time to a deadline from an instant between the reads. */
static void test_timerfd_gettime_relative(void)
{
	struct timerfd_gettime_seen seen = {
		.interval_ns = MS(50),
		.first_ns = S(3),
		.count = 2,
		.samples = {
			{ "before", S(3) - MS(20), S(3) - MS(20) + 10000, 0,
			  MS(20) - 5000, MS(50) },
			{ "later", S(3) + MS(75), S(3) + MS(75) + 10000, 0,
			  MS(25) - 5000, MS(50) },
		},
	};
	struct timerfd_gettime_sample *before = &seen.samples[0];

	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), PASS, NULL);
	before->value_ns = MS(20); /* the kernel read its clock with us */
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), PASS, NULL);
	before->value_ns = MS(20) + 1;
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), FAIL,
	       "before: it_value 20.000 ms is not the time to the next expiry");
	before->value_ns = MS(20) - 10000; /* at our second read */
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), PASS, NULL);
	before->value_ns = MS(20) - 10000 - 1;
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), FAIL, "not the time");
	before->value_ns = S(3); /* the absolute time given back */
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), FAIL,
	       "before: it_value 3.000000 s, expected within the interval");
	before->value_ns = 0;
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), FAIL,
	       "it_value 0.000000 s");
	before->value_ns = MS(20) - 5000;
	seen.samples[1].interval_ns = MS(50) + 1;
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), FAIL,
	       "later: it_interval 50000001 ns, set 50000000 ns");
	seen.samples[1].interval_ns = MS(50);
	seen.samples[1].value_ns = MS(50); /* as if not forwarded: 2 deadlines back */
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), FAIL, "later: it_value");
	seen.samples[1].err = EBADF;
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), FAIL, "EBADF");
	seen.count = 0;
	EXPECT(timerfd_judge_gettime_relative(fresh(), &seen), ERROR, NULL);
}

static void test_timerfd_cancel_on_set(void)
{
	const struct timerfd_cancel_seen right = {
		.readable = true,
		.cancel_got = -1,
		.cancel_err = ECANCELED,
		.control_got = -1,
		.control_err = EAGAIN,
	};
	struct timerfd_cancel_seen seen = right;

	EXPECT(timerfd_judge_cancel_on_set(fresh(), &seen), PASS, NULL);
	seen.cancel_got = 8;
	seen.cancel_err = 0;
	EXPECT(timerfd_judge_cancel_on_set(fresh(), &seen), FAIL,
	       "its read returned 8 (no error), expected ECANCELED");
	seen = right;
	seen.cancel_err = EAGAIN;
	EXPECT(timerfd_judge_cancel_on_set(fresh(), &seen), FAIL,
	       "(EAGAIN), expected ECANCELED");
	seen = right;
	seen.control_err = ECANCELED; /* cancelled without the flag */
	EXPECT(timerfd_judge_cancel_on_set(fresh(), &seen), FAIL,
	       "without TFD_TIMER_CANCEL_ON_SET read -1 (ECANCELED)");
	seen = right;
	seen.readable = false;
	EXPECT(timerfd_judge_cancel_on_set(fresh(), &seen), FAIL, "not readable");
	seen.set_err = EPERM;
	EXPECT(timerfd_judge_cancel_on_set(fresh(), &seen), SKIP, "CAP_SYS_TIME");
}

static void test_timerfd_alarm_clock(void)
{
	const struct timerfd_alarm_seen right = {
		.capable = true,
		.readable = true,
		.count = 1,
		.deadline_ns = S(7),
		.wake_ns = S(7) + 80000,
		.dropped_create_err = EPERM,
	};
	struct timerfd_alarm_seen seen = right;

	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), PASS,
	       "without CAP_WAKE_ALARM EPERM");
	seen.wake_ns = seen.deadline_ns;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), PASS, NULL);
	seen.wake_ns--;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), FAIL, "fired 1 ns before");
	seen = right;
	seen.dropped_create_err = 0;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), FAIL,
	       "gave a timer, expected EPERM");
	seen.drop_err = EPERM;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), ERROR,
	       "dropping CAP_WAKE_ALARM");
	seen = right;
	seen.count = 2;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), FAIL, "read gave 2");
	seen.readable = false;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), FAIL,
	       "did not fire within 1000 ms");
	seen.create_err = EPERM; /* refused though capable */
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), FAIL,
	       "with CAP_WAKE_ALARM: EPERM");
	seen.create_err = EOPNOTSUPP;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), SKIP, "EOPNOTSUPP");
	seen.create_err = TIMERFD_KERNEL_ENOTSUPP;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), SKIP, "error 524");
	seen.capable = false;
	EXPECT(timerfd_judge_alarm_clock(fresh(), &seen), SKIP, "no CAP_WAKE_ALARM");
}

/* The namespace's clock 10 s ahead of the host's at an instant between the
 * reads around the child; the timer neither early nor 10 s off. */
static void test_timerfd_timens(void)
{
	const struct timerfd_timens_seen right = {
		.offset_ns = S(10),
		.outside_before_ns = S(100),
		.outside_after_ns = S(100) + MS(200),
		.inside_ns = S(110) + MS(1),
		.deadline_ns = S(110) + MS(101),
		.wake_ns = S(110) + MS(101) + 60000,
		.readable = true,
		.count = 1,
	};
	struct timerfd_timens_seen seen = right;

	EXPECT(timerfd_judge_timens(fresh(), &seen), PASS, "monotonic +10 s");
	seen.inside_ns = S(110); /* read in the namespace with our first read */
	EXPECT(timerfd_judge_timens(fresh(), &seen), PASS, NULL);
	seen.inside_ns = S(110) - 1;
	EXPECT(timerfd_judge_timens(fresh(), &seen), FAIL,
	       "off the host's, expected +10.000 s");
	seen.inside_ns = S(110) + MS(200); /* with our last */
	EXPECT(timerfd_judge_timens(fresh(), &seen), PASS, NULL);
	seen.inside_ns = S(110) + MS(200) + 1;
	EXPECT(timerfd_judge_timens(fresh(), &seen), FAIL, "off the host's");
	seen.inside_ns = S(100) + MS(1); /* no offset at all */
	EXPECT(timerfd_judge_timens(fresh(), &seen), FAIL, "-0.199..+0.001 s off");
	seen = right;
	seen.wake_ns = seen.deadline_ns - MS(9900); /* the offset taken the wrong way */
	EXPECT(timerfd_judge_timens(fresh(), &seen), FAIL, "fired 9900.000 ms before");
	seen.wake_ns = seen.deadline_ns;
	EXPECT(timerfd_judge_timens(fresh(), &seen), PASS, NULL);
	seen.count = 0;
	EXPECT(timerfd_judge_timens(fresh(), &seen), FAIL, "read gave 0");
	seen.readable = false; /* 10 s late: the offset not taken off */
	EXPECT(timerfd_judge_timens(fresh(), &seen), FAIL, "did not fire within 1000 ms");
	seen.child_err = EMFILE;
	seen.child_call = "timerfd_create";
	EXPECT(timerfd_judge_timens(fresh(), &seen), ERROR,
	       "in the namespace, timerfd_create: EMFILE");
	seen.offsets_err = EACCES;
	EXPECT(timerfd_judge_timens(fresh(), &seen), ERROR, "timens_offsets: EACCES");
	seen.unshare_err = ENOMEM;
	EXPECT(timerfd_judge_timens(fresh(), &seen), ERROR, "ENOMEM");
	seen.unshare_err = EINVAL;
	EXPECT(timerfd_judge_timens(fresh(), &seen), SKIP,
	       "EINVAL, the kernel lacks CONFIG_TIME_NS");
	seen.unshare_err = EPERM;
	EXPECT(timerfd_judge_timens(fresh(), &seen), SKIP, "CAP_SYS_ADMIN");
	seen.no_offsets_file = true;
	EXPECT(timerfd_judge_timens(fresh(), &seen), SKIP, "CONFIG_TIME_NS");
}

static void test_clock_monotonic(void)
{
	const struct clock_monotonic_seen right = {
		.cpus = 2,
		.ran_ns = S(2),
		.realtime_moved_ns = 3000,
		.count = 3,
		.clocks = { { .clock = CLOCK_REALTIME, .reads = 1000 },
			    { .clock = CLOCK_MONOTONIC, .reads = 1000 },
			    { .clock = CLOCK_BOOTTIME, .reads = 1000 } },
	};
	const struct clock_backwards_seen back = { CLOCK_REALTIME, 1000, 1, 15, 0, 1 };
	struct clock_monotonic_seen seen = right;

	EXPECT(clock_judge_monotonic_no_backwards(fresh(), &seen), PASS,
	       "3000 reads of 3 clocks in 2.0 s across 2 CPUs");
	seen.clocks[1] = back;
	seen.clocks[1].clock = CLOCK_MONOTONIC;
	EXPECT(clock_judge_monotonic_no_backwards(fresh(), &seen), FAIL,
	       "monotonic stepped back 1 times in 1000 reads, by up to 15 ns (CPU 0 to CPU 1)");
	/* realtime: a step back is a bug unless the clock was set */
	seen = right;
	seen.clocks[0] = back;
	EXPECT(clock_judge_monotonic_no_backwards(fresh(), &seen), FAIL,
	       "realtime stepped");
	seen.realtime_moved_ns = CLOCK_REALTIME_SET_NS;
	EXPECT(clock_judge_monotonic_no_backwards(fresh(), &seen), FAIL,
	       "realtime stepped");
	seen.realtime_moved_ns = -CLOCK_REALTIME_SET_NS - 1;
	EXPECT(clock_judge_monotonic_no_backwards(fresh(), &seen), ERROR,
	       "CLOCK_REALTIME was set during the check");
	/* a set realtime clock does not excuse the others */
	seen.clocks[0] = right.clocks[0];
	seen.clocks[2] = back;
	seen.clocks[2].clock = CLOCK_BOOTTIME;
	EXPECT(clock_judge_monotonic_no_backwards(fresh(), &seen), FAIL,
	       "boottime stepped");
	seen.count = 0;
	EXPECT(clock_judge_monotonic_no_backwards(fresh(), &seen), ERROR, NULL);
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

	EXPECT(clock_judge_resolution(fresh(), &seen), PASS,
	       "realtime 1 ns, monotonic 1 ns, boottime 1 ns");
	seen.clocks[2].resolution_ns = CLOCK_HRES_BOUND_NS;
	EXPECT(clock_judge_resolution(fresh(), &seen), PASS, "boottime 1000 ns");
	seen.clocks[2].resolution_ns = CLOCK_HRES_BOUND_NS + 1;
	EXPECT(clock_judge_resolution(fresh(), &seen), FAIL,
	       "clock_getres(boottime) gave 1001 ns");
	seen.clocks[2].resolution_ns = MS(4); /* the tick, though hres is on */
	EXPECT(clock_judge_resolution(fresh(), &seen), FAIL, "gave 4000000 ns");
	seen.clocks[2].resolution_ns = 0;
	EXPECT(clock_judge_resolution(fresh(), &seen), FAIL, "gave 0 ns");
	seen.clocks[0].err = EINVAL;
	EXPECT(clock_judge_resolution(fresh(), &seen), FAIL,
	       "clock_getres(realtime): EINVAL");
	seen.count = 0;
	EXPECT(clock_judge_resolution(fresh(), &seen), ERROR, NULL);
	/* hres off: the tick is right, the bound does not apply */
	seen = right;
	seen.hres = CLOCK_HRES_OFF;
	seen.cpus_off = 2;
	seen.clocks[0].resolution_ns = MS(4);
	EXPECT(clock_judge_resolution(fresh(), &seen), SKIP,
	       "hres_active 0 on 2 of 2 CPUs");
	seen.hres = CLOCK_HRES_UNKNOWN;
	seen.timer_list_err = EACCES;
	EXPECT(clock_judge_resolution(fresh(), &seen), SKIP, "/proc/timer_list: EACCES");
}

static void test_signal_queue(void)
{
	const struct signal_queue_seen right = {
		.standard = 1,
		.realtime = 3,
		.realtime_values = { 0, 1, 2 },
	};
	struct signal_queue_seen seen = right;

	EXPECT(signal_judge_std_vs_rt_queue(fresh(), &seen), PASS,
	       "1 SIGALRM (si_value 0) and 3 SIGRTMIN");
	seen.standard = 3; /* queued like a real-time signal */
	EXPECT(signal_judge_std_vs_rt_queue(fresh(), &seen), FAIL,
	       "3 SIGALRM delivered of 3 queued while blocked, expected 1");
	seen = right;
	seen.standard = 0;
	EXPECT(signal_judge_std_vs_rt_queue(fresh(), &seen), FAIL, "0 SIGALRM");
	seen = right;
	seen.realtime = 1; /* merged like a standard one */
	EXPECT(signal_judge_std_vs_rt_queue(fresh(), &seen), FAIL,
	       "1 SIGRTMIN delivered of 3 queued while blocked, expected 3");
	seen = right;
	seen.realtime_values[1] = 2;
	seen.realtime_values[2] = 1;
	EXPECT(signal_judge_std_vs_rt_queue(fresh(), &seen), FAIL,
	       "SIGRTMIN number 2 delivered carried si_value 2, expected 1");
	seen = right;
	seen.still_pending = true;
	EXPECT(signal_judge_std_vs_rt_queue(fresh(), &seen), FAIL, "still pending");
	seen.queue_err = EAGAIN;
	EXPECT(signal_judge_std_vs_rt_queue(fresh(), &seen), ERROR, "sigqueue: EAGAIN");
}

/* The two checks that set CLOCK_REALTIME are destructive, and without
 * --destructive they are skipped, not run (this machine's clock is never
 * set by the tests). No other check of these groups is destructive. */
static void test_destructive_gating(void)
{
	static const char *const argv[] = {
		"check", "--only", "clock-nanosleep.realtime-step,timerfd.cancel-on-set",
		NULL
	};
	static const char *const groups[] = { "clock-nanosleep.", "timerfd.", "clock.",
					      "signal." };
	struct tool_output output;
	struct ktap_parsed ktap;

	for (size_t i = 0; tl_checks[i]; i++) {
		const struct tl_check *check = tl_checks[i];
		bool ours = false, destructive = check->flags & TL_CHECK_DESTRUCTIVE;

		for (size_t g = 0; g < 4; g++)
			ours |= strncmp(check->name, groups[g], strlen(groups[g])) == 0;
		if (ours)
			CU_ASSERT_EQUAL(destructive,
					strcmp(check->name,
					       "clock-nanosleep.realtime-step") == 0 ||
						strcmp(check->name,
						       "timerfd.cancel-on-set") == 0);
	}
	tool_run(argv, &output);
	ktap_parse(output.out, &ktap);
	CU_ASSERT_TRUE(ktap.valid);
	CU_ASSERT_EQUAL(output.status, 4); /* every check skipped */
	CU_ASSERT_EQUAL(ktap.planned, 2);
	CU_ASSERT_EQUAL(ktap.counted[TL_VERDICT_SKIP], 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.out,
		"ok 1 clock-nanosleep.realtime-step # SKIP needs --destructive\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.out, "ok 2 timerfd.cancel-on-set # SKIP needs --destructive\n"));
	tool_free(&output);
}

static void test_cleanup(void)
{
	tl_check_ctx_free(judge_ctx);
	judge_ctx = NULL;
	CU_PASS("context freed");
}

void tests_checks_a(void)
{
	CU_pSuite suite = tests_suite("checks: clock-nanosleep, timerfd, clock, signal");

	CU_add_test(suite, "deadlines owed by a periodic timer", test_owed);
	CU_add_test(suite, "never-early: at the deadline, never 1 ns before",
		    test_never_early);
	CU_add_test(suite, "clock-nanosleep.abs-past: under 10 ms",
		    test_nanosleep_abs_past);
	CU_add_test(suite, "clock-nanosleep.einval", test_nanosleep_einval);
	CU_add_test(suite,
		    "clock-nanosleep.eintr-rem: request - elapsed <= rem <= request",
		    test_nanosleep_eintr_rem);
	CU_add_test(suite,
		    "clock-nanosleep.realtime-step: abs at the step, rel unaffected",
		    test_nanosleep_realtime_step);
	CU_add_test(suite, "timerfd.abs-past", test_timerfd_abs_past);
	CU_add_test(suite, "timerfd.nonblock", test_timerfd_nonblock);
	CU_add_test(suite, "timerfd.flags", test_timerfd_flags);
	CU_add_test(suite, "timerfd.einval", test_timerfd_einval);
	CU_add_test(suite, "timerfd.set-ticks", test_timerfd_set_ticks);
	CU_add_test(suite, "timerfd.periodic-count: owed between the reads",
		    test_timerfd_periodic_count);
	CU_add_test(suite, "timerfd.backlog", test_timerfd_backlog);
	CU_add_test(suite, "timerfd.gettime-relative", test_timerfd_gettime_relative);
	CU_add_test(suite, "timerfd.cancel-on-set", test_timerfd_cancel_on_set);
	CU_add_test(suite, "timerfd.alarm-clock", test_timerfd_alarm_clock);
	CU_add_test(suite, "timerfd.timens", test_timerfd_timens);
	CU_add_test(suite, "clock.monotonic-no-backwards", test_clock_monotonic);
	CU_add_test(suite, "clock.resolution", test_clock_resolution);
	CU_add_test(suite, "signal.std-vs-rt-queue", test_signal_queue);
	CU_add_test(suite, "destructive checks: flagged, skipped without --destructive",
		    test_destructive_gating);
	CU_add_test(suite, "(free the judging context)", test_cleanup);
}
