/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The check runner's second attempt: a check that says ERROR itself (it
 * could not judge) runs once more and its second verdict stands, with the
 * first one's reason kept; a failure, a crash and a timeout run once. The
 * fakes count their attempts in memory shared with the children they run in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../cases/registry.h"
#include "../harness/check-runner.h"
#include "../lib/result.h"
#include "../lib/time.h"
#include "tests.h"

struct retry_counts {
	int erred_once, erred_always, failed, crashed, hung;
};

static struct retry_counts *counts;

static enum tl_verdict retry_erred_once(struct tl_check_ctx *ctx)
{
	if (__atomic_add_fetch(&counts->erred_once, 1, __ATOMIC_SEQ_CST) == 1)
		return tl_check_error(ctx, "stalled %d ms past a deadline: cannot judge",
				      40);
	return tl_check_pass(ctx, "judged");
}

static enum tl_verdict retry_erred_always(struct tl_check_ctx *ctx)
{
	int attempt = __atomic_add_fetch(&counts->erred_always, 1, __ATOMIC_SEQ_CST);

	return tl_check_error(ctx, "a signal from another sender (attempt %d)", attempt);
}

static enum tl_verdict retry_failed(struct tl_check_ctx *ctx)
{
	__atomic_add_fetch(&counts->failed, 1, __ATOMIC_SEQ_CST);
	return tl_check_fail(ctx, "2 signals, expected 1");
}

static enum tl_verdict retry_crashed(struct tl_check_ctx *ctx)
{
	(void)ctx;
	__atomic_add_fetch(&counts->crashed, 1, __ATOMIC_SEQ_CST);
	abort();
	return TL_VERDICT_PASS;
}

static enum tl_verdict retry_hung(struct tl_check_ctx *ctx)
{
	(void)ctx;
	__atomic_add_fetch(&counts->hung, 1, __ATOMIC_SEQ_CST);
	for (;;)
		pause();
	return TL_VERDICT_PASS;
}

#define RETRY_FAKE(id, check_name, function)                                             \
	static const struct tl_check id = { .name = check_name,                          \
					    .summary = "test only",                      \
					    .run = function }

RETRY_FAKE(check_erred_once, "retry.erred-once", retry_erred_once);
RETRY_FAKE(check_erred_always, "retry.erred-always", retry_erred_always);
RETRY_FAKE(check_failed, "retry.failed", retry_failed);
RETRY_FAKE(check_crashed, "retry.crashed", retry_crashed);
RETRY_FAKE(check_hung, "retry.hung", retry_hung);

static void test_second_attempt(void)
{
	static const struct tl_check *const checks[] = {
		&check_erred_once, &check_erred_always, &check_failed,
		&check_crashed,	   &check_hung,		NULL,
	};
	struct tl_check_options options;
	struct tl_result result;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	counts = mmap(NULL, sizeof(*counts), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_FATAL(counts != MAP_FAILED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	tl_check_options_defaults(&options);
	options.timeout_ns = 1 * TL_NS_PER_S;
	tl_result_init(&result);
	CU_ASSERT_EQUAL(tl_check_run(checks, &options, out, &result), 0);
	fclose(out);
	CU_ASSERT_EQUAL_FATAL(result.check_count, 5);

	/* erred, then judged: the second verdict, and the first reason kept */
	CU_ASSERT_EQUAL(counts->erred_once, 2);
	CU_ASSERT_EQUAL(result.checks[0].verdict, TL_VERDICT_PASS);
	CU_ASSERT(result.checks[0].reason &&
		  strstr(result.checks[0].reason,
			 "judged; on a second attempt, the first erred: stalled 40 ms"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"\n# the first attempt erred (stalled 40 ms past a deadline: cannot judge): once more\n"));
	/* erred twice: an error, both reasons, two attempts and no third */
	CU_ASSERT_EQUAL(counts->erred_always, 2);
	CU_ASSERT_EQUAL(result.checks[1].verdict, TL_VERDICT_ERROR);
	CU_ASSERT(
		result.checks[1].reason &&
		strstr(result.checks[1].reason,
		       "(attempt 2); on a second attempt, the first erred: a signal from another sender (attempt 1)"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "\nnot ok 2 retry.erred-always # ERROR a signal"));
	/* a failure, a crash and a timeout are answers: run once */
	CU_ASSERT_EQUAL(counts->failed, 1);
	CU_ASSERT_EQUAL(result.checks[2].verdict, TL_VERDICT_FAIL);
	CU_ASSERT_EQUAL(counts->crashed, 1);
	CU_ASSERT_EQUAL(result.checks[3].verdict, TL_VERDICT_ERROR);
	CU_ASSERT_EQUAL(counts->hung, 1);
	CU_ASSERT_EQUAL(result.checks[4].verdict, TL_VERDICT_TIMEOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text,
		"\n# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:2 timeout:1\n"));
	tl_result_free(&result);
	free(text);
	munmap(counts, sizeof(*counts));
}

void tests_check_retry(void)
{
	CU_pSuite suite = tests_suite("check runner: a second attempt");

	CU_add_test(suite, "erred once: judged again; a failure, a crash, a hang once",
		    test_second_attempt);
}
