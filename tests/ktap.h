/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A strict reader of the KTAP timerlab writes, for tests: it fails the
 * test on any line it does not expect. */
#ifndef TL_TESTS_KTAP_H
#define TL_TESTS_KTAP_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/result.h"

#define KTAP_MAX_RESULTS 256

struct ktap_parsed {
	bool valid; /* every rule below held */
	size_t planned; /* from "1..N" */
	bool plan_seen;
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

/* The same rules, the closing totals line required or not (a nested
 * subtest of cells has none). */
void ktap_parse_flat(const char *text, bool totals, struct ktap_parsed *parsed);

#define KTAP_MAX_SUBTESTS 4

/*
 * A document of nested subtests: "KTAP version 1", "# " diagnostics, "1..K",
 * then K subtests, each a document indented by two spaces with a
 * "# Subtest: NAME" line, closed by "ok i NAME" or "not ok i NAME" at the
 * top. texts[i] is subtest i without its indentation (freed by
 * ktap_document_free).
 */
struct ktap_document {
	bool valid;
	size_t planned;
	size_t subtests;
	char names[KTAP_MAX_SUBTESTS][64];
	bool ok[KTAP_MAX_SUBTESTS];
	char *texts[KTAP_MAX_SUBTESTS];
	char why[256];
};

void ktap_parse_document(const char *text, struct ktap_document *document);
void ktap_document_free(struct ktap_document *document);

#endif
