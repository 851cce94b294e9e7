/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of where a POSIX timer's signal goes: never to a forked child,
 * only to the thread SIGEV_THREAD_ID names, and nowhere once that thread
 * is gone (group posix-timer).
 * Each run() observes, each judge decides (posix-timer.h).
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

/* glibc before 2.35 has the field but not its name */
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

/*
 * posix-timer.not-inherited: a 10 ms periodic timer armed in the parent,
 * its signal blocked, then fork. The child looks its parent's timer id up
 * (timer_gettime: EINVAL, it has no timers) and waits 100 ms, ten of the
 * timer's periods, with the signal blocked as inherited: nothing may be
 * pending in it. The parent's own signal, taken after, shows that the
 * timer did run meanwhile, so the child's silence means something.
 */
#define NOT_INHERITED_INTERVAL_NS (10 * TL_NS_PER_MS)
#define NOT_INHERITED_WAIT_NS (100 * TL_NS_PER_MS)

enum tl_verdict
posix_timer_judge_not_inherited(struct tl_check_ctx *ctx,
				const struct posix_timer_not_inherited_seen *seen)
{
	const struct posix_timer_child_seen *child = &seen->child;
	double waited_ms = (double)child->waited_ns / 1e6;
	enum tl_verdict verdict;

	if (!seen->parent_received)
		return tl_check_error(
			ctx,
			"the parent's own timer sent no signal while the child waited: the check proves nothing");
	/* the child has no timers: its parent's timer id names nothing */
	verdict = check_judge_calls(ctx, &child->gettime, 1, EINVAL);
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	if (child->pending)
		return tl_check_fail(
			ctx,
			"the parent's timer signal is pending in the child after %.1f ms",
			waited_ms);
	return tl_check_pass(
		ctx,
		"the child has no timer (EINVAL) and no signal in %.1f ms; the parent's timer expired %d times meanwhile",
		waited_ms, seen->parent_overrun + 1);
}

static void not_inherited_child(void *arg, void *answer)
{
	struct posix_timer_child_seen *seen = answer;
	timer_t *timer = arg;
	struct itimerspec spec;
	int64_t start_ns = tl_now_ns(CLOCK_MONOTONIC);

	seen->gettime.what = NULL; /* a pointer means nothing in the parent */
	seen->gettime.result = timer_gettime(*timer, &spec);
	seen->gettime.error = seen->gettime.result < 0 ? errno : 0;
	check_sleep_until(CLOCK_MONOTONIC, start_ns + NOT_INHERITED_WAIT_NS);
	seen->waited_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	seen->pending = check_signal_pending(SIGRTMIN);
}

static enum tl_verdict not_inherited_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_not_inherited_seen seen = {
		.interval_ns = NOT_INHERITED_INTERVAL_NS,
	};
	siginfo_t info;
	timer_t timer;
	int err;

	err = check_signal_block(SIGRTMIN);
	if (!err)
		err = check_timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGRTMIN,
					 CHECK_SIGNAL_MAGIC, &timer);
	if (!err)
		err = check_timer_arm_abs(
			timer, tl_now_ns(CLOCK_MONOTONIC) + NOT_INHERITED_INTERVAL_NS,
			NOT_INHERITED_INTERVAL_NS);
	if (!err)
		err = check_in_child(not_inherited_child, &timer, &seen.child,
				     sizeof(seen.child));
	if (err)
		return tl_check_error(ctx, "timer/fork: %s", strerrorname_np(-err));
	seen.child.gettime.what = "timer_gettime in the child";
	err = check_signal_take(SIGRTMIN, 0, &info, NULL, NULL);
	if (err < 0)
		return tl_check_error(ctx, "sigtimedwait: %s", strerrorname_np(-err));
	seen.parent_received = err == 1 && info.si_code == SI_TIMER &&
			       info.si_value.sival_int == CHECK_SIGNAL_MAGIC;
	seen.parent_overrun = seen.parent_received ? info.si_overrun : 0;
	return posix_timer_judge_not_inherited(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_not_inherited = {
	.name = "posix-timer.not-inherited",
	.summary =
		"timer armed in the parent, then fork: the child has no timer and gets no signal",
	.run = not_inherited_run,
};

/*
 * posix-timer.thread-id: a 10 ms periodic timer with SIGEV_THREAD_ID naming
 * a second thread, for 100 ms, SIGRTMIN unblocked in both threads: every
 * signal must reach that thread. The main thread sleeps with the signal
 * unblocked, so a signal sent to the process rather than the thread could
 * land there (the kernel tries the main thread first).
 */
#define THREAD_ID_INTERVAL_NS (10 * TL_NS_PER_MS)
#define THREAD_ID_WINDOW_NS (100 * TL_NS_PER_MS)

enum tl_verdict posix_timer_judge_thread_id(struct tl_check_ctx *ctx,
					    const struct posix_timer_thread_id_seen *seen)
{
	int target = seen->caught.per_thread[1], other = seen->caught.per_thread[0];
	double waited_ms = (double)seen->waited_ns / 1e6;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGRTMIN from another sender arrived");
	if (other)
		return tl_check_fail(
			ctx,
			"%d of the timer's signals reached a thread other than the one SIGEV_THREAD_ID names",
			other);
	/* at least its first expiry lies inside a wait of more than one period */
	if (target == 0 && seen->waited_ns > seen->interval_ns)
		return tl_check_fail(
			ctx, "no signal reached the target thread in %.1f ms", waited_ms);
	if (target == 0)
		return tl_check_error(ctx, "waited only %.1f ms", waited_ms);
	return tl_check_pass(ctx, "%d signals in %.1f ms, every one on the target thread",
			     target, waited_ms);
}

/* The target thread: says its id, then waits (handling the signals) until
 * the timer is gone, so that it never outlives its own name in the timer. */
struct thread_id_target {
	pthread_barrier_t ready, done;
	pid_t tid;
};

static void *thread_id_target(void *arg)
{
	struct thread_id_target *target = arg;

	check_signal_catch_thread(1);
	target->tid = gettid();
	pthread_barrier_wait(&target->ready);
	pthread_barrier_wait(&target->done);
	return NULL;
}

static enum tl_verdict thread_id_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_thread_id_seen seen = { .interval_ns = THREAD_ID_INTERVAL_NS };
	struct sigevent event = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SIGRTMIN,
		.sigev_value.sival_int = CHECK_SIGNAL_MAGIC,
	};
	struct thread_id_target target;
	int64_t start_ns;
	pthread_t thread;
	timer_t timer;
	int err;

	err = check_signal_catch(SIGRTMIN, SI_TIMER, CHECK_SIGNAL_MAGIC);
	if (err)
		return tl_check_error(ctx, "sigaction: %s", strerrorname_np(-err));
	pthread_barrier_init(&target.ready, NULL, 2);
	pthread_barrier_init(&target.done, NULL, 2);
	err = pthread_create(&thread, NULL, thread_id_target, &target);
	if (err)
		return tl_check_error(ctx, "pthread_create: %s", strerrorname_np(err));
	pthread_barrier_wait(&target.ready);
	event.sigev_notify_thread_id = target.tid;
	if (timer_create(CLOCK_MONOTONIC, &event, &timer) < 0)
		return tl_check_error(ctx, "timer_create: %s", strerrorname_np(errno));
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	err = check_timer_arm_abs(timer, start_ns + THREAD_ID_INTERVAL_NS,
				  THREAD_ID_INTERVAL_NS);
	if (err)
		return tl_check_error(ctx, "timer_settime: %s", strerrorname_np(-err));
	check_sleep_until(CLOCK_MONOTONIC, start_ns + THREAD_ID_WINDOW_NS);
	timer_delete(timer);
	seen.waited_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	pthread_barrier_wait(&target.done);
	pthread_join(thread, NULL);
	pthread_barrier_destroy(&target.ready);
	pthread_barrier_destroy(&target.done);
	check_signal_caught(&seen.caught);
	return posix_timer_judge_thread_id(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_thread_id = {
	.name = "posix-timer.thread-id",
	.summary =
		"SIGEV_THREAD_ID to a second thread: the signal reaches that thread only",
	.run = thread_id_run,
};

/*
 * posix-timer.sig-ign-thread-exit, as the kernel's selftest has it
 * (check_sig_ign with a thread): a 10 ms periodic SIGEV_THREAD_ID timer
 * aimed at a second thread that blocks SIGUSR1, so that its first expiry
 * is pending on that thread; then SIGUSR1 is ignored, the thread exits,
 * the handler comes back and the main thread unblocks the signal. The
 * expiry was the dead thread's: nothing may be delivered to anyone, and
 * no overrun may accumulate on a timer with no target. (Before 6.13 the
 * ignored signal was flushed and the timer stopped; from 6.13 an ignored
 * timer waits on a list to be re-armed when the handler returns, and its
 * target's exit must drop it.) 50 ms a step, five periods, rather than the
 * selftest's second: each step needs only some expiries to fall in it.
 */
#define THREAD_EXIT_INTERVAL_NS (10 * TL_NS_PER_MS)
#define THREAD_EXIT_STEP_NS (50 * TL_NS_PER_MS)

enum tl_verdict
posix_timer_judge_sig_ign_thread_exit(struct tl_check_ctx *ctx,
				      const struct posix_timer_thread_exit_seen *seen)
{
	double watched_ms = (double)seen->watched_ns / 1e6;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGUSR1 from another sender arrived");
	if (!seen->was_pending)
		return tl_check_error(
			ctx,
			"the timer's signal was not pending on its target before SIG_IGN: the check proves nothing");
	if (seen->caught.signals)
		return tl_check_fail(
			ctx,
			"%d signals delivered (%d to the main thread, overrun %d) in the %.0f ms after the target thread exited, expected none",
			seen->caught.signals, seen->caught.per_thread[0],
			seen->caught.first_overrun, watched_ms);
	if (seen->getoverrun)
		return tl_check_fail(
			ctx,
			"timer_getoverrun %d %.0f ms after the target thread exited, expected 0",
			seen->getoverrun, watched_ms);
	return tl_check_pass(
		ctx,
		"nothing delivered and no overrun in the %.0f ms after the target exited with its signal pending and ignored",
		watched_ms);
}

/* The target: blocks SIGUSR1, says its id, looks at what is pending on
 * it when told, and exits when told. */
struct thread_exit_target {
	pthread_barrier_t step;
	pid_t tid;
	bool pending;
};

static void *thread_exit_target(void *arg)
{
	struct thread_exit_target *target = arg;

	check_signal_catch_thread(1);
	check_signal_block(SIGUSR1);
	target->tid = gettid();
	pthread_barrier_wait(&target->step); /* ready */
	pthread_barrier_wait(&target->step); /* look */
	target->pending = check_signal_pending(SIGUSR1);
	pthread_barrier_wait(&target->step); /* looked */
	pthread_barrier_wait(&target->step); /* exit */
	return NULL;
}

static int thread_exit_observe(struct posix_timer_thread_exit_seen *seen)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, handler;
	struct sigevent event = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SIGUSR1,
		.sigev_value.sival_int = CHECK_SIGNAL_MAGIC,
	};
	struct thread_exit_target target;
	int64_t first_ns, exited_ns;
	pthread_t thread;
	timer_t timer;
	int err;

	sigemptyset(&ignore.sa_mask);
	err = check_signal_catch_blocked(SIGUSR1, SI_TIMER, CHECK_SIGNAL_MAGIC, &handler);
	if (err)
		return err;
	pthread_barrier_init(&target.step, NULL, 2);
	err = -pthread_create(&thread, NULL, thread_exit_target, &target);
	if (err)
		return err;
	pthread_barrier_wait(&target.step); /* ready */
	event.sigev_notify_thread_id = target.tid;
	if (timer_create(CLOCK_MONOTONIC, &event, &timer) < 0)
		return -errno;
	first_ns = tl_now_ns(CLOCK_MONOTONIC) + THREAD_EXIT_INTERVAL_NS;
	err = check_timer_arm_abs(timer, first_ns, THREAD_EXIT_INTERVAL_NS);
	if (err)
		return err;
	check_sleep_until(CLOCK_MONOTONIC, first_ns + THREAD_EXIT_STEP_NS);
	pthread_barrier_wait(&target.step); /* look */
	pthread_barrier_wait(&target.step); /* looked */
	seen->was_pending = target.pending;
	sigaction(SIGUSR1, &ignore, NULL);
	check_sleep_until(CLOCK_MONOTONIC,
			  tl_now_ns(CLOCK_MONOTONIC) + THREAD_EXIT_STEP_NS);
	pthread_barrier_wait(&target.step); /* exit */
	pthread_join(thread, NULL);
	pthread_barrier_destroy(&target.step);
	exited_ns = tl_now_ns(CLOCK_MONOTONIC);
	sigaction(SIGUSR1, &handler, NULL);
	check_sleep_until(CLOCK_MONOTONIC, exited_ns + THREAD_EXIT_STEP_NS);
	check_signal_unblock(SIGUSR1); /* anything now pending on us comes here */
	check_sleep_until(CLOCK_MONOTONIC, exited_ns + 2 * THREAD_EXIT_STEP_NS);
	check_signal_block(SIGUSR1);
	seen->watched_ns = tl_now_ns(CLOCK_MONOTONIC) - exited_ns;
	seen->getoverrun = timer_getoverrun(timer);
	timer_delete(timer);
	check_signal_caught(&seen->caught);
	return 0;
}

static enum tl_verdict sig_ign_thread_exit_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_thread_exit_seen seen = { .interval_ns =
							     THREAD_EXIT_INTERVAL_NS };
	int err = thread_exit_observe(&seen);

	if (err)
		return tl_check_error(ctx, "timer/thread: %s", strerrorname_np(-err));
	return posix_timer_judge_sig_ign_thread_exit(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_sig_ign_thread_exit = {
	.name = "posix-timer.sig-ign-thread-exit",
	.summary =
		"SIGEV_THREAD_ID timer, its signal pending on the target, SIG_IGN, the target exits, handler back, unblocked: nothing delivered, no overrun",
	.run = sig_ign_thread_exit_run,
};
