/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks of signal queuing (group signal). */
#include "signal.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "check-helpers.h"

/* signal.std-vs-rt-queue */

/*
 * Exact, and independent of time: a standard signal sent while one is
 * already pending is merged into it, so three SIGALRM give one; real-time
 * signals queue, so three SIGRTMIN give three, delivered in the order sent
 * (POSIX: signals of one real-time number are delivered first in, first
 * out), which their si_value 0, 1, 2 shows. Which SIGALRM's si_value
 * survives is not specified: it is only reported.
 */
enum tl_verdict signal_judge_std_vs_rt_queue(struct tl_check_ctx *ctx,
					     const struct signal_queue_seen *seen)
{
	if (seen->queue_err)
		return tl_check_error(ctx, "sigqueue: %s",
				      check_errno_name(seen->queue_err));
	if (seen->standard != 1)
		return tl_check_fail(
			ctx,
			"%d SIGALRM delivered of %d queued while blocked, expected 1: a standard signal does not queue",
			seen->standard, SIGNAL_QUEUE_SENT);
	if (seen->realtime != SIGNAL_QUEUE_SENT)
		return tl_check_fail(
			ctx,
			"%d SIGRTMIN delivered of %d queued while blocked, expected %d: real-time signals queue",
			seen->realtime, SIGNAL_QUEUE_SENT, SIGNAL_QUEUE_SENT);
	for (int i = 0; i < SIGNAL_QUEUE_SENT; i++)
		if (seen->realtime_values[i] != i)
			return tl_check_fail(
				ctx,
				"SIGRTMIN number %d delivered carried si_value %d, expected %d: not in the order sent",
				i + 1, seen->realtime_values[i], i);
	if (seen->still_pending)
		return tl_check_fail(ctx,
				     "a signal was still pending after the deliveries");
	return tl_check_pass(ctx,
			     "1 SIGALRM (si_value %d) and %d SIGRTMIN in the order sent",
			     seen->standard_value, seen->realtime);
}

static volatile sig_atomic_t queue_standard, queue_standard_value, queue_realtime;
static volatile sig_atomic_t queue_realtime_values[SIGNAL_QUEUE_SENT];

static void queue_handler(int signo, siginfo_t *info, void *context)
{
	(void)context;
	if (signo == SIGALRM) {
		if (queue_standard++ == 0)
			queue_standard_value = info->si_value.sival_int;
	} else {
		if (queue_realtime < SIGNAL_QUEUE_SENT)
			queue_realtime_values[queue_realtime] = info->si_value.sival_int;
		queue_realtime++;
	}
}

static enum tl_verdict std_vs_rt_queue_run(struct tl_check_ctx *ctx)
{
	struct sigaction action = { .sa_sigaction = queue_handler,
				    .sa_flags = SA_SIGINFO };
	struct signal_queue_seen seen = { 0 };
	sigset_t set, pending;
	pid_t self = getpid();

	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigaddset(&set, SIGRTMIN);
	/* each handler blocks both, so they run one after the other */
	action.sa_mask = set;
	if (sigaction(SIGALRM, &action, NULL) < 0 ||
	    sigaction(SIGRTMIN, &action, NULL) < 0 ||
	    sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return tl_check_error(ctx, "sigaction/sigprocmask: %s",
				      strerrorname_np(errno));
	for (int i = 0; i < SIGNAL_QUEUE_SENT && !seen.queue_err; i++) {
		union sigval value = { .sival_int = i };

		if (sigqueue(self, SIGALRM, value) < 0 ||
		    sigqueue(self, SIGRTMIN, value) < 0)
			seen.queue_err = errno;
	}
	/* every pending signal is delivered on the way out of this call */
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, &set, NULL);
	seen.standard = queue_standard;
	seen.standard_value = queue_standard_value;
	seen.realtime = queue_realtime;
	for (int i = 0; i < SIGNAL_QUEUE_SENT; i++)
		seen.realtime_values[i] = queue_realtime_values[i];
	seen.still_pending =
		sigpending(&pending) == 0 &&
		(sigismember(&pending, SIGALRM) || sigismember(&pending, SIGRTMIN));
	return signal_judge_std_vs_rt_queue(ctx, &seen);
}

const struct tl_check tl_check_signal_std_vs_rt_queue = {
	.name = "signal.std-vs-rt-queue",
	.summary =
		"3 sigqueue'd SIGALRM and 3 SIGRTMIN while blocked: 1 SIGALRM and 3 SIGRTMIN delivered, in the order sent",
	.run = std_vs_rt_queue_run,
};
