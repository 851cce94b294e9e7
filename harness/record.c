/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record.h"

#include <stdio.h>

#include "../lib/env.h"

#ifndef TL_VERSION
#define TL_VERSION "0.0.0"
#endif

int tl_record_begin(struct tl_result *result, char **argv)
{
	tl_result_init(result);
	snprintf(result->tool_version, sizeof(result->tool_version), "%s", TL_VERSION);
	tl_env_capture(&result->env);
	result->env.realtime.cpu = -1;
	result->env.realtime.timer_slack_ns = -1;
	result->env.realtime.dma_latency_us = -1;
	result->options.cpu = -1;
	result->options.timer_slack_ns = -1;
	result->options.dma_latency_us = -1;
	result->options.trace_over_ns = -1;
	tl_result_timestamp(result->started, sizeof(result->started));
	return tl_result_set_argv(result, argv);
}

void tl_record_end(struct tl_result *result)
{
	tl_result_timestamp(result->finished, sizeof(result->finished));
}
