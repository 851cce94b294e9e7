/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The judges of what timer_gettime reports of an expired periodic timer
 * (posix-timer.sigev-none and .gettime-pending, on any clock), driven with
 * scripted observations; their tests join the group's suite.
 */
#include <stdbool.h>
#include <string.h>

#include "../cases/checks/posix-timer.h"
#include "judge.h"
#include "tests.h"

/* A 10 ms periodic timer from T0, read once at T0 + at_ns (+ 1 us) saying
 * value_ns; its signal pending or not. */
static void gettime_seen(struct posix_timer_gettime_seen *seen, int64_t at_ns,
			 int64_t value_ns, bool pending)
{
	memset(seen, 0, sizeof(*seen));
	seen->clock = "monotonic";
	seen->signal_pending = pending;
	seen->first_ns = T0;
	seen->interval_ns = 10 * MS;
	seen->count = 1;
	seen->reads[0] = (struct posix_timer_gettime){ T0 + at_ns, T0 + at_ns + US,
						       value_ns, 10 * MS };
}

static void test_sigev_none(void)
{
	static const struct {
		int64_t at_ns, value_ns;
		enum tl_verdict want;
	} cases[] = {
		/* at 42.5 ms the next deadline is 50 ms: 7.5 ms, less the read */
		{ 42500 * US, 7500 * US, PASS },
		{ 42500 * US, 7499 * US, PASS },
		{ 42500 * US, 7500 * US + 1, FAIL },
		{ 42500 * US, 7499 * US - 1, FAIL },
		{ 42500 * US, 0, FAIL }, /* stopped: the old bug */
		/* a deadline between the reads: anything in (0, interval] */
		{ 49999500, 1, PASS },
		{ 49999500, 10 * MS, PASS },
		{ 49999500, 10 * MS + 1, FAIL },
		{ 49999500, 0, FAIL },
		{ 5 * MS, 5 * MS, ERROR }, /* one expiry passed: too soon to judge */
	};
	struct posix_timer_gettime_seen seen;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gettime_seen(&seen, cases[i].at_ns, cases[i].value_ns, false);
		EXPECT(posix_timer_judge_sigev_none(judge_fresh(), &seen), cases[i].want,
		       NULL);
	}
	gettime_seen(&seen, 42500 * US, 7500 * US, false);
	seen.reads[0].interval_ns = 0;
	EXPECT(posix_timer_judge_sigev_none(judge_fresh(), &seen), FAIL, "it_interval 0");
	gettime_seen(&seen, 42500 * US, 7500 * US, false);
	seen.signal_pending = true;
	EXPECT(posix_timer_judge_sigev_none(judge_fresh(), &seen), FAIL, "sent");
	seen.signal_pending = false;
	seen.count = 0;
	EXPECT(posix_timer_judge_sigev_none(judge_fresh(), &seen), ERROR, NULL);
}

/* The same reads, the signal pending, judged the same; a CPU-time clock's
 * times are CPU time, the arithmetic is the same. */
static void test_gettime_pending(void)
{
	struct posix_timer_gettime_seen seen;

	gettime_seen(&seen, 42500 * US, 7500 * US, true);
	EXPECT(posix_timer_judge_gettime_pending(judge_fresh(), &seen), PASS,
	       "monotonic: 1 reads over 5 periods, the signal pending");
	seen.reads[0].value_ns = 7500 * US + 1;
	EXPECT(posix_timer_judge_gettime_pending(judge_fresh(), &seen), FAIL,
	       "expected 7499000..7500000");
	/* not forwarded: the old CPU-time timer read back what had expired */
	seen.clock = "thread-cputime";
	seen.reads[0].value_ns = 1;
	EXPECT(posix_timer_judge_gettime_pending(judge_fresh(), &seen), FAIL,
	       "thread-cputime: it_value 1 ns");
	seen.reads[0].value_ns = 0;
	EXPECT(posix_timer_judge_gettime_pending(judge_fresh(), &seen), FAIL,
	       "it_value 0 ns");
	gettime_seen(&seen, 42500 * US, 7500 * US, false);
	EXPECT(posix_timer_judge_gettime_pending(judge_fresh(), &seen), FAIL,
	       "is not pending");
	gettime_seen(&seen, 42500 * US, 7500 * US, true);
	seen.reads[0].before_ns = T0 - 1; /* before the first expiry */
	EXPECT(posix_timer_judge_gettime_pending(judge_fresh(), &seen), ERROR,
	       "before the first expiry");
	gettime_seen(&seen, 5 * MS, 5 * MS, true); /* one expiry passed */
	EXPECT(posix_timer_judge_gettime_pending(judge_fresh(), &seen), ERROR,
	       "had not expired twice");
}

void tests_checks_posix_timer_gettime(CU_pSuite suite)
{
	CU_add_test(suite, "sigev-none: the time to the next deadline", test_sigev_none);
	CU_add_test(suite, "gettime-pending: the time to the next deadline",
		    test_gettime_pending);
}
