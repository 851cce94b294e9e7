/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of timerfd_create/timerfd_settime (group timerfd): the
 * one-shot timer and the API. Each check observes into a struct of
 * timerfd.h and a judge there, free of system calls, decides.
 */
#include "timerfd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../../lib/time.h"

/* The clocks timerfd_create takes without CAP_WAKE_ALARM. */
static const clockid_t timerfd_check_clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
						  CLOCK_BOOTTIME };
#define TIMERFD_CHECK_CLOCK_COUNT                                                        \
	(sizeof(timerfd_check_clocks) / sizeof(timerfd_check_clocks[0]))

/* Nothing to say but the errno of a call that succeeded: "0". */
static const char *timerfd_errno(int err)
{
	return err ? check_errno_name(err) : "0";
}

/* timerfd.never-early.<clock> */

static int never_early_wait(void *arg, bool absolute, const struct timespec *value,
			    uint64_t *count)
{
	const int *fd = arg;
	struct itimerspec spec = { .it_value = *value };

	if (timerfd_settime(*fd, absolute ? TFD_TIMER_ABSTIME : 0, &spec, NULL) < 0)
		return errno;
	/* blocking: the read is the wait */
	if (read(*fd, count, sizeof(*count)) != sizeof(*count))
		return errno;
	return 0;
}

enum tl_verdict timerfd_judge_never_early(struct tl_check_ctx *ctx,
					  const struct check_sweep *seen)
{
	return check_sweep_judge(ctx, seen, "timerfd read");
}

static enum tl_verdict never_early_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	struct check_sweep seen;
	int fd = timerfd_create(clock, TFD_CLOEXEC);

	if (fd < 0)
		return tl_check_error(ctx, "timerfd_create(%s): %s",
				      check_clock_name(clock), strerrorname_np(errno));
	check_sweep_run(&seen, clock, never_early_wait, &fd);
	close(fd);
	return timerfd_judge_never_early(ctx, &seen);
}

TL_CHECK_ON_CLOCK(never_early, realtime, CLOCK_REALTIME)
TL_CHECK_ON_CLOCK(never_early, monotonic, CLOCK_MONOTONIC)
TL_CHECK_ON_CLOCK(never_early, boottime, CLOCK_BOOTTIME)

#define NEVER_EARLY_CHECK(clock, clock_id)                                               \
	{                                                                                \
		.name = "timerfd.never-early." #clock,                                   \
		.summary =                                                               \
			"one-shot abs and rel timers from 10 ns to 100 ms on " #clock_id \
			": read returns 1, wake >= deadline",                            \
		.run = never_early_##clock,                                              \
	}

const struct tl_check tl_check_timerfd_never_early_realtime =
	NEVER_EARLY_CHECK(realtime, CLOCK_REALTIME);
const struct tl_check tl_check_timerfd_never_early_monotonic =
	NEVER_EARLY_CHECK(monotonic, CLOCK_MONOTONIC);
const struct tl_check tl_check_timerfd_never_early_boottime =
	NEVER_EARLY_CHECK(boottime, CLOCK_BOOTTIME);

/* timerfd.abs-past */

/*
 * "At once", as for clock-nanosleep.abs-past: a timer armed in the past
 * fires from the interrupt its arming raises, microseconds later. The
 * fastest of a few tries must be readable within 10 ms (one try on a loaded
 * machine can be preempted for longer); a timer that waited for its value
 * read as a delay, or never fired, is far slower: poll gives up after 1 s.
 */
static enum tl_verdict abs_past_judge_try(struct tl_check_ctx *ctx, const char *where,
					  const struct timerfd_abs_past_try *one)
{
	if (one->settime_err)
		return tl_check_fail(ctx, "%s: timerfd_settime: %s", where,
				     check_errno_name(one->settime_err));
	if (!one->readable)
		return tl_check_fail(ctx, "%s: not readable %d ms after arming", where,
				     TIMERFD_ABS_PAST_POLL_MS);
	if (one->read_err)
		return tl_check_fail(ctx, "%s: read: %s", where,
				     check_errno_name(one->read_err));
	if (one->count != 1)
		return tl_check_fail(ctx, "%s: read gave %llu expirations, expected 1",
				     where, (unsigned long long)one->count);
	/* one-shot: nothing more to read */
	if (one->again_err != EAGAIN)
		return tl_check_fail(ctx, "%s: a second read gave %s, expected EAGAIN",
				     where, timerfd_errno(one->again_err));
	return TL_VERDICT_PASS;
}

enum tl_verdict timerfd_judge_abs_past(struct tl_check_ctx *ctx,
				       const struct timerfd_abs_past_seen *seen,
				       size_t count)
{
	char where[96];

	for (size_t i = 0; i < count; i++) {
		int64_t fastest_ns = INT64_MAX;

		snprintf(where, sizeof(where), "%s, target %s",
			 check_clock_name(seen[i].clock), seen[i].target);
		if (seen[i].create_err)
			return tl_check_error(ctx, "%s: timerfd_create: %s", where,
					      check_errno_name(seen[i].create_err));
		if (seen[i].tries == 0)
			return tl_check_error(ctx, "%s: no try was made", where);
		for (size_t t = 0; t < seen[i].tries; t++) {
			if (abs_past_judge_try(ctx, where, &seen[i].try[t]) !=
			    TL_VERDICT_PASS)
				return TL_VERDICT_FAIL;
			if (seen[i].try[t].took_ns < fastest_ns)
				fastest_ns = seen[i].try[t].took_ns;
		}
		if (fastest_ns >= TIMERFD_ABS_PAST_AT_ONCE_NS)
			return tl_check_fail(
				ctx,
				"%s: the fastest of %zu tries fired after %.3f ms, not at once",
				where, seen[i].tries, (double)fastest_ns / 1e6);
		tl_check_diag(ctx, "%s: fired in %.1f us, read 1", where,
			      (double)fastest_ns / 1e3);
	}
	return tl_check_pass(ctx, NULL);
}

/* One try: arm at target, wait until readable, read twice. */
static void abs_past_try(int fd, const struct timespec *target,
			 struct timerfd_abs_past_try *one)
{
	struct itimerspec spec = { .it_value = *target };
	struct pollfd pollfd = { .fd = fd, .events = POLLIN };
	int64_t start = tl_now_ns(CLOCK_MONOTONIC);
	uint64_t again;

	memset(one, 0, sizeof(*one));
	if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL) < 0) {
		one->settime_err = errno;
		return;
	}
	one->readable = poll(&pollfd, 1, TIMERFD_ABS_PAST_POLL_MS) == 1;
	one->took_ns = tl_now_ns(CLOCK_MONOTONIC) - start;
	if (!one->readable)
		return;
	if (read(fd, &one->count, sizeof(one->count)) != sizeof(one->count)) {
		one->read_err = errno;
		return;
	}
	one->again_err = read(fd, &again, sizeof(again)) < 0 ? errno : 0;
}

static void abs_past_observe(clockid_t clock, const struct timespec *target,
			     struct timerfd_abs_past_seen *seen)
{
	int fd = timerfd_create(clock, TFD_CLOEXEC | TFD_NONBLOCK);

	seen->clock = clock;
	seen->tries = 0;
	seen->create_err = fd < 0 ? errno : 0;
	if (fd < 0)
		return;
	while (seen->tries < TIMERFD_ABS_PAST_TRIES) {
		struct timerfd_abs_past_try *one = &seen->try[seen->tries++];

		abs_past_try(fd, target, one);
		if (one->settime_err || !one->readable || one->read_err)
			break;
	}
	close(fd);
}

static enum tl_verdict abs_past_run(struct tl_check_ctx *ctx)
{
	struct timerfd_abs_past_seen seen[2 * TIMERFD_CHECK_CLOCK_COUNT];
	size_t count = 0;

	for (size_t c = 0; c < TIMERFD_CHECK_CLOCK_COUNT; c++) {
		clockid_t clock = timerfd_check_clocks[c];
		struct timespec ago = tl_timespec_from_ns(tl_now_ns(clock) - TL_NS_PER_S);
		/* 1 ns after the clock's zero: 0 would disarm */
		struct timespec one_ns = { 0, 1 };

		seen[count].target = "1 s ago";
		abs_past_observe(clock, &ago, &seen[count++]);
		seen[count].target = "time 1 ns";
		abs_past_observe(clock, &one_ns, &seen[count++]);
	}
	return timerfd_judge_abs_past(ctx, seen, count);
}

const struct tl_check tl_check_timerfd_abs_past = {
	.name = "timerfd.abs-past",
	.summary =
		"TFD_TIMER_ABSTIME at a past time, every clock: fires at once, read == 1",
	.run = abs_past_run,
};

/* timerfd.nonblock */

/* Exact: a read with nothing expired is -1 EAGAIN, whatever the state. */
enum tl_verdict timerfd_judge_nonblock(struct tl_check_ctx *ctx,
				       const struct timerfd_nonblock_seen *seen,
				       size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (seen[i].got >= 0)
			return tl_check_fail(
				ctx,
				"%s: read returned %zd (count %llu), expected EAGAIN",
				seen[i].state, seen[i].got,
				(unsigned long long)seen[i].count);
		if (seen[i].err != EAGAIN)
			return tl_check_fail(
				ctx, "%s: read failed with %s, expected EAGAIN",
				seen[i].state, check_errno_name(seen[i].err));
		tl_check_diag(ctx, "%s: EAGAIN", seen[i].state);
	}
	return tl_check_pass(ctx, NULL);
}

static void nonblock_read(int fd, const char *state, struct timerfd_nonblock_seen *seen)
{
	seen->state = state;
	seen->count = 0;
	seen->got = read(fd, &seen->count, sizeof(seen->count));
	seen->err = seen->got < 0 ? errno : 0;
}

static enum tl_verdict nonblock_run(struct tl_check_ctx *ctx)
{
	/* 10 s: far beyond the microseconds between arming and reading, so the
	 * timer cannot have expired even on a machine that stalls us */
	struct itimerspec spec = { .it_value = { 10, 0 } };
	struct timerfd_nonblock_seen seen[2];
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return tl_check_error(ctx, "timerfd_create: %s", strerrorname_np(errno));
	nonblock_read(fd, "never armed", &seen[0]);
	if (timerfd_settime(fd, 0, &spec, NULL) < 0)
		return tl_check_error(ctx, "timerfd_settime: %s", strerrorname_np(errno));
	nonblock_read(fd, "armed 10 s ahead", &seen[1]);
	close(fd);
	return timerfd_judge_nonblock(ctx, seen, 2);
}

const struct tl_check tl_check_timerfd_nonblock = {
	.name = "timerfd.nonblock",
	.summary = "TFD_NONBLOCK read before expiry (never armed, armed ahead): EAGAIN",
	.run = nonblock_run,
};

/* timerfd.flags */

/* Exact: each flag asked for is set, and only those. */
enum tl_verdict timerfd_judge_flags(struct tl_check_ctx *ctx,
				    const struct timerfd_flags_seen *seen, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		bool cloexec = seen[i].fd_flags & FD_CLOEXEC;
		bool nonblock = seen[i].status_flags & O_NONBLOCK;

		if (seen[i].create_err)
			return tl_check_fail(ctx, "timerfd_create flags %#x: %s",
					     (unsigned)seen[i].flags,
					     check_errno_name(seen[i].create_err));
		if (cloexec != !!(seen[i].flags & TFD_CLOEXEC) ||
		    nonblock != !!(seen[i].flags & TFD_NONBLOCK))
			return tl_check_fail(
				ctx,
				"timerfd_create flags %#x (TFD_CLOEXEC %s, TFD_NONBLOCK %s): FD_CLOEXEC %s, O_NONBLOCK %s",
				(unsigned)seen[i].flags,
				seen[i].flags & TFD_CLOEXEC ? "on" : "off",
				seen[i].flags & TFD_NONBLOCK ? "on" : "off",
				cloexec ? "set" : "clear", nonblock ? "set" : "clear");
	}
	return tl_check_pass(
		ctx,
		"each of 0, TFD_CLOEXEC, TFD_NONBLOCK and both: exactly FD_CLOEXEC and O_NONBLOCK as asked");
}

static enum tl_verdict flags_run(struct tl_check_ctx *ctx)
{
	static const int flags[] = { 0, TFD_CLOEXEC, TFD_NONBLOCK,
				     TFD_CLOEXEC | TFD_NONBLOCK };
	struct timerfd_flags_seen seen[4] = { 0 };

	for (size_t i = 0; i < 4; i++) {
		int fd = timerfd_create(CLOCK_MONOTONIC, flags[i]);

		seen[i].flags = flags[i];
		seen[i].create_err = fd < 0 ? errno : 0;
		if (fd < 0)
			continue;
		seen[i].fd_flags = fcntl(fd, F_GETFD);
		seen[i].status_flags = fcntl(fd, F_GETFL);
		close(fd);
	}
	return timerfd_judge_flags(ctx, seen, 4);
}

const struct tl_check tl_check_timerfd_flags = {
	.name = "timerfd.flags",
	.summary = "TFD_CLOEXEC, TFD_NONBLOCK: FD_CLOEXEC and O_NONBLOCK set as asked",
	.run = flags_run,
};

/* timerfd.einval */

/* Exact: each call gives the error the man page names for it. */
enum tl_verdict timerfd_judge_einval(struct tl_check_ctx *ctx,
				     const struct timerfd_einval_seen *seen, size_t count)
{
	if (count == 0)
		return tl_check_error(ctx, "no call was made");
	for (size_t i = 0; i < count; i++)
		if (seen[i].err != seen[i].expected)
			return tl_check_fail(ctx, "%s: %s, expected %s", seen[i].call,
					     seen[i].err ? check_errno_name(seen[i].err)
							 : "succeeded",
					     check_errno_name(seen[i].expected));
	return tl_check_pass(ctx, "%zu invalid calls: EINVAL, and EBADF on a closed fd",
			     count);
}

/* The errno of a call that returned ret: 0 when it succeeded. */
static int timerfd_call_errno(long ret)
{
	return ret < 0 ? errno : 0;
}

static enum tl_verdict einval_run(struct tl_check_ctx *ctx)
{
	struct itimerspec ahead = { .it_value = { 10, 0 } };
	struct itimerspec nsec_high = { .it_value = { 0, 1000000000L } };
	struct itimerspec nsec_negative = { .it_value = { 0, -1 } };
	struct itimerspec interval_high = { .it_value = { 10, 0 },
					    .it_interval = { 0, 1000000000L } };
	struct itimerspec got;
	struct timerfd_einval_seen seen[16];
	size_t n = 0;
	uint32_t small;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	int other = eventfd(0, EFD_CLOEXEC);
	int closed = fd < 0 ? -1 : dup(fd);

	if (fd < 0 || other < 0 || closed < 0)
		return tl_check_error(ctx, "timerfd_create/eventfd/dup: %s",
				      strerrorname_np(errno));
	close(closed);
#define EINVAL_CASE(text, expect, invalid_call)                                          \
	seen[n++] =                                                                      \
		(struct timerfd_einval_seen){ .call = text,                              \
					      .expected = expect,                        \
					      .err = timerfd_call_errno(invalid_call) }
	/* first, while no call can have reused the closed fd's number */
	EINVAL_CASE("timerfd_settime on a closed fd", EBADF,
		    timerfd_settime(closed, 0, &ahead, NULL));
	EINVAL_CASE("timerfd_gettime on a closed fd", EBADF,
		    timerfd_gettime(closed, &got));
	/* timerfd takes no CPU-time clock and no CLOCK_TAI */
	EINVAL_CASE("timerfd_create(clock 12345)", EINVAL, timerfd_create(12345, 0));
	EINVAL_CASE("timerfd_create(CLOCK_PROCESS_CPUTIME_ID)", EINVAL,
		    timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
	EINVAL_CASE("timerfd_create(CLOCK_TAI)", EINVAL, timerfd_create(CLOCK_TAI, 0));
	EINVAL_CASE("timerfd_create flags 0x1", EINVAL,
		    timerfd_create(CLOCK_MONOTONIC, 1));
	EINVAL_CASE("timerfd_settime flags 0x100", EINVAL,
		    timerfd_settime(fd, 0x100, &ahead, NULL));
	EINVAL_CASE("timerfd_settime it_value.tv_nsec 1000000000", EINVAL,
		    timerfd_settime(fd, 0, &nsec_high, NULL));
	EINVAL_CASE("timerfd_settime it_value.tv_nsec -1", EINVAL,
		    timerfd_settime(fd, 0, &nsec_negative, NULL));
	EINVAL_CASE("timerfd_settime it_interval.tv_nsec 1000000000", EINVAL,
		    timerfd_settime(fd, 0, &interval_high, NULL));
	EINVAL_CASE("read of 4 bytes", EINVAL, read(fd, &small, sizeof(small)));
	EINVAL_CASE("timerfd_settime on an eventfd", EINVAL,
		    timerfd_settime(other, 0, &ahead, NULL));
	EINVAL_CASE("timerfd_gettime on an eventfd", EINVAL,
		    timerfd_gettime(other, &got));
#undef EINVAL_CASE
	close(fd);
	close(other);
	return timerfd_judge_einval(ctx, seen, n);
}

const struct tl_check tl_check_timerfd_einval = {
	.name = "timerfd.einval",
	.summary =
		"bad clock id, bad flags, bad tv_nsec, short read, an fd that is not a timerfd: EINVAL; a closed fd: EBADF",
	.run = einval_run,
};

/* timerfd.set-ticks */

/*
 * TFD_IOC_SET_TICKS, defined here as include/uapi/linux/timerfd.h does:
 * that header clashes with <sys/timerfd.h>.
 */
#define TIMERFD_IOC_SET_TICKS _IOW('T', 0, uint64_t)

/*
 * Exact: the timer is armed 10 s ahead, far beyond the microseconds the
 * check takes, so only the ioctl can make it readable, and the read returns
 * the ticks set. Without CONFIG_CHECKPOINT_RESTORE the ioctl does not exist
 * (ENOTTY): a skip.
 */
enum tl_verdict timerfd_judge_set_ticks(struct tl_check_ctx *ctx,
					const struct timerfd_set_ticks_seen *seen)
{
	if (seen->set_err == ENOTTY)
		return tl_check_skip(
			ctx,
			"TFD_IOC_SET_TICKS: ENOTTY, the kernel lacks CONFIG_CHECKPOINT_RESTORE");
	if (seen->set_err)
		return tl_check_fail(ctx, "TFD_IOC_SET_TICKS %llu: %s",
				     (unsigned long long)seen->ticks,
				     check_errno_name(seen->set_err));
	if (seen->read_err)
		return tl_check_fail(ctx, "read after TFD_IOC_SET_TICKS %llu: %s",
				     (unsigned long long)seen->ticks,
				     check_errno_name(seen->read_err));
	if (seen->count != seen->ticks)
		return tl_check_fail(ctx, "read %llu after TFD_IOC_SET_TICKS %llu",
				     (unsigned long long)seen->count,
				     (unsigned long long)seen->ticks);
	if (seen->again_err != EAGAIN)
		return tl_check_fail(ctx, "a second read gave %s, expected EAGAIN",
				     timerfd_errno(seen->again_err));
	if (seen->zero_err != EINVAL)
		return tl_check_fail(ctx, "TFD_IOC_SET_TICKS 0: %s, expected EINVAL",
				     timerfd_errno(seen->zero_err));
	return tl_check_pass(
		ctx, "read %llu after TFD_IOC_SET_TICKS %llu; 0 ticks: EINVAL",
		(unsigned long long)seen->count, (unsigned long long)seen->ticks);
}

static enum tl_verdict set_ticks_run(struct tl_check_ctx *ctx)
{
	struct itimerspec ahead = { .it_value = { 10, 0 } };
	struct timerfd_set_ticks_seen seen = { .ticks = 5 };
	uint64_t zero = 0, again;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0 || timerfd_settime(fd, 0, &ahead, NULL) < 0)
		return tl_check_error(ctx, "timerfd_create/settime: %s",
				      strerrorname_np(errno));
	seen.set_err = timerfd_call_errno(ioctl(fd, TIMERFD_IOC_SET_TICKS, &seen.ticks));
	if (!seen.set_err) {
		if (read(fd, &seen.count, sizeof(seen.count)) != sizeof(seen.count))
			seen.read_err = errno;
		seen.again_err = timerfd_call_errno(read(fd, &again, sizeof(again)));
		seen.zero_err =
			timerfd_call_errno(ioctl(fd, TIMERFD_IOC_SET_TICKS, &zero));
	}
	close(fd);
	return timerfd_judge_set_ticks(ctx, &seen);
}

const struct tl_check tl_check_timerfd_set_ticks = {
	.name = "timerfd.set-ticks",
	.summary =
		"ioctl TFD_IOC_SET_TICKS 5: next read == 5; 0 ticks: EINVAL (ENOTTY without CONFIG_CHECKPOINT_RESTORE: skip)",
	.run = set_ticks_run,
};
