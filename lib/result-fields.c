/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fields of the result's JSON objects: one description for the writer
 * (result-json.c) and the reader (result-load.c). */
#include "result-fields.h"

#define ENV_FIELD(member, kind) TL_JSON_FIELD(struct tl_env, member, kind, false)
const struct tl_json_field tl_result_env_fields[] = {
	ENV_FIELD(hostname, TL_JSON_TEXT),
	ENV_FIELD(kernel_release, TL_JSON_TEXT),
	ENV_FIELD(kernel_version, TL_JSON_TEXT),
	ENV_FIELD(machine, TL_JSON_TEXT),
	ENV_FIELD(cmdline, TL_JSON_TEXT),
	ENV_FIELD(preempt, TL_JSON_TEXT),
	ENV_FIELD(hz, TL_JSON_INT),
	ENV_FIELD(hz_source, TL_JSON_TEXT),
	ENV_FIELD(nohz, TL_JSON_TEXT),
	ENV_FIELD(nohz_full_cpus, TL_JSON_TEXT),
	ENV_FIELD(clocksource, TL_JSON_TEXT),
	ENV_FIELD(clocksources, TL_JSON_TEXT),
	ENV_FIELD(timer_slack_ns, TL_JSON_INT64),
	ENV_FIELD(rt_runtime_us, TL_JSON_INT64),
	ENV_FIELD(rt_period_us, TL_JSON_INT64),
	ENV_FIELD(cpu_model, TL_JSON_TEXT),
	ENV_FIELD(cpus_online, TL_JSON_INT),
	ENV_FIELD(virtualized, TL_JSON_BOOL),
	ENV_FIELD(virtualization, TL_JSON_TEXT),
	ENV_FIELD(accel, TL_JSON_TEXT),
	ENV_FIELD(root, TL_JSON_BOOL),
	ENV_FIELD(cap_sys_nice, TL_JSON_BOOL),
	ENV_FIELD(load_command, TL_JSON_TEXT),
	ENV_FIELD(traced, TL_JSON_BOOL),
	ENV_FIELD(trace_events, TL_JSON_TEXT),
};

#define CLOCK_FIELD(member, kind) TL_JSON_FIELD(struct tl_env_clock, member, kind, true)
const struct tl_json_field tl_result_clock_fields[] = {
	CLOCK_FIELD(name, TL_JSON_TEXT),
	CLOCK_FIELD(resolution_ns, TL_JSON_INT64),
};

#define REALTIME_FIELD(member, kind)                                                     \
	TL_JSON_FIELD(struct tl_env_realtime, member, kind, false)
const struct tl_json_field tl_result_realtime_fields[] = {
	REALTIME_FIELD(policy, TL_JSON_TEXT),
	REALTIME_FIELD(priority, TL_JSON_INT),
	REALTIME_FIELD(cpu, TL_JSON_INT),
	REALTIME_FIELD(mlocked, TL_JSON_BOOL),
	REALTIME_FIELD(timer_slack_ns, TL_JSON_INT64),
	REALTIME_FIELD(dma_latency_us, TL_JSON_INT),
	REALTIME_FIELD(parent_cpus, TL_JSON_TEXT),
	REALTIME_FIELD(parent_on_measured_cpu, TL_JSON_BOOL),
};

#define OPTION_FIELD(member, kind)                                                       \
	TL_JSON_FIELD(struct tl_result_options, member, kind, false)
const struct tl_json_field tl_result_option_fields[] = {
	OPTION_FIELD(interval_ns, TL_JSON_INT64),
	OPTION_FIELD(samples, TL_JSON_COUNT),
	OPTION_FIELD(warmup, TL_JSON_COUNT),
	OPTION_FIELD(rounds, TL_JSON_COUNT),
	OPTION_FIELD(suite, TL_JSON_TEXT),
	OPTION_FIELD(policy, TL_JSON_TEXT),
	OPTION_FIELD(priority, TL_JSON_INT),
	OPTION_FIELD(cpu, TL_JSON_INT),
	OPTION_FIELD(mlock, TL_JSON_BOOL),
	OPTION_FIELD(timer_slack_ns, TL_JSON_INT64),
	OPTION_FIELD(dma_latency_us, TL_JSON_INT),
	OPTION_FIELD(load, TL_JSON_TEXT),
	OPTION_FIELD(trace_over_ns, TL_JSON_INT64),
	OPTION_FIELD(trace_spikes, TL_JSON_COUNT),
};

/* What every cell has, n/a or not. */
#define CELL_FIELD(member, kind, required)                                               \
	TL_JSON_FIELD(struct tl_cell_result, member, kind, required)
const struct tl_json_field tl_result_cell_fields[] = {
	CELL_FIELD(key, TL_JSON_STRING, true),
	CELL_FIELD(path, TL_JSON_STRING, true),
	CELL_FIELD(variant, TL_JSON_STRING, false),
	CELL_FIELD(signal, TL_JSON_STRING, false),
	CELL_FIELD(clock, TL_JSON_STRING, true),
	CELL_FIELD(arm, TL_JSON_STRING, true),
	CELL_FIELD(emulated, TL_JSON_BOOL, false),
	CELL_FIELD(interval_ns, TL_JSON_INT64, true),
	CELL_FIELD(cpu, TL_JSON_INT, false),
	CELL_FIELD(unsupported, TL_JSON_STRING, false),
	CELL_FIELD(error, TL_JSON_STRING, false),
};

/* What a measured cell has besides. */
const struct tl_json_field tl_result_measured_fields[] = {
	CELL_FIELD(samples, TL_JSON_COUNT, true),
	CELL_FIELD(early, TL_JSON_COUNT, true),
	CELL_FIELD(missed, TL_JSON_COUNT, true),
	CELL_FIELD(folded, TL_JSON_COUNT, false),
	CELL_FIELD(stray, TL_JSON_COUNT, false),
	CELL_FIELD(min_ns, TL_JSON_INT64, true),
	CELL_FIELD(mean_ns, TL_JSON_REAL, true),
	CELL_FIELD(stddev_ns, TL_JSON_REAL, true),
	CELL_FIELD(p50_ns, TL_JSON_INT64, true),
	CELL_FIELD(p90_ns, TL_JSON_INT64, true),
	CELL_FIELD(p99_ns, TL_JSON_INT64, true),
	CELL_FIELD(p999_ns, TL_JSON_INT64, true),
	CELL_FIELD(max_ns, TL_JSON_INT64, true),
	CELL_FIELD(p50_above, TL_JSON_COUNT, false),
	CELL_FIELD(p90_above, TL_JSON_COUNT, false),
	CELL_FIELD(p99_above, TL_JSON_COUNT, false),
	CELL_FIELD(p999_above, TL_JSON_COUNT, false),
	CELL_FIELD(interval_jitter_ns, TL_JSON_REAL, false),
};

#define ROUND_FIELD(member, kind)                                                        \
	TL_JSON_FIELD(struct tl_round_summary, member, kind, true)
const struct tl_json_field tl_result_round_fields[] = {
	ROUND_FIELD(samples, TL_JSON_COUNT),
	ROUND_FIELD(p50_ns, TL_JSON_INT64),
	ROUND_FIELD(p99_ns, TL_JSON_INT64),
	ROUND_FIELD(max_ns, TL_JSON_INT64),
	TL_JSON_FIELD(struct tl_round_summary, cpu_ns, TL_JSON_INT64, false),
	TL_JSON_FIELD(struct tl_round_summary, max_rss_kb, TL_JSON_INT64, false),
	TL_JSON_FIELD(struct tl_round_summary, loop_minor_faults, TL_JSON_INT64, false),
	TL_JSON_FIELD(struct tl_round_summary, timeline_per_bin, TL_JSON_COUNT, false),
};

#define CHECK_FIELD(member, kind, required)                                              \
	TL_JSON_FIELD(struct tl_check_result, member, kind, required)
const struct tl_json_field tl_result_check_fields[] = {
	CHECK_FIELD(name, TL_JSON_STRING, true),
	CHECK_FIELD(reason, TL_JSON_STRING, false),
	CHECK_FIELD(duration_ns, TL_JSON_INT64, false),
};

#define GATE_FIELD(member, kind) TL_JSON_FIELD(struct tl_gate_result, member, kind, true)
const struct tl_json_field tl_result_gate_fields[] = {
	GATE_FIELD(rule, TL_JSON_TEXT),
	GATE_FIELD(pattern, TL_JSON_TEXT),
	GATE_FIELD(limit_ns, TL_JSON_INT64),
	GATE_FIELD(passed, TL_JSON_BOOL),
};

#define FAILURE_FIELD(member, kind)                                                      \
	TL_JSON_FIELD(struct tl_gate_failure, member, kind, true)
const struct tl_json_field tl_result_failure_fields[] = {
	FAILURE_FIELD(key, TL_JSON_STRING),
	FAILURE_FIELD(value_ns, TL_JSON_INT64),
};

#define SPIKE_FIELD(member, kind, required)                                              \
	TL_JSON_FIELD(struct tl_spike, member, kind, required)
const struct tl_json_field tl_result_spike_fields[] = {
	SPIKE_FIELD(sample, TL_JSON_COUNT, true),
	SPIKE_FIELD(latency_ns, TL_JSON_INT64, true),
	SPIKE_FIELD(expiry_ns, TL_JSON_INT64, false),
	SPIKE_FIELD(next_latency_ns, TL_JSON_INT64, false),
	SPIKE_FIELD(culprit, TL_JSON_STRING, true),
	SPIKE_FIELD(file, TL_JSON_STRING, false),
	SPIKE_FIELD(lacks, TL_JSON_STRING, false),
};

#define PART_FIELD(member, kind, required)                                               \
	TL_JSON_FIELD(struct tl_spike_part, member, kind, required)
const struct tl_json_field tl_result_spike_part_fields[] = {
	PART_FIELD(kind, TL_JSON_TEXT, true),
	PART_FIELD(name, TL_JSON_TEXT, false),
	PART_FIELD(pid, TL_JSON_INT, false),
	PART_FIELD(irq, TL_JSON_INT, false),
	PART_FIELD(policy, TL_JSON_TEXT, false),
	PART_FIELD(priority, TL_JSON_INT, false),
	PART_FIELD(duration_ns, TL_JSON_INT64, true),
	PART_FIELD(stretches, TL_JSON_COUNT, false),
};

#define ATTRIBUTION_FIELD(member)                                                        \
	TL_JSON_FIELD(struct tl_attribution, member, TL_JSON_INT64, false)
const struct tl_json_field tl_result_attribution_fields[] = {
	ATTRIBUTION_FIELD(voluntary_switches), ATTRIBUTION_FIELD(involuntary_switches),
	ATTRIBUTION_FIELD(minor_faults),       ATTRIBUTION_FIELD(major_faults),
	ATTRIBUTION_FIELD(migrations),	       ATTRIBUTION_FIELD(interrupts),
	ATTRIBUTION_FIELD(timer_softirqs),     ATTRIBUTION_FIELD(hrtimer_softirqs),
	ATTRIBUTION_FIELD(steal_ns),
};

const size_t tl_result_env_fields_count =
	sizeof(tl_result_env_fields) / sizeof(tl_result_env_fields[0]);
const size_t tl_result_clock_fields_count =
	sizeof(tl_result_clock_fields) / sizeof(tl_result_clock_fields[0]);
const size_t tl_result_realtime_fields_count =
	sizeof(tl_result_realtime_fields) / sizeof(tl_result_realtime_fields[0]);
const size_t tl_result_option_fields_count =
	sizeof(tl_result_option_fields) / sizeof(tl_result_option_fields[0]);
const size_t tl_result_cell_fields_count =
	sizeof(tl_result_cell_fields) / sizeof(tl_result_cell_fields[0]);
const size_t tl_result_measured_fields_count =
	sizeof(tl_result_measured_fields) / sizeof(tl_result_measured_fields[0]);
const size_t tl_result_round_fields_count =
	sizeof(tl_result_round_fields) / sizeof(tl_result_round_fields[0]);
const size_t tl_result_check_fields_count =
	sizeof(tl_result_check_fields) / sizeof(tl_result_check_fields[0]);
const size_t tl_result_gate_fields_count =
	sizeof(tl_result_gate_fields) / sizeof(tl_result_gate_fields[0]);
const size_t tl_result_failure_fields_count =
	sizeof(tl_result_failure_fields) / sizeof(tl_result_failure_fields[0]);
const size_t tl_result_spike_fields_count =
	sizeof(tl_result_spike_fields) / sizeof(tl_result_spike_fields[0]);
const size_t tl_result_spike_part_fields_count =
	sizeof(tl_result_spike_part_fields) / sizeof(tl_result_spike_part_fields[0]);
const size_t tl_result_attribution_fields_count =
	sizeof(tl_result_attribution_fields) / sizeof(tl_result_attribution_fields[0]);
