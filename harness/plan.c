/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../cases/registry.h"
#include "../lib/time.h"

static const clockid_t plan_default_clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME };

static bool plan_same_cell(const struct tl_cell *a, const struct tl_cell *b)
{
	return a->path == b->path && a->variant == b->variant && a->signal == b->signal &&
	       a->clock == b->clock && a->arm == b->arm &&
	       a->interval_ns == b->interval_ns;
}

/* Whether the cell's path can use its clock with any arming at all. */
static bool plan_path_takes_clock(const struct tl_cell *cell)
{
	struct tl_cell probe = *cell;

	for (unsigned arm = 0; arm < TL_ARM_COUNT; arm++) {
		probe.arm = (enum tl_arm)arm;
		if (!cell->path->unsupported(&probe))
			return true;
	}
	return false;
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
		planned->samples =
			(uint64_t)(options->duration_ns / planned->cell.interval_ns);
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
		.samples = options->duration_ns
				   ? (uint64_t)(options->duration_ns / cell->interval_ns)
				   : options->samples,
		.warmup = options->warmup,
	};
	struct tl_plan_cell *cells;

	plan_coarsen(&planned, named, options);
	planned.unsupported = cell->path->unsupported(&planned.cell);
	/* --clock all adds tai only where a path takes it */
	if (planned.unsupported && options->clocks_all &&
	    planned.cell.clock == CLOCK_TAI && !plan_path_takes_clock(&planned.cell))
		return 0;
	for (size_t i = 0; i < plan->count; i++)
		if (plan_same_cell(&plan->cells[i].cell, &planned.cell))
			return 0;
	cells = realloc(plan->cells, (plan->count + 1) * sizeof(*cells));
	if (!cells)
		return -ENOMEM;
	plan->cells = cells;
	cells[plan->count++] = planned;
	return 0;
}

/* Every interval, clock and arm of one (path, variant, signal). */
static int plan_add_choice(struct tl_plan *plan, struct tl_cell *cell, bool named,
			   const struct tl_run_options *options)
{
	const clockid_t *clocks =
		options->clock_count ? options->clocks : plan_default_clocks;
	size_t clock_count = options->clock_count ? options->clock_count : 2;
	int err;

	for (size_t i = 0; i < options->interval_count; i++) {
		cell->interval_ns = options->intervals_ns[i];
		for (size_t c = 0; c < clock_count; c++) {
			cell->clock = clocks[c];
			for (unsigned arm = 0; arm < TL_ARM_COUNT; arm++) {
				if (!options->arms[arm])
					continue;
				cell->arm = (enum tl_arm)arm;
				err = plan_add(plan, cell, named, options);
				if (err)
					return err;
			}
		}
	}
	return 0;
}

/* The variants (or signals) a spec stands for: the one it names, every one
 * with --variants all, else the default. */
static void plan_range(int named, unsigned count, bool all, unsigned *first,
		       unsigned *end)
{
	if (named >= 0) {
		*first = (unsigned)named;
		*end = (unsigned)named + 1;
	} else {
		*first = 0;
		*end = all && count ? count : 1;
	}
}

/* named: --path gave the spec (so its path keeps asked sample counts). */
static int plan_add_spec(struct tl_plan *plan, const struct tl_cell_spec *spec,
			 bool named, const struct tl_run_options *options)
{
	struct tl_cell cell = { .path = spec->path };
	unsigned variant, variant_end, signal, signal_end;
	int err;

	plan_range(spec->variant, tl_name_count(spec->path->variants),
		   options->all_variants, &variant, &variant_end);
	for (; variant < variant_end; variant++) {
		plan_range(spec->signal, tl_name_count(spec->path->signals),
			   options->all_variants, &signal, &signal_end);
		for (; signal < signal_end; signal++) {
			cell.variant = variant;
			cell.signal = signal;
			err = plan_add_choice(plan, &cell, named, options);
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
	plan->rounds = options->rounds ? options->rounds : 1;
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

uint64_t tl_plan_block_samples(const struct tl_plan *plan,
			       const struct tl_plan_cell *cell, uint64_t round)
{
	if (cell->unsupported || round >= plan->rounds)
		return 0;
	return cell->samples / plan->rounds + (round < cell->samples % plan->rounds);
}

void tl_plan_cursor_init(struct tl_plan_cursor *cursor)
{
	cursor->round = 0;
	cursor->step = 0;
}

/* The index of the n-th measurable cell. */
static size_t plan_measurable(const struct tl_plan *plan, size_t n)
{
	for (size_t i = 0; i < plan->count; i++)
		if (!plan->cells[i].unsupported && n-- == 0)
			return i;
	return plan->count;
}

bool tl_plan_next_block(const struct tl_plan *plan, struct tl_plan_cursor *cursor,
			size_t *cell, uint64_t *round)
{
	size_t measurable = 0;

	for (size_t i = 0; i < plan->count; i++)
		measurable += !plan->cells[i].unsupported;
	while (measurable && cursor->round < plan->rounds) {
		size_t n = (size_t)((cursor->round + cursor->step) % measurable);
		uint64_t this_round = cursor->round;

		if (++cursor->step == measurable) {
			cursor->step = 0;
			cursor->round++;
		}
		*cell = plan_measurable(plan, n);
		*round = this_round;
		if (tl_plan_block_samples(plan, &plan->cells[*cell], this_round))
			return true;
	}
	return false;
}

size_t tl_plan_block_count(const struct tl_plan *plan)
{
	size_t blocks = 0;

	for (size_t i = 0; i < plan->count; i++)
		for (uint64_t r = 0; r < plan->rounds; r++)
			blocks += tl_plan_block_samples(plan, &plan->cells[i], r) > 0;
	return blocks;
}

int tl_plan_expected(const struct tl_plan *plan, int64_t *ns)
{
	int64_t total = 0, block;

	for (size_t i = 0; i < plan->count; i++) {
		const struct tl_plan_cell *p = &plan->cells[i];

		for (uint64_t r = 0; r < plan->rounds; r++) {
			uint64_t samples = tl_plan_block_samples(plan, p, r);

			if (!samples)
				continue;
			if (tl_ns_times(p->cell.interval_ns, p->warmup + samples,
					&block) < 0 ||
			    tl_ns_sum(total, block, &total) < 0)
				return -EOVERFLOW;
		}
	}
	*ns = total;
	return 0;
}
