/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of the signals POSIX timers send while the signal is blocked or
 * ignored (group posix-timer); those made stale by re-arming or deleting
 * the timer are in posix-timer-discards.c. Each run() observes, each
 * judge decides (posix-timer.h).
 *
 * A periodic timer whose signal is still pending is not re-armed: the
 * kernel forwards it when the signal is delivered or accepted, and the
 * expirations skipped meanwhile become si_overrun (and timer_getoverrun).
 * So every expected overrun below is the number of deadlines owed at the
 * moment of delivery, minus the one the signal itself stands for, and that
 * moment is bracketed by clock reads just before and after the call that
 * delivers it.
 */
#include "posix-timer.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * posix-timer.overrun and posix-timer.rt-coalesce: a 1 ms periodic timer
 * with its signal blocked for about 50 ms, then every signal pending taken
 * with sigtimedwait, one after the other.
 */
#define OVERRUN_INTERVAL_NS TL_NS_PER_MS
#define OVERRUN_BLOCKED_NS (50 * TL_NS_PER_MS)

/* The expiries owed when the first signal was taken, minus one. */
static void overrun_expected(const struct posix_timer_overrun_seen *seen, int64_t *low,
			     int64_t *high)
{
	const struct posix_timer_taken *first = &seen->signals[0];

	*low = check_owed(seen->first_ns, seen->interval_ns, first->before_ns) - 1;
	*high = check_owed(seen->first_ns, seen->interval_ns, first->after_ns) - 1;
}

enum tl_verdict posix_timer_judge_overrun(struct tl_check_ctx *ctx,
					  const struct posix_timer_overrun_seen *seen)
{
	const struct posix_timer_taken *first = &seen->signals[0];
	double blocked_ms = (double)(first->before_ns - seen->first_ns) / 1e6;
	int64_t low, high;

	if (!seen->pending || seen->taken == 0)
		return tl_check_fail(ctx, "no %s pending with the signal blocked",
				     seen->signal);
	if (first->si_code != SI_TIMER || first->value != CHECK_SIGNAL_MAGIC)
		return tl_check_fail(ctx, "the %s taken was not our timer's (si_code %d)",
				     seen->signal, first->si_code);
	overrun_expected(seen, &low, &high);
	/*
	 * [low, high] already brackets the moment the kernel counted; the
	 * catalogue allows one more either side for an expiry that falls within
	 * the microseconds of that count, so that the edge cannot fail a kernel
	 * that is right.
	 */
	if (first->overrun < low - 1 || first->overrun > high + 1)
		return tl_check_fail(
			ctx,
			"si_overrun %d, expected %lld..%lld %.1f ms after the first expiry",
			first->overrun, (long long)low, (long long)high, blocked_ms);
	if (seen->getoverrun != first->overrun)
		return tl_check_fail(ctx,
				     "timer_getoverrun %d differs from si_overrun %d",
				     seen->getoverrun, first->overrun);
	return tl_check_pass(
		ctx,
		"%s: si_overrun %d == timer_getoverrun, expected %lld..%lld %.1f ms after the first expiry",
		seen->signal, first->overrun, (long long)low, (long long)high,
		blocked_ms);
}

/* Whether the k-th signal taken may be the timer's next expiry: taken
 * after the first deadline past the moment the first was delivered (at the
 * earliest: the read before the first take). */
static bool overrun_may_be_next_expiry(const struct posix_timer_overrun_seen *seen,
				       size_t k)
{
	int64_t next_ns = seen->first_ns + check_owed(seen->first_ns, seen->interval_ns,
						      seen->signals[0].before_ns) *
						   seen->interval_ns;

	return seen->signals[k].after_ns >= next_ns;
}

enum tl_verdict posix_timer_judge_rt_coalesce(struct tl_check_ctx *ctx,
					      const struct posix_timer_overrun_seen *seen)
{
	if (seen->taken > 1 && (seen->signals[1].si_code != SI_TIMER ||
				seen->signals[1].value != CHECK_SIGNAL_MAGIC))
		return tl_check_error(ctx, "a %s from another sender arrived",
				      seen->signal);
	if (seen->taken > 1 && !overrun_may_be_next_expiry(seen, 1))
		return tl_check_fail(
			ctx,
			"%zu %s signals were queued for one timer: real-time queuing applied to its expirations",
			seen->taken, seen->signal);
	if (seen->taken > 1)
		return tl_check_error(
			ctx,
			"a second %s taken after the timer's next deadline: cannot tell it from that expiry",
			seen->signal);
	return posix_timer_judge_overrun(ctx, seen);
}

/* Take what signo has pending, so that an attempt starts clean. */
static void overrun_drain(int signo)
{
	while (check_signal_take(signo, 0, NULL, NULL, NULL) == 1)
		;
}

/*
 * A periodic timer on clock, its signal blocked from its first expiry
 * until blocked_ns later, then every signal pending taken, each between
 * two reads of clock. On a CPU-time clock the wait is busy.
 */
static int overrun_observe(clockid_t clock, int signo, int64_t interval_ns,
			   int64_t blocked_ns, struct posix_timer_overrun_seen *seen)
{
	timer_t timer;
	int err;

	err = check_signal_block(signo);
	if (!err)
		err = check_timer_create(clock, SIGEV_SIGNAL, signo, CHECK_SIGNAL_MAGIC,
					 &timer);
	if (err)
		return err;
	overrun_drain(signo);
	seen->interval_ns = interval_ns;
	seen->first_ns = tl_now_ns(clock) + interval_ns;
	err = check_timer_arm_abs(timer, seen->first_ns, interval_ns);
	if (err)
		return err;
	check_wait_until(clock, seen->first_ns + blocked_ns);
	seen->pending = check_signal_pending(signo);
	for (seen->taken = 0; seen->taken < POSIX_TIMER_TAKEN_MAX; seen->taken++) {
		struct posix_timer_taken *taken = &seen->signals[seen->taken];
		siginfo_t info;

		taken->before_ns = tl_now_ns(clock);
		err = check_signal_take(signo, 0, &info, NULL, NULL);
		taken->after_ns = tl_now_ns(clock);
		if (err <= 0)
			break;
		taken->si_code = info.si_code;
		taken->value = info.si_value.sival_int;
		taken->overrun = info.si_overrun;
		if (seen->taken == 0)
			seen->getoverrun = timer_getoverrun(timer);
	}
	timer_delete(timer);
	return err < 0 ? err : 0;
}

static enum tl_verdict overrun_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_overrun_seen seen = { .signal = "SIGALRM" };
	int err = overrun_observe(CLOCK_MONOTONIC, SIGALRM, OVERRUN_INTERVAL_NS,
				  OVERRUN_BLOCKED_NS, &seen);

	if (err)
		return tl_check_error(ctx, "timer: %s", strerrorname_np(-err));
	return posix_timer_judge_overrun(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_overrun = {
	.name = "posix-timer.overrun",
	.summary =
		"1 ms periodic, SIGALRM blocked ~50 ms: one signal, si_overrun == timer_getoverrun == expirations owed - 1",
	.run = overrun_run,
};

/*
 * posix-timer.overrun.<clock> on the CPU-time clocks, as the kernel's
 * selftest (check_overrun) has them: the same, but for a 10 ms periodic
 * timer blocked while 60 ms of CPU time are burnt (a CPU-time timer is
 * checked at the tick, so a 1 ms one would expire only every tick): 7
 * expiries owed, 6 overruns. The judge and its tolerance are overrun's:
 * the kernel counts on the timer's clock, and the reads around the take
 * are on that clock too.
 */
#define OVERRUN_CPU_INTERVAL_NS (10 * TL_NS_PER_MS)
#define OVERRUN_CPU_BLOCKED_NS (60 * TL_NS_PER_MS)

static enum tl_verdict overrun_cpu_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	struct posix_timer_overrun_seen seen = {
		.signal = clock == CLOCK_THREAD_CPUTIME_ID
				  ? "SIGRTMIN on thread-cputime"
				  : "SIGRTMIN on process-cputime",
	};
	int err = overrun_observe(clock, SIGRTMIN, OVERRUN_CPU_INTERVAL_NS,
				  OVERRUN_CPU_BLOCKED_NS, &seen);

	if (err)
		return tl_check_error(ctx, "timer: %s", strerrorname_np(-err));
	return posix_timer_judge_overrun(ctx, &seen);
}

TL_CHECK_ON_CLOCK(overrun_cpu, process_cputime, CLOCK_PROCESS_CPUTIME_ID)
TL_CHECK_ON_CLOCK(overrun_cpu, thread_cputime, CLOCK_THREAD_CPUTIME_ID)

#define OVERRUN_CPU_CHECK(clock, spelt)                                                                                               \
	POSIX_TIMER_CPU_CHECK(                                                                                                        \
		"overrun", spelt, "10 ms periodic",                                                                                   \
		", SIGRTMIN blocked while 60 ms of it are burnt: one signal, si_overrun == timer_getoverrun == expirations owed - 1", \
		overrun_cpu_##clock, NULL, NULL)

const struct tl_check tl_check_posix_timer_overrun_process_cputime =
	OVERRUN_CPU_CHECK(process_cputime, "process-cputime");
const struct tl_check tl_check_posix_timer_overrun_thread_cputime =
	OVERRUN_CPU_CHECK(thread_cputime, "thread-cputime");

/* A second signal taken within microseconds of the first, but after the
 * timer's next 1 ms deadline, proves nothing either way: try again, up to
 * this many times (each 50 ms). */
#define RT_COALESCE_ATTEMPTS 3

static enum tl_verdict rt_coalesce_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_overrun_seen seen;

	for (int attempt = 0; attempt < RT_COALESCE_ATTEMPTS; attempt++) {
		int err;

		memset(&seen, 0, sizeof(seen));
		seen.signal = "SIGRTMIN";
		err = overrun_observe(CLOCK_MONOTONIC, SIGRTMIN, OVERRUN_INTERVAL_NS,
				      OVERRUN_BLOCKED_NS, &seen);
		if (err)
			return tl_check_error(ctx, "timer: %s", strerrorname_np(-err));
		if (seen.taken < 2 || !overrun_may_be_next_expiry(&seen, 1))
			break;
		tl_check_diag(
			ctx,
			"attempt %d: a second signal came after the next deadline, trying again",
			attempt + 1);
	}
	return posix_timer_judge_rt_coalesce(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_rt_coalesce = {
	.name = "posix-timer.rt-coalesce",
	.summary =
		"1 ms periodic, SIGRTMIN blocked ~50 ms: still one signal per timer, si_overrun == expirations owed - 1",
	.run = rt_coalesce_run,
};

/*
 * posix-timer.sig-ign, as the kernel's selftest (timers/posix_timers.c,
 * check_sig_ign) does it, on SIGUSR1 as there: a 100 ms periodic timer
 * whose signal is blocked with a handler installed; 1 s later the signal is
 * set to SIG_IGN, 1 s later the handler is installed again, 1 s later the
 * signal is unblocked. The pending expiry must survive being ignored: one
 * signal is delivered, and its overrun counts every deadline since the
 * first (29 after 3 s). Before 6.13 an ignored timer signal was dropped and
 * the timer, waiting for that signal to be delivered, was never re-armed:
 * 0 signals.
 */
#define SIG_IGN_INTERVAL_NS (100 * TL_NS_PER_MS)

enum tl_verdict posix_timer_judge_sig_ign(struct tl_check_ctx *ctx,
					  const struct posix_timer_sig_ign_seen *seen)
{
	int64_t interval_ns = seen->interval_ns;
	int64_t low = check_owed(seen->first_ns, interval_ns, seen->before_ns) - 1;
	int64_t high = check_owed(seen->first_ns, interval_ns, seen->after_ns) - 1;
	int signals = seen->caught.signals, overrun = seen->caught.first_overrun;
	double unblocked_s = (double)(seen->before_ns - seen->first_ns) / 1e9;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGUSR1 from another sender arrived");
	/* The handler ran on the way out of the unblocking sigprocmask, which
	 * re-armed the timer for the next deadline after that moment. Only if
	 * we were stalled past that deadline before blocking again could a
	 * second signal be right: then the count says nothing either way. */
	if (signals > 1 && seen->reblocked_ns >= seen->first_ns + (low + 1) * interval_ns)
		return tl_check_error(
			ctx,
			"stalled %.1f ms with the signal unblocked: cannot count the signals",
			(double)(seen->reblocked_ns - seen->before_ns) / 1e6);
	if (signals != 1)
		return tl_check_fail(
			ctx,
			"%d signals delivered, expected 1 (unblocked %.3f s after the first expiry)",
			signals, unblocked_s);
	/* [low, high] brackets the moment of delivery, when the kernel counts;
	 * one more either side (the catalogue allows two) for an expiry that falls
	 * within the microseconds of that count. */
	if (overrun < low - 1 || overrun > high + 1)
		return tl_check_fail(
			ctx,
			"1 signal, overrun %d, expected %lld..%lld %.3f s after the first expiry",
			overrun, (long long)low, (long long)high, unblocked_s);
	return tl_check_pass(
		ctx,
		"1 signal, overrun %d, expected %lld..%lld %.3f s after the first expiry",
		overrun, (long long)low, (long long)high, unblocked_s);
}

static enum tl_verdict sig_ign_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_sig_ign_seen seen = { .interval_ns = SIG_IGN_INTERVAL_NS };
	struct sigaction ignore = { .sa_handler = SIG_IGN }, handler;
	int64_t start_ns;
	timer_t timer;
	int err;

	sigemptyset(&ignore.sa_mask);
	err = check_signal_catch_blocked(SIGUSR1, SI_TIMER, CHECK_SIGNAL_MAGIC, &handler);
	if (!err)
		err = check_timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1,
					 CHECK_SIGNAL_MAGIC, &timer);
	if (err)
		return tl_check_error(ctx, "sigaction/timer_create: %s",
				      strerrorname_np(-err));
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen.first_ns = start_ns + SIG_IGN_INTERVAL_NS;
	err = check_timer_arm_abs(timer, seen.first_ns, SIG_IGN_INTERVAL_NS);
	if (err)
		return tl_check_error(ctx, "timer_settime: %s", strerrorname_np(-err));
	/* each step at a fixed time from the start, however late the last woke */
	check_sleep_until(CLOCK_MONOTONIC, start_ns + TL_NS_PER_S);
	sigaction(SIGUSR1, &ignore, NULL);
	check_sleep_until(CLOCK_MONOTONIC, start_ns + 2 * TL_NS_PER_S);
	sigaction(SIGUSR1, &handler, NULL);
	check_sleep_until(CLOCK_MONOTONIC, start_ns + 3 * TL_NS_PER_S);
	seen.before_ns = tl_now_ns(CLOCK_MONOTONIC);
	check_signal_unblock(SIGUSR1);
	seen.after_ns = tl_now_ns(CLOCK_MONOTONIC);
	check_signal_block(SIGUSR1);
	seen.reblocked_ns = tl_now_ns(CLOCK_MONOTONIC);
	timer_delete(timer);
	check_signal_caught(&seen.caught);
	return posix_timer_judge_sig_ign(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_sig_ign = {
	.name = "posix-timer.sig-ign",
	.summary = "100 ms periodic, signal blocked, SIG_IGN for 1 s then the handler again, unblocked: 1 signal, overrun 29",
	.known_fail = {
		.until = "6.13",
		.why = "a timer signal ignored while pending was dropped and the timer never re-armed, until the rework of ignored timer signals in 6.13",
	},
	.run = sig_ign_run,
};
