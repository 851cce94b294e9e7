/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plan: the cells a run measures, in the order the table shows them,
 * each with its samples, or with the reason it cannot be measured. */
#ifndef TL_PLAN_H
#define TL_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "../cases/path.h"
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
};

/* 0 or -ENOMEM. */
int tl_plan_build(const struct tl_run_options *options, struct tl_plan *plan);
void tl_plan_free(struct tl_plan *plan);

/* The time the measurable cells should take, warm-up included. */
int64_t tl_plan_expected_ns(const struct tl_plan *plan);

#endif
