/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "compare-gate.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time.h"

/* A whole number of events: digits only. */
static bool gate_count(const char *text, double *count)
{
	char *end;

	if (!*text || strspn(text, "0123456789") != strlen(text))
		return false;
	*count = strtod(text, &end);
	return *count <= 1e15;
}

/* "N%" with N a plain decimal. */
static bool gate_percent(const char *text, double *percent)
{
	size_t length = strlen(text), digits = strspn(text, "0123456789.");
	char *end;

	if (length < 2 || text[length - 1] != '%' || digits != length - 1)
		return false;
	*percent = strtod(text, &end);
	return end == text + length - 1 && isfinite(*percent) && *percent <= 1e6;
}

static int gate_change(const char *change, struct tl_compare_gate *gate, char *why,
		       size_t why_size)
{
	bool count = tl_metric_is_count(gate->metric);
	const char *amount = change + (change[0] == '+');
	const char *reason;
	int64_t ns;

	gate->relative = change[0] == '+';
	if (count && gate_count(amount, &gate->limit))
		return 0;
	if (count) {
		snprintf(
			why, why_size,
			"--gate \"%s\": %s takes a count: N (more than N in NEW) or +N (a rise of more than N)",
			gate->text, tl_metric_name(gate->metric));
		return -EINVAL;
	}
	if (!gate->relative) {
		snprintf(
			why, why_size,
			"--gate \"%s\": a latency gate is a rise against BASE: +N%% or +DURATION (an absolute limit is run's --max-p99 or --max-latency)",
			gate->text);
		return -EINVAL;
	}
	gate->percent = gate_percent(amount, &gate->limit);
	if (gate->percent)
		return 0;
	if (tl_duration_parse(amount, TL_DURATION_ALLOW_ZERO, &ns, &reason) < 0) {
		snprintf(
			why, why_size,
			"--gate \"%s\": \"%s\" is neither a percentage nor a duration: %s",
			gate->text, amount, reason);
		return -EINVAL;
	}
	gate->limit = (double)ns;
	return 0;
}

int tl_compare_gate_parse(const char *text, struct tl_compare_gate *gate, char *why,
			  size_t why_size)
{
	const char *equals = strrchr(text, '='), *rule = equals ? equals + 1 : text;
	const char *colon = strchr(rule, ':');
	size_t pattern_length = equals ? (size_t)(equals - text) : 0;
	char metric[16];

	memset(gate, 0, sizeof(*gate));
	snprintf(gate->text, sizeof(gate->text), "%s", text);
	if (equals && (pattern_length == 0 || pattern_length >= sizeof(gate->pattern))) {
		snprintf(why, why_size, "--gate \"%s\": the cell glob before = is %s",
			 text, pattern_length ? "too long" : "empty");
		return -EINVAL;
	}
	memcpy(gate->pattern, text, pattern_length);
	if (!colon || colon == rule || (size_t)(colon - rule) >= sizeof(metric) ||
	    !colon[1]) {
		snprintf(
			why, why_size,
			"--gate \"%s\": not [GLOB=]METRIC:CHANGE, e.g. p99:+20%% or 'timerfd:*=max:+500us'",
			text);
		return -EINVAL;
	}
	snprintf(metric, sizeof(metric), "%.*s", (int)(colon - rule), rule);
	if (tl_metric_from_name(metric, &gate->metric) < 0) {
		snprintf(
			why, why_size,
			"--gate \"%s\": unknown metric \"%s\" (metrics: p50, p99, max, missed, early)",
			text, metric);
		return -EINVAL;
	}
	if (!tl_metric_is_tested(gate->metric)) {
		snprintf(
			why, why_size,
			"--gate \"%s\": %s cannot be gated: the rounds do not carry it, so no change in it can be tested (metrics: p50, p99, max, missed, early)",
			text, metric);
		return -EINVAL;
	}
	return gate_change(colon + 1, gate, why, why_size);
}

/* Whether a judged change goes beyond the gate's threshold. */
static bool gate_beyond(const struct tl_compare_gate *gate,
			const struct tl_change *change)
{
	if (!gate->percent)
		return change->delta > gate->limit;
	if (!change->has_percent) /* from 0: any rise is beyond every percentage */
		return change->delta > 0;
	return change->percent > gate->limit;
}

static int gate_trip(struct tl_gate_verdict *verdict, size_t cell, size_t input,
		     const struct tl_change *change)
{
	struct tl_gate_trip *trips =
		realloc(verdict->trips, (verdict->trip_count + 1) * sizeof(*trips));

	if (!trips)
		return -ENOMEM;
	verdict->trips = trips;
	trips[verdict->trip_count++] = (struct tl_gate_trip){ cell, input, *change };
	return 0;
}

static bool gate_measured(const struct tl_cell_result *cell)
{
	return cell && !cell->unsupported && cell->samples;
}

/* Measured on emulated CPUs (env.accel tcg): its latency is how fast the
 * host emulates, not how late the kernel wakes, and its count of missed
 * or early wakeups is the emulation's too. */
static bool gate_under_tcg(const struct tl_compare_input *input)
{
	return strcmp(input->conditions.value[TL_CONDITION_ACCEL], "tcg") == 0;
}

/* Judge one gate on one cell of one input. */
static int gate_judge_one(const struct tl_comparison *comparison,
			  struct tl_gate_verdict *verdict, size_t row, size_t input)
{
	const struct tl_compare_gate *gate = &verdict->gate;
	const struct tl_compare_cell *cell = &comparison->cells[row];
	const struct tl_compare_input *new_input = &comparison->inputs[input];
	struct tl_change change = *tl_compare_change(cell, input, gate->metric);
	double value, unused;

	if (gate->pattern[0] && fnmatch(gate->pattern, cell->key, 0) != 0)
		return 0;
	if (!gate_measured(cell->cells[input]))
		return 0; /* nothing measured to judge */
	/* either side emulated: no change of the kernel's can be told */
	if (gate_under_tcg(new_input) || gate_under_tcg(&comparison->inputs[0])) {
		verdict->under_tcg++;
		return 0;
	}
	if (!tl_metric_value(new_input, cell->cells[input], gate->metric, &value)) {
		verdict->untested++; /* a count this input did not count */
		return 0;
	}
	if (!gate->relative) {
		verdict->judged++;
		change.value = value;
		return value > gate->limit ? gate_trip(verdict, row, input, &change) : 0;
	}
	if (!tl_metric_value(&comparison->inputs[0], cell->cells[0], gate->metric,
			     &unused)) {
		/* only in NEW it is listed as such, with nothing to judge; measured
		 * in BASE, it is a count BASE did not count */
		if (gate_measured(cell->cells[0]))
			verdict->untested++;
		return 0;
	}
	if (!change.tested) {
		verdict->untested++;
		return 0;
	}
	verdict->judged++;
	if (change.significant && gate_beyond(gate, &change))
		return gate_trip(verdict, row, input, &change);
	return 0;
}

int tl_compare_gates_judge(struct tl_comparison *comparison,
			   const struct tl_compare_gate *gates, size_t count)
{
	int tripped = 0, err = 0;

	if (!count)
		return 0;
	comparison->gates = calloc(count, sizeof(*comparison->gates));
	if (!comparison->gates)
		return -ENOMEM;
	comparison->gate_count = count;
	for (size_t g = 0; g < count; g++) {
		struct tl_gate_verdict *verdict = &comparison->gates[g];

		verdict->gate = gates[g];
		for (size_t c = 0; !err && c < comparison->cell_count; c++)
			for (size_t i = 1; !err && i < comparison->input_count; i++)
				err = gate_judge_one(comparison, verdict, c, i);
		if (err)
			return err;
		verdict->passed = verdict->trip_count == 0;
		tripped += !verdict->passed;
	}
	return tripped;
}

void tl_compare_gates_free(struct tl_comparison *comparison)
{
	for (size_t g = 0; g < comparison->gate_count; g++)
		free(comparison->gates[g].trips);
	free(comparison->gates);
	comparison->gates = NULL;
	comparison->gate_count = 0;
}
