/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run build/timerlab (or $TIMERLAB) from a test and capture what it says. */
#ifndef TL_TESTS_TOOL_H
#define TL_TESTS_TOOL_H

#include <stddef.h>

struct tool_output {
	char *out; /* stdout, NUL-terminated */
	char *err; /* stderr, NUL-terminated */
	int status; /* exit status, or 128 + signal */
};

/* argv without the program; NULL-terminated. Aborts the test on failure to
 * start. */
void tool_run(const char *const *argv, struct tool_output *output);
void tool_free(struct tool_output *output);
/* Lines in text. */
size_t tool_lines(const char *text);

#endif
