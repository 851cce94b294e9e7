/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a result goes: the formats asked for (--format table,json) and the
 * report folder (--out DIR): DIR/<date>-<host>-<kernel>/ for each run, with
 * DIR/latest pointing at the newest. Every file is written atomically.
 */
#ifndef TL_OUTPUT_H
#define TL_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "../lib/result.h"

enum tl_format {
	TL_FORMAT_TABLE = 1 << 0,
	TL_FORMAT_JSON = 1 << 1,
	TL_FORMAT_KTAP = 1 << 2, /* the checks */
	TL_FORMAT_JUNIT = 1 << 3, /* checks and cells as test cases */
};
#define TL_FORMATS_DEFAULT (TL_FORMAT_TABLE | TL_FORMAT_JSON)

/* "table,json,ktap,junit" -> bits; -EINVAL with the unknown name in why. */
int tl_formats_parse(const char *text, unsigned *formats, char *why, size_t why_size);

struct tl_output {
	unsigned formats;
	bool to_stdout; /* --out -: the one format goes to stdout */
	char dir[PATH_MAX]; /* --out */
	char run_dir[PATH_MAX]; /* DIR/<date>-<host>-<kernel> */
	bool details; /* table.txt carries the detail view too */
	const char *ktap; /* the KTAP as shown, with its diagnostics;
				       NULL: rendered from the result */
	size_t ktap_size;
};

/*
 * Create the folders and prove they can be written, before any measuring:
 * -errno with why set when they cannot. out "-" sends the one format asked
 * (json) to stdout and creates nothing.
 */
int tl_output_prepare(struct tl_output *output, const char *out, unsigned formats,
		      const char *host, const char *kernel, char *why, size_t why_size);

/* Write every file format of result into the run folder and point latest at
 * it (or write to stdout). The table is not written here: it is printed. */
int tl_output_write(const struct tl_output *output, const struct tl_result *result,
		    char *why, size_t why_size);

#endif
