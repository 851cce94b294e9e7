/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The judges of the posix-timer checks on the CPU-time clocks, driven with
 * scripted observations; their tests join the group's suite.
 */
#include <string.h>

#include "../cases/checks/posix-timer.h"
#include "judge.h"
#include "tests.h"

/* A 50 ms one-shot armed at 2 s of thread CPU time, fired at 2.05 s. */
static void cpu_fires_seen(struct posix_timer_cpu_fires_seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	seen->clock = "thread-cputime";
	seen->value_ns = 50 * MS;
	seen->armed_ns = 2 * SEC;
	seen->gave_up_ns = 2 * SEC + 140 * MS;
	seen->caught.signals = seen->caught.times = 1;
	seen->caught.time_ns[0] = 2 * SEC + 50 * MS;
	seen->watched_ns = 25 * MS;
}

static void test_cpu_fires(void)
{
	struct posix_timer_cpu_fires_seen seen;

	cpu_fires_seen(&seen);
	EXPECT(posix_timer_judge_cpu_fires(judge_fresh(), &seen), PASS,
	       "one signal after 50.000 ms on thread-cputime");
	seen.caught.time_ns[0] -= 1; /* the clock is exact: no tolerance */
	EXPECT(posix_timer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "after 49999999 ns on thread-cputime, before the 50 ms");
	cpu_fires_seen(&seen);
	seen.caught.signals = 2;
	EXPECT(posix_timer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "2 signals from a one-shot");
	seen.caught.signals = seen.caught.times = 0;
	EXPECT(posix_timer_judge_cpu_fires(judge_fresh(), &seen), FAIL,
	       "no signal in 140.0 ms on thread-cputime");
	seen.caught.foreign = 1;
	EXPECT(posix_timer_judge_cpu_fires(judge_fresh(), &seen), ERROR,
	       "another sender");
}

static void test_running_thread(void)
{
	struct posix_timer_running_thread_seen seen = { .wanted = 20,
							.tick_ns = 4 * MS,
							.burnt_ns = 80 * MS };

	seen.caught.per_thread[1] = 20;
	EXPECT(posix_timer_judge_running_thread(judge_fresh(), &seen), PASS,
	       "20 signals in 80.0 ms");
	/* what kernels before 6.3 do: the first tick wakes the main thread */
	seen.caught.per_thread[0] = 1;
	EXPECT(posix_timer_judge_running_thread(judge_fresh(), &seen), FAIL,
	       "1 of 21 signals");
	seen.caught.per_thread[0] = 0;
	seen.caught.per_thread[1] = 7; /* a busy machine: fewer, all of them right */
	seen.burnt_ns = 400 * MS;
	EXPECT(posix_timer_judge_running_thread(judge_fresh(), &seen), PASS,
	       "7 signals in 400.0 ms");
	seen.caught.per_thread[1] = 0;
	EXPECT(posix_timer_judge_running_thread(judge_fresh(), &seen), FAIL,
	       "no signal in 400.0 ms");
	seen.caught.foreign = 1;
	EXPECT(posix_timer_judge_running_thread(judge_fresh(), &seen), ERROR,
	       "another sender");
}

void tests_checks_posix_timer_cputime(CU_pSuite suite)
{
	CU_add_test(suite, "fires on the CPU-time clocks: once, never early",
		    test_cpu_fires);
	CU_add_test(suite, "cputime-to-running-thread: never the sleeping main thread",
		    test_running_thread);
}
