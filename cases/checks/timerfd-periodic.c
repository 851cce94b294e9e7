/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of periodic timerfds (group timerfd): how many
 * expirations a read returns, and what timerfd_gettime says between them.
 *
 * A periodic timerfd is not re-armed by its interrupt: the interrupt counts
 * one tick, and the read (or timerfd_gettime) forwards the timer past the
 * kernel's now, adding every deadline skipped meanwhile. So a read returns
 * the deadlines owed at the instant the kernel reads its clock during the
 * call, and that instant lies between our clock reads right before and
 * right after the call. Every timer here is CLOCK_MONOTONIC and armed
 * absolute, so deadline k is exactly first + k x interval; a deadline that
 * falls between the two reads may or may not be counted: that is the +-1
 * "at the edge" the catalogue allows, and nothing more.
 */
#include "timerfd.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../../lib/time.h"

/* A periodic CLOCK_MONOTONIC timerfd with its first expiry at first_ns. */
static int periodic_open(int flags, int64_t first_ns, int64_t interval_ns)
{
	struct itimerspec spec = {
		.it_value = tl_timespec_from_ns(first_ns),
		.it_interval = tl_timespec_from_ns(interval_ns),
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | flags);

	if (fd >= 0 && timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* A read bracketed by clock reads; 0 or the errno. */
static int periodic_read(int fd, int64_t *before_ns, uint64_t *count, int64_t *after_ns)
{
	ssize_t got;

	*count = 0;
	*before_ns = tl_now_ns(CLOCK_MONOTONIC);
	got = read(fd, count, sizeof(*count));
	*after_ns = tl_now_ns(CLOCK_MONOTONIC);
	return got == sizeof(*count) ? 0 : got < 0 ? errno : EIO;
}

/* timerfd.periodic-count: 1 ms periodic, read once about 50 ms in. */
#define PERIODIC_INTERVAL_NS TL_NS_PER_MS
/* half an interval past a deadline, so that only a stall puts the read at
 * an edge */
#define PERIODIC_WAIT_NS (49 * TL_NS_PER_MS + TL_NS_PER_MS / 2)

enum tl_verdict timerfd_judge_periodic_count(struct tl_check_ctx *ctx,
					     const struct timerfd_periodic_seen *seen)
{
	int64_t low = check_owed(seen->first_ns, seen->interval_ns, seen->before_read_ns);
	int64_t high = check_owed(seen->first_ns, seen->interval_ns, seen->after_read_ns);
	double elapsed_ms = (double)(seen->before_read_ns - seen->first_ns) / 1e6;

	if (seen->read_err)
		return tl_check_fail(ctx, "read: %s", check_errno_name(seen->read_err));
	if ((int64_t)seen->count < low || (int64_t)seen->count > high)
		return tl_check_fail(
			ctx,
			"read %llu expirations %.3f ms after the first, %lld..%lld owed at %.1f ms intervals",
			(unsigned long long)seen->count, elapsed_ms, (long long)low,
			(long long)high, (double)seen->interval_ns / 1e6);
	return tl_check_pass(ctx,
			     "read %llu, %lld..%lld owed %.3f ms after the first expiry",
			     (unsigned long long)seen->count, (long long)low,
			     (long long)high, elapsed_ms);
}

static enum tl_verdict periodic_count_run(struct tl_check_ctx *ctx)
{
	struct timerfd_periodic_seen seen = { .interval_ns = PERIODIC_INTERVAL_NS };
	int fd;

	seen.first_ns = tl_now_ns(CLOCK_MONOTONIC) + PERIODIC_INTERVAL_NS;
	fd = periodic_open(0, seen.first_ns, PERIODIC_INTERVAL_NS);
	if (fd < 0)
		return tl_check_error(ctx, "timerfd_create/settime: %s",
				      strerrorname_np(errno));
	check_sleep_until(CLOCK_MONOTONIC, seen.first_ns + PERIODIC_WAIT_NS);
	seen.read_err =
		periodic_read(fd, &seen.before_read_ns, &seen.count, &seen.after_read_ns);
	close(fd);
	return timerfd_judge_periodic_count(ctx, &seen);
}

const struct tl_check tl_check_timerfd_periodic_count = {
	.name = "timerfd.periodic-count",
	.summary =
		"1 ms periodic, read after a measured ~50 ms: read == the expirations owed (+-1 at the edge)",
	.run = periodic_count_run,
};

/* timerfd.backlog: 1 ms periodic, first expiry 1 s before arming. */
#define BACKLOG_INTERVAL_NS TL_NS_PER_MS
#define BACKLOG_PAST_NS TL_NS_PER_S
#define BACKLOG_POLL_MS 1000

/*
 * The first read returns the whole backlog, counted when it runs. The
 * second read, right after, finds nothing new (EAGAIN) unless a deadline
 * passed between the two and its interrupt has run: then it returns the
 * deadlines since the first read, so that both reads together count what
 * was owed at the second. EAGAIN is always right: the interrupt of a
 * deadline just passed may not have run yet.
 */
enum tl_verdict timerfd_judge_backlog(struct tl_check_ctx *ctx,
				      const struct timerfd_backlog_seen *seen)
{
	int64_t first = seen->first_ns, interval = seen->interval_ns;
	int64_t low = check_owed(first, interval, seen->before_first_ns);
	int64_t high = check_owed(first, interval, seen->after_first_ns);
	int64_t total_low = check_owed(first, interval, seen->before_second_ns);
	int64_t total_high = check_owed(first, interval, seen->after_second_ns);
	int64_t total = (int64_t)(seen->first_count + seen->second_count);

	if (!seen->readable)
		return tl_check_fail(
			ctx, "not readable %d ms after arming %.0f ms in the past",
			BACKLOG_POLL_MS, (double)BACKLOG_PAST_NS / 1e6);
	if (seen->first_err)
		return tl_check_fail(ctx, "first read: %s",
				     check_errno_name(seen->first_err));
	if ((int64_t)seen->first_count < low || (int64_t)seen->first_count > high)
		return tl_check_fail(
			ctx,
			"first read %llu, %lld..%lld owed %.3f ms after the first expiry",
			(unsigned long long)seen->first_count, (long long)low,
			(long long)high, (double)(seen->before_first_ns - first) / 1e6);
	if (seen->second_err == EAGAIN)
		return tl_check_pass(ctx, "first read %llu, %lld..%lld owed; then EAGAIN",
				     (unsigned long long)seen->first_count,
				     (long long)low, (long long)high);
	if (seen->second_err)
		return tl_check_fail(ctx, "second read: %s, expected EAGAIN or a count",
				     check_errno_name(seen->second_err));
	if (seen->second_count == 0 || total < total_low || total > total_high)
		return tl_check_fail(
			ctx,
			"second read %llu right after a first of %llu: together %lld..%lld were owed",
			(unsigned long long)seen->second_count,
			(unsigned long long)seen->first_count, (long long)total_low,
			(long long)total_high);
	return tl_check_pass(
		ctx,
		"first read %llu, %lld..%lld owed; then %llu more, %lld..%lld owed in all",
		(unsigned long long)seen->first_count, (long long)low, (long long)high,
		(unsigned long long)seen->second_count, (long long)total_low,
		(long long)total_high);
}

static enum tl_verdict backlog_run(struct tl_check_ctx *ctx)
{
	struct timerfd_backlog_seen seen = { .interval_ns = BACKLOG_INTERVAL_NS };
	struct pollfd pollfd = { .events = POLLIN };

	seen.first_ns = tl_now_ns(CLOCK_MONOTONIC) - BACKLOG_PAST_NS;
	pollfd.fd = periodic_open(TFD_NONBLOCK, seen.first_ns, BACKLOG_INTERVAL_NS);
	if (pollfd.fd < 0)
		return tl_check_error(ctx, "timerfd_create/settime: %s",
				      strerrorname_np(errno));
	/* the expiry is handled by an interrupt just after arming: wait for it */
	seen.readable = poll(&pollfd, 1, BACKLOG_POLL_MS) == 1;
	if (seen.readable) {
		seen.first_err = periodic_read(pollfd.fd, &seen.before_first_ns,
					       &seen.first_count, &seen.after_first_ns);
		seen.second_err =
			periodic_read(pollfd.fd, &seen.before_second_ns,
				      &seen.second_count, &seen.after_second_ns);
	}
	close(pollfd.fd);
	return timerfd_judge_backlog(ctx, &seen);
}

const struct tl_check tl_check_timerfd_backlog = {
	.name = "timerfd.backlog",
	.summary =
		"1 ms periodic armed abs 1 s in the past: first read == expirations owed by the measured time; a read right after gives EAGAIN or those owed since",
	.run = backlog_run,
};

/* timerfd.gettime-relative: 50 ms periodic, first expiry 20 ms ahead;
 * timerfd_gettime at once, and 75 ms after the first expiry (between the
 * second and the third) without a read. */
#define GETTIME_INTERVAL_NS (50 * TL_NS_PER_MS)
#define GETTIME_FIRST_NS (20 * TL_NS_PER_MS)
#define GETTIME_LATER_NS (75 * TL_NS_PER_MS)

/*
 * it_value is the time from the kernel's now to the next expiry (a timer
 * past its first expiry is forwarded first), always relative: a timer
 * armed with TFD_TIMER_ABSTIME must not give its absolute time back.
 * timerfd arms its hrtimer without slack, so it_value is exactly the next
 * deadline minus an instant between our clock reads around the call: some
 * deadline lies in [before + it_value, after + it_value]. it_interval is
 * what was set, exactly.
 */
static enum tl_verdict gettime_judge_sample(struct tl_check_ctx *ctx,
					    const struct timerfd_gettime_seen *seen,
					    const struct timerfd_gettime_sample *sample)
{
	int64_t interval = seen->interval_ns, value = sample->value_ns;
	int64_t deadlines =
		check_owed(seen->first_ns, interval, sample->after_ns + value) -
		check_owed(seen->first_ns, interval, sample->before_ns + value - 1);

	if (sample->err)
		return tl_check_fail(ctx, "%s: timerfd_gettime: %s", sample->when,
				     check_errno_name(sample->err));
	if (sample->interval_ns != interval)
		return tl_check_fail(ctx, "%s: it_interval %lld ns, set %lld ns",
				     sample->when, (long long)sample->interval_ns,
				     (long long)interval);
	if (value <= 0 || value > interval)
		return tl_check_fail(
			ctx,
			"%s: it_value %.6f s, expected within the interval of %.3f ms",
			sample->when, (double)value / 1e9, (double)interval / 1e6);
	if (deadlines < 1)
		return tl_check_fail(
			ctx, "%s: it_value %.3f ms is not the time to the next expiry",
			sample->when, (double)value / 1e6);
	tl_check_diag(ctx, "%s: it_value %.3f ms, it_interval %.3f ms", sample->when,
		      (double)value / 1e6, (double)sample->interval_ns / 1e6);
	return TL_VERDICT_PASS;
}

enum tl_verdict timerfd_judge_gettime_relative(struct tl_check_ctx *ctx,
					       const struct timerfd_gettime_seen *seen)
{
	if (seen->count == 0)
		return tl_check_error(ctx, "timerfd_gettime was not called");
	for (size_t i = 0; i < seen->count; i++)
		if (gettime_judge_sample(ctx, seen, &seen->samples[i]) != TL_VERDICT_PASS)
			return TL_VERDICT_FAIL;
	return tl_check_pass(ctx, NULL);
}

static void gettime_sample(int fd, const char *when,
			   struct timerfd_gettime_sample *sample)
{
	struct itimerspec got = { 0 };
	int ret;

	sample->when = when;
	sample->before_ns = tl_now_ns(CLOCK_MONOTONIC);
	ret = timerfd_gettime(fd, &got);
	sample->after_ns = tl_now_ns(CLOCK_MONOTONIC);
	sample->err = ret < 0 ? errno : 0;
	sample->value_ns = tl_ns_from_timespec(&got.it_value);
	sample->interval_ns = tl_ns_from_timespec(&got.it_interval);
}

static enum tl_verdict gettime_relative_run(struct tl_check_ctx *ctx)
{
	struct timerfd_gettime_seen seen = { .interval_ns = GETTIME_INTERVAL_NS };
	int fd;

	seen.first_ns = tl_now_ns(CLOCK_MONOTONIC) + GETTIME_FIRST_NS;
	fd = periodic_open(0, seen.first_ns, GETTIME_INTERVAL_NS);
	if (fd < 0)
		return tl_check_error(ctx, "timerfd_create/settime: %s",
				      strerrorname_np(errno));
	gettime_sample(fd, "before the first expiry", &seen.samples[seen.count++]);
	check_sleep_until(CLOCK_MONOTONIC, seen.first_ns + GETTIME_LATER_NS);
	gettime_sample(fd, "two expiries later, unread", &seen.samples[seen.count++]);
	close(fd);
	return timerfd_judge_gettime_relative(ctx, &seen);
}

const struct tl_check tl_check_timerfd_gettime_relative = {
	.name = "timerfd.gettime-relative",
	.summary =
		"timerfd_gettime on a periodic timer armed abs: it_value <= interval (relative, to the next expiry), it_interval exact",
	.run = gettime_relative_run,
};
