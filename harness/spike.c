/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "spike.h"

#include <stdio.h>
#include <unistd.h>

#include "../lib/time.h"

/* The cell's clock - monotonic, now: a read of it between two of
 * monotonic, against their middle. 0 for monotonic itself. */
static int64_t spike_offset(clockid_t clock)
{
	int64_t before, at, after;

	if (clock == CLOCK_MONOTONIC || tl_clock_read(CLOCK_MONOTONIC, &before) ||
	    tl_clock_read(clock, &at) || tl_clock_read(CLOCK_MONOTONIC, &after))
		return 0;
	return at - (before + (after - before) / 2);
}

int64_t tl_spike_mark(void *context, uint64_t sample, int64_t deadline_ns,
		      int64_t wake_ns)
{
	struct tl_spike_marker *marker = context;
	struct tl_spike_shared *shared = marker->shared;
	uint32_t marked = atomic_load_explicit(&shared->marked, memory_order_relaxed);
	struct tl_spike_slot *slot;
	int64_t offset;
	char text[160];
	int length;

	if (marker->after) {
		marker->after = 0;
		shared->slots[marked - 1].next_latency_ns = wake_ns - deadline_ns;
		return marked < marker->limit ? marker->threshold_ns : INT64_MAX;
	}
	if (marked >= marker->limit)
		return INT64_MAX;
	/* the last one is not saved yet: tracing is off, nothing to mark */
	if (atomic_load_explicit(&shared->saved, memory_order_acquire) != marked)
		return marker->threshold_ns;
	offset = spike_offset(marker->clock);
	/* tracing came back on after the deadline: the trace misses the start
	 * of this one, which it could not explain */
	if (deadline_ns - offset <
	    atomic_load_explicit(&shared->traced_since_ns, memory_order_relaxed))
		return marker->threshold_ns;
	slot = &shared->slots[marked];
	*slot = (struct tl_spike_slot){ sample, deadline_ns, wake_ns, offset, -1 };
	/* the trailing space ends the number: sample=1 is not sample=12 */
	length = snprintf(text, sizeof(text),
			  "timerlab spike sample=%llu deadline=%lld wake=%lld \n",
			  (unsigned long long)sample, (long long)deadline_ns,
			  (long long)wake_ns);
	if (write(marker->marker_fd, text, (size_t)length) < 0)
		return marker->threshold_ns; /* not marked: the parent saves none */
	/* should it fail, the parent still saves what the buffer holds */
	(void)!write(marker->on_fd, "0", 1);
	atomic_store_explicit(&shared->marked, marked + 1, memory_order_release);
	marker->after = 1;
	return INT64_MIN;
}
