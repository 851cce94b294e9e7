/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * make bench: proves, as ratios measured side by side in one run, that the
 * harness measures what a hand-written loop would and adds nothing of its
 * own. Every comparison runs A B A B on the same CPU at the same priority,
 * with mlockall on both, and takes the median of the pairs' ratios; the
 * absolute figures are printed, the verdicts are on the ratios.
 *
 * usage: bench [--long] [--pairs N] [--cpu N] [--out DIR]
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/atomic-file.h"
#include "../../lib/env.h"
#include "../../lib/rt.h"
#include "../../lib/time.h"
#include "bench.h"

#define BENCH_MAX_PAIRS 16

/* One comparison's outcome: A is timerlab, B the reference. */
struct bench_verdict {
	char name[96];
	int pairs; /* that both sides measured */
	double a_p50_ns, b_p50_ns, p50_ratio, p50_target;
	double a_p99_ns, b_p99_ns, p99_ratio;
	double a_cpu_ns, b_cpu_ns, cpu_ratio, cpu_target; /* per wakeup; target 0: none */
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

/* Pairs of A then B; medians of the figures and of the per-pair ratios. */
static void bench_pairs(const struct bench_config *config, struct bench_verdict *verdict,
			const char *path, const char *arm, int64_t interval_ns,
			uint64_t samples, bench_measurer reference)
{
	double a50[BENCH_MAX_PAIRS], b50[BENCH_MAX_PAIRS], r50[BENCH_MAX_PAIRS];
	double a99[BENCH_MAX_PAIRS], b99[BENCH_MAX_PAIRS], r99[BENCH_MAX_PAIRS];
	double acpu[BENCH_MAX_PAIRS], bcpu[BENCH_MAX_PAIRS], rcpu[BENCH_MAX_PAIRS];
	int n = 0;

	for (int pair = 0; pair < config->pairs; pair++) {
		struct bench_side a, b;

		bench_progress(verdict->name, pair + 1, config->pairs);
		bench_timerlab(config, path, arm, interval_ns, samples, &a);
		reference(config, path, arm, interval_ns, samples, &b);
		if (!a.ok || !b.ok || !b.p50_ns || !b.p99_ns) {
			snprintf(verdict->why, sizeof(verdict->why), "%s",
				 !a.ok	? a.why
				 : b.ok ? "reference measured 0"
					: b.why);
			continue;
		}
		a50[n] = (double)a.p50_ns, b50[n] = (double)b.p50_ns,
		r50[n] = a50[n] / b50[n];
		a99[n] = (double)a.p99_ns, b99[n] = (double)b.p99_ns,
		r99[n] = a99[n] / b99[n];
		/* per wakeup, warm-up included on both sides */
		acpu[n] = (double)a.cpu_ns / (double)(samples + 10);
		bcpu[n] = (double)b.cpu_ns / (double)(samples + 10);
		rcpu[n] = bcpu[n] > 0 ? acpu[n] / bcpu[n] : 0;
		n++;
	}
	verdict->pairs = n;
	verdict->a_p50_ns = bench_median(a50, n),
	verdict->b_p50_ns = bench_median(b50, n);
	verdict->p50_ratio = bench_median(r50, n);
	verdict->a_p99_ns = bench_median(a99, n),
	verdict->b_p99_ns = bench_median(b99, n);
	verdict->p99_ratio = bench_median(r99, n);
	verdict->a_cpu_ns = bench_median(acpu, n),
	verdict->b_cpu_ns = bench_median(bcpu, n);
	verdict->cpu_ratio = bench_median(rcpu, n);
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

static const char *bench_met(double value, double target)
{
	return value <= target ? "met" : "MISSED";
}

static void bench_print(const struct bench_verdict *verdicts, size_t count,
			const struct bench_memory *memory)
{
	printf("%-44s %5s %9s %9s %7s %9s %9s %7s  %s\n", "comparison (A = timerlab, B)",
	       "pairs", "A p50 us", "B p50 us", "A/B", "A cpu us", "B cpu us", "A/B",
	       "verdicts (p50 <= 1.05, cpu <= 1.2)");
	for (size_t i = 0; i < count; i++) {
		const struct bench_verdict *v = &verdicts[i];

		if (!v->pairs) {
			printf("%-44s %5d  not measured: %s\n", v->name, 0, v->why);
			continue;
		}
		printf("%-44s %5d %9.2f %9.2f %7.3f", v->name, v->pairs,
		       v->a_p50_ns / 1e3, v->b_p50_ns / 1e3, v->p50_ratio);
		/* cyclictest's CPU is mostly its own 8 MB histogram: no comparison */
		if (v->cpu_target > 0)
			printf(" %9.2f %9.2f %7.3f", v->a_cpu_ns / 1e3, v->b_cpu_ns / 1e3,
			       v->cpu_ratio);
		else
			printf(" %9s %9s %7s", "-", "-", "-");
		printf("  p50 %s", bench_met(v->p50_ratio, v->p50_target));
		if (v->cpu_target > 0)
			printf(", cpu %s", bench_met(v->cpu_ratio, v->cpu_target));
		printf("   (p99 %.1f / %.1f us)\n", v->a_p99_ns / 1e3, v->b_p99_ns / 1e3);
	}
	if (memory->count < 2) {
		printf("memory: not measured: %s\n", memory->why);
		return;
	}
	printf("memory: peak RSS of the measuring child at 20 us:");
	for (int i = 0; i < memory->count; i++)
		printf(" %llu samples %.2f MiB;", (unsigned long long)memory->samples[i],
		       (double)memory->rss_kb[i] / 1024);
	printf(" ratio %.3f (<= 1.1 %s), under 8 MiB %s\n", memory->ratio,
	       bench_met(memory->ratio, 1.1),
	       memory->rss_kb[memory->count - 1] < 8192 ? "met" : "MISSED");
}

static json_t *bench_verdict_json(const struct bench_verdict *v)
{
	return json_pack(
		"{ss si sf sf sf sf sf sf sf sf sf sf sb sf sb ss}", "comparison",
		v->name, "pairs", v->pairs, "a_p50_ns", v->a_p50_ns, "b_p50_ns",
		v->b_p50_ns, "a_p99_ns", v->a_p99_ns, "b_p99_ns", v->b_p99_ns,
		"p50_ratio", v->p50_ratio, "p99_ratio", v->p99_ratio, "a_cpu_per_wake_ns",
		v->a_cpu_ns, "b_cpu_per_wake_ns", v->b_cpu_ns, "cpu_ratio", v->cpu_ratio,
		"p50_target", v->p50_target, "p50_met",
		v->pairs && v->p50_ratio <= v->p50_target, "cpu_target", v->cpu_target,
		"cpu_met", v->cpu_target <= 0 || v->cpu_ratio <= v->cpu_target, "why",
		v->pairs ? "" : v->why);
}

/* reports/bench/<date>/bench.json, written whole or not at all. */
static int bench_save(const struct bench_config *config,
		      const struct bench_verdict *verdicts, size_t count,
		      const struct bench_memory *memory, char *path, size_t size)
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
		"timerlab.bench/1", "date", stamp, "env", "kernel_release",
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

static void bench_usage(FILE *out)
{
	fprintf(out,
		"usage: bench [--long] [--pairs N] [--cpu N] [--out DIR]\n"
		"  --long     also measure memory at 10^7 samples (about 4 minutes more)\n"
		"  --pairs N  A B pairs per comparison (default: 5 for fidelity, 4 else)\n"
		"  --cpu N    CPU both sides run on (default: the last one)\n"
		"  --out DIR  where bench.json goes (default: reports/bench)\n");
}

static void bench_options(int argc, char **argv, struct bench_config *config)
{
	static const struct option options[] = {
		{ "long", no_argument, NULL, 'l' },
		{ "pairs", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tl_cpu_set cpus;
	int option;

	tl_cpu_set_of_self(&cpus);
	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (option) {
		case 'l':
			config->long_memory = true;
			break;
		case 'p':
			config->pairs = atoi(optarg);
			if (config->pairs < 1 || config->pairs > BENCH_MAX_PAIRS) {
				fprintf(stderr, "bench: --pairs: 1 to %d\n",
					BENCH_MAX_PAIRS);
				exit(2);
			}
			break;
		case 'c':
			config->cpu = atoi(optarg);
			if (!tl_cpu_set_has(&cpus, config->cpu)) {
				fprintf(stderr,
					"bench: --cpu: %s is not a CPU this may use\n",
					optarg);
				exit(2);
			}
			break;
		case 'o':
			config->out = optarg;
			break;
		case 'h':
			bench_usage(stdout);
			exit(0);
		default:
			bench_usage(stderr);
			exit(2);
		}
	}
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
	struct bench_verdict verdicts[1 + BENCH_CELLS] = { 0 };
	struct bench_memory memory;
	char path[600];
	int pairs;

	struct tl_cpu_set cpus;

	setvbuf(stdout, NULL, _IOLBF, 0);
	tl_cpu_set_of_self(&cpus);
	config.cpu = tl_cpu_set_last(&cpus);
	bench_options(argc, argv, &config);
	pairs = config.pairs;

	/* fidelity: the clock_nanosleep baseline against cyclictest */
	config.pairs = pairs ? pairs : 5;
	snprintf(verdicts[0].name, sizeof(verdicts[0].name),
		 "fidelity: clock-nanosleep abs vs cyclictest");
	verdicts[0].p50_target = 1.05;
	bench_pairs(&config, &verdicts[0], "clock-nanosleep", "abs", TL_NS_PER_MS, 2000,
		    bench_cyclictest_measurer);

	/*
	 * overhead: each path's cells against a minimal loop of its mechanism,
	 * at the default 2000 samples (a child's set-up, mlockall and the
	 * attribution reads, is paid once per block and counts in its CPU)
	 */
	config.pairs = pairs ? pairs : 4;
	for (size_t i = 0; i < BENCH_CELLS; i++) {
		struct bench_verdict *v = &verdicts[1 + i];

		snprintf(v->name, sizeof(v->name), "overhead: %s %s vs minimal loop",
			 bench_cells[i].path, bench_cells[i].arm);
		v->p50_target = 1.05;
		v->cpu_target = 1.2;
		bench_pairs(&config, v, bench_cells[i].path, bench_cells[i].arm,
			    TL_NS_PER_MS, 2000, bench_minimal);
	}
	bench_memory(&config, &memory);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	bench_print(verdicts, 1 + BENCH_CELLS, &memory);
	if (bench_save(&config, verdicts, 1 + BENCH_CELLS, &memory, path, sizeof(path)) <
	    0) {
		fprintf(stderr, "bench: cannot write %s/...: %s\n", config.out,
			strerror(errno));
		return 3;
	}
	printf("saved %s\n", path);
	return 0;
}
