/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A strict reader of the KTAP timerlab writes, for tests: it fails the
 * test on any line it does not expect. */
#ifndef TL_TESTS_KTAP_H
#define TL_TESTS_KTAP_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/result.h"

#define KTAP_MAX_RESULTS 128

struct ktap_parsed {
	bool valid; /* every rule below held */
	size_t planned; /* from "1..N" */
	size_t results; /* result lines */
	size_t diagnostics;
	/* per result line, in order */
	char names[KTAP_MAX_RESULTS][64];
	enum tl_verdict verdicts[KTAP_MAX_RESULTS];
	char reasons[KTAP_MAX_RESULTS][256]; /* after the directive, or "" */
	size_t counted[TL_VERDICT_COUNT]; /* from the result lines */
	size_t totals[TL_VERDICT_COUNT]; /* from "# Totals:" */
	bool interrupted; /* "# Interrupted:" seen */
	char why[256]; /* the first rule broken */
};

/*
 * The rules: "KTAP version 1", then "1..N", then result lines numbered 1, 2,
 * ... and "# " diagnostics, and last "# Totals: pass:P fail:F xfail:X
 * xpass:XP skip:S error:E timeout:T" whose counts are those of the result
 * lines. Unless interrupted, there are N result lines.
 */
void ktap_parse(const char *text, struct ktap_parsed *parsed);

/* The index of the result named name, or -1. */
int ktap_find(const struct ktap_parsed *parsed, const char *name);

#endif
