/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The comparison as text. First the inputs, what a reader must know about
 * them, and the fields in which they are not like for like; then, for two
 * inputs, a block per cell (each result's p50, p99, p99.9, max, stddev,
 * missed and early, then the change in percent and in us), and for more,
 * a table per metric with a column per result; then the check x result
 * matrix, the gates and the legend. A cell one side lacks keeps its row.
 */
#include <errno.h>
#include <string.h>

#include "report-compare.h"

static int table_width(int width, const char *text)
{
	int length = (int)strlen(text);

	return length > width ? length : width;
}

static void table_inputs(FILE *out, const struct tl_comparison *comparison)
{
	int width = 4;

	for (size_t i = 0; i < comparison->input_count; i++)
		width = table_width(width, comparison->inputs[i].label);
	fprintf(out, "timerlab compare: %zu results, changes against %s\n",
		comparison->input_count, comparison->inputs[0].label);
	for (size_t i = 0; i < comparison->input_count; i++) {
		const struct tl_compare_input *input = &comparison->inputs[i];
		const char *rounds = input->conditions.value[TL_CONDITION_ROUNDS];

		fprintf(out, "  %-*s  %s (%s%s%s%s%s)\n", width, input->label,
			input->path, tl_input_kind_name(input->kind),
			input->result.started[0] ? ", " : "", input->result.started,
			rounds[0] ? ", rounds " : "", rounds);
	}
	for (size_t i = 0; i < comparison->input_count; i++)
		if (comparison->inputs[i].note[0])
			fprintf(out, "note: %s: %s\n", comparison->inputs[i].label,
				comparison->inputs[i].note);
}

static void table_differences(FILE *out, const struct tl_comparison *comparison)
{
	bool any = false;
	char line[8192];

	for (unsigned c = 0; c < TL_CONDITION_COUNT; c++) {
		if (!comparison->differs[c])
			continue;
		if (!any)
			fprintf(out, "not like for like: the results differ in\n");
		any = true;
		tl_compare_text_difference(comparison, (enum tl_condition)c, line,
					   sizeof(line));
		fprintf(out, "  %s\n", line);
	}
}

static bool table_measured(const struct tl_cell_result *cell)
{
	return cell && !cell->unsupported;
}

/* One input's line of a cell's block. */
static void table_pair_row(FILE *out, int width, const struct tl_compare_input *input,
			   const struct tl_cell_result *cell)
{
	fprintf(out, "  %-*s", width - 2, input->label);
	if (!table_measured(cell)) {
		fprintf(out, "  %s%s\n", cell ? "n/a: " : "(not in this result)",
			cell ? cell->unsupported : "");
		return;
	}
	fprintf(out, " %6zu", cell->round_count);
	for (unsigned m = 0; m < TL_METRIC_COUNT; m++) {
		char value[32] = "-";
		double number;

		if (tl_metric_value(input, cell, (enum tl_metric)m, &number))
			tl_compare_text_value((enum tl_metric)m, number, value,
					      sizeof(value));
		fprintf(out, " %*s", tl_metric_is_count((enum tl_metric)m) ? 7 : 9,
			value);
	}
	fputc('\n', out);
}

static void table_pair_changes(FILE *out, int width, const struct tl_compare_cell *cell)
{
	fprintf(out, "  %-*s %6s", width - 2, "change", "");
	for (unsigned m = 0; m < TL_METRIC_COUNT; m++) {
		char text[32];

		tl_compare_text_percent((enum tl_metric)m, tl_compare_change(cell, 1, m),
					text, sizeof(text));
		fprintf(out, " %*s", tl_metric_is_count((enum tl_metric)m) ? 7 : 9, text);
	}
	/* in us under the latencies; the counts' change is already whole */
	fprintf(out, "\n  %-*s %6s", width - 2, "", "");
	for (unsigned m = 0; m < TL_METRIC_COUNT; m++) {
		char text[32];

		if (tl_metric_is_count((enum tl_metric)m))
			continue;
		tl_compare_text_delta((enum tl_metric)m, tl_compare_change(cell, 1, m),
				      text, sizeof(text));
		fprintf(out, " %9s", text);
	}
	fputc('\n', out);
}

/* n/a alike in every result: one line says it. */
static bool table_unsupported_everywhere(const struct tl_comparison *comparison,
					 const struct tl_compare_cell *cell)
{
	for (size_t i = 0; i < comparison->input_count; i++)
		if (!cell->cells[i] || !cell->cells[i]->unsupported ||
		    strcmp(cell->cells[i]->unsupported, cell->cells[0]->unsupported) != 0)
			return false;
	return true;
}

/* Two inputs: a block per cell. */
static void table_pairs(FILE *out, const struct tl_comparison *comparison)
{
	int width = 13;

	for (size_t c = 0; c < comparison->cell_count; c++)
		width = table_width(width, comparison->cells[c].key);
	for (size_t i = 0; i < comparison->input_count; i++) /* indented by 2 */
		width = table_width(width - 2, comparison->inputs[i].label) + 2;
	fprintf(out, "%-*s %6s %9s %9s %9s %9s %9s %7s %7s\n", width, "cell / result",
		"rounds", "p50", "p99", "p99.9", "max", "stddev", "missed", "early");
	for (size_t c = 0; c < comparison->cell_count; c++) {
		const struct tl_compare_cell *cell = &comparison->cells[c];

		if (table_unsupported_everywhere(comparison, cell)) {
			fprintf(out, "%-*s  n/a: %s\n", width, cell->key,
				cell->cells[0]->unsupported);
			continue;
		}
		fprintf(out, "%s\n", cell->key);
		for (size_t i = 0; i < comparison->input_count; i++)
			table_pair_row(out, width, &comparison->inputs[i],
				       cell->cells[i]);
		if (table_measured(cell->cells[0]) && table_measured(cell->cells[1]))
			table_pair_changes(out, width, cell);
	}
}

/* More inputs: one table per metric, a column per result. */
static void table_metric(FILE *out, const struct tl_comparison *comparison,
			 enum tl_metric metric, int key_width)
{
	fprintf(out, "\n%s%s\n%-*s", tl_metric_name(metric),
		tl_metric_is_count(metric) ? "" : " (us)", key_width, "cell");
	for (size_t i = 0; i < comparison->input_count; i++)
		fprintf(out, " %*s", table_width(i ? 18 : 9, comparison->inputs[i].label),
			comparison->inputs[i].label);
	fputc('\n', out);
	for (size_t c = 0; c < comparison->cell_count; c++) {
		const struct tl_compare_cell *cell = &comparison->cells[c];

		fprintf(out, "%-*s", key_width, cell->key);
		for (size_t i = 0; i < comparison->input_count; i++) {
			const struct tl_compare_input *input = &comparison->inputs[i];
			char value[32] = "-", change[32] = "";
			int column = table_width(i ? 18 : 9, input->label);
			bool last = i + 1 == comparison->input_count;
			double number;

			if (cell->cells[i] && cell->cells[i]->unsupported)
				snprintf(value, sizeof(value), "n/a");
			else if (tl_metric_value(input, cell->cells[i], metric, &number))
				tl_compare_text_value(metric, number, value,
						      sizeof(value));
			if (i && tl_compare_change(cell, i, metric)->known)
				tl_compare_text_percent(
					metric, tl_compare_change(cell, i, metric),
					change, sizeof(change));
			/* value, then its change in the last 9 columns; the last
			 * column is not padded out */
			fprintf(out, " %*s", i ? column - 9 : column, value);
			if (i && !last)
				fprintf(out, " %-8s", change);
			else if (i && change[0])
				fprintf(out, " %s", change);
		}
		fputc('\n', out);
	}
}

static void table_metrics(FILE *out, const struct tl_comparison *comparison)
{
	int width = 4;

	for (size_t c = 0; c < comparison->cell_count; c++)
		width = table_width(width, comparison->cells[c].key);
	for (unsigned m = 0; m < TL_METRIC_COUNT; m++)
		table_metric(out, comparison, (enum tl_metric)m, width);
}

static void table_checks(FILE *out, const struct tl_comparison *comparison)
{
	int width = 5;

	if (!comparison->check_count)
		return;
	for (size_t c = 0; c < comparison->check_count; c++)
		width = table_width(width, comparison->checks[c].name);
	fprintf(out, "\n%-*s", width, "check");
	for (size_t i = 0; i < comparison->input_count; i++)
		fprintf(out, "  %-*s", table_width(9, comparison->inputs[i].label),
			comparison->inputs[i].label);
	fputc('\n', out);
	for (size_t c = 0; c < comparison->check_count; c++) {
		const struct tl_compare_check *check = &comparison->checks[c];

		fprintf(out, "%-*s", width, check->name);
		for (size_t i = 0; i < comparison->input_count; i++) {
			const struct tl_check_result *verdict = check->checks[i];
			const struct tl_check_result *base = check->checks[0];
			char text[32];

			snprintf(text, sizeof(text), "%s%s",
				 verdict ? tl_verdict_name(verdict->verdict) : "-",
				 i && verdict && base && verdict->verdict != base->verdict
					 ? " *"
					 : "");
			fprintf(out, "  %-*s",
				table_width(9, comparison->inputs[i].label), text);
		}
		fputc('\n', out);
	}
	fprintf(out, "check verdicts; *: not %s's verdict; -: not in that result\n",
		comparison->inputs[0].label);
}

static void table_gates(FILE *out, const struct tl_comparison *comparison)
{
	int width = 4;
	char text[512];

	if (!comparison->gate_count)
		return;
	for (size_t g = 0; g < comparison->gate_count; g++)
		width = table_width(width, comparison->gates[g].gate.text);
	fprintf(out, "\ngates:\n");
	for (size_t g = 0; g < comparison->gate_count; g++) {
		const struct tl_gate_verdict *verdict = &comparison->gates[g];

		tl_compare_text_verdict(verdict, text, sizeof(text));
		fprintf(out, "  %-*s  %s\n", width, verdict->gate.text, text);
		for (size_t t = 0; t < verdict->trip_count; t++) {
			tl_compare_text_trip(comparison, verdict, &verdict->trips[t],
					     text, sizeof(text));
			fprintf(out, "  %-*s    %s\n", width, "", text);
		}
	}
}

/* Cells that failed to measure: what the values of that input are worth. */
static void table_errors(FILE *out, const struct tl_comparison *comparison)
{
	for (size_t c = 0; c < comparison->cell_count; c++)
		for (size_t i = 0; i < comparison->input_count; i++) {
			const struct tl_cell_result *cell = comparison->cells[c].cells[i];

			if (cell && cell->error)
				fprintf(out, "note: %s in %s: error: %s\n", cell->key,
					comparison->inputs[i].label, cell->error);
		}
}

int tl_report_compare_table(FILE *out, const struct tl_comparison *comparison,
			    const struct tl_format_options *options)
{
	(void)options;
	table_inputs(out, comparison);
	table_differences(out, comparison);
	if (comparison->input_count == 2)
		fputc('\n', out), table_pairs(out, comparison);
	else
		table_metrics(out, comparison);
	fprintf(out,
		"latencies in us; change against %s; -: not measured there; ?: could not be tested\n*: %s\n",
		comparison->inputs[0].label, tl_compare_method);
	table_errors(out, comparison);
	table_checks(out, comparison);
	table_gates(out, comparison);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
