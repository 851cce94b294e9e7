/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The malformed files of the bad-input table, made at test time in a
 * folder of their own: results (from tests/data/lava-result.json, each
 * broken in one way), suites, and what is not a file at all (a fifo that
 * nobody writes, a folder, a symlink loop, a sparse file of 2 GB, nesting
 * 100000 deep), so that nothing big is kept in the tree.
 */
#ifndef TL_TESTS_BAD_INPUT_H
#define TL_TESTS_BAD_INPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Make every fixture in a new folder; its path, or NULL when it cannot be
 * made (the test fails). */
const char *bad_input_fixtures_make(void);
/* Remove the folder and what is in it. */
void bad_input_fixtures_remove(void);

/* A child of timerlab with argv, killed after timeout_s: its stdout, its
 * stderr (malloc'd, NUL-terminated), its status (128 + signal), and whether
 * it had to be killed. */
struct bad_input_output {
	char *out, *err;
	int status;
	bool timed_out;
};
void bad_input_run(const char *const *argv, int timeout_s,
		   struct bad_input_output *output);
void bad_input_output_free(struct bad_input_output *output);

#endif
