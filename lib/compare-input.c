/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "compare-input.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cyclictest-input.h"
#include "input-file.h"

/* The whole file as text, NUL-terminated (NULL when it cannot be read: the
 * result loader then says why). A text capture is small; a larger file is
 * not one. Read without blocking: a fifo swapped in after the caller's
 * stat() is refused, not waited on. */
static char *input_text(const char *path)
{
	char *text;
	size_t size;

	return tl_input_file_read(path, 64u << 20, &text, &size) == 0 ? text : NULL;
}

static int input_timerlab(const char *path, const json_t *root,
			  struct tl_compare_input *input, char *why, size_t why_size)
{
	int err = tl_result_load(path, &input->result, why, why_size);

	if (err)
		return err;
	input->kind = TL_INPUT_TIMERLAB;
	input->counts_known = true;
	tl_conditions_of_result(&input->result, &input->conditions);
	if (root)
		tl_conditions_read_extra(root, &input->conditions);
	if (input->result.checkpoint)
		snprintf(input->note, sizeof(input->note),
			 "checkpoint: partial, what a run had measured by %s",
			 input->result.finished);
	else if (input->result.interrupted)
		snprintf(input->note, sizeof(input->note),
			 "interrupted: holds what was measured before the signal");
	return 0;
}

int tl_compare_input_load(const char *path, const char *cyclictest_options,
			  struct tl_compare_input *input, char *why, size_t why_size)
{
	const char *start;
	char *text;
	struct stat st;
	json_t *root;
	int err;

	memset(input, 0, sizeof(*input));
	tl_result_init(&input->result);
	input->path = strdup(path);
	if (!input->path)
		return -ENOMEM;
	text = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? input_text(path) : NULL;
	if (!text) /* its loader says why, naming the file */
		return input_timerlab(path, NULL, input, why, why_size);
	start = text + strspn(text, " \t\r\n");
	if (*start != '{' && tl_cyclictest_is_histogram(text)) {
		err = tl_cyclictest_read_histogram(text, cyclictest_options, input, why,
						   why_size);
		free(text);
		return err;
	}
	root = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	free(text);
	if (tl_cyclictest_is_json(root))
		err = tl_cyclictest_read_json(root, input, why, why_size);
	else
		err = input_timerlab(path, root, input, why, why_size);
	json_decref(root);
	return err;
}

void tl_compare_input_free(struct tl_compare_input *input)
{
	free(input->path);
	input->path = NULL;
	tl_result_free(&input->result);
}
