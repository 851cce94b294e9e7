/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Attribution: what else happened to a measuring process and its CPU during
 * a block, so that a latency spike can be blamed on something. Counters are
 * read before and after the block (warm-up included), never inside the
 * loop. A counter that cannot be read is -1.
 */
#ifndef TL_ATTRIBUTION_H
#define TL_ATTRIBUTION_H

#include <stdint.h>

struct tl_attribution {
	int64_t voluntary_switches; /* getrusage: the process gave up the CPU */
	int64_t involuntary_switches; /* getrusage: it was preempted */
	int64_t minor_faults;
	int64_t major_faults;
	int64_t migrations; /* /proc/self/sched se.nr_migrations */
	int64_t interrupts; /* /proc/interrupts, the measured CPU's column */
	int64_t timer_softirqs; /* /proc/softirqs TIMER on the measured CPU */
	int64_t hrtimer_softirqs; /* /proc/softirqs HRTIMER */
	int64_t steal_ns; /* /proc/stat steal time of the measured CPU */
};

/* Read every counter now; cpu < 0 leaves the per-CPU ones at -1. */
void tl_attribution_read(int cpu, struct tl_attribution *counters);

/* after - before, field by field; -1 where either is unknown. */
void tl_attribution_delta(const struct tl_attribution *before,
			  const struct tl_attribution *after,
			  struct tl_attribution *delta);

/* Sum of blocks; -1 stays unknown. */
void tl_attribution_add(struct tl_attribution *into, const struct tl_attribution *from);

/* All -1. */
void tl_attribution_unknown(struct tl_attribution *counters);

#endif
