/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a cyclictest command line says about what its threads measured, so
 * that each thread becomes a cell keyed as timerlab keys the same
 * mechanism: `cyclictest -m -p80 -i1000 -t1` measures
 * clock-nanosleep/monotonic/abs@1ms, the cell timerlab's clock-nanosleep
 * measures, and `-x` measures posix-timer:thread-id:alrm/.../periodic.
 *
 * cyclictest's own rules (rt-tests 2.x): interval -i in us (default 1000),
 * thread N at interval + N x distance (-d, default 500) except with -h or
 * -H, which give every thread the same interval; -c 0 monotonic, 1
 * realtime; -r relative; -N histograms and latencies in ns instead of us;
 * -a [CPUSET] pins thread N to CPU N, or round-robin over the set; -S is
 * -a -t with every thread at one priority.
 */
#ifndef TL_CYCLICTEST_OPTIONS_H
#define TL_CYCLICTEST_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TL_CYCLICTEST_CPUS 256

struct tl_cyclictest_options {
	int64_t interval_us;
	int64_t distance_us;
	bool histogram; /* -h or -H: every thread at the one interval */
	int clock; /* 0 monotonic, 1 realtime */
	bool relative; /* -r */
	bool posix_timers; /* -x */
	bool system; /* -s: nanosleep and setitimer */
	bool nsecs; /* -N: values in ns */
	int priority; /* -p, -1 not given */
	char policy[16]; /* --policy, "" not given */
	bool pinned; /* -a or -S */
	size_t cpu_count; /* -a CPUSET: the set, in order; 0: thread N on CPU N */
	int cpus[TL_CYCLICTEST_CPUS];
};

/*
 * Parse a cyclictest command line (words separated by spaces, the program
 * name first or not). Options that do not decide what is measured are
 * skipped; -EINVAL with why set for a value that is not a number or a
 * clock cyclictest does not have.
 */
int tl_cyclictest_options_parse(const char *command_line,
				struct tl_cyclictest_options *options, char *why,
				size_t why_size);

/* The key of thread `thread`'s cell, before any suffix that tells threads
 * with one key apart; and its path, variant, signal, clock and arm. */
struct tl_cyclictest_cell {
	char key[128];
	const char *path, *variant, *signal, *clock, *arm;
	int64_t interval_ns;
	int cpu; /* -1 when not pinned */
};

void tl_cyclictest_cell_of(const struct tl_cyclictest_options *options, size_t thread,
			   struct tl_cyclictest_cell *cell);

/* The cells of threads 0 .. count - 1, each key with the suffix that tells
 * apart threads cyclictest ran at one key: the CPU when they were pinned
 * to different ones (as timerlab --smp keys), the thread number otherwise;
 * none when the key is the thread's alone. -ENOMEM. */
int tl_cyclictest_cells(const struct tl_cyclictest_options *options, size_t count,
			struct tl_cyclictest_cell *cells);

#endif
