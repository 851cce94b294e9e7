/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tee.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static ssize_t tee_write(void *cookie, const char *data, size_t size)
{
	struct tl_tee *tee = cookie;

	/* the copy must be whole even when the terminal is gone */
	fwrite(data, 1, size, tee->copy);
	if (fwrite(data, 1, size, tee->out) != size)
		return -1;
	fflush(tee->out);
	return (ssize_t)size;
}

int tl_tee_open(struct tl_tee *tee, FILE *out)
{
	cookie_io_functions_t functions = { .write = tee_write };

	memset(tee, 0, sizeof(*tee));
	tee->out = out;
	tee->copy = open_memstream(&tee->copy_text, &tee->copy_size);
	if (!tee->copy)
		return -errno;
	tee->stream = fopencookie(tee, "w", functions);
	if (!tee->stream) {
		int err = -errno;

		fclose(tee->copy);
		free(tee->copy_text);
		return err;
	}
	/* line by line, as stdout is: a reader sees each check as it ends */
	setvbuf(tee->stream, NULL, _IOLBF, 0);
	return 0;
}

void tl_tee_close(struct tl_tee *tee)
{
	if (tee->stream)
		fclose(tee->stream);
	if (tee->copy)
		fclose(tee->copy);
	tee->stream = tee->copy = NULL;
}

void tl_tee_free(struct tl_tee *tee)
{
	tl_tee_close(tee);
	free(tee->copy_text);
	tee->copy_text = NULL;
}
