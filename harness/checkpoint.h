/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checkpoints of a long run: every --checkpoint DUR (default 10 min) the
 * parent writes what has been measured so far as the run folder's
 * result.json, marked interrupted and checkpoint, so that a crash, a
 * SIGKILL or a power cut loses at most the last period. It writes between
 * blocks, when no measuring child runs: the loop never gains work. The
 * final write of the run replaces the last checkpoint.
 */
#ifndef TL_CHECKPOINT_H
#define TL_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/result.h"
#include "plan.h"

#define TL_CHECKPOINT_DEFAULT_NS (10 * 60 * INT64_C(1000000000))
#define TL_CHECKPOINT_MIN_NS (INT64_C(1000000)) /* 1ms */

struct tl_checkpoint {
	int64_t period_ns; /* 0: off */
	int64_t last_ns; /* CLOCK_MONOTONIC of the last write, or of the start */
	char path[4096]; /* the run folder's result.json */
	unsigned written; /* checkpoints written so far */
	bool warned; /* a failed write is told once */
};

/*
 * --checkpoint DUR: "off" or "0" turn checkpoints off (*period_ns = 0),
 * else a duration from 1ms to 7 days. -EINVAL with the one-line reason in
 * why ("--checkpoint: ...").
 */
int tl_checkpoint_parse(const char *text, int64_t *period_ns, char *why, size_t why_size);

/*
 * The rounds a plan needs so that no block, its warm-up included, is longer
 * than period_ns: at least plan->rounds, at most TL_CHECKPOINT_MAX_ROUNDS.
 * A checkpoint can only be written between blocks; a 24-hour cell in 4
 * rounds would otherwise be checkpointed every 6 hours.
 */
#define TL_CHECKPOINT_MAX_ROUNDS 1000 /* --rounds' own limit */
uint64_t tl_checkpoint_rounds(const struct tl_plan *plan, int64_t period_ns);

/* The longest block of the plan, warm-up included, in ns (saturating). */
int64_t tl_checkpoint_longest_block(const struct tl_plan *plan);

/* Start the clock: the first checkpoint is due one period from now. dir is
 * the run folder; -ENAMETOOLONG. */
int tl_checkpoint_start(struct tl_checkpoint *checkpoint, int64_t period_ns,
			const char *dir);

/* Whether a checkpoint is due at now_ns (CLOCK_MONOTONIC). */
bool tl_checkpoint_due_at(const struct tl_checkpoint *checkpoint, int64_t now_ns);
/* The same, now. */
bool tl_checkpoint_due(const struct tl_checkpoint *checkpoint);

/*
 * Write partial (the cells measured so far) as result.json, whole or not
 * at all (a temporary file, fsync, rename, and the folder synced so the
 * name survives a power cut), marked interrupted and checkpoint, finished
 * now. A failure is a warning, once; the run goes on. 0 or -errno.
 */
int tl_checkpoint_write(struct tl_checkpoint *checkpoint,
			const struct tl_result *partial);

#endif
