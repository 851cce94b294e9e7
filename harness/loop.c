/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loop.h"

#include <errno.h>

#include "../lib/time.h"

/* Where the schedule stands between the warm-up and the measured wakes. */
struct loop_schedule {
	int64_t deadline_ns; /* oldest deadline not yet served */
};

/* Where one phase's wakes are kept: the warm-up's go to scratch entries
 * (mask 0, shift 63: index 0 whatever the wake), the samples' to the
 * record's buffers; only the samples' spikes go to the hook. */
struct loop_phase {
	uint64_t mask;
	struct tl_timeline_bin *bins;
	unsigned shift;
	const struct tl_loop_spikes *spikes;
	int64_t threshold_ns; /* INT64_MAX: none */
};

/*
 * The loop body, inlined once per arming mode with arm a constant, so the
 * compiled loops carry no branch on the mode.
 */
static inline __attribute__((always_inline)) int
loop_wakes(struct tl_probe *probe, const enum tl_arm arm, struct loop_schedule *schedule,
	   uint64_t wakes, const struct tl_loop_record *record,
	   const struct loop_phase *phase)
{
	struct tl_stats *stats = record->stats;
	struct tl_hist *hist = record->hist;
	struct tl_sample *kept = record->samples->entries;
	struct tl_timeline_bin *bins = phase->bins;
	const uint64_t mask = phase->mask;
	const unsigned shift = phase->shift;
	const struct tl_loop_spikes *spikes = phase->spikes;
	int64_t threshold = phase->threshold_ns;
	const struct tl_path *path = probe->cell.path;
	const clockid_t clock = probe->cell.clock;
	const int64_t interval = probe->cell.interval_ns;
	_Atomic uint64_t *progress = &probe->shared->wakes;
	uint64_t done = atomic_load_explicit(progress, memory_order_relaxed);
	int64_t deadline = schedule->deadline_ns;
	struct tl_wake wake;
	int err = 0;

	for (uint64_t i = 0; i < wakes; i++) {
		if (arm == TL_ARM_REL) {
			err = tl_clock_read(clock, &deadline);
			if (err)
				break;
			deadline += interval;
			err = path->arm(probe, deadline);
		} else if (arm == TL_ARM_ABS) {
			err = path->arm(probe, deadline);
		}
		if (err)
			break;
		err = path->wait(probe, &wake);
		if (err)
			break;

		int64_t latency = wake.wake_ns - deadline;
		uint64_t passed = 0, served = 1;

		if (latency >= interval)
			passed = (uint64_t)(latency / interval);
		if (arm == TL_ARM_PERIODIC) {
			served = wake.expirations;
			if (served == 0) {
				err = -EPROTO;
				break;
			}
			if (passed > served - 1)
				passed = served - 1;
		} else if (arm == TL_ARM_ABS) {
			served = 1 + passed;
		} else {
			passed = 0;
		}
		/* served = the oldest + the missed + the folded (after the wake) */
		tl_stats_record(stats, latency, passed, served - 1 - passed);
		tl_hist_record(hist, latency);
		/* one store, kept or into the scratch entry (mask 0): no branch */
		kept[i & mask] = (struct tl_sample){ deadline, wake.wake_ns, passed };
		struct tl_timeline_bin *bin = &bins[i >> shift];
		bin->min_ns = latency < bin->min_ns ? latency : bin->min_ns;
		bin->max_ns = latency > bin->max_ns ? latency : bin->max_ns;
		bin->end_ns = wake.wake_ns;
		atomic_store_explicit(progress, ++done, memory_order_relaxed);
		/* after the wake is recorded: what the hook costs falls on no
		 * sample's own latency (it may delay the next, which it sees) */
		if (__builtin_expect(latency > threshold, 0))
			threshold =
				spikes->hook(spikes->context, i, deadline, wake.wake_ns);
		deadline += (int64_t)served * interval;
	}
	schedule->deadline_ns = deadline;
	return err;
}

static int loop_dispatch(struct tl_probe *probe, struct loop_schedule *schedule,
			 uint64_t wakes, const struct tl_loop_record *record,
			 const struct loop_phase *phase)
{
	switch (probe->cell.arm) {
	case TL_ARM_ABS:
		return loop_wakes(probe, TL_ARM_ABS, schedule, wakes, record, phase);
	case TL_ARM_REL:
		return loop_wakes(probe, TL_ARM_REL, schedule, wakes, record, phase);
	case TL_ARM_PERIODIC:
		return loop_wakes(probe, TL_ARM_PERIODIC, schedule, wakes, record, phase);
	}
	return -EINVAL;
}

int tl_loop_run(struct tl_probe *probe, uint64_t warmup, uint64_t samples,
		const struct tl_loop_record *record, const struct tl_loop_spikes *spikes)
{
	const struct tl_cell *cell = &probe->cell;
	struct tl_timeline_bin scratch;
	const struct loop_phase warming = { 0, &scratch, 63, NULL, INT64_MAX };
	const struct loop_phase measuring = { record->samples->mask, record->timeline,
					      record->timeline_shift, spikes,
					      spikes ? spikes->threshold_ns : INT64_MAX };
	struct loop_schedule schedule;
	int err;

	if (cell->interval_ns <= 0)
		return -EINVAL;
	err = tl_clock_read(cell->clock, &schedule.deadline_ns);
	if (err)
		return err;
	schedule.deadline_ns += cell->interval_ns;
	if (cell->arm == TL_ARM_PERIODIC) {
		err = cell->path->arm(probe, schedule.deadline_ns);
		if (err)
			return err;
	}
	/* the warm-up's wakes go to the scratch entries, never kept */
	tl_timeline_clear(&scratch, 1);
	err = loop_dispatch(probe, &schedule, warmup, record, &warming);
	tl_stats_init(record->stats);
	tl_hist_init(record->hist);
	if (err)
		return err;
	return loop_dispatch(probe, &schedule, samples, record, &measuring);
}
