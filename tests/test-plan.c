/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plans: which cells, n/a rows and their reasons, and the round-robin order. */
#include <string.h>

#include "../cases/registry.h"
#include "../harness/plan.h"
#include "../lib/time.h"
#include "tests.h"

#define PLAN_ARGV(...) ((char *[]){ "run", __VA_ARGS__, NULL })
#define PLAN_ARGC(...) ((int)(sizeof((char *[]){ "run", __VA_ARGS__ }) / sizeof(char *)))
#define PLAN_BUILD(plan, ...)                                                            \
	plan_build(PLAN_ARGC(__VA_ARGS__), PLAN_ARGV(__VA_ARGS__), plan)

static void plan_build(int argc, char **argv, struct tl_plan *plan)
{
	struct tl_run_options options;
	char why[512];

	CU_ASSERT_EQUAL_FATAL(
		tl_run_options_parse(argc, argv, &options, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL_FATAL(tl_plan_build(&options, plan), 0);
}

static size_t plan_count(const struct tl_plan *plan, const struct tl_path *path,
			 bool unsupported)
{
	size_t n = 0;

	for (size_t i = 0; i < plan->count; i++)
		n += plan->cells[i].cell.path == path &&
		     (plan->cells[i].unsupported != NULL) == unsupported;
	return n;
}

/* The default plan: every path, default variant, monotonic and realtime,
 * every arm; what a path cannot do is a row with its reason. */
static void test_default_plan(void)
{
	struct tl_plan plan;

	PLAN_BUILD(&plan, "--quiet");
	CU_ASSERT_EQUAL(plan.rounds, 4);
	for (size_t p = 0; tl_paths[p]; p++)
		CU_ASSERT_EQUAL(plan_count(&plan, tl_paths[p], false) +
					plan_count(&plan, tl_paths[p], true),
				2 * TL_ARM_COUNT);
	CU_ASSERT_EQUAL(plan_count(&plan, &tl_path_clock_nanosleep, true), 2);
	for (size_t i = 0; i < plan.count; i++) {
		const struct tl_plan_cell *cell = &plan.cells[i];

		CU_ASSERT(cell->cell.clock == CLOCK_MONOTONIC ||
			  cell->cell.clock == CLOCK_REALTIME);
		CU_ASSERT_EQUAL(cell->cell.variant, 0);
		/* alarm arms in whole seconds: the plan runs it at 1 s */
		CU_ASSERT_EQUAL(cell->cell.interval_ns,
				cell->cell.path->granularity_ns
					? cell->cell.path->granularity_ns
					: TL_NS_PER_MS);
		if (cell->unsupported)
			CU_ASSERT(strlen(cell->unsupported) >
				  10); /* a reason, not a flag */
	}
	tl_plan_free(&plan);
}

static void test_variants_all(void)
{
	struct tl_plan plan;

	PLAN_BUILD(&plan, "--path", "timerfd,clock-nanosleep", "--variants", "all",
		   "--clock", "monotonic");
	/* timerfd: 3 variants x 3 arms; clock-nanosleep: none, 3 arms (1 n/a) */
	CU_ASSERT_EQUAL(plan_count(&plan, &tl_path_timerfd, false), 9);
	CU_ASSERT_EQUAL(plan_count(&plan, &tl_path_clock_nanosleep, false), 2);
	CU_ASSERT_EQUAL(plan.count, 12);
	tl_plan_free(&plan);

	/* a spec that names its variant keeps it, even with --variants all */
	PLAN_BUILD(&plan, "--path", "timerfd:epoll", "--variants", "all", "--clock",
		   "monotonic", "--arm", "abs");
	CU_ASSERT_EQUAL_FATAL(plan.count, 1);
	CU_ASSERT_EQUAL(plan.cells[0].cell.variant, 2);
	tl_plan_free(&plan);
}

/* --clock all adds boottime everywhere, tai only where a path takes it;
 * naming tai keeps its n/a rows. */
static void test_clock_all(void)
{
	struct tl_plan plan;
	size_t tai = 0, boottime = 0;

	PLAN_BUILD(&plan, "--path", "timerfd,clock-nanosleep", "--clock", "all", "--arm",
		   "abs");
	for (size_t i = 0; i < plan.count; i++) {
		tai += plan.cells[i].cell.clock == CLOCK_TAI;
		boottime += plan.cells[i].cell.clock == CLOCK_BOOTTIME;
		if (plan.cells[i].cell.clock == CLOCK_TAI)
			CU_ASSERT_PTR_EQUAL(plan.cells[i].cell.path,
					    &tl_path_clock_nanosleep);
	}
	CU_ASSERT_EQUAL(tai, 1);
	CU_ASSERT_EQUAL(boottime, 2);
	tl_plan_free(&plan);

	PLAN_BUILD(&plan, "--path", "timerfd", "--clock", "tai", "--arm", "abs");
	CU_ASSERT_EQUAL_FATAL(plan.count, 1);
	CU_ASSERT_PTR_NOT_NULL(plan.cells[0].unsupported);
	tl_plan_free(&plan);
}

static void test_intervals_and_duration(void)
{
	struct tl_plan plan;

	PLAN_BUILD(&plan, "--path", "timerfd", "--clock", "monotonic", "--arm", "abs",
		   "--interval", "100us,1ms,10ms", "--duration", "1s");
	CU_ASSERT_EQUAL_FATAL(plan.count, 3);
	CU_ASSERT_EQUAL(plan.cells[0].samples, 10000);
	CU_ASSERT_EQUAL(plan.cells[1].samples, 1000);
	CU_ASSERT_EQUAL(plan.cells[2].samples, 100);
	tl_plan_free(&plan);
}

/* Round r starts at the (r mod C)-th measurable cell; n/a cells and blocks
 * of 0 samples are skipped; every block of every cell runs once. */
static void test_round_rotation(void)
{
	struct tl_plan plan;
	struct tl_plan_cursor cursor;
	size_t cell, order[64], n = 0;
	uint64_t round, rounds[64];

	/* clock-nanosleep abs, rel, periodic (n/a) and timerfd abs: C = 3 */
	PLAN_BUILD(&plan, "--path", "clock-nanosleep,timerfd:read", "--clock",
		   "monotonic", "--arm", "abs,rel,periodic", "--samples", "10",
		   "--rounds", "4");
	/* drop timerfd rel and periodic so that C is 3 */
	plan.count = 4;
	CU_ASSERT_PTR_NOT_NULL_FATAL(plan.cells[2].unsupported);
	tl_plan_cursor_init(&cursor);
	while (n < 64 && tl_plan_next_block(&plan, &cursor, &cell, &round)) {
		order[n] = cell;
		rounds[n++] = round;
	}
	static const size_t expect[] = { 0, 1, 3, 1, 3, 0, 3, 0, 1, 0, 1, 3 };
	CU_ASSERT_EQUAL_FATAL(n, 12);
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(order[i], expect[i]);
		CU_ASSERT_EQUAL(rounds[i], i / 3);
	}
	CU_ASSERT_EQUAL(tl_plan_block_count(&plan), 12);
	/* 10 samples in 4 rounds: 3, 3, 2, 2 */
	CU_ASSERT_EQUAL(tl_plan_block_samples(&plan, &plan.cells[0], 0), 3);
	CU_ASSERT_EQUAL(tl_plan_block_samples(&plan, &plan.cells[0], 3), 2);

	/* a cell with fewer samples than rounds sits the last rounds out */
	plan.cells[1].samples = 2;
	tl_plan_cursor_init(&cursor);
	n = 0;
	while (n < 64 && tl_plan_next_block(&plan, &cursor, &cell, &round))
		n += cell == 1;
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(tl_plan_block_count(&plan), 10);
	tl_plan_free(&plan);
}

void tests_plan(void)
{
	CU_pSuite suite = tests_suite("plan");

	CU_add_test(suite, "default plan, n/a rows with reasons", test_default_plan);
	CU_add_test(suite, "--variants all", test_variants_all);
	CU_add_test(suite, "--clock all: tai where taken", test_clock_all);
	CU_add_test(suite, "intervals and --duration", test_intervals_and_duration);
	CU_add_test(suite, "round-robin rotation", test_round_rotation);
}
