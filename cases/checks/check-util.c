/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check-util.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* tl_child_exit: a forked child ends the way the runner's do */
#include "../../harness/supervise.h"
#include "../../lib/time.h"

const char *check_util_clock_name(clockid_t clock)
{
	/* one buffer is enough: a check runs in one thread of its own process */
	static char unnamed[32];
	const char *name = tl_clock_name(clock);

	if (name)
		return name;
	snprintf(unnamed, sizeof(unnamed), "clock %d", (int)clock);
	return unnamed;
}

void check_util_sleep_until(clockid_t clock, int64_t when_ns)
{
	struct timespec until = tl_timespec_from_ns(when_ns);

	while (clock_nanosleep(clock, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

const char *check_util_errno_name(int err)
{
	/* one buffer is enough, as above */
	static char unnamed[32];
	const char *name = err ? strerrorname_np(err) : "no error";

	if (name)
		return name;
	/* 524 is the kernel's ENOTSUPP, which has no user-space name */
	snprintf(unnamed, sizeof(unnamed), "error %d", err);
	return unnamed;
}

int64_t check_util_owed(int64_t first_ns, int64_t interval_ns, int64_t now_ns)
{
	return now_ns < first_ns ? 0 : (now_ns - first_ns) / interval_ns + 1;
}

/* Requests of the sweep and how often each is sampled, abs and rel alike. */
static const struct {
	int64_t request_ns;
	int repeats;
} check_util_sweep_plan[] = {
	{ 10, 20 },
	{ 100, 20 },
	{ TL_NS_PER_US, 20 },
	{ 10 * TL_NS_PER_US, 20 },
	{ 100 * TL_NS_PER_US, 10 },
	{ TL_NS_PER_MS, 5 },
	{ 10 * TL_NS_PER_MS, 2 },
	{ 100 * TL_NS_PER_MS, 1 },
};

/* One wait of the sweep, the clock read right before the call that arms. */
static void check_util_sample(clockid_t clock, bool absolute, int64_t request_ns,
			      check_util_wait_fn wait, void *arg,
			      struct check_util_wake *wake)
{
	struct timespec value = tl_timespec_from_ns(request_ns);

	wake->request_ns = request_ns;
	wake->absolute = absolute;
	wake->count = 0;
	wake->deadline_ns = tl_now_ns(clock) + request_ns;
	if (absolute)
		value = tl_timespec_from_ns(wake->deadline_ns);
	wake->err = wait(arg, absolute, &value, &wake->count);
	wake->wake_ns = tl_now_ns(clock);
}

void check_util_sweep_run(struct check_util_sweep *sweep, clockid_t clock,
			  check_util_wait_fn wait, void *arg)
{
	size_t plans = sizeof(check_util_sweep_plan) / sizeof(check_util_sweep_plan[0]);

	sweep->clock = clock;
	sweep->count = 0;
	for (size_t p = 0; p < plans; p++) {
		for (int r = 0; r < check_util_sweep_plan[p].repeats; r++) {
			/* abs and rel alternate, so both see the same machine */
			for (int absolute = 1; absolute >= 0; absolute--) {
				struct check_util_wake *wake =
					&sweep->wakes[sweep->count];

				if (sweep->count == CHECK_UTIL_SWEEP_MAX)
					return;
				check_util_sample(clock, absolute,
						  check_util_sweep_plan[p].request_ns,
						  wait, arg, wake);
				sweep->count++;
				if (wake->err)
					return;
			}
		}
	}
}

static const char *check_util_arming(const struct check_util_wake *wake)
{
	return wake->absolute ? "abs" : "rel";
}

/*
 * No tolerance: the wake and the deadline are read on the clock the kernel
 * times the wait on, and the kernel may not end the wait before its clock
 * reaches the deadline. For rel the deadline we hold is never later than
 * the kernel's (it reads the clock after our read). Timer slack and a busy
 * machine only make a wake later, so even 1 ns early is a kernel bug.
 */
enum tl_verdict check_util_judge_sweep(struct tl_check_ctx *ctx,
				       const struct check_util_sweep *sweep,
				       const char *what)
{
	const char *clock = check_util_clock_name(sweep->clock);
	int64_t closest_ns = INT64_MAX;

	if (sweep->count == 0)
		return tl_check_error(ctx, "%s, %s: no wait was sampled", what, clock);
	for (size_t i = 0; i < sweep->count; i++) {
		const struct check_util_wake *wake = &sweep->wakes[i];
		int64_t late_ns = wake->wake_ns - wake->deadline_ns;

		if (wake->err)
			return tl_check_fail(ctx, "%s, %s, %s %lld ns: %s", what, clock,
					     check_util_arming(wake),
					     (long long)wake->request_ns,
					     check_util_errno_name(wake->err));
		if (late_ns < 0)
			return tl_check_fail(
				ctx,
				"%s, %s, %s %lld ns: woke %lld ns before its deadline",
				what, clock, check_util_arming(wake),
				(long long)wake->request_ns, (long long)-late_ns);
		if (wake->count != 1)
			return tl_check_fail(
				ctx,
				"%s, %s, %s %lld ns: the wake served %llu expirations of a one-shot, expected 1",
				what, clock, check_util_arming(wake),
				(long long)wake->request_ns,
				(unsigned long long)wake->count);
		if (late_ns < closest_ns)
			closest_ns = late_ns;
	}
	return tl_check_pass(
		ctx,
		"%s, %s: %zu abs and rel waits from 10 ns to 100 ms, none early; the closest woke %lld ns after its deadline",
		what, clock, sweep->count, (long long)closest_ns);
}

static _Noreturn void check_util_child(void (*observe)(void *arg, void *answer),
				       void *arg, size_t size, int out_fd)
{
	unsigned char answer[CHECK_UTIL_ANSWER_MAX] = { 0 };

	/* the check's process may be killed on its timeout: go with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	observe(arg, answer);
	tl_child_exit(tl_write_all(out_fd, answer, size) == 0 ? 0 : 1);
}

int check_util_in_child(void (*observe)(void *arg, void *answer), void *arg, void *answer,
			size_t size)
{
	size_t got = 0;
	int fds[2], status;
	pid_t child;

	if (size > CHECK_UTIL_ANSWER_MAX)
		return -EMSGSIZE;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	child = fork();
	if (child < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (child == 0) {
		close(fds[0]);
		check_util_child(observe, arg, size, fds[1]);
	}
	close(fds[1]);
	while (got < size) {
		ssize_t n = read(fds[0], (char *)answer + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	return got == size ? 0 : -ECHILD;
}
