/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks of timerfd_create/timerfd_settime (CHECKS.md, group timerfd). */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../lib/time.h"
#include "check.h"

/* The clocks timerfd_create takes without CAP_WAKE_ALARM. */
static const clockid_t timerfd_check_clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
						  CLOCK_BOOTTIME };
#define TIMERFD_CHECK_CLOCK_COUNT                                                        \
	(sizeof(timerfd_check_clocks) / sizeof(timerfd_check_clocks[0]))

/*
 * "At once", as for clock-nanosleep.abs-past: a timer armed in the past
 * fires from the interrupt its arming raises, microseconds later. The
 * fastest of a few tries must be readable within 10 ms (one try on a loaded
 * machine can be preempted for longer); a timer that waited for its value
 * read as a delay, or never fired, is far slower: poll gives up after 1 s.
 */
#define ABS_PAST_TRIES 5
#define ABS_PAST_AT_ONCE_NS (10 * TL_NS_PER_MS)
#define ABS_PAST_POLL_MS 1000

__attribute__((format(printf, 3, 4))) static int abs_past_why(char *why, size_t size,
							      const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(why, size, format, args);
	va_end(args);
	return -1;
}

/* One try: arm at target, wait until readable, read. 0 with the time it took
 * to become readable, or -1 with the failure described in why. */
static int abs_past_try(int fd, const struct timespec *target, int64_t *took_ns,
			char *why, size_t why_size)
{
	struct itimerspec spec = { .it_value = *target };
	struct pollfd pollfd = { .fd = fd, .events = POLLIN };
	uint64_t count = 0;
	int64_t start = tl_now_ns(CLOCK_MONOTONIC);

	if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL) < 0)
		return abs_past_why(why, why_size, "timerfd_settime: %s",
				    strerrorname_np(errno));
	if (poll(&pollfd, 1, ABS_PAST_POLL_MS) != 1)
		return abs_past_why(why, why_size, "not readable %d ms after arming",
				    ABS_PAST_POLL_MS);
	*took_ns = tl_now_ns(CLOCK_MONOTONIC) - start;
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		return abs_past_why(why, why_size, "read: %s", strerrorname_np(errno));
	if (count != 1)
		return abs_past_why(why, why_size,
				    "read gave %llu expirations, expected 1",
				    (unsigned long long)count);
	/* one-shot: nothing more to read */
	if (read(fd, &count, sizeof(count)) >= 0 || errno != EAGAIN)
		return abs_past_why(why, why_size, "a second read did not give EAGAIN");
	return 0;
}

static enum tl_verdict abs_past_clock(struct tl_check_ctx *ctx, clockid_t clock)
{
	/* a second ago, and 1 ns after the clock's zero (0 would disarm) */
	struct timespec targets[2] = {
		tl_timespec_from_ns(tl_now_ns(clock) - TL_NS_PER_S),
		{ 0, 1 },
	};
	static const char *const target_names[2] = { "1 s ago", "time 1 ns" };
	char why[TL_CHECK_REASON_MAX / 2];
	int fd = timerfd_create(clock, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return tl_check_error(ctx, "timerfd_create(%s): %s", tl_clock_name(clock),
				      strerrorname_np(errno));
	for (int t = 0; t < 2; t++) {
		int64_t fastest_ns = INT64_MAX, took_ns = 0;

		for (int i = 0; i < ABS_PAST_TRIES; i++) {
			if (abs_past_try(fd, &targets[t], &took_ns, why, sizeof(why)))
				return tl_check_fail(ctx, "%s, target %s: %s",
						     tl_clock_name(clock),
						     target_names[t], why);
			if (took_ns < fastest_ns)
				fastest_ns = took_ns;
		}
		if (fastest_ns >= ABS_PAST_AT_ONCE_NS)
			return tl_check_fail(
				ctx,
				"%s, target %s: the fastest of %d tries fired "
				"after %.3f ms, not at once",
				tl_clock_name(clock), target_names[t], ABS_PAST_TRIES,
				(double)fastest_ns / 1e6);
		tl_check_diag(ctx, "%s, target %s: fired in %.1f us, read 1",
			      tl_clock_name(clock), target_names[t],
			      (double)fastest_ns / 1e3);
	}
	close(fd);
	return TL_VERDICT_PASS;
}

static enum tl_verdict abs_past_run(struct tl_check_ctx *ctx)
{
	for (size_t c = 0; c < TIMERFD_CHECK_CLOCK_COUNT; c++) {
		enum tl_verdict verdict = abs_past_clock(ctx, timerfd_check_clocks[c]);

		if (verdict != TL_VERDICT_PASS)
			return verdict;
	}
	return tl_check_pass(ctx, NULL);
}

const struct tl_check tl_check_timerfd_abs_past = {
	.name = "timerfd.abs-past",
	.summary =
		"TFD_TIMER_ABSTIME at a past time, every clock: fires at once, read == 1",
	.run = abs_past_run,
};

/* read on a TFD_NONBLOCK timerfd that has not expired: -1, EAGAIN, at once. */
static enum tl_verdict nonblock_read(struct tl_check_ctx *ctx, int fd, const char *state)
{
	uint64_t count = 0;
	ssize_t got = read(fd, &count, sizeof(count));

	if (got >= 0)
		return tl_check_fail(
			ctx, "%s: read returned %zd (count %llu), expected EAGAIN", state,
			got, (unsigned long long)count);
	if (errno != EAGAIN)
		return tl_check_fail(ctx, "%s: read failed with %s, expected EAGAIN",
				     state, strerrorname_np(errno));
	tl_check_diag(ctx, "%s: EAGAIN", state);
	return TL_VERDICT_PASS;
}

static enum tl_verdict nonblock_run(struct tl_check_ctx *ctx)
{
	/* 10 s: far beyond the microseconds between arming and reading, so the
	 * timer cannot have expired even on a machine that stalls us */
	struct itimerspec spec = { .it_value = { 10, 0 } };
	enum tl_verdict verdict;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return tl_check_error(ctx, "timerfd_create: %s", strerrorname_np(errno));
	verdict = nonblock_read(ctx, fd, "never armed");
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	if (timerfd_settime(fd, 0, &spec, NULL) < 0)
		return tl_check_error(ctx, "timerfd_settime: %s", strerrorname_np(errno));
	verdict = nonblock_read(ctx, fd, "armed 10 s ahead");
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	close(fd);
	return tl_check_pass(ctx, NULL);
}

const struct tl_check tl_check_timerfd_nonblock = {
	.name = "timerfd.nonblock",
	.summary = "TFD_NONBLOCK read before expiry (never armed, armed ahead): EAGAIN",
	.run = nonblock_run,
};
