/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The output formats, one row each: the name --format gives it, the file it
 * is saved as in a report folder, what it holds, the commands that write it
 * (and those that write it when --format is not given), and its writer.
 * Parsing --format, writing files, the help text and the messages of run,
 * check and report all come from this table, so a new format is one row
 * here and its writer beside the others (report-*.c). Every writer renders
 * a result, so anything saved can be rendered again in any format.
 */
#ifndef TL_FORMAT_H
#define TL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "result.h"

struct tl_comparison; /* compare.h */

/* The commands that write formats, as a set of bits. */
enum tl_command {
	TL_COMMAND_RUN = 1 << 0,
	TL_COMMAND_CHECK = 1 << 1,
	TL_COMMAND_REPORT = 1 << 2,
	TL_COMMAND_COMPARE = 1 << 3, /* renders a comparison, not one result */
};

/* "run", "check", "report", "compare". */
const char *tl_command_name(enum tl_command command);

/* cyclictest's common use: OSADL's latency plots run `cyclictest -h400`. */
#define TL_HIST_MAX_US_DEFAULT 400
/* cyclictest's own limit on -h (HIST_MAX). */
#define TL_HIST_MAX_US_LIMIT 1000000

/* What a writer is given besides the result. */
struct tl_format_options {
	bool details; /* table: each round's attribution after the table */
	int64_t hist_max_us; /* hist: rows of 1 us below this; 0 for the default */
	/* samples: the (unnamed) file the measuring children appended their
	 * samples to, when has_samples */
	bool has_samples;
	int samples_fd;
	/* ktap: the stream as it was shown, diagnostics included; NULL to
	 * render the result's checks (a result keeps no diagnostics) */
	const char *ktap_shown;
	size_t ktap_shown_size;
	/* kcidb: who submits the tests (--kcidb-origin) and the build they
	 * belong to (--kcidb-build-id); NULL until given */
	const char *kcidb_origin;
	const char *kcidb_build_id;
};

struct tl_format {
	const char *name; /* as --format spells it: "junit" */
	/* its name in a report folder: "junit.xml"; for a format written per
	 * cell, the folder that holds a file per cell */
	const char *file;
	const char *summary; /* what it holds, for --help */
	unsigned commands; /* enum tl_command: the commands that write it */
	unsigned defaults; /* enum tl_command: those that write it by default */
	/* Why a command that does not write it cannot (NULL: it is simply not
	 * among that command's formats). */
	const char *refusal;
	/* 0 or -errno (-EIO when the stream failed). */
	int (*write)(FILE *out, const struct tl_result *result,
		     const struct tl_format_options *options);
	/* Instead of write, a format written per measured cell: file/<the
	 * cell's file name><cell_suffix>; it cannot go to stdout. */
	int (*write_cell)(FILE *out, const struct tl_cell_result *cell);
	const char *cell_suffix;
	/* The writer of a comparison, on the rows compare writes (every
	 * input's result is in it); 0 or -errno. */
	int (*write_comparison)(FILE *out, const struct tl_comparison *comparison,
				const struct tl_format_options *options);
};

/* Every format, in the order --help lists them. A set of formats is a
 * bitmask: bit i stands for tl_formats[i]. */
extern const struct tl_format tl_formats[];
extern const size_t tl_format_count;

/* The format called name, NULL if there is none; and its bit, 0 if none. */
const struct tl_format *tl_format_find(const char *name);
unsigned tl_format_bit(const char *name);

/* The formats command writes at all, and those it writes by default. */
unsigned tl_formats_of(enum tl_command command);
unsigned tl_formats_default(enum tl_command command);

/*
 * "table,json" into a set of the formats command writes. -EINVAL with why
 * set, naming the formats command writes, when a name is unknown or is not
 * one of them: "--format: timerlab check does not write \"table\" (formats:
 * json, ktap, junit)".
 */
int tl_formats_parse(const char *text, enum tl_command command, unsigned *set, char *why,
		     size_t why_size);

/* A cell's key as a file name, into buf: every byte but letters, digits,
 * '-', '+' and a '.' after the first becomes '_'
 * ("timerfd_read_monotonic_abs_1ms"), so that no key names a path, "..",
 * a hidden file or a line break. */
void tl_format_cell_file_name(const char *key, char *buf, size_t size);

/* The names of a set's formats joined by separator ("table,json"); what
 * does not fit is cut. */
void tl_formats_names(unsigned set, const char *separator, char *buf, size_t size);

#endif
