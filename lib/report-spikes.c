/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The spikes of a traced run (--trace-over) in the table and in the HTML
 * report: a note per cell, then each spike's culprit and its parts. An
 * untraced run prints nothing here, so its table is as it always was.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "trace-analysis.h"
#include "xml.h"

/* Whether the run asked to trace; a run that could not trace says so. */
static bool spikes_asked(const struct tl_result *result)
{
	return result->options.trace_over_ns > 0;
}

static bool spikes_measured(const struct tl_cell_result *cell)
{
	return !cell->unsupported && !cell->error && cell->samples;
}

/* A part as the list of parts names it: "task rt-hog", "softirq RCU". */
static void spikes_part_name(const struct tl_spike_part *part, char *buf, size_t size)
{
	if (!strcmp(part->kind, "task"))
		snprintf(buf, size, "task %s (pid %d)", part->name, part->pid);
	else if (!strcmp(part->kind, "irq"))
		snprintf(buf, size, "IRQ %d %s", part->irq, part->name);
	else if (!strcmp(part->kind, "softirq") || !strcmp(part->kind, "hrtimer"))
		snprintf(buf, size, "%s %s", part->kind, part->name);
	else
		snprintf(buf, size, "%s", part->kind);
}

static void spikes_table_one(FILE *out, const struct tl_spike *spike)
{
	fprintf(out, "%s\n  parts (us):", spike->culprit ? spike->culprit : "?");
	for (size_t i = 0; i < spike->part_count; i++) {
		char name[128];

		spikes_part_name(&spike->parts[i], name, sizeof(name));
		fprintf(out, "%s %s %.1f", i ? "," : "", name,
			(double)spike->parts[i].duration_ns / 1000.0);
	}
	fputc('\n', out);
	if (spike->next_latency_ns >= 0)
		fprintf(out,
			"  the sample after it: %.1f us (flagged: the marking may delay it)\n",
			(double)spike->next_latency_ns / 1000.0);
	if (spike->lacks)
		fprintf(out, "  coarser: %s\n", spike->lacks);
	if (spike->file)
		fprintf(out, "  trace: %s\n", spike->file);
}

void tl_report_table_spikes(FILE *out, const struct tl_result *result)
{
	const double over_us = (double)result->options.trace_over_ns / 1000.0;
	size_t total = 0;

	if (!spikes_asked(result))
		return;
	if (!result->env.traced) {
		fprintf(out,
			"note: --trace-over %.0fus: the run could not trace, measured untraced\n",
			over_us);
		return;
	}
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (!spikes_measured(cell))
			continue;
		total += cell->spike_count;
		if (cell->spike_count)
			fprintf(out,
				"note: %s: %zu wakeup%s over %.0f us traced, explained below\n",
				cell->key, cell->spike_count,
				cell->spike_count == 1 ? "" : "s", over_us);
		else
			fprintf(out, "note: %s: traced, no wakeup over %.0f us\n",
				cell->key, over_us);
	}
	if (!total)
		return;
	fprintf(out, "\nspikes (wakeups over %.0f us, traced with %s):\n", over_us,
		result->env.trace_events);
	for (size_t i = 0; i < result->cell_count; i++)
		for (size_t k = 0; k < result->cells[i].spike_count; k++)
			spikes_table_one(out, &result->cells[i].spikes[k]);
}

/* A colour per kind of part, so that bars read alike across spikes. */
static const char *spikes_colour(const char *kind)
{
	static const struct {
		const char *kind, *colour;
	} colours[] = {
		{ "expiry", "#8c6bb1" },    { "irq", "#e31a1c" },
		{ "softirq", "#fd8d3c" },   { "hrtimer", "#fdae6b" },
		{ "timer-irq", "#9e9ac8" }, { "task", "#2171b5" },
		{ "wake", "#74c476" },	    { "run", "#31a354" },
		{ "signal", "#a1d99b" },
	};

	for (size_t i = 0; i < sizeof(colours) / sizeof(colours[0]); i++)
		if (!strcmp(kind, colours[i].kind))
			return colours[i].colour;
	return "#bbbbbb"; /* unexplained */
}

static void spikes_html_one(FILE *out, const struct tl_spike *spike)
{
	const double latency = spike->latency_ns > 0 ? (double)spike->latency_ns : 1.0;

	fputs("<li><p>", out);
	tl_xml_escape(out, spike->culprit ? spike->culprit : "?");
	fputs("</p>\n<div class=\"spike\">", out);
	for (size_t i = 0; i < spike->part_count; i++) {
		const struct tl_spike_part *part = &spike->parts[i];
		char text[256];

		tl_spike_part_describe(part, text, sizeof(text));
		fprintf(out, "<span style=\"width:%.2f%%;background:%s\" title=\"",
			100.0 * (double)part->duration_ns / latency,
			spikes_colour(part->kind));
		tl_xml_escape(out, text);
		fputs("\"></span>", out);
	}
	fputs("</div>\n<ul class=\"parts\">", out);
	for (size_t i = 0; i < spike->part_count; i++) {
		char text[256];

		tl_spike_part_describe(&spike->parts[i], text, sizeof(text));
		fprintf(out, "<li><span class=\"key\" style=\"background:%s\"></span>",
			spikes_colour(spike->parts[i].kind));
		tl_xml_escape(out, text);
		fputs("</li>", out);
	}
	fputs("</ul>\n", out);
	if (spike->next_latency_ns >= 0)
		fprintf(out,
			"<p class=\"note\">The sample after it: %.1f us (flagged: the marking may delay it).</p>\n",
			(double)spike->next_latency_ns / 1000.0);
	if (spike->lacks) {
		fputs("<p class=\"note\">Coarser: ", out);
		tl_xml_escape(out, spike->lacks);
		fputs("</p>\n", out);
	}
	if (spike->file) {
		fputs("<p class=\"note\">Trace: <a href=\"", out);
		tl_xml_escape(out, spike->file);
		fputs("\">", out);
		tl_xml_escape(out, spike->file);
		fputs("</a></p>\n", out);
	}
	fputs("</li>\n", out);
}

void tl_report_html_spikes(FILE *out, const struct tl_result *result)
{
	if (!spikes_asked(result))
		return;
	fputs("<h2>Spikes explained</h2>\n", out);
	if (!result->env.traced) {
		fputs("<p class=\"warning\">--trace-over was asked, but the run could not trace (no root or no tracefs): measured untraced.</p>\n",
		      out);
		return;
	}
	fprintf(out, "<p>Wakeups over %.0f us, from a trace of the measured CPU with ",
		(double)result->options.trace_over_ns / 1000.0);
	tl_xml_escape(out, result->env.trace_events);
	fputs(". Each bar is the latency, split into what ran from the deadline to the wake.</p>\n",
	      out);
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (!spikes_measured(cell))
			continue;
		fputs("<h3>", out);
		tl_xml_escape(out, cell->key);
		fputs("</h3>\n", out);
		if (!cell->spike_count) {
			fputs("<p>No wakeup over the threshold.</p>\n", out);
			continue;
		}
		fputs("<ol class=\"spikes\">\n", out);
		for (size_t k = 0; k < cell->spike_count; k++)
			spikes_html_one(out, &cell->spikes[k]);
		fputs("</ol>\n", out);
	}
}
