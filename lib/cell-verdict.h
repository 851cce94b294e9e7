/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A cell seen as a test, for the formats that report tests (JUnit, KTAP,
 * markdown, and the CI formats after them), so that every one of them
 * applies the same rule:
 *
 *	n/a                                  skipped, with the reason
 *	its measurement failed               error, with the reason
 *	an early wakeup, or a gate tripped   failed, naming each
 *	otherwise                            passed
 *
 * An early wakeup fails the cell whether or not --fail-on-early was given:
 * it is a kernel bug, never a figure to pass over.
 */
#ifndef TL_CELL_VERDICT_H
#define TL_CELL_VERDICT_H

#include <stddef.h>

#include "result.h"

enum tl_cell_outcome {
	TL_CELL_PASSED,
	TL_CELL_FAILED,
	TL_CELL_SKIPPED,
	TL_CELL_ERROR,
};

struct tl_cell_verdict {
	enum tl_cell_outcome outcome;
	/* why it failed, was skipped or erred; "" when it passed */
	char reason[512];
	size_t gates; /* the result's gates that judged the cell */
};

void tl_cell_verdict(const struct tl_result *result, const struct tl_cell_result *cell,
		     struct tl_cell_verdict *verdict);

/* "2000 samples, us: p50 17.1, p99 31.2, max 205.3, early 0, missed 3" */
void tl_cell_summary(const struct tl_cell_result *cell, char *buf, size_t size);

#endif
