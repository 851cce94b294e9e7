/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "measure.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../lib/time.h"
#include "loop.h"
#include "supervise.h"

/* Enough stack for the loop and the path's calls, touched once up front. */
#define MEASURE_STACK_PREFAULT (64 * 1024)

struct measure_context {
	const struct tl_block_job *job;
	struct tl_shared *shared;
	const struct tl_block_progress *progress;
};

static void measure_child(void *arg, int out_fd)
{
	struct measure_context *context = arg;
	const struct tl_block_job *job = context->job;
	struct tl_probe probe = { .cell = job->cell, .shared = context->shared };
	struct tl_block *block = calloc(1, sizeof(*block));
	int err;

	if (!block)
		tl_child_exit(1);
	/* The runner's handlers are not ours: an interrupt ends this child. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	tl_stats_init(&block->stats);
	tl_hist_init(&block->hist);
	tl_rt_apply(&job->rt, &block->rt);
	tl_rt_prefault_stack(MEASURE_STACK_PREFAULT);

	err = job->cell.path->open(&probe);
	if (err) {
		snprintf(block->stage, sizeof(block->stage), "open");
	} else {
		err = tl_loop_run(&probe, job->warmup, job->samples, &block->stats,
				  &block->hist);
		if (err)
			snprintf(block->stage, sizeof(block->stage), "arm/wait");
		job->cell.path->close(&probe);
	}
	block->error = err;
	block->stray = atomic_load(&context->shared->stray);
	tl_write_all(out_fd, block, sizeof(*block));
	free(block);
}

int64_t tl_block_expected_ns(const struct tl_block_job *job)
{
	return (int64_t)(job->warmup + job->samples) * job->cell.interval_ns;
}

/* A loaded machine may run late, and missed deadlines stretch a block by
 * design (a wake that serves three deadlines takes three intervals), so
 * the budget is generous: twice the expected time plus ten seconds. */
int64_t tl_block_budget_ns(const struct tl_block_job *job)
{
	return 2 * tl_block_expected_ns(job) + 10 * TL_NS_PER_S;
}

static void measure_tick(void *arg)
{
	struct measure_context *context = arg;
	const struct tl_block_job *job = context->job;

	context->progress->show(context->progress->context,
				atomic_load_explicit(&context->shared->wakes,
						     memory_order_relaxed),
				job->warmup + job->samples);
}

int tl_measure_block(const struct tl_block_job *job, struct tl_block *block,
		     const struct tl_block_progress *progress,
		     const volatile sig_atomic_t *stop, char *why, size_t why_size)
{
	struct measure_context context = { job, NULL, progress };
	struct tl_supervision supervision = {
		.run = measure_child,
		.arg = &context,
		.budget_ns = tl_block_budget_ns(job),
		.answer = block,
		.capacity = sizeof(*block),
		.tick = progress ? measure_tick : NULL,
		.context = &context,
		.stop = stop,
	};
	struct tl_child_end end;
	int err;

	context.shared = mmap(NULL, sizeof(struct tl_shared), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (context.shared == MAP_FAILED) {
		snprintf(why, why_size, "mmap: %s", strerror(errno));
		return -errno;
	}
	err = tl_supervise(&supervision, &end);
	munmap(context.shared, sizeof(struct tl_shared));
	if (err) {
		snprintf(why, why_size, "fork: %s", strerror(-err));
		return err;
	}
	if (end.size == sizeof(*block) && !end.overflow && !end.timed_out && !end.stopped)
		return 0;

	char how[128];

	tl_child_end_describe(&end, how, sizeof(how));
	if (end.timed_out) {
		char budget[32];

		tl_duration_format(supervision.budget_ns, budget, sizeof(budget));
		snprintf(why, why_size, "timeout: the measuring child was killed after %s",
			 budget);
		return -ETIMEDOUT;
	}
	snprintf(why, why_size, "the measuring child %s before it answered", how);
	return end.stopped ? -EINTR : -ECHILD;
}
