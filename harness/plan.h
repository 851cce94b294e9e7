/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plan: the cells a run measures, in the order the table shows them,
 * each with its samples, or with the reason it cannot be measured. */
#ifndef TL_PLAN_H
#define TL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../cases/paths/path.h"
#include "options.h"

struct tl_plan_cell {
	struct tl_cell cell;
	const char *unsupported; /* n/a: why; NULL when it can be measured */
	uint64_t samples;
	uint64_t warmup;
};

struct tl_plan {
	struct tl_plan_cell *cells;
	size_t count;
	uint64_t rounds; /* each cell's samples are split into this many blocks */
};

/* 0 or -ENOMEM. */
int tl_plan_build(const struct tl_run_options *options, struct tl_plan *plan);
void tl_plan_free(struct tl_plan *plan);

/* The samples of a cell's block in a round: samples / rounds, the
 * remainder spread over the first rounds. 0: the cell sits that round out. */
uint64_t tl_plan_block_samples(const struct tl_plan *plan,
			       const struct tl_plan_cell *cell, uint64_t round);

/*
 * The order blocks run in: round by round; in round r the measurable cells
 * in plan order starting at the (r mod C)-th, C being their number. Blocks
 * of 0 samples (a cell sitting a round out) are skipped.
 */
struct tl_plan_cursor {
	uint64_t round;
	size_t step; /* 0..C-1 within the round */
};

void tl_plan_cursor_init(struct tl_plan_cursor *cursor);
/* The next block's plan cell index and round; false at the end. */
bool tl_plan_next_block(const struct tl_plan *plan, struct tl_plan_cursor *cursor,
			size_t *cell, uint64_t *round);

/* The blocks that will run (cells that can be measured, rounds they are in). */
size_t tl_plan_block_count(const struct tl_plan *plan);

/* The time the measurable cells should take, warm-up included, into *ns;
 * -EOVERFLOW when it does not fit in int64_t ns (292 years). */
int tl_plan_expected(const struct tl_plan *plan, int64_t *ns);

#endif
