/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The alarm checks' observations and judges (group alarm):
 * run() observes, the judge decides, and tests drive the judges with
 * scripted observations. Times are CLOCK_MONOTONIC nanoseconds.
 */
#ifndef TL_CHECKS_ALARM_H
#define TL_CHECKS_ALARM_H

#include <stdbool.h>
#include <stdint.h>

#include "check-helpers.h"
#include "check.h"

/*
 * What alarm() returns when the alarm it replaces has remaining_ns left:
 * whole seconds rounded to the nearest, half up, of a remainder already
 * cut to microseconds, and never 0 for an alarm still pending
 * (kernel/time/itimer.c, alarm_setitimer).
 */
int64_t alarm_rounded(int64_t remaining_ns);

/* alarm.returns-remaining: alarm(10), alarm(1) a second later. */
struct alarm_returns_remaining_seen {
	unsigned first; /* alarm(10): 0, nothing was set */
	unsigned returned; /* alarm(1) */
	/* from alarm(10) to alarm(1): after the one to before the other, and
	 * before the one to after the other */
	int64_t elapsed_low_ns, elapsed_high_ns;
	int64_t set_ns; /* read before alarm(1) */
	bool received;
	int si_code;
	int64_t wake_ns; /* right after the SIGALRM was taken */
	int64_t wait_ns; /* how long it was waited for */
	int64_t left_ns; /* ITIMER_REAL after it: nothing armed */
	bool pending; /* another SIGALRM */
};

enum tl_verdict
alarm_judge_returns_remaining(struct tl_check_ctx *ctx,
			      const struct alarm_returns_remaining_seen *seen);

/* alarm.zero-cancels */
struct alarm_zero_cancels_seen {
	unsigned first; /* alarm(10): 0 */
	unsigned returned; /* alarm(0) right after */
	int64_t between_ns; /* from before alarm(10) to after alarm(0) */
	unsigned again; /* a second alarm(0) */
	int64_t left_ns; /* ITIMER_REAL after: 0 */
	/* then alarm(1), alarm(0), and a wait past the second */
	int64_t cancel_gap_ns; /* from before alarm(1) to after alarm(0) */
	int64_t waited_ns;
	struct check_signal_caught caught;
	bool pending;
};

enum tl_verdict alarm_judge_zero_cancels(struct tl_check_ctx *ctx,
					 const struct alarm_zero_cancels_seen *seen);

/* alarm.not-inherited */
struct alarm_not_inherited_seen {
	unsigned first; /* alarm(10) in the parent: 0 */
	unsigned child_returned; /* alarm(0) in the forked child */
	unsigned parent_returned; /* alarm(0) in the parent, after */
	int64_t parent_between_ns; /* from before alarm(10) to after alarm(0) */
};

enum tl_verdict alarm_judge_not_inherited(struct tl_check_ctx *ctx,
					  const struct alarm_not_inherited_seen *seen);

#endif
