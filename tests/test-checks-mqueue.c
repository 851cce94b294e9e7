/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The judges of the message queue timeout checks, driven with scripted
 * observations. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../cases/checks/mqueue.h"
#include "judge.h"
#include "tests.h"

/* Receives timing out at their deadline on realtime, each served once. */
static void mqueue_sweep(struct check_sweep *sweep, size_t n)
{
	memset(sweep, 0, sizeof(*sweep));
	sweep->clock = CLOCK_REALTIME;
	sweep->count = n;
	for (size_t i = 0; i < n; i++) {
		sweep->wakes[i].request_ns = 10 * MS;
		sweep->wakes[i].absolute = i % 2 == 0;
		sweep->wakes[i].deadline_ns = T0 + (int64_t)i * 20 * MS;
		sweep->wakes[i].wake_ns = sweep->wakes[i].deadline_ns + 30 * US;
		sweep->wakes[i].count = 1;
	}
}

static void test_timeout_never_early(void)
{
	struct check_sweep sweep;

	mqueue_sweep(&sweep, 4);
	EXPECT(mqueue_judge_timeout_never_early(judge_fresh(), &sweep), PASS,
	       "mq_timedreceive, realtime: 4 abs and rel waits");
	sweep.wakes[2].wake_ns = sweep.wakes[2].deadline_ns - 1;
	EXPECT(mqueue_judge_timeout_never_early(judge_fresh(), &sweep), FAIL,
	       "abs 10000000 ns: woke 1 ns before its deadline");
	mqueue_sweep(&sweep, 4);
	sweep.wakes[1].err = EBADF;
	EXPECT(mqueue_judge_timeout_never_early(judge_fresh(), &sweep), FAIL, "EBADF");
	mqueue_sweep(&sweep, 4);
	sweep.wakes[3].count = 0; /* a message from an empty queue */
	EXPECT(mqueue_judge_timeout_never_early(judge_fresh(), &sweep), FAIL,
	       "served 0 expirations");
}

static void test_latency_sanity(void)
{
	struct check_lateness_seen seen = { .attempts = 1, .count = 1 };

	seen.groups[0].what = "realtime abs";
	for (int i = 0; i < 10; i++)
		check_lateness_add(&seen.groups[0], T0, T0 + 40 * MS);
	EXPECT(mqueue_judge_latency_sanity(judge_fresh(), &seen), PASS,
	       "10 receives in 1 groups: mean lateness at most 40.000 ms");
	check_lateness_add(&seen.groups[0], T0, T0 + 40 * MS + 11);
	seen.attempts = 3;
	EXPECT(mqueue_judge_latency_sanity(judge_fresh(), &seen), FAIL,
	       "realtime abs: 11 receives woke 40.0 ms late on average");
}

void tests_checks_mqueue(void)
{
	CU_pSuite suite = judge_suite("checks: mqueue");

	CU_add_test(suite, "mqueue.timeout-never-early", test_timeout_never_early);
	CU_add_test(suite, "mqueue.latency-sanity", test_latency_sanity);
}
