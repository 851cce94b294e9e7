/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks of alarm(2) (CHECKS.md, group alarm). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "../lib/time.h"
#include "check.h"

static volatile sig_atomic_t alarm_signals;

static void alarm_handler(int signo)
{
	(void)signo;
	alarm_signals++; /* touches no errno */
}

/*
 * What alarm() returns when the alarm it replaces has remaining_ns left: the
 * kernel rounds to the nearest second, half up, and never says 0 for an
 * alarm still pending (kernel/time/itimer.c, alarm_setitimer).
 */
static int64_t alarm_rounded(int64_t remaining_ns)
{
	int64_t seconds = remaining_ns / TL_NS_PER_S;
	int64_t rest_ns = remaining_ns % TL_NS_PER_S;

	if ((seconds == 0 && rest_ns > 0) || rest_ns >= TL_NS_PER_S / 2)
		seconds++;
	return seconds;
}

/* alarm(10), alarm(0): returns 10 and nothing is left armed. */
static enum tl_verdict zero_returns_remaining(struct tl_check_ctx *ctx)
{
	struct itimerval left;
	int64_t start_ns = tl_now_ns(CLOCK_MONOTONIC);
	unsigned before = alarm(10);
	unsigned returned = alarm(0);
	int64_t between_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	/* 10 right after setting it; only a stall of half a second or more
	 * between the two calls (measured) may lower what is left */
	int64_t low = alarm_rounded(10 * TL_NS_PER_S - between_ns);

	if (before != 0)
		return tl_check_error(ctx, "an alarm was already set (%u s left)",
				      before);
	if (returned < low || returned > 10)
		return tl_check_fail(
			ctx, "alarm(0) after alarm(10) returned %u, expected %lld..10",
			returned, (long long)low);
	if (alarm(0) != 0)
		return tl_check_fail(ctx, "a second alarm(0) found an alarm still set");
	if (getitimer(ITIMER_REAL, &left) < 0)
		return tl_check_error(ctx, "getitimer: %s", strerrorname_np(errno));
	if (left.it_value.tv_sec || left.it_value.tv_usec)
		return tl_check_fail(
			ctx, "ITIMER_REAL still armed after alarm(0): %ld.%06ld s",
			(long)left.it_value.tv_sec, (long)left.it_value.tv_usec);
	tl_check_diag(ctx, "alarm(10) then alarm(0) returned %u", returned);
	return TL_VERDICT_PASS;
}

/*
 * alarm(1), alarm(0), then wait 1.5 s with a handler installed: no SIGALRM.
 * The cancelled alarm would have fired after 1 s; half a second more lets a
 * signal that the kernel did send reach our handler even on a loaded machine,
 * since a pending unblocked signal is delivered as soon as we run.
 */
#define ZERO_CANCELS_WAIT_NS (1500 * TL_NS_PER_MS)

static enum tl_verdict zero_cancels_run(struct tl_check_ctx *ctx)
{
	struct sigaction action = { .sa_handler = alarm_handler };
	struct timespec until;
	sigset_t set, pending;
	enum tl_verdict verdict;

	sigemptyset(&action.sa_mask);
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	if (sigaction(SIGALRM, &action, NULL) < 0 ||
	    sigprocmask(SIG_UNBLOCK, &set, NULL) < 0)
		return tl_check_error(ctx, "sigaction/sigprocmask: %s",
				      strerrorname_np(errno));
	verdict = zero_returns_remaining(ctx);
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	until = tl_timespec_from_ns(tl_now_ns(CLOCK_MONOTONIC) + ZERO_CANCELS_WAIT_NS);
	alarm(1);
	alarm(0);
	/* a handled signal would end the sleep early with EINTR: keep sleeping
	 * to the end, the count tells */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
	if (alarm_signals)
		return tl_check_fail(
			ctx, "%d SIGALRM delivered after alarm(0) cancelled alarm(1)",
			(int)alarm_signals);
	if (sigpending(&pending) == 0 && sigismember(&pending, SIGALRM))
		return tl_check_fail(ctx,
				     "SIGALRM pending after alarm(0) cancelled alarm(1)");
	return tl_check_pass(ctx, "returned 10, no signal in %.1f s",
			     (double)ZERO_CANCELS_WAIT_NS / 1e9);
}

const struct tl_check tl_check_alarm_zero_cancels = {
	.name = "alarm.zero-cancels",
	.summary = "alarm(10) then alarm(0): returns 10, no signal",
	.run = zero_cancels_run,
};
