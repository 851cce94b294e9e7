/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The result's JSON form (schema timerlab.result/1). Changes are additive:
 * readers ignore fields they do not know, a field never changes meaning,
 * and only a breaking change bumps the number.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "result-fields.h"

/* json_object_set_new that remembers the first failure. */
static void result_set(json_t *object, const char *key, json_t *value, int *err)
{
	if (!value || json_object_set_new(object, key, value) < 0)
		*err = -ENOMEM;
}

static void result_append(json_t *array, json_t *value, int *err)
{
	if (!value || json_array_append_new(array, value) < 0)
		*err = -ENOMEM;
}

static json_t *result_fields(const void *base, const struct tl_json_field *fields,
			     size_t count, int *err)
{
	json_t *object = json_object();

	if (!object || tl_json_write_fields(object, base, fields, count) < 0)
		*err = -ENOMEM;
	return object;
}

static json_t *result_env_json(const struct tl_env *env, int *err)
{
	json_t *object =
		result_fields(env, tl_result_env_fields, tl_result_env_fields_count, err);
	json_t *clocks = json_array();

	for (int i = 0; i < TL_ENV_CLOCKS && clocks; i++)
		result_append(clocks,
			      result_fields(&env->clocks[i], tl_result_clock_fields,
					    tl_result_clock_fields_count, err),
			      err);
	result_set(object, "clocks", clocks, err);
	if (env->realtime.known)
		result_set(object, "realtime",
			   result_fields(&env->realtime, tl_result_realtime_fields,
					 tl_result_realtime_fields_count, err),
			   err);
	return object;
}

static json_t *result_histogram_json(const struct tl_hist *hist, int *err)
{
	json_t *rows = json_array();
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;

	tl_hist_iter_init(&iter, hist);
	while (rows && tl_hist_iter_next(&iter, &bucket))
		result_append(rows,
			      json_pack("[III]", (json_int_t)bucket.low_ns,
					(json_int_t)bucket.high_ns,
					(json_int_t)bucket.count),
			      err);
	return rows;
}

/* [[end_ns, min_ns, max_ns], ...]: a bin that saw no sample is not one. */
static json_t *result_timeline_json(const struct tl_round_summary *round, int *err)
{
	json_t *bins = json_array();

	for (size_t i = 0; bins && i < round->timeline_count; i++) {
		const struct tl_timeline_bin *bin = &round->timeline[i];

		if (bin->min_ns <= bin->max_ns)
			result_append(bins,
				      json_pack("[III]", (json_int_t)bin->end_ns,
						(json_int_t)bin->min_ns,
						(json_int_t)bin->max_ns),
				      err);
	}
	return bins;
}

static json_t *result_cell_json(const struct tl_cell_result *cell, int *err)
{
	json_t *object = result_fields(cell, tl_result_cell_fields,
				       tl_result_cell_fields_count, err);
	json_t *rounds;

	if (cell->unsupported || !object)
		return object;
	if (tl_json_write_fields(object, cell, tl_result_measured_fields,
				 tl_result_measured_fields_count) < 0)
		*err = -ENOMEM;
	result_set(object, "attribution",
		   result_fields(&cell->attribution, tl_result_attribution_fields,
				 tl_result_attribution_fields_count, err),
		   err);
	rounds = json_array();
	for (size_t i = 0; i < cell->round_count && rounds; i++) {
		json_t *round = result_fields(&cell->rounds[i], tl_result_round_fields,
					      tl_result_round_fields_count, err);

		result_set(round, "attribution",
			   result_fields(&cell->rounds[i].attribution,
					 tl_result_attribution_fields,
					 tl_result_attribution_fields_count, err),
			   err);
		if (cell->rounds[i].timeline)
			result_set(round, "timeline",
				   result_timeline_json(&cell->rounds[i], err), err);
		result_append(rounds, round, err);
	}
	result_set(object, "rounds", rounds, err);
	if (cell->hist)
		result_set(object, "histogram", result_histogram_json(cell->hist, err),
			   err);
	if (cell->spike_count)
		result_set(object, "spikes", tl_result_spikes_json(cell, err), err);
	return object;
}

static json_t *result_check_json(const struct tl_check_result *check, int *err)
{
	json_t *object = result_fields(check, tl_result_check_fields,
				       tl_result_check_fields_count, err);

	result_set(object, "verdict", json_string(tl_verdict_name(check->verdict)), err);
	return object;
}

static json_t *result_gate_json(const struct tl_gate_result *gate, int *err)
{
	json_t *object = result_fields(gate, tl_result_gate_fields,
				       tl_result_gate_fields_count, err);
	json_t *failures = json_array();

	for (size_t i = 0; failures && i < gate->failure_count; i++)
		result_append(failures,
			      result_fields(&gate->failures[i], tl_result_failure_fields,
					    tl_result_failure_fields_count, err),
			      err);
	result_set(object, "failures", failures, err);
	return object;
}

static json_t *result_json(const struct tl_result *result, int *err)
{
	json_t *root = json_object(), *argv = json_array(), *cells = json_array(),
	       *checks = json_array();

	if (!root)
		return NULL;
	result_set(root, "schema", json_string(TL_RESULT_SCHEMA), err);
	result_set(
		root, "tool",
		json_pack("{ssss}", "name", "timerlab", "version", result->tool_version),
		err);
	result_set(root, "started", json_string(result->started), err);
	result_set(root, "finished", json_string(result->finished), err);
	result_set(root, "interrupted", json_boolean(result->interrupted), err);
	if (result->checkpoint) /* additive: only a checkpoint carries it */
		result_set(root, "checkpoint", json_true(), err);
	for (size_t i = 0; argv && result->argv && result->argv[i]; i++)
		result_append(argv, json_string(result->argv[i]), err);
	result_set(root, "argv", argv, err);
	result_set(root, "env", result_env_json(&result->env, err), err);
	result_set(root, "options",
		   result_fields(&result->options, tl_result_option_fields,
				 tl_result_option_fields_count, err),
		   err);
	for (size_t i = 0; cells && i < result->cell_count; i++)
		result_append(cells, result_cell_json(&result->cells[i], err), err);
	result_set(root, "cells", cells, err);
	for (size_t i = 0; checks && i < result->check_count; i++)
		result_append(checks, result_check_json(&result->checks[i], err), err);
	result_set(root, "checks", checks, err);
	if (result->gate_count) {
		json_t *gates = json_array();

		for (size_t i = 0; gates && i < result->gate_count; i++)
			result_append(gates, result_gate_json(&result->gates[i], err),
				      err);
		result_set(root, "gates", gates, err);
	}
	return root;
}

int tl_result_save(const struct tl_result *result, FILE *out)
{
	int err = 0;
	json_t *root = result_json(result, &err);

	if (!root)
		return -ENOMEM;
	if (!err && json_dumpf(root, out,
			       JSON_INDENT(1) | JSON_COMPACT | JSON_PRESERVE_ORDER |
				       JSON_REAL_PRECISION(17)) < 0)
		err = -EIO;
	if (!err && (fputc('\n', out) == EOF || fflush(out) == EOF))
		err = -EIO;
	json_decref(root);
	return err;
}
