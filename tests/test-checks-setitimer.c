/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The judges of the setitimer checks, driven with scripted observations. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "../cases/checks/setitimer.h"
#include "judge.h"
#include "tests.h"

static void test_setitimer_einval(void)
{
	struct setitimer_einval_seen seen = {
		.count = 2,
		.calls = { { "setitimer which 99", -1, EINVAL },
			   { "setitimer it_value.tv_usec 1000000", -1, EINVAL } },
	};

	EXPECT(setitimer_judge_einval(judge_fresh(), &seen), PASS,
	       "2 calls, each EINVAL");
	seen.calls[1].result = 0; /* an out-of-range tv_usec accepted */
	EXPECT(setitimer_judge_einval(judge_fresh(), &seen), FAIL,
	       "tv_usec 1000000 returned 0");
}

static void test_setitimer_simple(void)
{
	struct setitimer_old_value_seen old = { 10 * SEC, 5 * SEC, 10 * SEC - 5 * US,
						5 * SEC, 4 * US };
	struct setitimer_real_fires_seen fires = { .value_ns = 100 * MS,
						   .deadline_ns = T0 + 100 * MS,
						   .received = true,
						   .si_code = SI_KERNEL,
						   .wake_ns = T0 + 100 * MS,
						   .more_wait_ns = 100 * MS };

	/* at least the value less the time between and the microsecond cut */
	EXPECT(setitimer_judge_old_value(judge_fresh(), &old), PASS, NULL);
	old.old_value_ns = 10 * SEC;
	EXPECT(setitimer_judge_old_value(judge_fresh(), &old), PASS, NULL);
	old.old_value_ns = 10 * SEC + 1;
	EXPECT(setitimer_judge_old_value(judge_fresh(), &old), FAIL, "old it_value");
	old.old_value_ns = 10 * SEC - 5 * US - 1;
	EXPECT(setitimer_judge_old_value(judge_fresh(), &old), FAIL, "old it_value");
	old.old_value_ns = 10 * SEC;
	old.old_interval_ns = 5 * SEC - US;
	EXPECT(setitimer_judge_old_value(judge_fresh(), &old), FAIL, "old it_interval");

	EXPECT(setitimer_judge_real_fires(judge_fresh(), &fires), PASS, "one SIGALRM");
	fires.wake_ns = fires.deadline_ns - 1;
	EXPECT(setitimer_judge_real_fires(judge_fresh(), &fires), FAIL, "1 ns before");
	fires.wake_ns = fires.deadline_ns + MS;
	fires.more = 1;
	EXPECT(setitimer_judge_real_fires(judge_fresh(), &fires), FAIL, "1 more SIGALRM");
	fires.more = 0;
	fires.left_ns = 99 * MS;
	EXPECT(setitimer_judge_real_fires(judge_fresh(), &fires), FAIL, "still armed");
	fires.left_ns = 0;
	fires.si_code = SI_USER;
	EXPECT(setitimer_judge_real_fires(judge_fresh(), &fires), ERROR,
	       "another sender");
	fires.received = false;
	EXPECT(setitimer_judge_real_fires(judge_fresh(), &fires), FAIL, "no SIGALRM");
}

/* 10 ms ITIMER_REAL set at T0, 20 prompt deliveries, ended at 200.1 ms */
static void periodic_seen(struct setitimer_periodic_seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	seen->interval_ns = 10 * MS;
	seen->set_before_ns = T0;
	seen->set_after_ns = T0 + US;
	seen->end_before_ns = T0 + 200 * MS + 100 * US;
	seen->end_after_ns = seen->end_before_ns + US;
	seen->caught.signals = 20;
	seen->caught.times = 20;
	for (size_t k = 0; k < 20; k++)
		seen->caught.time_ns[k] = T0 + (int64_t)(k + 1) * 10 * MS + 50 * US;
}

/* Take deliveries from the end: fewer signals, the last ones prompt. */
static void periodic_drop(struct setitimer_periodic_seen *seen, size_t count)
{
	seen->caught.signals -= (int)count;
	seen->caught.times -= count;
}

static void test_setitimer_periodic(void)
{
	struct setitimer_periodic_seen seen;

	periodic_seen(&seen);
	EXPECT(setitimer_judge_periodic(judge_fresh(), &seen), PASS, "20 SIGALRM");
	CU_ASSERT_FALSE(setitimer_periodic_stalled(&seen));
	/* the last deadline's interrupt not yet run: one fewer passes */
	periodic_drop(&seen, 1);
	seen.end_before_ns = T0 + 200 * MS + 5 * US;
	EXPECT(setitimer_judge_periodic(judge_fresh(), &seen), PASS, "19 SIGALRM");
	periodic_drop(&seen, 1); /* two fewer, and nothing stalled */
	EXPECT(setitimer_judge_periodic(judge_fresh(), &seen), FAIL, "18 SIGALRM");
	/* one more than the deadlines passed, and one pending on top */
	periodic_seen(&seen);
	seen.pending = true;
	EXPECT(setitimer_judge_periodic(judge_fresh(), &seen), FAIL, "21 SIGALRM");
	periodic_seen(&seen);
	seen.caught.time_ns[3] = T0 + 40 * MS - 1;
	EXPECT(setitimer_judge_periodic(judge_fresh(), &seen), FAIL,
	       "SIGALRM 4 came 1 ns before");
	/* stalled: delivery 5 came 30 ms after 4, the kernel skipped two */
	periodic_seen(&seen);
	seen.caught.time_ns[4] = T0 + 70 * MS + 50 * US;
	for (size_t k = 5; k < 18; k++)
		seen.caught.time_ns[k] = T0 + (int64_t)(k + 3) * 10 * MS + 50 * US;
	periodic_drop(&seen, 2);
	CU_ASSERT_TRUE(setitimer_periodic_stalled(&seen));
	EXPECT(setitimer_judge_periodic(judge_fresh(), &seen), ERROR, "stalled");
	periodic_seen(&seen);
	seen.caught.foreign = 1;
	EXPECT(setitimer_judge_periodic(judge_fresh(), &seen), ERROR, "another sender");
}

static void test_setitimer_cpu_tick(void)
{
	struct setitimer_cpu_tick_seen seen = { .value_ns = US,
						.tick_ns = 4 * MS,
						.count = 2,
						.read_ns = { 4 * MS + US, 0 } };

	EXPECT(setitimer_judge_cpu_tick(judge_fresh(), &seen), PASS, "HZ 250");
	seen.read_ns[1] = 4 * MS + US + 1; /* more than one tick above */
	EXPECT(setitimer_judge_cpu_tick(judge_fresh(), &seen), FAIL,
	       "more than one tick");
	seen.read_ns[1] = US;
	seen.read_interval_ns[0] = US;
	EXPECT(setitimer_judge_cpu_tick(judge_fresh(), &seen), FAIL, "it_interval");
	seen.tick_ns = 0;
	EXPECT(setitimer_judge_cpu_tick(judge_fresh(), &seen), ERROR, NULL);
}

/* A 50 ms ITIMER_VIRTUAL armed at 1 s of CPU time, fired at 1.05 s, ticks
 * of 4 ms, no context switch. */
static void cpu_fires_seen(struct setitimer_cpu_fires_seen *seen, bool prof)
{
	memset(seen, 0, sizeof(*seen));
	seen->timer = prof ? "ITIMER_PROF" : "ITIMER_VIRTUAL";
	seen->signal = prof ? "SIGPROF" : "SIGVTALRM";
	seen->counts_system = prof;
	seen->value_ns = 50 * MS;
	seen->tick_ns = 4 * MS;
	seen->armed_cpu_ns = SEC;
	seen->gave_up_cpu_ns = SEC + 640 * MS;
	seen->caught.signals = 1;
	seen->caught.times = 1;
	seen->caught.time_ns[0] = SEC + 50 * MS;
	seen->user_ns = prof ? 5 * MS : 50 * MS;
	seen->system_ns = prof ? 45 * MS : 0;
	seen->watched_cpu_ns = 25 * MS;
}

static void test_setitimer_cpu_fires(void)
{
	struct setitimer_cpu_fires_seen seen;

	cpu_fires_seen(&seen, false);
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), PASS,
	       "one SIGVTALRM after 50.000 ms");
	seen.caught.time_ns[0] = SEC + 50 * MS - 1; /* 1 ns short, run unbroken */
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "before the 50 ms of ITIMER_VIRTUAL");
	seen.switches = 2; /* each may have cost one sampled tick */
	seen.caught.time_ns[0] = SEC + 42 * MS;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), PASS, NULL);
	seen.caught.time_ns[0] = SEC + 42 * MS - 1;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "2 context switches allow 8 ms less");
	cpu_fires_seen(&seen, false);
	seen.caught.signals = 2;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "2 SIGVTALRM from a one-shot");
	seen.caught.signals = seen.caught.times = 0;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "no SIGVTALRM in 640.0 ms of CPU time");
	seen.caught.foreign = 1;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), ERROR, "another sender");
}

/* ITIMER_PROF: fired with the user time under half the value; the user
 * time at three quarters of it or more, the kernel's as large, is the bug;
 * in between, or with less kernel time, it cannot tell. */
static void test_setitimer_prof_counts_system(void)
{
	struct setitimer_cpu_fires_seen seen;

	cpu_fires_seen(&seen, true);
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), PASS,
	       "(5.0 ms user, 45.0 ms system)");
	seen.user_ns = 25 * MS - 1;
	seen.system_ns = 30 * MS;
	seen.switches = 20; /* a busy machine does not matter */
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), PASS, NULL);
	seen.user_ns = 25 * MS;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), ERROR, "cannot tell");
	seen.user_ns = 37500 * US;
	seen.system_ns = 37500 * US;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "system time not counted");
	seen.system_ns = 37500 * US - 1; /* mostly user time: cannot tell */
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), ERROR, "cannot tell");
	/* never early, whatever the split */
	cpu_fires_seen(&seen, true);
	seen.caught.time_ns[0] = SEC + 49 * MS;
	EXPECT(setitimer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "SIGPROF after 49.000 ms");
}

void tests_checks_setitimer(void)
{
	CU_pSuite suite = judge_suite("checks: setitimer");

	CU_add_test(suite, "setitimer einval", test_setitimer_einval);
	CU_add_test(suite, "setitimer old-value and real-fires", test_setitimer_simple);
	CU_add_test(suite, "setitimer periodic: owed -1, early, stalled",
		    test_setitimer_periodic);
	CU_add_test(suite, "setitimer cpu-tick: one tick above at most",
		    test_setitimer_cpu_tick);
	CU_add_test(suite, "setitimer virtual- and prof-fires: once, never early",
		    test_setitimer_cpu_fires);
	CU_add_test(suite, "setitimer prof-fires: system time counts",
		    test_setitimer_prof_counts_system);
}
