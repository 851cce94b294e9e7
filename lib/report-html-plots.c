/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report's plots, each a data file and a few gnuplot commands:
 *
 * - per clock, every measured cell's latency by percentile overlaid, the x
 *   axis 1/(1-p) on a log scale labelled 50 % .. 99.99 % (the convention of
 *   HdrHistogram's plotter), the levels where fewer than 10 samples lie
 *   above shaded;
 * - per cell, its histogram with a log y axis from below 1, so that a
 *   single outlier shows (OSADL's latency plots), the max in the title;
 * - per cell, latency over time: each timeline bin's min to max.
 *
 * Every plot has at least one point gnuplot can draw: in a script read
 * from stdin, an error ends gnuplot and every plot after it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist-levels.h"
#include "report-html.h"

/* What a plot of more points than this would add to the page's size is
 * not worth it: the histogram's buckets and the timeline's bins are merged
 * down to it (a merged bin keeps its min and its max, so no spike goes). */
#define PLOTS_MAX_POINTS 160
#define PLOTS_HIST_GROUPS 80

static bool plots_measured(const struct tl_cell_result *cell)
{
	return !cell->unsupported && cell->hist && cell->samples;
}

/* One curve's rows, "1/(1-p) value_us"; only positive values (log y). */
struct plots_curve {
	FILE *out;
	size_t rows;
};

static void plots_level(void *context, double level, int64_t value_ns,
			uint64_t cumulative, bool last)
{
	struct plots_curve *curve = context;

	(void)cumulative;
	if (last || value_ns <= 0)
		return;
	fprintf(curve->out, "%.6g %.3f\n", 1.0 / (1.0 - level / 100),
		(double)value_ns / 1e3);
	curve->rows++;
}

static int plots_add(struct tl_html_plots *plots, char *commands, size_t *index)
{
	int err = commands ? tl_gnuplot_plot(&plots->batch, commands) : -ENOMEM;

	if (!err)
		*index = plots->batch.count - 1;
	free(commands);
	return err;
}

/* Every measured cell of clock, a curve each. */
static int plots_overlay(struct tl_html_plots *plots, const struct tl_result *result,
			 const char *clock, size_t *index)
{
	char path[PATH_MAX + 32], *commands = NULL;
	size_t size = 0, curves = 0;
	uint64_t fewest = UINT64_MAX;
	FILE *script = open_memstream(&commands, &size);

	if (!script)
		return -ENOMEM;
	fprintf(script, "plot ");
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];
		struct plots_curve curve = { NULL, 0 };

		if (!plots_measured(cell) || strcmp(cell->clock, clock) != 0)
			continue;
		curve.out = tl_gnuplot_data(&plots->batch, curves, path, sizeof(path));
		if (!curve.out) {
			fclose(script);
			free(commands);
			return -errno;
		}
		tl_hist_levels(cell->hist, plots_level, &curve);
		fclose(curve.out);
		if (!curve.rows)
			continue;
		fprintf(script, "%s'%s' using 1:2 with lines lw 1.5 title ",
			curves ? ", " : "", path);
		tl_gnuplot_quote(script, cell->key);
		if (cell->samples < fewest)
			fewest = cell->samples;
		curves++;
	}
	fclose(script);
	if (!curves) {
		free(commands);
		*index = TL_HTML_NO_PLOT;
		return 0;
	}
	/* settings go before the plot command */
	char *full = NULL;
	size_t full_size = 0;
	FILE *all = open_memstream(&full, &full_size);

	if (!all) {
		free(commands);
		return -ENOMEM;
	}
	/* the clock is the result's text, not ours: quoted like a key */
	char title[160];

	snprintf(title, sizeof(title), "%s: latency by percentile, every cell", clock);
	fprintf(all, "set title ");
	tl_gnuplot_quote(all, title);
	fprintf(all,
		"\nset logscale x\nset logscale y\n"
		"set xlabel 'percentile'\nset ylabel 'latency (us)'\n"
		"set xtics ('50%%%%' 2, '90%%%%' 10, '99%%%%' 100, '99.9%%%%' 1000, '99.99%%%%' 10000, '99.999%%%%' 100000)\n"
		"set grid\nset key left top reverse Left font ',8'\n"
		"set object 1 rect from %g, graph 0 to graph 1, graph 1 fillcolor rgb '#e8e8e8' fillstyle solid noborder behind\n"
		"set label 1 'fewer than 10 samples above' at %g, graph 0.03 font ',8' tc rgb '#666666'\n"
		"%s",
		fewest / 10.0, fewest / 10.0 * 1.1, commands);
	fclose(all);
	free(commands);
	return plots_add(plots, full, index);
}

/* The histogram's buckets in about PLOTS_HIST_GROUPS groups, evenly in
 * value, each at its group's middle (us) with the group's count. */
static size_t plots_histogram_rows(FILE *data, const struct tl_hist *hist)
{
	struct tl_hist_iter iter;
	struct tl_hist_bucket bucket;
	/* in double: a loaded result may hold any min and max, and their
	 * difference in int64 could overflow */
	double span = ((double)hist->max_ns - (double)hist->min_ns) / PLOTS_HIST_GROUPS;
	double group_end = -1e300, group_low = 0;
	uint64_t count = 0;
	size_t rows = 0;

	if (span < 1)
		span = 1;
	tl_hist_iter_init(&iter, hist);
	while (tl_hist_iter_next(&iter, &bucket)) {
		double value = (double)tl_hist_bucket_value(hist, &bucket);

		if (count && value > group_end) {
			fprintf(data, "%.3f %llu\n", (group_low + span / 2) / 1e3,
				(unsigned long long)count);
			rows++;
			count = 0;
		}
		if (!count) {
			group_low = value;
			group_end = value + span;
		}
		count += bucket.count;
	}
	if (count) {
		fprintf(data, "%.3f %llu\n", (group_low + span / 2) / 1e3,
			(unsigned long long)count);
		rows++;
	}
	return rows;
}

static int plots_histogram(struct tl_html_plots *plots, const struct tl_cell_result *cell,
			   size_t *index)
{
	char path[PATH_MAX + 32], *commands = NULL;
	size_t size = 0;
	FILE *data = tl_gnuplot_data(&plots->batch, 0, path, sizeof(path)), *script;

	if (!data)
		return -errno;
	plots_histogram_rows(data, cell->hist);
	fclose(data);
	script = open_memstream(&commands, &size);
	if (!script)
		return -ENOMEM;
	fprintf(script, "set title ");
	tl_gnuplot_quote(script, cell->key);
	fprintf(script,
		"\nset label 1 'max %.1f us' at graph 0.98, graph 0.92 right\n"
		"set logscale y\nset yrange [0.5:*]\nset grid\n"
		"set xlabel 'latency (us)'\nset ylabel 'wakeups'\n"
		"plot '%s' using 1:2 with impulses lw 2 lc rgb '#3182bd' notitle\n",
		(double)cell->max_ns / 1e3, path);
	fclose(script);
	return plots_add(plots, commands, index);
}

/* Each round's bins, min and max, merged down to PLOTS_MAX_POINTS over the
 * cell; x in seconds from the cell's first wake; a blank line between
 * rounds, so that a gap in time is a gap in the plot. */
static size_t plots_timeline_rows(FILE *data, const struct tl_cell_result *cell)
{
	size_t bins = 0, rows = 0;
	int64_t start = INT64_MAX;

	for (size_t r = 0; r < cell->round_count; r++) {
		bins += cell->rounds[r].timeline_count;
		if (cell->rounds[r].timeline_count &&
		    cell->rounds[r].timeline[0].end_ns < start)
			start = cell->rounds[r].timeline[0].end_ns;
	}
	size_t merge = bins / PLOTS_MAX_POINTS + 1;

	for (size_t r = 0; r < cell->round_count; r++) {
		const struct tl_round_summary *round = &cell->rounds[r];

		for (size_t i = 0; i < round->timeline_count; i += merge) {
			int64_t low = INT64_MAX, high = INT64_MIN, end = 0;

			for (size_t k = i; k < i + merge && k < round->timeline_count;
			     k++) {
				const struct tl_timeline_bin *bin = &round->timeline[k];

				if (bin->min_ns > bin->max_ns)
					continue; /* saw no sample */
				low = bin->min_ns < low ? bin->min_ns : low;
				high = bin->max_ns > high ? bin->max_ns : high;
				end = bin->end_ns;
			}
			if (low > high)
				continue;
			fprintf(data, "%.6f %.3f %.3f\n", (double)(end - start) / 1e9,
				(double)low / 1e3, (double)high / 1e3);
			rows++;
		}
		fputc('\n', data);
	}
	return rows;
}

static int plots_timeline(struct tl_html_plots *plots, const struct tl_cell_result *cell,
			  size_t *index)
{
	char path[PATH_MAX + 32], *commands = NULL;
	size_t size = 0, rows;
	FILE *data = tl_gnuplot_data(&plots->batch, 0, path, sizeof(path)), *script;

	if (!data)
		return -errno;
	rows = plots_timeline_rows(data, cell);
	fclose(data);
	if (!rows) {
		*index = TL_HTML_NO_PLOT;
		return 0;
	}
	script = open_memstream(&commands, &size);
	if (!script)
		return -ENOMEM;
	fprintf(script, "set title ");
	tl_gnuplot_quote(script, cell->key);
	fprintf(script,
		"\nset grid\nset xlabel 'time (s) from its first wakeup'\nset ylabel 'latency (us)'\n"
		"plot '%s' using 1:2:3 with filledcurves fc rgb '#9ecae1' title 'min to max', '' using 1:3 with lines lc rgb '#08519c' title 'max'\n",
		path);
	fclose(script);
	return plots_add(plots, commands, index);
}

static void plots_clocks(struct tl_html_plots *plots, const struct tl_result *result)
{
	for (size_t i = 0; i < result->cell_count; i++) {
		const char *clock = result->cells[i].clock;
		size_t c = 0;

		if (!plots_measured(&result->cells[i]))
			continue;
		while (c < plots->clock_count && strcmp(plots->clocks[c], clock) != 0)
			c++;
		if (c == plots->clock_count && c < TL_HTML_MAX_CLOCKS)
			plots->clocks[plots->clock_count++] = clock;
	}
}

int tl_html_plots_draw(struct tl_html_plots *plots, const struct tl_result *result)
{
	int err;

	memset(plots, 0, sizeof(*plots));
	plots->histograms = calloc(result->cell_count + 1, sizeof(size_t));
	plots->timelines = calloc(result->cell_count + 1, sizeof(size_t));
	if (!plots->histograms || !plots->timelines)
		return -ENOMEM;
	for (size_t i = 0; i < result->cell_count; i++)
		plots->histograms[i] = plots->timelines[i] = TL_HTML_NO_PLOT;
	err = tl_gnuplot_begin(&plots->batch, 720, 330);
	if (err) {
		plots->drawn = err;
		return 0;
	}
	plots_clocks(plots, result);
	for (size_t c = 0; c < plots->clock_count && !err; c++)
		err = plots_overlay(plots, result, plots->clocks[c], &plots->overlays[c]);
	for (size_t i = 0; i < result->cell_count && !err; i++) {
		if (!plots_measured(&result->cells[i]))
			continue;
		err = plots_histogram(plots, &result->cells[i], &plots->histograms[i]);
		if (!err)
			err = plots_timeline(plots, &result->cells[i],
					     &plots->timelines[i]);
	}
	if (err)
		return err;
	plots->drawn = plots->batch.count ? tl_gnuplot_draw(&plots->batch) : 0;
	return 0;
}

void tl_html_plots_free(struct tl_html_plots *plots)
{
	tl_gnuplot_end(&plots->batch);
	free(plots->histograms);
	free(plots->timelines);
	plots->histograms = plots->timelines = NULL;
}
