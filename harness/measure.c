/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "measure.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "../lib/time.h"
#include "loop.h"
#include "supervise.h"

/* Enough stack for the loop and the path's calls, touched once up front. */
#define MEASURE_STACK_PREFAULT (64 * 1024)

/* The page a child shares with the runner: the loop's progress, and why
 * the block never arrived when the child could not send it. */
struct measure_shared {
	struct tl_shared probe;
	_Atomic int send_error; /* -errno of the failed write of the block */
	struct tl_spike_shared spikes; /* --trace-over */
};

struct measure_context {
	const struct tl_block_job *job;
	struct measure_shared *shared;
	const struct tl_block_progress *progress;
	struct measure_context *all; /* every child's, for the tick */
	size_t count;
	uint32_t saved; /* spikes saved so far */
};

/* While the parent polls a traced block, tracing is off from a spike to
 * its save: poll often enough that this stays short. */
#define MEASURE_TRACED_TICK_NS (10 * TL_NS_PER_MS)

/* This process's minor page faults so far, or -1. */
static int64_t measure_minor_faults(void)
{
	struct rusage usage;

	return getrusage(RUSAGE_SELF, &usage) < 0 ? -1 : usage.ru_minflt;
}

static void measure_child(void *arg, int out_fd)
{
	struct measure_context *context = arg;
	const struct tl_block_job *job = context->job;
	struct tl_probe probe = { .cell = job->cell, .shared = &context->shared->probe };
	struct tl_block *block = calloc(1, tl_block_size(job->timeline_max_bins));
	int err;

	if (!block)
		tl_child_exit(1);
	block->timeline_shift = tl_timeline_shift(job->samples, job->timeline_max_bins);
	block->timeline_count =
		(uint32_t)tl_timeline_bins(job->samples, block->timeline_shift);
	/* The runner's handlers are not ours: an interrupt ends this child. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	tl_stats_init(&block->stats);
	tl_hist_init(&block->hist);
	block->loop_minor_faults = -1;
	tl_rt_apply(&job->rt, &block->rt);
	tl_rt_prefault_stack(MEASURE_STACK_PREFAULT);
	tl_timeline_clear(block->timeline, block->timeline_count); /* touched */

	struct tl_attribution before, after;
	struct tl_samples samples;
	struct tl_loop_record record = { &block->stats, &block->hist, &samples,
					 block->timeline, block->timeline_shift };

	struct tl_spike_marker marker = {
		.shared = &context->shared->spikes,
		.marker_fd = job->trace.marker_fd,
		.on_fd = job->trace.on_fd,
		.clock = job->cell.clock,
		.threshold_ns = job->trace.threshold_ns,
		.limit = job->trace.spikes < TL_SPIKE_SLOTS ? job->trace.spikes
							    : TL_SPIKE_SLOTS,
	};
	struct tl_loop_spikes spikes = { tl_spike_mark, &marker,
					 job->trace.threshold_ns };

	atomic_store(&marker.shared->pid, (int)getpid());
	tl_attribution_read(block->rt.cpu, &before);
	err = tl_samples_open(&samples, job->samples, job->samples_fd >= 0);
	if (err)
		snprintf(block->stage, sizeof(block->stage), "samples");
	else if ((err = job->cell.path->open(&probe)))
		snprintf(block->stage, sizeof(block->stage), "open");
	if (!err) {
		int64_t faults = measure_minor_faults();

		err = tl_loop_run(&probe, job->warmup, job->samples, &record,
				  marker.limit ? &spikes : NULL);
		block->loop_minor_faults =
			faults < 0 ? -1 : measure_minor_faults() - faults;
		if (err)
			snprintf(block->stage, sizeof(block->stage), "arm/wait");
		job->cell.path->close(&probe);
	}
	tl_attribution_read(block->rt.cpu, &after);
	tl_attribution_delta(&before, &after, &block->attribution);
	/* after the block, never inside it */
	if (!err && job->samples_fd >= 0 &&
	    (err = tl_samples_write(&samples, block->stats.samples, job->samples_fd,
				    job->key, job->round, job->first_sample)))
		snprintf(block->stage, sizeof(block->stage), "samples");
	tl_samples_close(&samples);
	block->error = err;
	block->stray = atomic_load(&context->shared->probe.stray);
	atomic_store(&context->shared->send_error,
		     tl_write_all(out_fd, block, tl_block_size(block->timeline_count)));
	free(block);
}

/* INT64_MAX when the product overflows: the plan refuses such blocks, but
 * a budget must never wrap to a negative one. */
int64_t tl_block_expected_ns(const struct tl_block_job *job)
{
	int64_t ns;

	if (tl_ns_times(job->cell.interval_ns, job->warmup + job->samples, &ns) < 0)
		return INT64_MAX;
	return ns;
}

/* A loaded machine may run late, and missed deadlines stretch a block by
 * design (a wake that serves three deadlines takes three intervals), so
 * the budget is generous: twice the expected time plus ten seconds. */
int64_t tl_block_budget_ns(const struct tl_block_job *job)
{
	int64_t ns;

	if (tl_ns_times(tl_block_expected_ns(job), 2, &ns) < 0 ||
	    tl_ns_sum(ns, 10 * TL_NS_PER_S, &ns) < 0)
		return INT64_MAX;
	return ns;
}

/* Each spike the child marked since the last look: saved (which turns
 * tracing back on), then the child is told it may mark the next. */
static void measure_save_spikes(struct measure_context *context)
{
	const struct tl_block_trace *trace = &context->job->trace;
	struct tl_spike_shared *spikes = &context->shared->spikes;
	uint32_t marked;

	if (!trace->spikes)
		return;
	marked = atomic_load_explicit(&spikes->marked, memory_order_acquire);
	if (context->saved == marked)
		return;
	for (; context->saved < marked && context->saved < TL_SPIKE_SLOTS;
	     context->saved++)
		trace->save(trace->context, &spikes->slots[context->saved],
			    atomic_load(&spikes->pid));
	atomic_store_explicit(&spikes->traced_since_ns, tl_now_ns(CLOCK_MONOTONIC),
			      memory_order_relaxed);
	atomic_store_explicit(&spikes->saved, marked, memory_order_release);
}

static void measure_tick(void *arg)
{
	struct measure_context *context = arg;
	const struct tl_block_job *job = context->job;

	for (size_t i = 0; i < context->count; i++)
		measure_save_spikes(&context->all[i]);
	if (context->progress)
		context->progress->show(
			context->progress->context,
			atomic_load_explicit(&context->shared->probe.wakes,
					     memory_order_relaxed),
			job->warmup + job->samples);
}

/* A whole answer: the header, and the bins it says it has. */
static bool measure_whole(const struct tl_child_end *end, const struct tl_block *block,
			  size_t capacity)
{
	return end->size >= sizeof(*block) &&
	       tl_block_size(block->timeline_count) <= capacity &&
	       end->size == tl_block_size(block->timeline_count);
}

static void measure_judge(const struct tl_supervision *supervision,
			  const struct tl_child_end *end, int send_error,
			  const struct tl_block *block, struct tl_block_outcome *outcome)
{
	char how[128], budget[32];
	size_t expected =
		measure_whole(end, block, supervision->capacity) ? end->size : SIZE_MAX;

	outcome->error = 0;
	outcome->why[0] = '\0'; /* the runner copies it whatever the error */
	outcome->cpu_ns = end->cpu_ns;
	outcome->max_rss_kb = end->max_rss_kb;
	if (end->size == expected && !end->overflow && !end->timed_out && !end->stopped)
		return;
	tl_child_end_describe(end, how, sizeof(how));
	if (end->timed_out) {
		tl_duration_format(supervision->budget_ns, budget, sizeof(budget));
		snprintf(outcome->why, sizeof(outcome->why),
			 "timeout: the measuring child was killed after %s", budget);
		outcome->error = -ETIMEDOUT;
		return;
	}
	if (send_error && !end->stopped)
		snprintf(outcome->why, sizeof(outcome->why),
			 "the measuring child could not send its block to the runner: %s",
			 strerror(-send_error));
	else
		snprintf(outcome->why, sizeof(outcome->why),
			 "the measuring child %s before it answered", how);
	outcome->error = end->stopped ? -EINTR : -ECHILD;
}

int tl_measure_blocks(const struct tl_block_job *jobs, struct tl_block *const *blocks,
		      struct tl_block_outcome *outcomes, size_t count,
		      const struct tl_block_progress *progress,
		      const volatile sig_atomic_t *stop)
{
	struct measure_context contexts[count];
	struct tl_supervision supervisions[count];
	struct tl_child_end ends[count];
	int send_errors[count];
	struct measure_shared *shared;
	bool traced = false;
	int err;

	shared = mmap(NULL, count * sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		err = -errno;
		snprintf(outcomes[0].why, sizeof(outcomes[0].why), "mmap: %s",
			 strerror(-err));
		return err;
	}
	for (size_t i = 0; i < count; i++) {
		traced |= jobs[i].trace.spikes > 0;
		/* each traced block's instance was turned on before this */
		atomic_store(&shared[i].spikes.traced_since_ns,
			     tl_now_ns(CLOCK_MONOTONIC));
	}
	for (size_t i = 0; i < count; i++) {
		contexts[i] = (struct measure_context){ &jobs[i], &shared[i], progress,
							contexts, count,      0 };
		supervisions[i] = (struct tl_supervision){
			.run = measure_child,
			.arg = &contexts[i],
			.budget_ns = tl_block_budget_ns(&jobs[i]),
			.answer = blocks[i],
			.capacity = tl_block_size(jobs[i].timeline_max_bins),
			.tick = progress || traced ? measure_tick : NULL,
			.tick_ns = traced ? MEASURE_TRACED_TICK_NS : 0,
			.context = &contexts[0], /* progress follows the first CPU */
			.stop = stop,
		};
	}
	err = tl_supervise_many(supervisions, count, ends);
	for (size_t i = 0; i < count; i++) {
		/* the spikes marked after the last tick: the child has ended,
		 * and tracing stayed off since, so the buffer holds them */
		measure_save_spikes(&contexts[i]);
		send_errors[i] = atomic_load(&shared[i].send_error);
		outcomes[i].spike_count = contexts[i].saved;
		memcpy(outcomes[i].spikes, shared[i].spikes.slots,
		       sizeof(outcomes[i].spikes));
	}
	munmap(shared, count * sizeof(*shared));
	if (err) {
		snprintf(outcomes[0].why, sizeof(outcomes[0].why), "fork: %s",
			 strerror(-err));
		return err;
	}
	for (size_t i = 0; i < count; i++)
		measure_judge(&supervisions[i], &ends[i], send_errors[i], blocks[i],
			      &outcomes[i]);
	return 0;
}
