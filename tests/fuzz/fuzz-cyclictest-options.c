/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cyclictest command lines, as compare reads them from a --json file's
 * cmdline or from --cyclictest-options: a line it refuses says why in one
 * line; one it takes gives every thread a whole key, an interval of at
 * least 0 and a CPU from the line's own set, and the keys with their
 * suffixes (tl_cyclictest_cells) tell the threads apart.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/cyclictest-options.h"
#include "fuzz.h"

static void options_check_thread(const struct tl_cyclictest_options *options,
				 size_t thread, const char *text)
{
	struct tl_cyclictest_cell cell;
	bool listed = !options->cpu_count;

	tl_cyclictest_cell_of(options, thread, &cell);
	FUZZ_CHECK("cyclictest-options", cell.key[0] != '\0', text);
	FUZZ_CHECK("cyclictest-options", strlen(cell.key) + 1 < sizeof(cell.key), text);
	FUZZ_CHECK("cyclictest-options", cell.interval_ns >= 0, text);
	FUZZ_CHECK("cyclictest-options", options->pinned || cell.cpu == -1, text);
	for (size_t i = 0; i < options->cpu_count; i++)
		listed |= options->cpus[i] == cell.cpu;
	FUZZ_CHECK("cyclictest-options", !options->pinned || listed, text);
}

/* The threads' keys, suffixes and all, tell every thread apart: compare
 * matches cells by key. */
static void options_check_keys(const struct tl_cyclictest_options *options,
			       const char *text)
{
	struct tl_cyclictest_cell cells[8];

	FUZZ_CHECK("cyclictest-options", tl_cyclictest_cells(options, 8, cells) == 0,
		   text);
	for (size_t t = 0; t < 8; t++)
		for (size_t u = 0; u < t; u++)
			FUZZ_CHECK("cyclictest-options",
				   strcmp(cells[t].key, cells[u].key) != 0, text);
}

int tl_fuzz_cyclictest_options(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), why[256] = "";
	struct tl_cyclictest_options options;
	int err = tl_cyclictest_options_parse(text, &options, why, sizeof(why));

	FUZZ_CHECK("cyclictest-options", err == 0 || err == -EINVAL, text);
	if (err) {
		FUZZ_CHECK("cyclictest-options", fuzz_one_line(why, text), text);
		FUZZ_CHECK("cyclictest-options", strncmp(why, "cyclictest -", 12) == 0,
			   text);
		free(text);
		return err;
	}
	FUZZ_CHECK("cyclictest-options", options.cpu_count <= TL_CYCLICTEST_CPUS, text);
	for (size_t i = 1; i < options.cpu_count; i++)
		FUZZ_CHECK("cyclictest-options", options.cpus[i - 1] < options.cpus[i],
			   text);
	options_check_thread(&options, 0, text);
	options_check_thread(&options, 1, text);
	options_check_thread(&options, TL_CYCLICTEST_CPUS - 1, text);
	options_check_keys(&options, text);
	free(text);
	return 0;
}

TL_FUZZ_ENTRY(tl_fuzz_cyclictest_options)
