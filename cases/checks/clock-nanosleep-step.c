/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clock-nanosleep.realtime-step: an abs CLOCK_REALTIME sleep
 * wakes when the clock is stepped past its target, and a rel CLOCK_REALTIME
 * sleep is not moved by the step (POSIX: a relative sleep measures elapsed
 * time; Linux runs it on CLOCK_MONOTONIC). Destructive: it sets the clock,
 * so it runs only with --destructive, and the runner puts the clock back.
 */
#include "clock-nanosleep.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "../../lib/time.h"

/*
 * The abs target lies 3 s ahead and the clock is stepped 200 ms in by 5 s,
 * past the target. The rel sleep of 1 s starts with it. 1 s and 3 s are
 * far apart from the step at 200 ms and from each other, so which of them
 * ended a sleep is plain even on a machine that stalls us for a while.
 */
#define STEP_ABS_AHEAD_NS (3 * TL_NS_PER_S)
#define STEP_AFTER_NS (200 * TL_NS_PER_MS)
#define STEP_BY_NS (5 * TL_NS_PER_S)
#define STEP_REL_REQUEST_NS TL_NS_PER_S

/*
 * The step makes the abs target past, and the kernel re-evaluates its
 * realtime timers when the clock is set (clock_was_set), so the sleep ends
 * microseconds after clock_settime returns. 500 ms allows for a stall of
 * the woken thread on a loaded machine and is still 2.3 s before the target
 * would have come without the step. The rel sleep must last its full
 * request, measured on CLOCK_MONOTONIC: no tolerance, as for never-early.
 */
enum tl_verdict
clock_nanosleep_judge_realtime_step(struct tl_check_ctx *ctx,
				    const struct clock_nanosleep_step_seen *seen)
{
	int64_t abs_after_step_ns = seen->abs_wake_ns - seen->after_step_ns;
	int64_t rel_slept_ns = seen->rel_wake_ns - seen->rel_start_ns;

	if (seen->set_err == EPERM)
		return tl_check_skip(
			ctx, "clock_settime(CLOCK_REALTIME): EPERM, needs CAP_SYS_TIME");
	if (seen->set_err)
		return tl_check_error(ctx, "clock_settime(CLOCK_REALTIME): %s",
				      check_errno_name(seen->set_err));
	if (seen->abs_err || seen->rel_err)
		return tl_check_fail(ctx, "the abs sleep returned %s, the rel sleep %s",
				     seen->abs_err ? strerrorname_np(seen->abs_err) : "0",
				     seen->rel_err ? strerrorname_np(seen->rel_err)
						   : "0");
	if (seen->abs_start_ns >= seen->before_step_ns ||
	    seen->rel_start_ns >= seen->before_step_ns)
		return tl_check_error(
			ctx,
			"a sleep started only after the clock was stepped: cannot judge");
	if (seen->abs_wake_ns < seen->before_step_ns)
		return tl_check_fail(
			ctx,
			"the abs sleep for %.0f ms ahead woke after %.1f ms, before the clock was stepped",
			(double)seen->abs_ahead_ns / 1e6,
			(double)(seen->abs_wake_ns - seen->abs_start_ns) / 1e6);
	if (abs_after_step_ns > CLOCK_NANOSLEEP_STEP_PROMPT_NS)
		return tl_check_fail(
			ctx,
			"the abs sleep woke %.1f ms after the clock was stepped past its target, not at the step",
			(double)abs_after_step_ns / 1e6);
	if (rel_slept_ns < seen->rel_request_ns)
		return tl_check_fail(
			ctx,
			"the rel sleep of %.0f ms ended after %.3f ms: the step of CLOCK_REALTIME shortened it",
			(double)seen->rel_request_ns / 1e6, (double)rel_slept_ns / 1e6);
	return tl_check_pass(ctx,
			     "abs woke %.3f ms after the step, rel slept %.3f ms of %.0f",
			     (double)abs_after_step_ns / 1e6, (double)rel_slept_ns / 1e6,
			     (double)seen->rel_request_ns / 1e6);
}

/* One sleeper: CLOCK_REALTIME, abs or rel, timed on CLOCK_MONOTONIC. */
struct step_sleeper {
	bool absolute;
	struct timespec value;
	int64_t start_ns, wake_ns;
	int err;
};

static void *step_sleep(void *arg)
{
	struct step_sleeper *sleeper = arg;

	sleeper->start_ns = tl_now_ns(CLOCK_MONOTONIC);
	sleeper->err =
		clock_nanosleep(CLOCK_REALTIME, sleeper->absolute ? TIMER_ABSTIME : 0,
				&sleeper->value, NULL);
	sleeper->wake_ns = tl_now_ns(CLOCK_MONOTONIC);
	return NULL;
}

static enum tl_verdict realtime_step_run(struct tl_check_ctx *ctx)
{
	struct clock_nanosleep_step_seen seen = {
		.step_ns = STEP_BY_NS,
		.abs_ahead_ns = STEP_ABS_AHEAD_NS,
		.rel_request_ns = STEP_REL_REQUEST_NS,
	};
	struct step_sleeper abs = {
		.absolute = true,
		.value = tl_timespec_from_ns(tl_now_ns(CLOCK_REALTIME) +
					     STEP_ABS_AHEAD_NS),
	};
	struct step_sleeper rel = { .value = tl_timespec_from_ns(STEP_REL_REQUEST_NS) };
	int64_t start_ns = tl_now_ns(CLOCK_MONOTONIC);
	struct timespec stepped;
	pthread_t threads[2];
	int err;

	if ((err = pthread_create(&threads[0], NULL, step_sleep, &abs)) != 0)
		return tl_check_error(ctx, "pthread_create: %s", strerrorname_np(err));
	if ((err = pthread_create(&threads[1], NULL, step_sleep, &rel)) != 0)
		return tl_check_error(ctx, "pthread_create: %s", strerrorname_np(err));
	check_sleep_until(CLOCK_MONOTONIC, start_ns + STEP_AFTER_NS);
	stepped = tl_timespec_from_ns(tl_now_ns(CLOCK_REALTIME) + STEP_BY_NS);
	seen.before_step_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen.set_err = -tl_check_set_realtime(ctx, &stepped);
	seen.after_step_ns = tl_now_ns(CLOCK_MONOTONIC);
	if (seen.set_err)
		return clock_nanosleep_judge_realtime_step(ctx, &seen);
	pthread_join(threads[0], NULL);
	pthread_join(threads[1], NULL);
	seen.abs_start_ns = abs.start_ns;
	seen.abs_wake_ns = abs.wake_ns;
	seen.abs_err = abs.err;
	seen.rel_start_ns = rel.start_ns;
	seen.rel_wake_ns = rel.wake_ns;
	seen.rel_err = rel.err;
	return clock_nanosleep_judge_realtime_step(ctx, &seen);
}

const struct tl_check tl_check_clock_nanosleep_realtime_step = {
	.name = "clock-nanosleep.realtime-step",
	.summary =
		"CLOCK_REALTIME stepped forward past an abs sleep's target: abs wakes at the step, a rel sleep is unaffected",
	.flags = TL_CHECK_DESTRUCTIVE,
	.run = realtime_step_run,
};
