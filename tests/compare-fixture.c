/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "compare-fixture.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/compare-input.h"

void fixture_input(struct tl_compare_input *input, const char *label)
{
	memset(input, 0, sizeof(*input));
	tl_result_init(&input->result);
	input->path = strdup(label);
	snprintf(input->label, sizeof(input->label), "%s", label);
	input->counts_known = true;
	CU_ASSERT_PTR_NOT_NULL_FATAL(input->path);
}

static struct tl_cell_result *fixture_new_cell(struct tl_compare_input *input,
					       const char *key)
{
	struct tl_cell_result *cell;

	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(&input->result, &cell), 0);
	cell->key = strdup(key);
	cell->path = strdup("clock-nanosleep");
	cell->clock = strdup("monotonic");
	cell->arm = strdup("abs");
	cell->interval_ns = 1000000;
	cell->cpu = -1;
	CU_ASSERT_FATAL(cell->key && cell->path && cell->clock && cell->arm);
	return cell;
}

struct tl_cell_result *fixture_cell(struct tl_compare_input *input, const char *key,
				    size_t rounds, const int64_t *p50, const int64_t *p99,
				    const int64_t *max, int64_t pooled_p50,
				    int64_t pooled_p99, int64_t pooled_max,
				    uint64_t missed, uint64_t early)
{
	struct tl_cell_result *cell = fixture_new_cell(input, key);

	cell->rounds = calloc(rounds ? rounds : 1, sizeof(*cell->rounds));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cell->rounds);
	for (size_t r = 0; r < rounds; r++)
		cell->rounds[r] = (struct tl_round_summary){ .samples = 250,
							     .p50_ns = p50[r],
							     .p99_ns = p99[r],
							     .max_ns = max[r] };
	cell->round_count = rounds;
	cell->samples = 250 * rounds;
	cell->missed = missed;
	cell->early = early;
	cell->p50_ns = pooled_p50;
	cell->p90_ns = cell->p99_ns = pooled_p99;
	cell->p999_ns = cell->max_ns = pooled_max;
	cell->min_ns = pooled_p50 / 2;
	cell->stddev_ns = (double)pooled_p99 / 10;
	return cell;
}

void fixture_unsupported(struct tl_compare_input *input, const char *key, const char *why)
{
	struct tl_cell_result *cell = fixture_new_cell(input, key);

	cell->unsupported = strdup(why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cell->unsupported);
}

void fixture_compare(struct tl_comparison *comparison, struct tl_compare_input *inputs,
		     size_t count)
{
	char why[512];
	int err = tl_comparison_build(comparison, inputs, count, why, sizeof(why));

	if (err)
		fprintf(stderr, "\ncompare: %s\n", why);
	CU_ASSERT_EQUAL_FATAL(err, 0);
}

void fixture_free(struct tl_compare_input *inputs, size_t count)
{
	for (size_t i = 0; i < count; i++)
		tl_compare_input_free(&inputs[i]);
}
