/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run build/timerlab (or $TIMERLAB) from a test and capture what it says. */
#ifndef TL_TESTS_TOOL_H
#define TL_TESTS_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct tool_output {
	char *out; /* stdout, NUL-terminated */
	char *err; /* stderr, NUL-terminated */
	int status; /* exit status, or 128 + signal */
};

/* argv without the program; NULL-terminated. Aborts the test on failure to
 * start. A `run` given no --out saves under a folder of the test run's, not
 * into the tree's reports/. */
void tool_run(const char *const *argv, struct tool_output *output);
/* In a forked child: program (searched in PATH when it has no slash) with
 * argv, its stdout and stderr on the descriptors given; never returns. */
void tool_exec(const char *program, const char *const *argv, int out_fd, int err_fd);
/* Another program, found in PATH, the same way; status 127 when it cannot
 * be started. */
void tool_run_program(const char *program, const char *const *argv,
		      struct tool_output *output);
/* Whether program --version can be run (xmllint is optional for tests). */
bool tool_have(const char *program);
/* timerlab with argv is bad usage: exit 2, nothing on stdout, one line
 * "timerlab: ..." on stderr that contains message. */
void tool_expect_usage_error(const char *const *argv, const char *message);
void tool_free(struct tool_output *output);

/* What a writer renders of result, as a string (malloc'd); the test fails
 * when the writer does. */
struct tl_result;
char *tool_render(int (*write)(FILE *out, const struct tl_result *result),
		  const struct tl_result *result);
/* Lines in text. */
size_t tool_lines(const char *text);

/* One row of the table `timerlab run` prints. */
struct tool_row {
	char path[32], variant[32], clock[32], arm[32];
	bool emulated; /* the arm column said "abs (emulated)" */
	bool unsupported;
	bool rough; /* a percentile marked "~": too few samples above it */
	unsigned long long samples, early, missed;
	double min, p50, p90, p99, p999, max, stddev;
};

/* false if the line is not a row. */
bool tool_parse_row(const char *line, struct tool_row *row);
/* Every row of a printed table (header, footer and notes skipped); a line
 * that is none of these fails the test. Returns the count. */
size_t tool_rows(const char *out, struct tool_row *rows, size_t capacity);
/* The row of (path, variant, clock, arm), or NULL. */
const struct tool_row *tool_find_row(const struct tool_row *rows, size_t count,
				     const char *path, const char *variant,
				     const char *clock, const char *arm);

#endif
