/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of signal queuing (group signal): what each
 * observes, and the judge that turns the observations into a verdict.
 * Tests call the judges with scripted observations.
 */
#ifndef TL_CHECKS_SIGNAL_H
#define TL_CHECKS_SIGNAL_H

#include <stdbool.h>

#include "check.h"

#define SIGNAL_QUEUE_SENT 3 /* each signal is queued this many times */

/* std-vs-rt-queue: SIGALRM and SIGRTMIN each sigqueue'd SIGNAL_QUEUE_SENT
 * times with si_value 0, 1, 2 while blocked, then unblocked. */
struct signal_queue_seen {
	int queue_err; /* errno of a sigqueue that failed, 0 */
	int standard; /* SIGALRM delivered */
	int standard_value; /* the si_value of the first */
	int realtime; /* SIGRTMIN delivered */
	int realtime_values[SIGNAL_QUEUE_SENT]; /* their si_value, in order */
	bool still_pending; /* either still pending after the unblock */
};

enum tl_verdict signal_judge_std_vs_rt_queue(struct tl_check_ctx *ctx,
					     const struct signal_queue_seen *seen);

#endif
