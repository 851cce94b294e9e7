/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cyclictest --json files as compare reads them: any JSON that looks like
 * cyclictest's (no schema, a "thread" object) goes to
 * tl_cyclictest_read_json, with the JSON's own command line parsed for the
 * keys.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/compare-input.h"
#include "../../lib/cyclictest-input.h"
#include "cyclictest-check.h"
#include "fuzz.h"

int tl_fuzz_cyclictest_json(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), why[512] = "";
	struct tl_compare_input input;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	int err = -EINVAL;

	memset(&input, 0, sizeof(input));
	tl_result_init(&input.result);
	input.path = strdup("cyclictest.json");
	if (!input.path)
		abort();
	if (tl_cyclictest_is_json(root)) {
		err = tl_cyclictest_read_json(root, &input, why, sizeof(why));
		fuzz_check_input("cyclictest-json", err, &input, why, text);
	}
	json_decref(root);
	tl_compare_input_free(&input);
	free(text);
	return err;
}

TL_FUZZ_ENTRY(tl_fuzz_cyclictest_json)
