/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The result loader on any bytes, as `timerlab report` and `compare` read a
 * result file (tl_result_load_text is what tl_result_load runs on the
 * file's bytes): a result it refuses says why in one line naming the file;
 * one it takes can be saved, and what is saved loads again and saves the
 * same, so a result survives report and compare however it was written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/result.h"
#include "fuzz.h"

#define RESULT_NAME "fuzz.json"

/* The result saved as text (malloc'd), or NULL when the writer failed. */
static char *result_saved(const struct tl_result *result, size_t *size)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, size);
	int err;

	if (!out)
		abort();
	err = tl_result_save(result, out);
	if (fclose(out) != 0 || err) {
		free(text);
		return NULL;
	}
	return text;
}

int tl_fuzz_result(const uint8_t *data, size_t size)
{
	char why[1024] = "", *input = fuzz_string(data, size);
	struct tl_result result, again;
	char *saved, *resaved;
	size_t saved_size, resaved_size;
	int err = tl_result_load_text(RESULT_NAME, (const char *)data, size, &result, why,
				      sizeof(why));

	FUZZ_CHECK("result", err == 0 || err == -EINVAL, input);
	if (err) {
		FUZZ_CHECK("result", fuzz_one_line(why, input), input);
		FUZZ_CHECK("result", strncmp(why, RESULT_NAME ": ", 11) == 0, input);
		free(input);
		return err;
	}
	saved = result_saved(&result, &saved_size);
	FUZZ_CHECK("result", saved != NULL, input);
	tl_result_free(&result);
	if (!saved) {
		free(input);
		return 0;
	}
	why[0] = '\0';
	err = tl_result_load_text(RESULT_NAME, saved, saved_size, &again, why,
				  sizeof(why));
	if (err)
		fprintf(stderr, "fuzz-result: what was saved does not load: %s\n", why);
	FUZZ_CHECK("result", err == 0, input);
	if (!err) {
		resaved = result_saved(&again, &resaved_size);
		FUZZ_CHECK("result",
			   resaved && resaved_size == saved_size &&
				   memcmp(resaved, saved, saved_size) == 0,
			   input);
		free(resaved);
		tl_result_free(&again);
	}
	free(saved);
	free(input);
	return 0;
}

TL_FUZZ_ENTRY(tl_fuzz_result)
