/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runner: each cell's samples are split into rounds, and the rounds run
 * round-robin across cells, round r starting at cell r mod C, so that slow
 * drift of machine noise falls on every cell alike and no cell always runs
 * first. Every block is a child of its own; blocks merge into their cell.
 */
#include "runner.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/time.h"
#include "cell.h"
#include "measure.h"
#include "message.h"
#include "progress.h"

/* What the blocks of one measurable cell add up to. */
struct runner_cell {
	size_t plan_index;
	struct tl_stats stats;
	struct tl_hist hist;
	size_t blocks;
	bool failed;
};

struct runner_state {
	const struct tl_plan *plan;
	struct tl_result *result;
	const struct tl_run_options *options;
	const volatile sig_atomic_t *stop;
	struct tl_progress progress;
	struct tl_block block;
	bool rt_warned;
};

static char *runner_strdup(const char *text)
{
	return text ? strdup(text) : NULL;
}

static int runner_describe(struct tl_cell_result *out, const struct tl_plan_cell *planned)
{
	const struct tl_cell *cell = &planned->cell;
	char key[160];

	if (tl_cell_key(cell, key, sizeof(key)) < 0)
		return -ENOMEM;
	out->key = strdup(key);
	out->path = strdup(cell->path->name);
	out->variant = runner_strdup(tl_cell_variant(cell));
	out->signal = runner_strdup(tl_cell_signal(cell));
	out->clock = strdup(tl_clock_name(cell->clock));
	out->arm = strdup(tl_arm_name(cell->arm));
	out->interval_ns = cell->interval_ns;
	out->unsupported = runner_strdup(planned->unsupported);
	if (!out->key || !out->path || !out->clock || !out->arm ||
	    (tl_cell_variant(cell) && !out->variant) || (tl_cell_signal(cell) && !out->signal) ||
	    (planned->unsupported && !out->unsupported))
		return -ENOMEM;
	return 0;
}

/* Tell once per run what the realtime set-up could not apply. */
static void runner_warn_rt(const struct tl_rt_request *asked,
			   const struct tl_rt_obtained *got, bool *warned)
{
	if (*warned)
		return;
	if (got->cpu_error)
		tl_warn("cannot pin to CPU %d (%s): measuring unpinned", asked->cpu,
			strerror(got->cpu_error));
	if (got->mlock_error)
		tl_warn("mlockall failed (%s): page faults may add latency",
			strerror(got->mlock_error));
	if (got->policy_error)
		tl_warn("cannot set %s priority %d (%s): measuring at %s priority %d",
			tl_rt_policy_name(asked->policy), asked->priority,
			strerror(got->policy_error), tl_rt_policy_name(got->policy),
			got->priority);
	*warned = got->cpu_error || got->mlock_error || got->policy_error;
}

/* The settings the first measuring child obtained go into the result. */
static void runner_record_rt(struct tl_env_realtime *record,
			     const struct tl_rt_obtained *got)
{
	if (record->known)
		return;
	record->known = true;
	snprintf(record->policy, sizeof(record->policy), "%s", tl_rt_policy_name(got->policy));
	record->priority = got->priority;
	record->cpu = got->cpu;
	record->mlocked = got->mlocked;
}

static void runner_outcome(const struct tl_block *block, const char *error, char *buf,
			   size_t size)
{
	if (error)
		snprintf(buf, size, "error: %s", error);
	else
		snprintf(buf, size, "%llu samples, p99 %.1f us",
			 (unsigned long long)block->stats.samples,
			 (double)tl_hist_percentile(&block->hist, 99) / 1000.0);
}

/* One block of one cell; 0, -EINTR when stopped, or -ENOMEM. */
static int runner_block(struct runner_state *state, struct runner_cell *accumulated,
			uint64_t round)
{
	const struct tl_plan_cell *planned = &state->plan->cells[accumulated->plan_index];
	struct tl_cell_result *out = &state->result->cells[accumulated->plan_index];
	struct tl_block_job job = {
		.cell = planned->cell,
		.warmup = planned->warmup,
		.samples = tl_plan_block_samples(state->plan, planned, round),
		.rt = state->options->rt,
	};
	struct tl_block_progress show = { tl_progress_show, &state->progress };
	struct tl_block *block = &state->block;
	char why[256], outcome[300], label[200];
	int err;

	if (job.rt.cpu < 0)
		job.rt.cpu = tl_rt_last_cpu();
	snprintf(label, sizeof(label), "%s round %llu/%llu", out->key,
		 (unsigned long long)round + 1, (unsigned long long)state->plan->rounds);
	tl_progress_start(&state->progress, label);
	err = tl_measure_block(&job, block, &show, state->stop, why, sizeof(why));
	/* A terminal's Ctrl-C reaches the child too: whatever ended it, a
	 * block cut short by an interrupt is not a measurement. */
	if (err && state->stop && *state->stop)
		return -EINTR;
	if (!err && block->error)
		snprintf(why, sizeof(why), "%s: %s", block->stage, strerror(-block->error));
	if (!err) {
		runner_warn_rt(&job.rt, &block->rt, &state->rt_warned);
		runner_record_rt(&state->result->env.realtime, &block->rt);
		tl_stats_merge(&accumulated->stats, &block->stats);
		tl_hist_merge(&accumulated->hist, &block->hist);
		out->stray += block->stray;
		accumulated->blocks++;
		if (tl_cell_result_add_round(out, &block->hist) < 0)
			return -ENOMEM;
	}
	if (err || block->error) {
		accumulated->failed = true;
		if (!out->error && !(out->error = strdup(why)))
			return -ENOMEM;
	}
	runner_outcome(block, err || block->error ? why : NULL, outcome, sizeof(outcome));
	tl_progress_done(&state->progress, outcome);
	return 0;
}

/* In the plan's order: round by round, round r starting at cell r mod C. */
static int runner_rounds(struct runner_state *state, struct runner_cell *cells, size_t count)
{
	struct tl_plan_cursor cursor;
	size_t index;
	uint64_t round;

	tl_plan_cursor_init(&cursor);
	while (tl_plan_next_block(state->plan, &cursor, &index, &round)) {
		struct runner_cell *cell = NULL;

		if (state->stop && *state->stop)
			return -EINTR;
		for (size_t i = 0; i < count && !cell; i++)
			if (cells[i].plan_index == index)
				cell = &cells[i];
		if (!cell || cell->failed)
			continue; /* a cell that failed once would fail again */
		int err = runner_block(state, cell, round);
		if (err)
			return err;
	}
	return 0;
}

/* Summaries from the merged blocks; an interrupted run drops the cells
 * that never got a block (n/a rows stay: they are facts, not samples). */
static int runner_finish(struct runner_state *state, struct runner_cell *cells, size_t count,
			 bool interrupted)
{
	for (size_t i = count; i-- > 0;) {
		struct tl_cell_result *out = &state->result->cells[cells[i].plan_index];

		if (cells[i].blocks == 0 && interrupted) {
			tl_result_remove_cell(state->result, cells[i].plan_index);
			continue;
		}
		if (tl_cell_result_summarise(out, &cells[i].stats, &cells[i].hist) < 0)
			return -ENOMEM;
	}
	return 0;
}

static struct runner_cell *runner_cells(const struct tl_plan *plan, size_t *count)
{
	struct runner_cell *cells = calloc(plan->count ? plan->count : 1, sizeof(*cells));

	*count = 0;
	for (size_t i = 0; cells && i < plan->count; i++) {
		if (plan->cells[i].unsupported)
			continue;
		cells[*count].plan_index = i;
		tl_stats_init(&cells[*count].stats);
		tl_hist_init(&cells[*count].hist);
		(*count)++;
	}
	return cells;
}

int tl_runner_run(const struct tl_plan *plan, const struct tl_run_options *options,
		  const volatile sig_atomic_t *stop, struct tl_result *result)
{
	struct runner_state *state = calloc(1, sizeof(*state));
	struct runner_cell *cells;
	size_t count = 0;
	int err = 0;

	if (!state)
		return -ENOMEM;
	*state = (struct runner_state){
		.plan = plan, .result = result, .options = options, .stop = stop
	};
	for (size_t i = 0; i < plan->count && !err; i++) {
		struct tl_cell_result *out;

		err = tl_result_add_cell(result, &out);
		if (!err)
			err = runner_describe(out, &plan->cells[i]);
	}
	cells = err ? NULL : runner_cells(plan, &count);
	if (!err && !cells)
		err = -ENOMEM;
	if (!err) {
		tl_progress_init(&state->progress, options->quiet, tl_plan_block_count(plan));
		err = runner_rounds(state, cells, count);
	}
	if (!err || err == -EINTR)
		err = runner_finish(state, cells, count, err == -EINTR);
	free(cells);
	free(state);
	return err;
}
