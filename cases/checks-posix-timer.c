/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of POSIX per-process timers: timer_create, timer_settime,
 * timer_getoverrun and the signals they send (CHECKS.md, group posix-timer).
 *
 * A periodic timer whose signal is still pending is not re-armed: the
 * kernel forwards it when the signal is delivered or accepted, and the
 * expirations skipped meanwhile become si_overrun (and timer_getoverrun).
 * So every expected overrun below is the number of deadlines owed at the
 * moment of delivery, minus the one the signal itself stands for, and that
 * moment is bracketed by clock reads just before and after the call that
 * delivers it.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "../lib/time.h"
#include "check.h"

/* A value no other sender uses, to tell our timer's signal from others. */
#define POSIX_TIMER_CHECK_MAGIC 0x71e7

/* Deadlines a periodic timer (first expiry first_ns) owes by now_ns. */
static int64_t posix_timer_owed(int64_t first_ns, int64_t interval_ns, int64_t now_ns)
{
	return now_ns < first_ns ? 0 : (now_ns - first_ns) / interval_ns + 1;
}

static void posix_timer_sleep_until(int64_t when_ns)
{
	struct timespec until = tl_timespec_from_ns(when_ns);

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

/* A periodic CLOCK_MONOTONIC timer sending signo, first expiry at
 * *first_ns (now + interval_ns), armed absolute so that deadline k is
 * exactly first + k x interval. 0 or -errno. */
static int posix_timer_start(int signo, int64_t interval_ns, timer_t *timer,
			     int64_t *first_ns)
{
	struct sigevent event = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = signo,
		.sigev_value.sival_int = POSIX_TIMER_CHECK_MAGIC,
	};
	struct itimerspec spec;

	if (timer_create(CLOCK_MONOTONIC, &event, timer) < 0)
		return -errno;
	*first_ns = tl_now_ns(CLOCK_MONOTONIC) + interval_ns;
	spec.it_value = tl_timespec_from_ns(*first_ns);
	spec.it_interval = tl_timespec_from_ns(interval_ns);
	if (timer_settime(*timer, TIMER_ABSTIME, &spec, NULL) < 0)
		return -errno;
	return 0;
}

/*
 * posix-timer.overrun: a 1 ms periodic timer with SIGALRM blocked for about
 * 50 ms, then the signal accepted with sigtimedwait.
 */
#define OVERRUN_INTERVAL_NS TL_NS_PER_MS
#define OVERRUN_BLOCKED_NS (50 * TL_NS_PER_MS)

static enum tl_verdict overrun_judge(struct tl_check_ctx *ctx, const siginfo_t *info,
				     int getoverrun, int64_t low, int64_t high,
				     int64_t blocked_ns)
{
	if (info->si_code != SI_TIMER ||
	    info->si_value.sival_int != POSIX_TIMER_CHECK_MAGIC)
		return tl_check_fail(ctx,
				     "the SIGALRM taken was not our timer's (si_code %d)",
				     info->si_code);
	/*
	 * [low, high] already brackets the moment the kernel counted; CHECKS.md
	 * allows one more either side for an expiry that falls within the
	 * microseconds of that count, so that the edge cannot fail a kernel
	 * that is right.
	 */
	if (info->si_overrun < low - 1 || info->si_overrun > high + 1)
		return tl_check_fail(
			ctx, "si_overrun %d, expected %lld..%lld after %.1f ms blocked",
			info->si_overrun, (long long)low, (long long)high,
			(double)blocked_ns / 1e6);
	if (getoverrun != info->si_overrun)
		return tl_check_fail(ctx,
				     "timer_getoverrun %d differs from si_overrun %d",
				     getoverrun, info->si_overrun);
	return tl_check_pass(ctx,
			     "si_overrun %d == timer_getoverrun, expected %lld..%lld "
			     "%.1f ms after the first expiry",
			     info->si_overrun, (long long)low, (long long)high,
			     (double)blocked_ns / 1e6);
}

static enum tl_verdict overrun_run(struct tl_check_ctx *ctx)
{
	const struct timespec no_wait = { 0, 0 };
	sigset_t set, pending;
	siginfo_t info;
	timer_t timer;
	int64_t first_ns = 0, before_ns, after_ns;
	int err, getoverrun;

	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	err = posix_timer_start(SIGALRM, OVERRUN_INTERVAL_NS, &timer, &first_ns);
	if (err)
		return tl_check_error(ctx, "timer_create/settime: %s",
				      strerrorname_np(-err));
	posix_timer_sleep_until(first_ns + OVERRUN_BLOCKED_NS);
	if (sigpending(&pending) < 0 || !sigismember(&pending, SIGALRM))
		return tl_check_fail(ctx, "no SIGALRM pending after %lld ms blocked",
				     (long long)(OVERRUN_BLOCKED_NS / TL_NS_PER_MS));
	before_ns = tl_now_ns(CLOCK_MONOTONIC);
	if (sigtimedwait(&set, &info, &no_wait) != SIGALRM)
		return tl_check_fail(ctx,
				     "sigtimedwait did not take the pending SIGALRM: %s",
				     strerrorname_np(errno));
	after_ns = tl_now_ns(CLOCK_MONOTONIC);
	getoverrun = timer_getoverrun(timer);
	return overrun_judge(
		ctx, &info, getoverrun,
		posix_timer_owed(first_ns, OVERRUN_INTERVAL_NS, before_ns) - 1,
		posix_timer_owed(first_ns, OVERRUN_INTERVAL_NS, after_ns) - 1,
		after_ns - first_ns);
}

const struct tl_check tl_check_posix_timer_overrun = {
	.name = "posix-timer.overrun",
	.summary = "1 ms periodic, SIGALRM blocked ~50 ms: one signal, si_overrun == "
		   "timer_getoverrun == expirations owed - 1",
	.run = overrun_run,
};

/*
 * posix-timer.sig-ign, as the kernel's selftest (timers/posix_timers.c,
 * check_sig_ign) does it, on SIGUSR1 as there: a 100 ms periodic timer
 * whose signal is blocked with a handler installed; 1 s later the signal is
 * set to SIG_IGN, 1 s later the handler is installed again, 1 s later the
 * signal is unblocked. The pending expiry must survive being ignored: one
 * signal is delivered, and its overrun counts every deadline since the
 * first (29 after 3 s). Before 6.13 an ignored timer signal was dropped and
 * the timer, waiting for that signal to be delivered, was never re-armed:
 * 0 signals.
 */
#define SIG_IGN_INTERVAL_NS (100 * TL_NS_PER_MS)

static volatile sig_atomic_t sig_ign_signals;
static volatile sig_atomic_t sig_ign_overrun;
static volatile sig_atomic_t sig_ign_foreign; /* a SIGUSR1 that was not our timer's */

static void sig_ign_handler(int signo, siginfo_t *info, void *context)
{
	int saved_errno = errno;

	(void)signo;
	(void)context;
	if (info->si_code != SI_TIMER ||
	    info->si_value.sival_int != POSIX_TIMER_CHECK_MAGIC) {
		sig_ign_foreign = 1;
	} else {
		if (sig_ign_signals == 0)
			sig_ign_overrun = info->si_overrun;
		sig_ign_signals++;
	}
	errno = saved_errno;
}

static enum tl_verdict sig_ign_judge(struct tl_check_ctx *ctx, int64_t first_ns,
				     int64_t before_ns, int64_t after_ns,
				     int64_t reblocked_ns)
{
	int64_t low = posix_timer_owed(first_ns, SIG_IGN_INTERVAL_NS, before_ns) - 1;
	int64_t high = posix_timer_owed(first_ns, SIG_IGN_INTERVAL_NS, after_ns) - 1;
	int signals = sig_ign_signals, overrun = sig_ign_overrun;
	double unblocked_s = (double)(before_ns - first_ns) / 1e9;

	if (sig_ign_foreign)
		return tl_check_error(ctx, "a SIGUSR1 from another sender arrived");
	/* The handler ran on the way out of the unblocking sigprocmask, which
	 * re-armed the timer for the next deadline after that moment. Only if
	 * we were stalled past that deadline before blocking again could a
	 * second signal be right: then the count says nothing either way. */
	if (signals > 1 && reblocked_ns >= first_ns + (low + 1) * SIG_IGN_INTERVAL_NS)
		return tl_check_error(ctx,
				      "stalled %.1f ms with the signal unblocked: "
				      "cannot count the signals",
				      (double)(reblocked_ns - before_ns) / 1e6);
	if (signals != 1)
		return tl_check_fail(ctx,
				     "%d signals delivered, expected 1 (unblocked %.3f s "
				     "after the first expiry)",
				     signals, unblocked_s);
	/* [low, high] brackets the moment of delivery, when the kernel counts;
	 * one more either side (CHECKS.md allows two) for an expiry that falls
	 * within the microseconds of that count. */
	if (overrun < low - 1 || overrun > high + 1)
		return tl_check_fail(ctx,
				     "1 signal, overrun %d, expected %lld..%lld %.3f s "
				     "after the first expiry",
				     overrun, (long long)low, (long long)high,
				     unblocked_s);
	return tl_check_pass(
		ctx,
		"1 signal, overrun %d, expected %lld..%lld %.3f s after the first expiry",
		overrun, (long long)low, (long long)high, unblocked_s);
}

static enum tl_verdict sig_ign_run(struct tl_check_ctx *ctx)
{
	struct sigaction handler = { .sa_sigaction = sig_ign_handler,
				     .sa_flags = SA_SIGINFO };
	struct sigaction ignore = { .sa_handler = SIG_IGN };
	int64_t start_ns, first_ns = 0, before_ns, after_ns, reblocked_ns;
	sigset_t set;
	timer_t timer;
	int err;

	sigemptyset(&handler.sa_mask);
	sigemptyset(&ignore.sa_mask);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigaction(SIGUSR1, &handler, NULL) < 0 ||
	    sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return tl_check_error(ctx, "sigaction/sigprocmask: %s",
				      strerrorname_np(errno));
	err = posix_timer_start(SIGUSR1, SIG_IGN_INTERVAL_NS, &timer, &first_ns);
	if (err)
		return tl_check_error(ctx, "timer_create/settime: %s",
				      strerrorname_np(-err));
	start_ns = first_ns - SIG_IGN_INTERVAL_NS;
	/* each step at a fixed time from the start, however late the last woke */
	posix_timer_sleep_until(start_ns + TL_NS_PER_S);
	sigaction(SIGUSR1, &ignore, NULL);
	posix_timer_sleep_until(start_ns + 2 * TL_NS_PER_S);
	sigaction(SIGUSR1, &handler, NULL);
	posix_timer_sleep_until(start_ns + 3 * TL_NS_PER_S);
	before_ns = tl_now_ns(CLOCK_MONOTONIC);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	after_ns = tl_now_ns(CLOCK_MONOTONIC);
	sigprocmask(SIG_BLOCK, &set, NULL);
	reblocked_ns = tl_now_ns(CLOCK_MONOTONIC);
	timer_delete(timer);
	return sig_ign_judge(ctx, first_ns, before_ns, after_ns, reblocked_ns);
}

const struct tl_check tl_check_posix_timer_sig_ign = {
	.name = "posix-timer.sig-ign",
	.summary = "100 ms periodic, signal blocked, SIG_IGN for 1 s then the handler again, "
		   "unblocked: 1 signal, overrun 29",
	.known_fail = {
		.until = "6.13",
		.why = "a timer signal ignored while pending was dropped and the timer "
		       "never re-armed, until the rework of ignored timer signals in 6.13",
	},
	.run = sig_ign_run,
};
