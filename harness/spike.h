/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --trace-over in the measuring child: a wakeup over the threshold, once it
 * is recorded, is marked in the instance's trace_marker and the instance's
 * tracing is stopped (two writes, on files opened before the loop), so the
 * trace keeps what led to it. The child tells the parent through the page
 * they share, which the parent polls: it saves the excerpt, turns tracing
 * back on and says so, and only then may the child mark the next spike.
 * Whatever the parent does in between is not traced, by design.
 */
#ifndef TL_SPIKE_H
#define TL_SPIKE_H

#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

/* The most spikes a block marks: --trace-spikes' limit. */
#define TL_SPIKE_SLOTS 100

/* One marked spike, as the child saw it. */
struct tl_spike_slot {
	uint64_t sample; /* in the block, from 0 */
	int64_t deadline_ns; /* on the cell's clock */
	int64_t wake_ns;
	int64_t offset_ns; /* the cell's clock - monotonic, read at the spike */
	/* the sample after it, which the marking may have delayed; read by
	 * the parent once the child has ended; -1: none */
	int64_t next_latency_ns;
};

/* Where child and parent meet, in the page they share. */
struct tl_spike_shared {
	_Atomic int pid; /* the measuring child, for the excerpt */
	_Atomic uint32_t marked; /* child: slots filled and marked */
	_Atomic uint32_t saved; /* parent: of those, saved with tracing on again */
	/* parent: monotonic time by which tracing was last turned on; a wake
	 * whose deadline came before it is not in the trace, so not marked */
	_Atomic int64_t traced_since_ns;
	struct tl_spike_slot slots[TL_SPIKE_SLOTS];
};

/* The child's side. */
struct tl_spike_marker {
	struct tl_spike_shared *shared;
	int marker_fd; /* the instance's trace_marker */
	int on_fd; /* its tracing_on */
	clockid_t clock; /* the cell's */
	int64_t threshold_ns;
	uint32_t limit; /* spikes this block may mark, at most TL_SPIKE_SLOTS */
	int after; /* the last call marked: this one is the sample after */
};

/* The loop's spike hook (harness/loop.h) for a struct tl_spike_marker. */
int64_t tl_spike_mark(void *marker, uint64_t sample, int64_t deadline_ns,
		      int64_t wake_ns);

#endif
