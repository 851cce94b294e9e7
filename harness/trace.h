/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --trace-over for a run: tracefs set up for the measured CPUs (an
 * instance each, lib/tracefs.h), and in the parent, while a block runs,
 * each spike its child marks saved: the instance's trace read, the excerpt
 * from before the deadline to the marker cut from it under its header
 * (lib/trace-excerpt.h, with the policy of every task it names, read now,
 * while they run), written to spikes/<cell>-<sample>.txt in the run folder,
 * explained (lib/trace-analysis.h), and tracing turned back on. It never
 * prints: what failed comes back as a reason.
 */
#ifndef TL_TRACE_H
#define TL_TRACE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/result.h"
#include "../lib/tracefs.h"
#include "spike.h"

#define TL_TRACE_MAX_CPUS 64

struct tl_trace_cpu {
	int cpu;
	struct tl_tracefs_instance instance;
};

struct tl_trace_session {
	bool active; /* tracing: every measured CPU has its instance */
	bool mounted; /* timerlab mounted tracefs, and unmounts it */
	char root[PATH_MAX];
	char events[640]; /* the events on, as env.trace_events */
	char spikes_dir[PATH_MAX]; /* RUN/spikes; "" when excerpts are not kept */
	bool spikes_dir_made;
	struct tl_trace_cpu cpus[TL_TRACE_MAX_CPUS];
	size_t cpu_count;
};

/*
 * Trace cpus[0..count) at root (TL_TRACEFS_ROOT unless testing): mount
 * tracefs if it is not, remove the instances killed runs left, make one
 * instance per CPU. run_dir is where spikes/ goes (NULL: excerpts not
 * kept). 0, or -errno with why (nothing is left set up then).
 */
int tl_trace_start(struct tl_trace_session *session, const char *root, const int *cpus,
		   size_t count, const char *run_dir, char *why, size_t why_size);
/* Every instance removed, tracefs unmounted if timerlab mounted it. */
void tl_trace_stop(struct tl_trace_session *session);

/* A run's session at TL_TRACEFS_ROOT, malloc'd, its events written into
 * env (traced, trace_events); NULL with why when it cannot trace. */
struct tl_env;
struct tl_trace_session *tl_trace_open(const int *cpus, size_t count, const char *run_dir,
				       struct tl_env *env, char *why, size_t why_size);
/* Stopped and freed; NULL is no session. */
void tl_trace_close(struct tl_trace_session *session);
/* The instance of cpu, or NULL. */
struct tl_trace_cpu *tl_trace_cpu_of(struct tl_trace_session *session, int cpu);

/* One traced block of one cell: what its saves need, and the spikes they
 * explained, until the runner folds them into the cell. */
struct tl_trace_block {
	struct tl_trace_session *session;
	struct tl_trace_cpu *cpu;
	const char *key;
	int64_t interval_ns;
	uint64_t first_sample; /* the block's first among the cell's samples */
	struct tl_spike spikes[TL_SPIKE_SLOTS];
	size_t count;
};

/* Clear the buffer and turn tracing on, for a block about to start; off
 * again once it has ended, so that untraced blocks pay nothing for it. */
void tl_trace_block_begin(struct tl_trace_block *block);
void tl_trace_block_end(struct tl_trace_block *block);
/* The block's spikes freed, unfolded (its measurement did not stand). */
void tl_trace_block_drop(struct tl_trace_block *block);

/* struct tl_block_trace's save, for a struct tl_trace_block. */
void tl_trace_block_save(void *block, const struct tl_spike_slot *slot, int pid);

/* The block's spikes into cell, each with the latency of the sample after
 * it from the slots the child filled; -ENOMEM. What is left is freed. */
int tl_trace_block_fold(struct tl_trace_block *block, const struct tl_spike_slot *slots,
			uint32_t slot_count, struct tl_cell_result *cell);

#endif
