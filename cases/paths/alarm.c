/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * alarm: alarm(2), SIGALRM to an SA_SIGINFO handler, the loop waiting in
 * sigsuspend. alarm takes a delay in whole seconds and nothing else: rel is
 * its only arm, and the plan runs it at 1 s or more (granularity_ns) with
 * few samples unless asked. The kernel sends the signal from ITIMER_REAL on
 * its monotonic clock, with si_code SI_KERNEL, which is how ours is told
 * from a kill.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "itimer-real.h"
#include "path.h"
#include "signal-wait.h"

static const char *const alarm_variants[] = { "handler", NULL };
static const char *const alarm_signals[] = { "alrm", NULL };

struct alarm_state {
	unsigned seconds;
	struct tl_signal_wait wait;
};

static struct alarm_state alarm_state;

static const char *alarm_unsupported(const struct tl_cell *cell)
{
	const char *clock_unsupported = tl_itimer_real_clock_unsupported(cell->clock);

	if (clock_unsupported)
		return clock_unsupported;
	if (cell->arm == TL_ARM_ABS)
		return "alarm takes whole seconds of delay: an absolute deadline cannot be emulated";
	if (cell->arm == TL_ARM_PERIODIC)
		return "alarm has no periodic reload: each call arms one expiry";
	if (cell->interval_ns % TL_NS_PER_S)
		return "alarm counts in whole seconds: the interval is not a whole number of them";
	return NULL;
}

static int alarm_open(struct tl_probe *probe)
{
	struct alarm_state *state = &alarm_state;
	const struct tl_signal_match match = { SI_KERNEL, NULL };

	state->seconds = (unsigned)(probe->cell.interval_ns / TL_NS_PER_S);
	probe->state = state;
	return tl_signal_wait_open(&state->wait, SIGALRM, TL_SIGNAL_HANDLER,
				   probe->cell.clock, &match);
}

/* rel only: the loop read the clock right before this call. */
static int alarm_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	struct alarm_state *state = probe->state;

	(void)deadline_ns;
	alarm(state->seconds);
	return 0;
}

static int alarm_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	struct alarm_state *state = probe->state;

	return tl_signal_wait_wake(&state->wait, probe->shared, wake);
}

/* The alarm goes first, so that nothing sends SIGALRM while the wait drains
 * it and restores the mask. */
static void alarm_close(struct tl_probe *probe)
{
	struct alarm_state *state = probe->state;

	alarm(0);
	tl_signal_wait_close(&state->wait);
	probe->state = NULL;
}

const struct tl_path tl_path_alarm = {
	.name = "alarm",
	.summary = "alarm(2) in whole seconds, SIGALRM to a handler",
	.variants = alarm_variants,
	.signals = alarm_signals,
	.granularity_ns = TL_NS_PER_S,
	.unsupported = alarm_unsupported,
	.open = alarm_open,
	.arm = alarm_arm,
	.wait = alarm_wait,
	.close = alarm_close,
};
