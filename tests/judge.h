/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the tests of the checks' judges: a judge driven with a scripted
 * observation in a fresh context, its verdict and reason compared. No
 * timer is armed; the checks themselves run against this machine's kernel
 * in test-check-tool.c.
 *
 *	EXPECT(timerfd_judge_flags(judge_fresh(), seen, 4), FAIL, "O_NONBLOCK");
 */
#ifndef TL_TESTS_JUDGE_H
#define TL_TESTS_JUDGE_H

#include <CUnit/CUnit.h>

#include "../cases/checks/check.h"
#include "../lib/time.h"

/* Times in observations. T0 is far from zero, so "before" never goes
 * negative. */
#define US TL_NS_PER_US
#define MS TL_NS_PER_MS
#define SEC TL_NS_PER_S
#define T0 (1000 * SEC)

#define PASS TL_VERDICT_PASS
#define FAIL TL_VERDICT_FAIL
#define SKIP TL_VERDICT_SKIP
#define ERROR TL_VERDICT_ERROR

/* A new context for the next judgement (the last one is freed), its
 * records going nowhere. */
struct tl_check_ctx *judge_fresh(void);
/* The reason the last judgement gave. */
const char *judge_reason(void);

/* The judge returned want and recorded it too, for a reason that contains
 * part (NULL: any). A miss names the file and line. */
void judge_expect(const char *file, int line, enum tl_verdict got, enum tl_verdict want,
		  const char *part);
#define EXPECT(call, want, part) judge_expect(__FILE__, __LINE__, (call), (want), (part))

/* A suite of judge tests: the context is freed when it ends. */
CU_pSuite judge_suite(const char *name);

#endif
