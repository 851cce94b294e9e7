/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the checks of the clock-nanosleep, timerfd, clock and
 * signal groups: waiting out a time whatever signals arrive, counting the
 * deadlines a periodic timer owes, and the never-early sweep that both
 * clock_nanosleep and timerfd run (one way to sample and one way to judge,
 * so that the two groups cannot drift apart).
 *
 * Each check observes into a small struct and hands it to a judge that
 * makes no system call, so that tests can drive the judge with scripted
 * observations (check.h, tl_check_ctx_new).
 */
#ifndef TL_CHECK_UTIL_H
#define TL_CHECK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check.h"

/* The clock's name for messages; "clock N" for one lib/time.c does not name. */
const char *check_util_clock_name(clockid_t clock);

/* errno's name ("EINVAL"), "no error" for 0, "error N" for one without a
 * name in user space (524, the kernel's ENOTSUPP). */
const char *check_util_errno_name(int err);

/* Sleep on clock until when_ns, through any handled signal. */
void check_util_sleep_until(clockid_t clock, int64_t when_ns);

/*
 * Deadlines a periodic timer whose first expiry is first_ns owes at now_ns:
 * deadline k (k >= 0) is first + k x interval and counts once it is <= now.
 */
int64_t check_util_owed(int64_t first_ns, int64_t interval_ns, int64_t now_ns);

/*
 * Run observe(arg, answer) in a forked child (one that dies with the
 * check's process) and copy its answer, size bytes at most
 * CHECK_UTIL_ANSWER_MAX, back. 0; -ECHILD when the child ended without a
 * whole answer; -EMSGSIZE; -errno when it could not be started.
 */
#define CHECK_UTIL_ANSWER_MAX 1024
int check_util_in_child(void (*observe)(void *arg, void *answer), void *arg, void *answer,
			size_t size);

/* One wakeup: a sleep, or a one-shot timer and the read that waited for it. */
struct check_util_wake {
	int64_t request_ns; /* the time asked for: a delay, or how far ahead */
	bool absolute; /* armed at an absolute time, else as a delay */
	/* abs: the time armed; rel: the clock read right before the call that
	 * armed, plus the delay, which is never later than the kernel's own
	 * deadline (it reads the clock after us) */
	int64_t deadline_ns;
	int64_t wake_ns; /* the clock read right after the wait returned */
	int err; /* 0, or the errno of the call that failed */
	uint64_t count; /* expirations the wake served (a sleep: 1) */
};

/*
 * The never-early sweep: abs and rel waits from 10 ns to 100 ms on one
 * clock. The short requests, where an early wakeup would hide in the
 * rounding of a deadline, are repeated most; the long ones cost the most
 * time and are sampled once or twice. About 0.3 s per clock.
 */
#define CHECK_UTIL_SWEEP_MAX 256

struct check_util_sweep {
	clockid_t clock;
	size_t count; /* wakes sampled; the sweep stops at the first error */
	struct check_util_wake wakes[CHECK_UTIL_SWEEP_MAX];
};

/*
 * Arm one wait for value (a time on the clock if absolute, else a delay),
 * wait for it, and say how many expirations the wake served. 0 or an errno.
 */
typedef int (*check_util_wait_fn)(void *arg, bool absolute, const struct timespec *value,
				  uint64_t *count);

/* Run the sweep on clock, each wait through wait(arg, ...). */
void check_util_sweep_run(struct check_util_sweep *sweep, clockid_t clock,
			  check_util_wait_fn wait, void *arg);

/*
 * The judgement of a sweep: every wait succeeded, served exactly one
 * expiration, and woke at or after its deadline. what names the mechanism
 * for messages ("clock_nanosleep").
 */
enum tl_verdict check_util_judge_sweep(struct tl_check_ctx *ctx,
				       const struct check_util_sweep *sweep,
				       const char *what);

#endif
