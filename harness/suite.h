/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Suites: named plans. A suite is a JSON object whose keys are run options
 * without their dashes ("samples", "max_p99"); built-in suites are written
 * the same way, so one reader serves both. A suite becomes option
 * arguments, parsed by the same parser as the command line, under it.
 */
#ifndef TL_SUITE_H
#define TL_SUITE_H

#include <stddef.h>

struct tl_suite_args {
	int argc;
	char **argv; /* argv[0] is "suite" */
};

struct tl_builtin_suite {
	const char *name;
	const char *description;
	const char *json;
};

/* NULL-terminated. */
extern const struct tl_builtin_suite tl_builtin_suites[];

/* A built-in name or a file; -EINVAL (or -errno) with why naming the key or
 * the file's problem. */
int tl_suite_args(const char *suite, struct tl_suite_args *args, char *why,
		  size_t why_size);
void tl_suite_args_free(struct tl_suite_args *args);

/* The value of --suite on a command line, or NULL. */
const char *tl_suite_named(int argc, char **argv);

/* A reason the suite's options were refused, as the suite's keys name it:
 * "--samples: ..." becomes "suite quick: samples: ...". */
void tl_suite_reason(const char *suite, const char *reason, char *why, size_t why_size);

#endif
