/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clock-nanosleep: clock_nanosleep(2), the baseline cyclictest measures.
 * abs sleeps to TIMER_ABSTIME deadlines, rel sleeps one interval; there is
 * no periodic arming, since every sleep is armed by the call itself.
 */
#include <errno.h>
#include <stddef.h>

#include "../../lib/time.h"
#include "path.h"

struct nanosleep_state {
	int flags; /* TIMER_ABSTIME for abs, 0 for rel */
	struct timespec target; /* abs: the deadline */
	struct timespec interval; /* rel: the delay */
	const struct timespec *request;
};

static struct nanosleep_state nanosleep_state;

static const char *nanosleep_unsupported(const struct tl_cell *cell)
{
	if (cell->arm == TL_ARM_PERIODIC)
		return "clock_nanosleep has no periodic arming: each sleep arms itself";
	switch (cell->clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_REALTIME:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return NULL;
	default:
		return "clock_nanosleep does not sleep on this clock";
	}
}

static int nanosleep_open(struct tl_probe *probe)
{
	struct nanosleep_state *state = &nanosleep_state;

	state->interval = tl_timespec_from_ns(probe->cell.interval_ns);
	if (probe->cell.arm == TL_ARM_ABS) {
		state->flags = TIMER_ABSTIME;
		state->request = &state->target;
	} else {
		state->flags = 0;
		state->request = &state->interval;
	}
	probe->state = state;
	return 0;
}

/* The sleep itself is the arming call; abs only needs to know where to. */
static int nanosleep_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	struct nanosleep_state *state = probe->state;

	state->target = tl_timespec_from_ns(deadline_ns);
	return 0;
}

static int nanosleep_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	struct nanosleep_state *state = probe->state;
	const struct timespec *request = state->request;
	struct timespec remaining;
	int err;

	/* No handler is installed in a measuring child, so EINTR is rare
	 * (a stop/continue); resume with what was left. */
	while ((err = clock_nanosleep(probe->cell.clock, state->flags, request,
				      &remaining)) == EINTR) {
		if (!state->flags)
			request = &remaining;
	}
	int clock_err = tl_clock_read(probe->cell.clock, &wake->wake_ns);

	wake->expirations = 1;
	return err ? -err : clock_err;
}

static void nanosleep_close(struct tl_probe *probe)
{
	probe->state = NULL;
}

const struct tl_path tl_path_clock_nanosleep = {
	.name = "clock-nanosleep",
	.summary =
		"clock_nanosleep(2) to an absolute or relative target (the cyclictest baseline)",
	.variants = NULL,
	.signals = NULL,
	.unsupported = nanosleep_unsupported,
	.open = nanosleep_open,
	.arm = nanosleep_arm,
	.wait = nanosleep_wait,
	.close = nanosleep_close,
};
