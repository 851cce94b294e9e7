/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Gates on one run, for CI: --fail-on-early, --max-latency [GLOB=]DUR and
 * --max-p99 [GLOB=]DUR. A gate applies to the measured cells whose key
 * matches its glob (fnmatch, so "timerfd:*" matches every timerfd cell);
 * without a glob, to every measured cell.
 */
#ifndef TL_GATE_H
#define TL_GATE_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

enum tl_gate_rule {
	TL_GATE_FAIL_ON_EARLY, /* any early wakeup */
	TL_GATE_MAX_LATENCY, /* max_ns above the limit */
	TL_GATE_MAX_P99, /* p99_ns above the limit */
};

struct tl_gate {
	enum tl_gate_rule rule;
	char pattern[128]; /* "" for every cell */
	int64_t limit_ns;
};

const char *tl_gate_rule_name(enum tl_gate_rule rule); /* "max_p99" */
int tl_gate_rule_from_name(const char *name, enum tl_gate_rule *rule);

/*
 * "[GLOB=]DUR" for the latency rules; -EINVAL with a reason in why. The
 * rule itself is set by the caller.
 */
int tl_gate_parse(const char *text, struct tl_gate *gate, char *why, size_t why_size);

/*
 * Judge each gate on the result and record it in result->gates (with the
 * cells that tripped it). Returns the number of gates that tripped, or
 * -ENOMEM. Cells that were not measured (n/a, or no samples) are not judged.
 */
int tl_gates_judge(const struct tl_gate *gates, size_t count, struct tl_result *result);

#endif
