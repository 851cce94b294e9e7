/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * make bench: proves, as ratios measured side by side in one run, that the
 * harness measures what a hand-written loop would and adds nothing of its
 * own. Every comparison runs A B A B on the same CPU at the same priority,
 * with mlockall on both, and takes the median of the pairs' ratios; the
 * absolute figures are printed, the verdicts are on the ratios.
 *
 * usage: bench [--long] [--fidelity|--html|--tracing] [--pairs N] [--cpu N]
 *              [--out DIR]
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/atomic-file.h"
#include "../../lib/env.h"
#include "../../lib/median.h"
#include "../../lib/rt.h"
#include "../../lib/time.h"
#include "bench.h"

#define BENCH_LEVEL 0.95

/* One figure of a comparison over its pairs: the medians of A and B, and
 * the median of the per-pair ratios A/B with its 95 % interval. */
struct bench_figure {
	struct tl_median a, b, ratio;
	double target; /* the ratio must stay at or below it; 0: none */
};

/* One comparison's outcome: A is timerlab, B the reference. */
struct bench_verdict {
	char name[96];
	int pairs; /* that both sides measured */
	struct bench_figure p50, p99, cpu; /* cpu: per wakeup */
	char why[600];
};

typedef void (*bench_measurer)(const struct bench_config *, const char *, const char *,
			       int64_t, uint64_t, struct bench_side *);

_Static_assert(sizeof(((struct bench_verdict *)0)->why) ==
		       sizeof(((struct bench_side *)0)->why),
	       "a side's reason must fit a verdict's");

/* On a terminal a live line; in a log one line per comparison. */
static void bench_progress(const char *name, int pair, int pairs)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[Kbench: %s, pair %d/%d", name, pair, pairs);
	else if (pair == 1)
		fprintf(stderr, "bench: %s, %d pairs\n", name, pairs);
}

/* The pairs' values of one figure (A, B, and A/B) into its medians. */
static void bench_figure(struct bench_figure *figure, double *a, double *b, int n)
{
	double ratio[BENCH_MAX_PAIRS];

	for (int i = 0; i < n; i++)
		ratio[i] = b[i] > 0 ? a[i] / b[i] : 0;
	tl_median_of(a, (size_t)n, BENCH_LEVEL, &figure->a);
	tl_median_of(b, (size_t)n, BENCH_LEVEL, &figure->b);
	tl_median_of(ratio, (size_t)n, BENCH_LEVEL, &figure->ratio);
}

/* Pairs of A then B; medians of the figures and of the per-pair ratios. */
static void bench_pairs(const struct bench_config *config, struct bench_verdict *verdict,
			const char *path, const char *arm, int64_t interval_ns,
			uint64_t samples, bench_measurer measured,
			bench_measurer reference)
{
	double a50[BENCH_MAX_PAIRS], b50[BENCH_MAX_PAIRS];
	double a99[BENCH_MAX_PAIRS], b99[BENCH_MAX_PAIRS];
	double acpu[BENCH_MAX_PAIRS], bcpu[BENCH_MAX_PAIRS];
	int n = 0;

	for (int pair = 0; pair < config->pairs; pair++) {
		struct bench_side a, b;

		bench_progress(verdict->name, pair + 1, config->pairs);
		measured(config, path, arm, interval_ns, samples, &a);
		reference(config, path, arm, interval_ns, samples, &b);
		if (!a.ok || !b.ok || !b.p50_ns || !b.p99_ns) {
			snprintf(verdict->why, sizeof(verdict->why), "%s",
				 !a.ok	? a.why
				 : b.ok ? "reference measured 0"
					: b.why);
			continue;
		}
		a50[n] = (double)a.p50_ns, b50[n] = (double)b.p50_ns;
		a99[n] = (double)a.p99_ns, b99[n] = (double)b.p99_ns;
		/* per wakeup, warm-up included on both sides */
		acpu[n] = (double)a.cpu_ns / (double)(samples + 10);
		bcpu[n] = (double)b.cpu_ns / (double)(samples + 10);
		n++;
	}
	verdict->pairs = n;
	bench_figure(&verdict->p50, a50, b50, n);
	bench_figure(&verdict->p99, a99, b99, n);
	bench_figure(&verdict->cpu, acpu, bcpu, n);
}

/* cyclictest has no path or arm: always clock_nanosleep abs, monotonic. */
static void bench_cyclictest_measurer(const struct bench_config *config, const char *path,
				      const char *arm, int64_t interval_ns,
				      uint64_t samples, struct bench_side *side)
{
	(void)path;
	(void)arm;
	/* timerlab records samples after 10 warm-up wakes: cyclictest has none,
	 * so it runs as many loops as timerlab wakes */
	bench_cyclictest(config, interval_ns, samples + 10, side);
}

static const struct {
	const char *path, *arm;
} bench_cells[] = {
	{ "clock-nanosleep", "abs" }, { "clock-nanosleep", "rel" },
	{ "timerfd", "abs" },	      { "timerfd", "rel" },
	{ "timerfd", "periodic" },    { "posix-timer", "abs" },
	{ "posix-timer", "rel" },     { "posix-timer", "periodic" },
	{ "setitimer", "abs" },	      { "setitimer", "rel" },
	{ "setitimer", "periodic" },
};
#define BENCH_CELLS (sizeof(bench_cells) / sizeof(bench_cells[0]))

struct bench_memory {
	uint64_t samples[3];
	int64_t rss_kb[3];
	int count;
	double ratio;
	char why[600];
};

/* Peak RSS of the measuring child at 10^4 and 10^6 samples (10^7 with
 * --long), 20 us apart: a histogram does not grow with the samples. */
static void bench_memory(const struct bench_config *config, struct bench_memory *memory)
{
	static const uint64_t counts[] = { 10000, 1000000, 10000000 };

	memset(memory, 0, sizeof(*memory));
	for (int i = 0; i < (config->long_memory ? 3 : 2); i++) {
		struct bench_side side;

		bench_progress("memory", i + 1, config->long_memory ? 3 : 2);
		bench_timerlab(config, "clock-nanosleep", "abs", 20 * TL_NS_PER_US,
			       counts[i], &side);
		if (!side.ok) {
			snprintf(memory->why, sizeof(memory->why), "%s", side.why);
			return;
		}
		memory->samples[memory->count] = counts[i];
		memory->rss_kb[memory->count++] = side.max_rss_kb;
	}
	memory->ratio =
		(double)memory->rss_kb[memory->count - 1] / (double)memory->rss_kb[0];
}

/* "1.039 [0.981, 1.072]", or without an interval when there are too few
 * pairs for 95 %. */
static void bench_print_ratio(const struct tl_median *ratio)
{
	char text[48];

	if (ratio->has_interval)
		snprintf(text, sizeof(text), "%.3f [%.3f, %.3f]", ratio->median,
			 ratio->low, ratio->high);
	else
		snprintf(text, sizeof(text), "%.3f [too few pairs]", ratio->median);
	printf("  %-22s", text);
}

static void bench_print_verdict(const struct bench_figure *figure)
{
	printf(" %-12s", figure->target > 0 ? tl_target_verdict_name(tl_median_judge(
						      &figure->ratio, figure->target))
					    : "-");
}

static void bench_print(const struct bench_verdict *verdicts, size_t count,
			const struct bench_memory *memory)
{
	printf("%-46s %5s %8s %8s  %-22s %-12s  %-22s  %-22s %s\n",
	       "comparison (A = timerlab, B)", "pairs", "A p50", "B p50",
	       "p50 A/B [95% interval]", "<= 1.05", "p99 A/B [95% interval]",
	       "cpu A/B [95% interval]", "<= 1.2");
	for (size_t i = 0; i < count; i++) {
		const struct bench_verdict *v = &verdicts[i];

		if (!v->pairs) {
			printf("%-46s %5d  not measured: %s\n", v->name, 0, v->why);
			continue;
		}
		printf("%-46s %5d %8.2f %8.2f", v->name, v->pairs, v->p50.a.median / 1e3,
		       v->p50.b.median / 1e3);
		bench_print_ratio(&v->p50.ratio);
		bench_print_verdict(&v->p50);
		bench_print_ratio(&v->p99.ratio);
		/* cyclictest's CPU is mostly its own 8 MB histogram: no comparison */
		if (v->cpu.target > 0) {
			bench_print_ratio(&v->cpu.ratio);
			bench_print_verdict(&v->cpu);
		}
		printf("\n");
	}
	printf("p50 in us; ratios are medians of the per-pair ratios, with a distribution-free 95%% interval from\n"
	       "order statistics; a target is met when the interval lies at or under it, missed when it lies above\n"
	       "it, not resolved when it straddles it\n");
	if (memory->count < 2) {
		printf("memory: not measured: %s\n", memory->why);
		return;
	}
	printf("memory: peak RSS of the measuring child at 20 us:");
	for (int i = 0; i < memory->count; i++)
		printf(" %llu samples %.2f MiB;", (unsigned long long)memory->samples[i],
		       (double)memory->rss_kb[i] / 1024);
	printf(" ratio %.3f (<= 1.1 %s), under 8 MiB %s\n", memory->ratio,
	       memory->ratio <= 1.1 ? "met" : "missed",
	       memory->rss_kb[memory->count - 1] < 8192 ? "met" : "missed");
}

static json_t *bench_figure_json(const struct bench_figure *figure)
{
	const struct tl_median *r = &figure->ratio;
	json_t *object = json_pack("{sf sf sf sb}", "a_median", figure->a.median,
				   "b_median", figure->b.median, "ratio", r->median,
				   "has_interval", r->has_interval);

	if (object && r->has_interval)
		json_object_update_new(object, json_pack("{sf sf sf}", "ratio_low",
							 r->low, "ratio_high", r->high,
							 "coverage", r->coverage));
	if (object && figure->target > 0)
		json_object_update_new(
			object, json_pack("{sf ss}", "target", figure->target, "verdict",
					  tl_target_verdict_name(
						  tl_median_judge(r, figure->target))));
	return object;
}

static json_t *bench_verdict_json(const struct bench_verdict *v)
{
	return json_pack("{ss si so so so ss}", "comparison", v->name, "pairs", v->pairs,
			 "p50_ns", bench_figure_json(&v->p50), "p99_ns",
			 bench_figure_json(&v->p99), "cpu_per_wake_ns",
			 bench_figure_json(&v->cpu), "why", v->pairs ? "" : v->why);
}

/* reports/bench/<date>/bench.json, written whole or not at all. */
static int bench_save(const struct bench_config *config,
		      const struct bench_verdict *verdicts, size_t count,
		      const struct bench_memory *memory, const struct bench_page *page,
		      char *path, size_t size)
{
	struct tl_env env;
	struct tl_atomic_file file;
	char stamp[32], dir[256];
	time_t now = time(NULL);
	struct tm tm;
	json_t *root, *comparisons = json_array(), *rss = json_array();
	int err;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(dir, sizeof(dir), "%s/%s", config->out, stamp);
	if ((mkdir(config->out, 0755) < 0 && errno != EEXIST) ||
	    (mkdir(dir, 0755) < 0 && errno != EEXIST))
		return -errno;
	tl_env_capture(&env);
	for (size_t i = 0; i < count; i++)
		json_array_append_new(comparisons, bench_verdict_json(&verdicts[i]));
	for (int i = 0; i < memory->count; i++)
		json_array_append_new(rss, json_pack("{sI sI}", "samples",
						     (json_int_t)memory->samples[i],
						     "max_rss_kb",
						     (json_int_t)memory->rss_kb[i]));
	root = json_pack(
		"{ss ss s{ss ss ss ss si sb} s{si si si} so s{so sf sb sb ss}}", "schema",
		"timerlab.bench/2", "date", stamp, "env", "kernel_release",
		env.kernel_release, "kernel_version", env.kernel_version, "clocksource",
		env.clocksource, "cpu_model", env.cpu_model, "cpus_online",
		env.cpus_online, "virtualized", env.virtualized, "settings", "cpu",
		config->cpu, "priority", config->priority, "pairs", config->pairs,
		"comparisons", comparisons, "memory", "runs", rss, "ratio", memory->ratio,
		"flat_met", memory->count >= 2 && memory->ratio <= 1.1, "under_8mib_met",
		memory->count >= 2 && memory->rss_kb[memory->count - 1] < 8192, "why",
		memory->why);
	if (!root)
		return -ENOMEM;
	json_object_set_new(root, "html",
			    json_pack("{sb sI sf sf sf sf ss}", "ok", page->ok, "cells",
				      (json_int_t)page->cells, "seconds", page->seconds,
				      "mib", page->mib, "seconds_target", 2.0,
				      "mib_target", 20.0, "why", page->why));
	snprintf(path, size, "%s/bench.json", dir);
	err = tl_atomic_file_open(&file, path);
	if (!err) {
		if (json_dumpf(root, file.stream, JSON_INDENT(1) | JSON_PRESERVE_ORDER) <
		    0) {
			tl_atomic_file_abort(&file);
			err = -EIO;
		} else {
			err = tl_atomic_file_commit(&file);
		}
	}
	json_decref(root);
	return err;
}

int main(int argc, char **argv)
{
	struct bench_config config = {
		.timerlab = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab",
		.minimal_dir =
			getenv("BENCH_MINIMAL") ? getenv("BENCH_MINIMAL") : "build/bench",
		.out = "reports/bench",
		.cpu = -1,
		.priority = 80,
		.pairs = 0,
	};
	struct bench_verdict verdicts[2 + BENCH_CELLS] = { 0 };
	struct bench_memory memory = { 0 };
	char path[600];
	int pairs;
	size_t compared = 1;
	int64_t started_ns = tl_now_ns(CLOCK_MONOTONIC);
	struct tl_cpu_set cpus;

	setvbuf(stdout, NULL, _IOLBF, 0);
	tl_cpu_set_of_self(&cpus);
	config.cpu = tl_cpu_set_last(&cpus);
	bench_options(argc, argv, &config);
	pairs = config.pairs;

	/* fidelity: the clock_nanosleep baseline against cyclictest; 20 pairs
	 * put the 95 % interval of the median between the 6th and 15th ratio */
	config.pairs = pairs ? pairs : 20;
	snprintf(verdicts[0].name, sizeof(verdicts[0].name),
		 "fidelity: clock-nanosleep abs vs cyclictest");
	verdicts[0].p50.target = 1.05;
	if (config.html_only || config.tracing_only)
		compared = 0;
	else
		bench_pairs(&config, &verdicts[0], "clock-nanosleep", "abs", TL_NS_PER_MS,
			    2000, bench_timerlab, bench_cyclictest_measurer);

	/*
	 * overhead: each path's cells against a minimal loop of its mechanism,
	 * at the default 2000 samples (a child's set-up, mlockall and the
	 * attribution reads, is paid once per block and counts in its CPU);
	 * 10 pairs give an interval between the 2nd and 9th ratio
	 */
	config.pairs = pairs ? pairs : 10;
	for (size_t i = 0; i < BENCH_CELLS && !config.fidelity_only &&
			   !config.html_only && !config.tracing_only;
	     i++) {
		struct bench_verdict *v = &verdicts[compared++];

		snprintf(v->name, sizeof(v->name), "overhead: %s %s vs minimal loop",
			 bench_cells[i].path, bench_cells[i].arm);
		v->p50.target = 1.05;
		v->cpu.target = 1.2;
		bench_pairs(&config, v, bench_cells[i].path, bench_cells[i].arm,
			    TL_NS_PER_MS, 2000, bench_timerlab, bench_minimal);
	}
	/* what --trace-over costs: one cell traced (A) against untraced (B);
	 * the threshold is above this machine's usual tail, so that A pays
	 * for the events recorded, and for a few spikes marked and saved */
	if (!config.fidelity_only && !config.html_only) {
		struct bench_verdict *v = &verdicts[compared++];

		snprintf(v->name, sizeof(v->name),
			 "tracing: timerfd abs traced vs untraced");
		v->p50.target = 0; /* a cost to know, not a target (--tracing reuses 0) */
		bench_pairs(&config, v, "timerfd", "abs", TL_NS_PER_MS, 2000,
			    bench_timerlab_traced, bench_timerlab);
	}
	struct bench_page page = { .why = "left out by --fidelity or --tracing" };
	const char *only = config.html_only	  ? "html"
			   : config.fidelity_only ? "fidelity"
			   : config.tracing_only  ? "tracing"
						  : NULL;

	if (only)
		snprintf(memory.why, sizeof(memory.why), "left out by --%s", only);
	else
		bench_memory(&config, &memory);
	if (!config.fidelity_only && !config.tracing_only) {
		bench_progress("the HTML page of a 468-cell result", 1, 1);
		bench_html(&config, &page);
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	bench_print(verdicts, compared, &memory);
	if (page.ok)
		printf("html: the page of %zu cells of 2000 samples in 8 rounds (the full suite's shape), from its JSON: %.2f s (< 2 s %s), %.1f MiB (< 20 MiB %s)\n",
		       page.cells, page.seconds, page.seconds < 2 ? "met" : "missed",
		       page.mib, page.mib < 20 ? "met" : "missed");
	else
		printf("html: not measured: %s\n", page.why);
	printf("the bench took %.0f s\n",
	       (double)(tl_now_ns(CLOCK_MONOTONIC) - started_ns) / 1e9);
	if (bench_save(&config, verdicts, compared, &memory, &page, path, sizeof(path)) <
	    0) {
		fprintf(stderr, "bench: cannot write %s/...: %s\n", config.out,
			strerror(errno));
		return 3;
	}
	printf("saved %s\n", path);
	return 0;
}
