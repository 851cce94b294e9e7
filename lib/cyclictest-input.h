/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cyclictest's captures as compare inputs, a cell per thread: its --json
 * file (rt-tests 2.x: sysinfo, the command line, each thread's histogram,
 * cycles, min, avg, max and CPU) and its -h / -H histogram text (a row per
 * bucket, then # Total, # Min/Avg/Max Latencies, # Histogram Overflows).
 *
 * What cyclictest gives is not what timerlab records, and the cells say so:
 * values are whole us (or ns with -N), each bucket taken at its middle;
 * samples beyond the histogram's range (overflows) are known only by count
 * and by the thread's max, so they are counted at the max and percentiles
 * among them are upper bounds (the input's note says how many); there are
 * no rounds, so no change in a cyclictest cell can be tested; missed and
 * early are not counted. Keys come from the command line
 * (cyclictest-options.h): the JSON's own, or for -h text, which does not
 * say how it ran, the options the user gives (cyclictest's defaults
 * otherwise, as the note says).
 */
#ifndef TL_CYCLICTEST_INPUT_H
#define TL_CYCLICTEST_INPUT_H

#include <jansson.h>
#include <stddef.h>

#include "compare.h"

/* Whether text looks like cyclictest -h output: a "# Histogram" line. */
bool tl_cyclictest_is_histogram(const char *text);

/* Whether a JSON document is cyclictest's: no schema, a "thread" object. */
bool tl_cyclictest_is_json(const json_t *root);

/*
 * Fill input (path already set) from a cyclictest --json document, or from
 * -h text run with options (NULL: cyclictest's defaults). -EINVAL with why
 * set to "<path>: <problem>"; -ENOMEM.
 */
int tl_cyclictest_read_json(const json_t *root, struct tl_compare_input *input, char *why,
			    size_t why_size);
int tl_cyclictest_read_histogram(const char *text, const char *options,
				 struct tl_compare_input *input, char *why,
				 size_t why_size);

#endif
