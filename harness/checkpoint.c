/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../lib/atomic-file.h"
#include "../lib/time.h"
#include "args.h"
#include "interrupt.h"
#include "message.h"
#include "options.h"

int tl_checkpoint_parse(const char *text, int64_t *period_ns, char *why, size_t why_size)
{
	if (strcmp(text, "off") == 0 || strcmp(text, "0") == 0) {
		*period_ns = 0;
		return 0;
	}
	return tl_args_duration("--checkpoint", text, TL_CHECKPOINT_MIN_NS,
				TL_PLAN_MAX_NS, period_ns, why, why_size);
}

uint64_t tl_checkpoint_rounds(const struct tl_plan *plan, int64_t period_ns)
{
	uint64_t rounds = plan->rounds;

	if (period_ns <= 0)
		return rounds;
	for (size_t i = 0; i < plan->count; i++) {
		const struct tl_plan_cell *cell = &plan->cells[i];
		/* the samples one period holds after the block's warm-up; a
		 * block has at least one */
		uint64_t per_block = (uint64_t)(period_ns / cell->cell.interval_ns);
		uint64_t needed;

		if (cell->unsupported || cell->samples == 0)
			continue;
		per_block = per_block > cell->warmup ? per_block - cell->warmup : 1;
		needed = (cell->samples + per_block - 1) / per_block;
		if (needed > rounds)
			rounds = needed;
	}
	return rounds > TL_CHECKPOINT_MAX_ROUNDS ? TL_CHECKPOINT_MAX_ROUNDS : rounds;
}

int64_t tl_checkpoint_longest_block(const struct tl_plan *plan)
{
	int64_t longest = 0, block;

	for (size_t i = 0; i < plan->count; i++) {
		const struct tl_plan_cell *cell = &plan->cells[i];
		/* round 0 is the largest: the remainder goes to the first rounds */
		uint64_t samples = tl_plan_block_samples(plan, cell, 0);

		if (!samples)
			continue;
		if (tl_ns_times(cell->cell.interval_ns, cell->warmup + samples, &block) <
		    0)
			return INT64_MAX;
		if (block > longest)
			longest = block;
	}
	return longest;
}

static int64_t checkpoint_now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * TL_NS_PER_S + now.tv_nsec;
}

int tl_checkpoint_start(struct tl_checkpoint *checkpoint, int64_t period_ns,
			const char *dir)
{
	int n;

	memset(checkpoint, 0, sizeof(*checkpoint));
	checkpoint->period_ns = period_ns;
	checkpoint->last_ns = checkpoint_now_ns();
	n = snprintf(checkpoint->path, sizeof(checkpoint->path), "%s/result.json", dir);
	return n < 0 || (size_t)n >= sizeof(checkpoint->path) ? -ENAMETOOLONG : 0;
}

bool tl_checkpoint_due_at(const struct tl_checkpoint *checkpoint, int64_t now_ns)
{
	return checkpoint->period_ns > 0 &&
	       now_ns - checkpoint->last_ns >= checkpoint->period_ns;
}

bool tl_checkpoint_due(const struct tl_checkpoint *checkpoint)
{
	return tl_checkpoint_due_at(checkpoint, checkpoint_now_ns());
}

/* rename() is durable only once the folder holding the new name is synced. */
static int checkpoint_sync_folder(const char *path)
{
	char dir[sizeof(((struct tl_checkpoint *)0)->path)];
	char *slash;
	int fd, err = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int checkpoint_save(const char *path, const struct tl_result *partial)
{
	struct tl_atomic_file file;
	int err = tl_atomic_file_open(&file, path);

	if (err)
		return err;
	/* a second Ctrl-C while it is written leaves no temporary file */
	tl_interrupt_guard_file(file.temp_path);
	err = tl_result_save(partial, file.stream);
	if (err)
		tl_atomic_file_abort(&file);
	else
		err = tl_atomic_file_commit(&file);
	tl_interrupt_guard_file(NULL);
	return err ? err : checkpoint_sync_folder(path);
}

int tl_checkpoint_write(struct tl_checkpoint *checkpoint, const struct tl_result *partial)
{
	struct tl_result marked = *partial; /* shallow: only the marks differ */
	char period[32];
	int err;

	marked.interrupted = true;
	marked.checkpoint = true;
	tl_result_timestamp(marked.finished, sizeof(marked.finished));
	err = checkpoint_save(checkpoint->path, &marked);
	checkpoint->last_ns = checkpoint_now_ns();
	if (!err) {
		checkpoint->written++;
		return 0;
	}
	if (!checkpoint->warned) {
		tl_duration_format(checkpoint->period_ns, period, sizeof(period));
		tl_warn("--checkpoint %s: cannot write %s: %s (the run goes on)", period,
			checkpoint->path, strerror(-err));
	}
	checkpoint->warned = true;
	return err;
}
