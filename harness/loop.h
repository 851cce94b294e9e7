/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one measurement loop, shared by every path: deadline, arm, wait,
 * record. The rules (cases/README.md, "The loop"):
 *
 * - Deadlines: abs and periodic use start + k x interval, k = 1, 2, ...; rel
 *   reads the clock right before the arming call and adds one interval.
 * - Latency of a wake = wake time - the oldest deadline it serves.
 * - Served deadlines: periodic: the expirations the kernel reports; abs: the
 *   oldest one plus every later deadline already passed at the wake (the
 *   next wait is for the first deadline after the wake); rel: one.
 * - Missed = the served deadlines, other than the oldest, that had passed
 *   by the wake time. Folded = the served deadlines that had not: for
 *   periodic paths that read the kernel's count after the wake time (poll,
 *   then read), an expiry that lands between the two is served by this wake
 *   but was neither late nor a wake of its own, so it is counted apart. An
 *   expiry that passed but that the kernel has not reported yet is served
 *   by the next wake, at its true latency. So every deadline from the first
 *   to the last served is accounted once: samples + missed + folded.
 * - A clock read or a call that fails ends the block with its error.
 *
 * Nothing in the loop allocates, prints, locks or makes a system call of its
 * own besides clock_gettime (vDSO) for rel. Warm-up wakeups run the same
 * loop and are then discarded.
 *
 * A traced run (--trace-over) passes a spike hook: one compare per wake,
 * after the wake is recorded, and a latency over the threshold calls the
 * hook, out of line (it marks the trace and stops it: two writes).
 * Untraced, the threshold is INT64_MAX and the compare is never taken;
 * warm-up wakes are never passed.
 */
#ifndef TL_LOOP_H
#define TL_LOOP_H

#include <stdint.h>

#include "../cases/paths/path.h"
#include "../lib/hist.h"
#include "../lib/stats.h"
#include "../lib/timeline.h"
#include "samples.h"

/* Where the loop records: the statistics and histogram of the samples,
 * every sample when samples keeps them (its scratch entry otherwise), and
 * the timeline's bins of 2^timeline_shift samples each (enough of them for
 * the samples, lib/timeline.h). */
struct tl_loop_record {
	struct tl_stats *stats;
	struct tl_hist *hist;
	struct tl_samples *samples;
	struct tl_timeline_bin *timeline;
	unsigned timeline_shift;
};

/*
 * A recorded sample whose latency is over the threshold, passed to the
 * hook: sample is its index in the block (from 0). The hook returns the
 * threshold for the next wake (INT64_MAX: no more; INT64_MIN: call it for
 * the next wake too, whatever its latency).
 */
struct tl_loop_spikes {
	int64_t (*hook)(void *context, uint64_t sample, int64_t deadline_ns,
			int64_t wake_ns);
	void *context;
	int64_t threshold_ns;
};

/*
 * Run warmup + samples wakeups of probe's cell, which the caller has opened
 * (and will close). The record receives the samples only (record->samples
 * must have room for them when it keeps them); spikes, NULL when untraced,
 * receives the samples over its threshold. Returns 0, or the -errno of the
 * first failing clock read, arm or wait (-EPROTO for a wake that claims to
 * serve no deadline); what was measured until then stays recorded.
 */
int tl_loop_run(struct tl_probe *probe, uint64_t warmup, uint64_t samples,
		const struct tl_loop_record *record, const struct tl_loop_spikes *spikes);

#endif
