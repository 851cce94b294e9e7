/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Results compared: the cells of every input matched by key (and the checks
 * by name), each metric of each later input set against the first (BASE),
 * in ns or counts and in percent, and judged.
 *
 * How a change is judged. The replicates are the rounds: a result keeps each
 * round's p50, p99 and max, and those of BASE and of NEW go through the
 * exact two-sided Mann-Whitney U test; missed and early go through an exact
 * test of two counts over the deadlines each side served. Each metric's
 * p-values, one per cell, are adjusted together by Benjamini-Hochberg, and
 * a change is significant when its adjusted p is below TL_COMPARE_ALPHA.
 * The size of a change comes from the pooled histograms (the cell's p99 is
 * that of every sample of every round). p99.9 and stddev are shown, not
 * tested: the rounds do not carry them.
 */
#ifndef TL_COMPARE_H
#define TL_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "like-for-like.h"
#include "result.h"

#define TL_COMPARE_ALPHA 0.05
/* With fewer rounds on a side no p below 0.1 exists (3 and 3), so no test. */
#define TL_COMPARE_MIN_ROUNDS 4

enum tl_metric {
	TL_METRIC_P50,
	TL_METRIC_P99,
	TL_METRIC_P999,
	TL_METRIC_MAX,
	TL_METRIC_STDDEV,
	TL_METRIC_MISSED,
	TL_METRIC_EARLY,
};
#define TL_METRIC_COUNT (TL_METRIC_EARLY + 1)

/* "p50", "p99", "p99.9", "max", "stddev", "missed", "early"; and back. */
const char *tl_metric_name(enum tl_metric metric);
int tl_metric_from_name(const char *name, enum tl_metric *metric);
bool tl_metric_is_count(enum tl_metric metric); /* missed, early */
bool tl_metric_is_tested(enum tl_metric metric); /* all but p99.9 and stddev */

/* Where an input came from. */
enum tl_input_kind {
	TL_INPUT_TIMERLAB, /* a timerlab result */
	TL_INPUT_CYCLICTEST_JSON, /* cyclictest --json */
	TL_INPUT_CYCLICTEST_HISTOGRAM, /* cyclictest -h text */
};

const char *tl_input_kind_name(enum tl_input_kind kind); /* "timerlab", ... */

struct tl_compare_input {
	char *path; /* as given */
	char label[96]; /* the column it heads */
	enum tl_input_kind kind;
	struct tl_result result;
	struct tl_conditions conditions;
	bool counts_known; /* missed and early were counted (cyclictest counts neither) */
	char note[1024]; /* what a reader must know about it, "" for nothing */
};

/* How one result differs from BASE in one metric of one cell. */
struct tl_change {
	bool known; /* both sides measured it */
	double value, base; /* ns, or a count */
	double delta; /* value - base */
	bool has_percent; /* false when base is 0 */
	double percent;
	bool tested; /* a test could be made (rounds enough, counts known) */
	double p, p_adjusted;
	bool significant;
};

/* One row: a key, the cell of each input that has it. */
struct tl_compare_cell {
	const char *key;
	const struct tl_cell_result **cells; /* per input; NULL where absent */
	/* per input and metric: changes[input * TL_METRIC_COUNT + metric];
	 * input 0, BASE, is all unknown */
	struct tl_change *changes;
};

struct tl_compare_check {
	const char *name;
	const struct tl_check_result **checks; /* per input; NULL where absent */
};

struct tl_gate_verdict; /* compare-gate.h */

struct tl_comparison {
	struct tl_compare_input *inputs; /* the first is BASE */
	size_t input_count;
	struct tl_compare_cell *cells; /* BASE's order, then cells new in later inputs */
	size_t cell_count;
	struct tl_compare_check *checks;
	size_t check_count;
	bool differs[TL_CONDITION_COUNT]; /* not like for like in that field */
	struct tl_gate_verdict *gates; /* set by tl_compare_gates_judge */
	size_t gate_count;
};

/* The change of input in metric of a row. */
static inline const struct tl_change *
tl_compare_change(const struct tl_compare_cell *cell, size_t input, enum tl_metric metric)
{
	return &cell->changes[input * TL_METRIC_COUNT + metric];
}

/* A measured cell's value of metric (ns or a count); false for n/a, failed
 * or empty cells, and for counts an input did not count. */
bool tl_metric_value(const struct tl_compare_input *input,
		     const struct tl_cell_result *cell, enum tl_metric metric,
		     double *value);

/*
 * Match, measure and judge the inputs (which the comparison borrows: free
 * them after it). -EINVAL with why set when a later input has no cell and no
 * check in common with BASE; -ENOMEM.
 */
int tl_comparison_build(struct tl_comparison *comparison, struct tl_compare_input *inputs,
			size_t count, char *why, size_t why_size);
void tl_comparison_free(struct tl_comparison *comparison);

/*
 * Each input's label: from labels ("a,b,c", one per input) when given, or
 * the kernel release; where two would be the same, the file names, then the
 * paths, then the paths numbered. -EINVAL with why set when labels has
 * another count than the inputs, an empty or a repeated label.
 */
int tl_compare_label(struct tl_compare_input *inputs, size_t count, const char *labels,
		     char *why, size_t why_size);

#endif
