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
#include <stdio.h>

#include "attribution.h"
#include "env.h"
#include "hist.h"
#include "stats.h"
#include "timeline.h"

#define TL_RESULT_SCHEMA "timerlab.result/1"

struct tl_round_summary {
	uint64_t samples;
	int64_t p50_ns;
	int64_t p99_ns;
	int64_t max_ns;
	struct tl_attribution attribution; /* what else happened in that block */
	int64_t cpu_ns; /* the measuring child's user + system time */
	int64_t max_rss_kb; /* its peak resident set */
	int64_t loop_minor_faults; /* its page faults in the loop alone, -1 unknown */
	/* latency over time (lib/timeline.h): timeline_count bins of
	 * timeline_per_bin samples each, malloc'd (NULL for none) */
	uint64_t timeline_per_bin;
	struct tl_timeline_bin *timeline;
	size_t timeline_count;
};

struct tl_cell_result {
	char *key; /* path[:variant][:signal]/clock/arm@interval */
	char *path;
	char *variant; /* NULL when the path has no variants */
	char *signal; /* NULL when the path delivers no signal */
	char *clock;
	char *arm;
	bool emulated; /* its arm emulated with delays (setitimer abs and periodic) */
	int64_t interval_ns;
	int cpu; /* --smp: the CPU measured on; -1 otherwise */
	char *unsupported; /* n/a: why; nothing else is set */
	char *error; /* the measurement failed: why (samples may be partial) */

	uint64_t samples;
	uint64_t early;
	uint64_t missed;
	/* deadlines served by a wake that fell after its wake time (the kernel
	 * counted them between the wake and the read of its count) */
	uint64_t folded;
	int64_t min_ns;
	double mean_ns;
	double stddev_ns;
	int64_t p50_ns;
	int64_t p90_ns;
	int64_t p99_ns;
	int64_t p999_ns;
	int64_t max_ns;
	/* Samples above each percentile above (samples - its rank): under
	 * TL_TAIL_MIN_ABOVE the percentile rests on too few to be more than a
	 * rough figure, and outputs mark it so. */
	uint64_t p50_above;
	uint64_t p90_above;
	uint64_t p99_above;
	uint64_t p999_above;
	double interval_jitter_ns; /* stddev of latency k - latency k-1 */
	uint64_t stray; /* signals or events that served no deadline of ours */
	struct tl_attribution attribution; /* the rounds' sum */

	struct tl_round_summary *rounds;
	size_t round_count;
	struct tl_hist *hist; /* NULL for n/a cells */
};

/* The verdict of one conformance check (cases/README.md, "check"). */
enum tl_verdict {
	TL_VERDICT_PASS,
	TL_VERDICT_FAIL,
	TL_VERDICT_XFAIL, /* failed inside its declared known-failing range */
	TL_VERDICT_XPASS, /* passed inside that range: the expectation is stale */
	TL_VERDICT_SKIP,
	TL_VERDICT_ERROR, /* the check crashed or could not run its test */
	TL_VERDICT_TIMEOUT,
};
#define TL_VERDICT_COUNT 7

const char *tl_verdict_name(enum tl_verdict verdict); /* "pass", "xfail", ... */
int tl_verdict_from_name(const char *name, enum tl_verdict *verdict);

struct tl_check_result {
	char *name; /* "timerfd.abs-past" */
	enum tl_verdict verdict;
	char *reason; /* why (may be NULL for a plain pass) */
	int64_t duration_ns;
};

/* The options a run was asked for (what it obtained is in env.realtime). */
struct tl_result_options {
	int64_t interval_ns;
	uint64_t samples;
	uint64_t warmup;
	uint64_t rounds;
	char suite[64]; /* the suite asked for, "" for none */
	char policy[16];
	int priority;
	int cpu; /* -1: the default (last) CPU */
	bool mlock;
	int64_t timer_slack_ns; /* -1: left as it was */
	int32_t dma_latency_us; /* -1: not held */
	char load[256]; /* --load as given, "" for none */
};

/* A cell that tripped a gate, and the value that did it. */
struct tl_gate_failure {
	char *key;
	int64_t value_ns; /* max_ns, p99_ns, or the early count */
};

/* One gate as judged (see gate.h). */
struct tl_gate_result {
	char rule[16]; /* fail_on_early, max_latency, max_p99 */
	char pattern[128]; /* "" for every cell */
	int64_t limit_ns;
	bool passed;
	struct tl_gate_failure *failures;
	size_t failure_count;
};

struct tl_result {
	char tool_version[32];
	char started[40]; /* RFC 3339, UTC */
	char finished[40];
	char **argv; /* the command line, NULL-terminated (may be NULL) */
	struct tl_env env;
	struct tl_result_options options;
	struct tl_cell_result *cells;
	size_t cell_count;
	struct tl_check_result *checks;
	size_t check_count;
	struct tl_gate_result *gates;
	size_t gate_count;
	bool interrupted;
};

void tl_result_init(struct tl_result *result);
void tl_result_free(struct tl_result *result);

/* Copy argv (NULL-terminated) into the result; -ENOMEM. */
int tl_result_set_argv(struct tl_result *result, char *const *argv);

/* The current time as RFC 3339 UTC ("2026-11-25T12:07:09Z") into buf. */
void tl_result_timestamp(char *buf, size_t size);

/* A new cell at the end, zeroed (min/max/percentiles 0); -ENOMEM. */
int tl_result_add_cell(struct tl_result *result, struct tl_cell_result **cell);

/* A new check at the end, zeroed; -ENOMEM. The caller fills in name and
 * reason with malloc'd strings that tl_result_free frees. */
int tl_result_add_check(struct tl_result *result, struct tl_check_result **check);

/* Remove cell index (one that was planned but never measured). */
void tl_result_remove_cell(struct tl_result *result, size_t index);

/* Derive a cell's summary (samples ... interval jitter) from merged
 * statistics and histogram; the histogram is copied. -ENOMEM. */
int tl_cell_result_summarise(struct tl_cell_result *cell, const struct tl_stats *stats,
			     const struct tl_hist *hist);

/* Fewer samples than this above a percentile make it a rough figure: p99.9
 * of 2000 samples rests on the 2 above it. */
#define TL_TAIL_MIN_ABOVE 10

/* Set the cell's *_above counts from its samples (the loader calls it too,
 * for results written before they existed). */
void tl_cell_result_count_tails(struct tl_cell_result *cell);

/* max - min of the rounds' p50 (the table's p50-rng): two cells whose p50
 * differ by less do not differ beyond the noise; -1 with fewer than two
 * rounds. */
int64_t tl_cell_result_p50_range(const struct tl_cell_result *cell);

/* What each round keeps of itself. */
enum tl_round_figure {
	TL_ROUND_P50,
	TL_ROUND_P99,
	TL_ROUND_MAX,
};
#define TL_ROUND_FIGURE_COUNT (TL_ROUND_MAX + 1)

const char *tl_round_figure_name(enum tl_round_figure figure); /* "p50", "p99", "max" */

/* That figure of the cell, from all its samples. */
int64_t tl_cell_result_figure(const struct tl_cell_result *cell,
			      enum tl_round_figure figure);

/* The lowest and highest of a figure over the rounds that have samples;
 * false (and nothing to go by) with fewer than two such rounds. The cell's
 * own figure, from all its samples, lies between the two. */
bool tl_cell_result_round_span(const struct tl_cell_result *cell,
			       enum tl_round_figure figure, int64_t *low, int64_t *high);

/* Append one round's summary to a cell (and its attribution to the cell's
 * sum): what the block said of itself (attribution, cpu_ns, max_rss_kb,
 * loop_minor_faults), with samples, p50, p99 and max from its histogram.
 * -ENOMEM. */
int tl_cell_result_add_round(struct tl_cell_result *cell, const struct tl_hist *hist,
			     const struct tl_round_summary *block);

/* JSON (schema TL_RESULT_SCHEMA, see README): write to a stream, 0 or -errno. */
int tl_result_save(const struct tl_result *result, FILE *out);

/*
 * Load a result that this or an earlier timerlab wrote. On error, -EINVAL
 * (or -errno for I/O) with why set to "<path>: <field>: <problem>", e.g.
 * "r.json: cells[2].samples: must be a non-negative integer". Unknown fields
 * are ignored (changes are additive); another schema number is refused.
 */
int tl_result_load(const char *path, struct tl_result *result, char *why,
		   size_t why_size);

/* The same from text already read (size bytes, no NUL needed): what
 * tl_result_load does once it has the file's bytes, with path naming them
 * in why. */
int tl_result_load_text(const char *path, const char *text, size_t size,
			struct tl_result *result, char *why, size_t why_size);

#endif
