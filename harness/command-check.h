/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `timerlab check`: its options, and the subcommand itself. */
#ifndef TL_COMMAND_CHECK_H
#define TL_COMMAND_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "check-runner.h"
#include "output.h"

struct tl_check_command {
	struct tl_check_options options;
	bool list; /* --list: name the selected checks, run nothing */
	const char *out_dir; /* --out: NULL for none */
	unsigned formats; /* a set of lib/format.h's formats */
	struct tl_format_options render; /* the kcidb options */
};

/*
 * Parse the arguments after "check". Returns 0, 1 when --help was printed,
 * or -EINVAL with the one-line reason (no "timerlab: " prefix) in why.
 * Globs are checked against the checks given (an --only that selects none
 * is an error).
 */
int tl_check_command_parse(int argc, char **argv, const struct tl_check *const *checks,
			   struct tl_check_command *command, char *why, size_t why_size);

void tl_check_usage(FILE *out);

/* `timerlab check ...`; returns the exit status. */
int tl_check_main(int argc, char **argv);

#endif
