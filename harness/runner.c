/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "runner.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/time.h"
#include "cell.h"
#include "measure.h"
#include "message.h"
#include "progress.h"

static char *runner_strdup(const char *text)
{
	return text ? strdup(text) : NULL;
}

static int runner_describe(struct tl_cell_result *out, const struct tl_plan_cell *planned,
			   const char *key)
{
	const struct tl_cell *cell = &planned->cell;

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

static const char *runner_outcome(const struct tl_cell_result *cell, char *buf, size_t size)
{
	if (cell->error)
		snprintf(buf, size, "error: %s", cell->error);
	else
		snprintf(buf, size, "%llu samples, p99 %.1f us",
			 (unsigned long long)cell->samples, (double)cell->p99_ns / 1000.0);
	return buf;
}

struct runner_state {
	const struct tl_run_options *options;
	const volatile sig_atomic_t *stop;
	struct tl_progress progress;
	struct tl_block *block;
	bool rt_warned;
};

static int runner_measure(struct runner_state *state, const struct tl_plan_cell *planned,
			  struct tl_cell_result *out)
{
	struct tl_block_job job = {
		.cell = planned->cell,
		.warmup = planned->warmup,
		.samples = planned->samples,
		.rt = state->options->rt,
	};
	struct tl_block_progress show = { tl_progress_show, &state->progress };
	struct tl_block *block = state->block;
	char why[256], outcome[256];
	int err;

	if (job.rt.cpu < 0)
		job.rt.cpu = tl_rt_last_cpu();
	tl_progress_start(&state->progress, out->key);
	err = tl_measure_block(&job, block, &show, state->stop, why, sizeof(why));
	if (err == -EINTR)
		return err;
	if (err) {
		tl_stats_init(&block->stats);
		tl_hist_init(&block->hist);
	} else if (block->error) {
		snprintf(why, sizeof(why), "%s: %s", block->stage, strerror(-block->error));
	}
	if (!err)
		runner_warn_rt(&job.rt, &block->rt, &state->rt_warned);
	if ((err || block->error) && !(out->error = strdup(why)))
		return -ENOMEM;
	out->stray = err ? 0 : block->stray;
	if (tl_cell_result_summarise(out, &block->stats, &block->hist) < 0 ||
	    tl_cell_result_add_round(out, &block->hist) < 0)
		return -ENOMEM;
	tl_progress_done(&state->progress, runner_outcome(out, outcome, sizeof(outcome)));
	return 0;
}

int tl_runner_run(const struct tl_plan *plan, const struct tl_run_options *options,
		  const volatile sig_atomic_t *stop, struct tl_result *result)
{
	struct runner_state state = { .options = options, .stop = stop };
	size_t measurable = 0;
	int err = 0;

	for (size_t i = 0; i < plan->count; i++)
		measurable += !plan->cells[i].unsupported;
	tl_progress_init(&state.progress, options->quiet, measurable);
	state.block = malloc(sizeof(*state.block));
	if (!state.block)
		return -ENOMEM;
	for (size_t i = 0; i < plan->count && !err; i++) {
		const struct tl_plan_cell *planned = &plan->cells[i];
		struct tl_cell_result *out;
		char key[160];

		if (stop && *stop)
			break;
		if (tl_cell_key(&planned->cell, key, sizeof(key)) < 0 ||
		    tl_result_add_cell(result, &out) < 0 || runner_describe(out, planned, key) < 0) {
			err = -ENOMEM;
			break;
		}
		if (!planned->unsupported)
			err = runner_measure(&state, planned, out);
	}
	if (err == -EINTR) {
		/* the interrupted cell has no block: it is not part of the result */
		tl_result_drop_last_cell(result);
		err = 0;
	}
	free(state.block);
	return err;
}
