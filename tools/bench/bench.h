/* SPDX-License-Identifier: GPL-2.0-or-later */
/* make bench: timerlab side by side with references (cyclictest, minimal
 * loops of each mechanism), as ratios measured in one run. */
#ifndef TL_BENCH_H
#define TL_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#define BENCH_MAX_PAIRS 40

struct bench_config {
	const char *timerlab; /* build/timerlab */
	const char *minimal_dir; /* build/bench */
	const char *out; /* reports/bench */
	int cpu;
	int priority;
	int pairs; /* A B pairs per comparison */
	bool long_memory; /* also 10^7 samples */
	bool fidelity_only; /* only the comparison with cyclictest */
	bool html_only; /* only the HTML page's cost */
	bool tracing_only; /* only what --trace-over costs */
	const char *trace_over; /* timerlab's runs: --trace-over, NULL: untraced */
};

/* The command line into config; exits 2 on a bad one, 0 after --help. */
void bench_options(int argc, char **argv, struct bench_config *config);

/* One side of a pair: what a run measured. */
struct bench_side {
	int64_t p50_ns;
	int64_t p99_ns;
	uint64_t samples;
	int64_t cpu_ns; /* the measuring process's user + system time, -1 unknown */
	int64_t max_rss_kb; /* its peak resident set, -1 unknown */
	bool traced; /* timerlab's: env.traced */
	bool ok;
	char why[600];
};

/* Run argv with stdout into a new temporary file (path filled in); the
 * exit status, or -1. usage: the child's resources. A run that outlives
 * limit_ns is stuck: it is killed (status 128 + 9), so that a hung
 * reference costs one comparison, never the bench. */
struct rusage;
int bench_exec(char *const *argv, char *path, struct rusage *usage, int64_t limit_ns);

/* The HTML report of a result shaped like the full suite's: how long
 * `timerlab report --format html` takes to write it from its JSON, and how
 * large the page is. */
struct bench_page {
	bool ok;
	size_t cells;
	double seconds;
	double mib;
	char why[600];
};

void bench_html(const struct bench_config *config, struct bench_page *page);

/* timerlab run of one cell (path, arm on monotonic) with the bench's
 * realtime settings; JSON to a temporary file, read back. */
void bench_timerlab(const struct bench_config *config, const char *path, const char *arm,
		    int64_t interval_ns, uint64_t samples, struct bench_side *side);
/* The same, traced: --trace-over 500us (above this machine's usual tail). */
void bench_timerlab_traced(const struct bench_config *config, const char *path,
			   const char *arm, int64_t interval_ns, uint64_t samples,
			   struct bench_side *side);
/* tools/bench/minimal-<path> with the same settings. */
void bench_minimal(const struct bench_config *config, const char *path, const char *arm,
		   int64_t interval_ns, uint64_t samples, struct bench_side *side);
/* cyclictest -m -p -a -t1 -i -l -N -h (clock_nanosleep abs, monotonic). */
void bench_cyclictest(const struct bench_config *config, int64_t interval_ns,
		      uint64_t samples, struct bench_side *side);

#endif
