/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The posix-timer checks' observations and judges (group posix-timer).
 * Each check's run() gathers what the kernel did into one of these
 * structs and hands it to its judge, which alone decides the verdict: tests
 * drive the judges with scripted observations ("an overrun of 52 where 49
 * were owed").
 *
 * Times are CLOCK_MONOTONIC nanoseconds unless a field says otherwise;
 * "before" and "after" are clock reads just before and just after the call
 * whose moment matters, so that the kernel's moment lies between them.
 */
#ifndef TL_CHECKS_POSIX_TIMER_H
#define TL_CHECKS_POSIX_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check-helpers.h"
#include "check.h"

/*
 * A check of a family on the CPU-time clocks: "posix-timer.<stem>.<spelt>",
 * its summary "<before> on <spelt><after>", its range (NULL, NULL: none).
 */
#define POSIX_TIMER_CPU_CHECK(stem, spelt, before, after, run_clock, until_text,         \
			      why_text)                                                  \
	{                                                                                \
		.name = "posix-timer." stem "." spelt,                                   \
		.summary = before " on " spelt after,                                    \
		.known_fail = { .until = until_text, .why = why_text },                  \
		.run = run_clock,                                                        \
	}

/* A correct kernel has a timer's signal pending at its deadline; a second
 * more is only how long the checks wait before calling it lost. */
#define POSIX_TIMER_SIGNAL_WAIT_NS INT64_C(1000000000)

/* posix-timer.never-early.<clock>: one one-shot timer per sample. */
#define POSIX_TIMER_NEVER_EARLY_SAMPLES 10

struct posix_timer_sample {
	int64_t delay_ns;
	bool absolute;
	int value_sent; /* sigev_value.sival_int: names this timer */
	bool received;
	int si_code;
	int value_received;
	int64_t deadline_ns; /* on the timer's clock */
	int64_t wake_ns; /* on the timer's clock, right after the signal was taken */
};

struct posix_timer_never_early_seen {
	const char *clock; /* "monotonic" */
	size_t count;
	struct posix_timer_sample samples[POSIX_TIMER_NEVER_EARLY_SAMPLES];
	/* how far the clock moved against CLOCK_MONOTONIC meanwhile (a step) */
	int64_t stepped_ns;
};

enum tl_verdict
posix_timer_judge_never_early(struct tl_check_ctx *ctx,
			      const struct posix_timer_never_early_seen *seen);

/*
 * posix-timer.periodic-never-early.<clock> and posix-timer.latency-sanity:
 * the signals of periodic timers, armed abs and rel, each taken with the
 * clock read right after. A signal serves its expiry and the overrun
 * after it: deadlines oldest to latest, on our grid, which for rel starts
 * at the clock read before timer_settime (the kernel's, read after, is
 * later).
 */
#define POSIX_TIMER_PERIODIC_WAKES 40

struct posix_timer_periodic_wake {
	int64_t interval_ns;
	bool absolute;
	bool received;
	int si_code;
	bool named; /* si_value named this timer */
	int overrun;
	int64_t oldest_ns, latest_ns; /* the deadlines served */
	int64_t wake_ns;
};

struct posix_timer_periodic_seen {
	const char *clock;
	int64_t stepped_ns; /* the clock against CLOCK_MONOTONIC meanwhile */
	size_t count;
	struct posix_timer_periodic_wake wakes[POSIX_TIMER_PERIODIC_WAKES];
};

enum tl_verdict
posix_timer_judge_periodic_never_early(struct tl_check_ctx *ctx,
				       const struct posix_timer_periodic_seen *seen);
/* latency-sanity: each signal late by its wake less the oldest deadline
 * it served, into one group (check_judge_lateness). */
void posix_timer_periodic_lateness(const struct posix_timer_periodic_seen *seen,
				   struct check_lateness *group);

/* posix-timer.oneshot-once */
struct posix_timer_oneshot_seen {
	int64_t delay_ns;
	int64_t waited_ns; /* from arming to the count, measured */
	struct check_signal_caught caught;
	bool pending; /* the signal still pending at the count */
};

enum tl_verdict
posix_timer_judge_oneshot_once(struct tl_check_ctx *ctx,
			       const struct posix_timer_oneshot_seen *seen);

/* posix-timer.overrun and .rt-coalesce: a periodic timer, its signal
 * blocked, then every signal pending taken one after the other. */
#define POSIX_TIMER_TAKEN_MAX 4

struct posix_timer_taken {
	int si_code;
	int value;
	int overrun;
	int64_t before_ns, after_ns; /* around the sigtimedwait that took it */
};

struct posix_timer_overrun_seen {
	const char *signal; /* "SIGALRM" */
	int64_t first_ns, interval_ns;
	bool pending; /* sigpending saw it before the first take */
	size_t taken;
	struct posix_timer_taken signals[POSIX_TIMER_TAKEN_MAX];
	int getoverrun; /* timer_getoverrun right after the first take */
};

enum tl_verdict posix_timer_judge_overrun(struct tl_check_ctx *ctx,
					  const struct posix_timer_overrun_seen *seen);
enum tl_verdict
posix_timer_judge_rt_coalesce(struct tl_check_ctx *ctx,
			      const struct posix_timer_overrun_seen *seen);

/* posix-timer.sig-ign */
struct posix_timer_sig_ign_seen {
	int64_t first_ns, interval_ns;
	int64_t before_ns, after_ns; /* around the unblocking sigprocmask */
	int64_t reblocked_ns; /* right after blocking it again */
	struct check_signal_caught caught;
};

enum tl_verdict posix_timer_judge_sig_ign(struct tl_check_ctx *ctx,
					  const struct posix_timer_sig_ign_seen *seen);

/* posix-timer.rearm-discards and .delete-discards */
struct posix_timer_discard_seen {
	const char *action; /* "timer_settime" or "timer_delete" */
	bool was_pending; /* before the action */
	int action_error; /* 0 or the action's errno */
	int64_t interval_ns; /* of a periodic timer; 0: one-shot */
	int64_t owed; /* a periodic timer's expirations by the action */
	struct check_signal_caught caught; /* after unblocking */
};

enum tl_verdict posix_timer_judge_discards(struct tl_check_ctx *ctx,
					   const struct posix_timer_discard_seen *seen);

/*
 * posix-timer.sigev-none and posix-timer.gettime-pending: a periodic timer
 * read with timer_gettime at a few moments, each read between two reads of
 * the timer's clock.
 */
#define POSIX_TIMER_GETTIME_READS 5

struct posix_timer_gettime {
	int64_t before_ns, after_ns; /* around timer_gettime, on the timer's clock */
	int64_t value_ns, interval_ns; /* what it said */
};

struct posix_timer_gettime_seen {
	const char *clock; /* "monotonic" */
	int64_t first_ns, interval_ns;
	size_t count;
	struct posix_timer_gettime reads[POSIX_TIMER_GETTIME_READS];
	/* the sigev_signo (blocked) pending at the end: a trap for SIGEV_NONE,
	 * what gettime-pending reads beside */
	bool signal_pending;
};

enum tl_verdict posix_timer_judge_sigev_none(struct tl_check_ctx *ctx,
					     const struct posix_timer_gettime_seen *seen);
enum tl_verdict
posix_timer_judge_gettime_pending(struct tl_check_ctx *ctx,
				  const struct posix_timer_gettime_seen *seen);

/* posix-timer.disarm */
struct posix_timer_disarm_seen {
	int64_t delay_ns;
	bool late; /* disarmed only after the first deadline (a stall) */
	int64_t old_value_ns; /* what the disarming timer_settime returned */
	int64_t value_ns; /* timer_gettime after the wait */
	int64_t waited_ns; /* from disarming to the count */
	struct check_signal_caught caught;
	bool pending;
};

enum tl_verdict posix_timer_judge_disarm(struct tl_check_ctx *ctx,
					 const struct posix_timer_disarm_seen *seen);

/* posix-timer.exact-ids: timer ids asked for with
 * PR_TIMER_CREATE_RESTORE_IDS on, then handed out again once it is off. */
struct posix_timer_exact_ids_seen {
	int on_error; /* errno of the prctl that turns it on; 0 */
	int on_reads; /* what PR_TIMER_CREATE_RESTORE_IDS_GET said then */
	int asked_id, got_id; /* the id asked for, the id timer_create gave */
	int create_error; /* errno of that timer_create; 0 */
	int off_reads; /* what _GET said once turned off */
	int preset_id; /* what the id pointer held at a timer_create after that */
	int after_id; /* the id it gave */
	int after_error;
};

enum tl_verdict
posix_timer_judge_exact_ids(struct tl_check_ctx *ctx,
			    const struct posix_timer_exact_ids_seen *seen);

/* posix-timer.einval */
#define POSIX_TIMER_EINVAL_CALLS 8

struct posix_timer_einval_seen {
	size_t count;
	struct check_call calls[POSIX_TIMER_EINVAL_CALLS];
};

enum tl_verdict posix_timer_judge_einval(struct tl_check_ctx *ctx,
					 const struct posix_timer_einval_seen *seen);

/* posix-timer.getoverrun-deleted */
struct posix_timer_deleted_seen {
	struct check_call getoverrun;
};

enum tl_verdict
posix_timer_judge_getoverrun_deleted(struct tl_check_ctx *ctx,
				     const struct posix_timer_deleted_seen *seen);

/* posix-timer.not-inherited: what the forked child saw, and the parent. */
struct posix_timer_child_seen {
	struct check_call gettime; /* the parent's timer id, in the child */
	int64_t waited_ns; /* the child's wait, over which the parent's timer ran */
	bool pending; /* the timer's signal pending in the child */
};

struct posix_timer_not_inherited_seen {
	int64_t interval_ns;
	struct posix_timer_child_seen child;
	bool parent_received; /* the parent's own timer did fire */
	int parent_overrun;
};

enum tl_verdict
posix_timer_judge_not_inherited(struct tl_check_ctx *ctx,
				const struct posix_timer_not_inherited_seen *seen);

/* posix-timer.thread-id: thread index 1 is the target, 0 the main thread. */
struct posix_timer_thread_id_seen {
	int64_t interval_ns;
	int64_t waited_ns;
	struct check_signal_caught caught;
};

enum tl_verdict
posix_timer_judge_thread_id(struct tl_check_ctx *ctx,
			    const struct posix_timer_thread_id_seen *seen);

/*
 * posix-timer.fires.<clock> on the CPU-time clocks: a one-shot timer and
 * the CPU burnt until its signal and a while after. Times are on the
 * timer's clock.
 */
struct posix_timer_cpu_fires_seen {
	const char *clock; /* "thread-cputime" */
	int64_t value_ns;
	int64_t armed_ns; /* read right before timer_settime */
	int64_t gave_up_ns; /* no signal by this time: none came */
	struct check_signal_caught caught; /* time_ns: read in the handler */
	int64_t watched_ns; /* burnt after the first, watching for more */
};

enum tl_verdict
posix_timer_judge_cpu_fires(struct tl_check_ctx *ctx,
			    const struct posix_timer_cpu_fires_seen *seen);

/* posix-timer.cputime-to-running-thread: per_thread[0] is the main thread,
 * asleep in pthread_join; [1] the thread that burns the CPU. */
struct posix_timer_running_thread_seen {
	int wanted; /* the burning thread stops at this many signals */
	int64_t tick_ns;
	int64_t burnt_ns; /* process CPU time from arming to the end */
	struct check_signal_caught caught;
};

enum tl_verdict
posix_timer_judge_running_thread(struct tl_check_ctx *ctx,
				 const struct posix_timer_running_thread_seen *seen);

/* posix-timer.sig-ign-thread-exit: a SIGEV_THREAD_ID timer's signal
 * pending on its target (thread index 1), ignored, the target gone. */
struct posix_timer_thread_exit_seen {
	int64_t interval_ns;
	bool was_pending; /* on the target, before SIG_IGN */
	int64_t watched_ns; /* from the target's exit to the end */
	int getoverrun; /* timer_getoverrun at the end */
	struct check_signal_caught caught;
};

enum tl_verdict
posix_timer_judge_sig_ign_thread_exit(struct tl_check_ctx *ctx,
				      const struct posix_timer_thread_exit_seen *seen);

/* posix-timer.alarm-clocks */
#define POSIX_TIMER_ALARM_CLOCKS 2

struct posix_timer_alarm_clocks_seen {
	struct {
		const char *clock;
		int error; /* 0: created */
	} clocks[POSIX_TIMER_ALARM_CLOCKS];
};

enum tl_verdict
posix_timer_judge_alarm_clocks(struct tl_check_ctx *ctx,
			       const struct posix_timer_alarm_clocks_seen *seen);

#endif
