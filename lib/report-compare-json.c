/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The comparison as JSON (schema timerlab.comparison/1, README "timerlab
 * compare"): the inputs, the fields that differ, each cell's values per
 * input and changes against BASE with their tests, the check matrix, and
 * each gate with its verdict and the cells that tripped it. No NaN or
 * infinity: what is unknown is null.
 */
#include <errno.h>
#include <jansson.h>

#include "report-compare.h"

#ifndef TL_VERSION
#define TL_VERSION "0.0.0"
#endif

/* Every object is built through these; one failure (out of memory) is
 * remembered and the document refused. */
struct json_builder {
	bool failed;
};

static void json_put(struct json_builder *builder, json_t *object, const char *key,
		     json_t *value)
{
	if (!value || json_object_set_new(object, key, value) < 0)
		builder->failed = true;
}

static void json_push(struct json_builder *builder, json_t *array, json_t *value)
{
	if (!value || json_array_append_new(array, value) < 0)
		builder->failed = true;
}

static json_t *json_inputs(struct json_builder *builder,
			   const struct tl_comparison *comparison)
{
	json_t *inputs = json_array();

	for (size_t i = 0; inputs && i < comparison->input_count; i++) {
		const struct tl_compare_input *input = &comparison->inputs[i];
		json_t *object = json_object();

		json_put(builder, object, "label", json_string(input->label));
		json_put(builder, object, "file", json_string(input->path));
		json_put(builder, object, "kind",
			 json_string(tl_input_kind_name(input->kind)));
		json_put(builder, object, "started", json_string(input->result.started));
		json_put(builder, object, "note", json_string(input->note));
		json_push(builder, inputs, object);
	}
	return inputs;
}

static json_t *json_differences(struct json_builder *builder,
				const struct tl_comparison *comparison)
{
	json_t *differences = json_array();

	for (unsigned c = 0; differences && c < TL_CONDITION_COUNT; c++) {
		json_t *object, *values;

		if (!comparison->differs[c])
			continue;
		object = json_object();
		values = json_array();
		for (size_t i = 0; values && i < comparison->input_count; i++) {
			const char *value = comparison->inputs[i].conditions.value[c];

			json_push(builder, values,
				  value[0] ? json_string(value) : json_null());
		}
		json_put(builder, object, "field",
			 json_string(tl_condition_name((enum tl_condition)c)));
		json_put(builder, object, "values", values);
		json_push(builder, differences, object);
	}
	return differences;
}

static json_t *json_values(struct json_builder *builder,
			   const struct tl_compare_input *input,
			   const struct tl_cell_result *cell)
{
	json_t *object;

	if (!cell)
		return json_null();
	object = json_object();
	if (cell->unsupported) {
		json_put(builder, object, "unsupported", json_string(cell->unsupported));
		return object;
	}
	if (cell->error)
		json_put(builder, object, "error", json_string(cell->error));
	json_put(builder, object, "samples", json_integer((json_int_t)cell->samples));
	json_put(builder, object, "rounds", json_integer((json_int_t)cell->round_count));
	for (unsigned m = 0; m < TL_METRIC_COUNT; m++) {
		double value;
		bool known = tl_metric_value(input, cell, (enum tl_metric)m, &value);

		json_put(builder, object, tl_metric_name((enum tl_metric)m),
			 known ? json_real(value) : json_null());
	}
	return object;
}

static json_t *json_change(struct json_builder *builder, enum tl_metric metric,
			   const struct tl_change *change)
{
	json_t *object;

	if (!change->known)
		return json_null();
	object = json_object();
	json_put(builder, object, "delta", json_real(change->delta));
	json_put(builder, object, "percent",
		 change->has_percent ? json_real(change->percent) : json_null());
	json_put(builder, object, "tested",
		 json_boolean(change->tested && tl_metric_is_tested(metric)));
	if (change->tested) {
		json_put(builder, object, "p", json_real(change->p));
		json_put(builder, object, "p_adjusted", json_real(change->p_adjusted));
		json_put(builder, object, "significant",
			 json_boolean(change->significant));
	}
	return object;
}

static json_t *json_cells(struct json_builder *builder,
			  const struct tl_comparison *comparison)
{
	json_t *cells = json_array();

	for (size_t c = 0; cells && c < comparison->cell_count; c++) {
		const struct tl_compare_cell *cell = &comparison->cells[c];
		json_t *object = json_object(), *values = json_array(),
		       *changes = json_array();

		for (size_t i = 0; values && changes && i < comparison->input_count;
		     i++) {
			json_t *change = i ? json_object() : json_null();

			json_push(builder, values,
				  json_values(builder, &comparison->inputs[i],
					      cell->cells[i]));
			for (unsigned m = 0; i && change && m < TL_METRIC_COUNT; m++)
				json_put(builder, change,
					 tl_metric_name((enum tl_metric)m),
					 json_change(builder, (enum tl_metric)m,
						     tl_compare_change(cell, i, m)));
			json_push(builder, changes, change);
		}
		json_put(builder, object, "key", json_string(cell->key));
		json_put(builder, object, "results", values);
		json_put(builder, object, "changes", changes);
		json_push(builder, cells, object);
	}
	return cells;
}

static json_t *json_checks(struct json_builder *builder,
			   const struct tl_comparison *comparison)
{
	json_t *checks = json_array();

	for (size_t c = 0; checks && c < comparison->check_count; c++) {
		const struct tl_compare_check *check = &comparison->checks[c];
		json_t *object = json_object(), *verdicts = json_array();

		for (size_t i = 0; verdicts && i < comparison->input_count; i++)
			json_push(builder, verdicts,
				  check->checks[i] ? json_string(tl_verdict_name(
							     check->checks[i]->verdict))
						   : json_null());
		json_put(builder, object, "name", json_string(check->name));
		json_put(builder, object, "verdicts", verdicts);
		json_push(builder, checks, object);
	}
	return checks;
}

static json_t *json_trips(struct json_builder *builder,
			  const struct tl_comparison *comparison,
			  const struct tl_gate_verdict *verdict)
{
	json_t *trips = json_array();

	for (size_t t = 0; trips && t < verdict->trip_count; t++) {
		const struct tl_gate_trip *trip = &verdict->trips[t];
		json_t *object = json_object();

		json_put(builder, object, "key",
			 json_string(comparison->cells[trip->cell].key));
		json_put(builder, object, "result",
			 json_string(comparison->inputs[trip->input].label));
		json_put(builder, object, "value", json_real(trip->change.value));
		if (verdict->gate.relative) {
			json_put(builder, object, "base", json_real(trip->change.base));
			json_put(builder, object, "change",
				 json_change(builder, verdict->gate.metric,
					     &trip->change));
		}
		json_push(builder, trips, object);
	}
	return trips;
}

static json_t *json_gates(struct json_builder *builder,
			  const struct tl_comparison *comparison)
{
	json_t *gates = json_array();

	for (size_t g = 0; gates && g < comparison->gate_count; g++) {
		const struct tl_gate_verdict *verdict = &comparison->gates[g];
		json_t *object = json_object();

		json_put(builder, object, "gate", json_string(verdict->gate.text));
		json_put(builder, object, "pattern", json_string(verdict->gate.pattern));
		json_put(builder, object, "metric",
			 json_string(tl_metric_name(verdict->gate.metric)));
		json_put(builder, object, "relative",
			 json_boolean(verdict->gate.relative));
		json_put(builder, object, "percent", json_boolean(verdict->gate.percent));
		json_put(builder, object, "limit", json_real(verdict->gate.limit));
		json_put(builder, object, "passed", json_boolean(verdict->passed));
		json_put(builder, object, "judged",
			 json_integer((json_int_t)verdict->judged));
		json_put(builder, object, "untested",
			 json_integer((json_int_t)verdict->untested));
		json_put(builder, object, "under_tcg",
			 json_integer((json_int_t)verdict->under_tcg));
		json_put(builder, object, "trips",
			 json_trips(builder, comparison, verdict));
		json_push(builder, gates, object);
	}
	return gates;
}

int tl_report_compare_json(FILE *out, const struct tl_comparison *comparison,
			   const struct tl_format_options *options)
{
	struct json_builder builder = { false };
	json_t *root = json_object(), *tool = json_object();
	bool like = true, passed = true;
	int err;

	(void)options;
	for (unsigned c = 0; c < TL_CONDITION_COUNT; c++)
		like &= !comparison->differs[c];
	for (size_t g = 0; g < comparison->gate_count; g++)
		passed &= comparison->gates[g].passed;
	json_put(&builder, tool, "name", json_string("timerlab"));
	json_put(&builder, tool, "version", json_string(TL_VERSION));
	json_put(&builder, root, "schema", json_string(TL_COMPARISON_SCHEMA));
	json_put(&builder, root, "tool", tool);
	json_put(&builder, root, "alpha", json_real(TL_COMPARE_ALPHA));
	json_put(&builder, root, "min_rounds", json_integer(TL_COMPARE_MIN_ROUNDS));
	json_put(&builder, root, "inputs", json_inputs(&builder, comparison));
	json_put(&builder, root, "like_for_like", json_boolean(like));
	json_put(&builder, root, "differences", json_differences(&builder, comparison));
	json_put(&builder, root, "cells", json_cells(&builder, comparison));
	json_put(&builder, root, "checks", json_checks(&builder, comparison));
	json_put(&builder, root, "gates", json_gates(&builder, comparison));
	json_put(&builder, root, "passed", json_boolean(passed));
	err = builder.failed || !root ? -ENOMEM : 0;
	if (!err &&
	    (json_dumpf(root, out, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) < 0 ||
	     fputc('\n', out) == EOF || fflush(out) == EOF))
		err = -EIO;
	json_decref(root);
	return err;
}
