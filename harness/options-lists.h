/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The run options that take a comma list, each item added to options.
 * Every one returns 0, or -EINVAL with the one-line reason in why.
 */
#ifndef TL_OPTIONS_LISTS_H
#define TL_OPTIONS_LISTS_H

#include <stddef.h>

#include "options.h"

int tl_run_options_add_paths(const char *value, struct tl_run_options *options, char *why,
			     size_t why_size);
int tl_run_options_add_intervals(const char *value, struct tl_run_options *options,
				 char *why, size_t why_size);
int tl_run_options_add_clocks(const char *value, struct tl_run_options *options,
			      char *why, size_t why_size);
int tl_run_options_add_arms(const char *value, struct tl_run_options *options, char *why,
			    size_t why_size);

#endif
