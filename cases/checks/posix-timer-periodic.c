/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of periodic POSIX timers' expiries (group posix-timer): never
 * before their deadlines, and not grossly late. Each run() observes, each
 * judge decides (posix-timer.h).
 */
#include "posix-timer.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * The plan: 10 signals each of a 100 us and a 1.25 ms periodic timer
 * (one off the millisecond, so that rounding a deadline to it would
 * show), armed abs and rel: about 30 ms a clock, each signal taken with
 * SIGRTMIN blocked.
 */
static const int64_t periodic_intervals_ns[] = { 100 * TL_NS_PER_US,
						 1250 * TL_NS_PER_US };
#define PERIODIC_SIGNALS 10

/*
 * posix-timer.periodic-never-early.<clock>, as the kernel's selftest
 * (set-timer-lat, "timer fired early") has it for periodic timers. No
 * tolerance: the wake is read on the timer's clock after the signal was
 * taken, and every deadline the signal serves (its own and those its
 * overrun counts, all passed when the kernel forwarded the timer at the
 * take) is at or before it.
 */
enum tl_verdict
posix_timer_judge_periodic_never_early(struct tl_check_ctx *ctx,
				       const struct posix_timer_periodic_seen *seen)
{
	enum tl_verdict stepped =
		check_judge_clock_step(ctx, seen->clock, seen->stepped_ns);
	int64_t closest_ns = INT64_MAX;

	if (stepped != TL_VERDICT_PASS)
		return stepped;
	for (size_t i = 0; i < seen->count; i++) {
		const struct posix_timer_periodic_wake *wake = &seen->wakes[i];
		const char *arm = wake->absolute ? "abs" : "rel";
		double interval_us = (double)wake->interval_ns / 1e3;

		if (!wake->received)
			return tl_check_fail(
				ctx, "%s %s every %.0f us: no signal within %.0f s",
				seen->clock, arm, interval_us,
				(double)POSIX_TIMER_SIGNAL_WAIT_NS / 1e9);
		if (wake->si_code != SI_TIMER || !wake->named)
			return tl_check_fail(
				ctx,
				"%s %s every %.0f us: si_code %d, a signal not naming its timer",
				seen->clock, arm, interval_us, wake->si_code);
		if (wake->wake_ns < wake->latest_ns)
			return tl_check_fail(
				ctx,
				"%s %s every %.0f us: woke %lld ns before a deadline it served (overrun %d)",
				seen->clock, arm, interval_us,
				(long long)(wake->latest_ns - wake->wake_ns),
				wake->overrun);
		if (wake->wake_ns - wake->latest_ns < closest_ns)
			closest_ns = wake->wake_ns - wake->latest_ns;
	}
	if (seen->count == 0)
		return tl_check_error(ctx, "no signal taken");
	return tl_check_pass(
		ctx,
		"%s: %zu signals of periodic timers every 100 us and 1.25 ms, abs and rel, none before a deadline it served; the closest %lld ns after",
		seen->clock, seen->count, (long long)closest_ns);
}

/* The signals of one periodic timer into seen; 0 or -errno. */
static int periodic_observe_timer(clockid_t clock, int64_t interval_ns, bool absolute,
				  int value, struct posix_timer_periodic_seen *seen)
{
	struct itimerspec spec = { .it_value = tl_timespec_from_ns(interval_ns),
				   .it_interval = tl_timespec_from_ns(interval_ns) };
	int64_t first_ns, served = 0;
	timer_t timer;
	int err = check_timer_create(clock, SIGEV_SIGNAL, SIGRTMIN, value, &timer);

	if (err)
		return err;
	first_ns = tl_now_ns(clock) + interval_ns;
	if (absolute)
		spec.it_value = tl_timespec_from_ns(first_ns);
	if (timer_settime(timer, absolute ? TIMER_ABSTIME : 0, &spec, NULL) < 0) {
		err = -errno;
		timer_delete(timer);
		return err;
	}
	for (int k = 0; k < PERIODIC_SIGNALS; k++) {
		struct posix_timer_periodic_wake *wake = &seen->wakes[seen->count++];
		siginfo_t info;
		int taken = check_signal_take(SIGRTMIN, POSIX_TIMER_SIGNAL_WAIT_NS, &info,
					      NULL, NULL);

		wake->wake_ns = tl_now_ns(clock);
		wake->interval_ns = interval_ns;
		wake->absolute = absolute;
		wake->received = taken == 1;
		if (taken <= 0) {
			err = taken; /* 0: none came, which the judge sees */
			break;
		}
		wake->si_code = info.si_code;
		wake->named = info.si_value.sival_int == value;
		wake->overrun = info.si_overrun;
		wake->oldest_ns = first_ns + served * interval_ns;
		wake->latest_ns = wake->oldest_ns + wake->overrun * interval_ns;
		served += 1 + wake->overrun;
	}
	timer_delete(timer);
	/* what the timer left pending must not reach the next */
	while (check_signal_take(SIGRTMIN, 0, NULL, NULL, NULL) == 1)
		;
	return err;
}

/* Every timer of the plan on clock; 0, -EINVAL when the clock takes no
 * timers, or -errno. */
static int periodic_observe(clockid_t clock, struct posix_timer_periodic_seen *seen)
{
	size_t intervals =
		sizeof(periodic_intervals_ns) / sizeof(periodic_intervals_ns[0]);
	int64_t offset_ns = check_clock_offset_ns(clock);
	int err = check_signal_block(SIGRTMIN);

	memset(seen, 0, sizeof(*seen));
	seen->clock = check_clock_name(clock);
	for (size_t i = 0; i < 2 * intervals && !err; i++)
		err = periodic_observe_timer(clock, periodic_intervals_ns[i % intervals],
					     i < intervals, CHECK_SIGNAL_MAGIC + (int)i,
					     seen);
	seen->stepped_ns = check_clock_offset_ns(clock) - offset_ns;
	return err;
}

static enum tl_verdict periodic_never_early_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	struct posix_timer_periodic_seen seen;
	int err = periodic_observe(clock, &seen);

	if (err == -EINVAL && seen.count == 0)
		return tl_check_skip(ctx, "no POSIX timers on %s: EINVAL", seen.clock);
	if (err)
		return tl_check_error(ctx, "%s timer: %s", seen.clock,
				      strerrorname_np(-err));
	return posix_timer_judge_periodic_never_early(ctx, &seen);
}

TL_CHECK_ON_CLOCK(periodic_never_early, realtime, CLOCK_REALTIME)
TL_CHECK_ON_CLOCK(periodic_never_early, monotonic, CLOCK_MONOTONIC)
TL_CHECK_ON_CLOCK(periodic_never_early, boottime, CLOCK_BOOTTIME)
TL_CHECK_ON_CLOCK(periodic_never_early, tai, CLOCK_TAI)

#define PERIODIC_NEVER_EARLY_CHECK(clock)                                                                    \
	{                                                                                                    \
		.name = "posix-timer.periodic-never-early." #clock,                                          \
		.summary =                                                                                   \
			"periodic timers every 100 us and 1.25 ms, abs and rel, 10 signals each, on " #clock \
			": none before a deadline it served",                                                \
		.run = periodic_never_early_##clock,                                                         \
	}

const struct tl_check tl_check_posix_timer_periodic_never_early_realtime =
	PERIODIC_NEVER_EARLY_CHECK(realtime);
const struct tl_check tl_check_posix_timer_periodic_never_early_monotonic =
	PERIODIC_NEVER_EARLY_CHECK(monotonic);
const struct tl_check tl_check_posix_timer_periodic_never_early_boottime =
	PERIODIC_NEVER_EARLY_CHECK(boottime);
const struct tl_check tl_check_posix_timer_periodic_never_early_tai =
	PERIODIC_NEVER_EARLY_CHECK(tai);

/*
 * posix-timer.latency-sanity, set-timer-lat's 40 ms bound: the same
 * periodic timers on realtime, monotonic, boottime and tai, each signal
 * late by its wake less the oldest deadline it served, one group a clock
 * (check_judge_lateness).
 */
static const clockid_t latency_clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
					    CLOCK_BOOTTIME, CLOCK_TAI };

void posix_timer_periodic_lateness(const struct posix_timer_periodic_seen *seen,
				   struct check_lateness *group)
{
	group->what = seen->clock;
	for (size_t i = 0; i < seen->count; i++)
		if (seen->wakes[i].received)
			check_lateness_add(group, seen->wakes[i].oldest_ns,
					   seen->wakes[i].wake_ns);
}

static enum tl_verdict latency_sanity_run(struct tl_check_ctx *ctx)
{
	size_t clocks = sizeof(latency_clocks) / sizeof(latency_clocks[0]);
	struct check_lateness_seen lateness = { 0 };
	struct posix_timer_periodic_seen seen;

	do {
		int attempts = lateness.attempts + 1;

		memset(&lateness, 0, sizeof(lateness));
		lateness.attempts = attempts;
		for (size_t c = 0; c < clocks; c++) {
			int err = periodic_observe(latency_clocks[c], &seen);

			if (err)
				return tl_check_error(ctx, "%s timer: %s", seen.clock,
						      strerrorname_np(-err));
			posix_timer_periodic_lateness(&seen,
						      &lateness.groups[lateness.count++]);
		}
	} while (check_lateness_gross(&lateness) &&
		 lateness.attempts < CHECK_LATENESS_ATTEMPTS);
	return check_judge_lateness(ctx, &lateness, "timer signals");
}

const struct tl_check tl_check_posix_timer_latency_sanity = {
	.name = "posix-timer.latency-sanity",
	.summary =
		"periodic timers on realtime, monotonic, boottime, tai: no clock's signals more than 40 ms late on average (gross breakage only)",
	.run = latency_sanity_run,
};
