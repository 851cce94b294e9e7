/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The values of --trace-over and --trace-spikes. */
#include "../lib/time.h"
#include "args.h"
#include "options-values.h"
#include "spike.h"

int tl_options_trace_over(const char *text, struct tl_run_options *options, char *why,
			  size_t why_size)
{
	return tl_args_duration("--trace-over", text, TL_NS_PER_US, 60 * TL_NS_PER_S,
				&options->trace_over_ns, why, why_size);
}

int tl_options_trace_spikes(const char *text, struct tl_run_options *options, char *why,
			    size_t why_size)
{
	options->trace_spikes_given = true;
	if (tl_args_count(text, 1, TL_SPIKE_SLOTS, &options->trace_spikes) < 0)
		return tl_args_fail(
			why, why_size,
			"--trace-spikes: \"%s\" is not a whole number from 1 to %d", text,
			TL_SPIKE_SLOTS);
	return 0;
}

int tl_options_trace_check(const struct tl_run_options *options, char *why,
			   size_t why_size)
{
	if (options->trace_spikes_given && !options->trace_over_ns)
		return tl_args_fail(
			why, why_size,
			"run: --trace-spikes counts the spikes --trace-over traces: give --trace-over");
	return 0;
}
