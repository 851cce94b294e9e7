/* SPDX-License-Identifier: GPL-2.0-or-later */
/* make bench: timerlab side by side with references (cyclictest, minimal
 * loops of each mechanism), as ratios measured in one run. */
#ifndef TL_BENCH_H
#define TL_BENCH_H

#include <stdbool.h>
#include <stdint.h>

struct bench_config {
	const char *timerlab; /* build/timerlab */
	const char *minimal_dir; /* build/bench */
	const char *out; /* reports/bench */
	int cpu;
	int priority;
	int pairs; /* A B pairs per comparison */
	bool long_memory; /* also 10^7 samples */
	bool fidelity_only; /* only the comparison with cyclictest */
};

/* One side of a pair: what a run measured. */
struct bench_side {
	int64_t p50_ns;
	int64_t p99_ns;
	uint64_t samples;
	int64_t cpu_ns; /* the measuring process's user + system time, -1 unknown */
	int64_t max_rss_kb; /* its peak resident set, -1 unknown */
	bool ok;
	char why[600];
};

/* timerlab run of one cell (path, arm on monotonic) with the bench's
 * realtime settings; JSON to a temporary file, read back. */
void bench_timerlab(const struct bench_config *config, const char *path, const char *arm,
		    int64_t interval_ns, uint64_t samples, struct bench_side *side);
/* tools/bench/minimal-<path> with the same settings. */
void bench_minimal(const struct bench_config *config, const char *path, const char *arm,
		   int64_t interval_ns, uint64_t samples, struct bench_side *side);
/* cyclictest -m -p -a -t1 -i -l -N -h (clock_nanosleep abs, monotonic). */
void bench_cyclictest(const struct bench_config *config, int64_t interval_ns,
		      uint64_t samples, struct bench_side *side);

#endif
