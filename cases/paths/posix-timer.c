/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * posix-timer: timer_create(SIGEV_SIGNAL) with SIGRTMIN (`rtmin`, default)
 * or SIGALRM (`alrm`), delivered to an SA_SIGINFO handler (the loop waits in
 * sigsuspend), taken by sigwaitinfo, read from a signalfd, or sent with
 * SIGEV_THREAD_ID to the measuring thread itself (`thread-id`).
 *
 * thread-id waits with sigwaitinfo: it differs from `sigwaitinfo` only in
 * where the kernel queues the signal (the thread's own pending set rather
 * than the process's), so that is the one thing the pair of cells compares.
 *
 * The signal carries si_value = this path's state, which names the timer:
 * a signal with another value or another si_code than SI_TIMER is stray.
 * A periodic wake serves 1 + si_overrun deadlines: the kernel counts, at
 * dequeue, the expiries that passed while the signal was pending, and the
 * next expiry is the first after the dequeue.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "itimerspec-arming.h"
#include "path.h"
#include "signal-wait.h"

/* glibc before 2.41 has SIGEV_THREAD_ID but not the member's name. */
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

enum posix_variant { POSIX_HANDLER, POSIX_SIGWAITINFO, POSIX_SIGNALFD, POSIX_THREAD_ID };
enum posix_signal { POSIX_RTMIN, POSIX_ALRM };

static const char *const posix_variants[] = { "handler", "sigwaitinfo", "signalfd",
					      "thread-id", NULL };
static const char *const posix_signals[] = { "rtmin", "alrm", NULL };

struct posix_state {
	timer_t timer;
	bool created;
	struct tl_itimerspec_arming arming;
	struct tl_signal_wait wait;
};

static struct posix_state posix_state;

static const char *posix_unsupported(const struct tl_cell *cell)
{
	switch (cell->clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_REALTIME:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return NULL;
	default:
		return "timer_create does not take this clock";
	}
}

static enum tl_signal_how posix_how(enum posix_variant variant)
{
	switch (variant) {
	case POSIX_HANDLER:
		return TL_SIGNAL_HANDLER;
	case POSIX_SIGNALFD:
		return TL_SIGNAL_SIGNALFD;
	case POSIX_SIGWAITINFO:
	case POSIX_THREAD_ID:
	default:
		return TL_SIGNAL_SIGWAITINFO;
	}
}

static int posix_create(struct posix_state *state, const struct tl_cell *cell, int signo)
{
	struct sigevent event = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = signo,
		.sigev_value.sival_ptr = state,
	};

	if (cell->variant == POSIX_THREAD_ID) {
		event.sigev_notify = SIGEV_THREAD_ID;
		event.sigev_notify_thread_id = gettid();
	}
	if (timer_create(cell->clock, &event, &state->timer) < 0)
		return -errno;
	state->created = true;
	return 0;
}

static void posix_close(struct tl_probe *probe);

static int posix_open(struct tl_probe *probe)
{
	struct posix_state *state = &posix_state;
	const struct tl_cell *cell = &probe->cell;
	const struct tl_signal_match match = { SI_TIMER, state };
	int signo = cell->signal == POSIX_ALRM ? SIGALRM : SIGRTMIN;
	int err;

	probe->state = state;
	state->created = false;
	/* the signal is blocked before the timer that sends it exists */
	err = tl_signal_wait_open(&state->wait, signo,
				  posix_how((enum posix_variant)cell->variant),
				  cell->clock, &match);
	if (err)
		return err;
	err = posix_create(state, cell, signo);
	tl_itimerspec_arming_init(&state->arming, cell, TIMER_ABSTIME);
	if (err)
		posix_close(probe);
	return err;
}

static int posix_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	struct posix_state *state = probe->state;

	if (timer_settime(state->timer, state->arming.flags,
			  tl_itimerspec_arming_for(&state->arming, deadline_ns),
			  NULL) < 0)
		return -errno;
	return 0;
}

static int posix_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	struct posix_state *state = probe->state;

	return tl_signal_wait_wake(&state->wait, probe->shared, wake);
}

/* The timer goes first, so that nothing sends the signal while the wait
 * drains it and restores the mask. */
static void posix_close(struct tl_probe *probe)
{
	struct posix_state *state = probe->state;

	if (state->created)
		timer_delete(state->timer);
	state->created = false;
	tl_signal_wait_close(&state->wait);
	probe->state = NULL;
}

const struct tl_path tl_path_posix_timer = {
	.name = "posix-timer",
	.summary =
		"timer_create/timer_settime, SIGRTMIN or SIGALRM to a handler, sigwaitinfo, a signalfd or the thread itself",
	.variants = posix_variants,
	.signals = posix_signals,
	.unsupported = posix_unsupported,
	.open = posix_open,
	.arm = posix_arm,
	.wait = posix_wait,
	.close = posix_close,
};
