/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checkpoints of a long run (--checkpoint): the helpers that size and time
 * them, the marks a checkpoint carries and how readers show them, and runs
 * of a few seconds with a short period: result.json is there before the
 * end, every read of it loads and is partial, what it holds never shrinks,
 * a SIGKILL leaves the last checkpoint, and the end leaves a whole result.
 * Timing is asserted only as "at least one checkpoint before the end".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../harness/checkpoint.h"
#include "../lib/compare-input.h"
#include "../lib/report.h"
#include "../lib/result.h"
#include "../lib/time.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

#define MS (INT64_C(1000000))

static void test_parse(void)
{
	int64_t ns = -1;
	char why[256];

	CU_ASSERT_EQUAL(tl_checkpoint_parse("off", &ns, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(ns, 0);
	ns = -1;
	CU_ASSERT_EQUAL(tl_checkpoint_parse("0", &ns, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(ns, 0);
	CU_ASSERT_EQUAL(tl_checkpoint_parse("200ms", &ns, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(ns, 200 * MS);
	CU_ASSERT_EQUAL(tl_checkpoint_parse("2h", &ns, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(ns, 7200 * 1000 * MS);
	static const char *const bad[] = { "-1", "1xs", "", "0.5ms", "8000000s", "of" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		CU_ASSERT_EQUAL(tl_checkpoint_parse(bad[i], &ns, why, sizeof(why)),
				-EINVAL);
		CU_ASSERT_EQUAL(strncmp(why, "--checkpoint: ", 14), 0);
	}
}

/* One cell of a plan, enough for the sizing helpers. */
static struct tl_plan_cell plan_cell(int64_t interval_ns, uint64_t samples,
				     uint64_t warmup)
{
	struct tl_plan_cell cell = { .samples = samples, .warmup = warmup };

	cell.cell.interval_ns = interval_ns;
	return cell;
}

static void test_rounds(void)
{
	struct tl_plan_cell cells[2] = {
		plan_cell(MS, 86400 * 1000, 10), /* a day at 1 ms */
		plan_cell(MS, 2000, 10),
	};
	struct tl_plan plan = { .cells = cells, .count = 2, .rounds = 4 };

	/* 599990 samples fit in 10 min after the warm-up: 145 blocks */
	CU_ASSERT_EQUAL(tl_checkpoint_rounds(&plan, 600 * 1000 * MS), 145);
	plan.rounds = 145;
	CU_ASSERT(tl_checkpoint_longest_block(&plan) <= 600 * 1000 * MS);
	plan.rounds = 144; /* one fewer would not fit */
	CU_ASSERT(tl_checkpoint_longest_block(&plan) > 600 * 1000 * MS);
	/* never fewer rounds than asked, nor more than --rounds allows */
	plan.rounds = 4;
	CU_ASSERT_EQUAL(tl_checkpoint_rounds(&plan, 48 * 3600 * 1000 * MS), 4);
	CU_ASSERT_EQUAL(tl_checkpoint_rounds(&plan, 0), 4);
	CU_ASSERT_EQUAL(tl_checkpoint_rounds(&plan, MS), TL_CHECKPOINT_MAX_ROUNDS);
	/* an n/a cell has no blocks to shorten */
	plan.count = 1;
	cells[0].unsupported = "n/a";
	CU_ASSERT_EQUAL(tl_checkpoint_rounds(&plan, MS), 4);
	CU_ASSERT_EQUAL(tl_checkpoint_longest_block(&plan), 0);
	/* a period shorter than the warm-up: one sample a block */
	cells[0] = plan_cell(10 * MS, 50, 10);
	CU_ASSERT_EQUAL(tl_checkpoint_rounds(&plan, 20 * MS), 50);
	/* 4 rounds: 13 samples in round 0, after 10 of warm-up */
	CU_ASSERT_EQUAL(tl_checkpoint_longest_block(&plan), 23 * 10 * MS);
}

static void test_due(void)
{
	struct tl_checkpoint checkpoint;

	int64_t before_ns = tl_now_ns(CLOCK_MONOTONIC);

	CU_ASSERT_EQUAL(tl_checkpoint_start(&checkpoint, 200 * MS, "/tmp"), 0);
	int64_t after_ns = tl_now_ns(CLOCK_MONOTONIC);

	CU_ASSERT_STRING_EQUAL(checkpoint.path, "/tmp/result.json");
	/* the clock starts now, on CLOCK_MONOTONIC: the first is due one
	 * period on, not at once (asserted without the wall clock's help, as
	 * a loaded machine may take 200 ms between two statements) */
	CU_ASSERT(checkpoint.last_ns >= before_ns && checkpoint.last_ns <= after_ns);
	CU_ASSERT(!tl_checkpoint_due_at(&checkpoint, checkpoint.last_ns));
	CU_ASSERT(!tl_checkpoint_due_at(&checkpoint, checkpoint.last_ns + 199 * MS));
	CU_ASSERT(tl_checkpoint_due_at(&checkpoint, checkpoint.last_ns + 200 * MS));
	/* due() asks due_at() now: a period ago is due, an hour on is not */
	checkpoint.last_ns = tl_now_ns(CLOCK_MONOTONIC) - 200 * MS;
	CU_ASSERT(tl_checkpoint_due(&checkpoint));
	checkpoint.last_ns = tl_now_ns(CLOCK_MONOTONIC) + 3600 * 1000 * MS;
	CU_ASSERT(!tl_checkpoint_due(&checkpoint));
	checkpoint.period_ns = 0; /* off */
	CU_ASSERT(!tl_checkpoint_due_at(&checkpoint,
					checkpoint.last_ns + 3600 * 1000 * MS));
}

/* A small result with one measured cell. */
static void checkpoint_result(struct tl_result *result)
{
	struct tl_cell_result *cell;
	struct tl_stats stats;
	struct tl_hist hist;

	tl_result_init(result);
	snprintf(result->started, sizeof(result->started), "2026-12-01T10:00:00Z");
	CU_ASSERT_FATAL(tl_result_add_cell(result, &cell) == 0);
	cell->key = strdup("timerfd:read/monotonic/abs@1ms");
	cell->path = strdup("timerfd");
	cell->variant = strdup("read");
	cell->clock = strdup("monotonic");
	cell->arm = strdup("abs");
	cell->interval_ns = MS;
	tl_stats_init(&stats);
	tl_hist_init(&hist);
	for (int64_t i = 1; i <= 100; i++) {
		tl_stats_record(&stats, 20000 + i * 10, 0, 0);
		tl_hist_record(&hist, 20000 + i * 10);
	}
	CU_ASSERT_FATAL(tl_cell_result_summarise(cell, &stats, &hist) == 0);
}

static size_t checkpoint_temporaries(const char *dir)
{
	DIR *folder = opendir(dir);
	struct dirent *entry;
	size_t count = 0;

	while (folder && (entry = readdir(folder)))
		count += strncmp(entry->d_name, ".result.json.", 13) == 0;
	if (folder)
		closedir(folder);
	return count;
}

static char *checkpoint_json(const struct tl_result *result)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(tl_result_save(result, out), 0);
	fclose(out);
	return text;
}

/* A checkpoint is the result marked partial; report and compare say so. */
static void test_write_and_read(void)
{
	char dir[] = "/tmp/timerlab-checkpoint-XXXXXX", why[512];
	struct tl_checkpoint checkpoint;
	struct tl_compare_input input;
	struct tl_result result, loaded;
	char *table, *text;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	checkpoint_result(&result);
	CU_ASSERT_EQUAL_FATAL(tl_checkpoint_start(&checkpoint, 200 * MS, dir), 0);
	CU_ASSERT_EQUAL(tl_checkpoint_write(&checkpoint, &result), 0);
	CU_ASSERT_EQUAL(checkpoint.written, 1);
	CU_ASSERT(!result.interrupted && !result.checkpoint); /* marks the copy only */
	CU_ASSERT_EQUAL(checkpoint_temporaries(dir), 0);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(checkpoint.path, &loaded, why, sizeof(why)),
			      0);
	CU_ASSERT(loaded.interrupted && loaded.checkpoint);
	CU_ASSERT_NOT_EQUAL(loaded.finished[0], '\0');
	CU_ASSERT_EQUAL(loaded.cell_count, 1);
	CU_ASSERT_EQUAL(loaded.cells[0].samples, 100);
	table = tool_render(tl_report_table, &loaded);
	CU_ASSERT_PTR_NOT_NULL(strstr(table, "note: partial: a checkpoint written at"));
	free(table);
	tl_result_free(&loaded);
	CU_ASSERT_EQUAL_FATAL(
		tl_compare_input_load(checkpoint.path, NULL, &input, why, sizeof(why)),
		0);
	CU_ASSERT_PTR_NOT_NULL(strstr(input.note, "checkpoint: partial"));
	tl_compare_input_free(&input);
	/* a whole result carries no checkpoint field at all */
	text = checkpoint_json(&result);
	CU_ASSERT_PTR_NULL(strstr(text, "\"checkpoint\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"interrupted\""));
	free(text);
	table = tool_render(tl_report_table, &result);
	CU_ASSERT_PTR_NULL(strstr(table, "partial"));
	free(table);
	tl_result_free(&result);
	tree_remove(dir);
}

/* A checkpoint that cannot be written is a warning, once; the run goes
 * on (the caller ignores the error). */
static void test_write_fails(void)
{
	char dir[] = "/tmp/timerlab-checkpoint-XXXXXX", gone[64];
	struct tl_checkpoint checkpoint;
	struct tl_result result;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(gone, sizeof(gone), "%s/gone", dir);
	checkpoint_result(&result);
	CU_ASSERT_EQUAL_FATAL(tl_checkpoint_start(&checkpoint, 200 * MS, gone), 0);
	fprintf(stderr, "(a warning is expected) ");
	CU_ASSERT_EQUAL(tl_checkpoint_write(&checkpoint, &result), -ENOENT);
	CU_ASSERT(checkpoint.warned);
	/* the next try waits a period: a failed write restarts the clock
	 * too, from the moment it failed (due or not, from then on, is
	 * test_due's) */
	checkpoint.last_ns -= 3600 * 1000 * MS;
	int64_t before_ns = tl_now_ns(CLOCK_MONOTONIC);

	CU_ASSERT_EQUAL(tl_checkpoint_write(&checkpoint, &result), -ENOENT);
	CU_ASSERT_EQUAL(checkpoint.written, 0);
	CU_ASSERT(checkpoint.last_ns >= before_ns);
	CU_ASSERT(checkpoint.last_ns <= tl_now_ns(CLOCK_MONOTONIC));
	tl_result_free(&result);
	tree_remove(dir);
}

static void test_field_checked(void)
{
	static const char text[] =
		"{\"schema\": \"timerlab.result/1\", \"checkpoint\": 1, \"cells\": []}";
	struct tl_result result;
	char why[256];

	tl_result_init(&result);
	CU_ASSERT_EQUAL(tl_result_load_text("r.json", text, strlen(text), &result, why,
					    sizeof(why)),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "checkpoint: must be true or false"));
	tl_result_free(&result);
}

static void test_bad_values(void)
{
	static const char *const cases[][8] = {
		{ "run", "--checkpoint", "-1" },
		{ "run", "--checkpoint", "1xs" },
		{ "run", "--checkpoint", "" },
		{ "run", "--checkpoint", "100us" },
		{ "run", "--checkpoint", "1s", "--out", "-" },
		{ "run", "--checkpoint", "1s", "--format", "table" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tool_expect_usage_error(cases[i], "--checkpoint");
}

void tests_checkpoint(void)
{
	CU_pSuite suite = tests_suite("checkpoint");

	CU_add_test(suite, "--checkpoint values", test_parse);
	CU_add_test(suite, "blocks fit in the period", test_rounds);
	CU_add_test(suite, "a checkpoint is due once a period", test_due);
	CU_add_test(suite, "written marked partial, read as partial",
		    test_write_and_read);
	CU_add_test(suite, "a failed write is a warning", test_write_fails);
	CU_add_test(suite, "the checkpoint field is checked", test_field_checked);
	CU_add_test(suite, "bad values are one line, exit 2", test_bad_values);
	tests_checkpoint_runs(suite);
}
