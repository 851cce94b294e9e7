/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a result goes: the formats asked for (--format table,json, from the
 * table in lib/format.h) and the report folder (--out DIR):
 * DIR/<date>-<host>-<kernel>/ for each run, with DIR/latest pointing at the
 * newest. Every file is written atomically.
 */
#ifndef TL_OUTPUT_H
#define TL_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../lib/format.h"
#include "../lib/result.h"

struct tl_output {
	unsigned formats; /* a set of lib/format.h's formats */
	bool to_stdout; /* --out -: the one format goes to stdout */
	char dir[PATH_MAX]; /* --out */
	char run_dir[PATH_MAX]; /* DIR/<date>-<host>-<kernel> */
	/* what the writers are given: the detail view for table.txt too, the
	 * KTAP as shown */
	struct tl_format_options render;
};

/*
 * Create the folders and prove they can be written, before any measuring:
 * -errno with why set when they cannot. out "-" sends the one format asked
 * (json) to stdout and creates nothing.
 */
int tl_output_prepare(struct tl_output *output, const char *out, unsigned formats,
		      const char *host, const char *kernel, char *why, size_t why_size);

/* Write every format of result into the run folder and point latest at
 * it (or write the one format to stdout). */
int tl_output_write(const struct tl_output *output, const struct tl_result *result,
		    char *why, size_t why_size);

/* mkdir -p dir; 0, or -ENOTDIR when dir is there but no folder. */
int tl_output_mkdirs(const char *dir);

/* Write each format of the set into dir, which exists: a file each, a
 * folder of files for a format written per cell. -errno with why naming
 * the file that could not be written. */
int tl_output_write_formats(const char *dir, unsigned formats,
			    const struct tl_result *result,
			    const struct tl_format_options *render, char *why,
			    size_t why_size);

/*
 * The --format lines of command's --help, from the table of formats: the
 * option, what it does (intro: "what --out writes") and its default, then
 * one line per format command writes, with its file when files is set.
 */
void tl_output_help_formats(FILE *out, enum tl_command command, const char *intro,
			    bool files);

/* The --help lines of the two kcidb options. */
void tl_output_help_kcidb(FILE *out);

/*
 * --kcidb-origin and --kcidb-build-id, the two options of the kcidb format,
 * in the getopt_long table of every command that writes it (with values
 * of the command's own choosing), and their value set into render. -EINVAL
 * with why set when the value breaks KCIDB's rule.
 */
#define TL_OUTPUT_KCIDB_OPTIONS(origin_value, build_id_value)                            \
	{ "kcidb-origin", required_argument, NULL, (origin_value) },                     \
	{                                                                                \
		"kcidb-build-id", required_argument, NULL, (build_id_value)              \
	}
int tl_output_kcidb_origin(struct tl_format_options *render, const char *value, char *why,
			   size_t why_size);
int tl_output_kcidb_build_id(struct tl_format_options *render, const char *value,
			     char *why, size_t why_size);

/* Once the options are read: -EINVAL with why naming the option a format of
 * the set needs and was not given ("--format kcidb needs --kcidb-build-id
 * ORIGIN:ID, the KCIDB build the tests belong to"). */
int tl_output_formats_complete(unsigned formats, const struct tl_format_options *render,
			       char *why, size_t why_size);

#endif
