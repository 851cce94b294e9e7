/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The run options that take a comma list (--path, --interval, --clock,
 * --arm): each item checked and added to what the options hold.
 */
#include "options-lists.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/time.h"
#include "args.h"

#define OPTIONS_MIN_INTERVAL_NS TL_NS_PER_US
#define OPTIONS_MAX_INTERVAL_NS (60 * TL_NS_PER_S)

/* Split a comma list in place; each item goes to take(). */
static int options_list(const char *option, const char *text,
			int (*take)(struct tl_run_options *, const char *, char *,
				    size_t),
			struct tl_run_options *options, char *why, size_t why_size)
{
	char *copy = strdup(text), *save = NULL;
	int err = 0;

	if (!copy)
		return tl_args_fail(why, why_size, "%s: out of memory", option);
	err = tl_args_list(option, text, why, why_size);
	for (char *item = strtok_r(copy, ",", &save); item && !err;
	     item = strtok_r(NULL, ",", &save))
		err = take(options, item, why, why_size);
	free(copy);
	return err;
}

static int options_take_path(struct tl_run_options *options, const char *item, char *why,
			     size_t why_size)
{
	char reason[256];

	if (options->spec_count == TL_MAX_SPECS)
		return tl_args_fail(why, why_size, "--path: more than %d specs",
				    TL_MAX_SPECS);
	if (tl_cell_spec_parse(item, &options->specs[options->spec_count], reason,
			       sizeof(reason)) < 0)
		return tl_args_fail(why, why_size, "--path: %s", reason);
	options->spec_count++;
	return 0;
}

static int options_take_interval(struct tl_run_options *options, const char *item,
				 char *why, size_t why_size)
{
	int64_t interval;

	if (options->interval_count == TL_MAX_INTERVALS)
		return tl_args_fail(why, why_size, "--interval: more than %d intervals",
				    TL_MAX_INTERVALS);
	if (tl_args_duration("--interval", item, OPTIONS_MIN_INTERVAL_NS,
			     OPTIONS_MAX_INTERVAL_NS, &interval, why, why_size) < 0)
		return -EINVAL;
	for (size_t i = 0; i < options->interval_count; i++)
		if (options->intervals_ns[i] == interval)
			return 0;
	options->intervals_ns[options->interval_count++] = interval;
	return 0;
}

static int options_take_clock(struct tl_run_options *options, const char *item, char *why,
			      size_t why_size)
{
	char names[128];

	if (strcmp(item, "all") == 0) {
		for (size_t i = 0; i < TL_MAX_CLOCKS; i++)
			options->clocks[i] = tl_clock_names[i].clock;
		options->clock_count = TL_MAX_CLOCKS;
		options->clocks_all = true;
		return 0;
	}
	for (size_t i = 0; i < TL_MAX_CLOCKS; i++) {
		clockid_t clock = tl_clock_names[i].clock;

		if (strcmp(item, tl_clock_names[i].name) != 0)
			continue;
		for (size_t j = 0; j < options->clock_count; j++)
			if (options->clocks[j] == clock)
				return 0;
		options->clocks[options->clock_count++] = clock;
		return 0;
	}
	tl_cell_clock_names(names, sizeof(names));
	return tl_args_fail(why, why_size,
			    "--clock: unknown clock \"%s\" (clocks: %s, all)", item,
			    names);
}

static int options_take_arm(struct tl_run_options *options, const char *item, char *why,
			    size_t why_size)
{
	enum tl_arm arm;

	if (strcmp(item, "all") == 0) {
		for (unsigned i = 0; i < TL_ARM_COUNT; i++)
			options->arms[i] = true;
		return 0;
	}
	if (tl_arm_from_name(item, &arm) < 0)
		return tl_args_fail(
			why, why_size,
			"--arm: unknown arm \"%s\" (arms: abs, rel, periodic, all)",
			item);
	options->arms[arm] = true;
	return 0;
}

int tl_run_options_add_paths(const char *value, struct tl_run_options *options, char *why,
			     size_t why_size)
{
	return options_list("--path", value, options_take_path, options, why, why_size);
}

int tl_run_options_add_intervals(const char *value, struct tl_run_options *options,
				 char *why, size_t why_size)
{
	return options_list("--interval", value, options_take_interval, options, why,
			    why_size);
}

int tl_run_options_add_clocks(const char *value, struct tl_run_options *options,
			      char *why, size_t why_size)
{
	return options_list("--clock", value, options_take_clock, options, why, why_size);
}

int tl_run_options_add_arms(const char *value, struct tl_run_options *options, char *why,
			    size_t why_size)
{
	return options_list("--arm", value, options_take_arm, options, why, why_size);
}
