/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "result.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void tl_result_init(struct tl_result *result)
{
	memset(result, 0, sizeof(*result));
}

static void result_free_cell(struct tl_cell_result *cell)
{
	free(cell->key);
	free(cell->path);
	free(cell->variant);
	free(cell->signal);
	free(cell->clock);
	free(cell->arm);
	free(cell->unsupported);
	free(cell->error);
	for (size_t i = 0; i < cell->round_count; i++)
		free(cell->rounds[i].timeline);
	free(cell->rounds);
	free(cell->hist);
}

void tl_result_free(struct tl_result *result)
{
	for (size_t i = 0; i < result->cell_count; i++)
		result_free_cell(&result->cells[i]);
	free(result->cells);
	for (size_t i = 0; i < result->check_count; i++) {
		free(result->checks[i].name);
		free(result->checks[i].reason);
	}
	free(result->checks);
	for (size_t i = 0; i < result->gate_count; i++) {
		for (size_t j = 0; j < result->gates[i].failure_count; j++)
			free(result->gates[i].failures[j].key);
		free(result->gates[i].failures);
	}
	free(result->gates);
	for (size_t i = 0; result->argv && result->argv[i]; i++)
		free(result->argv[i]);
	free(result->argv);
	memset(result, 0, sizeof(*result));
}

int tl_result_set_argv(struct tl_result *result, char *const *argv)
{
	size_t count = 0;

	while (argv[count])
		count++;
	result->argv = calloc(count + 1, sizeof(*result->argv));
	if (!result->argv)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++)
		if (!(result->argv[i] = strdup(argv[i])))
			return -ENOMEM;
	return 0;
}

void tl_result_timestamp(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "unknown");
}

int tl_result_add_cell(struct tl_result *result, struct tl_cell_result **cell)
{
	struct tl_cell_result *cells;

	cells = realloc(result->cells, (result->cell_count + 1) * sizeof(*cells));
	if (!cells)
		return -ENOMEM;
	result->cells = cells;
	*cell = &cells[result->cell_count++];
	memset(*cell, 0, sizeof(**cell));
	(*cell)->cpu = -1;
	tl_attribution_unknown(&(*cell)->attribution);
	return 0;
}

int tl_result_add_check(struct tl_result *result, struct tl_check_result **check)
{
	struct tl_check_result *checks;

	checks = realloc(result->checks, (result->check_count + 1) * sizeof(*checks));
	if (!checks)
		return -ENOMEM;
	result->checks = checks;
	*check = &checks[result->check_count++];
	memset(*check, 0, sizeof(**check));
	return 0;
}

static const char *const result_verdicts[TL_VERDICT_COUNT] = {
	[TL_VERDICT_PASS] = "pass",	  [TL_VERDICT_FAIL] = "fail",
	[TL_VERDICT_XFAIL] = "xfail",	  [TL_VERDICT_XPASS] = "xpass",
	[TL_VERDICT_SKIP] = "skip",	  [TL_VERDICT_ERROR] = "error",
	[TL_VERDICT_TIMEOUT] = "timeout",
};

const char *tl_verdict_name(enum tl_verdict verdict)
{
	return (unsigned)verdict < TL_VERDICT_COUNT ? result_verdicts[verdict] : "?";
}

int tl_verdict_from_name(const char *name, enum tl_verdict *verdict)
{
	for (unsigned i = 0; i < TL_VERDICT_COUNT; i++) {
		if (strcmp(result_verdicts[i], name) == 0) {
			*verdict = (enum tl_verdict)i;
			return 0;
		}
	}
	return -EINVAL;
}

void tl_result_remove_cell(struct tl_result *result, size_t index)
{
	if (index >= result->cell_count)
		return;
	result_free_cell(&result->cells[index]);
	memmove(&result->cells[index], &result->cells[index + 1],
		(result->cell_count - index - 1) * sizeof(result->cells[0]));
	result->cell_count--;
}

int tl_cell_result_summarise(struct tl_cell_result *cell, const struct tl_stats *stats,
			     const struct tl_hist *hist)
{
	if (!cell->hist) {
		cell->hist = malloc(sizeof(*cell->hist));
		if (!cell->hist)
			return -ENOMEM;
	}
	*cell->hist = *hist;
	cell->samples = stats->samples;
	cell->early = stats->early;
	cell->missed = stats->missed;
	cell->folded = stats->folded;
	if (stats->samples == 0) {
		cell->min_ns = cell->max_ns = 0;
		cell->mean_ns = cell->stddev_ns = cell->interval_jitter_ns = 0;
		cell->p50_ns = cell->p90_ns = cell->p99_ns = cell->p999_ns = 0;
		tl_cell_result_count_tails(cell);
		return 0;
	}
	cell->min_ns = stats->min_ns;
	cell->max_ns = stats->max_ns;
	cell->mean_ns = stats->latency.mean;
	cell->stddev_ns = tl_welford_stddev(&stats->latency);
	cell->interval_jitter_ns = tl_welford_stddev(&stats->interval);
	cell->p50_ns = tl_hist_percentile(hist, TL_P50);
	cell->p90_ns = tl_hist_percentile(hist, TL_P90);
	cell->p99_ns = tl_hist_percentile(hist, TL_P99);
	cell->p999_ns = tl_hist_percentile(hist, TL_P999);
	tl_cell_result_count_tails(cell);
	return 0;
}

void tl_cell_result_count_tails(struct tl_cell_result *cell)
{
	cell->p50_above = cell->samples - tl_hist_rank(cell->samples, TL_P50);
	cell->p90_above = cell->samples - tl_hist_rank(cell->samples, TL_P90);
	cell->p99_above = cell->samples - tl_hist_rank(cell->samples, TL_P99);
	cell->p999_above = cell->samples - tl_hist_rank(cell->samples, TL_P999);
}

int tl_cell_result_add_round(struct tl_cell_result *cell, const struct tl_hist *hist,
			     const struct tl_round_summary *block)
{
	struct tl_round_summary *rounds;

	if (cell->round_count == 0)
		cell->attribution = block->attribution;
	else
		tl_attribution_add(&cell->attribution, &block->attribution);
	rounds = realloc(cell->rounds, (cell->round_count + 1) * sizeof(*rounds));
	if (!rounds)
		return -ENOMEM;
	cell->rounds = rounds;
	rounds[cell->round_count] = *block;
	rounds[cell->round_count].samples = hist->count;
	rounds[cell->round_count].p50_ns = tl_hist_percentile(hist, TL_P50);
	rounds[cell->round_count].p99_ns = tl_hist_percentile(hist, TL_P99);
	rounds[cell->round_count].max_ns = hist->count ? hist->max_ns : 0;
	cell->round_count++;
	return 0;
}

static int64_t result_round_figure(const struct tl_round_summary *round,
				   enum tl_round_figure figure)
{
	switch (figure) {
	case TL_ROUND_P50:
		return round->p50_ns;
	case TL_ROUND_P99:
		return round->p99_ns;
	case TL_ROUND_MAX:
		break;
	}
	return round->max_ns;
}

const char *tl_round_figure_name(enum tl_round_figure figure)
{
	static const char *const names[] = { "p50", "p99", "max" };

	return names[figure];
}

int64_t tl_cell_result_figure(const struct tl_cell_result *cell,
			      enum tl_round_figure figure)
{
	switch (figure) {
	case TL_ROUND_P50:
		return cell->p50_ns;
	case TL_ROUND_P99:
		return cell->p99_ns;
	case TL_ROUND_MAX:
		break;
	}
	return cell->max_ns;
}

bool tl_cell_result_round_span(const struct tl_cell_result *cell,
			       enum tl_round_figure figure, int64_t *low, int64_t *high)
{
	size_t rounds = 0;

	*low = INT64_MAX;
	*high = INT64_MIN;
	for (size_t i = 0; i < cell->round_count; i++) {
		int64_t value = result_round_figure(&cell->rounds[i], figure);

		if (!cell->rounds[i].samples)
			continue;
		rounds++;
		*low = value < *low ? value : *low;
		*high = value > *high ? value : *high;
	}
	return rounds >= 2;
}

int64_t tl_cell_result_p50_range(const struct tl_cell_result *cell)
{
	int64_t low, high;

	return tl_cell_result_round_span(cell, TL_ROUND_P50, &low, &high) ? high - low
									  : -1;
}
