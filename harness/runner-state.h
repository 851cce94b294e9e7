/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runner's state, shared by runner.c (rounds, blocks, the result) and
 * runner-trace.c (what --trace-over adds to a block and to a cell).
 */
#ifndef TL_RUNNER_STATE_H
#define TL_RUNNER_STATE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "../lib/hist.h"
#include "../lib/result.h"
#include "../lib/stats.h"
#include "measure.h"
#include "options.h"
#include "plan.h"
#include "progress.h"
#include "trace.h"

/* What the blocks of one measurable cell (on one CPU, with --smp) add up to. */
struct runner_cell {
	size_t plan_index;
	size_t result_index;
	int cpu; /* --smp: the CPU it is pinned to; -1 otherwise */
	struct tl_stats stats;
	struct tl_hist hist;
	size_t blocks;
	size_t spikes; /* --trace-over: explained so far */
	bool failed;
};

struct runner_state {
	const struct tl_plan *plan;
	struct tl_result *result;
	const struct tl_run_options *options;
	const volatile sig_atomic_t *stop;
	struct tl_progress progress;
	struct runner_cell *cells;
	size_t cell_count;
	int *cpus; /* --smp: every CPU timerlab started with */
	size_t cpu_count; /* 1 without --smp (cpus[0] = -1) */
	int measured_cpu; /* without --smp: --cpu, or the last CPU */
	struct tl_block **blocks; /* one per CPU, with room for block_bins bins */
	uint64_t block_bins; /* a cell's timeline bins shared among its rounds */
	bool rt_warned;
	struct tl_trace_session *trace; /* --trace-over, NULL when untraced */
};

/* --trace-over: the block traces the CPU of its job while its cell may
 * explain more spikes. */
void tl_runner_trace_job(struct runner_state *state, struct runner_cell *cell,
			 struct tl_block_job *job, struct tl_trace_block *trace);

/* The spikes a block's parent saved, into the cell; a block that failed
 * keeps none, as it keeps no samples. */
int tl_runner_fold_spikes(struct runner_state *state, struct runner_cell *cell,
			  struct tl_trace_block *trace,
			  const struct tl_block_outcome *outcome);

/*
 * --trace-over: an instance on each measured CPU. Tracing what cannot be
 * traced (no root, no tracefs) is a warning: the run goes on untraced.
 */
void tl_runner_trace_start(struct runner_state *state);

#endif
