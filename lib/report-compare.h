/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers of a comparison (compare.h), each behind a row of the table
 * of formats (format.c): the text table, JSON with every verdict, JUnit (a
 * testcase per cell and gate) and Markdown. Each returns 0 or -errno (-EIO
 * when the stream failed). Below them, the wording they share, so that a
 * change reads the same in every format.
 */
#ifndef TL_REPORT_COMPARE_H
#define TL_REPORT_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "compare-gate.h"
#include "compare.h"
#include "format.h"

#define TL_COMPARISON_SCHEMA "timerlab.comparison/1"

int tl_report_compare_table(FILE *out, const struct tl_comparison *comparison,
			    const struct tl_format_options *options);
int tl_report_compare_json(FILE *out, const struct tl_comparison *comparison,
			   const struct tl_format_options *options);
int tl_report_compare_junit(FILE *out, const struct tl_comparison *comparison,
			    const struct tl_format_options *options);
int tl_report_compare_md(FILE *out, const struct tl_comparison *comparison,
			 const struct tl_format_options *options);
int tl_report_compare_html(FILE *out, const struct tl_comparison *comparison,
			   const struct tl_format_options *options);
/* BASE and one NEW as KCIDB tests; -EINVAL with other than two inputs. */
int tl_report_compare_kcidb(FILE *out, const struct tl_comparison *comparison,
			    const struct tl_format_options *options);

/* A metric's value as shown: us with one decimal, or a whole count. */
void tl_compare_text_value(enum tl_metric metric, double value, char *buf, size_t size);

/* A change in percent ("+11.2%"; counts, which have no percentage: "+2"),
 * in its unit ("+8.2" us, "+2"), and its mark: "*" significant, "?" a
 * metric that is tested but could not be here, "" otherwise. */
void tl_compare_text_percent(enum tl_metric metric, const struct tl_change *change,
			     char *buf, size_t size);
void tl_compare_text_delta(enum tl_metric metric, const struct tl_change *change,
			   char *buf, size_t size);
const char *tl_compare_text_mark(enum tl_metric metric, const struct tl_change *change);

/* "kernel release: a 6.18.44, b 6.12.57" (unknown values shown as such). */
void tl_compare_text_difference(const struct tl_comparison *comparison,
				enum tl_condition condition, char *buf, size_t size);

/* What a gate concluded: "passed (22 judged)", "tripped by 2 of 22
 * judged", with ", 3 untested" when some could not be tested and ", 10
 * not gated: measured under TCG" for those never gated. */
void tl_compare_text_verdict(const struct tl_gate_verdict *verdict, char *buf,
			     size_t size);

/* One trip: "timerfd:read/monotonic/abs@1ms in b: p99 +31.0% (+12.3us),
 * p = 0.0004" (a count gate: "early 3"). */
void tl_compare_text_trip(const struct tl_comparison *comparison,
			  const struct tl_gate_verdict *verdict,
			  const struct tl_gate_trip *trip, char *buf, size_t size);

/* How compare judges, in a sentence, for the legends. */
extern const char tl_compare_method[];

#endif
