/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The judges of the timerfd checks, driven with scripted observations: for
 * each, what passes, what fails, and both sides of every tolerance's edge.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/timerfd.h>

#include "../cases/checks/timerfd.h"
#include "judge.h"
#include "tests.h"

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
			.took_ns = 50 * MS, /* a stalled try */
			.count = 1,
			.again_err = EAGAIN,
		};
	tries[3].took_ns = TIMERFD_ABS_PAST_AT_ONCE_NS - 1;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), PASS, NULL);
	tries[3].took_ns = TIMERFD_ABS_PAST_AT_ONCE_NS;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), FAIL,
	       "boottime, target 1 s ago: the fastest of 5 tries fired after 10.000 ms");
	tries[3].took_ns = 9000;
	tries[1].count = 2;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), FAIL,
	       "read gave 2 expirations");
	tries[1].count = 1;
	tries[4].again_err = 0;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), FAIL,
	       "a second read gave 0, expected EAGAIN");
	tries[4].again_err = EAGAIN;
	tries[0].readable = false;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), FAIL,
	       "not readable 1000 ms");
	tries[0].readable = true;
	tries[2].settime_err = EINVAL;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), FAIL,
	       "timerfd_settime: EINVAL");
	seen[0].tries = 0;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), ERROR, "no try");
	seen[0].create_err = EMFILE;
	EXPECT(timerfd_judge_abs_past(judge_fresh(), seen, 1), ERROR, "EMFILE");
}

static void test_timerfd_nonblock(void)
{
	struct timerfd_nonblock_seen seen[2] = {
		{ "never armed", -1, EAGAIN, 0 },
		{ "armed 10 s ahead", -1, EAGAIN, 0 },
	};

	EXPECT(timerfd_judge_nonblock(judge_fresh(), seen, 2), PASS, NULL);
	seen[1] = (struct timerfd_nonblock_seen){ "armed 10 s ahead", 8, 0, 1 };
	EXPECT(timerfd_judge_nonblock(judge_fresh(), seen, 2), FAIL,
	       "armed 10 s ahead: read returned 8 (count 1)");
	seen[0].err = EINTR;
	EXPECT(timerfd_judge_nonblock(judge_fresh(), seen, 2), FAIL,
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

	EXPECT(timerfd_judge_flags(judge_fresh(), seen, 4), PASS, NULL);
	seen[1].fd_flags = 0;
	EXPECT(timerfd_judge_flags(judge_fresh(), seen, 4), FAIL,
	       "(TFD_CLOEXEC on, TFD_NONBLOCK off): FD_CLOEXEC clear");
	seen[1].fd_flags = FD_CLOEXEC;
	seen[0].status_flags |= O_NONBLOCK; /* set without being asked */
	EXPECT(timerfd_judge_flags(judge_fresh(), seen, 4), FAIL, "O_NONBLOCK set");
	seen[0].create_err = EINVAL;
	EXPECT(timerfd_judge_flags(judge_fresh(), seen, 4), FAIL, "flags 0: EINVAL");
}

static void test_timerfd_einval(void)
{
	struct timerfd_einval_seen seen[3] = {
		{ "timerfd_create(CLOCK_TAI)", EINVAL, EINVAL },
		{ "timerfd_settime on an eventfd", EINVAL, EINVAL },
		{ "timerfd_settime on a closed fd", EBADF, EBADF },
	};

	EXPECT(timerfd_judge_einval(judge_fresh(), seen, 3), PASS, "3 invalid calls");
	seen[0].err = 0;
	EXPECT(timerfd_judge_einval(judge_fresh(), seen, 3), FAIL,
	       "timerfd_create(CLOCK_TAI): succeeded, expected EINVAL");
	seen[0].err = EINVAL;
	seen[2].err = EINVAL;
	EXPECT(timerfd_judge_einval(judge_fresh(), seen, 3), FAIL,
	       "on a closed fd: EINVAL, expected EBADF");
	EXPECT(timerfd_judge_einval(judge_fresh(), seen, 0), ERROR, NULL);
}

static void test_timerfd_set_ticks(void)
{
	const struct timerfd_set_ticks_seen right = {
		.ticks = 5, .count = 5, .again_err = EAGAIN, .zero_err = EINVAL
	};
	struct timerfd_set_ticks_seen seen = right;

	EXPECT(timerfd_judge_set_ticks(judge_fresh(), &seen), PASS, "read 5");
	seen.count = 6;
	EXPECT(timerfd_judge_set_ticks(judge_fresh(), &seen), FAIL, "read 6 after");
	seen = right;
	seen.again_err = 0;
	EXPECT(timerfd_judge_set_ticks(judge_fresh(), &seen), FAIL, "second read gave 0");
	seen = right;
	seen.zero_err = 0;
	EXPECT(timerfd_judge_set_ticks(judge_fresh(), &seen), FAIL,
	       "TFD_IOC_SET_TICKS 0: 0, expected EINVAL");
	seen = right;
	seen.read_err = EAGAIN;
	EXPECT(timerfd_judge_set_ticks(judge_fresh(), &seen), FAIL, "EAGAIN");
	seen.set_err = EINVAL;
	EXPECT(timerfd_judge_set_ticks(judge_fresh(), &seen), FAIL,
	       "TFD_IOC_SET_TICKS 5: EINVAL");
	seen.set_err = ENOTTY;
	EXPECT(timerfd_judge_set_ticks(judge_fresh(), &seen), SKIP,
	       "CONFIG_CHECKPOINT_RESTORE");
}

/* The expirations owed between the clock reads around the read, no more. */
static void test_timerfd_periodic_count(void)
{
	struct timerfd_periodic_seen seen = {
		.interval_ns = MS,
		.first_ns = 5 * SEC,
		.before_read_ns = 5 * SEC + 2 * MS + MS / 2,
		.after_read_ns = 5 * SEC + 2 * MS + MS / 2 + 5000,
		.count = 3,
	};

	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), PASS,
	       "read 3, 3..3 owed");
	seen.count = 4; /* read 4 where 3 were owed */
	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), FAIL,
	       "read 4 expirations 2.500 ms after the first, 3..3 owed");
	seen.count = 2;
	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), FAIL, "3..3 owed");
	/* at the edge: a deadline at the very read after it */
	seen.before_read_ns = 5 * SEC + 3 * MS - 1;
	seen.after_read_ns = 5 * SEC + 3 * MS;
	seen.count = 3;
	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), PASS, "3..4 owed");
	seen.count = 4;
	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), PASS, "3..4 owed");
	seen.count = 5;
	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), FAIL, "3..4 owed");
	/* a deadline at the read before it is owed */
	seen.before_read_ns = 5 * SEC + 3 * MS;
	seen.count = 3;
	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), FAIL, "4..4 owed");
	seen.read_err = EINTR;
	EXPECT(timerfd_judge_periodic_count(judge_fresh(), &seen), FAIL, "read: EINTR");
}

static void test_timerfd_backlog(void)
{
	const struct timerfd_backlog_seen right = {
		.interval_ns = MS,
		.first_ns = 20 * SEC,
		.readable = true,
		.before_first_ns = 21 * SEC + MS / 2,
		.after_first_ns = 21 * SEC + MS / 2 + 4000,
		.first_count = 1001,
		.before_second_ns = 21 * SEC + MS / 2 + 5000,
		.after_second_ns = 21 * SEC + MS / 2 + 7000,
		.second_err = EAGAIN,
	};
	struct timerfd_backlog_seen seen = right;

	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), PASS,
	       "1001..1001 owed; then EAGAIN");
	seen.first_count = 1000;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), FAIL,
	       "first read 1000, 1001..1001");
	seen.first_count = 1002;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), FAIL, "first read 1002");
	/* a stall between the reads: one more deadline passed and was read */
	seen = right;
	seen.before_second_ns = 21 * SEC + MS + MS / 2;
	seen.after_second_ns = seen.before_second_ns + 2000;
	seen.second_err = 0;
	seen.second_count = 1;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), PASS,
	       "then 1 more, 1002..1002");
	seen.second_count = 2;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), FAIL, "second read 2");
	/* EAGAIN is right even then: the interrupt may not have run yet */
	seen.second_err = EAGAIN;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), PASS, NULL);
	/* no deadline between the reads, yet one more counted */
	seen = right;
	seen.second_err = 0;
	seen.second_count = 1;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), FAIL, "together 1001..1001");
	seen.second_err = EINTR;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), FAIL, "second read: EINTR");
	seen = right;
	seen.first_err = EIO;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), FAIL, "first read: EIO");
	seen.readable = false;
	EXPECT(timerfd_judge_backlog(judge_fresh(), &seen), FAIL, "not readable");
}

/* it_value: the time to a deadline from an instant between the reads. */
static void test_timerfd_gettime_relative(void)
{
	struct timerfd_gettime_seen seen = {
		.interval_ns = 50 * MS,
		.first_ns = 3 * SEC,
		.count = 2,
		.samples = {
			{ "before", 3 * SEC - 20 * MS, 3 * SEC - 20 * MS + 10000, 0,
			  20 * MS - 5000, 50 * MS },
			{ "later", 3 * SEC + 75 * MS, 3 * SEC + 75 * MS + 10000, 0,
			  25 * MS - 5000, 50 * MS },
		},
	};
	struct timerfd_gettime_sample *before = &seen.samples[0];

	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), PASS, NULL);
	before->value_ns = 20 * MS; /* the kernel read its clock with us */
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), PASS, NULL);
	before->value_ns = 20 * MS + 1;
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), FAIL,
	       "before: it_value 20.000 ms is not the time to the next expiry");
	before->value_ns = 20 * MS - 10000; /* at our second read */
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), PASS, NULL);
	before->value_ns = 20 * MS - 10000 - 1;
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), FAIL,
	       "not the time");
	before->value_ns = 3 * SEC; /* the absolute time given back */
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), FAIL,
	       "before: it_value 3.000000 s, expected within the interval");
	before->value_ns = 0;
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), FAIL,
	       "it_value 0.000000 s");
	before->value_ns = 20 * MS - 5000;
	seen.samples[1].interval_ns = 50 * MS + 1;
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), FAIL,
	       "later: it_interval 50000001 ns, set 50000000 ns");
	seen.samples[1].interval_ns = 50 * MS;
	seen.samples[1].value_ns = 50 * MS; /* as if not forwarded: 2 deadlines back */
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), FAIL,
	       "later: it_value");
	seen.samples[1].err = EBADF;
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), FAIL, "EBADF");
	seen.count = 0;
	EXPECT(timerfd_judge_gettime_relative(judge_fresh(), &seen), ERROR, NULL);
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

	EXPECT(timerfd_judge_cancel_on_set(judge_fresh(), &seen), PASS, NULL);
	seen.cancel_got = 8;
	seen.cancel_err = 0;
	EXPECT(timerfd_judge_cancel_on_set(judge_fresh(), &seen), FAIL,
	       "its read returned 8 (no error), expected ECANCELED");
	seen = right;
	seen.cancel_err = EAGAIN;
	EXPECT(timerfd_judge_cancel_on_set(judge_fresh(), &seen), FAIL,
	       "(EAGAIN), expected ECANCELED");
	seen = right;
	seen.control_err = ECANCELED; /* cancelled without the flag */
	EXPECT(timerfd_judge_cancel_on_set(judge_fresh(), &seen), FAIL,
	       "without TFD_TIMER_CANCEL_ON_SET read -1 (ECANCELED)");
	seen = right;
	seen.readable = false;
	EXPECT(timerfd_judge_cancel_on_set(judge_fresh(), &seen), FAIL, "not readable");
	seen.set_err = EPERM;
	EXPECT(timerfd_judge_cancel_on_set(judge_fresh(), &seen), SKIP, "CAP_SYS_TIME");
}

static void test_timerfd_alarm_clock(void)
{
	const struct timerfd_alarm_seen right = {
		.capable = true,
		.readable = true,
		.count = 1,
		.deadline_ns = 7 * SEC,
		.wake_ns = 7 * SEC + 80000,
		.dropped_create_err = EPERM,
	};
	struct timerfd_alarm_seen seen = right;

	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), PASS,
	       "without CAP_WAKE_ALARM EPERM");
	seen.wake_ns = seen.deadline_ns;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), PASS, NULL);
	seen.wake_ns--;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), FAIL,
	       "fired 1 ns before");
	seen = right;
	seen.dropped_create_err = 0;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), FAIL,
	       "gave a timer, expected EPERM");
	seen.drop_err = EPERM;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), ERROR,
	       "dropping CAP_WAKE_ALARM");
	seen = right;
	seen.count = 2;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), FAIL, "read gave 2");
	seen.readable = false;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), FAIL,
	       "did not fire within 1000 ms");
	seen.create_err = EPERM; /* refused though capable */
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), FAIL,
	       "with CAP_WAKE_ALARM: EPERM");
	seen.create_err = EOPNOTSUPP;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), SKIP, "EOPNOTSUPP");
	seen.create_err = TIMERFD_KERNEL_ENOTSUPP;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), SKIP, "error 524");
	seen.capable = false;
	EXPECT(timerfd_judge_alarm_clock(judge_fresh(), &seen), SKIP,
	       "no CAP_WAKE_ALARM");
}

/* The namespace's clock 10 s ahead of the host's at an instant between the
 * reads around the child; the timer neither early nor 10 s off. */
static void test_timerfd_timens(void)
{
	const struct timerfd_timens_seen right = {
		.offset_ns = 10 * SEC,
		.outside_before_ns = 100 * SEC,
		.outside_after_ns = 100 * SEC + 200 * MS,
		.inside_ns = 110 * SEC + MS,
		.deadline_ns = 110 * SEC + 101 * MS,
		.wake_ns = 110 * SEC + 101 * MS + 60000,
		.readable = true,
		.count = 1,
	};
	struct timerfd_timens_seen seen = right;

	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), PASS, "monotonic +10 s");
	seen.inside_ns = 110 * SEC; /* read in the namespace with our first read */
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), PASS, NULL);
	seen.inside_ns = 110 * SEC - 1;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), FAIL,
	       "off the host's, expected +10.000 s");
	seen.inside_ns = 110 * SEC + 200 * MS; /* with our last */
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), PASS, NULL);
	seen.inside_ns = 110 * SEC + 200 * MS + 1;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), FAIL, "off the host's");
	seen.inside_ns = 100 * SEC + MS; /* no offset at all */
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), FAIL, "-0.199..+0.001 s off");
	seen = right;
	seen.wake_ns = seen.deadline_ns - 9900 * MS; /* the offset taken the wrong way */
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), FAIL,
	       "fired 9900.000 ms before");
	seen.wake_ns = seen.deadline_ns;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), PASS, NULL);
	seen.count = 0;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), FAIL, "read gave 0");
	seen.readable = false; /* 10 s late: the offset not taken off */
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), FAIL,
	       "did not fire within 1000 ms");
	seen.child_err = EMFILE;
	seen.child_call = "timerfd_create";
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), ERROR,
	       "in the namespace, timerfd_create: EMFILE");
	seen.offsets_err = EACCES;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), ERROR,
	       "timens_offsets: EACCES");
	seen.unshare_err = ENOMEM;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), ERROR, "ENOMEM");
	seen.unshare_err = EINVAL;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), SKIP,
	       "EINVAL, the kernel lacks CONFIG_TIME_NS");
	seen.unshare_err = EPERM;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), SKIP, "CAP_SYS_ADMIN");
	seen.no_offsets_file = true;
	EXPECT(timerfd_judge_timens(judge_fresh(), &seen), SKIP, "CONFIG_TIME_NS");
}

void tests_checks_timerfd(void)
{
	CU_pSuite suite = judge_suite("checks: timerfd");

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
}
