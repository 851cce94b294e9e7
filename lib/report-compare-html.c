/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The comparison as one self-contained HTML page (as report-html.c's:
 * inline CSS and SVG, well-formed XML): the inputs, the gates, what is not
 * like for like, the p50, p99 and max of each cell across the results with
 * their changes (significant ones marked), the check x result matrix with
 * the verdicts that differ from BASE marked, and per cell its latency by
 * percentile overlaid across the results, drawn by gnuplot. Without gnuplot
 * the page says so and keeps the tables.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gnuplot.h"
#include "hist-levels.h"
#include "report-compare.h"
#include "xml.h"

static const char compare_html_style[] =
	"body{font-family:sans-serif;margin:1.5em auto;max-width:1200px;color:#222}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}h3{font-size:1em}\n"
	"table{border-collapse:collapse;font-size:0.85em}\n"
	"td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}\n"
	"td.text,th.text{text-align:left}td.changed{color:#b00;font-weight:bold}\n"
	"p.warning{color:#b00}figure{margin:0.6em 0;width:100%}svg{width:100%;height:auto}\n";

static void compare_html_text(FILE *out, const char *text)
{
	tl_xml_escape(out, text ? text : "");
}

/* One curve's rows: "1/(1-p) value_us", positive values only (log y). */
static void compare_html_level(void *context, double level, int64_t value_ns,
			       uint64_t cumulative, bool last)
{
	FILE *out = context;

	(void)cumulative;
	if (!last && value_ns > 0)
		fprintf(out, "%.6g %.3f\n", 1.0 / (1.0 - level / 100),
			(double)value_ns / 1e3);
}

/* A row's curves across the inputs; the plot's index, or -1 for none. */
static long compare_html_plot(struct tl_gnuplot *batch, const struct tl_comparison *c,
			      const struct tl_compare_cell *row)
{
	char path[PATH_MAX + 32], *commands = NULL;
	size_t size = 0, curves = 0;
	FILE *script = open_memstream(&commands, &size);

	if (!script)
		return -1;
	fprintf(script, "set title ");
	tl_gnuplot_quote(script, row->key);
	fprintf(script,
		"\nset logscale x\nset logscale y\nset grid\nset key left top reverse Left\n"
		"set xlabel 'percentile'\nset ylabel 'latency (us)'\n"
		"set xtics ('50%%%%' 2, '90%%%%' 10, '99%%%%' 100, '99.9%%%%' 1000, '99.99%%%%' 10000)\n"
		"plot ");
	for (size_t i = 0; i < c->input_count; i++) {
		const struct tl_cell_result *cell = row->cells[i];
		FILE *data;

		if (!cell || cell->unsupported || !cell->hist || !cell->samples)
			continue;
		data = tl_gnuplot_data(batch, curves, path, sizeof(path));
		if (!data)
			break;
		tl_hist_levels(cell->hist, compare_html_level, data);
		fclose(data);
		fprintf(script, "%s'%s' using 1:2 with lines lw 1.5 title ",
			curves ? ", " : "", path);
		tl_gnuplot_quote(script, c->inputs[i].label);
		curves++;
	}
	fclose(script);
	if (!curves || tl_gnuplot_plot(batch, commands) < 0) {
		free(commands);
		return -1;
	}
	free(commands);
	return (long)batch->count - 1;
}

static void compare_html_inputs(FILE *out, const struct tl_comparison *c)
{
	char text[8192];

	fputs("<table>\n<tr><th class=\"text\">result</th><th class=\"text\">file</th>\n"
	      "<th class=\"text\">kernel</th><th class=\"text\">note</th></tr>\n",
	      out);
	for (size_t i = 0; i < c->input_count; i++) {
		const struct tl_compare_input *input = &c->inputs[i];

		fputs("<tr><td class=\"text\">", out);
		compare_html_text(out, input->label);
		fputs(i ? "" : " (base)", out);
		fputs("</td><td class=\"text\">", out);
		compare_html_text(out, input->path);
		fputs("</td><td class=\"text\">", out);
		compare_html_text(out, input->result.env.kernel_release);
		fputs("</td><td class=\"text\">", out);
		compare_html_text(out, input->note);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	for (size_t g = 0; g < c->gate_count; g++) {
		tl_compare_text_verdict(&c->gates[g], text, sizeof(text));
		fprintf(out, "<p%s>gate <code>",
			c->gates[g].passed ? "" : " class=\"warning\"");
		compare_html_text(out, c->gates[g].gate.text);
		fputs("</code>: ", out);
		compare_html_text(out, text);
		fputs("</p>\n", out);
	}
	for (unsigned k = 0; k < TL_CONDITION_COUNT; k++) {
		if (!c->differs[k])
			continue;
		tl_compare_text_difference(c, (enum tl_condition)k, text, sizeof(text));
		fputs("<p class=\"warning\">not like for like: ", out);
		compare_html_text(out, text);
		fputs("</p>\n", out);
	}
}

static void compare_html_cells(FILE *out, const struct tl_comparison *c)
{
	static const enum tl_metric metrics[] = { TL_METRIC_P50, TL_METRIC_P99,
						  TL_METRIC_MAX };

	fputs("<table>\n<tr><th class=\"text\">cell</th>", out);
	for (size_t m = 0; m < 3; m++)
		for (size_t i = 0; i < c->input_count; i++) {
			fprintf(out, "<th>%s ", tl_metric_name(metrics[m]));
			compare_html_text(out, c->inputs[i].label);
			fputs("</th>", out);
		}
	fputs("</tr>\n", out);
	for (size_t r = 0; r < c->cell_count; r++) {
		const struct tl_compare_cell *row = &c->cells[r];

		fputs("<tr><td class=\"text\">", out);
		compare_html_text(out, row->key);
		fputs("</td>", out);
		for (size_t m = 0; m < 3; m++) {
			for (size_t i = 0; i < c->input_count; i++) {
				const struct tl_change *change =
					tl_compare_change(row, i, metrics[m]);
				char value[32] = "-", percent[32] = "";
				double v;

				if (row->cells[i] &&
				    tl_metric_value(&c->inputs[i], row->cells[i],
						    metrics[m], &v))
					tl_compare_text_value(metrics[m], v, value,
							      sizeof(value));
				if (i && change->known)
					tl_compare_text_percent(metrics[m], change,
								percent, sizeof(percent));
				fprintf(out, "<td%s>%s %s</td>",
					change->significant ? " class=\"changed\"" : "",
					value, percent);
			}
		}
		fputs("</tr>\n", out);
	}
	fprintf(out, "</table>\n<p>Latencies in us; * marks a significant change: ");
	compare_html_text(out, tl_compare_method);
	fputs("</p>\n", out);
}

static void compare_html_checks(FILE *out, const struct tl_comparison *c)
{
	if (!c->check_count)
		return;
	fputs("<h2>Checks</h2>\n<table>\n<tr><th class=\"text\">check</th>", out);
	for (size_t i = 0; i < c->input_count; i++) {
		fputs("<th class=\"text\">", out);
		compare_html_text(out, c->inputs[i].label);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (size_t k = 0; k < c->check_count; k++) {
		const struct tl_compare_check *check = &c->checks[k];
		const struct tl_check_result *base = check->checks[0];

		fputs("<tr><td class=\"text\">", out);
		compare_html_text(out, check->name);
		fputs("</td>", out);
		for (size_t i = 0; i < c->input_count; i++) {
			const struct tl_check_result *one = check->checks[i];
			bool changed =
				i && one && (!base || one->verdict != base->verdict);

			fprintf(out, "<td class=\"text%s\">%s</td>",
				changed ? " changed" : "",
				one ? tl_verdict_name(one->verdict) : "-");
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void compare_html_plots(FILE *out, const struct tl_comparison *c)
{
	struct tl_gnuplot batch;
	long *plots = calloc(c->cell_count + 1, sizeof(*plots));
	int drawn;

	if (!plots || tl_gnuplot_begin(&batch, 720, 330) < 0) {
		free(plots);
		fputs("<p class=\"warning\">the plots could not be prepared</p>\n", out);
		return;
	}
	for (size_t r = 0; r < c->cell_count; r++)
		plots[r] = compare_html_plot(&batch, c, &c->cells[r]);
	drawn = batch.count ? tl_gnuplot_draw(&batch) : 0;
	if (drawn == -ENOENT)
		fputs("<p class=\"warning\">gnuplot is not installed here, so the plots are left out (tools/deps build installs gnuplot-nox).</p>\n",
		      out);
	else
		fputs("<h2>Each cell: latency by percentile across the results</h2>\n",
		      out);
	for (size_t r = 0; r < c->cell_count && drawn != -ENOENT; r++) {
		char prefix[32], *svg = NULL;

		snprintf(prefix, sizeof(prefix), "p%ld_", plots[r]);
		if (plots[r] < 0 ||
		    tl_gnuplot_svg(&batch, (size_t)plots[r], prefix, &svg) < 0 || !svg)
			continue;
		fprintf(out, "<figure>%s</figure>\n", svg);
		free(svg);
	}
	tl_gnuplot_end(&batch);
	free(plots);
}

int tl_report_compare_html(FILE *out, const struct tl_comparison *comparison,
			   const struct tl_format_options *options)
{
	(void)options;
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
		"<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
		"<meta charset=\"UTF-8\"/>\n<title>timerlab compare</title>\n"
		"<style>%s</style>\n</head>\n<body>\n<h1>timerlab compare: %zu results</h1>\n",
		compare_html_style, comparison->input_count);
	compare_html_inputs(out, comparison);
	fputs("<h2>Side by side</h2>\n", out);
	compare_html_cells(out, comparison);
	compare_html_checks(out, comparison);
	compare_html_plots(out, comparison);
	fputs("</body>\n</html>\n", out);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
