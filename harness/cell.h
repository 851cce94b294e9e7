/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cells and cell specs: names of arms, the cell key, and the command line's
 * `path[:variant[:signal]]`. */
#ifndef TL_CELL_H
#define TL_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "../cases/paths/path.h"

const char *tl_arm_name(enum tl_arm arm);
int tl_arm_from_name(const char *name, enum tl_arm *arm);

/* NULL when the cell's path has no variants / no signals. */
const char *tl_cell_variant(const struct tl_cell *cell);
const char *tl_cell_signal(const struct tl_cell *cell);

/* The cell's arm is emulated (TL_PATH_EMULATES): outputs say "abs (emulated)". */
bool tl_cell_emulated(const struct tl_cell *cell);

/* path[:variant][:signal]/clock/arm@interval, e.g.
 * "timerfd:read/monotonic/abs@1ms". -ENOSPC if it does not fit. */
int tl_cell_key(const struct tl_cell *cell, char *buf, size_t size);

/* A spec from the command line; variant and signal are -1 when not given. */
struct tl_cell_spec {
	const struct tl_path *path;
	int variant;
	int signal;
};

/* Parse `path[:variant[:signal]]`; on error, -EINVAL and a message without
 * the "timerlab: " prefix in why. */
int tl_cell_spec_parse(const char *text, struct tl_cell_spec *spec, char *why,
		       size_t why_size);

/* Number of entries of a NULL-terminated name list (0 for NULL). */
unsigned tl_name_count(const char *const *names);

#endif
