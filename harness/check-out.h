/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `timerlab check --out DIR`: the KTAP shown on stdout kept as well (with
 * its diagnostics, which a result does not keep), and the files written
 * whole or not at all (a temporary file, then rename(2)).
 *
 * TODO(results): the report folder layout, the JSON result and atomic
 * writes are the results work's; when it lands, --out should go through
 * it and this file keep only the KTAP tee.
 */
#ifndef TL_CHECK_OUT_H
#define TL_CHECK_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "../lib/result.h"

/* A stream that writes to out and keeps a copy in memory. */
struct tl_check_tee {
	FILE *stream; /* write here */
	FILE *out; /* shown */
	FILE *copy; /* kept: open_memstream */
	char *copy_text;
	size_t copy_size;
};

int tl_check_tee_open(struct tl_check_tee *tee, FILE *out); /* 0 or -errno */
/* Flush; copy_text then holds all that was written (until _free). */
void tl_check_tee_close(struct tl_check_tee *tee);
void tl_check_tee_free(struct tl_check_tee *tee);

/* Names of the files --out writes, inside DIR. */
#define TL_CHECK_OUT_KTAP "checks.ktap"
#define TL_CHECK_OUT_JUNIT "junit.xml"
#define TL_CHECK_OUT_JSON "result.json"

/*
 * Write the formats asked for (enum tl_check_format) into dir, which is
 * created if missing. 0, or -errno with the file and cause in why.
 */
int tl_check_out_write(const char *dir, unsigned formats, const struct tl_result *result,
		       const char *ktap, size_t ktap_size, char *why, size_t why_size);

#endif
