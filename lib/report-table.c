/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The side-by-side table: path, variant, clock, arm, samples, min, p50,
 * p90, p99, p99.9, max, stddev (us, one decimal), the spread of p50 across
 * rounds (max - min: whether two paths differ by more than the noise),
 * early, missed. A cell that could not be measured keeps its row, with the
 * reason. Under the table, a note for what a row cannot show: cells that
 * ran at another interval than the rest (alarm arms in whole seconds), stray
 * signals, and folded deadlines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "time.h"

struct table_widths {
	int cpu; /* 0: no cpu column (no --smp) */
	int path, variant, clock, arm;
};

static void table_variant(const struct tl_cell_result *cell, char *buf, size_t size)
{
	if (cell->variant && cell->signal)
		snprintf(buf, size, "%s:%s", cell->variant, cell->signal);
	else if (cell->variant || cell->signal)
		snprintf(buf, size, "%s", cell->variant ? cell->variant : cell->signal);
	else
		snprintf(buf, size, "-");
}

static void table_arm(const struct tl_cell_result *cell, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", cell->arm, cell->emulated ? " (emulated)" : "");
}

static int table_max(int width, const char *text)
{
	int len = (int)strlen(text);

	return len > width ? len : width;
}

static struct table_widths table_measure(const struct tl_result *result)
{
	struct table_widths w = { 0, 4, 7, 5, 3 };
	char buf[128];

	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (cell->cpu >= 0)
			w.cpu = 4;
		w.path = table_max(w.path, cell->path);
		table_variant(cell, buf, sizeof(buf));
		w.variant = table_max(w.variant, buf);
		w.clock = table_max(w.clock, cell->clock);
		table_arm(cell, buf, sizeof(buf));
		w.arm = table_max(w.arm, buf);
	}
	return w;
}

static void table_us(FILE *out, int width, double ns)
{
	fprintf(out, " %*.1f", width, ns / 1000.0);
}

/* A percentile with too few samples above it is a rough figure: "~212.5". */
static void table_percentile(FILE *out, int64_t ns, uint64_t above)
{
	char text[32];

	snprintf(text, sizeof(text), "%s%.1f", above < TL_TAIL_MIN_ABOVE ? "~" : "",
		 (double)ns / 1000.0);
	fprintf(out, " %8s", text);
}

static bool table_any_rough(const struct tl_result *result)
{
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (!cell->unsupported && cell->samples &&
		    cell->p999_above < TL_TAIL_MIN_ABOVE)
			return true;
	}
	return false;
}

static void table_row(FILE *out, const struct table_widths *w,
		      const struct tl_cell_result *cell)
{
	char variant[128], arm[128];

	table_variant(cell, variant, sizeof(variant));
	table_arm(cell, arm, sizeof(arm));
	if (w->cpu)
		fprintf(out, "%*d  ", w->cpu - 1, cell->cpu);
	fprintf(out, "%-*s  %-*s  %-*s  %-*s", w->path, cell->path, w->variant, variant,
		w->clock, cell->clock, w->arm, arm);
	if (cell->unsupported) {
		fprintf(out, "  n/a: %s\n", cell->unsupported);
		return;
	}
	fprintf(out, " %8llu", (unsigned long long)cell->samples);
	if (cell->samples) {
		table_us(out, 8, (double)cell->min_ns);
		table_percentile(out, cell->p50_ns, cell->p50_above);
		table_percentile(out, cell->p90_ns, cell->p90_above);
		table_percentile(out, cell->p99_ns, cell->p99_above);
		table_percentile(out, cell->p999_ns, cell->p999_above);
		table_us(out, 8, (double)cell->max_ns);
		table_us(out, 8, cell->stddev_ns);
		int64_t spread = tl_cell_result_p50_range(cell);
		if (spread < 0)
			fprintf(out, " %8s", "-");
		else
			table_us(out, 8, (double)spread);
	} else {
		for (int i = 0; i < 8; i++)
			fprintf(out, " %8s", "-");
	}
	fprintf(out, " %6llu %7llu", (unsigned long long)cell->early,
		(unsigned long long)cell->missed);
	if (cell->error)
		fprintf(out, "  error: %s", cell->error);
	fputc('\n', out);
}

/* The interval most cells ran at (the first of equals). */
static int64_t table_common_interval(const struct tl_result *result)
{
	int64_t common = 0;
	size_t most = 0;

	for (size_t i = 0; i < result->cell_count; i++) {
		size_t count = 0;

		for (size_t j = 0; j < result->cell_count; j++)
			count += result->cells[j].interval_ns ==
				 result->cells[i].interval_ns;
		if (count > most) {
			most = count;
			common = result->cells[i].interval_ns;
		}
	}
	return common;
}

static bool table_path_interval_seen(const struct tl_result *result, size_t index)
{
	const struct tl_cell_result *cell = &result->cells[index];

	for (size_t i = 0; i < index; i++)
		if (result->cells[i].interval_ns == cell->interval_ns &&
		    strcmp(result->cells[i].path, cell->path) == 0)
			return true;
	return false;
}

/* Once per path and interval that is not the common one. */
static void table_interval_notes(FILE *out, const struct tl_result *result)
{
	int64_t common = table_common_interval(result);
	char common_text[32], text[32];

	tl_duration_format(common, common_text, sizeof(common_text));
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (cell->interval_ns == common || table_path_interval_seen(result, i))
			continue;
		tl_duration_format(cell->interval_ns, text, sizeof(text));
		fprintf(out, "note: %s ran every %s, the other cells every %s\n",
			cell->path, text, common_text);
	}
}

static void table_stray_notes(FILE *out, const struct tl_result *result)
{
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (!cell->stray)
			continue;
		fprintf(out,
			"note: %s: %llu stray %s (served no deadline, not counted as wakeups)\n",
			cell->key, (unsigned long long)cell->stray,
			cell->signal ? "signals" : "events");
	}
}

static void table_folded_notes(FILE *out, const struct tl_result *result)
{
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (!cell->folded)
			continue;
		fprintf(out,
			"note: %s: %llu deadlines folded (the kernel counted them after the wake time was read: served, neither missed nor samples)\n",
			cell->key, (unsigned long long)cell->folded);
	}
}

/* A result that does not hold the whole plan says so under its table. */
static void table_partial_note(FILE *out, const struct tl_result *result)
{
	if (result->checkpoint)
		fprintf(out,
			"note: partial: a checkpoint written at %s while the run went on (it may have died since): the cells measured by then\n",
			result->finished);
	else if (result->interrupted)
		fprintf(out,
			"note: partial: the run was interrupted: the cells measured before it stopped\n");
}

int tl_report_table(FILE *out, const struct tl_result *result)
{
	struct table_widths w = table_measure(result);

	if (w.cpu)
		fprintf(out, "%-*s  ", w.cpu - 1, "cpu");
	fprintf(out,
		"%-*s  %-*s  %-*s  %-*s %8s %8s %8s %8s %8s %8s %8s %8s %8s %6s %7s\n",
		w.path, "path", w.variant, "variant", w.clock, "clock", w.arm, "arm",
		"samples", "min", "p50", "p90", "p99", "p99.9", "max", "stddev",
		"p50-rng", "early", "missed");
	for (size_t i = 0; i < result->cell_count; i++)
		table_row(out, &w, &result->cells[i]);
	fprintf(out,
		"latencies in us; p50-rng: max - min of the per-round p50; early: woke before the deadline;\n"
		"missed: deadlines served late by a later wakeup\n");
	if (table_any_rough(result))
		fprintf(out,
			"~: fewer than %d samples above that percentile: a rough figure, not a measured tail\n",
			TL_TAIL_MIN_ABOVE);
	table_interval_notes(out, result);
	table_stray_notes(out, result);
	table_folded_notes(out, result);
	table_partial_note(out, result);
	tl_report_table_spikes(out, result);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}

/* An attribution counter, "-" when unknown. */
static void details_count(FILE *out, int width, int64_t value)
{
	if (value < 0)
		fprintf(out, " %*s", width, "-");
	else
		fprintf(out, " %*lld", width, (long long)value);
}

static void details_row(FILE *out, int key_width, const struct tl_cell_result *cell,
			size_t round)
{
	const struct tl_round_summary *r = &cell->rounds[round];
	const struct tl_attribution *a = &r->attribution;

	fprintf(out, "%-*s %5zu %8llu", key_width, cell->key, round + 1,
		(unsigned long long)r->samples);
	table_us(out, 8, (double)r->p50_ns);
	table_us(out, 8, (double)r->p99_ns);
	table_us(out, 8, (double)r->max_ns);
	details_count(out, 7, a->voluntary_switches);
	details_count(out, 7, a->involuntary_switches);
	details_count(out, 6,
		      a->minor_faults < 0 || a->major_faults < 0
			      ? -1
			      : a->minor_faults + a->major_faults);
	details_count(out, 5, a->migrations);
	details_count(out, 7, a->interrupts);
	details_count(out, 6, a->timer_softirqs);
	details_count(out, 7, a->hrtimer_softirqs);
	if (a->steal_ns < 0)
		fprintf(out, " %8s\n", "-");
	else
		table_us(out, 8, (double)a->steal_ns), fputc('\n', out);
}

int tl_report_details(FILE *out, const struct tl_result *result)
{
	int key_width = 4;

	for (size_t i = 0; i < result->cell_count; i++)
		key_width = table_max(key_width, result->cells[i].key);
	fprintf(out, "%-*s %5s %8s %8s %8s %8s %7s %7s %6s %5s %7s %6s %7s %8s\n",
		key_width, "cell", "round", "samples", "p50", "p99", "max", "vol-cs",
		"invol", "faults", "migr", "irqs", "timer", "hrtimer", "steal");
	for (size_t i = 0; i < result->cell_count; i++)
		for (size_t r = 0; r < result->cells[i].round_count; r++)
			details_row(out, key_width, &result->cells[i], r);
	fprintf(out,
		"per round, warm-up included: context switches (voluntary, involuntary), page faults, CPU\n"
		"migrations of the measuring child; interrupts, TIMER and HRTIMER softirqs and steal (us)\n"
		"on its CPU; - where unknown\n");
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
