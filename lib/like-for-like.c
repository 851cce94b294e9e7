/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "like-for-like.h"

#include <stdio.h>
#include <string.h>

static const char *const condition_names[TL_CONDITION_COUNT] = {
	[TL_CONDITION_KERNEL] = "kernel release",
	[TL_CONDITION_PREEMPT] = "preempt",
	[TL_CONDITION_HZ] = "HZ",
	[TL_CONDITION_CLOCKSOURCE] = "clocksource",
	[TL_CONDITION_VIRTUALIZED] = "virtualized",
	[TL_CONDITION_VIRTUALIZATION] = "virtualization",
	[TL_CONDITION_ACCEL] = "accel",
	[TL_CONDITION_NOHZ_FULL] = "nohz_full",
	[TL_CONDITION_ISOLCPUS] = "isolcpus",
	[TL_CONDITION_POLICY] = "realtime policy",
	[TL_CONDITION_PRIORITY] = "realtime priority",
	[TL_CONDITION_CPU_MODEL] = "cpu model",
	[TL_CONDITION_TIMER_SLACK] = "timer slack",
	[TL_CONDITION_LOAD] = "load",
	[TL_CONDITION_TRACED] = "traced",
	[TL_CONDITION_SAMPLES] = "samples",
	[TL_CONDITION_ROUNDS] = "rounds",
};

const char *tl_condition_name(enum tl_condition condition)
{
	return (unsigned)condition < TL_CONDITION_COUNT ? condition_names[condition]
							: "?";
}

static void condition_text(struct tl_conditions *conditions, enum tl_condition condition,
			   const char *text)
{
	snprintf(conditions->value[condition], sizeof(conditions->value[0]), "%s", text);
}

/* A number, unknown when negative (or zero, where zero cannot be). */
static void condition_number(struct tl_conditions *conditions,
			     enum tl_condition condition, long long value,
			     bool zero_known)
{
	if (value > 0 || (value == 0 && zero_known))
		snprintf(conditions->value[condition], sizeof(conditions->value[0]),
			 "%lld", value);
}

/* isolcpus= from the kernel command line: "none" when the line is known
 * and has none. */
static void condition_isolcpus(struct tl_conditions *conditions, const char *cmdline)
{
	const char *at = cmdline;

	if (!cmdline[0])
		return;
	while ((at = strstr(at, "isolcpus="))) {
		if (at == cmdline || at[-1] == ' ') {
			at += strlen("isolcpus=");
			snprintf(conditions->value[TL_CONDITION_ISOLCPUS],
				 sizeof(conditions->value[0]), "%.*s",
				 (int)strcspn(at, " "), at);
			return;
		}
		at++;
	}
	condition_text(conditions, TL_CONDITION_ISOLCPUS, "none");
}

void tl_conditions_of_result(const struct tl_result *result,
			     struct tl_conditions *conditions)
{
	const struct tl_env *env = &result->env;

	memset(conditions, 0, sizeof(*conditions));
	condition_text(conditions, TL_CONDITION_KERNEL, env->kernel_release);
	condition_text(conditions, TL_CONDITION_PREEMPT, env->preempt);
	condition_number(conditions, TL_CONDITION_HZ, env->hz, false);
	condition_text(conditions, TL_CONDITION_CLOCKSOURCE, env->clocksource);
	/* the capture always says how it knows; without that, it did not look */
	if (env->virtualization[0]) {
		condition_text(conditions, TL_CONDITION_VIRTUALIZED,
			       env->virtualized ? "yes" : "no");
		condition_text(conditions, TL_CONDITION_VIRTUALIZATION,
			       env->virtualization);
	}
	/* "" when the run was not told: unknown, never a difference */
	condition_text(conditions, TL_CONDITION_ACCEL, env->accel);
	/* the sysfs file is empty when no CPU is nohz_full */
	if (env->kernel_release[0])
		condition_text(conditions, TL_CONDITION_NOHZ_FULL,
			       env->nohz_full_cpus[0] ? env->nohz_full_cpus : "none");
	condition_isolcpus(conditions, env->cmdline);
	if (env->realtime.known) {
		condition_text(conditions, TL_CONDITION_POLICY, env->realtime.policy);
		condition_number(conditions, TL_CONDITION_PRIORITY,
				 env->realtime.priority, true);
		condition_number(conditions, TL_CONDITION_TIMER_SLACK,
				 env->realtime.timer_slack_ns, true);
	}
	condition_text(conditions, TL_CONDITION_CPU_MODEL, env->cpu_model);
	if (env->kernel_release[0])
		condition_text(conditions, TL_CONDITION_LOAD,
			       env->load_command[0] ? env->load_command : "none");
	condition_number(conditions, TL_CONDITION_SAMPLES,
			 (long long)result->options.samples, false);
	condition_number(conditions, TL_CONDITION_ROUNDS,
			 (long long)result->options.rounds, false);
}

/* A JSON value as compare shows it: text as is, true/false as yes/no. */
static void condition_json(struct tl_conditions *conditions, enum tl_condition condition,
			   const json_t *value)
{
	if (json_is_string(value) && json_string_length(value))
		condition_text(conditions, condition, json_string_value(value));
	else if (json_is_boolean(value))
		condition_text(conditions, condition, json_is_true(value) ? "yes" : "no");
	else if (json_is_integer(value))
		condition_number(conditions, condition, json_integer_value(value), true);
}

void tl_conditions_read_extra(const json_t *root, struct tl_conditions *conditions)
{
	const json_t *env = json_object_get(root, "env");

	condition_json(conditions, TL_CONDITION_TRACED, json_object_get(env, "traced"));
}

bool tl_conditions_differ(const struct tl_conditions *const *sets, size_t count,
			  enum tl_condition condition)
{
	const char *first = NULL;

	for (size_t i = 0; i < count; i++) {
		const char *value = sets[i]->value[condition];

		if (!value[0])
			continue;
		if (first && strcmp(first, value) != 0)
			return true;
		if (!first)
			first = value;
	}
	return false;
}
