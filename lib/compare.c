/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "compare.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare-gate.h"
#include "significance.h"

static const char *const metric_names[TL_METRIC_COUNT] = {
	[TL_METRIC_P50] = "p50",       [TL_METRIC_P99] = "p99",
	[TL_METRIC_P999] = "p99.9",    [TL_METRIC_MAX] = "max",
	[TL_METRIC_STDDEV] = "stddev", [TL_METRIC_MISSED] = "missed",
	[TL_METRIC_EARLY] = "early",
};

const char *tl_metric_name(enum tl_metric metric)
{
	return (unsigned)metric < TL_METRIC_COUNT ? metric_names[metric] : "?";
}

int tl_metric_from_name(const char *name, enum tl_metric *metric)
{
	for (unsigned i = 0; i < TL_METRIC_COUNT; i++) {
		if (strcmp(metric_names[i], name) == 0) {
			*metric = (enum tl_metric)i;
			return 0;
		}
	}
	return -EINVAL;
}

bool tl_metric_is_count(enum tl_metric metric)
{
	return metric == TL_METRIC_MISSED || metric == TL_METRIC_EARLY;
}

bool tl_metric_is_tested(enum tl_metric metric)
{
	return metric != TL_METRIC_P999 && metric != TL_METRIC_STDDEV;
}

const char *tl_input_kind_name(enum tl_input_kind kind)
{
	switch (kind) {
	case TL_INPUT_TIMERLAB:
		return "timerlab";
	case TL_INPUT_CYCLICTEST_JSON:
		return "cyclictest-json";
	case TL_INPUT_CYCLICTEST_HISTOGRAM:
		return "cyclictest-histogram";
	}
	return "?";
}

bool tl_metric_value(const struct tl_compare_input *input,
		     const struct tl_cell_result *cell, enum tl_metric metric,
		     double *value)
{
	if (!cell || cell->unsupported || cell->samples == 0)
		return false;
	if (tl_metric_is_count(metric) && !input->counts_known)
		return false;
	switch (metric) {
	case TL_METRIC_P50:
		*value = (double)cell->p50_ns;
		break;
	case TL_METRIC_P99:
		*value = (double)cell->p99_ns;
		break;
	case TL_METRIC_P999:
		*value = (double)cell->p999_ns;
		break;
	case TL_METRIC_MAX:
		*value = (double)cell->max_ns;
		break;
	case TL_METRIC_STDDEV:
		*value = cell->stddev_ns;
		break;
	case TL_METRIC_MISSED:
		*value = (double)cell->missed;
		break;
	case TL_METRIC_EARLY:
		*value = (double)cell->early;
		break;
	}
	return true;
}

/* The rounds' values of a latency metric (p50, p99, max); how many. */
static size_t compare_round_values(const struct tl_cell_result *cell,
				   enum tl_metric metric, double *values)
{
	size_t count = 0;

	for (size_t r = 0; r < cell->round_count; r++) {
		const struct tl_round_summary *round = &cell->rounds[r];

		if (!round->samples)
			continue;
		values[count++] = (double)(metric == TL_METRIC_P50   ? round->p50_ns
					   : metric == TL_METRIC_P99 ? round->p99_ns
								     : round->max_ns);
	}
	return count;
}

/* The deadlines a cell served: what its missed and early counts are out of. */
static double compare_exposure(const struct tl_cell_result *cell)
{
	return (double)(cell->samples + cell->missed + cell->folded);
}

/* The raw p of one change, or false when no test can be made. */
static int compare_test(const struct tl_cell_result *base,
			const struct tl_cell_result *cell, enum tl_metric metric,
			bool *tested, double *p)
{
	double *values;
	size_t base_count, count;
	struct tl_mann_whitney test;
	int err;

	*tested = false;
	if (tl_metric_is_count(metric)) {
		*tested = true;
		*p = metric == TL_METRIC_MISSED
			     ? tl_poisson_compare(base->missed, compare_exposure(base),
						  cell->missed, compare_exposure(cell))
			     : tl_poisson_compare(base->early, compare_exposure(base),
						  cell->early, compare_exposure(cell));
		return 0;
	}
	values = malloc((base->round_count + cell->round_count + 1) * sizeof(*values));
	if (!values)
		return -ENOMEM;
	base_count = compare_round_values(base, metric, values);
	count = compare_round_values(cell, metric, values + base_count);
	err = 0;
	if (base_count >= TL_COMPARE_MIN_ROUNDS && count >= TL_COMPARE_MIN_ROUNDS) {
		err = tl_mann_whitney(values, base_count, values + base_count, count,
				      &test);
		*tested = !err;
		*p = test.p;
	}
	free(values);
	return err;
}

static int compare_measure(struct tl_comparison *comparison, struct tl_compare_cell *row,
			   size_t input, enum tl_metric metric)
{
	const struct tl_compare_input *base_input = &comparison->inputs[0];
	const struct tl_compare_input *new_input = &comparison->inputs[input];
	struct tl_change *change = &row->changes[input * TL_METRIC_COUNT + metric];
	double base, value;

	if (!tl_metric_value(base_input, row->cells[0], metric, &base) ||
	    !tl_metric_value(new_input, row->cells[input], metric, &value))
		return 0;
	change->known = true;
	change->base = base;
	change->value = value;
	change->delta = value - base;
	change->has_percent = base != 0;
	change->percent = base != 0 ? 100.0 * (value - base) / base : 0;
	change->p = change->p_adjusted = 1;
	if (!tl_metric_is_tested(metric))
		return 0;
	return compare_test(row->cells[0], row->cells[input], metric, &change->tested,
			    &change->p);
}

/* Benjamini-Hochberg over the cells tested in one metric of one input. */
static int compare_adjust(struct tl_comparison *comparison, size_t input,
			  enum tl_metric metric)
{
	double *p = malloc((comparison->cell_count + 1) * sizeof(*p));
	size_t count = 0;
	int err;

	if (!p)
		return -ENOMEM;
	for (size_t c = 0; c < comparison->cell_count; c++) {
		struct tl_change *change =
			&comparison->cells[c].changes[input * TL_METRIC_COUNT + metric];

		if (change->tested)
			p[count++] = change->p;
	}
	err = tl_benjamini_hochberg(p, count, p);
	count = 0;
	for (size_t c = 0; !err && c < comparison->cell_count; c++) {
		struct tl_change *change =
			&comparison->cells[c].changes[input * TL_METRIC_COUNT + metric];

		if (!change->tested)
			continue;
		change->p_adjusted = p[count++];
		change->significant = change->p_adjusted < TL_COMPARE_ALPHA;
	}
	free(p);
	return err;
}

static const void *compare_find_cell(const struct tl_result *result, const char *key)
{
	for (size_t i = 0; i < result->cell_count; i++)
		if (strcmp(result->cells[i].key, key) == 0)
			return &result->cells[i];
	return NULL;
}

static const void *compare_find_check(const struct tl_result *result, const char *name)
{
	for (size_t i = 0; i < result->check_count; i++)
		if (strcmp(result->checks[i].name, name) == 0)
			return &result->checks[i];
	return NULL;
}

/* Whether item, called name in input i, is where name is first seen: in no
 * earlier input, and the first of its own (a repeated key is not a row). */
static bool compare_first(const struct tl_comparison *comparison, size_t i,
			  const void *item, const char *name,
			  const void *(*find)(const struct tl_result *, const char *))
{
	for (size_t j = 0; j < i; j++)
		if (find(&comparison->inputs[j].result, name))
			return false;
	return find(&comparison->inputs[i].result, name) == item;
}

/* A row for every key of every input, in the order first seen. */
static int compare_match_cells(struct tl_comparison *comparison)
{
	size_t inputs = comparison->input_count, capacity = 0;

	for (size_t i = 0; i < inputs; i++)
		capacity += comparison->inputs[i].result.cell_count;
	comparison->cells = calloc(capacity + 1, sizeof(*comparison->cells));
	if (!comparison->cells)
		return -ENOMEM;
	for (size_t i = 0; i < inputs; i++) {
		const struct tl_result *result = &comparison->inputs[i].result;

		for (size_t c = 0; c < result->cell_count; c++) {
			const char *key = result->cells[c].key;
			struct tl_compare_cell *row;

			if (!compare_first(comparison, i, &result->cells[c], key,
					   compare_find_cell))
				continue;
			row = &comparison->cells[comparison->cell_count++];
			row->key = key;
			row->cells = calloc(inputs, sizeof(*row->cells));
			row->changes =
				calloc(inputs * TL_METRIC_COUNT, sizeof(*row->changes));
			if (!row->cells || !row->changes)
				return -ENOMEM;
			for (size_t j = i; j < inputs; j++)
				row->cells[j] = compare_find_cell(
					&comparison->inputs[j].result, key);
		}
	}
	return 0;
}

static int compare_match_checks(struct tl_comparison *comparison)
{
	size_t inputs = comparison->input_count, capacity = 0;

	for (size_t i = 0; i < inputs; i++)
		capacity += comparison->inputs[i].result.check_count;
	comparison->checks = calloc(capacity + 1, sizeof(*comparison->checks));
	if (!comparison->checks)
		return -ENOMEM;
	for (size_t i = 0; i < inputs; i++) {
		const struct tl_result *result = &comparison->inputs[i].result;

		for (size_t c = 0; c < result->check_count; c++) {
			const char *name = result->checks[c].name;
			struct tl_compare_check *row;

			if (!compare_first(comparison, i, &result->checks[c], name,
					   compare_find_check))
				continue;
			row = &comparison->checks[comparison->check_count++];
			row->name = name;
			row->checks = calloc(inputs, sizeof(*row->checks));
			if (!row->checks)
				return -ENOMEM;
			for (size_t j = i; j < inputs; j++)
				row->checks[j] = compare_find_check(
					&comparison->inputs[j].result, name);
		}
	}
	return 0;
}

/* Every later input shares a cell or a check with BASE. */
static int compare_common(const struct tl_comparison *comparison, char *why,
			  size_t why_size)
{
	for (size_t i = 1; i < comparison->input_count; i++) {
		bool common = false;

		for (size_t c = 0; c < comparison->cell_count && !common; c++)
			common = comparison->cells[c].cells[0] &&
				 comparison->cells[c].cells[i];
		for (size_t c = 0; c < comparison->check_count && !common; c++)
			common = comparison->checks[c].checks[0] &&
				 comparison->checks[c].checks[i];
		if (!common) {
			snprintf(why, why_size,
				 "%s and %s have no cell and no check in common",
				 comparison->inputs[0].path, comparison->inputs[i].path);
			return -EINVAL;
		}
	}
	return 0;
}

static void compare_conditions(struct tl_comparison *comparison)
{
	const struct tl_conditions **sets =
		calloc(comparison->input_count, sizeof(*sets));

	if (!sets)
		return; /* out of memory: no difference is named, none is invented */
	for (size_t i = 0; i < comparison->input_count; i++)
		sets[i] = &comparison->inputs[i].conditions;
	for (unsigned c = 0; c < TL_CONDITION_COUNT; c++)
		comparison->differs[c] = tl_conditions_differ(
			(const struct tl_conditions *const *)sets,
			comparison->input_count, (enum tl_condition)c);
	free(sets);
}

int tl_comparison_build(struct tl_comparison *comparison, struct tl_compare_input *inputs,
			size_t count, char *why, size_t why_size)
{
	int err;

	memset(comparison, 0, sizeof(*comparison));
	comparison->inputs = inputs;
	comparison->input_count = count;
	err = compare_match_cells(comparison);
	if (!err)
		err = compare_match_checks(comparison);
	if (!err)
		err = compare_common(comparison, why, why_size);
	for (size_t i = 1; !err && i < count; i++)
		for (unsigned m = 0; !err && m < TL_METRIC_COUNT; m++) {
			for (size_t c = 0; !err && c < comparison->cell_count; c++)
				err = compare_measure(comparison, &comparison->cells[c],
						      i, (enum tl_metric)m);
			if (!err)
				err = compare_adjust(comparison, i, (enum tl_metric)m);
		}
	if (!err)
		compare_conditions(comparison);
	if (err == -ENOMEM)
		snprintf(why, why_size, "out of memory");
	return err;
}

void tl_comparison_free(struct tl_comparison *comparison)
{
	for (size_t c = 0; comparison->cells && c < comparison->cell_count; c++) {
		free(comparison->cells[c].cells);
		free(comparison->cells[c].changes);
	}
	free(comparison->cells);
	for (size_t c = 0; comparison->checks && c < comparison->check_count; c++)
		free(comparison->checks[c].checks);
	free(comparison->checks);
	tl_compare_gates_free(comparison);
	comparison->cells = NULL;
	comparison->checks = NULL;
}
