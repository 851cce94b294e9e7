/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks of clock_nanosleep(2) (CHECKS.md, group clock-nanosleep). */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../lib/time.h"
#include "check.h"

/* "All clocks" for clock_nanosleep, as CHECKS.md defines them. */
static const clockid_t nanosleep_check_clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
						    CLOCK_BOOTTIME, CLOCK_TAI };
#define NANOSLEEP_CHECK_CLOCK_COUNT                                                      \
	(sizeof(nanosleep_check_clocks) / sizeof(nanosleep_check_clocks[0]))

/*
 * A call that does not wait returns within microseconds, but one try on a
 * loaded shared machine can be preempted for many milliseconds. So each
 * target is tried a few times and the fastest try judged: it must be under
 * 10 ms. A kernel that waited for anything (the 1 s the target lies in the
 * past, a reading of the target as a delay) is far slower or never returns,
 * which the runner's timeout reports.
 */
#define ABS_PAST_TRIES 5
#define ABS_PAST_AT_ONCE_NS (10 * TL_NS_PER_MS)

/* The fastest of the tries in *fastest_ns; 0 or the error the call gave. */
static int abs_past_sleep(clockid_t clock, const struct timespec *target,
			  int64_t *fastest_ns)
{
	*fastest_ns = INT64_MAX;
	for (int i = 0; i < ABS_PAST_TRIES; i++) {
		int64_t start = tl_now_ns(CLOCK_MONOTONIC);
		int err = clock_nanosleep(clock, TIMER_ABSTIME, target, NULL);
		int64_t took = tl_now_ns(CLOCK_MONOTONIC) - start;

		if (err)
			return err;
		if (took < *fastest_ns)
			*fastest_ns = took;
	}
	return 0;
}

static enum tl_verdict abs_past_run(struct tl_check_ctx *ctx)
{
	for (size_t c = 0; c < NANOSLEEP_CHECK_CLOCK_COUNT; c++) {
		clockid_t clock = nanosleep_check_clocks[c];
		/* a second ago, and the clock's zero (long past on every clock) */
		struct timespec targets[2] = {
			tl_timespec_from_ns(tl_now_ns(clock) - TL_NS_PER_S),
			{ 0, 0 },
		};
		static const char *const target_names[2] = { "1 s ago", "time 0" };

		for (int t = 0; t < 2; t++) {
			int64_t fastest_ns;
			int err = abs_past_sleep(clock, &targets[t], &fastest_ns);

			if (err)
				return tl_check_fail(ctx, "%s, target %s: returned %s",
						     tl_clock_name(clock),
						     target_names[t],
						     strerrorname_np(err));
			if (fastest_ns >= ABS_PAST_AT_ONCE_NS)
				return tl_check_fail(
					ctx,
					"%s, target %s: the fastest of %d tries "
					"took %.3f ms, not at once",
					tl_clock_name(clock), target_names[t],
					ABS_PAST_TRIES, (double)fastest_ns / 1e6);
			tl_check_diag(ctx, "%s, target %s: returned 0 in %.1f us",
				      tl_clock_name(clock), target_names[t],
				      (double)fastest_ns / 1e3);
		}
	}
	return tl_check_pass(ctx, NULL);
}

const struct tl_check tl_check_clock_nanosleep_abs_past = {
	.name = "clock-nanosleep.abs-past",
	.summary = "TIMER_ABSTIME target already past, every clock: returns 0 at once",
	.run = abs_past_run,
};
