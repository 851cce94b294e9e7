/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A path's granularity in the plan: alarm arms whole seconds, so a finer
 * interval runs at 1s, 3 samples, no warm-up, unless --path names alarm and
 * the count is asked for; the default plan, with every path in registry
 * order, stays short.
 */
#include <string.h>

#include "../cases/registry.h"
#include "../harness/options.h"
#include "../harness/plan.h"
#include "../lib/time.h"
#include "tests.h"

/* argv after "run", NULL-terminated; the plan is the caller's to free. */
static void granularity_plan(const char *const *args, struct tl_plan *plan)
{
	char *argv[16] = { "run" };
	struct tl_run_options options;
	char why[256];
	int argc = 1;

	for (; args[argc - 1] && argc < 15; argc++)
		argv[argc] = (char *)args[argc - 1];
	CU_ASSERT_EQUAL_FATAL(
		tl_run_options_parse(argc, argv, &options, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL_FATAL(tl_plan_build(&options, plan), 0);
}

/* The measurable alarm cells: each must have these numbers. */
static void granularity_check_alarm(const struct tl_plan *plan, int64_t interval_ns,
				    uint64_t samples, uint64_t warmup)
{
	size_t measurable = 0;

	for (size_t i = 0; i < plan->count; i++) {
		const struct tl_plan_cell *planned = &plan->cells[i];

		if (planned->cell.path != &tl_path_alarm)
			continue;
		CU_ASSERT_EQUAL(planned->cell.interval_ns, interval_ns);
		if (planned->unsupported)
			continue;
		measurable++;
		CU_ASSERT_EQUAL(planned->cell.arm, TL_ARM_REL);
		CU_ASSERT_EQUAL(planned->samples, samples);
		CU_ASSERT_EQUAL(planned->warmup, warmup);
	}
	CU_ASSERT_EQUAL(measurable, 2); /* monotonic and realtime */
}

/* No --path: every path in registry order, default variant and signal;
 * alarm at 1s with 3 samples, the others as asked. */
static void test_default_plan(void)
{
	static const char *const args[] = { NULL };
	struct tl_plan plan;
	size_t next_path = 0;

	granularity_plan(args, &plan);
	for (size_t i = 0; i < plan.count; i++) {
		const struct tl_plan_cell *planned = &plan.cells[i];

		while (tl_paths[next_path] && tl_paths[next_path] != planned->cell.path)
			next_path++;
		CU_ASSERT_PTR_NOT_NULL_FATAL(tl_paths[next_path]);
		CU_ASSERT_EQUAL(planned->cell.variant, 0);
		CU_ASSERT_EQUAL(planned->cell.signal, 0);
		if (planned->cell.path != &tl_path_alarm) {
			CU_ASSERT_EQUAL(planned->cell.interval_ns, TL_NS_PER_MS);
			CU_ASSERT_EQUAL(planned->samples, TL_DEFAULT_SAMPLES);
			CU_ASSERT_EQUAL(planned->warmup, TL_DEFAULT_WARMUP);
		}
	}
	/* 5 paths x 2 clocks x 3 arms, the last path alarm */
	CU_ASSERT_EQUAL(plan.count, 30);
	CU_ASSERT_PTR_EQUAL(tl_paths[next_path], &tl_path_alarm);
	granularity_check_alarm(&plan, TL_NS_PER_S, 3, 0);
	/* about 8 s of alarm, not 4000 */
	int64_t expected_ns;
	CU_ASSERT_EQUAL(tl_plan_expected(&plan, &expected_ns), 0);
	CU_ASSERT(expected_ns < 60 * TL_NS_PER_S);
	tl_plan_free(&plan);
}

static void test_alarm_coarsened(void)
{
	static const struct {
		const char *args[8];
		int64_t interval_ns;
		uint64_t samples, warmup;
	} cases[] = {
		/* not named: capped, whatever --samples says */
		{ { "--samples", "50", NULL }, TL_NS_PER_S, 3, 0 },
		{ { "--samples", "2", NULL }, TL_NS_PER_S, 2, 0 },
		/* named, count not asked for: capped */
		{ { "--path", "alarm", NULL }, TL_NS_PER_S, 3, 0 },
		/* named and asked for: honoured */
		{ { "--path", "alarm", "--samples", "7", NULL }, TL_NS_PER_S, 7, 0 },
		{ { "--path", "alarm", "--samples", "7", "--warmup", "2", NULL },
		  TL_NS_PER_S,
		  7,
		  2 },
		{ { "--path", "alarm:handler", "--duration", "5s", NULL },
		  TL_NS_PER_S,
		  5,
		  0 },
		/* rounded up to whole seconds */
		{ { "--path", "alarm", "--interval", "1500ms", NULL },
		  2 * TL_NS_PER_S,
		  3,
		  0 },
		/* already whole seconds: not coarsened, the defaults stand */
		{ { "--path", "alarm", "--interval", "2s", NULL },
		  2 * TL_NS_PER_S,
		  TL_DEFAULT_SAMPLES,
		  TL_DEFAULT_WARMUP },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tl_plan plan;

		granularity_plan(cases[i].args, &plan);
		granularity_check_alarm(&plan, cases[i].interval_ns, cases[i].samples,
					cases[i].warmup);
		tl_plan_free(&plan);
	}
}

/* Coarsening happens before two specs are found to be the same cell. */
static void test_alarm_deduplicated(void)
{
	static const char *const args[] = { "--path", "alarm,alarm:handler:alrm", NULL };
	struct tl_plan plan;

	granularity_plan(args, &plan);
	CU_ASSERT_EQUAL(plan.count, 6);
	tl_plan_free(&plan);
}

void tests_granularity(void)
{
	CU_pSuite suite = tests_suite("granularity");

	CU_add_test(suite, "default plan: every path, alarm short", test_default_plan);
	CU_add_test(suite, "alarm: whole seconds, samples as asked",
		    test_alarm_coarsened);
	CU_add_test(suite, "alarm: duplicates merge after rounding",
		    test_alarm_deduplicated);
}
