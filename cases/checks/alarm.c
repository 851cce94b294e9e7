/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of alarm(2) (group alarm). Each run() observes, each
 * judge decides (alarm.h). alarm() is ITIMER_REAL in whole seconds:
 * its SIGALRM comes from the kernel (si_code SI_KERNEL) and getitimer sees
 * what is left of it.
 */
#include "alarm.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "check-helpers.h"

int64_t alarm_rounded(int64_t remaining_ns)
{
	int64_t seconds = remaining_ns / TL_NS_PER_S;
	int64_t rest_us = remaining_ns % TL_NS_PER_S / TL_NS_PER_US;

	if ((seconds == 0 && rest_us > 0) || rest_us >= 500000)
		seconds++;
	return seconds;
}

static int64_t alarm_left_ns(void)
{
	struct itimerval left;

	if (getitimer(ITIMER_REAL, &left) < 0)
		return -1;
	return tl_ns_from_timeval(&left.it_value);
}

/*
 * alarm.returns-remaining: alarm(10), then 1 s later alarm(1), which
 * returns what was left, rounded: 9, or less by whatever the measured time
 * between the calls says. Then exactly one SIGALRM about 1 s later: never
 * before the second has passed, and pending before a wait of 1.5 s ends (a
 * correct kernel has it pending at 1 s; the half second more is only how
 * long we wait before calling it lost), with nothing left armed after it,
 * so no other can follow: the alarm(10) was replaced, not added to.
 */
#define RETURNS_FIRST_S 10
#define RETURNS_AFTER_NS TL_NS_PER_S
#define RETURNS_SECOND_S 1
#define RETURNS_WAIT_NS (1500 * TL_NS_PER_MS)

enum tl_verdict
alarm_judge_returns_remaining(struct tl_check_ctx *ctx,
			      const struct alarm_returns_remaining_seen *seen)
{
	int64_t first_ns = RETURNS_FIRST_S * TL_NS_PER_S;
	int64_t low = alarm_rounded(first_ns - seen->elapsed_high_ns);
	int64_t high = alarm_rounded(first_ns - seen->elapsed_low_ns);
	int64_t late_ns = seen->wake_ns - (seen->set_ns + RETURNS_SECOND_S * TL_NS_PER_S);

	if (seen->first)
		return tl_check_error(ctx, "an alarm was already set (%u s left)",
				      seen->first);
	if (seen->returned < low || seen->returned > high)
		return tl_check_fail(
			ctx,
			"alarm(%d) %.3f s after alarm(%d) returned %u, expected %lld..%lld",
			RETURNS_SECOND_S, (double)seen->elapsed_low_ns / 1e9,
			RETURNS_FIRST_S, seen->returned, (long long)low, (long long)high);
	if (!seen->received)
		return tl_check_fail(ctx, "no SIGALRM within %.1f s of alarm(%d)",
				     (double)seen->wait_ns / 1e9, RETURNS_SECOND_S);
	if (seen->si_code != SI_KERNEL)
		return tl_check_error(ctx, "a SIGALRM from another sender (si_code %d)",
				      seen->si_code);
	if (late_ns < 0)
		return tl_check_fail(
			ctx, "SIGALRM %.3f ms before the second of alarm(%d) had passed",
			(double)-late_ns / 1e6, RETURNS_SECOND_S);
	if (seen->left_ns != 0 || seen->pending)
		return tl_check_fail(
			ctx, "after the SIGALRM, %s",
			seen->pending
				? "another SIGALRM is pending"
				: "ITIMER_REAL is still armed: the alarm was added, not replaced");
	return tl_check_pass(
		ctx,
		"alarm(%d) returned %u after %.3f s; one SIGALRM %.3f s after alarm(%d), nothing left armed",
		RETURNS_SECOND_S, seen->returned, (double)seen->elapsed_low_ns / 1e9,
		(double)(seen->wake_ns - seen->set_ns) / 1e9, RETURNS_SECOND_S);
}

static enum tl_verdict returns_remaining_run(struct tl_check_ctx *ctx)
{
	struct alarm_returns_remaining_seen seen = { .wait_ns = RETURNS_WAIT_NS };
	int64_t before_first_ns, after_first_ns, after_second_ns;
	siginfo_t info = { 0 };
	int err;

	err = check_signal_block(SIGALRM);
	if (err)
		return tl_check_error(ctx, "sigprocmask: %s", strerrorname_np(-err));
	before_first_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen.first = alarm(RETURNS_FIRST_S);
	after_first_ns = tl_now_ns(CLOCK_MONOTONIC);
	check_sleep_until(CLOCK_MONOTONIC, before_first_ns + RETURNS_AFTER_NS);
	seen.set_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen.returned = alarm(RETURNS_SECOND_S);
	after_second_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen.elapsed_low_ns = seen.set_ns - after_first_ns;
	seen.elapsed_high_ns = after_second_ns - before_first_ns;
	err = check_signal_take(SIGALRM, seen.set_ns + RETURNS_WAIT_NS - after_second_ns,
				&info, NULL, &seen.wake_ns);
	if (err < 0)
		return tl_check_error(ctx, "sigtimedwait: %s", strerrorname_np(-err));
	seen.received = err == 1;
	seen.si_code = info.si_code;
	seen.left_ns = alarm_left_ns();
	seen.pending = check_signal_pending(SIGALRM);
	return alarm_judge_returns_remaining(ctx, &seen);
}

const struct tl_check tl_check_alarm_returns_remaining = {
	.name = "alarm.returns-remaining",
	.summary =
		"alarm(10), 1 s later alarm(1): returns 9, exactly one SIGALRM about 1 s later",
	.run = returns_remaining_run,
};

/*
 * alarm.zero-cancels: alarm(10), alarm(0) returns 10 and leaves nothing
 * armed; then alarm(1), alarm(0), and a wait of 1.5 s with a handler
 * installed: no SIGALRM. The cancelled alarm would have fired after 1 s;
 * the half second more lets a signal the kernel did send reach our handler
 * even on a loaded machine, since a pending unblocked signal is delivered
 * as soon as we run.
 */
#define ZERO_CANCELS_WAIT_NS (1500 * TL_NS_PER_MS)

enum tl_verdict alarm_judge_zero_cancels(struct tl_check_ctx *ctx,
					 const struct alarm_zero_cancels_seen *seen)
{
	/* 10 right after setting it; only a stall of half a second or more
	 * between the two calls (measured) may lower what is left */
	int64_t low = alarm_rounded(10 * TL_NS_PER_S - seen->between_ns);
	int signals = seen->caught.signals + seen->pending;

	if (seen->first)
		return tl_check_error(ctx, "an alarm was already set (%u s left)",
				      seen->first);
	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGALRM from another sender arrived");
	if (seen->returned < low || seen->returned > 10)
		return tl_check_fail(
			ctx, "alarm(0) after alarm(10) returned %u, expected %lld..10",
			seen->returned, (long long)low);
	if (seen->again != 0)
		return tl_check_fail(ctx,
				     "a second alarm(0) found an alarm still set (%u s)",
				     seen->again);
	if (seen->left_ns != 0)
		return tl_check_fail(ctx,
				     "ITIMER_REAL still armed after alarm(0): %lld ns",
				     (long long)seen->left_ns);
	/* only a stall of a whole second between alarm(1) and alarm(0) lets
	 * the alarm fire before it is cancelled */
	if (signals && seen->cancel_gap_ns >= TL_NS_PER_S)
		return tl_check_error(ctx, "stalled %.3f s between alarm(1) and alarm(0)",
				      (double)seen->cancel_gap_ns / 1e9);
	if (signals)
		return tl_check_fail(
			ctx, "%d SIGALRM in %.1f s after alarm(0) cancelled alarm(1)",
			signals, (double)seen->waited_ns / 1e9);
	return tl_check_pass(ctx, "returned %u, nothing left armed, no signal in %.1f s",
			     seen->returned, (double)seen->waited_ns / 1e9);
}

static enum tl_verdict zero_cancels_run(struct tl_check_ctx *ctx)
{
	struct alarm_zero_cancels_seen seen = { 0 };
	int64_t start_ns;
	int err;

	err = check_signal_catch(SIGALRM, SI_KERNEL, 0);
	if (!err)
		err = check_signal_unblock(SIGALRM);
	if (err)
		return tl_check_error(ctx, "sigaction/sigprocmask: %s",
				      strerrorname_np(-err));
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen.first = alarm(10);
	seen.returned = alarm(0);
	seen.between_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	seen.again = alarm(0);
	seen.left_ns = alarm_left_ns();
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	alarm(1);
	alarm(0);
	seen.cancel_gap_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	check_sleep_until(CLOCK_MONOTONIC, start_ns + ZERO_CANCELS_WAIT_NS);
	check_signal_block(SIGALRM);
	seen.waited_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	check_signal_caught(&seen.caught);
	seen.pending = check_signal_pending(SIGALRM);
	return alarm_judge_zero_cancels(ctx, &seen);
}

const struct tl_check tl_check_alarm_zero_cancels = {
	.name = "alarm.zero-cancels",
	.summary = "alarm(10) then alarm(0): returns 10, no signal",
	.run = zero_cancels_run,
};

/*
 * alarm.not-inherited: alarm(10) in the parent, then fork: the child's
 * alarm(0) returns 0 (fork clears the child's ITIMER_REAL), while the
 * parent's alarm(0) after the child has ended still finds its own.
 */
enum tl_verdict alarm_judge_not_inherited(struct tl_check_ctx *ctx,
					  const struct alarm_not_inherited_seen *seen)
{
	/* as in zero-cancels: only a measured stall lowers what is left */
	int64_t low = alarm_rounded(10 * TL_NS_PER_S - seen->parent_between_ns);

	if (seen->first)
		return tl_check_error(ctx, "an alarm was already set (%u s left)",
				      seen->first);
	if (seen->parent_returned < low || seen->parent_returned > 10)
		return tl_check_error(
			ctx,
			"the parent's own alarm(0) returned %u, expected %lld..10: the check proves nothing",
			seen->parent_returned, (long long)low);
	if (seen->child_returned)
		return tl_check_fail(
			ctx,
			"the child's alarm(0) returned %u: it inherited the parent's alarm",
			seen->child_returned);
	return tl_check_pass(ctx, "the child's alarm(0) returned 0, the parent's %u",
			     seen->parent_returned);
}

static void not_inherited_child(void *arg, void *answer)
{
	(void)arg;
	*(unsigned *)answer = alarm(0);
}

static enum tl_verdict not_inherited_run(struct tl_check_ctx *ctx)
{
	struct alarm_not_inherited_seen seen = { 0 };
	int64_t start_ns;
	int err;

	/* should the alarm fire all the same, it must not end the check */
	err = check_signal_block(SIGALRM);
	if (err)
		return tl_check_error(ctx, "sigprocmask: %s", strerrorname_np(-err));
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen.first = alarm(10);
	err = check_in_child(not_inherited_child, NULL, &seen.child_returned,
			     sizeof(seen.child_returned));
	seen.parent_returned = alarm(0);
	seen.parent_between_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	if (err)
		return tl_check_error(ctx, "fork: %s", strerrorname_np(-err));
	return alarm_judge_not_inherited(ctx, &seen);
}

const struct tl_check tl_check_alarm_not_inherited = {
	.name = "alarm.not-inherited",
	.summary = "alarm set, then fork: the child's alarm(0) returns 0",
	.run = not_inherited_run,
};
