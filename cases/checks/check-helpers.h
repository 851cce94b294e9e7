/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the checks share: names for messages, waiting out a time whatever
 * signals arrive, the deadlines a periodic timer owes, a child process that
 * answers, taking a blocked signal with the clock read around it, timers
 * that send a signal, a handler that counts what arrives, and a list of
 * calls that must fail with one errno.
 *
 * Each check observes into a small struct and hands it to a judge that
 * makes no system call, so that tests can drive the judge with scripted
 * observations (check.h, tl_check_ctx_new).
 */
#ifndef TL_CHECK_HELPERS_H
#define TL_CHECK_HELPERS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check.h"

/* The clock's name for messages, also for the clocks only checks read
 * ("monotonic-raw", "process-cputime"); "clock N" for any other. */
const char *check_clock_name(clockid_t clock);

/* errno's name ("EINVAL"), "no error" for 0, "error N" for one without a
 * name in user space (524, the kernel's ENOTSUPP). */
const char *check_errno_name(int err);

/* Sleep on clock until when_ns, through any handled signal. */
void check_sleep_until(clockid_t clock, int64_t when_ns);

/*
 * Deadlines a periodic timer whose first expiry is first_ns owes at now_ns:
 * deadline k (k >= 0) is first + k x interval and counts once it is <= now.
 */
int64_t check_owed(int64_t first_ns, int64_t interval_ns, int64_t now_ns);

/*
 * Run observe(arg, answer) in a forked child (one that dies with the
 * check's process) and copy its answer, size bytes at most
 * CHECK_ANSWER_MAX, back. 0; -ECHILD when the child ended without a
 * whole answer; -EMSGSIZE; -errno when it could not be started.
 */
#define CHECK_ANSWER_MAX 1024
int check_in_child(void (*observe)(void *arg, void *answer), void *arg, void *answer,
		   size_t size);

/* A value no other sender uses, to tell our timers' signals from others. */
#define CHECK_SIGNAL_MAGIC 0x71e7

/* Block (or unblock) one signal for the calling thread. 0 or -errno. */
int check_signal_block(int signo);
int check_signal_unblock(int signo);

/* Whether signo is pending for the thread or the process. */
bool check_signal_pending(int signo);

/*
 * Take signo, blocked, waiting at most timeout_ns (0: only if pending now).
 * 1 with *info and CLOCK_MONOTONIC read just before the call and just after
 * it returned (either may be NULL); 0 when none came; -errno otherwise.
 */
int check_signal_take(int signo, int64_t timeout_ns, siginfo_t *info, int64_t *before_ns,
		      int64_t *after_ns);

/*
 * A timer of clock sending signo with sigev_value.sival_int value
 * (SIGEV_SIGNAL), or notify another way (SIGEV_NONE). 0 or -errno.
 */
int check_timer_create(clockid_t clock, int notify, int signo, int value, timer_t *timer);
/* Armed absolute: first expiry at first_ns, then every interval_ns (0:
 * one-shot), so that deadline k is exactly first + k x interval. */
int check_timer_arm_abs(timer_t timer, int64_t first_ns, int64_t interval_ns);

/*
 * The catcher: an SA_SIGINFO handler on one signal that counts what
 * arrives. A delivery is ours when its si_code is code and, for code
 * SI_TIMER, its sival_int is value; any other is foreign (someone sent
 * it). For ours it keeps the first si_overrun, the CLOCK_MONOTONIC time of
 * the first CHECK_SIGNAL_CATCH_TIMES, and a count per thread index (see
 * check_signal_catch_thread). Each call starts the counts again, so keep the
 * signal blocked or its source quiet meanwhile. 0 or -errno.
 */
#define CHECK_SIGNAL_CATCH_TIMES 64
#define CHECK_SIGNAL_CATCH_THREADS 2

struct check_signal_caught {
	int signals; /* ours */
	int foreign;
	int first_overrun;
	int per_thread[CHECK_SIGNAL_CATCH_THREADS];
	size_t times; /* of signals, the first this many are in time_ns */
	int64_t time_ns[CHECK_SIGNAL_CATCH_TIMES];
};

int check_signal_catch(int signo, int code, int value);
/* The same with signo blocked, and the catcher's action saved to *action
 * (NULL: not saved), to put back after a while of SIG_IGN. 0 or -errno. */
int check_signal_catch_blocked(int signo, int code, int value, struct sigaction *action);
/* The calling thread's index for per_thread (0 unless set). */
void check_signal_catch_thread(int index);
/* The clock time_ns is read on, in the handler of the thread it runs on
 * (CLOCK_MONOTONIC unless set after check_signal_catch): a CPU-time clock
 * says how much CPU time had been spent when the signal came. */
void check_signal_catch_clock(clockid_t clock);
/* What arrived so far. */
void check_signal_caught(struct check_signal_caught *caught);
/* How many of ours arrived so far: cheap enough for a busy loop. */
int check_signal_caught_count(void);

/*
 * Spend CPU time in the calling thread until clock (a CPU-time clock of
 * the process or the thread) reaches until_ns, or the catcher has counted
 * signals of ours (0: no such end); what the catcher counted. CHECK_BURN_USER spins without system
 * calls but for the clock read, one every ~0.1 ms; CHECK_BURN_SYSTEM maps,
 * touches and unmaps a page over and over, which spends most of its time
 * in the kernel.
 */
enum check_burn_mode {
	CHECK_BURN_USER,
	CHECK_BURN_SYSTEM,
};

int check_burn(enum check_burn_mode mode, clockid_t clock, int64_t until_ns, int signals);

/* Wait until clock reaches when_ns: asleep, through any handled signal, or
 * on a CPU-time clock, which a sleeping process does not move, busy. */
void check_wait_until(clockid_t clock, int64_t when_ns);

/*
 * How far clock is from CLOCK_MONOTONIC now. Read at the start and the end
 * of a check, the difference is how far the clock was stepped meanwhile
 * (settimeofday, a leap second); two reads apart, it moves a few
 * microseconds, so more than CHECK_CLOCK_STEP_NS either way is a step,
 * after which times read before and after it no longer compare. The
 * clock is read between two reads of CLOCK_MONOTONIC, the tightest pair of
 * a few, so that a preemption between the reads is not taken for a step;
 * CLOCK_MONOTONIC itself is 0.
 */
int64_t check_clock_offset_ns(clockid_t clock);
#define CHECK_CLOCK_STEP_NS INT64_C(1000000)
/* An error when clock (its name) was stepped by stepped_ns, the change of
 * its offset; TL_VERDICT_PASS, and no verdict given, when it was not. */
enum tl_verdict check_judge_clock_step(struct tl_check_ctx *ctx, const char *clock,
				       int64_t stepped_ns);

/*
 * Lateness, as the kernel's selftests judge it (nsleep-lat, set-timer-lat,
 * mqueue-lat): waits that wake more than 40 ms late on average are gross
 * breakage. That is all it catches; latency proper is `timerlab run`'s.
 * The waits fall in groups (a clock and an arming), each judged on its
 * own mean; a group over the bound is observed again, up to
 * CHECK_LATENESS_ATTEMPTS times in all, so that one stall of a busy
 * machine is not taken for a broken kernel: one that is broken is late
 * every time.
 */
#define CHECK_LATENESS_BOUND_NS INT64_C(40000000)
#define CHECK_LATENESS_GROUPS 8
#define CHECK_LATENESS_ATTEMPTS 3

struct check_lateness {
	const char *what; /* "monotonic abs" */
	size_t count;
	int64_t total_ns, worst_ns; /* of wake - deadline */
};

struct check_lateness_seen {
	int attempts; /* observations made; the last is judged */
	size_t count;
	struct check_lateness groups[CHECK_LATENESS_GROUPS];
};

void check_lateness_add(struct check_lateness *group, int64_t deadline_ns,
			int64_t wake_ns);
/* Whether a group is late beyond the bound on average: observe again. */
bool check_lateness_gross(const struct check_lateness_seen *seen);
/* waits names them for messages ("sleeps"). */
enum tl_verdict check_judge_lateness(struct tl_check_ctx *ctx,
				     const struct check_lateness_seen *seen,
				     const char *waits);

/* A call that must fail: what was called, what it returned, its errno. */
struct check_call {
	const char *what;
	int result;
	int error;
};

/*
 * Fail on the first call that did not return -1 with errno expected, else
 * pass naming how many did.
 */
enum tl_verdict check_judge_calls(struct tl_check_ctx *ctx,
				  const struct check_call *calls, size_t count,
				  int expected);

#endif
