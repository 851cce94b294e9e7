/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Waiting for a timer's signal: shared by the signal-driven paths
 * (posix-timer, setitimer, alarm), so that each of them supplies only its
 * timer. Three ways to wait:
 *
 * - handler: an SA_SIGINFO handler reads the wake time first thing (the
 *   latency rule: "at the first instruction the program runs after the
 *   wake", cases/README.md), checks that
 *   the signal is ours and stores the time in a lock-free atomic. The waiter
 *   sleeps in sigsuspend, the only place the signal is unblocked: a signal
 *   that arrived between a check and the wait would otherwise be handled
 *   before the wait and the wait would never end.
 * - sigwaitinfo: the signal stays blocked; the wake time is read right
 *   after the call returns.
 * - signalfd: the same, reading a signalfd.
 *
 * A signal is ours when its si_code is the one the timer sends (SI_TIMER for
 * timer_create, SI_KERNEL for ITIMER_REAL) and, where the timer carries a
 * value, its si_value names the timer. Anything else (a kill, a sigqueue,
 * another timer's signal) is counted in shared->stray and waited past.
 *
 * One process waits for one timer at a time (the runner forks a child per
 * cell), so the handler's state is file-static. open() blocks the signal
 * before the caller creates its timer; close(), after the caller deleted
 * it, drains what is still pending and restores action and mask.
 */
#ifndef TL_SIGNAL_WAIT_H
#define TL_SIGNAL_WAIT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "path.h"

enum tl_signal_how {
	TL_SIGNAL_HANDLER,
	TL_SIGNAL_SIGWAITINFO,
	TL_SIGNAL_SIGNALFD,
};

/* What names our timer's signal. */
struct tl_signal_match {
	int code; /* si_code the timer sends */
	const void *value; /* si_value.sival_ptr it carries, or NULL: not checked */
};

struct tl_signal_wait {
	int signo;
	enum tl_signal_how how;
	clockid_t clock;
	struct tl_signal_match match;
	int fd; /* signalfd, or -1 */
	sigset_t only; /* { signo } */
	sigset_t saved_mask; /* the mask before open */
	sigset_t suspend_mask; /* saved_mask without signo: inside sigsuspend */
	struct sigaction saved_action;
	bool mask_saved;
	bool action_saved;
};

/* One of our signals: when it woke us, and what the kernel folded into it. */
struct tl_signal_arrival {
	int64_t wake_ns; /* on the cell's clock */
	int overrun; /* si_overrun (timer_create); 0 for ITIMER_REAL */
};

/* Block signo and install what `how` needs; 0 or -errno (then nothing is
 * left changed). */
int tl_signal_wait_open(struct tl_signal_wait *wait, int signo, enum tl_signal_how how,
			clockid_t clock, const struct tl_signal_match *match);

/* Block until one of our signals arrives; strays are counted in
 * shared->stray and waited past. 0 or -errno. */
int tl_signal_wait_next(struct tl_signal_wait *wait, struct tl_shared *shared,
			struct tl_signal_arrival *arrival);

/* tl_signal_wait_next as a path's wait() gives it: the wake time, and the
 * expirations the kernel counted (1 + si_overrun; 1 for ITIMER_REAL and
 * alarm, which fold theirs silently). */
int tl_signal_wait_wake(struct tl_signal_wait *wait, struct tl_shared *shared,
			struct tl_wake *wake);

/* Discard what is still pending, close the signalfd, restore the action and
 * the mask. Safe after a failed or partial open. */
void tl_signal_wait_close(struct tl_signal_wait *wait);

#endif
