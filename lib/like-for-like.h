/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What makes two latency figures comparable: the kernel and how it was
 * built and booted, the machine and how it is virtualised, the realtime
 * settings the measuring children obtained, the load, tracing, and how many
 * samples and rounds each cell took. compare names every such field whose
 * known values differ; a field a result does not have (an older result, a
 * cyclictest capture) is unknown, never a difference.
 */
#ifndef TL_LIKE_FOR_LIKE_H
#define TL_LIKE_FOR_LIKE_H

#include <jansson.h>
#include <stdbool.h>

#include "result.h"

enum tl_condition {
	TL_CONDITION_KERNEL,
	TL_CONDITION_PREEMPT,
	TL_CONDITION_HZ,
	TL_CONDITION_CLOCKSOURCE,
	TL_CONDITION_VIRTUALIZED,
	TL_CONDITION_VIRTUALIZATION,
	TL_CONDITION_ACCEL, /* env.accel: tcg (emulated CPUs) or kvm */
	TL_CONDITION_NOHZ_FULL,
	TL_CONDITION_ISOLCPUS,
	TL_CONDITION_POLICY,
	TL_CONDITION_PRIORITY,
	TL_CONDITION_CPU_MODEL,
	TL_CONDITION_TIMER_SLACK,
	TL_CONDITION_LOAD,
	TL_CONDITION_TRACED, /* env.traced */
	TL_CONDITION_SAMPLES,
	TL_CONDITION_ROUNDS,
};
#define TL_CONDITION_COUNT (TL_CONDITION_ROUNDS + 1)

/* Each field as text; "" where it is unknown. */
struct tl_conditions {
	char value[TL_CONDITION_COUNT][520]; /* the longest, load_command, is 512 */
};

/* "kernel release", "preempt", ..., as compare names them. */
const char *tl_condition_name(enum tl_condition condition);

/* From what a timerlab result records; traced stays unknown. */
void tl_conditions_of_result(const struct tl_result *result,
			     struct tl_conditions *conditions);

/* env.traced, which later results carry, from the result's JSON where it
 * is there. */
void tl_conditions_read_extra(const json_t *root, struct tl_conditions *conditions);

/* Whether the known values of condition differ across the sets given. */
bool tl_conditions_differ(const struct tl_conditions *const *sets, size_t count,
			  enum tl_condition condition);

#endif
