/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "judge.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"

static struct tl_check_ctx *judge_context;

struct tl_check_ctx *judge_fresh(void)
{
	tl_check_ctx_free(judge_context);
	judge_context = tl_check_ctx_new(-1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(judge_context);
	return judge_context;
}

const char *judge_reason(void)
{
	return tl_check_ctx_reason(judge_context);
}

void judge_expect(const char *file, int line, enum tl_verdict got, enum tl_verdict want,
		  const char *part)
{
	const char *reason = tl_check_ctx_reason(judge_context);
	bool right = got == want && tl_check_ctx_verdict(judge_context) == want &&
		     (!part || strstr(reason, part));

	CU_ASSERT_TRUE(right);
	if (!right)
		fprintf(stderr, "\n%s:%d: %s \"%s\", expected %s with \"%s\"\n", file,
			line, tl_verdict_name(got), reason, tl_verdict_name(want),
			part ? part : "");
}

static int judge_free(void)
{
	tl_check_ctx_free(judge_context);
	judge_context = NULL;
	return 0;
}

CU_pSuite judge_suite(const char *name)
{
	return tests_suite_cleaned(name, judge_free);
}
