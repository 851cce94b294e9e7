/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The label that heads each input's column: what the user gave (--label),
 * or what tells the inputs apart, most telling first: the kernel release
 * (compare kernel-*.json shows each cell across kernels), the file name, the
 * path, the path numbered. Only the labels that collide fall back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "text.h"

enum label_level { LABEL_KERNEL, LABEL_FILE, LABEL_PATH, LABEL_NUMBERED };

/* text into label, cut to fit: a label is a column's head, not a record */
static void label_copy(char *label, size_t size, const char *text)
{
	size_t length = strnlen(text, size - 1);

	memcpy(label, text, length);
	label[length] = '\0';
}

static void label_at(struct tl_compare_input *input, size_t index, enum label_level level)
{
	const char *slash = strrchr(input->path, '/');
	size_t size = sizeof(input->label);

	switch (level) {
	case LABEL_KERNEL:
		label_copy(input->label, size,
			   input->conditions.value[TL_CONDITION_KERNEL]);
		break;
	case LABEL_FILE:
		label_copy(input->label, size, slash ? slash + 1 : input->path);
		break;
	case LABEL_PATH:
		label_copy(input->label, size, input->path);
		break;
	case LABEL_NUMBERED:
		snprintf(input->label, size, "%s#%zu", input->path, index + 1);
		break;
	}
}

static bool label_collides(const struct tl_compare_input *inputs, size_t count, size_t i)
{
	if (!inputs[i].label[0])
		return true;
	for (size_t j = 0; j < count; j++)
		if (j != i && strcmp(inputs[i].label, inputs[j].label) == 0)
			return true;
	return false;
}

static void label_default(struct tl_compare_input *inputs, size_t count,
			  enum label_level *level, bool *collides)
{
	bool again = true;

	for (size_t i = 0; i < count; i++)
		label_at(&inputs[i], i, level[i] = LABEL_KERNEL);
	while (again) {
		again = false;
		for (size_t i = 0; i < count; i++)
			collides[i] = level[i] < LABEL_NUMBERED &&
				      label_collides(inputs, count, i);
		for (size_t i = 0; i < count; i++) {
			if (!collides[i])
				continue;
			label_at(&inputs[i], i, ++level[i]);
			again = true;
		}
	}
}

static int label_given(struct tl_compare_input *inputs, size_t count, const char *labels,
		       char *why, size_t why_size)
{
	size_t given = 1;
	const char *at = labels;

	for (const char *p = labels; *p; p++)
		given += *p == ',';
	if (!tl_text_list_complete(labels)) {
		snprintf(why, why_size, "--label: empty element in \"%s\"", labels);
		return -EINVAL;
	}
	if (given != count) {
		snprintf(why, why_size, "--label: %zu labels for %zu results", given,
			 count);
		return -EINVAL;
	}
	for (size_t i = 0; i < count; i++) {
		size_t length = strcspn(at, ",");

		snprintf(inputs[i].label, sizeof(inputs[i].label), "%.*s", (int)length,
			 at);
		at += length + 1;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(inputs[i].label, inputs[j].label) == 0) {
				snprintf(why, why_size, "--label: \"%s\" is given twice",
					 inputs[i].label);
				return -EINVAL;
			}
		}
	}
	return 0;
}

int tl_compare_label(struct tl_compare_input *inputs, size_t count, const char *labels,
		     char *why, size_t why_size)
{
	enum label_level *level;
	bool *collides;

	if (labels)
		return label_given(inputs, count, labels, why, why_size);
	level = calloc(count + 1, sizeof(*level));
	collides = calloc(count + 1, sizeof(*collides));
	bool allocated = level && collides;

	if (allocated)
		label_default(inputs, count, level, collides);
	else
		snprintf(why, why_size, "out of memory");
	free(level);
	free(collides);
	return allocated ? 0 : -ENOMEM;
}
