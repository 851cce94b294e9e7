/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bencher Metric Format, the JSON `bencher run --adapter json` reads:
 *
 *	{"<benchmark>": {"<measure>": {"value": V, "lower_value": L,
 *	                               "upper_value": U}}}
 *
 * A benchmark per measured cell, named by its key, with the measures
 * "p50", "p99" and "max": its wakeup latency in ns, from all its samples.
 * lower_value and upper_value are the lowest and the highest of that figure
 * over the rounds, so that V lies between them; with fewer than two rounds
 * there is no spread and they are left out. Cells n/a, failed or without
 * samples are left out: a failed measurement is no figure to track.
 */
#include <errno.h>
#include <jansson.h>

#include "report.h"

static json_t *bmf_cell(const struct tl_cell_result *cell)
{
	json_t *benchmark = json_object();

	for (int f = 0; benchmark && f < TL_ROUND_FIGURE_COUNT; f++) {
		enum tl_round_figure figure = (enum tl_round_figure)f;
		json_t *measure =
			json_pack("{s:I}", "value",
				  (json_int_t)tl_cell_result_figure(cell, figure));
		int64_t low, high;

		if (measure && tl_cell_result_round_span(cell, figure, &low, &high) &&
		    (json_object_set_new(measure, "lower_value", json_integer(low)) < 0 ||
		     json_object_set_new(measure, "upper_value", json_integer(high)) <
			     0)) {
			json_decref(measure);
			measure = NULL;
		}
		if (!measure ||
		    json_object_set_new(benchmark, tl_round_figure_name(figure),
					measure) < 0) {
			json_decref(benchmark);
			benchmark = NULL;
		}
	}
	return benchmark;
}

int tl_report_bmf(FILE *out, const struct tl_result *result)
{
	json_t *document = json_object();
	int err = document ? 0 : -ENOMEM;

	for (size_t i = 0; i < result->cell_count && !err; i++) {
		const struct tl_cell_result *cell = &result->cells[i];
		json_t *benchmark;

		if (cell->unsupported || cell->error || !cell->samples)
			continue;
		benchmark = bmf_cell(cell);
		if (!benchmark || json_object_set_new(document, cell->key, benchmark) < 0)
			err = -ENOMEM;
	}
	if (!err && (json_dumpf(document, out, JSON_INDENT(1)) < 0 ||
		     fputc('\n', out) == EOF || fflush(out) == EOF))
		err = -EIO;
	json_decref(document);
	return err;
}
