/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The wording every writer of a comparison shares (report-compare.h). */
#include "report-compare.h"

#include <stdio.h>
#include <string.h>

#include "text.h"
#include "time.h"

const char tl_compare_method[] =
	"significant at a false discovery rate of 5 %: p50, p99 and max by the Mann-Whitney U test over the rounds (4 or more a side), missed and early by an exact test of the two counts, Benjamini-Hochberg over the cells of each metric; p99.9 and stddev are not tested";

void tl_compare_text_value(enum tl_metric metric, double value, char *buf, size_t size)
{
	if (tl_metric_is_count(metric))
		snprintf(buf, size, "%.0f", value);
	else
		snprintf(buf, size, "%.1f", value / 1e3);
}

const char *tl_compare_text_mark(enum tl_metric metric, const struct tl_change *change)
{
	if (!change->known || !tl_metric_is_tested(metric))
		return "";
	if (!change->tested)
		return "?";
	return change->significant ? "*" : "";
}

void tl_compare_text_percent(enum tl_metric metric, const struct tl_change *change,
			     char *buf, size_t size)
{
	const char *mark = tl_compare_text_mark(metric, change);

	if (!change->known)
		snprintf(buf, size, "-");
	else if (tl_metric_is_count(metric))
		snprintf(buf, size, "%+.0f%s", change->delta, mark);
	else if (!change->has_percent)
		snprintf(buf, size, "%s%s", change->delta > 0 ? "up" : "-", mark);
	else
		snprintf(buf, size, "%+.1f%%%s", change->percent, mark);
}

void tl_compare_text_delta(enum tl_metric metric, const struct tl_change *change,
			   char *buf, size_t size)
{
	if (!change->known)
		snprintf(buf, size, "-");
	else if (tl_metric_is_count(metric))
		snprintf(buf, size, "%+.0f", change->delta);
	else
		snprintf(buf, size, "%+.1f", change->delta / 1e3);
}

void tl_compare_text_difference(const struct tl_comparison *comparison,
				enum tl_condition condition, char *buf, size_t size)
{
	snprintf(buf, size, "%s:", tl_condition_name(condition));
	for (size_t i = 0; i < comparison->input_count; i++) {
		const struct tl_compare_input *input = &comparison->inputs[i];
		const char *value = input->conditions.value[condition];
		char item[700];

		/* a column labelled by its kernel release says it once */
		if (strcmp(input->label, value) == 0)
			snprintf(item, sizeof(item), "%s", value);
		else
			snprintf(item, sizeof(item), "%s %s", input->label,
				 value[0] ? value : "(unknown)");
		tl_text_append(buf, size, i ? ", " : " ", item);
	}
}

void tl_compare_text_verdict(const struct tl_gate_verdict *verdict, char *buf,
			     size_t size)
{
	char untested[48] = "", tcg[80] = "";

	if (verdict->untested)
		snprintf(untested, sizeof(untested), ", %zu untested", verdict->untested);
	if (verdict->under_tcg)
		snprintf(tcg, sizeof(tcg), ", %zu not gated: measured under TCG",
			 verdict->under_tcg);
	if (verdict->passed)
		snprintf(buf, size, "passed (%zu judged%s%s)", verdict->judged, untested,
			 tcg);
	else
		snprintf(buf, size, "tripped by %zu of %zu judged%s%s",
			 verdict->trip_count, verdict->judged, untested, tcg);
}

void tl_compare_text_trip(const struct tl_comparison *comparison,
			  const struct tl_gate_verdict *verdict,
			  const struct tl_gate_trip *trip, char *buf, size_t size)
{
	enum tl_metric metric = verdict->gate.metric;
	const struct tl_change *change = &trip->change;
	const char *key = comparison->cells[trip->cell].key;
	const char *label = comparison->inputs[trip->input].label;
	char percent[32], delta[32], value[32];

	tl_compare_text_value(metric, change->value, value, sizeof(value));
	if (!verdict->gate.relative) {
		snprintf(buf, size, "%s in %s: %s %s", key, label, tl_metric_name(metric),
			 value);
		return;
	}
	tl_compare_text_percent(metric, change, percent, sizeof(percent));
	tl_compare_text_delta(metric, change, delta, sizeof(delta));
	if (tl_metric_is_count(metric))
		snprintf(buf, size, "%s in %s: %s %s (%s), p = %.2g", key, label,
			 tl_metric_name(metric), value, delta, change->p_adjusted);
	else
		snprintf(buf, size, "%s in %s: %s %.*s (%sus), p = %.2g", key, label,
			 tl_metric_name(metric), (int)strcspn(percent, "*?"), percent,
			 delta, change->p_adjusted);
}
