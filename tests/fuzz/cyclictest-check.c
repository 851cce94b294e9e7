/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cyclictest-check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void check_cell(const char *target, const struct tl_cell_result *cell,
		       const char *text)
{
	FUZZ_CHECK(target, cell->key && cell->key[0], text);
	if (cell->unsupported)
		return;
	FUZZ_CHECK(target, cell->hist && cell->hist->count == cell->samples, text);
	FUZZ_CHECK(target, cell->min_ns <= cell->max_ns || !cell->samples, text);
}

static void check_reload(const char *target, const struct tl_result *result,
			 const char *text)
{
	char *saved = NULL, why[512] = "";
	size_t size = 0;
	FILE *out = open_memstream(&saved, &size);
	struct tl_result again;
	int err;

	if (!out)
		abort();
	err = tl_result_save(result, out);
	FUZZ_CHECK(target, fclose(out) == 0 && err == 0, text);
	err = tl_result_load_text("saved.json", saved, size, &again, why, sizeof(why));
	if (err)
		fprintf(stderr, "fuzz-%s: the input saved does not load: %s\n", target,
			why);
	FUZZ_CHECK(target, err == 0, text);
	if (!err)
		tl_result_free(&again);
	free(saved);
}

void fuzz_check_input(const char *target, int err, const struct tl_compare_input *input,
		      const char *why, const char *text)
{
	FUZZ_CHECK(target, err == 0 || err == -EINVAL, text);
	if (err) {
		FUZZ_CHECK(target, fuzz_one_line(why, text), text);
		FUZZ_CHECK(target, strncmp(why, input->path, strlen(input->path)) == 0,
			   text);
		return;
	}
	FUZZ_CHECK(target, memchr(input->note, '\0', sizeof(input->note)) != NULL, text);
	for (size_t i = 0; i < input->result.cell_count; i++)
		check_cell(target, &input->result.cells[i], text);
	check_reload(target, &input->result, text);
}
