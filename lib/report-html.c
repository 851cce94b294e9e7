/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report, index.html: one self-contained page (inline CSS and SVG,
 * nothing fetched) that opens with how the numbers were obtained and the
 * side-by-side table, then the plots: per clock every path's latency by
 * percentile, then each cell's histogram and latency over time. It is
 * well-formed XML (an XHTML page), so that xmllint can check it, and it
 * says so when gnuplot is missing, keeping the tables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-html.h"
#include "report.h"
#include "xml.h"

static const char html_style[] =
	"body{font-family:sans-serif;margin:1.5em auto;max-width:1200px;color:#222}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}h3{font-size:1em}\n"
	"table{border-collapse:collapse;font-size:0.85em}\n"
	"td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}\n"
	"td.text,th.text{text-align:left}tr.na td{color:#888}\n"
	"td.rough{color:#999;font-style:italic}td.bad{color:#b00;font-weight:bold}\n"
	"table.env td{text-align:left}p.warning{color:#b00}\n"
	"figure{margin:0.6em 0;width:100%}svg{width:100%;height:auto}\n"
	"section.cell{display:flex;flex-wrap:wrap;gap:8px}section.cell h3{width:100%}\n"
	"section.cell figure{width:590px;max-width:100%}\n"
	"div.spike{display:flex;height:18px;width:100%;max-width:900px;border:1px solid #999}\n"
	"div.spike span{display:block;height:100%}ul.parts{font-size:0.85em}\n"
	"ul.parts span.key{display:inline-block;width:10px;height:10px;margin-right:4px}\n"
	"p.note{font-size:0.85em;color:#555;margin:0.2em 0}\n";

static void html_text(FILE *out, const char *text)
{
	tl_xml_escape(out, text ? text : "");
}

static void html_env_row(FILE *out, const char *name, const char *value)
{
	fputs("<tr><th class=\"text\">", out);
	html_text(out, name);
	fputs("</th><td>", out);
	html_text(out, value);
	fputs("</td></tr>\n", out);
}

static void html_environment(FILE *out, const struct tl_result *result)
{
	const struct tl_env *env = &result->env;
	char text[512];

	fputs("<table class=\"env\">\n", out);
	snprintf(text, sizeof(text), "Linux %s (%s), %s", env->kernel_release,
		 env->kernel_version, env->machine);
	html_env_row(out, "kernel", text);
	snprintf(text, sizeof(text), "%s; HZ %d; nohz %s", env->preempt, env->hz,
		 env->nohz);
	html_env_row(out, "preempt", text);
	html_env_row(out, "clocksource", env->clocksource);
	snprintf(text, sizeof(text), "%s%s%s", env->virtualized ? "yes" : "no",
		 env->virtualization[0] ? ": " : "", env->virtualization);
	html_env_row(out, "virtualized", text);
	if (env->realtime.known) {
		snprintf(text, sizeof(text), "%s %d on CPU %d%s; the parent on CPUs %s",
			 env->realtime.policy, env->realtime.priority, env->realtime.cpu,
			 env->realtime.mlocked ? ", mlocked" : "",
			 env->realtime.parent_cpus);
		html_env_row(out, "realtime obtained", text);
	}
	html_env_row(out, "load", env->load_command[0] ? env->load_command : "none");
	snprintf(text, sizeof(text), "%s to %s%s", result->started, result->finished,
		 result->checkpoint    ? " (partial: a checkpoint of a run not finished)"
		 : result->interrupted ? " (interrupted)"
				       : "");
	html_env_row(out, "measured", text);
	html_env_row(out, "cpu", env->cpu_model);
	fputs("</table>\n", out);
}

static void html_us(FILE *out, int64_t ns, uint64_t above, bool percentile)
{
	bool rough = percentile && above < TL_TAIL_MIN_ABOVE;

	fprintf(out, "<td%s>%s%.1f</td>", rough ? " class=\"rough\"" : "",
		rough ? "~" : "", (double)ns / 1e3);
}

static void html_cell_row(FILE *out, const struct tl_cell_result *cell, size_t index)
{
	fprintf(out, "<tr%s><td class=\"text\">",
		cell->unsupported ? " class=\"na\"" : "");
	if (!cell->unsupported && cell->samples)
		fprintf(out, "<a href=\"#cell-%zu\">", index);
	html_text(out, cell->key);
	if (!cell->unsupported && cell->samples)
		fputs("</a>", out);
	fprintf(out, "%s</td>", cell->emulated ? " (emulated)" : "");
	if (cell->unsupported || !cell->samples) {
		fputs("<td class=\"text\" colspan=\"11\">", out);
		if (cell->unsupported)
			fputs("n/a: ", out);
		html_text(out, cell->unsupported ? cell->unsupported : cell->error);
		fputs("</td></tr>\n", out);
		return;
	}
	fprintf(out, "<td>%llu</td>", (unsigned long long)cell->samples);
	html_us(out, cell->min_ns, 0, false);
	html_us(out, cell->p50_ns, cell->p50_above, true);
	html_us(out, cell->p90_ns, cell->p90_above, true);
	html_us(out, cell->p99_ns, cell->p99_above, true);
	html_us(out, cell->p999_ns, cell->p999_above, true);
	html_us(out, cell->max_ns, 0, false);
	html_us(out, (int64_t)cell->stddev_ns, 0, false);
	fprintf(out, "<td%s>%llu</td><td>%llu</td><td>%llu</td></tr>\n",
		cell->early ? " class=\"bad\"" : "", (unsigned long long)cell->early,
		(unsigned long long)cell->missed, (unsigned long long)cell->folded);
}

static void html_table(FILE *out, const struct tl_result *result)
{
	fputs("<table>\n"
	      "<tr><th class=\"text\">cell</th><th>samples</th><th>min</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>stddev</th><th>early</th><th>missed</th><th>folded</th></tr>\n",
	      out);
	for (size_t i = 0; i < result->cell_count; i++)
		html_cell_row(out, &result->cells[i], i);
	fprintf(out,
		"</table>\n<p>Latencies in us. ~: fewer than %d samples above that percentile, a rough figure (shaded in the plots). early: woke before the deadline; missed: deadlines served late by a later wakeup; folded: served after the wake time.</p>\n",
		TL_TAIL_MIN_ABOVE);
}

static void html_checks(FILE *out, const struct tl_result *result)
{
	if (!result->check_count)
		return;
	fputs("<h2>Checks</h2>\n<table>\n"
	      "<tr><th class=\"text\">check</th><th class=\"text\">verdict</th><th class=\"text\">reason</th></tr>\n",
	      out);
	for (size_t i = 0; i < result->check_count; i++) {
		const struct tl_check_result *check = &result->checks[i];
		bool bad = check->verdict == TL_VERDICT_FAIL ||
			   check->verdict == TL_VERDICT_ERROR ||
			   check->verdict == TL_VERDICT_TIMEOUT;

		fputs("<tr><td class=\"text\">", out);
		html_text(out, check->name);
		fprintf(out, "</td><td class=\"text%s\">%s</td><td class=\"text\">",
			bad ? " bad" : "", tl_verdict_name(check->verdict));
		html_text(out, check->reason);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* Plot index of the batch, inline, its ids prefixed; nothing when it was
 * not drawn. */
static void html_plot(FILE *out, const struct tl_html_plots *plots, size_t index)
{
	char prefix[32], *svg;

	if (index == TL_HTML_NO_PLOT || plots->drawn == -ENOENT)
		return;
	snprintf(prefix, sizeof(prefix), "p%zu_", index);
	if (tl_gnuplot_svg(&plots->batch, index, prefix, &svg) < 0 || !svg) {
		fputs("<p class=\"warning\">this plot could not be drawn</p>\n", out);
		return;
	}
	fputs("<figure>", out);
	fputs(svg, out);
	fputs("</figure>\n", out);
	free(svg);
}

static void html_plots(FILE *out, const struct tl_result *result,
		       const struct tl_html_plots *plots)
{
	if (plots->drawn == -ENOENT) {
		fputs("<p class=\"warning\">gnuplot is not installed here, so the plots are left out (tools/deps build installs gnuplot-nox).</p>\n",
		      out);
		return;
	}
	if (plots->drawn < 0)
		fprintf(out,
			"<p class=\"warning\">gnuplot failed (%s): some plots are missing.</p>\n",
			strerror(-plots->drawn));
	fputs("<h2>Latency by percentile</h2>\n", out);
	for (size_t c = 0; c < plots->clock_count; c++)
		html_plot(out, plots, plots->overlays[c]);
	fputs("<h2>Each cell</h2>\n", out);
	for (size_t i = 0; i < result->cell_count; i++) {
		if (plots->histograms[i] == TL_HTML_NO_PLOT)
			continue;
		fprintf(out, "<section class=\"cell\" id=\"cell-%zu\"><h3>", i);
		html_text(out, result->cells[i].key);
		fputs("</h3>\n", out);
		html_plot(out, plots, plots->histograms[i]);
		html_plot(out, plots, plots->timelines[i]);
		fputs("</section>\n", out);
	}
}

int tl_report_html(FILE *out, const struct tl_result *result)
{
	struct tl_html_plots plots;
	int err = tl_html_plots_draw(&plots, result);

	if (!err) {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
		      "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
		      "<meta charset=\"UTF-8\"/>\n<title>timerlab: ",
		      out);
		html_text(out, result->env.hostname);
		fputs(", Linux ", out);
		html_text(out, result->env.kernel_release);
		fprintf(out,
			"</title>\n<style>%s</style>\n</head>\n<body>\n<h1>timerlab %s: ",
			html_style, result->tool_version);
		html_text(out, result->env.hostname);
		fputs(", Linux ", out);
		html_text(out, result->env.kernel_release);
		fputs("</h1>\n", out);
		html_environment(out, result);
		if (result->cell_count) {
			fputs("<h2>Side by side</h2>\n", out);
			html_table(out, result);
		}
		html_checks(out, result);
		if (result->cell_count)
			tl_report_html_spikes(out, result);
		if (result->cell_count)
			html_plots(out, result, &plots);
		fputs("</body>\n</html>\n", out);
	}
	tl_html_plots_free(&plots);
	if (err)
		return err;
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
