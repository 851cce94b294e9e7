/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A stream that writes to out and keeps a copy in memory: the KTAP shown on
 * stdout is saved with its diagnostics, which a result does not keep.
 */
#ifndef TL_TEE_H
#define TL_TEE_H

#include <stddef.h>
#include <stdio.h>

struct tl_tee {
	FILE *stream; /* write here */
	FILE *out; /* shown */
	FILE *copy; /* kept: open_memstream */
	char *copy_text;
	size_t copy_size;
};

int tl_tee_open(struct tl_tee *tee, FILE *out); /* 0 or -errno */
/* Flush; copy_text then holds all that was written (until _free). */
void tl_tee_close(struct tl_tee *tee);
void tl_tee_free(struct tl_tee *tee);

#endif
