/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * compare's gates, for CI: --gate [GLOB=]METRIC:CHANGE, scoped like run's
 * gates by a glob over cell keys (fnmatch), judged for every later input
 * against BASE.
 *
 *	p99:+20%     p50, p99, max: a rise of more than 20 % ...
 *	max:+500us   ... or of more than 500us, that is also significant
 *	missed:+0    missed, early: a rise of more than 0 that is significant
 *	early:0      missed, early: more than 0 in NEW, whatever BASE had
 *
 * A latency gate trips only on a change that is significant (compare.h:
 * over the rounds, corrected for the many cells) and beyond its threshold,
 * so the noise between two runs of one machine does not trip it; a cell
 * with too few rounds on a side cannot be tested, and the verdict counts it
 * as untested rather than passed. A result measured under TCG (env.accel
 * "tcg", as the kernel matrix boots its guests) is never gated, as BASE or
 * as NEW: the verdict counts its cells apart.
 */
#ifndef TL_COMPARE_GATE_H
#define TL_COMPARE_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "compare.h"

struct tl_compare_gate {
	char text[192]; /* as given */
	char pattern[128]; /* "" for every cell */
	enum tl_metric metric;
	bool relative; /* "+...": a change against BASE; else a count in NEW */
	bool percent; /* "+N%" */
	double limit; /* percent, ns or a count */
};

/* "[GLOB=]METRIC:CHANGE"; -EINVAL with why set to a line naming the gate:
 * `--gate "p99:20%": a latency gate is a rise: +N% or +DURATION`. */
int tl_compare_gate_parse(const char *text, struct tl_compare_gate *gate, char *why,
			  size_t why_size);

/* One cell of one input that tripped a gate. */
struct tl_gate_trip {
	size_t cell; /* comparison->cells[cell] */
	size_t input; /* comparison->inputs[input] */
	struct tl_change change; /* the value, BASE's, and the test */
};

struct tl_gate_verdict {
	struct tl_compare_gate gate;
	bool passed;
	struct tl_gate_trip *trips;
	size_t trip_count;
	size_t judged; /* cells x inputs the gate was judged on */
	size_t untested; /* those it applies to but that could not be tested */
	size_t under_tcg; /* those it applies to, never gated: BASE or NEW ran
			   * under TCG (env.accel), whose time is emulated */
};

/* Judge each gate into comparison->gates; returns how many tripped, or
 * -ENOMEM. */
int tl_compare_gates_judge(struct tl_comparison *comparison,
			   const struct tl_compare_gate *gates, size_t count);
void tl_compare_gates_free(struct tl_comparison *comparison);

#endif
