/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What --trace-over adds to the runner: the session opened before the
 * rounds, each block's tracing, and the spikes folded into their cell. */
#include "runner-state.h"

#include "message.h"

/* --trace-over: the block traces the CPU of its job while its cell may
 * explain more spikes. */
void tl_runner_trace_job(struct runner_state *state, struct runner_cell *cell,
			 struct tl_block_job *job, struct tl_trace_block *trace)
{
	const uint64_t most = state->options->trace_spikes;
	struct tl_trace_cpu *cpu =
		state->trace ? tl_trace_cpu_of(state->trace, job->rt.cpu) : NULL;

	if (!cpu || cell->spikes >= most)
		return;
	*trace = (struct tl_trace_block){
		.session = state->trace,
		.cpu = cpu,
		.key = job->key,
		.interval_ns = job->cell.interval_ns,
		.first_sample = job->first_sample,
	};
	job->trace = (struct tl_block_trace){
		.spikes = (uint32_t)(most - cell->spikes),
		.threshold_ns = state->options->trace_over_ns,
		.marker_fd = cpu->instance.marker_fd,
		.on_fd = cpu->instance.on_fd,
		.save = tl_trace_block_save,
		.context = trace,
	};
	tl_trace_block_begin(trace);
}

/* The spikes a block's parent saved, into the cell; a block that failed
 * keeps none, as it keeps no samples. */
int tl_runner_fold_spikes(struct runner_state *state, struct runner_cell *cell,
			  struct tl_trace_block *trace,
			  const struct tl_block_outcome *outcome)
{
	struct tl_cell_result *out = &state->result->cells[cell->result_index];
	size_t before = out->spike_count;
	int err;

	if (outcome->error) {
		tl_trace_block_drop(trace);
		return 0;
	}
	err = tl_trace_block_fold(trace, outcome->spikes, outcome->spike_count, out);
	cell->spikes += out->spike_count - before;
	return err;
}

/*
 * --trace-over: an instance on each measured CPU. Tracing what cannot be
 * traced (no root, no tracefs) is a warning: the run goes on untraced.
 */
void tl_runner_trace_start(struct runner_state *state)
{
	const char *run_dir = state->options->run_dir;
	int one = state->measured_cpu;
	char why[768];

	if (!state->options->trace_over_ns)
		return;
	state->trace =
		tl_trace_open(state->cpus[0] >= 0 ? state->cpus : &one, state->cpu_count,
			      run_dir, &state->result->env, why, sizeof(why));
	if (!state->trace)
		tl_warn("--trace-over: %s: measuring untraced", why);
	else if (!run_dir)
		tl_warn("--trace-over with --out -: the spikes are explained in the result, their traces are not kept");
}
