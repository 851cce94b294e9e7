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
#include "checkpoint.h"
#include "measure.h"
#include "message.h"
#include "progress.h"
#include "runner-state.h"

static char *runner_strdup(const char *text)
{
	return text ? strdup(text) : NULL;
}

static int runner_describe(struct tl_cell_result *out, const struct tl_plan_cell *planned,
			   int cpu)
{
	const struct tl_cell *cell = &planned->cell;
	char key[160];

	if (tl_cell_key(cell, key, sizeof(key)) < 0)
		return -ENOMEM;
	out->cpu = cpu;
	if (cpu >= 0) /* --smp: the CPU is part of what was measured */
		snprintf(key + strlen(key), sizeof(key) - strlen(key), "/cpu%d", cpu);
	out->key = strdup(key);
	out->path = strdup(cell->path->name);
	out->variant = runner_strdup(tl_cell_variant(cell));
	out->signal = runner_strdup(tl_cell_signal(cell));
	out->clock = strdup(tl_clock_name(cell->clock));
	out->arm = strdup(tl_arm_name(cell->arm));
	out->emulated = tl_cell_emulated(cell);
	out->interval_ns = cell->interval_ns;
	out->unsupported = runner_strdup(planned->unsupported);
	if (!out->key || !out->path || !out->clock || !out->arm ||
	    (tl_cell_variant(cell) && !out->variant) ||
	    (tl_cell_signal(cell) && !out->signal) ||
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
	if (got->slack_error)
		tl_warn("cannot set the timer slack to %lld ns (%s)",
			(long long)asked->timer_slack_ns, strerror(got->slack_error));
	if (got->policy_error)
		tl_warn("cannot set %s priority %d (%s): measuring at %s priority %d",
			tl_rt_policy_name(asked->policy), asked->priority,
			strerror(got->policy_error), tl_rt_policy_name(got->policy),
			got->priority);
	*warned = got->cpu_error || got->mlock_error || got->policy_error ||
		  got->slack_error;
}

/* The settings the first measuring child obtained go into the result. */
static void runner_record_rt(struct tl_env_realtime *record,
			     const struct tl_rt_obtained *got)
{
	if (record->known)
		return;
	record->known = true;
	snprintf(record->policy, sizeof(record->policy), "%s",
		 tl_rt_policy_name(got->policy));
	record->priority = got->priority;
	record->cpu = got->cpu;
	record->mlocked = got->mlocked;
	record->timer_slack_ns = got->timer_slack_ns;
}

static void runner_outcome(const struct tl_block *block, const char *error, char *buf,
			   size_t size)
{
	if (error)
		snprintf(buf, size, "error: %s", error);
	else
		snprintf(buf, size, "%llu samples, p99 %.1f us",
			 (unsigned long long)block->stats.samples,
			 (double)tl_hist_percentile(&block->hist, TL_P99) / 1000.0);
}

/* Fold one answered block into its cell; -ENOMEM. */
static int runner_fold(struct runner_state *state, struct runner_cell *cell,
		       const struct tl_block_job *job, const struct tl_block *block,
		       const struct tl_block_outcome *outcome)
{
	struct tl_cell_result *out = &state->result->cells[cell->result_index];
	char why[300], said[400];

	if (!outcome->error && block->error)
		snprintf(why, sizeof(why), "%s: %s", block->stage,
			 strerror(-block->error));
	else
		snprintf(why, sizeof(why), "%s", outcome->why);
	if (!outcome->error) {
		runner_warn_rt(&job->rt, &block->rt, &state->rt_warned);
		runner_record_rt(&state->result->env.realtime, &block->rt);
		tl_stats_merge(&cell->stats, &block->stats);
		tl_hist_merge(&cell->hist, &block->hist);
		out->stray += block->stray;
		cell->blocks++;
		struct tl_round_summary round = {
			.attribution = block->attribution,
			.cpu_ns = outcome->cpu_ns,
			.max_rss_kb = outcome->max_rss_kb,
			.loop_minor_faults = block->loop_minor_faults,
			.timeline_per_bin = UINT64_C(1) << block->timeline_shift,
			.timeline_count = block->timeline_count,
		};

		round.timeline =
			malloc(block->timeline_count * sizeof(*round.timeline) + 1);
		if (!round.timeline)
			return -ENOMEM;
		memcpy(round.timeline, block->timeline,
		       block->timeline_count * sizeof(*round.timeline));
		if (tl_cell_result_add_round(out, &block->hist, &round) < 0) {
			free(round.timeline);
			return -ENOMEM;
		}
	}
	if (outcome->error || block->error) {
		cell->failed = true;
		if (!out->error && !(out->error = strdup(why)))
			return -ENOMEM;
	}
	runner_outcome(block, outcome->error || block->error ? why : NULL, said,
		       sizeof(said));
	tl_progress_done(&state->progress, said);
	return 0;
}

/* One block of one plan cell, on every CPU at once with --smp; 0, -EINTR
 * when stopped, or -ENOMEM. */
static int runner_block(struct runner_state *state, size_t plan_index, uint64_t round)
{
	const struct tl_plan_cell *planned = &state->plan->cells[plan_index];
	struct tl_block_job jobs[state->cpu_count];
	struct tl_block_outcome outcomes[state->cpu_count];
	struct runner_cell *cells[state->cpu_count];
	struct tl_trace_block traces[state->cpu_count];
	struct tl_block_progress show = { tl_progress_show, &state->progress };
	size_t count = 0;
	char label[200];
	int err;

	for (size_t i = 0; i < state->cell_count; i++) {
		struct runner_cell *cell = &state->cells[i];

		if (cell->plan_index != plan_index || cell->failed)
			continue; /* a cell that failed once would fail again */
		cells[count] = cell;
		jobs[count] = (struct tl_block_job){
			.cell = planned->cell,
			.warmup = planned->warmup,
			.samples = tl_plan_block_samples(state->plan, planned, round),
			.rt = state->options->rt,
			.samples_fd = state->options->samples_fd,
			.key = state->result->cells[cell->result_index].key,
			.round = round + 1,
			.first_sample = cell->stats.samples,
			.timeline_max_bins = state->block_bins,
		};
		jobs[count].rt.cpu = cell->cpu >= 0 ? cell->cpu : state->measured_cpu;
		tl_runner_trace_job(state, cell, &jobs[count], &traces[count]);
		count++;
	}
	if (!count)
		return 0;
	snprintf(label, sizeof(label), "%s round %llu/%llu",
		 state->result->cells[cells[0]->result_index].key,
		 (unsigned long long)round + 1, (unsigned long long)state->plan->rounds);
	tl_progress_start(&state->progress, label);
	err = tl_measure_blocks(jobs, state->blocks, outcomes, count, &show, state->stop);
	/* the next block, of another cell or of one done tracing, is not traced */
	for (size_t i = 0; i < count; i++)
		if (jobs[i].trace.spikes)
			tl_trace_block_end(&traces[i]);
	if (err) {
		for (size_t i = 1; i < count; i++)
			outcomes[i] = outcomes[0];
		for (size_t i = 0; i < count; i++)
			outcomes[i].error = err;
	}
	for (size_t i = 0; i < count; i++) {
		/* A terminal's Ctrl-C reaches the children too: whatever ended
		 * them, a block cut short by an interrupt is not a measurement. */
		if (outcomes[i].error && state->stop && *state->stop) {
			for (size_t k = 0; k < count; k++)
				if (jobs[k].trace.spikes)
					tl_trace_block_drop(&traces[k]);
			return -EINTR;
		}
		if (outcomes[i].error) {
			tl_stats_init(&state->blocks[i]->stats);
			tl_hist_init(&state->blocks[i]->hist);
			state->blocks[i]->timeline_count = 0;
		}
		err = runner_fold(state, cells[i], &jobs[i], state->blocks[i],
				  &outcomes[i]);
		if (!err && jobs[i].trace.spikes)
			err = tl_runner_fold_spikes(state, cells[i], &traces[i],
						    &outcomes[i]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * --checkpoint, between blocks: the cells measured so far, summarised from
 * the blocks they have, and the n/a rows, saved as result.json marked
 * partial. No child is measuring now, so the loop never pays for it. The
 * cells not yet begun are left out, as an interrupted run leaves them.
 */
static int runner_checkpoint(struct runner_state *state)
{
	struct tl_checkpoint *checkpoint = state->options->checkpoint;
	struct tl_result *result = state->result, partial;
	size_t next = 0;

	if (!checkpoint || !tl_checkpoint_due(checkpoint) ||
	    (state->stop && *state->stop))
		return 0;
	partial = *result; /* shallow: the cells' contents are shared */
	partial.cell_count = 0;
	partial.cells = calloc(result->cell_count + 1, sizeof(*partial.cells));
	if (!partial.cells)
		return -ENOMEM;
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct runner_cell *cell = NULL;

		if (next < state->cell_count && state->cells[next].result_index == i)
			cell = &state->cells[next++];
		if (cell && !cell->blocks && !result->cells[i].error)
			continue;
		if (cell && cell->blocks &&
		    tl_cell_result_summarise(&result->cells[i], &cell->stats,
					     &cell->hist) < 0) {
			free(partial.cells);
			return -ENOMEM;
		}
		partial.cells[partial.cell_count++] = result->cells[i];
	}
	tl_checkpoint_write(checkpoint, &partial); /* a failure is a warning */
	free(partial.cells);
	return 0;
}

/* In the plan's order: round by round, round r starting at cell r mod C. */
static int runner_rounds(struct runner_state *state)
{
	struct tl_plan_cursor cursor;
	size_t index;
	uint64_t round;

	tl_plan_cursor_init(&cursor);
	while (tl_plan_next_block(state->plan, &cursor, &index, &round)) {
		if (state->stop && *state->stop)
			return -EINTR;
		int err = runner_block(state, index, round);
		if (!err)
			err = runner_checkpoint(state);
		if (err)
			return err;
	}
	return 0;
}

/* Summaries from the merged blocks; an interrupted run drops the cells
 * that never got a block (n/a rows stay: they are facts, not samples). */
static int runner_finish(struct runner_state *state, bool interrupted)
{
	for (size_t i = state->cell_count; i-- > 0;) {
		struct runner_cell *cell = &state->cells[i];
		struct tl_cell_result *out = &state->result->cells[cell->result_index];

		if (cell->blocks == 0 && interrupted) {
			tl_result_remove_cell(state->result, cell->result_index);
			continue;
		}
		if (tl_cell_result_summarise(out, &cell->stats, &cell->hist) < 0)
			return -ENOMEM;
	}
	return 0;
}

/*
 * Result cells in table order (by CPU with --smp, then the plan's), and an
 * accumulator for each measurable one. Cells are added in increasing result
 * index, which runner_finish relies on to remove from the end first.
 */
static int runner_prepare(struct runner_state *state)
{
	const struct tl_plan *plan = state->plan;

	state->cells = calloc(plan->count * state->cpu_count + 1, sizeof(*state->cells));
	state->blocks = calloc(state->cpu_count, sizeof(*state->blocks));
	if (!state->cells || !state->blocks)
		return -ENOMEM;
	state->block_bins = TL_TIMELINE_MAX_BINS / plan->rounds;
	if (state->block_bins < 1)
		state->block_bins = 1;
	for (size_t c = 0; c < state->cpu_count; c++)
		if (!(state->blocks[c] = malloc(tl_block_size(state->block_bins))))
			return -ENOMEM;
	for (size_t c = 0; c < state->cpu_count; c++) {
		for (size_t i = 0; i < plan->count; i++) {
			struct tl_cell_result *out;
			int err = tl_result_add_cell(state->result, &out);

			if (!err)
				err = runner_describe(out, &plan->cells[i],
						      state->cpus[c]);
			if (err)
				return err;
			if (plan->cells[i].unsupported)
				continue;
			struct runner_cell *cell = &state->cells[state->cell_count++];

			cell->plan_index = i;
			cell->result_index = state->result->cell_count - 1;
			cell->cpu = state->cpus[c];
			tl_stats_init(&cell->stats);
			tl_hist_init(&cell->hist);
		}
	}
	return 0;
}

/* --smp: every CPU timerlab started with; otherwise one slot, -1, and the
 * one CPU measured. */
static int runner_cpus(struct runner_state *state)
{
	const struct tl_cpu_set *cpus = &state->options->cpus;
	int last = tl_cpu_set_last(cpus);

	state->measured_cpu = state->options->rt.cpu >= 0 ? state->options->rt.cpu : last;
	state->cpus = calloc(last < 0 ? 1 : (size_t)last + 1, sizeof(*state->cpus));
	if (!state->cpus)
		return -ENOMEM;
	state->cpu_count = 0;
	if (!state->options->smp || last < 0) {
		state->cpus[state->cpu_count++] = -1;
		return 0;
	}
	for (int cpu = 0; cpu <= last; cpu++)
		if (tl_cpu_set_has(cpus, cpu))
			state->cpus[state->cpu_count++] = cpu;
	return 0;
}

/*
 * The parent wakes every 100 ms to read the children's progress and redraw
 * it: it runs on the other CPUs, so that what it does is never measured as
 * the kernel's latency. With --smp every CPU is measured, and with one CPU
 * there is no other: it stays, and the result says so.
 */
static void runner_move_parent(struct runner_state *state)
{
	struct tl_env_realtime *record = &state->result->env.realtime;
	struct tl_cpu_set parent = state->options->cpus;

	if (!state->options->smp && tl_cpu_set_count(&parent) > 1 &&
	    tl_cpu_set_has(&parent, state->measured_cpu)) {
		tl_cpu_set_remove(&parent, state->measured_cpu);
		if (tl_cpu_set_apply_self(&parent) < 0)
			parent = state->options->cpus;
	}
	record->parent_on_measured_cpu =
		state->options->smp || tl_cpu_set_has(&parent, state->measured_cpu);
	if (tl_cpu_set_format(&parent, record->parent_cpus, sizeof(record->parent_cpus)) <
	    0)
		snprintf(record->parent_cpus, sizeof(record->parent_cpus), "?");
}

int tl_runner_run(const struct tl_plan *plan, const struct tl_run_options *options,
		  const volatile sig_atomic_t *stop, struct tl_result *result)
{
	struct runner_state *state = calloc(1, sizeof(*state));
	int err;

	if (!state)
		return -ENOMEM;
	*state = (struct runner_state){
		.plan = plan, .result = result, .options = options, .stop = stop
	};
	err = runner_cpus(state);
	if (!err)
		err = runner_prepare(state);
	if (!err)
		tl_runner_trace_start(state);
	if (!err) {
		tl_progress_init(&state->progress, options->quiet,
				 tl_plan_block_count(plan));
		runner_move_parent(state);
		err = runner_rounds(state);
		/* back where it started: the checks and writers that follow
		 * may use every CPU */
		tl_cpu_set_apply_self(&options->cpus);
	}
	tl_trace_close(state->trace);
	if (!err || err == -EINTR)
		err = runner_finish(state, err == -EINTR);
	free(state->cells);
	for (size_t c = 0; state->blocks && c < state->cpu_count; c++)
		free(state->blocks[c]);
	free(state->blocks);
	free(state->cpus);
	free(state);
	return err;
}
