/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "gate.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time.h"

static const char *const gate_rules[] = {
	[TL_GATE_FAIL_ON_EARLY] = "fail_on_early",
	[TL_GATE_MAX_LATENCY] = "max_latency",
	[TL_GATE_MAX_P99] = "max_p99",
};

const char *tl_gate_rule_name(enum tl_gate_rule rule)
{
	return (unsigned)rule < sizeof(gate_rules) / sizeof(gate_rules[0])
		       ? gate_rules[rule]
		       : "?";
}

int tl_gate_rule_from_name(const char *name, enum tl_gate_rule *rule)
{
	for (unsigned i = 0; i < sizeof(gate_rules) / sizeof(gate_rules[0]); i++) {
		if (strcmp(gate_rules[i], name) == 0) {
			*rule = (enum tl_gate_rule)i;
			return 0;
		}
	}
	return -EINVAL;
}

int tl_gate_parse(const char *text, struct tl_gate *gate, char *why, size_t why_size)
{
	const char *equals = strrchr(text, '='), *duration = equals ? equals + 1 : text;
	const char *reason;
	size_t pattern_length = equals ? (size_t)(equals - text) : 0;

	gate->pattern[0] = '\0';
	if (equals && (pattern_length == 0 || pattern_length >= sizeof(gate->pattern))) {
		snprintf(why, why_size, "\"%s\": the cell glob before = is %s", text,
			 pattern_length ? "too long" : "empty");
		return -EINVAL;
	}
	memcpy(gate->pattern, text, pattern_length);
	gate->pattern[pattern_length] = '\0';
	if (tl_duration_parse(duration, 0, &gate->limit_ns, &reason) < 0) {
		snprintf(why, why_size, "\"%s\" is not a valid limit: %s", duration,
			 reason);
		return -EINVAL;
	}
	return 0;
}

static bool gate_applies(const struct tl_gate *gate, const struct tl_cell_result *cell)
{
	if (cell->unsupported || cell->samples == 0)
		return false;
	return !gate->pattern[0] || fnmatch(gate->pattern, cell->key, 0) == 0;
}

/* The value the rule judges, and whether it trips the gate. */
static bool gate_trips(const struct tl_gate *gate, const struct tl_cell_result *cell,
		       int64_t *value)
{
	switch (gate->rule) {
	case TL_GATE_FAIL_ON_EARLY:
		*value = (int64_t)cell->early;
		return cell->early > 0;
	case TL_GATE_MAX_LATENCY:
		*value = cell->max_ns;
		return cell->max_ns > gate->limit_ns;
	case TL_GATE_MAX_P99:
		*value = cell->p99_ns;
		return cell->p99_ns > gate->limit_ns;
	}
	return false;
}

static int gate_add_failure(struct tl_gate_result *judged, const char *key, int64_t value)
{
	struct tl_gate_failure *failures;

	failures = realloc(judged->failures,
			   (judged->failure_count + 1) * sizeof(*failures));
	if (!failures)
		return -ENOMEM;
	judged->failures = failures;
	failures[judged->failure_count].key = strdup(key);
	failures[judged->failure_count].value_ns = value;
	if (!failures[judged->failure_count].key)
		return -ENOMEM;
	judged->failure_count++;
	return 0;
}

int tl_gates_judge(const struct tl_gate *gates, size_t count, struct tl_result *result)
{
	struct tl_gate_result *judged;
	int tripped = 0;

	if (count == 0)
		return 0;
	judged = calloc(count, sizeof(*judged));
	if (!judged)
		return -ENOMEM;
	result->gates = judged;
	result->gate_count = count;
	for (size_t g = 0; g < count; g++) {
		snprintf(judged[g].rule, sizeof(judged[g].rule), "%s",
			 tl_gate_rule_name(gates[g].rule));
		snprintf(judged[g].pattern, sizeof(judged[g].pattern), "%s",
			 gates[g].pattern);
		judged[g].limit_ns = gates[g].limit_ns;
		for (size_t c = 0; c < result->cell_count; c++) {
			const struct tl_cell_result *cell = &result->cells[c];
			int64_t value;

			if (gate_applies(&gates[g], cell) &&
			    gate_trips(&gates[g], cell, &value) &&
			    gate_add_failure(&judged[g], cell->key, value) < 0)
				return -ENOMEM;
		}
		judged[g].passed = judged[g].failure_count == 0;
		tripped += !judged[g].passed;
	}
	return tripped;
}
