/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the two files of the checks-b suite share: a judge driven with a
 * scripted observation, its verdict and reason compared (test-checks-b.c
 * holds the suite and the posix-timer judges, test-checks-b-itimer.c
 * those of setitimer and alarm). */
#ifndef TL_TEST_CHECKS_B_H
#define TL_TEST_CHECKS_B_H

#include "../cases/checks/check.h"
#include "../lib/time.h"

/* A time far from zero, so that "before" never goes negative. */
#define T0 (1000 * TL_NS_PER_S)
#define MS TL_NS_PER_MS
#define US TL_NS_PER_US

#define PASS TL_VERDICT_PASS
#define FAIL TL_VERDICT_FAIL
#define SKIP TL_VERDICT_SKIP
#define ERROR TL_VERDICT_ERROR

/* The context judges decide in; checks_b_fresh() makes a new one. */
extern struct tl_check_ctx *checks_b_ctx;
void checks_b_fresh(void);
/* The judge's verdict is what it returned and what the context holds; its
 * reason contains needle (NULL: anything). A miss names the line. */
void checks_b_expect(enum tl_verdict got, enum tl_verdict want, const char *needle,
		     int line);

/* judge(ctx, seen) in a fresh context decides want, for a reason that
 * contains needle. */
#define EXPECT(judge, seen, want, needle)                                                \
	do {                                                                             \
		checks_b_fresh();                                                        \
		checks_b_expect(judge(checks_b_ctx, seen), (want), (needle), __LINE__);  \
	} while (0)

void checks_b_setitimer_einval(void);
void checks_b_setitimer_simple(void);
void checks_b_setitimer_periodic(void);
void checks_b_setitimer_cpu_tick(void);
void checks_b_alarm_rounded(void);
void checks_b_alarm_returns_remaining(void);
void checks_b_alarm_zero_and_fork(void);

#endif
