/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of the clocks themselves (group clock): what each
 * observes, and the judge that turns the observations into a verdict.
 * Tests call the judges with scripted observations.
 */
#ifndef TL_CHECKS_CLOCK_H
#define TL_CHECKS_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check.h"

#define CLOCK_CHECK_CLOCKS 3 /* realtime, monotonic, boottime */

/* monotonic-no-backwards: batches of reads of one clock, across CPUs. */
struct clock_backwards_seen {
	clockid_t clock;
	uint64_t reads;
	uint64_t backwards; /* reads earlier than the read before */
	int64_t worst_ns; /* the largest step back, > 0; 0 if none */
	int worst_from_cpu, worst_to_cpu; /* the CPUs of the two reads */
};

struct clock_monotonic_seen {
	int cpus; /* the reads moved between this many CPUs */
	/* shared-list: threads taking turns under a lock to read into one
	 * list, clocks[0]; 0 for one thread reading each clock in turn */
	int threads;
	int64_t ran_ns;
	/* CLOCK_REALTIME - CLOCK_MONOTONIC at the end minus at the start: what
	 * setting the clock (clock_settime, a leap second) moves */
	int64_t realtime_moved_ns;
	size_t count;
	struct clock_backwards_seen clocks[CLOCK_CHECK_CLOCKS];
};

/* CLOCK_REALTIME may have been set when its offset moved more than this;
 * realtime-coarse and tai move with it. */
#define CLOCK_REALTIME_SET_NS (10 * INT64_C(1000000))

enum tl_verdict
clock_judge_monotonic_no_backwards(struct tl_check_ctx *ctx,
				   const struct clock_monotonic_seen *seen);

/* resolution: clock_getres, and whether high-resolution timers are on. */
enum clock_hres {
	CLOCK_HRES_UNKNOWN,
	CLOCK_HRES_OFF,
	CLOCK_HRES_ON,
};

struct clock_resolution_seen {
	enum clock_hres hres;
	/* unknown: errno of /proc/timer_list; off: the CPUs with hres_active 0 */
	int timer_list_err;
	int cpus_off, cpus;
	size_t count;
	struct {
		clockid_t clock;
		int err; /* clock_getres */
		int64_t resolution_ns;
	} clocks[CLOCK_CHECK_CLOCKS];
};

/* The catalogue's bound with high-resolution timers on. */
#define CLOCK_HRES_BOUND_NS 1000

enum tl_verdict clock_judge_resolution(struct tl_check_ctx *ctx,
				       const struct clock_resolution_seen *seen);

#endif
