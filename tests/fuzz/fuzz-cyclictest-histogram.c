/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cyclictest -h text as compare reads it: text that has a "# Histogram"
 * line and does not start as JSON goes to tl_cyclictest_read_histogram.
 * Bytes up to a NUL, when there is one, are the --cyclictest-options it
 * was run with, the rest the text; without a NUL, no options (cyclictest's
 * defaults).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/compare-input.h"
#include "../../lib/cyclictest-input.h"
#include "cyclictest-check.h"
#include "fuzz.h"

int tl_fuzz_cyclictest_histogram(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	char *options = nul ? fuzz_string(data, (size_t)(nul - data)) : NULL;
	char *text = nul ? fuzz_string(nul + 1, size - (size_t)(nul - data) - 1)
			 : fuzz_string(data, size);
	struct tl_compare_input input;
	char why[512] = "";
	int err = -EINVAL;

	memset(&input, 0, sizeof(input));
	tl_result_init(&input.result);
	input.path = strdup("cyclictest.txt");
	if (!input.path)
		abort();
	if (text[strspn(text, " \t\r\n")] != '{' && tl_cyclictest_is_histogram(text)) {
		err = tl_cyclictest_read_histogram(text, options, &input, why,
						   sizeof(why));
		fuzz_check_input("cyclictest-histogram", err, &input, why, text);
	}
	tl_compare_input_free(&input);
	free(options);
	free(text);
	return err;
}

TL_FUZZ_ENTRY(tl_fuzz_cyclictest_histogram)
