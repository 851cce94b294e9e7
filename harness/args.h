/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every subcommand's option parser shares: a one-line reason in a
 * buffer (the caller prints "timerlab: " and exits 2), whole numbers and
 * durations with their bounds, and what getopt_long's '?' and ':' meant.
 */
#ifndef TL_ARGS_H
#define TL_ARGS_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

/* Format the reason into why; returns -EINVAL. */
__attribute__((format(printf, 3, 4))) int tl_args_fail(char *why, size_t why_size,
						       const char *format, ...);

/*
 * A comma list every element of which is there: "a,b" passes; "", ",", ",a",
 * "a," and "a,,b" give -EINVAL with "--option: empty element in \"a,,b\""
 * in why (strtok would skip the empty ones, and "--path ," would then mean
 * the whole default matrix).
 */
int tl_args_list(const char *option, const char *text, char *why, size_t why_size);

/* A whole decimal number in [min, max], nothing else; -EINVAL. */
int tl_args_count(const char *text, uint64_t min, uint64_t max, uint64_t *value);

/* A duration from min_ns to max_ns; -EINVAL with
 * "--option: "0ms" is not a valid duration: ..." in why. */
int tl_args_duration(const char *option, const char *text, int64_t min_ns, int64_t max_ns,
		     int64_t *value, char *why, size_t why_size);

/*
 * After getopt_long returned '?' or ':' (with ":" leading the optstring):
 * "command: --name needs a value" or "command: unknown option X (see
 * timerlab command --help)". Returns -EINVAL.
 */
int tl_args_unknown(const char *command, int argc, char **argv,
		    const struct option *long_options, char *why, size_t why_size);

#endif
