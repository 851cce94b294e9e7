/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of POSIX timers on the CPU-time clocks (group posix-timer): that
 * they fire after the CPU time asked, and where the signal of a process's
 * CPU-time timer goes. Each run() observes, each judge decides
 * (posix-timer.h).
 *
 * The CPU-time clocks are exact (the scheduler's runtime, not tick
 * samples), and the kernel checks CPU-time timers at the tick against the
 * same runtime: a timer fires at the first tick after its time was spent.
 */
#include "posix-timer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * posix-timer.fires.<clock>, as the kernel's selftest (check_timer_create)
 * has it but judged in CPU time rather than wall time: a 50 ms one-shot on
 * CLOCK_THREAD_CPUTIME_ID or CLOCK_PROCESS_CPUTIME_ID under a busy loop;
 * the handler reads the timer's clock. No tolerance: the clock the handler
 * reads is the one the kernel compared, and it only moves forward, so a
 * read below the deadline (the read before timer_settime plus the value:
 * the kernel's is later) is a timer that fired early.
 */
#define FIRES_VALUE_NS (50 * TL_NS_PER_MS)

enum tl_verdict posix_timer_judge_cpu_fires(struct tl_check_ctx *ctx,
					    const struct posix_timer_cpu_fires_seen *seen)
{
	int64_t spent_ns = seen->caught.time_ns[0] - seen->armed_ns;
	double value_ms = (double)seen->value_ns / 1e6;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGRTMIN from another sender arrived");
	if (seen->caught.signals == 0 || seen->caught.times == 0)
		return tl_check_fail(ctx,
				     "no signal in %.1f ms on %s from a %.0f ms timer",
				     (double)(seen->gave_up_ns - seen->armed_ns) / 1e6,
				     seen->clock, value_ms);
	if (spent_ns < seen->value_ns)
		return tl_check_fail(
			ctx,
			"the signal came after %lld ns on %s, before the %.0f ms set",
			(long long)spent_ns, seen->clock, value_ms);
	if (seen->caught.signals > 1)
		return tl_check_fail(
			ctx,
			"%d signals from a one-shot (in %.0f ms on %s after the first)",
			seen->caught.signals, (double)seen->watched_ns / 1e6,
			seen->clock);
	return tl_check_pass(
		ctx,
		"one signal after %.3f ms on %s for %.0f ms set; none in %.0f ms more",
		(double)spent_ns / 1e6, seen->clock, value_ms,
		(double)seen->watched_ns / 1e6);
}

static int fires_observe(clockid_t clock, struct posix_timer_cpu_fires_seen *seen)
{
	struct itimerspec once = { .it_value = tl_timespec_from_ns(seen->value_ns) };
	struct timespec tick;
	int64_t fired_ns;
	timer_t timer;
	int err;

	if (clock_getres(CLOCK_MONOTONIC_COARSE, &tick) < 0)
		return -errno;
	err = check_signal_catch(SIGRTMIN, SI_TIMER, CHECK_SIGNAL_MAGIC);
	if (!err)
		err = check_timer_create(clock, SIGEV_SIGNAL, SIGRTMIN,
					 CHECK_SIGNAL_MAGIC, &timer);
	if (err)
		return err;
	check_signal_catch_clock(clock);
	seen->armed_ns = tl_now_ns(clock);
	/* it fires at a tick: twice the value and ten ticks is ample */
	seen->gave_up_ns =
		seen->armed_ns + 2 * seen->value_ns + 10 * tl_ns_from_timespec(&tick);
	if (timer_settime(timer, 0, &once, NULL) < 0)
		return -errno;
	if (check_burn(CHECK_BURN_USER, clock, seen->gave_up_ns, 1) == 0)
		seen->gave_up_ns = tl_now_ns(clock);
	fired_ns = tl_now_ns(clock);
	/* a one-shot that fired again would do so within a few ticks */
	check_burn(CHECK_BURN_USER, clock, fired_ns + seen->value_ns / 2, 2);
	seen->watched_ns = tl_now_ns(clock) - fired_ns;
	timer_delete(timer);
	check_signal_caught(&seen->caught);
	return 0;
}

static enum tl_verdict fires_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	struct posix_timer_cpu_fires_seen seen = { .clock = check_clock_name(clock),
						   .value_ns = FIRES_VALUE_NS };
	int err = fires_observe(clock, &seen);

	if (err)
		return tl_check_error(ctx, "%s timer: %s", seen.clock,
				      strerrorname_np(-err));
	return posix_timer_judge_cpu_fires(ctx, &seen);
}

TL_CHECK_ON_CLOCK(fires, process_cputime, CLOCK_PROCESS_CPUTIME_ID)
TL_CHECK_ON_CLOCK(fires, thread_cputime, CLOCK_THREAD_CPUTIME_ID)

#define FIRES_CHECK(clock, spelt)                                                        \
	POSIX_TIMER_CPU_CHECK(                                                           \
		"fires", spelt, "50 ms one-shot",                                        \
		" under a busy loop: one signal, never before 50 ms of that CPU time",   \
		fires_##clock, NULL, NULL)

const struct tl_check tl_check_posix_timer_fires_process_cputime =
	FIRES_CHECK(process_cputime, "process-cputime");
const struct tl_check tl_check_posix_timer_fires_thread_cputime =
	FIRES_CHECK(thread_cputime, "thread-cputime");

/*
 * posix-timer.cputime-to-running-thread, as the kernel's selftest
 * (check_timer_distribution) has it: the main thread sleeps in
 * pthread_join, SIGRTMIN unblocked; a second thread arms a 1 ms periodic
 * CLOCK_PROCESS_CPUTIME_ID timer whose signal goes to the process, and
 * burns CPU until 20 signals came. Each expiry is found at a tick that
 * interrupts the running thread, and from 6.3 the kernel delivers a
 * process signal to the current thread when it can take it rather than
 * wake the main thread: every signal must reach the burning thread. Before
 * 6.3 the first woke the main thread.
 */
#define RUNNING_THREAD_SIGNALS 20
#define RUNNING_THREAD_INTERVAL_NS TL_NS_PER_MS
/* the main thread is asleep by then */
#define RUNNING_THREAD_SETTLE_NS (10 * TL_NS_PER_MS)

enum tl_verdict
posix_timer_judge_running_thread(struct tl_check_ctx *ctx,
				 const struct posix_timer_running_thread_seen *seen)
{
	int asleep = seen->caught.per_thread[0], running = seen->caught.per_thread[1];
	double burnt_ms = (double)seen->burnt_ns / 1e6;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGRTMIN from another sender arrived");
	if (asleep)
		return tl_check_fail(
			ctx,
			"%d of %d signals of the process's CPU-time timer woke the main thread asleep in pthread_join, rather than go to the thread running",
			asleep, asleep + running);
	if (running == 0)
		return tl_check_fail(
			ctx,
			"no signal in %.1f ms of CPU time from a 1 ms CPU-time timer",
			burnt_ms);
	return tl_check_pass(
		ctx,
		"%d signals in %.1f ms of CPU time, every one to the running thread, none to the main thread asleep",
		running, burnt_ms);
}

static void *running_thread(void *arg)
{
	struct posix_timer_running_thread_seen *seen = arg;
	struct itimerspec every = {
		.it_value = tl_timespec_from_ns(RUNNING_THREAD_INTERVAL_NS),
		.it_interval = tl_timespec_from_ns(RUNNING_THREAD_INTERVAL_NS),
	};
	int64_t start_ns, gave_up_ns;
	timer_t timer;

	check_signal_catch_thread(1);
	check_sleep_until(CLOCK_MONOTONIC,
			  tl_now_ns(CLOCK_MONOTONIC) + RUNNING_THREAD_SETTLE_NS);
	if (check_timer_create(CLOCK_PROCESS_CPUTIME_ID, SIGEV_SIGNAL, SIGRTMIN,
			       CHECK_SIGNAL_MAGIC, &timer))
		return (void *)"timer_create";
	start_ns = tl_now_ns(CLOCK_PROCESS_CPUTIME_ID);
	/* an expiry is found at each tick that lands on the burning thread;
	 * on a busy machine some land on others: five ticks a signal, and
	 * whatever came by then is judged */
	gave_up_ns = start_ns + 5 * seen->wanted * seen->tick_ns;
	if (timer_settime(timer, 0, &every, NULL) < 0)
		return (void *)"timer_settime";
	check_burn(CHECK_BURN_USER, CLOCK_PROCESS_CPUTIME_ID, gave_up_ns, seen->wanted);
	timer_delete(timer);
	seen->burnt_ns = tl_now_ns(CLOCK_PROCESS_CPUTIME_ID) - start_ns;
	return NULL;
}

static enum tl_verdict running_thread_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_running_thread_seen seen = { .wanted =
								RUNNING_THREAD_SIGNALS };
	struct timespec tick;
	pthread_t thread;
	void *failed;
	int err;

	if (clock_getres(CLOCK_MONOTONIC_COARSE, &tick) < 0)
		return tl_check_error(ctx, "clock_getres: %s", strerrorname_np(errno));
	seen.tick_ns = tl_ns_from_timespec(&tick);
	err = check_signal_catch(SIGRTMIN, SI_TIMER, CHECK_SIGNAL_MAGIC);
	if (err)
		return tl_check_error(ctx, "sigaction: %s", strerrorname_np(-err));
	err = pthread_create(&thread, NULL, running_thread, &seen);
	if (err)
		return tl_check_error(ctx, "pthread_create: %s", strerrorname_np(err));
	pthread_join(thread, &failed); /* asleep here, the signal unblocked */
	if (failed)
		return tl_check_error(ctx, "%s failed in the running thread",
				      (const char *)failed);
	check_signal_caught(&seen.caught);
	return posix_timer_judge_running_thread(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_cputime_to_running_thread = {
	.name = "posix-timer.cputime-to-running-thread",
	.summary =
		"a process CPU-time timer's signal, the main thread asleep in pthread_join, another burning CPU: every signal to the running thread",
	.known_fail = {
		.until = "6.3",
		.why = "the signal of a process-wide CPU-time timer woke the main thread rather than go to the thread running, until commit bcb7ee79029d, posix-timers: Prefer delivery of signals to the current thread, in 6.3",
	},
	.run = running_thread_run,
};
