/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of timerfd (group timerfd): what each observes, and
 * the judge that turns the observations into a verdict. Tests call the
 * judges with scripted observations. The checks live in three files:
 * timerfd.c (one-shot and the API), timerfd-periodic.c
 * (periodic counts) and timerfd-clocks.c (alarm clocks, time
 * namespaces, clock steps: what needs privilege).
 */
#ifndef TL_CHECKS_TIMERFD_H
#define TL_CHECKS_TIMERFD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "check-helpers.h"
#include "check-sweep.h"
#include "check.h"

/* never-early: the sweep of abs and rel one-shot timers on one clock. */
enum tl_verdict timerfd_judge_never_early(struct tl_check_ctx *ctx,
					  const struct check_sweep *seen);

/* abs-past: a few tries of TFD_TIMER_ABSTIME at one target already past. */
#define TIMERFD_ABS_PAST_TRIES 5
/* How long a try waits for the fd to become readable. */
#define TIMERFD_ABS_PAST_POLL_MS 1000
/* The fastest try is readable within this (see the judge). */
#define TIMERFD_ABS_PAST_AT_ONCE_NS (10 * INT64_C(1000000))

struct timerfd_abs_past_try {
	int settime_err; /* errno of timerfd_settime, 0 */
	bool readable; /* within TIMERFD_ABS_PAST_POLL_MS */
	int64_t took_ns; /* from arming to readable, monotonic */
	int read_err;
	uint64_t count; /* the first read */
	int again_err; /* errno of a second read, 0 if it read */
};

struct timerfd_abs_past_seen {
	clockid_t clock;
	const char *target; /* "1 s ago", "time 1 ns" */
	int create_err;
	size_t tries; /* made; the observation stops at the first bad one */
	struct timerfd_abs_past_try try[TIMERFD_ABS_PAST_TRIES];
};

enum tl_verdict timerfd_judge_abs_past(struct tl_check_ctx *ctx,
				       const struct timerfd_abs_past_seen *seen,
				       size_t count);

/* nonblock: a read of a TFD_NONBLOCK timerfd that has not expired. */
struct timerfd_nonblock_seen {
	const char *state; /* "never armed", "armed 10 s ahead" */
	ssize_t got; /* what read returned */
	int err; /* its errno when -1 */
	uint64_t count; /* what it read otherwise */
};

enum tl_verdict timerfd_judge_nonblock(struct tl_check_ctx *ctx,
				       const struct timerfd_nonblock_seen *seen,
				       size_t count);

/* flags: the fd flags a timerfd is created with. */
struct timerfd_flags_seen {
	int flags; /* passed to timerfd_create */
	int create_err;
	int fd_flags; /* fcntl F_GETFD */
	int status_flags; /* fcntl F_GETFL */
};

enum tl_verdict timerfd_judge_flags(struct tl_check_ctx *ctx,
				    const struct timerfd_flags_seen *seen, size_t count);

/* einval: one invalid call and the error it must give. */
struct timerfd_einval_seen {
	const char *call; /* "timerfd_create(CLOCK_TAI)" */
	int expected; /* EINVAL, EBADF */
	int err; /* the errno it gave, 0 if it succeeded */
};

enum tl_verdict timerfd_judge_einval(struct tl_check_ctx *ctx,
				     const struct timerfd_einval_seen *seen,
				     size_t count);

/* set-ticks: TFD_IOC_SET_TICKS on a timer armed far ahead. */
struct timerfd_set_ticks_seen {
	uint64_t ticks; /* set: 5 */
	int set_err; /* errno of the ioctl, 0 */
	int read_err;
	uint64_t count; /* the read after it */
	int again_err; /* errno of a second read, 0 if it read */
	int zero_err; /* errno of the ioctl with 0 ticks, 0 if it succeeded */
};

enum tl_verdict timerfd_judge_set_ticks(struct tl_check_ctx *ctx,
					const struct timerfd_set_ticks_seen *seen);

/* periodic-count: one read after a measured wait. Times are monotonic. */
struct timerfd_periodic_seen {
	int64_t interval_ns;
	int64_t first_ns; /* the first expiry, armed absolute */
	int64_t before_read_ns, after_read_ns;
	int read_err;
	uint64_t count;
};

enum tl_verdict timerfd_judge_periodic_count(struct tl_check_ctx *ctx,
					     const struct timerfd_periodic_seen *seen);

/* backlog: a periodic timer armed with its first expiry long past, read
 * twice without blocking once it is readable. */
struct timerfd_backlog_seen {
	int64_t interval_ns;
	int64_t first_ns; /* about 1 s before arming */
	bool readable;
	int64_t before_first_ns, after_first_ns; /* around the first read */
	int first_err;
	uint64_t first_count;
	int64_t before_second_ns, after_second_ns;
	int second_err; /* EAGAIN: nothing new */
	uint64_t second_count;
};

enum tl_verdict timerfd_judge_backlog(struct tl_check_ctx *ctx,
				      const struct timerfd_backlog_seen *seen);

/* gettime-relative: timerfd_gettime on a periodic timer armed absolute. */
struct timerfd_gettime_sample {
	const char *when; /* "before the first expiry" */
	int64_t before_ns, after_ns; /* around the call */
	int err;
	int64_t value_ns, interval_ns; /* it_value, it_interval */
};

struct timerfd_gettime_seen {
	int64_t interval_ns;
	int64_t first_ns;
	size_t count;
	struct timerfd_gettime_sample samples[2];
};

enum tl_verdict timerfd_judge_gettime_relative(struct tl_check_ctx *ctx,
					       const struct timerfd_gettime_seen *seen);

/* cancel-on-set: an abs realtime timer with TFD_TIMER_CANCEL_ON_SET and one
 * without, both 10 s ahead, then CLOCK_REALTIME stepped 1 s forward. */
struct timerfd_cancel_seen {
	int set_err; /* what clock_settime gave */
	bool readable; /* the cancelable timer, within a second of the step */
	ssize_t cancel_got; /* its read */
	int cancel_err;
	ssize_t control_got; /* the read of the one without the flag */
	int control_err;
};

enum tl_verdict timerfd_judge_cancel_on_set(struct tl_check_ctx *ctx,
					    const struct timerfd_cancel_seen *seen);

/* alarm-clock: CLOCK_BOOTTIME_ALARM with CAP_WAKE_ALARM, then without. */
struct timerfd_alarm_seen {
	bool capable; /* CAP_WAKE_ALARM was effective at the start */
	int create_err;
	int settime_err;
	bool readable; /* within TIMERFD_FIRE_WITHIN_MS of its deadline */
	int read_err;
	uint64_t count;
	int64_t deadline_ns, wake_ns; /* CLOCK_BOOTTIME */
	int drop_err; /* dropping CAP_WAKE_ALARM from the effective set */
	int dropped_create_err; /* timerfd_create after it, 0 if it succeeded */
};

/* A timer that must fire is waited for this long past its deadline. */
#define TIMERFD_FIRE_WITHIN_MS 1000

/* 524, the kernel's ENOTSUPP: what older kernels give without an RTC. */
#define TIMERFD_KERNEL_ENOTSUPP 524

enum tl_verdict timerfd_judge_alarm_clock(struct tl_check_ctx *ctx,
					  const struct timerfd_alarm_seen *seen);

/* timens: in a new time namespace with CLOCK_MONOTONIC 10 s ahead, an abs
 * timerfd 100 ms ahead, measured by a process in the namespace. */
struct timerfd_timens_seen {
	bool no_offsets_file; /* /proc/self/timens_offsets does not exist */
	int unshare_err; /* unshare(CLONE_NEWTIME) */
	int offsets_err; /* writing /proc/self/timens_offsets */
	int child_err; /* a call in the child failed: its errno */
	const char *child_call; /* which */
	int64_t offset_ns; /* the offset written: 10 s */
	/* CLOCK_MONOTONIC outside, before the fork and after the child ended */
	int64_t outside_before_ns, outside_after_ns;
	int64_t inside_ns; /* CLOCK_MONOTONIC in the namespace, at the start */
	int64_t deadline_ns, wake_ns; /* in the namespace */
	bool readable; /* within TIMERFD_FIRE_WITHIN_MS of the deadline */
	uint64_t count;
};

enum tl_verdict timerfd_judge_timens(struct tl_check_ctx *ctx,
				     const struct timerfd_timens_seen *seen);

#endif
