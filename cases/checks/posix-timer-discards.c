/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of a POSIX timer's signal made stale while pending: the timer
 * re-armed or deleted, the signal must not be delivered (group
 * posix-timer). Each run() observes, each judge decides (posix-timer.h).
 */
#include "posix-timer.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * posix-timer.rearm-discards and posix-timer.delete-discards, as the
 * kernel's selftest (check_rearm, check_delete) has them since 6.13: a
 * timer's signal pending and blocked, then the timer re-armed (10 s
 * ahead, so it cannot fire again here) or deleted, then the signal
 * unblocked with a handler: the pending signal belonged to an expiry that
 * no longer exists and must not be delivered. (6.13 and later may still
 * show it in sigpending; it is dropped when dequeued.) Before 6.13 the
 * stale signal was delivered.
 */
#define DISCARD_DELAY_NS TL_NS_PER_MS
/* the expiry is pending at its deadline; a few ms more is only so that
 * our own wakeup comes after it */
#define DISCARD_MARGIN_NS (5 * TL_NS_PER_MS)

enum tl_verdict posix_timer_judge_discards(struct tl_check_ctx *ctx,
					   const struct posix_timer_discard_seen *seen)
{
	if (seen->action_error)
		return tl_check_error(ctx, "%s: %s", seen->action,
				      strerrorname_np(seen->action_error));
	if (!seen->was_pending)
		return tl_check_error(ctx, "the timer's signal was not pending before %s",
				      seen->action);
	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGUSR1 from another sender arrived");
	if (seen->caught.signals)
		return tl_check_fail(
			ctx,
			"%d signal delivered after %s while it was pending, expected 0 (discarded)",
			seen->caught.signals, seen->action);
	if (seen->interval_ns)
		return tl_check_pass(
			ctx,
			"the signal pending at %s was discarded: 0 delivered, of a %.0f ms periodic timer %lld expirations behind",
			seen->action, (double)seen->interval_ns / 1e6,
			(long long)seen->owed);
	return tl_check_pass(ctx, "the signal pending at %s was discarded: 0 delivered",
			     seen->action);
}

/*
 * The timer armed absolute, one-shot 1 ms ahead or periodic from one
 * interval ahead, and left with its signal pending until pending_ns after
 * the arming; then the action, then the signal unblocked.
 */
static enum tl_verdict discard_run(struct tl_check_ctx *ctx, bool delete,
				   int64_t interval_ns, int64_t pending_ns)
{
	struct posix_timer_discard_seen seen = {
		.action = delete ? "timer_delete" : "timer_settime",
		.interval_ns = interval_ns,
	};
	struct itimerspec later = { .it_value = { 10, 0 } };
	int64_t armed_ns, first_ns;
	timer_t timer;
	int err;

	err = check_signal_catch_blocked(SIGUSR1, SI_TIMER, CHECK_SIGNAL_MAGIC, NULL);
	if (!err)
		err = check_timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1,
					 CHECK_SIGNAL_MAGIC, &timer);
	armed_ns = tl_now_ns(CLOCK_MONOTONIC);
	first_ns = armed_ns + (interval_ns ? interval_ns : DISCARD_DELAY_NS);
	if (!err)
		err = check_timer_arm_abs(timer, first_ns, interval_ns);
	if (err)
		return tl_check_error(ctx, "sigaction/timer_create/settime: %s",
				      strerrorname_np(-err));
	check_sleep_until(CLOCK_MONOTONIC, armed_ns + pending_ns);
	seen.was_pending = check_signal_pending(SIGUSR1);
	if (interval_ns)
		seen.owed = check_owed(first_ns, interval_ns, tl_now_ns(CLOCK_MONOTONIC));
	if ((delete ? timer_delete(timer) : timer_settime(timer, 0, &later, NULL)) < 0)
		seen.action_error = errno;
	check_signal_unblock(SIGUSR1); /* whatever is still pending is delivered here */
	check_signal_block(SIGUSR1);
	check_signal_caught(&seen.caught);
	return posix_timer_judge_discards(ctx, &seen);
}

static enum tl_verdict rearm_discards_run(struct tl_check_ctx *ctx)
{
	return discard_run(ctx, false, 0, DISCARD_DELAY_NS + DISCARD_MARGIN_NS);
}

static enum tl_verdict delete_discards_run(struct tl_check_ctx *ctx)
{
	return discard_run(ctx, true, 0, DISCARD_DELAY_NS + DISCARD_MARGIN_NS);
}

const struct tl_check tl_check_posix_timer_rearm_discards = {
	.name = "posix-timer.rearm-discards",
	.summary = "re-armed with timer_settime while its signal is pending: the pending signal is discarded (0 delivered)",
	.known_fail = {
		.until = "6.13",
		.why = "re-arming left the stale pending signal to be delivered, until the rework of pending timer signals in 6.13",
	},
	.run = rearm_discards_run,
};

const struct tl_check tl_check_posix_timer_delete_discards = {
	.name = "posix-timer.delete-discards",
	.summary = "timer_delete while its signal is pending: 0 delivered",
	.known_fail = {
		.until = "6.13",
		.why = "a deleted timer's pending signal was still delivered, until the rework of pending timer signals in 6.13",
	},
	.run = delete_discards_run,
};

/*
 * posix-timer.rearm-discards-periodic and .delete-discards-periodic, as the
 * selftest has them: the same for a 100 ms periodic timer left pending for
 * a second, so that 10 expirations are owed when it is re-armed or
 * deleted (a periodic timer whose signal is pending is not re-armed; the 9
 * it missed would become the overrun of that signal). The second is the
 * selftest's, for a timer well behind; the one-shot checks cover the path
 * without overruns.
 */
#define DISCARD_PERIODIC_INTERVAL_NS (100 * TL_NS_PER_MS)
#define DISCARD_PERIODIC_PENDING_NS TL_NS_PER_S

static enum tl_verdict rearm_discards_periodic_run(struct tl_check_ctx *ctx)
{
	return discard_run(ctx, false, DISCARD_PERIODIC_INTERVAL_NS,
			   DISCARD_PERIODIC_PENDING_NS);
}

static enum tl_verdict delete_discards_periodic_run(struct tl_check_ctx *ctx)
{
	return discard_run(ctx, true, DISCARD_PERIODIC_INTERVAL_NS,
			   DISCARD_PERIODIC_PENDING_NS);
}

const struct tl_check tl_check_posix_timer_rearm_discards_periodic = {
	.name = "posix-timer.rearm-discards-periodic",
	.summary = "100 ms periodic, its signal pending for 1 s, re-armed with timer_settime: the pending signal is discarded (0 delivered)",
	.known_fail = {
		.until = "6.13",
		.why = "re-arming left the stale pending signal to be delivered, until the rework of pending timer signals in 6.13",
	},
	.run = rearm_discards_periodic_run,
};

const struct tl_check tl_check_posix_timer_delete_discards_periodic = {
	.name = "posix-timer.delete-discards-periodic",
	.summary = "100 ms periodic, its signal pending for 1 s, timer_delete: 0 delivered",
	.known_fail = {
		.until = "6.13",
		.why = "a deleted timer's pending signal was still delivered, until the rework of pending timer signals in 6.13",
	},
	.run = delete_discards_periodic_run,
};
