/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tl_cell_spec_parse as --path gives it one item: a spec it accepts names a
 * path and, where given, a variant and a signal of that path, spelt exactly
 * as the text (so the text can be written back from the spec); one it
 * refuses says why in one line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/cell.h"
#include "fuzz.h"

/* The spec written back: path[:variant[:signal]]. */
static void cell_spec_text(const struct tl_cell_spec *spec, char *buf, size_t size)
{
	const char *variant =
		spec->variant >= 0 ? spec->path->variants[spec->variant] : NULL;
	const char *signal = spec->signal >= 0 ? spec->path->signals[spec->signal] : NULL;

	snprintf(buf, size, "%s%s%s%s%s", spec->path->name, variant ? ":" : "",
		 variant ? variant : "", signal ? ":" : "", signal ? signal : "");
}

int tl_fuzz_cell_spec(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), why[256] = "", again[256];
	struct tl_cell_spec spec;
	int err = tl_cell_spec_parse(text, &spec, why, sizeof(why));

	FUZZ_CHECK("cell-spec", err == 0 || err == -EINVAL, text);
	if (err) {
		FUZZ_CHECK("cell-spec", fuzz_one_line(why, text), text);
		free(text);
		return err;
	}
	FUZZ_CHECK("cell-spec", spec.path != NULL, text);
	FUZZ_CHECK("cell-spec",
		   spec.variant < (int)tl_name_count(spec.path->variants) &&
			   spec.variant >= -1,
		   text);
	FUZZ_CHECK("cell-spec",
		   spec.signal < (int)tl_name_count(spec.path->signals) &&
			   spec.signal >= -1,
		   text);
	/* a signal is the third part: never without the second */
	FUZZ_CHECK("cell-spec", spec.signal < 0 || spec.variant >= 0, text);
	cell_spec_text(&spec, again, sizeof(again));
	FUZZ_CHECK("cell-spec", strcmp(again, text) == 0, text);
	free(text);
	return 0;
}

TL_FUZZ_ENTRY(tl_fuzz_cell_spec)
