/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of clock_nanosleep(2) (group clock-nanosleep): what
 * each observes, and the judge that turns the observations into a verdict.
 * Tests call the judges with scripted observations.
 */
#ifndef TL_CHECKS_CLOCK_NANOSLEEP_H
#define TL_CHECKS_CLOCK_NANOSLEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check-helpers.h"
#include "check-sweep.h"
#include "check.h"

/* never-early: the sweep of abs and rel sleeps on one clock. */
enum tl_verdict clock_nanosleep_judge_never_early(struct tl_check_ctx *ctx,
						  const struct check_sweep *seen);

/* latency-sanity: sleeps in groups of a clock and an arming. */
enum tl_verdict
clock_nanosleep_judge_latency_sanity(struct tl_check_ctx *ctx,
				     const struct check_lateness_seen *seen);

/* abs-past: a few TIMER_ABSTIME sleeps for one target already past. */
struct clock_nanosleep_abs_past_seen {
	clockid_t clock;
	const char *target; /* "1 s ago", "time 0" */
	int err; /* what the first call that failed returned; 0 */
	int64_t fastest_ns; /* the fastest try, monotonic */
};

#define CLOCK_NANOSLEEP_ABS_PAST_TRIES 5
/* The fastest of the tries returns within this (see the judge). */
#define CLOCK_NANOSLEEP_ABS_PAST_AT_ONCE_NS (10 * INT64_C(1000000))

enum tl_verdict
clock_nanosleep_judge_abs_past(struct tl_check_ctx *ctx,
			       const struct clock_nanosleep_abs_past_seen *seen,
			       size_t count);

/* einval: one call with an invalid tv_nsec. */
struct clock_nanosleep_einval_seen {
	clockid_t clock;
	bool absolute;
	long tv_nsec; /* the value passed */
	int err; /* what clock_nanosleep returned */
};

enum tl_verdict
clock_nanosleep_judge_einval(struct tl_check_ctx *ctx,
			     const struct clock_nanosleep_einval_seen *seen,
			     size_t count);

/* eintr-rem: one rel sleep that a handled signal interrupts. */
struct clock_nanosleep_eintr_seen {
	clockid_t clock;
	int64_t request_ns;
	int err; /* what clock_nanosleep returned */
	int signals; /* handled */
	/* on the clock, from right before the call to right after it returned */
	int64_t elapsed_ns;
	/* when the first signal was handled, on the clock, from that same read */
	int64_t handled_ns;
	int64_t rem_ns; /* what the kernel wrote to rem */
};

/*
 * Whether the signal missed the sleep: the call returned 0 after sleeping
 * its whole request, and the handler ran before the request was over.
 * Handlers run only outside system calls, and the sleep ended at least a
 * request after our first read, so such a handler ran before the sleep
 * began: we were stalled between arming the signal and sleeping. A kernel
 * that slept through the signal would run the handler only after the
 * sleep, more than a request after that read.
 */
bool clock_nanosleep_eintr_missed(const struct clock_nanosleep_eintr_seen *seen);

enum tl_verdict
clock_nanosleep_judge_eintr_rem(struct tl_check_ctx *ctx,
				const struct clock_nanosleep_eintr_seen *seen);

/*
 * realtime-step: an abs CLOCK_REALTIME sleep for a target ahead, and a rel
 * CLOCK_REALTIME sleep, both under way when CLOCK_REALTIME is stepped
 * forward past the target. Every time is CLOCK_MONOTONIC, which the step
 * does not move.
 */
struct clock_nanosleep_step_seen {
	int set_err; /* what clock_settime gave (0, or errno) */
	int64_t step_ns; /* how far CLOCK_REALTIME was stepped forward */
	int64_t before_step_ns; /* right before clock_settime */
	int64_t after_step_ns; /* right after it */
	int64_t abs_ahead_ns; /* the abs target, that far ahead of its start */
	int64_t abs_start_ns; /* right before the abs sleep */
	int64_t abs_wake_ns; /* right after it returned */
	int abs_err;
	int64_t rel_request_ns;
	int64_t rel_start_ns;
	int64_t rel_wake_ns;
	int rel_err;
};

/* An abs sleep woken by the step wakes within this of it (see the judge). */
#define CLOCK_NANOSLEEP_STEP_PROMPT_NS (500 * INT64_C(1000000))

enum tl_verdict
clock_nanosleep_judge_realtime_step(struct tl_check_ctx *ctx,
				    const struct clock_nanosleep_step_seen *seen);

#endif
