/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One input of compare, told apart by what it holds: a timerlab result
 * (any version with schema timerlab.result/1, from any machine), cyclictest
 * --json, or cyclictest -h text (cyclictest-input.h).
 */
#ifndef TL_COMPARE_INPUT_H
#define TL_COMPARE_INPUT_H

#include <stddef.h>

#include "compare.h"

/*
 * Load path into input. cyclictest_options is the cyclictest command line
 * that -h text was captured with (NULL: cyclictest's defaults). Every
 * problem is -EINVAL (or -errno) with why set to one line naming the file:
 * "r.json: cells[2].samples: must be a non-negative integer".
 */
int tl_compare_input_load(const char *path, const char *cyclictest_options,
			  struct tl_compare_input *input, char *why, size_t why_size);
void tl_compare_input_free(struct tl_compare_input *input);

#endif
