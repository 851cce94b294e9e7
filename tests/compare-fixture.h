/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inputs for compare made in a test: cells with the rounds and pooled
 * values a test chooses, or drawn from real results (tests/data). */
#ifndef TL_TESTS_COMPARE_FIXTURE_H
#define TL_TESTS_COMPARE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/compare.h"

/* An empty timerlab input labelled label. */
void fixture_input(struct tl_compare_input *input, const char *label);

/*
 * A measured cell key with `rounds` rounds of p50, p99 and max (ns, each
 * round 250 samples) and the pooled p50, p99, max given; p99.9 is the
 * pooled max, stddev a tenth of the pooled p99, and missed and early as
 * given.
 */
struct tl_cell_result *fixture_cell(struct tl_compare_input *input, const char *key,
				    size_t rounds, const int64_t *p50, const int64_t *p99,
				    const int64_t *max, int64_t pooled_p50,
				    int64_t pooled_p99, int64_t pooled_max,
				    uint64_t missed, uint64_t early);

/* An n/a cell. */
void fixture_unsupported(struct tl_compare_input *input, const char *key,
			 const char *why);

/* Compare the inputs; the test fails when that does. */
void fixture_compare(struct tl_comparison *comparison, struct tl_compare_input *inputs,
		     size_t count);

void fixture_free(struct tl_compare_input *inputs, size_t count);

#endif
