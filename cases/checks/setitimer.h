/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The setitimer checks' observations and judges (group setitimer): run()
 * observes, the judge decides, and tests drive the judges with scripted
 * observations. Times are CLOCK_MONOTONIC
 * nanoseconds; "before" and "after" are reads around the call that
 * matters.
 */
#ifndef TL_CHECKS_SETITIMER_H
#define TL_CHECKS_SETITIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/time.h>

#include "../../lib/time.h"
#include "check-helpers.h"
#include "check.h"

/* A time for setitimer, cut to the microsecond. */
static inline struct timeval setitimer_timeval(int64_t ns)
{
	struct timeval tv = { (time_t)(ns / TL_NS_PER_S),
			      (suseconds_t)(ns % TL_NS_PER_S / TL_NS_PER_US) };

	return tv;
}

/* setitimer.old-value: ITIMER_REAL set, then set again. */
struct setitimer_old_value_seen {
	int64_t value_ns, interval_ns; /* set first */
	int64_t old_value_ns, old_interval_ns; /* what the second setitimer returned */
	int64_t between_ns; /* from before the first call to after the second */
};

enum tl_verdict setitimer_judge_old_value(struct tl_check_ctx *ctx,
					  const struct setitimer_old_value_seen *seen);

/* setitimer.real-fires: a one-shot ITIMER_REAL, SIGALRM blocked and taken. */
struct setitimer_real_fires_seen {
	int64_t value_ns;
	int64_t deadline_ns; /* read before setitimer + value */
	bool received;
	int si_code;
	int64_t wake_ns; /* right after the signal was taken */
	int64_t left_ns; /* getitimer after: nothing armed */
	int more; /* SIGALRM taken in a second wait */
	int64_t more_wait_ns;
};

enum tl_verdict setitimer_judge_real_fires(struct tl_check_ctx *ctx,
					   const struct setitimer_real_fires_seen *seen);

/* setitimer.periodic: every SIGALRM of a periodic ITIMER_REAL, handled. */
struct setitimer_periodic_seen {
	int64_t interval_ns; /* it_value is the same */
	int64_t set_before_ns, set_after_ns; /* around setitimer */
	int64_t end_before_ns, end_after_ns; /* around blocking SIGALRM */
	struct check_signal_caught caught;
	bool pending; /* a SIGALRM pending once blocked */
};

enum tl_verdict setitimer_judge_periodic(struct tl_check_ctx *ctx,
					 const struct setitimer_periodic_seen *seen);
/* Whether a delivery came more than one interval after the one before:
 * then the kernel may have skipped a deadline (see the judge). */
bool setitimer_periodic_stalled(const struct setitimer_periodic_seen *seen);

/* setitimer.einval */
#define SETITIMER_EINVAL_CALLS 6

struct setitimer_einval_seen {
	size_t count;
	struct check_call calls[SETITIMER_EINVAL_CALLS];
};

enum tl_verdict setitimer_judge_einval(struct tl_check_ctx *ctx,
				       const struct setitimer_einval_seen *seen);

/* setitimer.cpu-tick: ITIMER_VIRTUAL set to a microsecond, read back. */
#define SETITIMER_CPU_TICK_READS 2

struct setitimer_cpu_tick_seen {
	int64_t value_ns; /* set */
	int64_t tick_ns; /* clock_getres(CLOCK_MONOTONIC_COARSE): 1/HZ */
	size_t count;
	int64_t read_ns[SETITIMER_CPU_TICK_READS]; /* it_value read back */
	int64_t read_interval_ns[SETITIMER_CPU_TICK_READS];
};

enum tl_verdict setitimer_judge_cpu_tick(struct tl_check_ctx *ctx,
					 const struct setitimer_cpu_tick_seen *seen);

/*
 * setitimer.virtual-fires and .prof-fires: a one-shot CPU-time itimer, the
 * CPU burnt until its signal and a while after. CPU times are the thread's
 * CLOCK_THREAD_CPUTIME_ID, exact (the check's process has one thread);
 * user and system are getrusage's split of the same span, which the kernel
 * makes from tick samples.
 */
struct setitimer_cpu_fires_seen {
	const char *timer; /* "ITIMER_VIRTUAL" */
	const char *signal; /* "SIGVTALRM" */
	bool counts_system; /* ITIMER_PROF: user and system time count */
	int64_t value_ns;
	int64_t tick_ns; /* clock_getres(CLOCK_MONOTONIC_COARSE): 1/HZ */
	int64_t armed_cpu_ns; /* read right before setitimer */
	int64_t gave_up_cpu_ns; /* no signal by this CPU time: none came */
	struct check_signal_caught caught; /* time_ns: CPU time in the handler */
	/* from before setitimer to right after the first signal */
	int64_t user_ns, system_ns;
	long switches; /* context switches, voluntary or not */
	int64_t watched_cpu_ns; /* CPU burnt after the first, watching for more */
};

enum tl_verdict setitimer_judge_cpu_fires(struct tl_check_ctx *ctx,
					  const struct setitimer_cpu_fires_seen *seen);

#endif
