/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check-helpers.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* tl_child_exit: a forked child ends the way the runner's do */
#include "../../harness/supervise.h"
#include "../../lib/time.h"

/* The clocks only checks read, which a cell never runs on (lib/time.c names
 * those), spelt as lib/time.c spells its own. */
static const struct tl_clock_name check_clock_names[] = {
	{ "monotonic-raw", CLOCK_MONOTONIC_RAW },
	{ "realtime-coarse", CLOCK_REALTIME_COARSE },
	{ "monotonic-coarse", CLOCK_MONOTONIC_COARSE },
	{ "process-cputime", CLOCK_PROCESS_CPUTIME_ID },
	{ "thread-cputime", CLOCK_THREAD_CPUTIME_ID },
};

const char *check_clock_name(clockid_t clock)
{
	/* one buffer is enough: a check runs in one thread of its own process */
	static char unnamed[32];
	const char *name = tl_clock_name(clock);

	if (name)
		return name;
	for (size_t i = 0; i < sizeof(check_clock_names) / sizeof(check_clock_names[0]);
	     i++)
		if (check_clock_names[i].clock == clock)
			return check_clock_names[i].name;
	snprintf(unnamed, sizeof(unnamed), "clock %d", (int)clock);
	return unnamed;
}

void check_sleep_until(clockid_t clock, int64_t when_ns)
{
	struct timespec until = tl_timespec_from_ns(when_ns);

	while (clock_nanosleep(clock, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

const char *check_errno_name(int err)
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

int64_t check_owed(int64_t first_ns, int64_t interval_ns, int64_t now_ns)
{
	return now_ns < first_ns ? 0 : (now_ns - first_ns) / interval_ns + 1;
}

static _Noreturn void check_child(void (*observe)(void *arg, void *answer), void *arg,
				  size_t size, int out_fd)
{
	unsigned char answer[CHECK_ANSWER_MAX] = { 0 };

	/* the check's process may be killed on its timeout: go with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	observe(arg, answer);
	tl_child_exit(tl_write_all(out_fd, answer, size) == 0 ? 0 : 1);
}

int check_in_child(void (*observe)(void *arg, void *answer), void *arg, void *answer,
		   size_t size)
{
	size_t got = 0;
	int fds[2], status;
	pid_t child;

	if (size > CHECK_ANSWER_MAX)
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
		check_child(observe, arg, size, fds[1]);
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

static int check_signal_mask(int how, int signo)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, signo);
	/* pthread_sigmask returns the error rather than setting errno */
	return -pthread_sigmask(how, &set, NULL);
}

int check_signal_block(int signo)
{
	return check_signal_mask(SIG_BLOCK, signo);
}

int check_signal_unblock(int signo)
{
	return check_signal_mask(SIG_UNBLOCK, signo);
}

bool check_signal_pending(int signo)
{
	sigset_t pending;

	return sigpending(&pending) == 0 && sigismember(&pending, signo) == 1;
}

int check_signal_take(int signo, int64_t timeout_ns, siginfo_t *info, int64_t *before_ns,
		      int64_t *after_ns)
{
	struct timespec timeout = tl_timespec_from_ns(timeout_ns);
	siginfo_t scratch;
	int64_t before;
	sigset_t set;
	int taken, error;

	sigemptyset(&set);
	sigaddset(&set, signo);
	before = tl_now_ns(CLOCK_MONOTONIC);
	/* a handled signal of another number ends the wait early: wait again
	 * for what is left of the time */
	while ((taken = sigtimedwait(&set, info ? info : &scratch, &timeout)) < 0 &&
	       errno == EINTR) {
		int64_t left_ns = before + timeout_ns - tl_now_ns(CLOCK_MONOTONIC);

		timeout = tl_timespec_from_ns(left_ns > 0 ? left_ns : 0);
	}
	error = errno;
	if (after_ns)
		*after_ns = tl_now_ns(CLOCK_MONOTONIC);
	if (before_ns)
		*before_ns = before;
	if (taken == signo)
		return 1;
	return error == EAGAIN ? 0 : -error;
}

int check_timer_create(clockid_t clock, int notify, int signo, int value, timer_t *timer)
{
	struct sigevent event = {
		.sigev_notify = notify,
		.sigev_signo = signo,
		.sigev_value.sival_int = value,
	};

	return timer_create(clock, &event, timer) < 0 ? -errno : 0;
}

int check_timer_arm_abs(timer_t timer, int64_t first_ns, int64_t interval_ns)
{
	struct itimerspec spec = {
		.it_value = tl_timespec_from_ns(first_ns),
		.it_interval = tl_timespec_from_ns(interval_ns),
	};

	return timer_settime(timer, TIMER_ABSTIME, &spec, NULL) < 0 ? -errno : 0;
}

/* The catcher's state: the handler reads the first two and writes the
 * rest, all lock-free atomics (checked before the handler is installed). */
static atomic_int catch_code;
static atomic_int catch_value;
static atomic_int catch_signals;
static atomic_int catch_foreign;
static atomic_int catch_first_overrun;
static atomic_int catch_per_thread[CHECK_SIGNAL_CATCH_THREADS];
static _Atomic int64_t catch_time_ns[CHECK_SIGNAL_CATCH_TIMES];
static atomic_int catch_clock;
static _Thread_local int catch_thread_index;

static void check_signal_catch_handler(int signo, siginfo_t *info, void *context)
{
	int saved_errno = errno;
	/* first: the wake time */
	int64_t now_ns = tl_now_ns((clockid_t)atomic_load(&catch_clock));
	int seen;

	(void)signo;
	(void)context;
	if (info->si_code != atomic_load(&catch_code) ||
	    (info->si_code == SI_TIMER &&
	     info->si_value.sival_int != atomic_load(&catch_value))) {
		atomic_fetch_add(&catch_foreign, 1);
		errno = saved_errno;
		return;
	}
	seen = atomic_fetch_add(&catch_signals, 1);
	if (seen == 0)
		atomic_store(&catch_first_overrun, info->si_overrun);
	if (seen < CHECK_SIGNAL_CATCH_TIMES)
		atomic_store(&catch_time_ns[seen], now_ns);
	atomic_fetch_add(&catch_per_thread[catch_thread_index], 1);
	errno = saved_errno;
}

int check_signal_catch(int signo, int code, int value)
{
	struct sigaction action = { .sa_sigaction = check_signal_catch_handler,
				    .sa_flags = SA_SIGINFO };

	/* the handler touches only lock-free atomics, which are async-signal-safe */
	if (!atomic_is_lock_free(&catch_time_ns[0]) ||
	    !atomic_is_lock_free(&catch_signals))
		return -ENOTSUP;
	atomic_store(&catch_code, code);
	atomic_store(&catch_value, value);
	atomic_store(&catch_clock, CLOCK_MONOTONIC);
	atomic_store(&catch_signals, 0);
	atomic_store(&catch_foreign, 0);
	atomic_store(&catch_first_overrun, 0);
	for (size_t i = 0; i < CHECK_SIGNAL_CATCH_THREADS; i++)
		atomic_store(&catch_per_thread[i], 0);
	sigemptyset(&action.sa_mask);
	return sigaction(signo, &action, NULL) < 0 ? -errno : 0;
}

int check_signal_catch_blocked(int signo, int code, int value, struct sigaction *action)
{
	int err = check_signal_catch(signo, code, value);

	if (!err)
		err = check_signal_block(signo);
	if (!err && action && sigaction(signo, NULL, action) < 0)
		err = -errno;
	return err;
}

void check_signal_catch_thread(int index)
{
	catch_thread_index = index;
}

void check_signal_catch_clock(clockid_t clock)
{
	atomic_store(&catch_clock, (int)clock);
}

int check_signal_caught_count(void)
{
	return atomic_load(&catch_signals);
}

void check_signal_caught(struct check_signal_caught *caught)
{
	memset(caught, 0, sizeof(*caught));
	caught->signals = atomic_load(&catch_signals);
	caught->foreign = atomic_load(&catch_foreign);
	caught->first_overrun = atomic_load(&catch_first_overrun);
	for (size_t i = 0; i < CHECK_SIGNAL_CATCH_THREADS; i++)
		caught->per_thread[i] = atomic_load(&catch_per_thread[i]);
	caught->times = caught->signals < CHECK_SIGNAL_CATCH_TIMES
				? (size_t)caught->signals
				: CHECK_SIGNAL_CATCH_TIMES;
	for (size_t i = 0; i < caught->times; i++)
		caught->time_ns[i] = atomic_load(&catch_time_ns[i]);
}

/* One stretch of work between two looks at the clock: about 0.1 ms. */
static void check_burn_stretch(enum check_burn_mode mode)
{
	static volatile unsigned spin;
	long page = sysconf(_SC_PAGESIZE);

	if (mode == CHECK_BURN_USER) {
		for (int i = 0; i < 50000; i++)
			spin++;
		return;
	}
	for (int i = 0; i < 16; i++) {
		volatile char *map = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (map == MAP_FAILED)
			continue; /* the failed call was kernel time all the same */
		map[0] = 1; /* a page fault: more kernel time */
		munmap((void *)map, (size_t)page);
	}
}

int check_burn(enum check_burn_mode mode, clockid_t clock, int64_t until_ns, int signals)
{
	int caught;

	while ((caught = check_signal_caught_count()) < signals || signals == 0) {
		if (tl_now_ns(clock) >= until_ns)
			break;
		check_burn_stretch(mode);
	}
	return caught;
}

static bool check_clock_is_cputime(clockid_t clock)
{
	return clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID;
}

void check_wait_until(clockid_t clock, int64_t when_ns)
{
	if (check_clock_is_cputime(clock))
		check_burn(CHECK_BURN_USER, clock, when_ns, 0);
	else
		check_sleep_until(clock, when_ns);
}

/* Tries at the offset: a preemption between two reads (2.5 ms seen in an
 * emulated guest) would pass for a step, and it seldom strikes twice. */
#define CHECK_OFFSET_TRIES 5

int64_t check_clock_offset_ns(clockid_t clock)
{
	int64_t best_window_ns = INT64_MAX, offset_ns = 0;

	/* monotonic against itself never moves */
	if (clock == CLOCK_MONOTONIC)
		return 0;
	/* the clock read between two monotonic reads, against their middle;
	 * the tightest pair of reads is the one least disturbed */
	for (int i = 0; i < CHECK_OFFSET_TRIES; i++) {
		int64_t before_ns = tl_now_ns(CLOCK_MONOTONIC);
		int64_t clock_ns = tl_now_ns(clock);
		int64_t after_ns = tl_now_ns(CLOCK_MONOTONIC);

		if (after_ns - before_ns < best_window_ns) {
			best_window_ns = after_ns - before_ns;
			offset_ns = clock_ns - (before_ns + (after_ns - before_ns) / 2);
		}
	}
	return offset_ns;
}

enum tl_verdict check_judge_clock_step(struct tl_check_ctx *ctx, const char *clock,
				       int64_t stepped_ns)
{
	if (stepped_ns <= CHECK_CLOCK_STEP_NS && stepped_ns >= -CHECK_CLOCK_STEP_NS)
		return TL_VERDICT_PASS;
	return tl_check_error(
		ctx,
		"%s moved %+.3f ms against monotonic during the check: a step, wake and deadline do not compare",
		clock, (double)stepped_ns / 1e6);
}

void check_lateness_add(struct check_lateness *group, int64_t deadline_ns,
			int64_t wake_ns)
{
	int64_t late_ns = wake_ns - deadline_ns;

	if (group->count++ == 0 || late_ns > group->worst_ns)
		group->worst_ns = late_ns;
	group->total_ns += late_ns;
}

static int64_t check_lateness_mean(const struct check_lateness *group)
{
	return group->count ? group->total_ns / (int64_t)group->count : 0;
}

bool check_lateness_gross(const struct check_lateness_seen *seen)
{
	for (size_t i = 0; i < seen->count; i++)
		if (check_lateness_mean(&seen->groups[i]) > CHECK_LATENESS_BOUND_NS)
			return true;
	return false;
}

enum tl_verdict check_judge_lateness(struct tl_check_ctx *ctx,
				     const struct check_lateness_seen *seen,
				     const char *waits)
{
	const struct check_lateness *latest = NULL;
	int64_t worst_ns = 0;
	size_t total = 0;

	for (size_t i = 0; i < seen->count; i++) {
		const struct check_lateness *group = &seen->groups[i];
		int64_t mean_ns = check_lateness_mean(group);

		if (group->count == 0)
			return tl_check_error(ctx, "%s: no %s were timed", group->what,
					      waits);
		if (mean_ns > CHECK_LATENESS_BOUND_NS)
			return tl_check_fail(
				ctx,
				"%s: %zu %s woke %.1f ms late on average (the latest %.1f ms), over the 40 ms bound of the kernel's selftests, in each of %d attempts: gross breakage",
				group->what, group->count, waits, (double)mean_ns / 1e6,
				(double)group->worst_ns / 1e6, seen->attempts);
		if (!latest || mean_ns > check_lateness_mean(latest))
			latest = group;
		if (group->worst_ns > worst_ns)
			worst_ns = group->worst_ns;
		total += group->count;
	}
	if (!latest)
		return tl_check_error(ctx, "no %s were timed", waits);
	return tl_check_pass(
		ctx,
		"%zu %s in %zu groups: mean lateness at most %.3f ms (%s), the latest single one %.3f ms; under the 40 ms bound, which catches gross breakage only (latency proper is timerlab run's)",
		total, waits, seen->count, (double)check_lateness_mean(latest) / 1e6,
		latest->what, (double)worst_ns / 1e6);
}

enum tl_verdict check_judge_calls(struct tl_check_ctx *ctx,
				  const struct check_call *calls, size_t count,
				  int expected)
{
	for (size_t i = 0; i < count; i++) {
		if (calls[i].result >= 0)
			return tl_check_fail(ctx, "%s returned %d, expected -1 and %s",
					     calls[i].what, calls[i].result,
					     strerrorname_np(expected));
		if (calls[i].error != expected)
			return tl_check_fail(ctx, "%s failed with %s, expected %s",
					     calls[i].what,
					     check_errno_name(calls[i].error),
					     strerrorname_np(expected));
	}
	if (count == 1)
		return tl_check_pass(ctx, "%s: %s", calls[0].what,
				     strerrorname_np(expected));
	return tl_check_pass(ctx, "%zu calls, each %s", count, strerrorname_np(expected));
}
