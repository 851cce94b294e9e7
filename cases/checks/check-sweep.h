/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The never-early sweep that the clock-nanosleep and timerfd checks both
 * run: one way to sample and one way to judge, so that the two groups
 * cannot drift apart.
 */
#ifndef TL_CHECK_SWEEP_H
#define TL_CHECK_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check.h"

/* One wakeup: a sleep, or a one-shot timer and the read that waited for it. */
struct check_sweep_wake {
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
#define CHECK_SWEEP_MAX 256

struct check_sweep {
	clockid_t clock;
	size_t count; /* wakes sampled; the sweep stops at the first error */
	struct check_sweep_wake wakes[CHECK_SWEEP_MAX];
};

/*
 * Arm one wait for value (a time on the clock if absolute, else a delay),
 * wait for it, and say how many expirations the wake served. 0 or an errno.
 */
typedef int (*check_sweep_wait_fn)(void *arg, bool absolute, const struct timespec *value,
				   uint64_t *count);

/* Run the sweep on clock, each wait through wait(arg, ...). */
void check_sweep_run(struct check_sweep *sweep, clockid_t clock, check_sweep_wait_fn wait,
		     void *arg);

/*
 * The judgement of a sweep: every wait succeeded, served exactly one
 * expiration, and woke at or after its deadline. what names the mechanism
 * for messages ("clock_nanosleep").
 */
enum tl_verdict check_sweep_judge(struct tl_check_ctx *ctx,
				  const struct check_sweep *sweep, const char *what);

#endif
