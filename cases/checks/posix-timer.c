/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of POSIX per-process timers: how timer_create and timer_settime
 * arm and disarm a timer (group posix-timer). The checks of what
 * timer_gettime reports are in posix-timer-gettime.c, of their signals
 * (overrun, SIG_IGN, discarding) in posix-timer-signals.c, of where the
 * signals go in posix-timer-targets.c, of the CPU-time clocks in
 * posix-timer-cputime.c, of what the calls refuse in posix-timer-errors.c. Each run() observes, each judge decides
 * (posix-timer.h).
 */
#include "posix-timer.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * posix-timer.never-early.<clock>: one-shot timers, armed absolute and
 * relative, from 10 ns to 10 ms (the range is that of
 * clock-nanosleep.never-early up to 10 ms, which keeps four clocks
 * under 0.1 s). Each timer's sival_int is its own, so the signal taken must
 * name it. The wake time is read on the timer's clock right after
 * sigtimedwait returns: later than the expiry, never earlier, so a wake
 * before the deadline is the kernel's. A relative deadline is the clock
 * read before timer_settime plus the delay: the kernel's is later still.
 */
static const int64_t never_early_delays_ns[] = { 10, TL_NS_PER_US, 50 * TL_NS_PER_US,
						 TL_NS_PER_MS, 10 * TL_NS_PER_MS };

enum tl_verdict
posix_timer_judge_never_early(struct tl_check_ctx *ctx,
			      const struct posix_timer_never_early_seen *seen)
{
	enum tl_verdict stepped =
		check_judge_clock_step(ctx, seen->clock, seen->stepped_ns);
	int64_t closest_ns = INT64_MAX;

	if (stepped != TL_VERDICT_PASS)
		return stepped;
	for (size_t i = 0; i < seen->count; i++) {
		const struct posix_timer_sample *sample = &seen->samples[i];
		const char *arm = sample->absolute ? "abs" : "rel";
		int64_t late_ns = sample->wake_ns - sample->deadline_ns;

		if (!sample->received)
			return tl_check_fail(
				ctx, "%s %s %lld ns: no signal within %.0f s",
				seen->clock, arm, (long long)sample->delay_ns,
				(double)POSIX_TIMER_SIGNAL_WAIT_NS / 1e9);
		if (sample->si_code != SI_TIMER ||
		    sample->value_received != sample->value_sent)
			return tl_check_fail(
				ctx,
				"%s %s %lld ns: si_code %d, si_value %d, expected SI_TIMER and %d (the signal must name its timer)",
				seen->clock, arm, (long long)sample->delay_ns,
				sample->si_code, sample->value_received,
				sample->value_sent);
		if (late_ns < 0)
			return tl_check_fail(
				ctx, "%s %s %lld ns: woke %lld ns early", seen->clock,
				arm, (long long)sample->delay_ns, (long long)-late_ns);
		if (late_ns < closest_ns)
			closest_ns = late_ns;
	}
	if (seen->count == 0)
		return tl_check_error(ctx, "no sample taken");
	return tl_check_pass(
		ctx,
		"%s: %zu one-shot timers, abs and rel, none early, each signal naming its timer; closest %lld ns after its deadline",
		seen->clock, seen->count, (long long)closest_ns);
}

/* One sample: 0, or -errno when the timer could not be made. */
static int never_early_sample(clockid_t clock, struct posix_timer_sample *sample)
{
	struct itimerspec spec = { .it_value = tl_timespec_from_ns(sample->delay_ns) };
	siginfo_t info;
	timer_t timer;
	int err = check_timer_create(clock, SIGEV_SIGNAL, SIGRTMIN, sample->value_sent,
				     &timer);

	if (err)
		return err;
	sample->deadline_ns = tl_now_ns(clock) + sample->delay_ns;
	if (sample->absolute)
		spec.it_value = tl_timespec_from_ns(sample->deadline_ns);
	if (timer_settime(timer, sample->absolute ? TIMER_ABSTIME : 0, &spec, NULL) < 0) {
		err = -errno;
		timer_delete(timer);
		return err;
	}
	err = check_signal_take(SIGRTMIN, sample->delay_ns + POSIX_TIMER_SIGNAL_WAIT_NS,
				&info, NULL, NULL);
	sample->wake_ns = tl_now_ns(clock);
	timer_delete(timer);
	if (err < 0)
		return err;
	sample->received = err == 1;
	sample->si_code = info.si_code;
	sample->value_received = info.si_value.sival_int;
	return 0;
}

static enum tl_verdict never_early_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	struct posix_timer_never_early_seen seen = { .clock = tl_clock_name(clock) };
	size_t delays = sizeof(never_early_delays_ns) / sizeof(never_early_delays_ns[0]);
	int64_t offset_ns;
	int err;

	err = check_signal_block(SIGRTMIN);
	if (err)
		return tl_check_error(ctx, "sigprocmask: %s", strerrorname_np(-err));
	offset_ns = check_clock_offset_ns(clock);
	for (size_t i = 0; i < 2 * delays; i++) {
		struct posix_timer_sample *sample = &seen.samples[seen.count++];

		sample->delay_ns = never_early_delays_ns[i % delays];
		sample->absolute = i < delays;
		sample->value_sent = CHECK_SIGNAL_MAGIC + (int)i;
		err = never_early_sample(clock, sample);
		if (err == -EINVAL && i == 0)
			return tl_check_skip(ctx, "no POSIX timers on %s: EINVAL",
					     seen.clock);
		if (err)
			return tl_check_error(ctx, "%s timer: %s", seen.clock,
					      strerrorname_np(-err));
	}
	seen.stepped_ns = check_clock_offset_ns(clock) - offset_ns;
	return posix_timer_judge_never_early(ctx, &seen);
}

TL_CHECK_ON_CLOCK(never_early, realtime, CLOCK_REALTIME)
TL_CHECK_ON_CLOCK(never_early, monotonic, CLOCK_MONOTONIC)
TL_CHECK_ON_CLOCK(never_early, boottime, CLOCK_BOOTTIME)
TL_CHECK_ON_CLOCK(never_early, tai, CLOCK_TAI)

#define NEVER_EARLY_CHECK(clock)                                                         \
	{                                                                                \
		.name = "posix-timer.never-early." #clock,                               \
		.summary = "one-shot abs and rel 10 ns..10 ms on " #clock                \
			   ", SIGRTMIN: si_value names the timer, wake >= deadline",     \
		.run = never_early_##clock,                                              \
	}

const struct tl_check tl_check_posix_timer_never_early_realtime =
	NEVER_EARLY_CHECK(realtime);
const struct tl_check tl_check_posix_timer_never_early_monotonic =
	NEVER_EARLY_CHECK(monotonic);
const struct tl_check tl_check_posix_timer_never_early_boottime =
	NEVER_EARLY_CHECK(boottime);
const struct tl_check tl_check_posix_timer_never_early_tai = NEVER_EARLY_CHECK(tai);

/*
 * posix-timer.oneshot-once: a 20 ms one-shot timer, its signal handled,
 * then a wait of 5 x its delay from the arming, measured: exactly one
 * signal. 20 ms rather than longer keeps the check at 0.1 s; what is
 * judged, that a one-shot timer is not re-armed, needs several of its
 * delays to pass, not a long one. A signal the kernel sent before the wait
 * ends is delivered as the sleep returns, before the count.
 */
#define ONESHOT_DELAY_NS (20 * TL_NS_PER_MS)
#define ONESHOT_WAIT_DELAYS 5

enum tl_verdict
posix_timer_judge_oneshot_once(struct tl_check_ctx *ctx,
			       const struct posix_timer_oneshot_seen *seen)
{
	int signals = seen->caught.signals + seen->pending;
	double waited_ms = (double)seen->waited_ns / 1e6;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGRTMIN from another sender arrived");
	if (seen->waited_ns < seen->delay_ns)
		return tl_check_error(ctx, "waited %.1f ms, less than the %.1f ms delay",
				      waited_ms, (double)seen->delay_ns / 1e6);
	if (signals != 1)
		return tl_check_fail(
			ctx,
			"%d signals in %.1f ms from one %.0f ms one-shot, expected exactly 1",
			signals, waited_ms, (double)seen->delay_ns / 1e6);
	return tl_check_pass(ctx, "1 signal in %.1f ms from a %.0f ms one-shot",
			     waited_ms, (double)seen->delay_ns / 1e6);
}

static enum tl_verdict oneshot_once_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_oneshot_seen seen = { .delay_ns = ONESHOT_DELAY_NS };
	int64_t armed_ns;
	timer_t timer;
	int err;

	err = check_signal_catch(SIGRTMIN, SI_TIMER, CHECK_SIGNAL_MAGIC);
	if (!err)
		err = check_timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGRTMIN,
					 CHECK_SIGNAL_MAGIC, &timer);
	if (err)
		return tl_check_error(ctx, "sigaction/timer_create: %s",
				      strerrorname_np(-err));
	armed_ns = tl_now_ns(CLOCK_MONOTONIC);
	err = check_timer_arm_abs(timer, armed_ns + ONESHOT_DELAY_NS, 0);
	if (err)
		return tl_check_error(ctx, "timer_settime: %s", strerrorname_np(-err));
	check_sleep_until(CLOCK_MONOTONIC,
			  armed_ns + ONESHOT_WAIT_DELAYS * ONESHOT_DELAY_NS);
	check_signal_block(SIGRTMIN);
	seen.waited_ns = tl_now_ns(CLOCK_MONOTONIC) - armed_ns;
	check_signal_caught(&seen.caught);
	seen.pending = check_signal_pending(SIGRTMIN);
	return posix_timer_judge_oneshot_once(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_oneshot_once = {
	.name = "posix-timer.oneshot-once",
	.summary = "20 ms one-shot, then a wait of 5 x its delay: exactly one signal",
	.run = oneshot_once_run,
};

/*
 * posix-timer.disarm: a 20 ms periodic timer, disarmed at once with
 * it_value 0 (and an it_interval, which must not matter), then a wait of
 * 5 x its delay: timer_gettime says 0 and no signal came. As in
 * oneshot-once, several delays suffice to see that nothing fires. Only a
 * stall past the first deadline before the disarming call could make a
 * signal right: that attempt is measured and made again.
 */
#define DISARM_DELAY_NS (20 * TL_NS_PER_MS)
#define DISARM_WAIT_DELAYS 5
#define DISARM_ATTEMPTS 3

enum tl_verdict posix_timer_judge_disarm(struct tl_check_ctx *ctx,
					 const struct posix_timer_disarm_seen *seen)
{
	int signals = seen->caught.signals + seen->pending;
	double waited_ms = (double)seen->waited_ns / 1e6;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGRTMIN from another sender arrived");
	if (seen->late)
		return tl_check_error(
			ctx,
			"stalled past the first deadline before disarming: a signal may be right");
	/* it was armed: what was left of its first delay, > 0 */
	if (seen->old_value_ns <= 0 || seen->old_value_ns > seen->delay_ns)
		return tl_check_fail(
			ctx,
			"the disarming timer_settime returned an old it_value of %lld ns, expected 1..%lld",
			(long long)seen->old_value_ns, (long long)seen->delay_ns);
	if (seen->value_ns != 0)
		return tl_check_fail(ctx,
				     "timer_gettime says %lld ns left after disarming",
				     (long long)seen->value_ns);
	if (signals)
		return tl_check_fail(ctx, "%d signals in %.1f ms after disarming",
				     signals, waited_ms);
	return tl_check_pass(ctx, "it_value 0 and no signal in %.1f ms after disarming",
			     waited_ms);
}

static int disarm_observe(struct posix_timer_disarm_seen *seen)
{
	struct itimerspec off = { .it_interval = tl_timespec_from_ns(DISARM_DELAY_NS) };
	struct itimerspec old, now;
	int64_t first_ns, disarmed_ns;
	timer_t timer;
	int err;

	memset(seen, 0, sizeof(*seen));
	seen->delay_ns = DISARM_DELAY_NS;
	err = check_signal_catch(SIGRTMIN, SI_TIMER, CHECK_SIGNAL_MAGIC);
	if (!err)
		err = check_signal_unblock(SIGRTMIN);
	if (!err)
		err = check_timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGRTMIN,
					 CHECK_SIGNAL_MAGIC, &timer);
	if (err)
		return err;
	first_ns = tl_now_ns(CLOCK_MONOTONIC) + DISARM_DELAY_NS;
	err = check_timer_arm_abs(timer, first_ns, DISARM_DELAY_NS);
	if (!err && timer_settime(timer, 0, &off, &old) < 0)
		err = -errno;
	/* disarmed by now: if that is before the deadline, nothing expired */
	disarmed_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen->late = disarmed_ns >= first_ns;
	if (err)
		return err;
	seen->old_value_ns = tl_ns_from_timespec(&old.it_value);
	check_sleep_until(CLOCK_MONOTONIC,
			  disarmed_ns + DISARM_WAIT_DELAYS * DISARM_DELAY_NS);
	check_signal_block(SIGRTMIN);
	seen->waited_ns = tl_now_ns(CLOCK_MONOTONIC) - disarmed_ns;
	if (timer_gettime(timer, &now) < 0)
		return -errno;
	seen->value_ns = tl_ns_from_timespec(&now.it_value);
	check_signal_caught(&seen->caught);
	seen->pending = check_signal_pending(SIGRTMIN);
	timer_delete(timer);
	/* what a late attempt left pending must not reach the next */
	check_signal_take(SIGRTMIN, 0, NULL, NULL, NULL);
	return 0;
}

static enum tl_verdict disarm_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_disarm_seen seen;

	for (int attempt = 0; attempt < DISARM_ATTEMPTS; attempt++) {
		int err = disarm_observe(&seen);

		if (err)
			return tl_check_error(ctx, "timer: %s", strerrorname_np(-err));
		if (!seen.late)
			break;
		tl_check_diag(ctx, "attempt %d: stalled past the first deadline, again",
			      attempt + 1);
	}
	return posix_timer_judge_disarm(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_disarm = {
	.name = "posix-timer.disarm",
	.summary =
		"timer_settime with it_value 0 on a running timer: disarmed, no signal",
	.run = disarm_run,
};

/*
 * posix-timer.exact-ids, as the kernel's selftest (check_timer_create_exact)
 * has it: with prctl(PR_TIMER_CREATE_RESTORE_IDS, ON), which CRIU uses to
 * restore timers, timer_create reads the id wanted from the pointer it
 * writes the id to, and must create exactly that one; turned OFF, it
 * ignores what the pointer holds and hands ids out as before. The prctl
 * came in 6.15 (commit ec2d0c04624b, posix-timers: Provide a mechanism to
 * allocate a given timer ID); a kernel that does not know it returns
 * EINVAL: a skip. glibc's timer_create passes a pointer of its own, so the
 * system calls are made directly.
 */
#ifndef PR_TIMER_CREATE_RESTORE_IDS
#define PR_TIMER_CREATE_RESTORE_IDS 77
#define PR_TIMER_CREATE_RESTORE_IDS_OFF 0
#define PR_TIMER_CREATE_RESTORE_IDS_ON 1
#define PR_TIMER_CREATE_RESTORE_IDS_GET 2
#endif
/* ids asked for lie this far above the first one handed out, and a stale
 * value left in the pointer that far again: neither is what the allocator
 * would give next */
#define EXACT_IDS_AHEAD 8
#define EXACT_IDS_STALE 1000

enum tl_verdict posix_timer_judge_exact_ids(struct tl_check_ctx *ctx,
					    const struct posix_timer_exact_ids_seen *seen)
{
	if (seen->on_error == EINVAL)
		return tl_check_skip(
			ctx,
			"prctl(PR_TIMER_CREATE_RESTORE_IDS) unknown to this kernel (EINVAL): it came in 6.15");
	if (seen->on_error)
		return tl_check_error(ctx, "prctl(PR_TIMER_CREATE_RESTORE_IDS, ON): %s",
				      check_errno_name(seen->on_error));
	if (seen->on_reads != 1)
		return tl_check_fail(
			ctx,
			"PR_TIMER_CREATE_RESTORE_IDS_GET gave %d once on, expected 1",
			seen->on_reads);
	if (seen->create_error)
		return tl_check_fail(ctx, "timer_create of id %d with exact ids on: %s",
				     seen->asked_id,
				     check_errno_name(seen->create_error));
	if (seen->got_id != seen->asked_id)
		return tl_check_fail(ctx, "timer_create gave id %d, asked for %d",
				     seen->got_id, seen->asked_id);
	if (seen->off_reads != 0)
		return tl_check_fail(
			ctx,
			"PR_TIMER_CREATE_RESTORE_IDS_GET gave %d once off, expected 0",
			seen->off_reads);
	if (seen->after_error)
		return tl_check_fail(ctx, "timer_create once exact ids were off: %s",
				     check_errno_name(seen->after_error));
	if (seen->after_id == seen->preset_id || seen->after_id < 0)
		return tl_check_fail(
			ctx,
			"once exact ids were off timer_create gave id %d, the value the pointer held (%d): still exact",
			seen->after_id, seen->preset_id);
	return tl_check_pass(
		ctx,
		"asked for id %d and got it; off again, the pointer holding %d, timer_create gave id %d",
		seen->asked_id, seen->preset_id, seen->after_id);
}

/* timer_create(CLOCK_MONOTONIC, NULL, id) and its timer_delete, by system
 * call; 0 or an errno. */
static int exact_ids_create(int *id)
{
	int err = syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, id) < 0 ? errno : 0;

	if (!err)
		syscall(SYS_timer_delete, *id);
	return err;
}

static void exact_ids_observe(struct posix_timer_exact_ids_seen *seen)
{
	int first = -1;

	/* the first id the allocator gives here, for reference */
	if (exact_ids_create(&first))
		first = 0;
	if (prctl(PR_TIMER_CREATE_RESTORE_IDS, PR_TIMER_CREATE_RESTORE_IDS_ON, 0, 0, 0) <
	    0) {
		seen->on_error = errno;
		return;
	}
	seen->on_reads = prctl(PR_TIMER_CREATE_RESTORE_IDS,
			       PR_TIMER_CREATE_RESTORE_IDS_GET, 0, 0, 0);
	seen->asked_id = seen->got_id = first + EXACT_IDS_AHEAD;
	seen->create_error = exact_ids_create(&seen->got_id);
	prctl(PR_TIMER_CREATE_RESTORE_IDS, PR_TIMER_CREATE_RESTORE_IDS_OFF, 0, 0, 0);
	seen->off_reads = prctl(PR_TIMER_CREATE_RESTORE_IDS,
				PR_TIMER_CREATE_RESTORE_IDS_GET, 0, 0, 0);
	seen->preset_id = seen->after_id = seen->asked_id + EXACT_IDS_STALE;
	seen->after_error = exact_ids_create(&seen->after_id);
}

static enum tl_verdict exact_ids_run(struct tl_check_ctx *ctx)
{
	struct posix_timer_exact_ids_seen seen = { 0 };

	exact_ids_observe(&seen);
	return posix_timer_judge_exact_ids(ctx, &seen);
}

const struct tl_check tl_check_posix_timer_exact_ids = {
	.name = "posix-timer.exact-ids",
	.summary =
		"prctl(PR_TIMER_CREATE_RESTORE_IDS) on: timer_create gives the id asked for; off again: ids handed out as before (skip where the prctl is unknown)",
	.run = exact_ids_run,
};
