/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What must hold of a compare input however it was read (the cyclictest
 * and compare-input targets share it). */
#ifndef TL_FUZZ_CYCLICTEST_CHECK_H
#define TL_FUZZ_CYCLICTEST_CHECK_H

#include "../../lib/compare.h"

/*
 * An input that loaded: every measured cell's histogram holds its samples,
 * and its result can be saved and loaded again as a timerlab result (what
 * compare --format json and a later compare rely on). An input that did not
 * load: one line naming the file.
 */
void fuzz_check_input(const char *target, int err, const struct tl_compare_input *input,
		      const char *why, const char *text);

#endif
