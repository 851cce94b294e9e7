/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The options of `timerlab run`, parsed and validated. */
#ifndef TL_OPTIONS_H
#define TL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>

#include "../lib/format.h"
#include "../lib/gate.h"
#include "../lib/rt.h"
#include "../lib/time.h"
#include "cell.h"

#define TL_MAX_SPECS 64
#define TL_MAX_CLOCKS TL_CELL_CLOCKS /* lib/time.h */
#define TL_MAX_INTERVALS 8
#define TL_MAX_GATES 16

#define TL_DEFAULT_INTERVAL_NS (1000 * 1000)
#define TL_DEFAULT_SAMPLES 2000
#define TL_DEFAULT_WARMUP 10
#define TL_DEFAULT_PRIORITY 80
#define TL_DEFAULT_ROUNDS 4
#define TL_DEFAULT_TRACE_SPIKES 3

/* A plan that would take longer is refused: a typo (--interval 100000000s)
 * rather than a measurement anyone waits for. */
#define TL_PLAN_MAX_NS (7 * 24 * 3600 * INT64_C(1000000000))

struct tl_checkpoint; /* checkpoint.h */

struct tl_run_options {
	struct tl_cell_spec specs[TL_MAX_SPECS]; /* none: every path */
	size_t spec_count;
	bool all_variants; /* --variants all: every variant and signal */
	clockid_t clocks[TL_MAX_CLOCKS]; /* none: monotonic, realtime */
	size_t clock_count;
	bool clocks_all; /* --clock all: tai only where a path takes it */
	bool arms[TL_ARM_COUNT]; /* all true unless --arm chose */
	int64_t intervals_ns[TL_MAX_INTERVALS];
	size_t interval_count;
	uint64_t samples;
	int64_t duration_ns; /* --duration: samples = duration / interval */
	uint64_t warmup;
	uint64_t rounds;
	bool rounds_given; /* asked for: a --checkpoint does not raise it */
	int64_t checkpoint_ns; /* --checkpoint: 0 for off */
	bool checkpoint_given;
	struct tl_gate gates[TL_MAX_GATES];
	size_t gate_count;
	const char *suite; /* --suite NAME|FILE, NULL for none */
	/* Asked for on the command line (--samples or --duration; --warmup),
	 * rather than the defaults: a path named in --path whose interval the
	 * plan coarsens (alarm) then keeps them. */
	bool samples_given;
	bool warmup_given;
	struct tl_rt_request rt;
	/* The CPUs timerlab started with: the default --cpu is the last, --smp
	 * takes them all, whatever the parent's own affinity becomes later. */
	struct tl_cpu_set cpus;
	int32_t dma_latency_us; /* -1: do not hold /dev/cpu_dma_latency */
	bool dma_latency_given; /* asked for: failing to hold it is worth a warning */
	bool details; /* the per-round attribution view after the table */
	const char *load; /* --load SPEC, NULL for none */
	bool smp; /* every cell on every CPU at once */
	bool checks; /* --checks: the conformance checks after the cells */
	bool destructive; /* with --checks: also those that set CLOCK_REALTIME */
	bool quiet;
	/* --format samples: the file the measuring children append their
	 * samples to (run opens it in the report folder); -1 otherwise */
	int samples_fd;
	/* where the runner saves the result between blocks (run sets it up in
	 * the report folder); NULL for no checkpoints */
	struct tl_checkpoint *checkpoint;
	/* what the writers are told: --hist-max (0 for the default) and the
	 * kcidb options */
	struct tl_format_options render;
	/* --trace-over: the wakeups later than this are traced and explained
	 * (0: untraced), at most trace_spikes per cell */
	int64_t trace_over_ns;
	uint64_t trace_spikes;
	bool trace_spikes_given;
	/* the run folder, where spikes/ goes (run sets it; NULL with --out -) */
	const char *run_dir;
	const char *out; /* --out DIR, default "reports", "-" for stdout */
	unsigned formats; /* a set of lib/format.h's formats */
};

void tl_run_options_defaults(struct tl_run_options *options);

/*
 * Parse the arguments after "run". Returns 0, 1 when --help was printed, or
 * -EINVAL with the one-line reason (no "timerlab: " prefix) in why.
 */
int tl_run_options_parse(int argc, char **argv, struct tl_run_options *options, char *why,
			 size_t why_size);

void tl_run_usage(FILE *out);

#endif
