/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The result model: one run's self-describing record. Writers (report-*)
 * render it; `compare` and `report` read it back from JSON. It holds names
 * as strings, not pointers into the registry, so that a result written by
 * another version (with paths this one does not know) still loads.
 */
#ifndef TL_RESULT_H
#define TL_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "stats.h"

struct tl_round_summary {
	uint64_t samples;
	int64_t p50_ns;
	int64_t p99_ns;
	int64_t max_ns;
};

struct tl_cell_result {
	char *key;      /* path[:variant][:signal]/clock/arm@interval */
	char *path;
	char *variant;  /* NULL when the path has no variants */
	char *signal;   /* NULL when the path delivers no signal */
	char *clock;
	char *arm;
	bool emulated;  /* abs emulated with delays (setitimer) */
	int64_t interval_ns;
	char *unsupported; /* n/a: why; nothing else is set */
	char *error;       /* the measurement failed: why (samples may be partial) */

	uint64_t samples;
	uint64_t early;
	uint64_t missed;
	int64_t min_ns;
	double mean_ns;
	double stddev_ns;
	int64_t p50_ns;
	int64_t p90_ns;
	int64_t p99_ns;
	int64_t p999_ns;
	int64_t max_ns;
	double interval_jitter_ns; /* stddev of wake spacing - interval */

	struct tl_round_summary *rounds;
	size_t round_count;
	struct tl_hist *hist; /* NULL for n/a cells */
};

struct tl_result {
	struct tl_cell_result *cells;
	size_t cell_count;
	bool interrupted;
};

void tl_result_init(struct tl_result *result);
void tl_result_free(struct tl_result *result);

/* A new cell at the end, zeroed (min/max/percentiles 0); -ENOMEM. */
int tl_result_add_cell(struct tl_result *result, struct tl_cell_result **cell);

/* Remove the last cell (one that was started but not measured). */
void tl_result_drop_last_cell(struct tl_result *result);

/* Derive a cell's summary (samples ... interval jitter) from merged
 * statistics and histogram; the histogram is copied. -ENOMEM. */
int tl_cell_result_summarise(struct tl_cell_result *cell, const struct tl_stats *stats,
			     const struct tl_hist *hist);

/* Append one round's summary to a cell. -ENOMEM. */
int tl_cell_result_add_round(struct tl_cell_result *cell, const struct tl_hist *hist);

#endif
