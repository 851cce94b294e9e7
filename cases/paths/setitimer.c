/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * setitimer: setitimer(ITIMER_REAL) and SIGALRM, to an SA_SIGINFO handler
 * (default; the loop waits in sigsuspend) or taken by sigwaitinfo. The timer
 * runs on the kernel's monotonic clock and takes delays in whole
 * microseconds:
 *
 * - rel arms a delay of one interval;
 * - abs is emulated: the delay is deadline - now, rounded up to the
 *   microsecond, so the expiry is never before the deadline on either
 *   reference clock (both run at the monotonic rate);
 * - periodic is emulated too: its first expiry is armed the same way, with
 *   it_interval, so the kernel's schedule runs a constant offset (the
 *   round-up and the time from our clock read to the kernel's) after the
 *   loop's deadlines; it counts the periods the kernel folds silently
 *   (setitimer_count).
 *
 * A signal is ours when si_code is SI_KERNEL: kill and sigqueue send SI_USER
 * and SI_QUEUE. SIGALRM does not queue, so a stray that arrives while the
 * timer's own signal is pending merges with it and goes unseen.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/time.h>

#include "../../lib/time.h"
#include "itimer-real.h"
#include "path.h"
#include "signal-wait.h"

/* See setitimer_count: the count is exact while the process reads the
 * timer within a few microseconds of its wake; this floor keeps that a
 * small fraction of an interval. */
#define SETITIMER_MIN_PERIODIC_NS (50 * TL_NS_PER_US)
/* A getitimer read is retried when preempted (a window over interval / 8). */
#define SETITIMER_READ_ATTEMPTS 4

enum setitimer_variant { SETITIMER_HANDLER, SETITIMER_SIGWAITINFO };

static const char *const setitimer_variants[] = { "handler", "sigwaitinfo", NULL };
static const char *const setitimer_signals[] = { "alrm", NULL };

struct setitimer_state {
	enum tl_arm arm;
	clockid_t clock;
	int64_t interval_ns;
	int64_t kernel_next_ns; /* periodic: the expiry the current wait is for */
	struct tl_signal_wait wait;
};

/* One getitimer, seen from the cell's clock. */
struct setitimer_reading {
	bool stopped; /* it_value 0: expired, waits for its signal's dequeue */
	int64_t next_ns; /* running: the kernel's next expiry */
	int64_t after_ns; /* the clock right after the read */
};

static struct setitimer_state setitimer_state;

static const char *setitimer_unsupported(const struct tl_cell *cell)
{
	const char *clock_unsupported = tl_itimer_real_clock_unsupported(cell->clock);

	if (clock_unsupported)
		return clock_unsupported;
	if (cell->interval_ns % TL_NS_PER_US)
		return "setitimer counts in microseconds: the interval is not a whole number of them";
	if (cell->arm == TL_ARM_PERIODIC && cell->interval_ns < SETITIMER_MIN_PERIODIC_NS)
		return "setitimer periodic below 50us: the periods the kernel folds silently cannot be counted exactly";
	return NULL;
}

/* ns > 0, rounded up to the microsecond: never earlier than asked. */
static struct timeval setitimer_timeval(int64_t ns)
{
	int64_t us = (ns + TL_NS_PER_US - 1) / TL_NS_PER_US;

	return (struct timeval){ .tv_sec = us / 1000000, .tv_usec = us % 1000000 };
}

static int64_t setitimer_ns(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * TL_NS_PER_S + (int64_t)tv->tv_usec * TL_NS_PER_US;
}

static int setitimer_open(struct tl_probe *probe)
{
	struct setitimer_state *state = &setitimer_state;
	const struct tl_cell *cell = &probe->cell;
	const struct tl_signal_match match = { SI_KERNEL, NULL };

	state->arm = cell->arm;
	state->clock = cell->clock;
	state->interval_ns = cell->interval_ns;
	probe->state = state;
	return tl_signal_wait_open(&state->wait, SIGALRM,
				   cell->variant == SETITIMER_HANDLER
					   ? TL_SIGNAL_HANDLER
					   : TL_SIGNAL_SIGWAITINFO,
				   cell->clock, &match);
}

static int setitimer_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	struct setitimer_state *state = probe->state;
	struct itimerval value = { { 0, 0 }, { 0, 0 } };
	int64_t before_ns = 0, delay_ns = state->interval_ns;

	int err;

	if (state->arm != TL_ARM_REL) {
		err = tl_clock_read(state->clock, &before_ns);
		if (err)
			return err;
		delay_ns = deadline_ns - before_ns;
		if (delay_ns < TL_NS_PER_US)
			delay_ns = TL_NS_PER_US; /* a zero it_value would disarm */
	}
	if (state->arm == TL_ARM_PERIODIC)
		value.it_interval = setitimer_timeval(state->interval_ns);
	value.it_value = setitimer_timeval(delay_ns);
	if (setitimer(ITIMER_REAL, &value, NULL) < 0)
		return -errno;
	if (state->arm == TL_ARM_PERIODIC) {
		/* the kernel added the delay to its clock read between ours */
		int64_t after_ns;

		err = tl_clock_read(state->clock, &after_ns);
		if (err)
			return err;
		state->kernel_next_ns = before_ns + (after_ns - before_ns) / 2 +
					setitimer_ns(&value.it_value);
	}
	return 0;
}

/* The best of a few reads: a read that was preempted says little. */
static int setitimer_read(const struct setitimer_state *state,
			  struct setitimer_reading *reading)
{
	int64_t best_ns = INT64_MAX;

	*reading = (struct setitimer_reading){ false, 0, 0 };
	for (int attempt = 0; attempt < SETITIMER_READ_ATTEMPTS; attempt++) {
		struct itimerval value;
		int64_t before_ns, after_ns;
		int err = tl_clock_read(state->clock, &before_ns);

		if (err)
			return err;
		if (getitimer(ITIMER_REAL, &value) < 0)
			return -errno;
		err = tl_clock_read(state->clock, &after_ns);
		if (err)
			return err;

		if (after_ns - before_ns < best_ns) {
			best_ns = after_ns - before_ns;
			reading->stopped =
				!value.it_value.tv_sec && !value.it_value.tv_usec;
			/* the kernel rounded the time left down to the microsecond */
			reading->next_ns = before_ns + best_ns / 2 +
					   setitimer_ns(&value.it_value) +
					   TL_NS_PER_US / 2;
			reading->after_ns = after_ns;
		}
		if (best_ns <= state->interval_ns / 8)
			break;
	}
	return 0;
}

/* Whole intervals in span_ns, rounded down; 0 for a negative span. */
static int64_t setitimer_periods(int64_t span_ns, int64_t interval_ns)
{
	return span_ns > 0 ? span_ns / interval_ns : 0;
}

/*
 * Periodic: how many deadlines a wake served, counted exactly.
 *
 * What the kernel does (kernel/time/itimer.c, kernel/signal.c):
 * 1. Expiries lie on one lattice K0 + m x interval: the first is the
 *    kernel's clock at setitimer plus the delay, and re-arming only ever
 *    adds whole intervals (hrtimer_forward).
 * 2. At an expiry the timer sends SIGALRM and stops.
 * 3. When SIGALRM is dequeued, at time D, the timer moves to the first
 *    lattice point after D and restarts. The expiries in between are folded
 *    without a count: ITIMER_REAL has no si_overrun.
 * 4. getitimer gives the time left to the next expiry, rounded down to the
 *    microsecond, or 0 while the timer is stopped at (2).
 *
 * So a wake served the lattice points from K (the expiry it waited for) to
 * the last one up to D: (N - K) / interval of them, where N is the kernel's
 * next expiry right after the dequeue; at least 1, since D >= K. Counting
 * "every deadline up to the wake time" instead is wrong: an expiry that falls
 * between the dequeue and the clock read sends a signal of its own later,
 * which the loop would then take for an early wake.
 *
 * After the wake the signal is blocked, so N is still the kernel's next
 * expiry when we read the timer, in one of two states:
 * a. running (it_value > 0): N = read time + it_value, known to within half
 *    the read's window plus half a microsecond; rounded to the lattice, the
 *    count is exact while the errors of N and K add up to less than half an
 *    interval (they are about a microsecond).
 * b. stopped (it_value 0): N passed at some time in (D, end of the read]:
 *    it is the last lattice point up to the read, exact while the process
 *    gets from the dequeue to the read in less than one interval. The count
 *    is also kept to at most the lattice points up to the wake time plus
 *    one (N - interval <= D <= wake), so a preemption between the wake and
 *    the read cannot over-count.
 *
 * K is tracked on the lattice: K0 comes from the clock reads around the
 * setitimer call, and each wake adds its count x interval. Both conditions
 * hold with a wide margin from SETITIMER_MIN_PERIODIC_NS up.
 */
static int setitimer_count(struct setitimer_state *state, int64_t wake_ns,
			   uint64_t *served)
{
	const int64_t interval = state->interval_ns, next = state->kernel_next_ns;
	struct setitimer_reading reading;
	int64_t count;
	int err = setitimer_read(state, &reading);

	if (err)
		return err;
	if (!reading.stopped) {
		count = setitimer_periods(reading.next_ns - next + interval / 2,
					  interval);
	} else {
		int64_t most = setitimer_periods(wake_ns - next, interval) + 1;

		count = setitimer_periods(reading.after_ns - next, interval);
		if (count > most)
			count = most;
	}
	if (count < 1)
		count = 1;
	state->kernel_next_ns += count * interval;
	*served = (uint64_t)count;
	return 0;
}

static int setitimer_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	struct setitimer_state *state = probe->state;
	int err = tl_signal_wait_wake(&state->wait, probe->shared, wake);

	if (err || state->arm != TL_ARM_PERIODIC)
		return err;
	return setitimer_count(state, wake->wake_ns, &wake->expirations);
}

/* The timer goes first, so that nothing sends SIGALRM while the wait drains
 * it and restores the mask. The process had no timer before (the runner's
 * child, or a test): it is disarmed, not restored. */
static void setitimer_close(struct tl_probe *probe)
{
	static const struct itimerval disarm = { { 0, 0 }, { 0, 0 } };
	struct setitimer_state *state = probe->state;

	setitimer(ITIMER_REAL, &disarm, NULL);
	tl_signal_wait_close(&state->wait);
	probe->state = NULL;
}

const struct tl_path tl_path_setitimer = {
	.name = "setitimer",
	.summary =
		"setitimer(ITIMER_REAL) in whole microseconds, SIGALRM to a handler or sigwaitinfo; abs and periodic's first expiry emulated with delays",
	.variants = setitimer_variants,
	.signals = setitimer_signals,
	.flags = TL_PATH_EMULATES(TL_ARM_ABS) | TL_PATH_EMULATES(TL_ARM_PERIODIC),
	.unsupported = setitimer_unsupported,
	.open = setitimer_open,
	.arm = setitimer_arm,
	.wait = setitimer_wait,
	.close = setitimer_close,
};
