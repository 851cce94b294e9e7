/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One block: warm-up plus samples of one cell, measured in a child of its
 * own under realtime settings, and sent back whole over a pipe.
 */
#ifndef TL_MEASURE_H
#define TL_MEASURE_H

#include <signal.h>
#include <stdint.h>

#include "../cases/paths/path.h"
#include "../lib/attribution.h"
#include "../lib/hist.h"
#include "../lib/rt.h"
#include "../lib/stats.h"
#include "../lib/timeline.h"
#include "spike.h"

/*
 * --trace-over for one block: the child marks up to spikes wakes over
 * threshold_ns (0 spikes: untraced) on the instance whose files are open as
 * marker_fd and on_fd; the parent calls save for each marked spike while
 * the child runs, and save turns tracing back on.
 */
struct tl_block_trace {
	uint32_t spikes;
	int64_t threshold_ns;
	int marker_fd;
	int on_fd;
	void (*save)(void *context, const struct tl_spike_slot *slot, int pid);
	void *context;
};

struct tl_block_job {
	struct tl_cell cell;
	uint64_t warmup;
	uint64_t samples;
	struct tl_rt_request rt;
	/* --format samples: the file the child appends its samples to as CSV
	 * rows after the block (-1: keep none), named by key, round (from 1)
	 * and index (from first, counted across the cell's rounds) */
	int samples_fd;
	const char *key;
	uint64_t round;
	uint64_t first_sample;
	/* the most timeline bins this block may fill (>= 1) */
	uint64_t timeline_max_bins;
	struct tl_block_trace trace;
};

/* What a child sends back. */
struct tl_block {
	int32_t error; /* 0, or the -errno that stopped the measurement */
	char stage[16]; /* where it stopped: "open", "arm/wait" */
	struct tl_rt_obtained rt;
	uint64_t stray; /* signals or events that served no deadline */
	struct tl_attribution attribution; /* over the block, warm-up included */
	/* the child's minor page faults in the loop alone (-1: unknown): 0
	 * when everything it touches was locked and touched before */
	int64_t loop_minor_faults;
	struct tl_stats stats;
	struct tl_hist hist;
	/* latency over time: timeline_count bins of 2^timeline_shift samples;
	 * the message is this header and those bins, no more */
	uint32_t timeline_shift;
	uint32_t timeline_count;
	struct tl_timeline_bin timeline[];
};

/* The room a block with up to max_bins bins takes. */
static inline size_t tl_block_size(uint64_t max_bins)
{
	return sizeof(struct tl_block) + max_bins * sizeof(struct tl_timeline_bin);
}

/* How the runner shows progress: called about every 100 ms (10 ms when
 * traced: the parent polls for spikes to save as often). */
struct tl_block_progress {
	void (*show)(void *context, uint64_t wakes, uint64_t total);
	void *context;
};

/* What became of one block of several measured at once. */
struct tl_block_outcome {
	int error; /* 0 when the child answered, else -ETIMEDOUT, -ECHILD, -EINTR */
	char why[256]; /* when error != 0; else "" */
	int64_t cpu_ns; /* the child's user + system time, set-up included */
	int64_t max_rss_kb; /* its peak resident set */
	/* --trace-over: the spikes the child marked (each was saved) */
	uint32_t spike_count;
	struct tl_spike_slot spikes[TL_SPIKE_SLOTS];
};

/*
 * Measure count blocks at once, each in its own child (--smp: one per CPU),
 * blocks[i] having room for jobs[i]'s bins (tl_block_size).
 * Returns 0 with each block's outcome, or -errno when the children could not
 * be started (why in outcomes[0]).
 */
int tl_measure_blocks(const struct tl_block_job *jobs, struct tl_block *const *blocks,
		      struct tl_block_outcome *outcomes, size_t count,
		      const struct tl_block_progress *progress,
		      const volatile sig_atomic_t *stop);

/* The time a block should take, and the budget after which it is killed. */
int64_t tl_block_expected_ns(const struct tl_block_job *job);
int64_t tl_block_budget_ns(const struct tl_block_job *job);

#endif
