/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Progress on stderr: a live line on a terminal, a line per finished cell
 * otherwise (CI logs), nothing with --quiet. */
#ifndef TL_PROGRESS_H
#define TL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tl_progress {
	bool enabled;
	bool live; /* stderr is a terminal */
	size_t index; /* 1-based number of the current block */
	size_t count; /* blocks in the run */
	const char *key; /* the cell being measured */
	bool line_shown; /* a live line needs clearing */
};

void tl_progress_init(struct tl_progress *progress, bool quiet, size_t count);
void tl_progress_start(struct tl_progress *progress, const char *key);
/* Matches struct tl_block_progress's show(). */
void tl_progress_show(void *progress, uint64_t wakes, uint64_t total);
void tl_progress_done(struct tl_progress *progress, const char *outcome);

#endif
