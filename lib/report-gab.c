/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * github-action-benchmark's "customSmallerIsBetter" input: an array of
 *
 *	{"name": "<cell key> <statistic>", "unit": "ns", "value": V,
 *	 "range": "± R", "extra": "..."}
 *
 * an entry per measured cell and statistic (p50, p99, max), its wakeup
 * latency from all its samples. range is the distance from V to the
 * farthest of that figure over the rounds, so every round lies within
 * V ± R; with fewer than two rounds there is no spread and it is left out.
 * extra says what the figure rests on: rounds, samples, early wakeups,
 * missed deadlines and the kernel. Cells n/a, failed or without samples are
 * left out, as in the other benchmark formats.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>

#include "report.h"

static json_t *gab_entry(const struct tl_result *result,
			 const struct tl_cell_result *cell, enum tl_round_figure figure)
{
	int64_t value = tl_cell_result_figure(cell, figure);
	int64_t low, high;
	char name[256], extra[512], range[64];
	json_t *entry;

	snprintf(name, sizeof(name), "%s %s", cell->key, tl_round_figure_name(figure));
	snprintf(extra, sizeof(extra),
		 "%zu rounds, %llu samples, early %llu, missed %llu; Linux %s on %s",
		 cell->round_count, (unsigned long long)cell->samples,
		 (unsigned long long)cell->early, (unsigned long long)cell->missed,
		 result->env.kernel_release, result->env.hostname);
	entry = json_pack("{s:s, s:s, s:I, s:s}", "name", name, "unit", "ns", "value",
			  (json_int_t)value, "extra", extra);
	if (entry && tl_cell_result_round_span(cell, figure, &low, &high)) {
		int64_t spread = value - low > high - value ? value - low : high - value;

		snprintf(range, sizeof(range), "± %lld", (long long)spread);
		if (json_object_set_new(entry, "range", json_string(range)) < 0) {
			json_decref(entry);
			entry = NULL;
		}
	}
	return entry;
}

int tl_report_gab(FILE *out, const struct tl_result *result)
{
	json_t *entries = json_array();
	int err = entries ? 0 : -ENOMEM;

	for (size_t i = 0; i < result->cell_count && !err; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (cell->unsupported || cell->error || !cell->samples)
			continue;
		for (int f = 0; f < TL_ROUND_FIGURE_COUNT; f++)
			if (json_array_append_new(
				    entries,
				    gab_entry(result, cell, (enum tl_round_figure)f)) < 0)
				err = -ENOMEM;
	}
	if (!err && (json_dumpf(entries, out, JSON_INDENT(1)) < 0 ||
		     fputc('\n', out) == EOF || fflush(out) == EOF))
		err = -EIO;
	json_decref(entries);
	return err;
}
