/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of setitimer(2) on ITIMER_REAL (group setitimer); those of the
 * CPU-time itimers are in setitimer-cpu.c. Each run() observes, each judge
 * decides (setitimer.h).
 *
 * ITIMER_REAL runs on CLOCK_MONOTONIC and sends SIGALRM from the kernel
 * (si_code SI_KERNEL: a SIGALRM with another code was sent by someone).
 * A periodic one is re-armed when its SIGALRM is dequeued, for the first
 * deadline of its grid after that moment: deadlines that pass while the
 * signal waits are skipped without a count.
 */
#include "setitimer.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "../../lib/time.h"
#include "check-helpers.h"

/*
 * setitimer.old-value: ITIMER_REAL set to 10 s every 5 s, then set again:
 * the old it_interval is exact (microseconds hold it exactly), the old
 * it_value at most the value set and at least that less the time measured
 * between the calls. The kernel cuts the remainder to microseconds, so the
 * lower bound allows one microsecond more.
 */
#define OLD_VALUE_VALUE_NS (10 * TL_NS_PER_S)
#define OLD_VALUE_INTERVAL_NS (5 * TL_NS_PER_S)

enum tl_verdict setitimer_judge_old_value(struct tl_check_ctx *ctx,
					  const struct setitimer_old_value_seen *seen)
{
	int64_t low = seen->value_ns - seen->between_ns - TL_NS_PER_US;

	if (seen->old_interval_ns != seen->interval_ns)
		return tl_check_fail(ctx, "old it_interval %lld ns, expected %lld",
				     (long long)seen->old_interval_ns,
				     (long long)seen->interval_ns);
	if (seen->old_value_ns > seen->value_ns || seen->old_value_ns < low)
		return tl_check_fail(ctx, "old it_value %lld ns, expected %lld..%lld",
				     (long long)seen->old_value_ns, (long long)low,
				     (long long)seen->value_ns);
	return tl_check_pass(
		ctx,
		"old it_interval exact, old it_value %lld ns (%lld ns less than set, %lld ns between the calls)",
		(long long)seen->old_value_ns,
		(long long)(seen->value_ns - seen->old_value_ns),
		(long long)seen->between_ns);
}

static enum tl_verdict old_value_run(struct tl_check_ctx *ctx)
{
	struct setitimer_old_value_seen seen = { .value_ns = OLD_VALUE_VALUE_NS,
						 .interval_ns = OLD_VALUE_INTERVAL_NS };
	struct itimerval first = { setitimer_timeval(OLD_VALUE_INTERVAL_NS),
				   setitimer_timeval(OLD_VALUE_VALUE_NS) };
	struct itimerval off = { { 0, 0 }, { 0, 0 } }, old;
	int64_t before_ns = tl_now_ns(CLOCK_MONOTONIC);

	/* never fires here (10 s); disarmed below all the same */
	if (setitimer(ITIMER_REAL, &first, NULL) < 0 ||
	    setitimer(ITIMER_REAL, &off, &old) < 0)
		return tl_check_error(ctx, "setitimer: %s", strerrorname_np(errno));
	seen.between_ns = tl_now_ns(CLOCK_MONOTONIC) - before_ns;
	seen.old_value_ns = tl_ns_from_timeval(&old.it_value);
	seen.old_interval_ns = tl_ns_from_timeval(&old.it_interval);
	return setitimer_judge_old_value(ctx, &seen);
}

const struct tl_check tl_check_setitimer_old_value = {
	.name = "setitimer.old-value",
	.summary =
		"ITIMER_REAL set, then set again: old it_interval exact, old it_value <= the value set",
	.run = old_value_run,
};

/*
 * setitimer.real-fires: a 100 ms one-shot ITIMER_REAL with SIGALRM blocked
 * and taken with sigtimedwait: never before the deadline (the clock read
 * before setitimer plus 100 ms; the kernel's is later), then nothing left
 * armed and no second SIGALRM in another 100 ms.
 */
#define REAL_FIRES_VALUE_NS (100 * TL_NS_PER_MS)
/* the signal is pending at the deadline; a second more is only how long
 * we wait before calling it lost */
#define REAL_FIRES_WAIT_NS TL_NS_PER_S

enum tl_verdict setitimer_judge_real_fires(struct tl_check_ctx *ctx,
					   const struct setitimer_real_fires_seen *seen)
{
	int64_t late_ns = seen->wake_ns - seen->deadline_ns;

	if (!seen->received)
		return tl_check_fail(ctx,
				     "no SIGALRM within %.1f s of a %.0f ms ITIMER_REAL",
				     (double)(seen->value_ns + REAL_FIRES_WAIT_NS) / 1e9,
				     (double)seen->value_ns / 1e6);
	if (seen->si_code != SI_KERNEL)
		return tl_check_error(ctx, "a SIGALRM from another sender (si_code %d)",
				      seen->si_code);
	if (late_ns < 0)
		return tl_check_fail(ctx, "SIGALRM %lld ns before the deadline",
				     (long long)-late_ns);
	if (seen->left_ns != 0)
		return tl_check_fail(ctx,
				     "ITIMER_REAL still armed after it fired: %lld ns",
				     (long long)seen->left_ns);
	if (seen->more)
		return tl_check_fail(ctx, "%d more SIGALRM in the %.0f ms after it",
				     seen->more, (double)seen->more_wait_ns / 1e6);
	return tl_check_pass(
		ctx, "one SIGALRM, %.3f ms after the deadline; none in the %.0f ms after",
		(double)late_ns / 1e6, (double)seen->more_wait_ns / 1e6);
}

static enum tl_verdict real_fires_run(struct tl_check_ctx *ctx)
{
	struct setitimer_real_fires_seen seen = { .value_ns = REAL_FIRES_VALUE_NS,
						  .more_wait_ns = REAL_FIRES_VALUE_NS };
	struct itimerval once = { { 0, 0 }, setitimer_timeval(REAL_FIRES_VALUE_NS) },
			 left;
	siginfo_t info = { 0 };
	int taken;

	taken = check_signal_block(SIGALRM);
	if (taken)
		return tl_check_error(ctx, "sigprocmask: %s", strerrorname_np(-taken));
	seen.deadline_ns = tl_now_ns(CLOCK_MONOTONIC) + REAL_FIRES_VALUE_NS;
	if (setitimer(ITIMER_REAL, &once, NULL) < 0)
		return tl_check_error(ctx, "setitimer: %s", strerrorname_np(errno));
	taken = check_signal_take(SIGALRM, REAL_FIRES_VALUE_NS + REAL_FIRES_WAIT_NS,
				  &info, NULL, &seen.wake_ns);
	if (taken < 0)
		return tl_check_error(ctx, "sigtimedwait: %s", strerrorname_np(-taken));
	seen.received = taken == 1;
	seen.si_code = info.si_code;
	if (getitimer(ITIMER_REAL, &left) < 0)
		return tl_check_error(ctx, "getitimer: %s", strerrorname_np(errno));
	seen.left_ns = tl_ns_from_timeval(&left.it_value);
	while (seen.received && seen.more < 10 &&
	       check_signal_take(SIGALRM, seen.more_wait_ns, NULL, NULL, NULL) == 1)
		seen.more++;
	return setitimer_judge_real_fires(ctx, &seen);
}

const struct tl_check tl_check_setitimer_real_fires = {
	.name = "setitimer.real-fires",
	.summary = "100 ms one-shot ITIMER_REAL: one SIGALRM, never early",
	.run = real_fires_run,
};

/*
 * setitimer.periodic: ITIMER_REAL every 10 ms for about 200 ms (20
 * periods show the count as well as more would),
 * each SIGALRM handled and its time kept. The deadlines lie on a grid:
 * the first at the setitimer plus 10 ms (between our reads around it),
 * then every 10 ms. Delivery k serves a deadline no earlier than the k-th,
 * so it must come after that; the count must equal the deadlines passed.
 */
#define PERIODIC_INTERVAL_NS (10 * TL_NS_PER_MS)
#define PERIODIC_RUN_NS (200 * TL_NS_PER_MS)
/* A run in which we were stalled past a deadline (see the judge) cannot
 * be counted: run again, up to this many times. */
#define PERIODIC_ATTEMPTS 3

/* Grid deadlines in (from_ns, to_ns], on the earliest grid. */
static int64_t periodic_deadlines(const struct setitimer_periodic_seen *seen,
				  int64_t from_ns, int64_t to_ns)
{
	int64_t first_ns = seen->set_before_ns + seen->interval_ns;

	return check_owed(first_ns, seen->interval_ns, to_ns) -
	       check_owed(first_ns, seen->interval_ns, from_ns);
}

bool setitimer_periodic_stalled(const struct setitimer_periodic_seen *seen)
{
	int64_t previous_ns = seen->set_before_ns;

	for (size_t k = 0; k < seen->caught.times; k++) {
		if (periodic_deadlines(seen, previous_ns, seen->caught.time_ns[k]) >= 2)
			return true;
		previous_ns = seen->caught.time_ns[k];
	}
	/* at the end, a SIGALRM sent but not yet handled is still pending */
	return seen->pending &&
	       periodic_deadlines(seen, previous_ns, seen->end_before_ns) >= 2;
}

enum tl_verdict setitimer_judge_periodic(struct tl_check_ctx *ctx,
					 const struct setitimer_periodic_seen *seen)
{
	int64_t interval_ns = seen->interval_ns;
	int64_t earliest_first_ns = seen->set_before_ns + interval_ns;
	int64_t low = check_owed(seen->set_after_ns + interval_ns, interval_ns,
				 seen->end_before_ns);
	int64_t high = check_owed(earliest_first_ns, interval_ns, seen->end_after_ns);
	int signals = seen->caught.signals + seen->pending;
	double ran_ms = (double)(seen->end_before_ns - seen->set_before_ns) / 1e6;

	if (seen->caught.foreign)
		return tl_check_error(ctx, "a SIGALRM from another sender arrived");
	for (size_t k = 0; k < seen->caught.times; k++) {
		int64_t deadline_ns = earliest_first_ns + (int64_t)k * interval_ns;

		if (seen->caught.time_ns[k] < deadline_ns)
			return tl_check_fail(
				ctx, "SIGALRM %zu came %lld ns before its deadline",
				k + 1,
				(long long)(deadline_ns - seen->caught.time_ns[k]));
	}
	/* Each SIGALRM stands for one deadline passed: never more than the
	 * deadlines owed by the last read. One fewer than owed by the first
	 * read: the last deadline's interrupt may not have run yet when we
	 * look (the catalogue's +-1 at the edge). */
	if (signals > high)
		return tl_check_fail(
			ctx, "%d SIGALRM in %.1f ms, at most %lld deadlines passed",
			signals, ran_ms, (long long)high);
	/* Fewer is right only when we were stalled past a deadline with the
	 * signal undelivered: the kernel re-arms ITIMER_REAL when SIGALRM is
	 * dequeued and skips the deadlines passed meanwhile, uncounted. */
	if (signals < low - 1 && setitimer_periodic_stalled(seen))
		return tl_check_error(
			ctx,
			"%d SIGALRM, %lld..%lld owed, but a SIGALRM came more than an interval after the one before: stalled, cannot count",
			signals, (long long)low, (long long)high);
	if (signals < low - 1)
		return tl_check_fail(ctx, "%d SIGALRM in %.1f ms, expected %lld..%lld",
				     signals, ran_ms, (long long)low, (long long)high);
	return tl_check_pass(ctx, "%d SIGALRM in %.1f ms, %lld..%lld owed, none early",
			     signals, ran_ms, (long long)low, (long long)high);
}

static int periodic_observe(struct setitimer_periodic_seen *seen)
{
	struct itimerval every = { setitimer_timeval(PERIODIC_INTERVAL_NS),
				   setitimer_timeval(PERIODIC_INTERVAL_NS) };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	int err;

	memset(seen, 0, sizeof(*seen));
	seen->interval_ns = PERIODIC_INTERVAL_NS;
	err = check_signal_catch(SIGALRM, SI_KERNEL, 0);
	if (!err)
		err = check_signal_unblock(SIGALRM);
	if (err)
		return err;
	seen->set_before_ns = tl_now_ns(CLOCK_MONOTONIC);
	if (setitimer(ITIMER_REAL, &every, NULL) < 0)
		return -errno;
	seen->set_after_ns = tl_now_ns(CLOCK_MONOTONIC);
	check_sleep_until(CLOCK_MONOTONIC, seen->set_before_ns + PERIODIC_RUN_NS);
	seen->end_before_ns = tl_now_ns(CLOCK_MONOTONIC);
	check_signal_block(SIGALRM);
	seen->end_after_ns = tl_now_ns(CLOCK_MONOTONIC);
	seen->pending = check_signal_pending(SIGALRM);
	setitimer(ITIMER_REAL, &off, NULL);
	check_signal_caught(&seen->caught);
	check_signal_take(SIGALRM, 0, NULL, NULL,
			  NULL); /* the next attempt starts clean */
	return 0;
}

static enum tl_verdict periodic_run(struct tl_check_ctx *ctx)
{
	struct setitimer_periodic_seen seen;

	for (int attempt = 0; attempt < PERIODIC_ATTEMPTS; attempt++) {
		int err = periodic_observe(&seen);

		if (err)
			return tl_check_error(ctx, "setitimer: %s",
					      strerrorname_np(-err));
		if (!setitimer_periodic_stalled(&seen))
			break;
		tl_check_diag(ctx, "attempt %d: stalled past a deadline, trying again",
			      attempt + 1);
	}
	return setitimer_judge_periodic(ctx, &seen);
}

const struct tl_check tl_check_setitimer_periodic = {
	.name = "setitimer.periodic",
	.summary =
		"10 ms ITIMER_REAL for a measured ~200 ms: SIGALRM count == expirations owed (-1), none early",
	.run = periodic_run,
};

/* setitimer.einval: an unknown timer, microseconds out of range. */
enum tl_verdict setitimer_judge_einval(struct tl_check_ctx *ctx,
				       const struct setitimer_einval_seen *seen)
{
	return check_judge_calls(ctx, seen->calls, seen->count, EINVAL);
}

static void einval_call(struct setitimer_einval_seen *seen, const char *what, int which,
			long value_usec, long interval_usec)
{
	struct itimerval value = { { 0, interval_usec }, { 1, value_usec } };
	struct check_call *call = &seen->calls[seen->count++];

	call->what = what;
	call->result = setitimer((__itimer_which_t)which, &value, NULL);
	call->error = call->result < 0 ? errno : 0;
}

static enum tl_verdict einval_run(struct tl_check_ctx *ctx)
{
	struct setitimer_einval_seen seen = { 0 };
	struct check_call *get;
	struct itimerval value;

	einval_call(&seen, "setitimer which 99", 99, 0, 0);
	get = &seen.calls[seen.count++];
	get->what = "getitimer which 99";
	get->result = getitimer((__itimer_which_t)99, &value);
	get->error = get->result < 0 ? errno : 0;
	einval_call(&seen, "setitimer it_value.tv_usec 1000000", ITIMER_REAL, 1000000, 0);
	einval_call(&seen, "setitimer it_value.tv_usec -1", ITIMER_REAL, -1, 0);
	einval_call(&seen, "setitimer it_interval.tv_usec 1000000", ITIMER_REAL, 0,
		    1000000);
	einval_call(&seen, "setitimer it_interval.tv_usec -1", ITIMER_REAL, 0, -1);
	/* none may have armed anything; disarm in case one did */
	setitimer(ITIMER_REAL, &(struct itimerval){ { 0, 0 }, { 0, 0 } }, NULL);
	return setitimer_judge_einval(ctx, &seen);
}

const struct tl_check tl_check_setitimer_einval = {
	.name = "setitimer.einval",
	.summary = "bad which; tv_usec < 0 or >= 1000000: EINVAL",
	.run = einval_run,
};
