/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fields of each object in a result's JSON form (schema timerlab.result/1):
 * env, env.clocks[], env.realtime, options, cells[] (all cells, then the
 * measured ones), cells[].rounds[], cells[].spikes[] and their parts[],
 * checks[]. */
#ifndef TL_RESULT_FIELDS_H
#define TL_RESULT_FIELDS_H

#include "json-fields.h"
#include "result.h"

#define RESULT_SCHEMA_PREFIX "timerlab.result/"

extern const struct tl_json_field tl_result_env_fields[];
extern const size_t tl_result_env_fields_count;
extern const struct tl_json_field tl_result_clock_fields[];
extern const size_t tl_result_clock_fields_count;
extern const struct tl_json_field tl_result_realtime_fields[];
extern const size_t tl_result_realtime_fields_count;
extern const struct tl_json_field tl_result_option_fields[];
extern const size_t tl_result_option_fields_count;
extern const struct tl_json_field tl_result_cell_fields[];
extern const size_t tl_result_cell_fields_count;
extern const struct tl_json_field tl_result_measured_fields[];
extern const size_t tl_result_measured_fields_count;
extern const struct tl_json_field tl_result_round_fields[];
extern const size_t tl_result_round_fields_count;
extern const struct tl_json_field tl_result_check_fields[];
extern const size_t tl_result_check_fields_count;
extern const struct tl_json_field tl_result_gate_fields[];
extern const size_t tl_result_gate_fields_count;
extern const struct tl_json_field tl_result_failure_fields[];
extern const size_t tl_result_failure_fields_count;
extern const struct tl_json_field tl_result_attribution_fields[];
extern const size_t tl_result_attribution_fields_count;
extern const struct tl_json_field tl_result_spike_fields[];
extern const size_t tl_result_spike_fields_count;
extern const struct tl_json_field tl_result_spike_part_fields[];
extern const size_t tl_result_spike_part_fields_count;

/* cells[].spikes (result-spikes.c): the cell's spikes as JSON (NULL and
 * *err -ENOMEM on failure), and read back into cell from the cell's
 * object; -EINVAL with why "where.spikes[0].field: problem". */
json_t *tl_result_spikes_json(const struct tl_cell_result *cell, int *err);
int tl_result_spikes_load(const json_t *object, struct tl_cell_result *cell,
			  const char *where, char *why, size_t why_size);

#endif
