/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cell-verdict.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "time.h"

/* "gate max_p99 timerfd:* 200us: p99 352.4us" for each gate the cell
 * tripped, appended to reason. */
static void verdict_gates(const struct tl_result *result, const char *key, char *reason,
			  size_t size)
{
	for (size_t g = 0; g < result->gate_count; g++) {
		const struct tl_gate_result *gate = &result->gates[g];

		for (size_t f = 0; f < gate->failure_count; f++) {
			const struct tl_gate_failure *failure = &gate->failures[f];
			char limit[32], value[32], text[256];

			if (strcmp(failure->key, key) != 0)
				continue;
			tl_duration_format(gate->limit_ns, limit, sizeof(limit));
			tl_duration_format(failure->value_ns, value, sizeof(value));
			if (strcmp(gate->rule, "fail_on_early") == 0)
				snprintf(text, sizeof(text), "gate fail_on_early");
			else
				snprintf(text, sizeof(text), "gate %s%s%s %s: %s",
					 gate->rule, gate->pattern[0] ? " " : "",
					 gate->pattern, limit, value);
			tl_text_append(reason, size, "; ", text);
		}
	}
}

/* The gates that judged a measured cell: those for every cell and those
 * whose glob matches its key (as gate.c applies them). */
static size_t verdict_gates_judged(const struct tl_result *result,
				   const struct tl_cell_result *cell)
{
	size_t count = 0;

	for (size_t g = 0; g < result->gate_count && cell->samples; g++)
		count += !result->gates[g].pattern[0] ||
			 fnmatch(result->gates[g].pattern, cell->key, 0) == 0;
	return count;
}

void tl_cell_verdict(const struct tl_result *result, const struct tl_cell_result *cell,
		     struct tl_cell_verdict *verdict)
{
	verdict->reason[0] = '\0';
	verdict->gates = 0;
	if (cell->unsupported) {
		verdict->outcome = TL_CELL_SKIPPED;
		snprintf(verdict->reason, sizeof(verdict->reason), "n/a: %s",
			 cell->unsupported);
		return;
	}
	if (cell->error) {
		verdict->outcome = TL_CELL_ERROR;
		snprintf(verdict->reason, sizeof(verdict->reason), "%s", cell->error);
		return;
	}
	if (cell->early) {
		char text[64];

		snprintf(text, sizeof(text), "woke early %llu times",
			 (unsigned long long)cell->early);
		tl_text_append(verdict->reason, sizeof(verdict->reason), "; ", text);
	}
	verdict_gates(result, cell->key, verdict->reason, sizeof(verdict->reason));
	verdict->gates = verdict_gates_judged(result, cell);
	verdict->outcome = verdict->reason[0] ? TL_CELL_FAILED : TL_CELL_PASSED;
}

void tl_cell_summary(const struct tl_cell_result *cell, char *buf, size_t size)
{
	snprintf(
		buf, size,
		"%llu samples, us: p50 %.1f, p99 %.1f, max %.1f, early %llu, missed %llu",
		(unsigned long long)cell->samples, (double)cell->p50_ns / 1e3,
		(double)cell->p99_ns / 1e3, (double)cell->max_ns / 1e3,
		(unsigned long long)cell->early, (unsigned long long)cell->missed);
}
