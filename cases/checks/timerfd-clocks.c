/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of timerfd against what surrounds a clock (group timerfd): the
 * realtime clock being set (destructive), the alarm clocks
 * and their capability, and time namespaces. Each needs a privilege, and
 * skips with the precise reason when the machine does not give it.
 */
#include "timerfd.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/* A read's errno, 0 when it read. */
static int clocks_read(int fd, ssize_t *got)
{
	uint64_t count;

	*got = read(fd, &count, sizeof(count));
	return *got < 0 ? errno : 0;
}

/* Arm fd at deadline_ns on its clock, poll for it up to
 * TIMERFD_FIRE_WITHIN_MS past the deadline and read; fills what a fired
 * timer is judged on. The clock is read right after poll returns. */
static int clocks_fire(int fd, clockid_t clock, int64_t deadline_ns, bool *readable,
		       int64_t *wake_ns, uint64_t *count, int *read_err)
{
	struct itimerspec spec = { .it_value = tl_timespec_from_ns(deadline_ns) };
	struct pollfd pollfd = { .fd = fd, .events = POLLIN };
	int64_t wait_ms = (deadline_ns - tl_now_ns(clock)) / TL_NS_PER_MS;

	if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL) < 0)
		return errno;
	*readable = poll(&pollfd, 1, (int)wait_ms + 1 + TIMERFD_FIRE_WITHIN_MS) == 1;
	*wake_ns = tl_now_ns(clock);
	if (*readable && read(fd, count, sizeof(*count)) != sizeof(*count))
		*read_err = errno;
	return 0;
}

/* timerfd.cancel-on-set (destructive) */

/*
 * Exact: the step of CLOCK_REALTIME (1 s forward) cancels the timer armed
 * with TFD_TIMER_CANCEL_ON_SET, whose read then fails with ECANCELED; the
 * one armed without it, 10 s ahead, is still 9 s from expiring: EAGAIN.
 * The kernel tells cancelable timerfds from clock_settime itself; a second
 * of poll is only for a machine that stalls us.
 */
enum tl_verdict timerfd_judge_cancel_on_set(struct tl_check_ctx *ctx,
					    const struct timerfd_cancel_seen *seen)
{
	if (seen->set_err == EPERM)
		return tl_check_skip(
			ctx, "clock_settime(CLOCK_REALTIME): EPERM, needs CAP_SYS_TIME");
	if (seen->set_err)
		return tl_check_error(ctx, "clock_settime(CLOCK_REALTIME): %s",
				      check_errno_name(seen->set_err));
	if (!seen->readable)
		return tl_check_fail(
			ctx,
			"the TFD_TIMER_CANCEL_ON_SET timer was not readable 1 s after the clock was set");
	if (seen->cancel_got >= 0 || seen->cancel_err != ECANCELED)
		return tl_check_fail(
			ctx, "its read returned %zd (%s), expected ECANCELED",
			seen->cancel_got,
			seen->cancel_got < 0 ? check_errno_name(seen->cancel_err)
					     : "no error");
	if (seen->control_got >= 0 || seen->control_err != EAGAIN)
		return tl_check_fail(
			ctx,
			"the timer without TFD_TIMER_CANCEL_ON_SET read %zd (%s), expected EAGAIN",
			seen->control_got,
			seen->control_got < 0 ? check_errno_name(seen->control_err)
					      : "no error");
	return tl_check_pass(ctx,
			     "ECANCELED after clock_settime; without the flag EAGAIN");
}

static enum tl_verdict cancel_on_set_run(struct tl_check_ctx *ctx)
{
	struct timerfd_cancel_seen seen = { 0 };
	struct itimerspec ahead = {
		.it_value =
			tl_timespec_from_ns(tl_now_ns(CLOCK_REALTIME) + 10 * TL_NS_PER_S)
	};
	struct pollfd pollfd = { .events = POLLIN };
	struct timespec stepped;
	int control = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);

	pollfd.fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
	if (pollfd.fd < 0 || control < 0 ||
	    timerfd_settime(pollfd.fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
			    &ahead, NULL) < 0 ||
	    timerfd_settime(control, TFD_TIMER_ABSTIME, &ahead, NULL) < 0)
		return tl_check_error(ctx, "timerfd_create/settime: %s",
				      strerrorname_np(errno));
	stepped = tl_timespec_from_ns(tl_now_ns(CLOCK_REALTIME) + TL_NS_PER_S);
	seen.set_err = -tl_check_set_realtime(ctx, &stepped);
	if (!seen.set_err) {
		seen.readable = poll(&pollfd, 1, 1000) == 1;
		seen.cancel_err = clocks_read(pollfd.fd, &seen.cancel_got);
		seen.control_err = clocks_read(control, &seen.control_got);
	}
	return timerfd_judge_cancel_on_set(ctx, &seen);
}

const struct tl_check tl_check_timerfd_cancel_on_set = {
	.name = "timerfd.cancel-on-set",
	.summary =
		"TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET on realtime, then clock_settime: read fails ECANCELED",
	.flags = TL_CHECK_DESTRUCTIVE,
	.run = cancel_on_set_run,
};

/* timerfd.alarm-clock */

/* CAP_WAKE_ALARM in the effective set: 1, 0, or -errno. The data is
 * zeroed first: valgrind's model of capget marks only the first of the
 * two words written, and CAP_WAKE_ALARM (35) lives in the second. */
static int alarm_capable(void)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &header, data) < 0)
		return -errno;
	return !!(data[CAP_TO_INDEX(CAP_WAKE_ALARM)].effective &
		  CAP_TO_MASK(CAP_WAKE_ALARM));
}

/* Drop CAP_WAKE_ALARM from the effective set (the check's process ends
 * right after the check, so nothing else runs without it); 0 or errno. */
static int alarm_drop(void)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &header, data) < 0)
		return errno;
	data[CAP_TO_INDEX(CAP_WAKE_ALARM)].effective &= ~CAP_TO_MASK(CAP_WAKE_ALARM);
	return syscall(SYS_capset, &header, data) < 0 ? errno : 0;
}

/*
 * With CAP_WAKE_ALARM the timer is created and fires: never before its
 * deadline, and within TIMERFD_FIRE_WITHIN_MS after it (an alarm timer is
 * an hrtimer on CLOCK_BOOTTIME while the machine is awake; the second only
 * covers a stalled machine). An alarm clock the kernel does not support
 * gives EOPNOTSUPP, or 524 (ENOTSUPP) before that changed: a skip. Without
 * the capability, creation is refused with EPERM.
 */
enum tl_verdict timerfd_judge_alarm_clock(struct tl_check_ctx *ctx,
					  const struct timerfd_alarm_seen *seen)
{
	if (!seen->capable)
		return tl_check_skip(ctx, "no CAP_WAKE_ALARM (run as root)");
	if (seen->create_err == EOPNOTSUPP || seen->create_err == TIMERFD_KERNEL_ENOTSUPP)
		return tl_check_skip(
			ctx,
			"timerfd_create(CLOCK_BOOTTIME_ALARM): %s, the kernel does not support alarm timers here",
			check_errno_name(seen->create_err));
	if (seen->create_err)
		return tl_check_fail(
			ctx,
			"timerfd_create(CLOCK_BOOTTIME_ALARM) with CAP_WAKE_ALARM: %s",
			check_errno_name(seen->create_err));
	if (seen->settime_err)
		return tl_check_fail(ctx, "timerfd_settime: %s",
				     check_errno_name(seen->settime_err));
	if (!seen->readable)
		return tl_check_fail(ctx, "did not fire within %d ms of its deadline",
				     TIMERFD_FIRE_WITHIN_MS);
	if (seen->read_err || seen->count != 1)
		return tl_check_fail(ctx, "read gave %llu (%s), expected 1",
				     (unsigned long long)seen->count,
				     seen->read_err ? check_errno_name(seen->read_err)
						    : "no error");
	if (seen->wake_ns < seen->deadline_ns)
		return tl_check_fail(ctx, "fired %lld ns before its deadline",
				     (long long)(seen->deadline_ns - seen->wake_ns));
	if (seen->drop_err)
		return tl_check_error(ctx, "dropping CAP_WAKE_ALARM: %s",
				      check_errno_name(seen->drop_err));
	if (seen->dropped_create_err != EPERM)
		return tl_check_fail(
			ctx,
			"without CAP_WAKE_ALARM timerfd_create gave %s, expected EPERM",
			seen->dropped_create_err
				? check_errno_name(seen->dropped_create_err)
				: "a timer");
	return tl_check_pass(
		ctx,
		"fired %.3f ms after its deadline, read 1; without CAP_WAKE_ALARM EPERM",
		(double)(seen->wake_ns - seen->deadline_ns) / 1e6);
}

static enum tl_verdict alarm_clock_run(struct tl_check_ctx *ctx)
{
	struct timerfd_alarm_seen seen = { 0 };
	int capable = alarm_capable(), fd;

	if (capable < 0)
		return tl_check_error(ctx, "capget: %s", strerrorname_np(-capable));
	seen.capable = capable;
	if (!seen.capable)
		return timerfd_judge_alarm_clock(ctx, &seen);
	fd = timerfd_create(CLOCK_BOOTTIME_ALARM, TFD_CLOEXEC);
	seen.create_err = fd < 0 ? errno : 0;
	if (fd < 0)
		return timerfd_judge_alarm_clock(ctx, &seen);
	/* 20 ms: long enough to be armed ahead, short for the run time */
	seen.deadline_ns = tl_now_ns(CLOCK_BOOTTIME) + 20 * TL_NS_PER_MS;
	seen.settime_err =
		clocks_fire(fd, CLOCK_BOOTTIME, seen.deadline_ns, &seen.readable,
			    &seen.wake_ns, &seen.count, &seen.read_err);
	close(fd);
	seen.drop_err = alarm_drop();
	if (!seen.drop_err) {
		fd = timerfd_create(CLOCK_BOOTTIME_ALARM, TFD_CLOEXEC);
		seen.dropped_create_err = fd < 0 ? errno : 0;
	}
	return timerfd_judge_alarm_clock(ctx, &seen);
}

const struct tl_check tl_check_timerfd_alarm_clock = {
	.name = "timerfd.alarm-clock",
	.summary =
		"timerfd_create(CLOCK_BOOTTIME_ALARM): with CAP_WAKE_ALARM created and fires; without it EPERM",
	.run = alarm_clock_run,
};

/* timerfd.timens */

#define TIMENS_OFFSET_NS (10 * TL_NS_PER_S)
#define TIMENS_AHEAD_NS (100 * TL_NS_PER_MS)
#define TIMENS_OFFSETS "/proc/self/timens_offsets"

/* What the process in the namespace sends back. */
struct timens_report {
	int err; /* errno of the call that failed, 0 */
	int call; /* which: an index into timens_calls */
	int64_t inside_ns, deadline_ns, wake_ns;
	bool readable;
	uint64_t count;
};

static const char *const timens_calls[] = { "timerfd_create", "timerfd_settime", "read",
					    "waiting for the child" };

/*
 * The namespace's CLOCK_MONOTONIC runs exactly 10 s ahead: read in the
 * child at an instant between our reads before the fork and after the
 * child ended, it lies 10 s after some time in that span. The timer armed
 * 100 ms ahead on the namespace's clock must not fire before its deadline,
 * and must fire within a second of it: a kernel that did not take the
 * offset off an absolute time would fire it 10 s late, or at once, 9.9 s
 * early; the second only covers a stalled machine.
 */
enum tl_verdict timerfd_judge_timens(struct tl_check_ctx *ctx,
				     const struct timerfd_timens_seen *seen)
{
	int64_t offset_low = seen->inside_ns - seen->outside_after_ns;
	int64_t offset_high = seen->inside_ns - seen->outside_before_ns;

	if (seen->no_offsets_file)
		return tl_check_skip(ctx, "no " TIMENS_OFFSETS
					  ": the kernel lacks CONFIG_TIME_NS");
	if (seen->unshare_err == EPERM)
		return tl_check_skip(
			ctx, "unshare(CLONE_NEWTIME): EPERM, needs CAP_SYS_ADMIN (root)");
	if (seen->unshare_err == EINVAL)
		return tl_check_skip(
			ctx,
			"unshare(CLONE_NEWTIME): EINVAL, the kernel lacks CONFIG_TIME_NS");
	if (seen->unshare_err)
		return tl_check_error(ctx, "unshare(CLONE_NEWTIME): %s",
				      check_errno_name(seen->unshare_err));
	if (seen->offsets_err)
		return tl_check_error(ctx, "writing " TIMENS_OFFSETS ": %s",
				      check_errno_name(seen->offsets_err));
	if (seen->child_err)
		return tl_check_error(ctx, "in the namespace, %s: %s", seen->child_call,
				      check_errno_name(seen->child_err));
	if (seen->offset_ns < offset_low || seen->offset_ns > offset_high)
		return tl_check_fail(
			ctx,
			"CLOCK_MONOTONIC in the namespace is %+.3f..%+.3f s off the host's, expected %+.3f s",
			(double)offset_low / 1e9, (double)offset_high / 1e9,
			(double)seen->offset_ns / 1e9);
	if (!seen->readable)
		return tl_check_fail(
			ctx,
			"an abs timer %.0f ms ahead in the namespace did not fire within %d ms of its deadline",
			(double)TIMENS_AHEAD_NS / 1e6, TIMERFD_FIRE_WITHIN_MS);
	if (seen->wake_ns < seen->deadline_ns)
		return tl_check_fail(
			ctx,
			"an abs timer in the namespace fired %.3f ms before its deadline",
			(double)(seen->deadline_ns - seen->wake_ns) / 1e6);
	if (seen->count != 1)
		return tl_check_fail(ctx, "read gave %llu, expected 1",
				     (unsigned long long)seen->count);
	return tl_check_pass(
		ctx,
		"monotonic %+.0f s in the namespace; an abs timer %.0f ms ahead fired %.3f ms after its deadline, read 1",
		(double)seen->offset_ns / 1e9, (double)TIMENS_AHEAD_NS / 1e6,
		(double)(seen->wake_ns - seen->deadline_ns) / 1e6);
}

/* In the child, inside the namespace: arm, wait, report. */
static void timens_child(void *arg, void *answer)
{
	struct timens_report report = { 0 };
	int fd, read_err = 0;

	report.inside_ns = tl_now_ns(CLOCK_MONOTONIC);
	report.deadline_ns = report.inside_ns + TIMENS_AHEAD_NS;
	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (fd < 0) {
		report.err = errno;
		report.call = 0;
	} else if ((report.err = clocks_fire(fd, CLOCK_MONOTONIC, report.deadline_ns,
					     &report.readable, &report.wake_ns,
					     &report.count, &read_err)) != 0) {
		report.call = 1;
	} else if (read_err) {
		report.err = read_err;
		report.call = 2;
	}
	(void)arg;
	memcpy(answer, &report, sizeof(report));
}

/* Fork the process that enters the namespace, and take its report. */
static void timens_measure(struct timerfd_timens_seen *seen)
{
	/* what stands if the child says nothing */
	struct timens_report report = { .err = ECHILD, .call = 3 }, got;
	int err;

	seen->outside_before_ns = tl_now_ns(CLOCK_MONOTONIC);
	err = check_in_child(timens_child, NULL, &got, sizeof(got));
	seen->outside_after_ns = tl_now_ns(CLOCK_MONOTONIC);
	if (err && err != -ECHILD) {
		seen->child_err = -err;
		seen->child_call = "pipe/fork";
		return;
	}
	if (!err)
		report = got;
	seen->child_err = report.err;
	seen->child_call = timens_calls[report.call];
	seen->inside_ns = report.inside_ns;
	seen->deadline_ns = report.deadline_ns;
	seen->wake_ns = report.wake_ns;
	seen->readable = report.readable;
	seen->count = report.count;
}

static enum tl_verdict timens_run(struct tl_check_ctx *ctx)
{
	struct timerfd_timens_seen seen = { .offset_ns = TIMENS_OFFSET_NS };
	char text[64];
	int fd, length;

	seen.no_offsets_file = access(TIMENS_OFFSETS, F_OK) < 0 && errno == ENOENT;
	if (seen.no_offsets_file)
		return timerfd_judge_timens(ctx, &seen);
	seen.unshare_err = unshare(CLONE_NEWTIME) < 0 ? errno : 0;
	if (seen.unshare_err)
		return timerfd_judge_timens(ctx, &seen);
	/* the offsets of the namespace our children enter: writable until the
	 * first process is in it */
	length = snprintf(text, sizeof(text), "monotonic %lld 0\n",
			  (long long)(TIMENS_OFFSET_NS / TL_NS_PER_S));
	fd = open(TIMENS_OFFSETS, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, (size_t)length) != length)
		seen.offsets_err = errno;
	if (fd >= 0)
		close(fd);
	if (!seen.offsets_err)
		timens_measure(&seen);
	return timerfd_judge_timens(ctx, &seen);
}

const struct tl_check tl_check_timerfd_timens = {
	.name = "timerfd.timens",
	.summary =
		"in a time namespace with monotonic +10 s, an abs timerfd for now + 100 ms: fires after about 100 ms, read == 1",
	.run = timens_run,
};
