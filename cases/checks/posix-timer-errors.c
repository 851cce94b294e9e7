/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of what the POSIX timer calls refuse (group posix-timer): bad
 * arguments, a deleted timer, clocks the machine cannot serve. Each run() observes, each judge decides (posix-timer.h).
 */
#include "posix-timer.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * posix-timer.einval: timespecs out of range in it_value or it_interval, an
 * unknown sigev_notify, a signal number of 0 or past SIGRTMAX.
 */
enum tl_verdict posix_timer_judge_einval(struct tl_check_ctx *ctx,
					 const struct posix_timer_einval_seen *seen)
{
	return check_judge_calls(ctx, seen->calls, seen->count, EINVAL);
}

static void einval_settime(struct posix_timer_einval_seen *seen, timer_t timer,
			   const char *what, long value_nsec, long interval_nsec)
{
	struct itimerspec spec = { { 0, interval_nsec }, { 1, value_nsec } };
	struct check_call *call = &seen->calls[seen->count++];

	call->what = what;
	call->result = timer_settime(timer, 0, &spec, NULL);
	call->error = call->result < 0 ? errno : 0;
}

static void einval_create(struct posix_timer_einval_seen *seen, const char *what,
			  int notify, int signo)
{
	struct check_call *call = &seen->calls[seen->count++];
	timer_t timer;

	call->result = check_timer_create(CLOCK_MONOTONIC, notify, signo, 0, &timer);
	call->what = what;
	call->error = -call->result;
	call->result = call->result ? -1 : 0;
}

static enum tl_verdict einval_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_einval_seen seen = { 0 };
	timer_t timer;
	int err;

	err = check_timer_create(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, &timer);
	if (err)
		return tl_check_error(ctx, "timer_create: %s", strerrorname_np(-err));
	einval_settime(&seen, timer, "timer_settime it_value.tv_nsec -1", -1, 0);
	einval_settime(&seen, timer, "timer_settime it_value.tv_nsec 1e9", 1000000000, 0);
	einval_settime(&seen, timer, "timer_settime it_interval.tv_nsec -1", 0, -1);
	einval_settime(&seen, timer, "timer_settime it_interval.tv_nsec 1e9", 0,
		       1000000000);
	einval_create(&seen, "timer_create sigev_notify 12345", 12345, SIGRTMIN);
	einval_create(&seen, "timer_create sigev_signo 0", SIGEV_SIGNAL, 0);
	einval_create(&seen, "timer_create sigev_signo SIGRTMAX + 1", SIGEV_SIGNAL,
		      SIGRTMAX + 1);
	return posix_timer_judge_einval(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_einval = {
	.name = "posix-timer.einval",
	.summary = "tv_nsec < 0 or >= 1e9, bad sigev_notify, bad signo: EINVAL",
	.run = einval_run,
};

/* posix-timer.getoverrun-deleted: the id of a deleted timer names nothing. */
enum tl_verdict
posix_timer_judge_getoverrun_deleted(struct tl_check_ctx *ctx,
				     const struct posix_timer_deleted_seen *seen)
{
	return check_judge_calls(ctx, &seen->getoverrun, 1, EINVAL);
}

static enum tl_verdict getoverrun_deleted_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_deleted_seen seen = {
		.getoverrun.what = "timer_getoverrun after timer_delete",
	};
	timer_t timer;
	int err;

	err = check_timer_create(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, &timer);
	if (err)
		return tl_check_error(ctx, "timer_create: %s", strerrorname_np(-err));
	if (timer_delete(timer) < 0)
		return tl_check_error(ctx, "timer_delete: %s", strerrorname_np(errno));
	seen.getoverrun.result = timer_getoverrun(timer);
	seen.getoverrun.error = seen.getoverrun.result < 0 ? errno : 0;
	return posix_timer_judge_getoverrun_deleted(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_getoverrun_deleted = {
	.name = "posix-timer.getoverrun-deleted",
	.summary = "timer_getoverrun after timer_delete: EINVAL",
	.run = getoverrun_deleted_run,
};

/*
 * posix-timer.alarm-clocks: timer_create on CLOCK_REALTIME_ALARM and
 * CLOCK_BOOTTIME_ALARM. Without an RTC that can wake the system the kernel
 * has no alarm timers: EOPNOTSUPP, or 524 (its internal ENOTSUPP, which
 * user space has no name for) before "alarmtimer: Use EOPNOTSUPP instead of
 * ENOTSUPP". Without CAP_WAKE_ALARM: EPERM. Each is a skip.
 */
#define ALARM_CLOCKS_ENOTSUPP 524

enum tl_verdict
posix_timer_judge_alarm_clocks(struct tl_check_ctx *ctx,
			       const struct posix_timer_alarm_clocks_seen *seen)
{
	for (size_t i = 0; i < POSIX_TIMER_ALARM_CLOCKS; i++) {
		int error = seen->clocks[i].error;

		if (error == 0 || error == EOPNOTSUPP || error == ALARM_CLOCKS_ENOTSUPP ||
		    error == EPERM)
			continue;
		return tl_check_fail(ctx, "timer_create(%s) failed with %s",
				     seen->clocks[i].clock, check_errno_name(error));
	}
	for (size_t i = 0; i < POSIX_TIMER_ALARM_CLOCKS; i++) {
		int error = seen->clocks[i].error;

		if (error == EPERM)
			return tl_check_skip(ctx,
					     "no CAP_WAKE_ALARM: timer_create(%s) EPERM",
					     seen->clocks[i].clock);
		if (error)
			return tl_check_skip(
				ctx, "no RTC to wake the system: timer_create(%s) %s",
				seen->clocks[i].clock,
				error == EOPNOTSUPP ? "EOPNOTSUPP" : "ENOTSUPP (524)");
	}
	return tl_check_pass(ctx, "created on both alarm clocks");
}

static enum tl_verdict alarm_clocks_run(struct tl_check_ctx *ctx)
{
	static const clockid_t clocks[POSIX_TIMER_ALARM_CLOCKS] = {
		CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM
	};
	struct posix_timer_alarm_clocks_seen seen;

	for (size_t i = 0; i < POSIX_TIMER_ALARM_CLOCKS; i++) {
		timer_t timer;

		seen.clocks[i].clock = tl_clock_name(clocks[i]);
		seen.clocks[i].error =
			-check_timer_create(clocks[i], SIGEV_NONE, 0, 0, &timer);
		if (!seen.clocks[i].error)
			timer_delete(timer);
	}
	return posix_timer_judge_alarm_clocks(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_alarm_clocks = {
	.name = "posix-timer.alarm-clocks",
	.summary =
		"timer_create on the alarm clocks: created; EOPNOTSUPP or 524 (no RTC) or EPERM (no CAP_WAKE_ALARM) is a skip",
	.run = alarm_clocks_run,
};
