/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../cases/registry.h"

static const clockid_t plan_default_clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME };

static bool plan_same_cell(const struct tl_cell *a, const struct tl_cell *b)
{
	return a->path == b->path && a->variant == b->variant && a->signal == b->signal &&
	       a->clock == b->clock && a->arm == b->arm && a->interval_ns == b->interval_ns;
}

/* At most this many samples for a cell whose interval the plan coarsened,
 * unless asked: alarm at 1 s would otherwise turn a 2000-sample default run
 * into more than half an hour per cell. */
#define PLAN_COARSE_SAMPLES 3

/*
 * A path that arms in coarse steps (alarm: whole seconds) runs at its step
 * when the interval asked for is finer, rounded up. It then runs few samples
 * and no warm-up, so a default run stays short, unless --path named the path
 * and the command line asked for the count (--samples, --duration,
 * --warmup): then it gets what was asked, --duration counted at the new
 * interval.
 */
static void plan_coarsen(struct tl_plan_cell *planned, bool named,
			 const struct tl_run_options *options)
{
	const int64_t step = planned->cell.path->granularity_ns;
	const int64_t interval = planned->cell.interval_ns;

	if (step <= 0 || interval % step == 0)
		return;
	planned->cell.interval_ns = (interval / step + 1) * step;
	if (!named || !options->samples_given) {
		if (planned->samples > PLAN_COARSE_SAMPLES)
			planned->samples = PLAN_COARSE_SAMPLES;
	} else if (options->duration_ns) {
		planned->samples = (uint64_t)(options->duration_ns / planned->cell.interval_ns);
		if (planned->samples == 0)
			planned->samples = 1;
	}
	if (!named || !options->warmup_given)
		planned->warmup = 0;
}

static int plan_add(struct tl_plan *plan, const struct tl_cell *cell, bool named,
		    const struct tl_run_options *options)
{
	struct tl_plan_cell planned = {
		.cell = *cell,
		.samples = options->samples,
		.warmup = options->warmup,
	};
	struct tl_plan_cell *cells;

	plan_coarsen(&planned, named, options);
	for (size_t i = 0; i < plan->count; i++)
		if (plan_same_cell(&plan->cells[i].cell, &planned.cell))
			return 0;
	cells = realloc(plan->cells, (plan->count + 1) * sizeof(*cells));
	if (!cells)
		return -ENOMEM;
	plan->cells = cells;
	planned.unsupported = cell->path->unsupported(&planned.cell);
	cells[plan->count++] = planned;
	return 0;
}

/* Every clock and arm of one (path, variant, signal); named: --path gave it. */
static int plan_add_spec(struct tl_plan *plan, const struct tl_cell_spec *spec, bool named,
			 const struct tl_run_options *options)
{
	const clockid_t *clocks = options->clock_count ? options->clocks : plan_default_clocks;
	size_t clock_count = options->clock_count ? options->clock_count : 2;
	struct tl_cell cell = {
		.path = spec->path,
		.variant = spec->variant < 0 ? 0 : (unsigned)spec->variant,
		.signal = spec->signal < 0 ? 0 : (unsigned)spec->signal,
		.interval_ns = options->interval_ns,
	};
	int err;

	for (size_t c = 0; c < clock_count; c++) {
		cell.clock = clocks[c];
		for (unsigned arm = 0; arm < TL_ARM_COUNT; arm++) {
			if (!options->arms[arm])
				continue;
			cell.arm = (enum tl_arm)arm;
			err = plan_add(plan, &cell, named, options);
			if (err)
				return err;
		}
	}
	return 0;
}

int tl_plan_build(const struct tl_run_options *options, struct tl_plan *plan)
{
	int err = 0;

	memset(plan, 0, sizeof(*plan));
	if (options->spec_count == 0) {
		for (size_t i = 0; tl_paths[i] && !err; i++) {
			struct tl_cell_spec spec = { tl_paths[i], -1, -1 };

			err = plan_add_spec(plan, &spec, false, options);
		}
	}
	for (size_t i = 0; i < options->spec_count && !err; i++)
		err = plan_add_spec(plan, &options->specs[i], true, options);
	if (err)
		tl_plan_free(plan);
	return err;
}

void tl_plan_free(struct tl_plan *plan)
{
	free(plan->cells);
	memset(plan, 0, sizeof(*plan));
}

int64_t tl_plan_expected_ns(const struct tl_plan *plan)
{
	int64_t total = 0;

	for (size_t i = 0; i < plan->count; i++) {
		const struct tl_plan_cell *p = &plan->cells[i];

		if (!p->unsupported)
			total += (int64_t)(p->warmup + p->samples) * p->cell.interval_ns;
	}
	return total;
}
