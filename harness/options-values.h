/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The values of the run options parsed in files of their own (the realtime
 * ones, --trace-over's): each takes the option's text into options, or
 * fails with the one-line reason in why (-EINVAL).
 */
#ifndef TL_OPTIONS_VALUES_H
#define TL_OPTIONS_VALUES_H

#include <stddef.h>

#include "options.h"

int tl_options_cpu(const char *text, struct tl_run_options *options, char *why,
		   size_t why_size);
int tl_options_policy(const char *text, struct tl_run_options *options, char *why,
		      size_t why_size);
int tl_options_priority(const char *text, struct tl_run_options *options, char *why,
			size_t why_size);
int tl_options_dma_latency(const char *text, struct tl_run_options *options, char *why,
			   size_t why_size);
int tl_options_trace_over(const char *text, struct tl_run_options *options, char *why,
			  size_t why_size);
int tl_options_trace_spikes(const char *text, struct tl_run_options *options, char *why,
			    size_t why_size);
/* Whether the trace options agree with each other (after every option). */
int tl_options_trace_check(const struct tl_run_options *options, char *why,
			   size_t why_size);

#endif
