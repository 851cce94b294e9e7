/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The values of run's realtime options: --cpu, --policy, --priority and
 * --dma-latency. */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "options-values.h"

int tl_options_cpu(const char *text, struct tl_run_options *options, char *why,
		   size_t why_size)
{
	uint64_t cpu;
	char allowed[256];

	if (tl_args_count(text, 0, CPU_SETSIZE - 1, &cpu) < 0 ||
	    !tl_cpu_set_has(&options->cpus, (int)cpu)) {
		if (tl_cpu_set_format(&options->cpus, allowed, sizeof(allowed)) < 0)
			snprintf(allowed, sizeof(allowed), "?");
		return tl_args_fail(
			why, why_size,
			"--cpu: \"%s\" is not a CPU this process may use (CPUs: %s)",
			text, allowed);
	}
	options->rt.cpu = (int)cpu;
	return 0;
}

int tl_options_policy(const char *text, struct tl_run_options *options, char *why,
		      size_t why_size)
{
	int policy;

	if (tl_rt_policy_from_name(text, &policy) < 0 ||
	    (policy != SCHED_FIFO && policy != SCHED_RR && policy != SCHED_OTHER))
		return tl_args_fail(why, why_size,
				    "--policy: \"%s\" is not fifo, rr or other", text);
	options->rt.policy = policy;
	return 0;
}

int tl_options_priority(const char *text, struct tl_run_options *options, char *why,
			size_t why_size)
{
	uint64_t priority;

	if (tl_args_count(text, 1, 99, &priority) < 0)
		return tl_args_fail(why, why_size,
				    "--priority: \"%s\" is not a priority from 1 to 99",
				    text);
	options->rt.priority = (int)priority;
	return 0;
}

int tl_options_dma_latency(const char *text, struct tl_run_options *options, char *why,
			   size_t why_size)
{
	uint64_t us;

	options->dma_latency_given = true;
	if (strcmp(text, "-1") == 0) {
		options->dma_latency_us = -1;
		return 0;
	}
	if (tl_args_count(text, 0, 2000000000, &us) < 0)
		return tl_args_fail(
			why, why_size,
			"--dma-latency: \"%s\" is not microseconds from 0 to 2000000000, or -1",
			text);
	options->dma_latency_us = (int32_t)us;
	return 0;
}
