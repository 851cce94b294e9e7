/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of POSIX message queue timeouts (group mqueue): what each
 * observes, and the judge that turns the observations into a verdict.
 * mq_timedreceive's timeout is absolute, on CLOCK_REALTIME. Tests call
 * the judges with scripted observations.
 */
#ifndef TL_CHECKS_MQUEUE_H
#define TL_CHECKS_MQUEUE_H

#include "check-helpers.h"
#include "check-sweep.h"
#include "check.h"

/* timeout-never-early: the never-early sweep, each wait a receive from an
 * empty queue that must end in ETIMEDOUT (a wake serving one expiry). */
enum tl_verdict mqueue_judge_timeout_never_early(struct tl_check_ctx *ctx,
						 const struct check_sweep *seen);

/* latency-sanity: the same timeouts, in one group. */
enum tl_verdict mqueue_judge_latency_sanity(struct tl_check_ctx *ctx,
					    const struct check_lateness_seen *seen);

#endif
