/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The options of `timerlab run`, parsed and validated. */
#ifndef TL_OPTIONS_H
#define TL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>

#include "../lib/rt.h"
#include "cell.h"

#define TL_MAX_SPECS 64
#define TL_MAX_CLOCKS 4

#define TL_DEFAULT_INTERVAL_NS (1000 * 1000)
#define TL_DEFAULT_SAMPLES 2000
#define TL_DEFAULT_WARMUP 10
#define TL_DEFAULT_PRIORITY 80

struct tl_run_options {
	struct tl_cell_spec specs[TL_MAX_SPECS]; /* none: every path */
	size_t spec_count;
	clockid_t clocks[TL_MAX_CLOCKS]; /* none: monotonic, realtime */
	size_t clock_count;
	bool arms[TL_ARM_COUNT]; /* all true unless --arm chose */
	int64_t interval_ns;
	uint64_t samples;
	int64_t duration_ns; /* --duration: samples = duration / interval */
	uint64_t warmup;
	/* Asked for on the command line (--samples or --duration; --warmup),
	 * rather than the defaults: a path named in --path whose interval the
	 * plan coarsens (alarm) then keeps them. */
	bool samples_given;
	bool warmup_given;
	struct tl_rt_request rt;
	bool quiet;
};

void tl_run_options_defaults(struct tl_run_options *options);

/*
 * Parse the arguments after "run". Returns 0, 1 when --help was printed, or
 * -EINVAL with the one-line reason (no "timerlab: " prefix) in why.
 */
int tl_run_options_parse(int argc, char **argv, struct tl_run_options *options,
			 char *why, size_t why_size);

void tl_run_usage(FILE *out);

#endif
