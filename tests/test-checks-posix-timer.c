/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The judges of the posix-timer checks, driven with scripted observations:
 * for each a pass, the failures it must see, and each tolerance at its edge
 * (just inside passes, just outside does not).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "../cases/checks/posix-timer.h"
#include "judge.h"
#include "tests.h"

static void never_early_seen(struct posix_timer_never_early_seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	seen->clock = "monotonic";
	seen->count = 2;
	for (size_t i = 0; i < seen->count; i++) {
		struct posix_timer_sample *sample = &seen->samples[i];

		sample->delay_ns = MS;
		sample->absolute = i == 0;
		sample->value_sent = sample->value_received = 100 + (int)i;
		sample->received = true;
		sample->si_code = SI_TIMER;
		sample->deadline_ns = T0 + (int64_t)i * 10 * MS;
		sample->wake_ns = sample->deadline_ns + 50 * US;
	}
}

static void test_never_early(void)
{
	struct posix_timer_never_early_seen seen;

	never_early_seen(&seen);
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), PASS, "none early");
	seen.samples[1].wake_ns = seen.samples[1].deadline_ns; /* on time is not early */
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), PASS, "closest 0 ns");
	seen.samples[1].wake_ns = seen.samples[1].deadline_ns - 1;
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), FAIL,
	       "rel 1000000 ns: woke 1 ns early");
	never_early_seen(&seen);
	seen.samples[0].value_received = 101; /* the other timer's value */
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), FAIL,
	       "name its timer");
	never_early_seen(&seen);
	seen.samples[0].si_code = SI_QUEUE;
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), FAIL, "si_code");
	never_early_seen(&seen);
	seen.samples[1].received = false;
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), FAIL, "no signal");
	/* a step of the clock: up to 1 ms is reading noise, more is a step */
	never_early_seen(&seen);
	seen.stepped_ns = -MS;
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), PASS, NULL);
	seen.stepped_ns = MS + 1;
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), ERROR, "a step");
	seen.stepped_ns = 0;
	seen.count = 0;
	EXPECT(posix_timer_judge_never_early(judge_fresh(), &seen), ERROR, NULL);
}

static void test_oneshot_once(void)
{
	struct posix_timer_oneshot_seen seen = { .delay_ns = 20 * MS,
						 .waited_ns = 100 * MS };

	seen.caught.signals = 1;
	EXPECT(posix_timer_judge_oneshot_once(judge_fresh(), &seen), PASS, "1 signal");
	seen.caught.signals = 2;
	EXPECT(posix_timer_judge_oneshot_once(judge_fresh(), &seen), FAIL, "2 signals");
	seen.caught.signals = 0;
	EXPECT(posix_timer_judge_oneshot_once(judge_fresh(), &seen), FAIL, "0 signals");
	seen.pending = true; /* pending counts: it was sent */
	EXPECT(posix_timer_judge_oneshot_once(judge_fresh(), &seen), PASS, NULL);
	seen.caught.signals = 1;
	EXPECT(posix_timer_judge_oneshot_once(judge_fresh(), &seen), FAIL, "2 signals");
	seen.pending = false;
	seen.caught.foreign = 1;
	EXPECT(posix_timer_judge_oneshot_once(judge_fresh(), &seen), ERROR,
	       "another sender");
	seen.caught.foreign = 0;
	seen.waited_ns = 20 * MS - 1;
	EXPECT(posix_timer_judge_oneshot_once(judge_fresh(), &seen), ERROR, "less than");
}

/* 1 ms periodic from T0, the first signal taken at T0 + taken_ns (and
 * 10 us later), with overrun: 50 deadlines owed at 49.5 ms, so 49 expected. */
static void overrun_seen(struct posix_timer_overrun_seen *seen, int64_t taken_ns,
			 int overrun)
{
	memset(seen, 0, sizeof(*seen));
	seen->signal = "SIGRTMIN";
	seen->first_ns = T0;
	seen->interval_ns = MS;
	seen->pending = true;
	seen->taken = 1;
	seen->signals[0] =
		(struct posix_timer_taken){ SI_TIMER, CHECK_SIGNAL_MAGIC, overrun,
					    T0 + taken_ns, T0 + taken_ns + 10 * US };
	seen->getoverrun = overrun;
}

static void test_overrun(void)
{
	static const struct {
		int64_t taken_ns;
		int overrun;
		enum tl_verdict want;
	} cases[] = {
		{ 49500 * US, 49, PASS }, /* owed 50, less the signal's own */
		{ 49500 * US, 48, PASS }, /* the tolerance: one less */
		{ 49500 * US, 50, PASS }, /* and one more */
		{ 49500 * US, 47, FAIL }, { 49500 * US, 51, FAIL },
		{ 49500 * US, 52, FAIL }, /* 52 where 49 were owed */
		{ 49995 * US, 50, PASS }, /* a deadline between the reads: 49..50 */
		{ 49995 * US, 51, PASS }, { 49995 * US, 48, PASS },
		{ 49995 * US, 52, FAIL }, { 49995 * US, 47, FAIL },
	};
	struct posix_timer_overrun_seen seen;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		overrun_seen(&seen, cases[i].taken_ns, cases[i].overrun);
		EXPECT(posix_timer_judge_overrun(judge_fresh(), &seen), cases[i].want,
		       NULL);
	}
	overrun_seen(&seen, 49500 * US, 49);
	seen.getoverrun = 48;
	EXPECT(posix_timer_judge_overrun(judge_fresh(), &seen), FAIL,
	       "timer_getoverrun 48");
	overrun_seen(&seen, 49500 * US, 49);
	seen.signals[0].value = 1;
	EXPECT(posix_timer_judge_overrun(judge_fresh(), &seen), FAIL, "not our timer's");
	overrun_seen(&seen, 49500 * US, 49);
	seen.pending = false;
	EXPECT(posix_timer_judge_overrun(judge_fresh(), &seen), FAIL,
	       "no SIGRTMIN pending");
}

/* On a CPU-time clock the judge is the same, its times CPU time: a 10 ms
 * periodic taken 60.05 ms of CPU after its first expiry owes 6 overruns. */
static void test_overrun_cputime(void)
{
	struct posix_timer_overrun_seen seen;

	overrun_seen(&seen, 60050 * US, 6);
	seen.signal = "SIGRTMIN on thread-cputime";
	seen.interval_ns = 10 * MS;
	EXPECT(posix_timer_judge_overrun(judge_fresh(), &seen), PASS,
	       "SIGRTMIN on thread-cputime: si_overrun 6");
	seen.signals[0].overrun = seen.getoverrun = 8;
	EXPECT(posix_timer_judge_overrun(judge_fresh(), &seen), FAIL, "expected 6..6");
	seen.signals[0].overrun = seen.getoverrun = 0; /* never forwarded */
	EXPECT(posix_timer_judge_overrun(judge_fresh(), &seen), FAIL, "si_overrun 0");
}

static void test_rt_coalesce(void)
{
	struct posix_timer_overrun_seen seen;

	overrun_seen(&seen, 49500 * US, 49);
	EXPECT(posix_timer_judge_rt_coalesce(judge_fresh(), &seen), PASS,
	       "si_overrun 49");
	/* a second one before the timer's next deadline (T0 + 50 ms): queued */
	seen.taken = 2;
	seen.signals[1] = seen.signals[0];
	seen.signals[1].before_ns = seen.signals[1].after_ns = T0 + 50 * MS - 1;
	EXPECT(posix_timer_judge_rt_coalesce(judge_fresh(), &seen), FAIL,
	       "2 SIGRTMIN signals");
	/* at or after it: it may be that expiry */
	seen.signals[1].after_ns = T0 + 50 * MS;
	EXPECT(posix_timer_judge_rt_coalesce(judge_fresh(), &seen), ERROR, "cannot tell");
	seen.signals[1].si_code = SI_QUEUE;
	EXPECT(posix_timer_judge_rt_coalesce(judge_fresh(), &seen), ERROR,
	       "another sender");
	/* the first is judged as for overrun */
	overrun_seen(&seen, 49500 * US, 52);
	EXPECT(posix_timer_judge_rt_coalesce(judge_fresh(), &seen), FAIL,
	       "si_overrun 52");
}

/* 100 ms periodic from T0, unblocked at T0 + 2.9 s: 30 owed, overrun 29 */
static void sig_ign_seen(struct posix_timer_sig_ign_seen *seen, int signals, int overrun)
{
	memset(seen, 0, sizeof(*seen));
	seen->first_ns = T0;
	seen->interval_ns = 100 * MS;
	seen->before_ns = T0 + 2900 * MS + 50 * US;
	seen->after_ns = seen->before_ns + 20 * US;
	seen->reblocked_ns = seen->after_ns + 5 * US;
	seen->caught.signals = signals;
	seen->caught.first_overrun = overrun;
}

static void test_sig_ign(void)
{
	static const struct {
		int signals, overrun;
		enum tl_verdict want;
	} cases[] = {
		{ 1, 29, PASS }, { 1, 28, PASS }, { 1, 30, PASS }, { 1, 27, FAIL },
		{ 1, 31, FAIL }, { 0, 0, FAIL }, /* 6.1 and 6.12: nothing */
		{ 2, 29, FAIL },
	};
	struct posix_timer_sig_ign_seen seen;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sig_ign_seen(&seen, cases[i].signals, cases[i].overrun);
		EXPECT(posix_timer_judge_sig_ign(judge_fresh(), &seen), cases[i].want,
		       NULL);
	}
	/* a second signal is right if we were stalled past the next deadline */
	sig_ign_seen(&seen, 2, 29);
	seen.reblocked_ns = T0 + 3000 * MS;
	EXPECT(posix_timer_judge_sig_ign(judge_fresh(), &seen), ERROR, "stalled");
	sig_ign_seen(&seen, 1, 29);
	seen.caught.foreign = 1;
	EXPECT(posix_timer_judge_sig_ign(judge_fresh(), &seen), ERROR, "another sender");
}

static void test_discards(void)
{
	struct posix_timer_discard_seen seen = { .action = "timer_settime",
						 .was_pending = true };

	EXPECT(posix_timer_judge_discards(judge_fresh(), &seen), PASS,
	       "timer_settime was discarded");
	seen.caught.signals = 1; /* what kernels before 6.13 do */
	EXPECT(posix_timer_judge_discards(judge_fresh(), &seen), FAIL,
	       "1 signal delivered");
	seen.caught.signals = 0;
	seen.was_pending = false;
	EXPECT(posix_timer_judge_discards(judge_fresh(), &seen), ERROR, "not pending");
	seen.was_pending = true;
	seen.action_error = EINVAL;
	EXPECT(posix_timer_judge_discards(judge_fresh(), &seen), ERROR, "EINVAL");
	seen.action_error = 0;
	seen.caught.foreign = 1;
	EXPECT(posix_timer_judge_discards(judge_fresh(), &seen), ERROR, "another sender");
	/* a periodic timer 10 expirations behind: the same, and says so */
	seen.caught.foreign = 0;
	seen.interval_ns = 100 * MS;
	seen.owed = 10;
	EXPECT(posix_timer_judge_discards(judge_fresh(), &seen), PASS,
	       "of a 100 ms periodic timer 10 expirations behind");
	seen.caught.signals = 1;
	seen.caught.first_overrun = 9;
	EXPECT(posix_timer_judge_discards(judge_fresh(), &seen), FAIL,
	       "1 signal delivered after timer_settime");
}

static void test_disarm(void)
{
	struct posix_timer_disarm_seen seen = { .delay_ns = 20 * MS,
						.old_value_ns = 19 * MS,
						.waited_ns = 100 * MS };

	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), PASS, "no signal");
	seen.old_value_ns = 20 * MS; /* what was left may be the whole delay */
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), PASS, NULL);
	seen.old_value_ns = 20 * MS + 1;
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), FAIL, "old it_value");
	seen.old_value_ns = 0; /* it was armed: something was left */
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), FAIL, "old it_value");
	seen.old_value_ns = 19 * MS;
	seen.value_ns = 1;
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), FAIL,
	       "left after disarming");
	seen.value_ns = 0;
	seen.pending = true;
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), FAIL, "1 signals");
	seen.pending = false;
	seen.caught.signals = 4;
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), FAIL, "4 signals");
	seen.late = true; /* stalled past the deadline: a signal may be right */
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), ERROR, "stalled");
	seen.late = false;
	seen.caught.foreign = 1;
	EXPECT(posix_timer_judge_disarm(judge_fresh(), &seen), ERROR, "another sender");
}

static void test_errors(void)
{
	struct posix_timer_einval_seen einval = {
		.count = 2,
		.calls = { { "a", -1, EINVAL }, { "b", -1, EINVAL } },
	};
	struct posix_timer_deleted_seen deleted = { { "timer_getoverrun", -1, EINVAL } };
	struct posix_timer_alarm_clocks_seen clocks = {
		{ { "realtime-alarm", 0 }, { "boottime-alarm", 0 } },
	};

	EXPECT(posix_timer_judge_einval(judge_fresh(), &einval), PASS,
	       "2 calls, each EINVAL");
	einval.calls[1].error = EFAULT;
	EXPECT(posix_timer_judge_einval(judge_fresh(), &einval), FAIL,
	       "b failed with EFAULT");
	einval.calls[1] = (struct check_call){ "b", 0, 0 };
	EXPECT(posix_timer_judge_einval(judge_fresh(), &einval), FAIL, "b returned 0");
	EXPECT(posix_timer_judge_getoverrun_deleted(judge_fresh(), &deleted), PASS, NULL);
	deleted.getoverrun = (struct check_call){ "timer_getoverrun", 3, 0 };
	EXPECT(posix_timer_judge_getoverrun_deleted(judge_fresh(), &deleted), FAIL,
	       "returned 3");
	/* alarm clocks: created; no RTC, either errno; no capability; else */
	EXPECT(posix_timer_judge_alarm_clocks(judge_fresh(), &clocks), PASS, NULL);
	clocks.clocks[1].error = EOPNOTSUPP;
	EXPECT(posix_timer_judge_alarm_clocks(judge_fresh(), &clocks), SKIP,
	       "EOPNOTSUPP");
	clocks.clocks[1].error = 524;
	EXPECT(posix_timer_judge_alarm_clocks(judge_fresh(), &clocks), SKIP,
	       "ENOTSUPP (524)");
	clocks.clocks[0].error = EPERM;
	EXPECT(posix_timer_judge_alarm_clocks(judge_fresh(), &clocks), SKIP,
	       "CAP_WAKE_ALARM");
	clocks.clocks[0].error = EINVAL;
	EXPECT(posix_timer_judge_alarm_clocks(judge_fresh(), &clocks), FAIL, "EINVAL");
	clocks.clocks[0].error = 0;
	clocks.clocks[1].error = 999;
	EXPECT(posix_timer_judge_alarm_clocks(judge_fresh(), &clocks), FAIL, "error 999");
}

static void test_posix_timer_targets(void)
{
	struct posix_timer_not_inherited_seen forked = {
		.interval_ns = 10 * MS,
		.child = { { "timer_gettime in the child", -1, EINVAL },
			   100 * MS,
			   false },
		.parent_received = true,
		.parent_overrun = 9,
	};
	struct posix_timer_thread_id_seen thread = { .interval_ns = 10 * MS,
						     .waited_ns = 100 * MS };

	EXPECT(posix_timer_judge_not_inherited(judge_fresh(), &forked), PASS,
	       "expired 10 times");
	forked.child.pending = true;
	EXPECT(posix_timer_judge_not_inherited(judge_fresh(), &forked), FAIL,
	       "pending in the child");
	forked.child.pending = false;
	forked.child.gettime.result = 0;
	EXPECT(posix_timer_judge_not_inherited(judge_fresh(), &forked), FAIL,
	       "child returned 0");
	forked.child.gettime = (struct check_call){ "x", -1, ENOENT };
	EXPECT(posix_timer_judge_not_inherited(judge_fresh(), &forked), FAIL, "ENOENT");
	forked.child.gettime.error = EINVAL;
	forked.parent_received = false; /* then the child's silence proves nothing */
	EXPECT(posix_timer_judge_not_inherited(judge_fresh(), &forked), ERROR,
	       "proves nothing");

	thread.caught.per_thread[1] = 10;
	EXPECT(posix_timer_judge_thread_id(judge_fresh(), &thread), PASS, "10 signals");
	thread.caught.per_thread[0] = 1;
	EXPECT(posix_timer_judge_thread_id(judge_fresh(), &thread), FAIL, "other than");
	thread.caught.per_thread[0] = thread.caught.per_thread[1] = 0;
	EXPECT(posix_timer_judge_thread_id(judge_fresh(), &thread), FAIL,
	       "no signal reached");
	thread.waited_ns = 10 * MS; /* not even one period: nothing owed */
	EXPECT(posix_timer_judge_thread_id(judge_fresh(), &thread), ERROR, NULL);
	thread.caught.foreign = 1;
	EXPECT(posix_timer_judge_thread_id(judge_fresh(), &thread), ERROR,
	       "another sender");
}

static void test_exact_ids(void)
{
	const struct posix_timer_exact_ids_seen right = {
		.on_reads = 1,
		.asked_id = 8,
		.got_id = 8,
		.preset_id = 1008,
		.after_id = 9,
	};
	struct posix_timer_exact_ids_seen seen = right;

	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), PASS,
	       "asked for id 8 and got it");
	seen.on_error = EINVAL; /* before 6.15 */
	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), SKIP, "6.15");
	seen.on_error = EPERM;
	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), ERROR, "EPERM");
	seen = right;
	seen.got_id = 0; /* the allocator's, not the one asked */
	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), FAIL,
	       "gave id 0, asked for 8");
	seen = right;
	seen.create_error = EBUSY;
	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), FAIL, "EBUSY");
	seen = right;
	seen.after_id = 1008; /* still exact once off */
	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), FAIL, "still exact");
	seen = right;
	seen.on_reads = 0;
	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), FAIL, "once on");
	seen = right;
	seen.off_reads = 1;
	EXPECT(posix_timer_judge_exact_ids(judge_fresh(), &seen), FAIL, "once off");
}

static void test_sig_ign_thread_exit(void)
{
	struct posix_timer_thread_exit_seen seen = { .interval_ns = 10 * MS,
						     .was_pending = true,
						     .watched_ns = 100 * MS };

	EXPECT(posix_timer_judge_sig_ign_thread_exit(judge_fresh(), &seen), PASS,
	       "nothing delivered and no overrun in the 100 ms");
	seen.caught.signals = seen.caught.per_thread[0] = 1; /* to the main thread */
	seen.caught.first_overrun = 14;
	EXPECT(posix_timer_judge_sig_ign_thread_exit(judge_fresh(), &seen), FAIL,
	       "1 signals delivered (1 to the main thread, overrun 14)");
	seen.caught.signals = seen.caught.per_thread[0] = 0;
	seen.getoverrun = 9; /* kept counting for a target that is gone */
	EXPECT(posix_timer_judge_sig_ign_thread_exit(judge_fresh(), &seen), FAIL,
	       "timer_getoverrun 9");
	seen.getoverrun = 0;
	seen.was_pending = false;
	EXPECT(posix_timer_judge_sig_ign_thread_exit(judge_fresh(), &seen), ERROR,
	       "proves nothing");
	seen.was_pending = true;
	seen.caught.foreign = 1;
	EXPECT(posix_timer_judge_sig_ign_thread_exit(judge_fresh(), &seen), ERROR,
	       "another sender");
}

void tests_checks_posix_timer(void)
{
	CU_pSuite suite = judge_suite("checks: posix-timer");

	CU_add_test(suite, "never-early: on time, early, unnamed, a step",
		    test_never_early);
	CU_add_test(suite, "oneshot-once: exactly one", test_oneshot_once);
	CU_add_test(suite, "overrun: owed - 1, +-1 at the edge", test_overrun);
	CU_add_test(suite, "overrun on the CPU-time clocks", test_overrun_cputime);
	CU_add_test(suite, "rt-coalesce: one signal per timer", test_rt_coalesce);
	CU_add_test(suite, "sig-ign: 1 signal, overrun 29 +-1", test_sig_ign);
	CU_add_test(suite, "rearm/delete-discards: 0 delivered", test_discards);
	CU_add_test(suite, "disarm: nothing left, nothing sent", test_disarm);
	CU_add_test(suite, "einval, getoverrun-deleted, alarm-clocks", test_errors);
	CU_add_test(suite, "not-inherited and thread-id", test_posix_timer_targets);
	CU_add_test(suite, "exact-ids: on, the id asked; off, as before", test_exact_ids);
	CU_add_test(suite, "sig-ign-thread-exit: nothing for a target gone",
		    test_sig_ign_thread_exit);
	tests_checks_posix_timer_gettime(suite);
	tests_checks_posix_timer_cputime(suite);
	tests_checks_posix_timer_periodic(suite);
}
