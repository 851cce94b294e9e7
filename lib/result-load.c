/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a result back. Every problem is refused with the file and the
 * field named; unknown fields are ignored (changes are additive); another
 * schema number is refused by name.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "input-file.h"
#include "result-fields.h"

/* Loading: every problem names the file and the field. */
struct result_loader {
	const char *path;
	char *why;
	size_t why_size;
};

__attribute__((format(printf, 2, 3))) static int result_fail(struct result_loader *loader,
							     const char *format, ...)
{
	char message[512];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	snprintf(loader->why, loader->why_size, "%s: %s", loader->path, message);
	return -EINVAL;
}

static int result_read(struct result_loader *loader, const json_t *object, void *base,
		       const struct tl_json_field *fields, size_t count,
		       const char *where)
{
	char message[512];

	if (!json_is_object(object))
		return result_fail(loader, "%s: must be an object", where);
	if (tl_json_read_fields(object, base, fields, count, where, message,
				sizeof(message)) < 0)
		return result_fail(loader, "%s", message);
	return 0;
}

static const json_t *result_array(struct result_loader *loader, const json_t *parent,
				  const char *name, const char *where, bool required,
				  int *err)
{
	const json_t *array = json_object_get(parent, name);

	if (!array && !required)
		return NULL;
	if (!json_is_array(array))
		*err = result_fail(loader, "%s%s%s: %s", where, *where ? "." : "", name,
				   array ? "must be an array" : "is missing");
	return *err ? NULL : array;
}

static int result_load_env(struct result_loader *loader, const json_t *root,
			   struct tl_env *env)
{
	const json_t *object = json_object_get(root, "env"), *clocks, *realtime;
	int err = 0;

	if (!object)
		return result_fail(loader, "env: is missing");
	err = result_read(loader, object, env, tl_result_env_fields,
			  tl_result_env_fields_count, "env");
	clocks = err ? NULL : result_array(loader, object, "clocks", "env", false, &err);
	for (size_t i = 0; clocks && !err && i < json_array_size(clocks); i++) {
		char where[32];

		if (i >= TL_ENV_CLOCKS)
			break; /* a newer writer with more clocks: keep ours */
		snprintf(where, sizeof(where), "env.clocks[%zu]", i);
		err = result_read(loader, json_array_get(clocks, i), &env->clocks[i],
				  tl_result_clock_fields, tl_result_clock_fields_count,
				  where);
	}
	realtime = json_object_get(object, "realtime");
	env->realtime.cpu = -1;
	env->realtime.timer_slack_ns = -1;
	env->realtime.dma_latency_us = -1;
	if (realtime && !err) {
		env->realtime.known = true;
		err = result_read(loader, realtime, &env->realtime,
				  tl_result_realtime_fields,
				  tl_result_realtime_fields_count, "env.realtime");
	}
	return err;
}

static int result_load_histogram(struct result_loader *loader, const json_t *rows,
				 struct tl_cell_result *cell, const char *where)
{
	uint64_t total = 0;

	cell->hist = malloc(sizeof(*cell->hist));
	if (!cell->hist)
		return -ENOMEM;
	tl_hist_init(cell->hist);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *row = json_array_get(rows, i);
		json_int_t low, high, count;
		struct tl_hist_bucket bucket;

		if (json_unpack((json_t *)row, "[III!]", &low, &high, &count) < 0 ||
		    count <= 0)
			return result_fail(
				loader,
				"%s.histogram[%zu]: must be [low_ns, high_ns, count] with count > 0",
				where, i);
		bucket = (struct tl_hist_bucket){ low, high, (uint64_t)count };
		if (tl_hist_add_bucket(cell->hist, &bucket) < 0)
			return result_fail(
				loader,
				"%s.histogram[%zu]: [%lld, %lld] is not a bucket of this histogram",
				where, i, (long long)low, (long long)high);
		total += (uint64_t)count;
	}
	if (total != cell->samples)
		return result_fail(loader,
				   "%s.histogram: counts add up to %llu, samples is %llu",
				   where, (unsigned long long)total,
				   (unsigned long long)cell->samples);
	if (cell->samples) {
		cell->hist->min_ns = cell->min_ns;
		cell->hist->max_ns = cell->max_ns;
	}
	return 0;
}

static int result_load_timeline(struct result_loader *loader, const json_t *bins,
				struct tl_round_summary *round, const char *where)
{
	round->timeline = calloc(json_array_size(bins) + 1, sizeof(*round->timeline));
	if (!round->timeline)
		return -ENOMEM;
	for (size_t i = 0; i < json_array_size(bins); i++) {
		json_int_t end, min, max;

		if (json_unpack(json_array_get(bins, i), "[III!]", &end, &min, &max) <
			    0 ||
		    min > max)
			return result_fail(
				loader,
				"%s.timeline[%zu]: must be [end_ns, min_ns, max_ns] with min <= max",
				where, i);
		round->timeline[i] = (struct tl_timeline_bin){ end, min, max };
	}
	round->timeline_count = json_array_size(bins);
	return 0;
}

static int result_load_measured(struct result_loader *loader, const json_t *object,
				struct tl_cell_result *cell, const char *where)
{
	const json_t *rounds, *histogram;
	int err;

	err = result_read(loader, object, cell, tl_result_measured_fields,
			  tl_result_measured_fields_count, where);
	tl_cell_result_count_tails(cell); /* derived: older results lack them */
	tl_attribution_unknown(&cell->attribution);
	if (!err && json_object_get(object, "attribution")) {
		char attribution_where[64];

		snprintf(attribution_where, sizeof(attribution_where), "%s.attribution",
			 where);
		err = result_read(loader, json_object_get(object, "attribution"),
				  &cell->attribution, tl_result_attribution_fields,
				  tl_result_attribution_fields_count, attribution_where);
	}
	rounds = err ? NULL : result_array(loader, object, "rounds", where, false, &err);
	if (rounds && json_array_size(rounds)) {
		cell->rounds = calloc(json_array_size(rounds), sizeof(*cell->rounds));
		if (!cell->rounds)
			return -ENOMEM;
	}
	for (size_t i = 0; rounds && !err && i < json_array_size(rounds); i++) {
		char round_where[64];

		snprintf(round_where, sizeof(round_where), "%s.rounds[%zu]", where, i);
		const json_t *round = json_array_get(rounds, i);

		tl_attribution_unknown(&cell->rounds[i].attribution);
		cell->rounds[i].cpu_ns = cell->rounds[i].max_rss_kb = -1;
		cell->rounds[i].loop_minor_faults = -1;
		err = result_read(loader, round, &cell->rounds[i], tl_result_round_fields,
				  tl_result_round_fields_count, round_where);
		const json_t *bins = json_object_get(round, "timeline");
		if (!err && bins && !json_is_array(bins))
			err = result_fail(loader, "%s.timeline: must be an array",
					  round_where);
		else if (!err && bins)
			err = result_load_timeline(loader, bins, &cell->rounds[i],
						   round_where);
		if (!err && json_object_get(round, "attribution")) {
			strncat(round_where, ".attribution",
				sizeof(round_where) - strlen(round_where) - 1);
			err = result_read(loader, json_object_get(round, "attribution"),
					  &cell->rounds[i].attribution,
					  tl_result_attribution_fields,
					  tl_result_attribution_fields_count,
					  round_where);
		}
		/* counted even when refused: what it holds is freed with it */
		cell->round_count++;
	}
	histogram =
		err ? NULL : result_array(loader, object, "histogram", where, true, &err);
	if (histogram)
		err = result_load_histogram(loader, histogram, cell, where);
	if (!err) {
		char message[512];

		err = tl_result_spikes_load(object, cell, where, message,
					    sizeof(message));
		if (err == -EINVAL)
			err = result_fail(loader, "%s", message);
	}
	return err;
}

static int result_load_cells(struct result_loader *loader, const json_t *root,
			     struct tl_result *result)
{
	int err = 0;
	const json_t *cells = result_array(loader, root, "cells", "", true, &err);

	for (size_t i = 0; cells && !err && i < json_array_size(cells); i++) {
		const json_t *object = json_array_get(cells, i);
		struct tl_cell_result *cell;
		char where[32];

		snprintf(where, sizeof(where), "cells[%zu]", i);
		err = tl_result_add_cell(result, &cell);
		if (!err)
			err = result_read(loader, object, cell, tl_result_cell_fields,
					  tl_result_cell_fields_count, where);
		if (!err && !cell->unsupported)
			err = result_load_measured(loader, object, cell, where);
	}
	return err;
}

static int result_load_checks(struct result_loader *loader, const json_t *root,
			      struct tl_result *result)
{
	int err = 0;
	const json_t *checks = result_array(loader, root, "checks", "", true, &err);

	for (size_t i = 0; checks && !err && i < json_array_size(checks); i++) {
		const json_t *object = json_array_get(checks, i), *verdict;
		struct tl_check_result *check;
		char where[32];

		snprintf(where, sizeof(where), "checks[%zu]", i);
		err = tl_result_add_check(result, &check);
		if (!err)
			err = result_read(loader, object, check, tl_result_check_fields,
					  tl_result_check_fields_count, where);
		verdict = err ? NULL : json_object_get(object, "verdict");
		if (!err && (!json_is_string(verdict) ||
			     tl_verdict_from_name(json_string_value(verdict),
						  &check->verdict) < 0))
			err = result_fail(
				loader,
				"%s.verdict: must be one of pass, fail, xfail, xpass, skip, error, timeout",
				where);
	}
	return err;
}

static int result_load_gate(struct result_loader *loader, const json_t *object,
			    struct tl_gate_result *gate, const char *where)
{
	const json_t *failures;
	int err = result_read(loader, object, gate, tl_result_gate_fields,
			      tl_result_gate_fields_count, where);

	failures =
		err ? NULL : result_array(loader, object, "failures", where, false, &err);
	if (failures && json_array_size(failures)) {
		gate->failures =
			calloc(json_array_size(failures), sizeof(*gate->failures));
		if (!gate->failures)
			return -ENOMEM;
	}
	for (size_t i = 0; failures && !err && i < json_array_size(failures); i++) {
		char failure_where[64];

		snprintf(failure_where, sizeof(failure_where), "%s.failures[%zu]", where,
			 i);
		err = result_read(loader, json_array_get(failures, i), &gate->failures[i],
				  tl_result_failure_fields,
				  tl_result_failure_fields_count, failure_where);
		gate->failure_count++; /* as a round: freed even when refused */
	}
	return err;
}

/* Gates came in after the first results: optional. */
static int result_load_gates(struct result_loader *loader, const json_t *root,
			     struct tl_result *result)
{
	int err = 0;
	const json_t *gates = result_array(loader, root, "gates", "", false, &err);

	if (!gates || !json_array_size(gates))
		return err;
	result->gates = calloc(json_array_size(gates), sizeof(*result->gates));
	if (!result->gates)
		return -ENOMEM;
	for (size_t i = 0; !err && i < json_array_size(gates); i++) {
		char where[32];

		snprintf(where, sizeof(where), "gates[%zu]", i);
		err = result_load_gate(loader, json_array_get(gates, i),
				       &result->gates[i], where);
		result->gate_count++;
	}
	return err;
}

static int result_load_schema(struct result_loader *loader, const json_t *root)
{
	const char *schema = json_string_value(json_object_get(root, "schema"));

	if (!schema)
		return result_fail(loader, "schema: is missing: not a timerlab result");
	if (strcmp(schema, TL_RESULT_SCHEMA) == 0)
		return 0;
	if (strncmp(schema, RESULT_SCHEMA_PREFIX, strlen(RESULT_SCHEMA_PREFIX)) == 0)
		return result_fail(loader,
				   "schema: %s is not %s, the one this timerlab reads",
				   schema, TL_RESULT_SCHEMA);
	return result_fail(loader, "schema: \"%s\" is not a timerlab result", schema);
}

static int result_load_top(struct result_loader *loader, const json_t *root,
			   struct tl_result *result)
{
	const json_t *tool = json_object_get(root, "tool"), *argv;
	const char *text;
	int err = 0;

	if ((text = json_string_value(json_object_get(tool, "version"))))
		snprintf(result->tool_version, sizeof(result->tool_version), "%s", text);
	if ((text = json_string_value(json_object_get(root, "started"))))
		snprintf(result->started, sizeof(result->started), "%s", text);
	if ((text = json_string_value(json_object_get(root, "finished"))))
		snprintf(result->finished, sizeof(result->finished), "%s", text);
	if (json_object_get(root, "interrupted") &&
	    !json_is_boolean(json_object_get(root, "interrupted")))
		return result_fail(loader, "interrupted: must be true or false");
	result->interrupted = json_is_true(json_object_get(root, "interrupted"));
	if (json_object_get(root, "checkpoint") &&
	    !json_is_boolean(json_object_get(root, "checkpoint")))
		return result_fail(loader, "checkpoint: must be true or false");
	result->checkpoint = json_is_true(json_object_get(root, "checkpoint"));
	argv = result_array(loader, root, "argv", "", false, &err);
	if (argv) {
		result->argv = calloc(json_array_size(argv) + 1, sizeof(*result->argv));
		if (!result->argv)
			return -ENOMEM;
	}
	for (size_t i = 0; argv && i < json_array_size(argv); i++) {
		text = json_string_value(json_array_get(argv, i));
		if (!text)
			return result_fail(loader, "argv[%zu]: must be a string", i);
		if (!(result->argv[i] = strdup(text)))
			return -ENOMEM;
	}
	result->options.cpu = -1;
	result->options.trace_over_ns = -1;
	if (!err && json_object_get(root, "options"))
		err = result_read(loader, json_object_get(root, "options"),
				  &result->options, tl_result_option_fields,
				  tl_result_option_fields_count, "options");
	return err;
}

/* No result comes near this: a larger file is not one. */
#define RESULT_MAX_BYTES (1024L * 1024 * 1024)

/*
 * The whole file, read at once (jansson's own file reader takes it a
 * character at a time, half of the time to load a large result). Only a
 * regular file: a folder, a fifo or a device is refused without waiting on
 * it. 0 with *text malloc'd, or -errno with why set.
 */
static int result_read_file(struct result_loader *loader, char **text, size_t *size)
{
	int err = tl_input_file_read(loader->path, RESULT_MAX_BYTES, text, size);

	switch (err) {
	case 0:
	case -ENOMEM:
		return err;
	case -EISDIR:
		return result_fail(
			loader,
			"a folder, not a result file (its result is %s/result.json)",
			loader->path);
	case -EFBIG:
		return result_fail(loader, "too large to be a result (over %ld MiB)",
				   RESULT_MAX_BYTES >> 20);
	case -ENODEV:
		return result_fail(loader, "%s", tl_input_file_error(err));
	case -EIO: /* it shrank as it was read */
		return result_fail(loader, "cannot read: it changed as it was read");
	default:
		return result_fail(loader, "cannot open: %s", tl_input_file_error(err));
	}
}

int tl_result_load_text(const char *path, const char *text, size_t size,
			struct tl_result *result, char *why, size_t why_size)
{
	struct result_loader loader = { path, why, why_size };
	json_error_t error;
	json_t *root;
	int err;

	tl_result_init(result);
	root = json_loadb(text, size, JSON_REJECT_DUPLICATES, &error);
	if (!root) {
		if (error.line < 0) /* jansson could not read the text at all */
			return result_fail(&loader, "%s", error.text);
		return result_fail(&loader, "line %d column %d: %s", error.line,
				   error.column, error.text);
	}
	if (!json_is_object(root))
		err = result_fail(&loader,
				  "a timerlab result is a JSON object, this is not");
	else if (!(err = result_load_schema(&loader, root)) &&
		 !(err = result_load_top(&loader, root, result)) &&
		 !(err = result_load_env(&loader, root, &result->env)) &&
		 !(err = result_load_cells(&loader, root, result)) &&
		 !(err = result_load_checks(&loader, root, result)))
		err = result_load_gates(&loader, root, result);
	json_decref(root);
	if (err == -ENOMEM)
		snprintf(why, why_size, "%s: out of memory", path);
	if (err)
		tl_result_free(result);
	return err;
}

int tl_result_load(const char *path, struct tl_result *result, char *why, size_t why_size)
{
	struct result_loader loader = { path, why, why_size };
	char *text;
	size_t size;
	int err;

	tl_result_init(result);
	err = result_read_file(&loader, &text, &size);
	if (err)
		return err;
	err = tl_result_load_text(path, text, size, result, why, why_size);
	free(text);
	return err;
}
