/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of what timer_gettime reports of a periodic timer that has
 * expired without its expiry being taken: a SIGEV_NONE timer, which sends
 * nothing, and a timer whose signal is blocked and pending (group
 * posix-timer). Each run() observes, each judge decides (posix-timer.h).
 *
 * Either way the kernel must forward the timer when it is read: it_value
 * is the time from that moment to the next deadline of the timer's grid,
 * in (0, interval], and it_interval the interval. Armed absolute, the
 * deadlines are exact, and the kernel reads its clock between our two
 * reads of the same clock, so the bracket needs no margin; a deadline
 * between the two reads allows the whole period.
 */
#include "posix-timer.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/* The deadline after time_ns on the timer's grid. */
static int64_t gettime_next_deadline(const struct posix_timer_gettime_seen *seen,
				     int64_t time_ns)
{
	return seen->first_ns +
	       check_owed(seen->first_ns, seen->interval_ns, time_ns) * seen->interval_ns;
}

/* The reads, each the time to the next deadline: PASS without a verdict,
 * or the verdict. */
static enum tl_verdict gettime_judge_reads(struct tl_check_ctx *ctx,
					   const struct posix_timer_gettime_seen *seen)
{
	const struct posix_timer_gettime *last =
		&seen->reads[seen->count ? seen->count - 1 : 0];
	int64_t interval_ns = seen->interval_ns;

	if (seen->count == 0 ||
	    check_owed(seen->first_ns, interval_ns, last->before_ns) < 2)
		return tl_check_error(
			ctx, "%s: the timer had not expired twice by the last read",
			seen->clock);
	for (size_t i = 0; i < seen->count; i++) {
		const struct posix_timer_gettime *read = &seen->reads[i];
		int64_t next_before = gettime_next_deadline(seen, read->before_ns);
		int64_t next_after = gettime_next_deadline(seen, read->after_ns);
		int64_t low = next_after - read->after_ns,
			high = next_before - read->before_ns;
		double at_ms = (double)(read->before_ns - seen->first_ns) / 1e6;

		if (read->interval_ns != interval_ns)
			return tl_check_fail(ctx,
					     "%s: it_interval %lld ns, expected %lld",
					     seen->clock, (long long)read->interval_ns,
					     (long long)interval_ns);
		if (next_before != next_after) {
			low = 1; /* a deadline passed during the call */
			high = interval_ns;
		}
		if (read->value_ns < low || read->value_ns > high)
			return tl_check_fail(
				ctx,
				"%s: it_value %lld ns %.1f ms after the first expiry, expected %lld..%lld (the time to the next deadline)",
				seen->clock, (long long)read->value_ns, at_ms,
				(long long)low, (long long)high);
	}
	return TL_VERDICT_PASS;
}

static long long gettime_periods(const struct posix_timer_gettime_seen *seen)
{
	return (long long)check_owed(seen->first_ns, seen->interval_ns,
				     seen->reads[seen->count - 1].before_ns);
}

enum tl_verdict posix_timer_judge_sigev_none(struct tl_check_ctx *ctx,
					     const struct posix_timer_gettime_seen *seen)
{
	enum tl_verdict verdict;

	if (seen->signal_pending)
		return tl_check_fail(ctx, "%s: a SIGEV_NONE timer sent its sigev_signo",
				     seen->clock);
	verdict = gettime_judge_reads(ctx, seen);
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	return tl_check_pass(
		ctx,
		"%s: %zu reads over %lld periods: it_value the time to the next deadline each time, no signal",
		seen->clock, seen->count, gettime_periods(seen));
}

enum tl_verdict
posix_timer_judge_gettime_pending(struct tl_check_ctx *ctx,
				  const struct posix_timer_gettime_seen *seen)
{
	enum tl_verdict verdict;

	if (seen->count && seen->reads[0].before_ns < seen->first_ns)
		return tl_check_error(ctx, "%s: read before the first expiry",
				      seen->clock);
	if (!seen->signal_pending)
		return tl_check_fail(
			ctx, "%s: the expired timer's signal, blocked, is not pending",
			seen->clock);
	verdict = gettime_judge_reads(ctx, seen);
	if (verdict != TL_VERDICT_PASS)
		return verdict;
	return tl_check_pass(
		ctx,
		"%s: %zu reads over %lld periods, the signal pending: it_value the time to the next deadline each time",
		seen->clock, seen->count, gettime_periods(seen));
}

/*
 * A periodic timer of the given notification on clock, SIGRTMIN (its
 * sigev_signo either way) blocked, read with timer_gettime every read_every
 * ns from its first expiry on, off the grid of deadlines by a quarter
 * period. On a CPU-time clock the waits are busy.
 */
static int gettime_observe(clockid_t clock, int notify, int64_t interval_ns,
			   int64_t read_every_ns, struct posix_timer_gettime_seen *seen)
{
	timer_t timer;
	int err;

	seen->clock = check_clock_name(clock);
	seen->interval_ns = interval_ns;
	err = check_signal_block(SIGRTMIN);
	if (!err)
		err = check_timer_create(clock, notify, SIGRTMIN, CHECK_SIGNAL_MAGIC,
					 &timer);
	if (err)
		return err;
	seen->first_ns = tl_now_ns(clock) + interval_ns;
	err = check_timer_arm_abs(timer, seen->first_ns, interval_ns);
	if (err)
		return err;
	for (seen->count = 0; seen->count < POSIX_TIMER_GETTIME_READS; seen->count++) {
		struct posix_timer_gettime *read = &seen->reads[seen->count];
		struct itimerspec now;

		check_wait_until(clock,
				 seen->first_ns +
					 (int64_t)(seen->count + 1) * read_every_ns +
					 interval_ns / 4);
		read->before_ns = tl_now_ns(clock);
		if (timer_gettime(timer, &now) < 0)
			return -errno;
		read->after_ns = tl_now_ns(clock);
		read->value_ns = tl_ns_from_timespec(&now.it_value);
		read->interval_ns = tl_ns_from_timespec(&now.it_interval);
	}
	seen->signal_pending = check_signal_pending(SIGRTMIN);
	timer_delete(timer);
	return 0;
}

/*
 * posix-timer.sigev-none: a 10 ms periodic SIGEV_NONE timer read five
 * times over about 200 ms. The kernel's selftest (check_sigev_none) reads
 * once after 1 s; what is judged is that the timer keeps being forwarded
 * across expiries that send nothing, and 20 periods show that as well as
 * 100. On the CPU-time clocks (.<clock>) the reads come every 13 ms of
 * CPU time, which costs 65 ms of it.
 */
#define GETTIME_INTERVAL_NS (10 * TL_NS_PER_MS)
#define SIGEV_NONE_READ_EVERY_NS (40 * TL_NS_PER_MS)
#define GETTIME_CPU_READ_EVERY_NS (13 * TL_NS_PER_MS)

static enum tl_verdict sigev_none_observed(struct tl_check_ctx *ctx, clockid_t clock,
					   int64_t read_every_ns)
{
	struct posix_timer_gettime_seen seen;
	int err;

	memset(&seen, 0, sizeof(seen));
	err = gettime_observe(clock, SIGEV_NONE, GETTIME_INTERVAL_NS, read_every_ns,
			      &seen);
	if (err)
		return tl_check_error(ctx, "%s timer: %s", seen.clock,
				      strerrorname_np(-err));
	return posix_timer_judge_sigev_none(ctx, &seen);
}

static enum tl_verdict sigev_none_run(struct tl_check_ctx *ctx)
{
	return sigev_none_observed(ctx, CLOCK_MONOTONIC, SIGEV_NONE_READ_EVERY_NS);
}

static enum tl_verdict sigev_none_cpu_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	return sigev_none_observed(ctx, clock, GETTIME_CPU_READ_EVERY_NS);
}

TL_CHECK_ON_CLOCK(sigev_none_cpu, process_cputime, CLOCK_PROCESS_CPUTIME_ID)
TL_CHECK_ON_CLOCK(sigev_none_cpu, thread_cputime, CLOCK_THREAD_CPUTIME_ID)

const struct tl_check tl_check_posix_timer_sigev_none = {
	.name = "posix-timer.sigev-none",
	.summary =
		"10 ms periodic SIGEV_NONE, timer_gettime over 200 ms: it_value keeps moving, no signal",
	.run = sigev_none_run,
};

/* What kernels before 6.12 did, the same on both CPU-time clocks. */
#define SIGEV_NONE_CPU_WHY                                                               \
	"a SIGEV_NONE CPU-time timer was disarmed at its first expiry and read back 0, until posix-cpu-timers: Do not arm SIGEV_NONE timers, in 6.12"
#define SIGEV_NONE_CPU_CHECK(clock, spelt)                                                                        \
	POSIX_TIMER_CPU_CHECK(                                                                                    \
		"sigev-none", spelt, "10 ms periodic SIGEV_NONE",                                                 \
		", timer_gettime while 65 ms of it are burnt: it_value the time to the next deadline, no signal", \
		sigev_none_cpu_##clock, "6.12", SIGEV_NONE_CPU_WHY)

const struct tl_check tl_check_posix_timer_sigev_none_process_cputime =
	SIGEV_NONE_CPU_CHECK(process_cputime, "process-cputime");
const struct tl_check tl_check_posix_timer_sigev_none_thread_cputime =
	SIGEV_NONE_CPU_CHECK(thread_cputime, "thread-cputime");

/*
 * posix-timer.gettime-pending.<clock>, as the kernel's selftest
 * (check_gettime) has it: a 10 ms periodic timer whose SIGRTMIN is blocked,
 * so that its first expiry stays pending and the kernel does not re-arm
 * it; timer_gettime must forward it all the same, it_value wrapping round
 * each period. Five reads every 13 ms from the first expiry (of CPU time
 * on the CPU-time clocks). Before 6.12 the kernel did not forward an
 * expired CPU-time timer when it was read.
 */
static enum tl_verdict gettime_pending_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	struct posix_timer_gettime_seen seen;
	int err;

	memset(&seen, 0, sizeof(seen));
	err = gettime_observe(clock, SIGEV_SIGNAL, GETTIME_INTERVAL_NS,
			      GETTIME_CPU_READ_EVERY_NS, &seen);
	if (err)
		return tl_check_error(ctx, "%s timer: %s", seen.clock,
				      strerrorname_np(-err));
	return posix_timer_judge_gettime_pending(ctx, &seen);
}

TL_CHECK_ON_CLOCK(gettime_pending, monotonic, CLOCK_MONOTONIC)
TL_CHECK_ON_CLOCK(gettime_pending, process_cputime, CLOCK_PROCESS_CPUTIME_ID)
TL_CHECK_ON_CLOCK(gettime_pending, thread_cputime, CLOCK_THREAD_CPUTIME_ID)

const struct tl_check tl_check_posix_timer_gettime_pending_monotonic = {
	.name = "posix-timer.gettime-pending.monotonic",
	.summary =
		"10 ms periodic, its signal blocked and pending, timer_gettime for 65 ms: it_value the time to the next deadline",
	.run = gettime_pending_monotonic,
};

/* What kernels before 6.12 did, the same on both CPU-time clocks. */
#define GETTIME_PENDING_CPU_WHY                                                          \
	"timer_gettime did not forward a CPU-time timer whose signal was pending, until posix-cpu-timers: Handle interval timers correctly in timer_get(), in 6.12"
#define GETTIME_PENDING_CPU_CHECK(clock, spelt)                                                        \
	POSIX_TIMER_CPU_CHECK(                                                                         \
		"gettime-pending", spelt,                                                              \
		"10 ms periodic, its signal blocked and pending,",                                     \
		", timer_gettime while 65 ms of it are burnt: it_value the time to the next deadline", \
		gettime_pending_##clock, "6.12", GETTIME_PENDING_CPU_WHY)

const struct tl_check tl_check_posix_timer_gettime_pending_process_cputime =
	GETTIME_PENDING_CPU_CHECK(process_cputime, "process-cputime");
const struct tl_check tl_check_posix_timer_gettime_pending_thread_cputime =
	GETTIME_PENDING_CPU_CHECK(thread_cputime, "thread-cputime");
