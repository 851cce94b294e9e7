/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of the CPU-time itimers (group setitimer): ITIMER_VIRTUAL counts
 * the process's user time, ITIMER_PROF its user and system time, and both
 * send their signal from the kernel (si_code SI_KERNEL). Each run()
 * observes, each judge decides (setitimer.h).
 *
 * CPU time is accounted by sampling at the tick (4 ms at HZ 250): each
 * tick charges a whole tick to the task running then, as user or system
 * time by where it ran. The CPU itimers count these samples, and are
 * checked at the tick.
 */
#include "setitimer.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * setitimer.virtual-fires and setitimer.prof-fires, as the kernel's
 * selftest (timers/posix_timers.c, check_itimer) has them but judged in
 * CPU time rather than wall time: a 50 ms one-shot ITIMER_VIRTUAL under a
 * loop that makes no system call, and ITIMER_PROF under one that spends
 * most of its time in the kernel; each must fire once, never before its
 * CPU time was spent, and ITIMER_PROF must count the system time.
 */
#define CPU_FIRES_VALUE_NS (50 * TL_NS_PER_MS)

/*
 * Never early. The kernel arms a CPU itimer one tick beyond its value
 * (set_cpu_itimer), so that sampling cannot fire it before the value was
 * spent: run without a break, the exact CPU time at the signal is at least
 * the value. Each time we were switched out and back in, sampling may
 * charge us one more tick we did not run (one landing right after we
 * resumed), so the exact time may fall short by one tick per context
 * switch, never more.
 */
static enum tl_verdict cpu_fires_never_early(struct tl_check_ctx *ctx,
					     const struct setitimer_cpu_fires_seen *seen,
					     int64_t spent_ns)
{
	int64_t shortfall_ns = seen->switches * seen->tick_ns;

	if (spent_ns >= seen->value_ns - shortfall_ns)
		return TL_VERDICT_PASS;
	return tl_check_fail(
		ctx,
		"%s after %.3f ms of CPU time, before the %.0f ms of %s (%ld context switches allow %.0f ms less)",
		seen->signal, (double)spent_ns / 1e6, (double)seen->value_ns / 1e6,
		seen->timer, seen->switches, (double)shortfall_ns / 1e6);
}

/*
 * ITIMER_PROF counts system time: under a loop that spends most of its
 * time in the kernel, it fired long before the user time alone could have
 * reached its value. getrusage's split of the exact CPU time follows the
 * tick samples, a few ticks uncertain, and more on a busy machine; so the
 * thresholds stand far from both answers: counting system time, ITIMER_PROF
 * fires with a few ms of user time (the loop's share of 50 ms); counting
 * only user time, it would fire once that reached the whole value. Under
 * half the value is the first; three quarters or more, with at least as
 * much system time, the second; in between, or with less system time than
 * user time, the check cannot tell.
 */
static enum tl_verdict
cpu_fires_counts_system(struct tl_check_ctx *ctx,
			const struct setitimer_cpu_fires_seen *seen)
{
	if (seen->user_ns < seen->value_ns / 2)
		return TL_VERDICT_PASS;
	if (seen->user_ns >= seen->value_ns * 3 / 4 && seen->system_ns >= seen->user_ns)
		return tl_check_fail(
			ctx,
			"%s came only once the user time alone (%.1f ms) had nearly reached the %.0f ms set, though %.1f ms were spent in the kernel: system time not counted",
			seen->signal, (double)seen->user_ns / 1e6,
			(double)seen->value_ns / 1e6, (double)seen->system_ns / 1e6);
	return tl_check_error(
		ctx,
		"the loop spent %.1f ms in user mode and %.1f ms in the kernel: cannot tell whether system time counts",
		(double)seen->user_ns / 1e6, (double)seen->system_ns / 1e6);
}

enum tl_verdict setitimer_judge_cpu_fires(struct tl_check_ctx *ctx,
					  const struct setitimer_cpu_fires_seen *seen)
{
	int64_t spent_ns = seen->caught.time_ns[0] - seen->armed_cpu_ns;
	enum tl_verdict verdict;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a %s from another sender arrived",
				      seen->signal);
	if (seen->caught.signals == 0 || seen->caught.times == 0)
		return tl_check_fail(
			ctx, "no %s in %.1f ms of CPU time from a %.0f ms %s",
			seen->signal,
			(double)(seen->gave_up_cpu_ns - seen->armed_cpu_ns) / 1e6,
			(double)seen->value_ns / 1e6, seen->timer);
	verdict = cpu_fires_never_early(ctx, seen, spent_ns);
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	if (seen->caught.signals > 1)
		return tl_check_fail(
			ctx,
			"%d %s from a one-shot %s (in %.0f ms of CPU time after the first)",
			seen->caught.signals, seen->signal, seen->timer,
			(double)seen->watched_cpu_ns / 1e6);
	verdict = seen->counts_system ? cpu_fires_counts_system(ctx, seen)
				      : TL_VERDICT_PASS;
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	return tl_check_pass(
		ctx,
		"one %s after %.3f ms of CPU time (%.1f ms user, %.1f ms system) for %.0f ms set; none in %.0f ms more",
		seen->signal, (double)spent_ns / 1e6, (double)seen->user_ns / 1e6,
		(double)seen->system_ns / 1e6, (double)seen->value_ns / 1e6,
		(double)seen->watched_cpu_ns / 1e6);
}

static int cpu_fires_observe(int which, int signo, enum check_burn_mode mode,
			     struct setitimer_cpu_fires_seen *seen)
{
	struct itimerval once = { { 0, 0 }, setitimer_timeval(seen->value_ns) };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	struct rusage before, after;
	struct timespec tick;
	int64_t fired_ns;
	int err;

	if (clock_getres(CLOCK_MONOTONIC_COARSE, &tick) < 0)
		return -errno;
	seen->tick_ns = tl_ns_from_timespec(&tick);
	err = check_signal_catch(signo, SI_KERNEL, 0);
	if (err)
		return err;
	check_signal_catch_clock(CLOCK_THREAD_CPUTIME_ID);
	getrusage(RUSAGE_SELF, &before);
	seen->armed_cpu_ns = tl_now_ns(CLOCK_THREAD_CPUTIME_ID);
	/* ITIMER_PROF not counting system time would take about ten times
	 * as long under the kernel loop: give it that, and the ticks */
	seen->gave_up_cpu_ns =
		seen->armed_cpu_ns + 12 * seen->value_ns + 10 * seen->tick_ns;
	if (setitimer((__itimer_which_t)which, &once, NULL) < 0)
		return -errno;
	if (check_burn(mode, CLOCK_THREAD_CPUTIME_ID, seen->gave_up_cpu_ns, 1) == 0)
		seen->gave_up_cpu_ns = tl_now_ns(CLOCK_THREAD_CPUTIME_ID);
	getrusage(RUSAGE_SELF, &after);
	fired_ns = tl_now_ns(CLOCK_THREAD_CPUTIME_ID);
	/* a one-shot that fired again would do so within a few ticks */
	check_burn(mode, CLOCK_THREAD_CPUTIME_ID, fired_ns + seen->value_ns / 2, 2);
	seen->watched_cpu_ns = tl_now_ns(CLOCK_THREAD_CPUTIME_ID) - fired_ns;
	setitimer((__itimer_which_t)which, &off, NULL);
	check_signal_caught(&seen->caught);
	seen->user_ns = tl_ns_from_timeval(&after.ru_utime) -
			tl_ns_from_timeval(&before.ru_utime);
	seen->system_ns = tl_ns_from_timeval(&after.ru_stime) -
			  tl_ns_from_timeval(&before.ru_stime);
	seen->switches =
		(after.ru_nvcsw - before.ru_nvcsw) + (after.ru_nivcsw - before.ru_nivcsw);
	return 0;
}

static enum tl_verdict virtual_fires_run(struct tl_check_ctx *ctx)
{
	struct setitimer_cpu_fires_seen seen = { .timer = "ITIMER_VIRTUAL",
						 .signal = "SIGVTALRM",
						 .value_ns = CPU_FIRES_VALUE_NS };
	int err = cpu_fires_observe(ITIMER_VIRTUAL, SIGVTALRM, CHECK_BURN_USER, &seen);

	if (err)
		return tl_check_error(ctx, "setitimer: %s", strerrorname_np(-err));
	return setitimer_judge_cpu_fires(ctx, &seen);
}

static enum tl_verdict prof_fires_run(struct tl_check_ctx *ctx)
{
	struct setitimer_cpu_fires_seen seen = { .timer = "ITIMER_PROF",
						 .signal = "SIGPROF",
						 .counts_system = true,
						 .value_ns = CPU_FIRES_VALUE_NS };
	int err = cpu_fires_observe(ITIMER_PROF, SIGPROF, CHECK_BURN_SYSTEM, &seen);

	if (err)
		return tl_check_error(ctx, "setitimer: %s", strerrorname_np(-err));
	return setitimer_judge_cpu_fires(ctx, &seen);
}

const struct tl_check tl_check_setitimer_virtual_fires = {
	.name = "setitimer.virtual-fires",
	.summary =
		"50 ms one-shot ITIMER_VIRTUAL under a busy loop: one SIGVTALRM, never before 50 ms of CPU time",
	.run = virtual_fires_run,
};

const struct tl_check tl_check_setitimer_prof_fires = {
	.name = "setitimer.prof-fires",
	.summary =
		"50 ms one-shot ITIMER_PROF under a loop of system calls: one SIGPROF after 50 ms of user + system time, never before",
	.run = prof_fires_run,
};

/*
 * setitimer.cpu-tick, as the LTP's setitimer test has it: ITIMER_VIRTUAL
 * set to 1 us with SIGVTALRM ignored (it may fire), read back at once and
 * after two ticks of user CPU time. CPU time is accounted at the tick, so
 * the kernel adds one tick to a CPU itimer it arms (set_cpu_itimer), that
 * it cannot fire before the value has been used, and reads back one tick
 * for a timer already due but not yet fired: a read may exceed the value
 * set by one tick, never more. The tick is the resolution of
 * CLOCK_MONOTONIC_COARSE, which advances once a tick (TICK_NSEC);
 * sysconf(_SC_CLK_TCK) would be wrong: it is USER_HZ, 100 whatever the
 * kernel's HZ (250 here).
 */
#define CPU_TICK_VALUE_NS TL_NS_PER_US
#define CPU_TICK_BURN_TICKS 2

enum tl_verdict setitimer_judge_cpu_tick(struct tl_check_ctx *ctx,
					 const struct setitimer_cpu_tick_seen *seen)
{
	int64_t most = seen->value_ns + seen->tick_ns;

	if (seen->tick_ns <= 0 || seen->count == 0)
		return tl_check_error(ctx, "no tick length or no read");
	for (size_t i = 0; i < seen->count; i++) {
		if (seen->read_interval_ns[i] != 0)
			return tl_check_fail(ctx, "it_interval read back %lld ns, set 0",
					     (long long)seen->read_interval_ns[i]);
		if (seen->read_ns[i] > most)
			return tl_check_fail(
				ctx,
				"read back %lld ns, more than one tick (%lld ns) above the %lld ns set",
				(long long)seen->read_ns[i], (long long)seen->tick_ns,
				(long long)seen->value_ns);
	}
	return tl_check_pass(
		ctx,
		"read back %lld us, then %lld us: at most the %lld us set + one tick (%lld us, HZ %lld)",
		(long long)(seen->read_ns[0] / TL_NS_PER_US),
		(long long)(seen->read_ns[seen->count - 1] / TL_NS_PER_US),
		(long long)(seen->value_ns / TL_NS_PER_US),
		(long long)(seen->tick_ns / TL_NS_PER_US),
		(long long)(TL_NS_PER_S / seen->tick_ns));
}

static enum tl_verdict cpu_tick_run(struct tl_check_ctx *ctx)
{
	struct setitimer_cpu_tick_seen seen = { .value_ns = CPU_TICK_VALUE_NS };
	struct itimerval value = { { 0, 0 }, setitimer_timeval(CPU_TICK_VALUE_NS) };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	struct timespec tick;

	if (clock_getres(CLOCK_MONOTONIC_COARSE, &tick) < 0)
		return tl_check_error(ctx, "clock_getres: %s", strerrorname_np(errno));
	seen.tick_ns = tl_ns_from_timespec(&tick);
	signal(SIGVTALRM, SIG_IGN);
	if (setitimer(ITIMER_VIRTUAL, &value, NULL) < 0)
		return tl_check_error(ctx, "setitimer: %s", strerrorname_np(errno));
	for (seen.count = 0; seen.count < SETITIMER_CPU_TICK_READS; seen.count++) {
		struct itimerval read;

		if (seen.count)
			check_burn(CHECK_BURN_USER, CLOCK_THREAD_CPUTIME_ID,
				   tl_now_ns(CLOCK_THREAD_CPUTIME_ID) +
					   CPU_TICK_BURN_TICKS * seen.tick_ns,
				   0);
		if (getitimer(ITIMER_VIRTUAL, &read) < 0)
			return tl_check_error(ctx, "getitimer: %s",
					      strerrorname_np(errno));
		seen.read_ns[seen.count] = tl_ns_from_timeval(&read.it_value);
		seen.read_interval_ns[seen.count] = tl_ns_from_timeval(&read.it_interval);
	}
	setitimer(ITIMER_VIRTUAL, &off, NULL);
	return setitimer_judge_cpu_tick(ctx, &seen);
}

const struct tl_check tl_check_setitimer_cpu_tick = {
	.name = "setitimer.cpu-tick",
	.summary =
		"ITIMER_VIRTUAL 1 us, read back (SIGVTALRM ignored): at most one tick (1/HZ) above the value set",
	.run = cpu_tick_run,
};
