/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The comparison as JUnit XML, for CI test viewers: a testcase per cell and
 * later result (classname timerlab.compare.<label>), failed by every gate
 * that cell tripped and skipped where a side lacks the cell; and a testcase
 * per gate, failed when it tripped, with the cells that did it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report-compare.h"
#include "xml.h"

static void junit_attribute(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	tl_xml_escape(out, value);
	fputc('"', out);
}

/* The gates cell c of input i tripped, "; "-joined; how many. */
static size_t junit_cell_trips(const struct tl_comparison *comparison, size_t c, size_t i,
			       char *text, size_t size)
{
	size_t count = 0;

	text[0] = '\0';
	for (size_t g = 0; g < comparison->gate_count; g++) {
		const struct tl_gate_verdict *verdict = &comparison->gates[g];

		for (size_t t = 0; t < verdict->trip_count; t++) {
			char trip[512], item[720];

			if (verdict->trips[t].cell != c || verdict->trips[t].input != i)
				continue;
			tl_compare_text_trip(comparison, verdict, &verdict->trips[t],
					     trip, sizeof(trip));
			snprintf(item, sizeof(item), "gate %s: %s", verdict->gate.text,
				 trip);
			if (count++)
				strncat(text, "; ", size - strlen(text) - 1);
			strncat(text, item, size - strlen(text) - 1);
		}
	}
	return count;
}

/* The p50, p99 and max of both sides, and how each changed. */
static void junit_cell_summary(const struct tl_compare_cell *cell, size_t input,
			       char *text, size_t size)
{
	static const enum tl_metric shown[] = { TL_METRIC_P50, TL_METRIC_P99,
						TL_METRIC_MAX, TL_METRIC_MISSED,
						TL_METRIC_EARLY };

	text[0] = '\0';
	for (size_t s = 0; s < sizeof(shown) / sizeof(shown[0]); s++) {
		const struct tl_change *change = tl_compare_change(cell, input, shown[s]);
		char base[32], value[32], percent[32], item[160];

		if (!change->known)
			continue;
		tl_compare_text_value(shown[s], change->base, base, sizeof(base));
		tl_compare_text_value(shown[s], change->value, value, sizeof(value));
		tl_compare_text_percent(shown[s], change, percent, sizeof(percent));
		snprintf(item, sizeof(item), "%s%s %s -> %s (%s)", text[0] ? ", " : "",
			 tl_metric_name(shown[s]), base, value, percent);
		strncat(text, item, size - strlen(text) - 1);
	}
}

static void junit_cell(FILE *out, const struct tl_comparison *comparison, size_t c,
		       size_t i, size_t *failures, size_t *skipped)
{
	const struct tl_compare_cell *cell = &comparison->cells[c];
	char classname[128], text[4096];

	snprintf(classname, sizeof(classname), "timerlab.compare.%s",
		 comparison->inputs[i].label);
	fputs("    <testcase", out);
	junit_attribute(out, "classname", classname);
	junit_attribute(out, "name", cell->key);
	fputs(">\n", out);
	if (!cell->cells[0] || !cell->cells[i] || cell->cells[0]->unsupported ||
	    cell->cells[i]->unsupported) {
		fputs("      <skipped", out);
		junit_attribute(out, "message",
				!cell->cells[i]	  ? "not in this result"
				: !cell->cells[0] ? "not in the base result"
						  : "n/a");
		fputs("/>\n", out);
		++*skipped;
	} else if (junit_cell_trips(comparison, c, i, text, sizeof(text))) {
		fputs("      <failure type=\"gate\"", out);
		junit_attribute(out, "message", text);
		fputs("/>\n", out);
		++*failures;
	}
	junit_cell_summary(cell, i, text, sizeof(text));
	if (text[0]) {
		fputs("      <system-out>", out);
		tl_xml_escape(out, text);
		fputs("</system-out>\n", out);
	}
	fputs("    </testcase>\n", out);
}

static void junit_gate(FILE *out, const struct tl_comparison *comparison,
		       const struct tl_gate_verdict *verdict)
{
	char text[512];

	fputs("    <testcase classname=\"timerlab.compare.gates\"", out);
	junit_attribute(out, "name", verdict->gate.text);
	fputs(">\n", out);
	tl_compare_text_verdict(verdict, text, sizeof(text));
	if (!verdict->passed) {
		fputs("      <failure type=\"gate\"", out);
		junit_attribute(out, "message", text);
		fputs(">", out);
		for (size_t t = 0; t < verdict->trip_count; t++) {
			tl_compare_text_trip(comparison, verdict, &verdict->trips[t],
					     text, sizeof(text));
			tl_xml_escape(out, text);
			fputs("&#10;", out);
		}
		fputs("</failure>\n", out);
	} else {
		fputs("      <system-out>", out);
		tl_xml_escape(out, text);
		fputs("</system-out>\n", out);
	}
	fputs("    </testcase>\n", out);
}

int tl_report_compare_junit(FILE *out, const struct tl_comparison *comparison,
			    const struct tl_format_options *options)
{
	size_t cases = comparison->cell_count * (comparison->input_count - 1);
	size_t failures = 0, skipped = 0, tripped = 0;
	char *cells = NULL;
	size_t cells_size = 0;
	FILE *buffer = open_memstream(&cells, &cells_size);

	(void)options;
	if (!buffer)
		return -ENOMEM;
	/* the cells first, into memory: the suite's counts go before them */
	for (size_t c = 0; c < comparison->cell_count; c++)
		for (size_t i = 1; i < comparison->input_count; i++)
			junit_cell(buffer, comparison, c, i, &failures, &skipped);
	if (fclose(buffer) == EOF) {
		free(cells);
		return -ENOMEM;
	}
	for (size_t g = 0; g < comparison->gate_count; g++)
		tripped += !comparison->gates[g].passed;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out,
		"<testsuites name=\"timerlab compare\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
		cases + comparison->gate_count, failures + tripped, skipped);
	fprintf(out,
		"  <testsuite name=\"timerlab.compare.cells\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
		cases, failures, skipped);
	fwrite(cells, 1, cells_size, out);
	free(cells);
	fputs("  </testsuite>\n", out);
	if (comparison->gate_count) {
		fprintf(out,
			"  <testsuite name=\"timerlab.compare.gates\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
			comparison->gate_count, tripped);
		for (size_t g = 0; g < comparison->gate_count; g++)
			junit_gate(out, comparison, &comparison->gates[g]);
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
