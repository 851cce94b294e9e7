/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fields of each object in a result's JSON form (schema timerlab.result/1):
 * env, env.clocks[], env.realtime, options, cells[] (all cells, then the
 * measured ones), cells[].rounds[], checks[]. */
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

#endif
