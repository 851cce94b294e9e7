/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The judge of signal queuing, driven with scripted observations. */
#include <errno.h>

#include "../cases/checks/signal.h"
#include "judge.h"
#include "tests.h"

static void test_signal_queue(void)
{
	const struct signal_queue_seen right = {
		.standard = 1,
		.realtime = 3,
		.realtime_values = { 0, 1, 2 },
	};
	struct signal_queue_seen seen = right;

	EXPECT(signal_judge_std_vs_rt_queue(judge_fresh(), &seen), PASS,
	       "1 SIGALRM (si_value 0) and 3 SIGRTMIN");
	seen.standard = 3; /* queued like a real-time signal */
	EXPECT(signal_judge_std_vs_rt_queue(judge_fresh(), &seen), FAIL,
	       "3 SIGALRM delivered of 3 queued while blocked, expected 1");
	seen = right;
	seen.standard = 0;
	EXPECT(signal_judge_std_vs_rt_queue(judge_fresh(), &seen), FAIL, "0 SIGALRM");
	seen = right;
	seen.realtime = 1; /* merged like a standard one */
	EXPECT(signal_judge_std_vs_rt_queue(judge_fresh(), &seen), FAIL,
	       "1 SIGRTMIN delivered of 3 queued while blocked, expected 3");
	seen = right;
	seen.realtime_values[1] = 2;
	seen.realtime_values[2] = 1;
	EXPECT(signal_judge_std_vs_rt_queue(judge_fresh(), &seen), FAIL,
	       "SIGRTMIN number 2 delivered carried si_value 2, expected 1");
	seen = right;
	seen.still_pending = true;
	EXPECT(signal_judge_std_vs_rt_queue(judge_fresh(), &seen), FAIL, "still pending");
	seen.queue_err = EAGAIN;
	EXPECT(signal_judge_std_vs_rt_queue(judge_fresh(), &seen), ERROR,
	       "sigqueue: EAGAIN");
}

void tests_checks_signal(void)
{
	CU_pSuite suite = judge_suite("checks: signal");

	CU_add_test(suite, "signal.std-vs-rt-queue", test_signal_queue);
}
