/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The comparison as Markdown (GitHub and GitLab flavoured tables), for a
 * pull-request comment: the gates first, as a reviewer wants them, then
 * what is not like for like, then each cell (two results: a row per cell,
 * "base -> new (change)" per metric; more: a table per metric with a column
 * per result), significant changes in bold, and the check matrix.
 */
#include <errno.h>
#include <string.h>

#include "report-compare.h"

/* Text inside a table cell: a | would end the cell. */
static void md_text(FILE *out, const char *text)
{
	for (; *text; text++) {
		if (*text == '|' || *text == '\\')
			fputc('\\', out);
		fputc(*text == '\n' ? ' ' : *text, out);
	}
}

static void md_gates(FILE *out, const struct tl_comparison *comparison)
{
	char text[512];

	for (size_t g = 0; g < comparison->gate_count; g++) {
		const struct tl_gate_verdict *verdict = &comparison->gates[g];

		tl_compare_text_verdict(verdict, text, sizeof(text));
		fprintf(out, "- gate `%s`: %s%s%s\n", verdict->gate.text,
			verdict->passed ? "" : "**", text, verdict->passed ? "" : "**");
		for (size_t t = 0; t < verdict->trip_count; t++) {
			tl_compare_text_trip(comparison, verdict, &verdict->trips[t],
					     text, sizeof(text));
			fprintf(out, "  - %s\n", text);
		}
	}
	if (comparison->gate_count)
		fputc('\n', out);
}

static void md_header(FILE *out, const struct tl_comparison *comparison)
{
	char line[8192];
	bool any = false;

	fprintf(out, "### timerlab compare\n\n");
	for (size_t i = 0; i < comparison->input_count; i++) {
		fprintf(out, "- %s `", i ? "against" : "base");
		md_text(out, comparison->inputs[i].label);
		fprintf(out, "`: %s", comparison->inputs[i].path);
		if (comparison->inputs[i].note[0])
			fprintf(out, " (%s)", comparison->inputs[i].note);
		fputc('\n', out);
	}
	fputc('\n', out);
	md_gates(out, comparison);
	for (unsigned c = 0; c < TL_CONDITION_COUNT; c++) {
		if (!comparison->differs[c])
			continue;
		if (!any)
			fprintf(out, "**Not like for like:**\n\n");
		any = true;
		tl_compare_text_difference(comparison, (enum tl_condition)c, line,
					   sizeof(line));
		fprintf(out, "- %s\n", line);
	}
	if (any)
		fputc('\n', out);
}

/* One change as a cell: "+11.2%", bold when significant. */
static void md_change(FILE *out, enum tl_metric metric, const struct tl_change *change)
{
	char percent[32];

	tl_compare_text_percent(metric, change, percent, sizeof(percent));
	percent[strcspn(percent, "*")] = '\0';
	fprintf(out, change->significant ? "**%s**" : "%s", percent);
}

static void md_value(FILE *out, const struct tl_compare_input *input,
		     const struct tl_cell_result *cell, enum tl_metric metric)
{
	char text[32];
	double value;

	if (cell && cell->unsupported)
		fputs("n/a", out);
	else if (tl_metric_value(input, cell, metric, &value))
		tl_compare_text_value(metric, value, text, sizeof(text)),
			fputs(text, out);
	else
		fputs("-", out);
}

static bool md_unsupported(const struct tl_cell_result *cell)
{
	return cell && cell->unsupported;
}

static void md_pairs(FILE *out, const struct tl_comparison *comparison)
{
	fprintf(out, "| cell |");
	for (unsigned m = 0; m < TL_METRIC_COUNT; m++)
		fprintf(out, " %s |", tl_metric_name((enum tl_metric)m));
	fprintf(out, "\n|---|");
	for (unsigned m = 0; m < TL_METRIC_COUNT; m++)
		fprintf(out, "---:|");
	fputc('\n', out);
	for (size_t c = 0; c < comparison->cell_count; c++) {
		const struct tl_compare_cell *cell = &comparison->cells[c];

		fprintf(out, "| `%s` |", cell->key);
		for (unsigned m = 0; m < TL_METRIC_COUNT; m++) {
			fputc(' ', out);
			md_value(out, &comparison->inputs[0], cell->cells[0], m);
			if (!md_unsupported(cell->cells[0]) ||
			    !md_unsupported(cell->cells[1])) {
				fputs(" → ", out);
				md_value(out, &comparison->inputs[1], cell->cells[1], m);
			}
			if (tl_compare_change(cell, 1, m)->known) {
				fputs(" (", out);
				md_change(out, m, tl_compare_change(cell, 1, m));
				fputc(')', out);
			}
			fputs(" |", out);
		}
		fputc('\n', out);
	}
}

/* A table's head: its first column, then a column per input. */
static void md_head(FILE *out, const struct tl_comparison *comparison, const char *first,
		    const char *rule)
{
	fprintf(out, "| %s |", first);
	for (size_t i = 0; i < comparison->input_count; i++) {
		fputc(' ', out);
		md_text(out, comparison->inputs[i].label);
		fputs(" |", out);
	}
	fprintf(out, "\n|---|");
	for (size_t i = 0; i < comparison->input_count; i++)
		fputs(rule, out);
	fputc('\n', out);
}

static void md_metric(FILE *out, const struct tl_comparison *comparison,
		      enum tl_metric metric)
{
	fprintf(out, "\n%s%s\n\n", tl_metric_name(metric),
		tl_metric_is_count(metric) ? "" : " (us)");
	md_head(out, comparison, "cell", "---:|");
	for (size_t c = 0; c < comparison->cell_count; c++) {
		const struct tl_compare_cell *cell = &comparison->cells[c];

		fprintf(out, "| `%s` |", cell->key);
		for (size_t i = 0; i < comparison->input_count; i++) {
			fputc(' ', out);
			md_value(out, &comparison->inputs[i], cell->cells[i], metric);
			if (i && tl_compare_change(cell, i, metric)->known) {
				fputs(" (", out);
				md_change(out, metric,
					  tl_compare_change(cell, i, metric));
				fputc(')', out);
			}
			fputs(" |", out);
		}
		fputc('\n', out);
	}
}

static void md_checks(FILE *out, const struct tl_comparison *comparison)
{
	if (!comparison->check_count)
		return;
	fputc('\n', out);
	md_head(out, comparison, "check", "---|");
	for (size_t c = 0; c < comparison->check_count; c++) {
		const struct tl_compare_check *check = &comparison->checks[c];

		fprintf(out, "| `%s` |", check->name);
		for (size_t i = 0; i < comparison->input_count; i++) {
			const struct tl_check_result *verdict = check->checks[i];
			bool changed = i && verdict && check->checks[0] &&
				       verdict->verdict != check->checks[0]->verdict;

			fprintf(out, changed ? " **%s** |" : " %s |",
				verdict ? tl_verdict_name(verdict->verdict) : "-");
		}
		fputc('\n', out);
	}
}

int tl_report_compare_md(FILE *out, const struct tl_comparison *comparison,
			 const struct tl_format_options *options)
{
	(void)options;
	md_header(out, comparison);
	if (comparison->input_count == 2)
		md_pairs(out, comparison);
	else
		for (unsigned m = 0; m < TL_METRIC_COUNT; m++)
			md_metric(out, comparison, (enum tl_metric)m);
	fprintf(out, "\nLatencies in us, changes against `%s`; in bold: %s.\n",
		comparison->inputs[0].label, tl_compare_method);
	md_checks(out, comparison);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
