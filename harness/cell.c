/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cell.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../cases/registry.h"
#include "../lib/time.h"

static const char *const cell_arm_names[TL_ARM_COUNT] = {
	[TL_ARM_ABS] = "abs",
	[TL_ARM_REL] = "rel",
	[TL_ARM_PERIODIC] = "periodic",
};

const char *tl_arm_name(enum tl_arm arm)
{
	return (unsigned)arm < TL_ARM_COUNT ? cell_arm_names[arm] : "?";
}

int tl_arm_from_name(const char *name, enum tl_arm *arm)
{
	for (unsigned i = 0; i < TL_ARM_COUNT; i++) {
		if (strcmp(cell_arm_names[i], name) == 0) {
			*arm = (enum tl_arm)i;
			return 0;
		}
	}
	return -EINVAL;
}

unsigned tl_name_count(const char *const *names)
{
	unsigned n = 0;

	while (names && names[n])
		n++;
	return n;
}

const char *tl_cell_variant(const struct tl_cell *cell)
{
	return cell->path->variants ? cell->path->variants[cell->variant] : NULL;
}

const char *tl_cell_signal(const struct tl_cell *cell)
{
	return cell->path->signals ? cell->path->signals[cell->signal] : NULL;
}

bool tl_cell_emulated(const struct tl_cell *cell)
{
	return (cell->path->flags & TL_PATH_EMULATES(cell->arm)) != 0;
}

int tl_cell_key(const struct tl_cell *cell, char *buf, size_t size)
{
	const char *variant = tl_cell_variant(cell), *signal = tl_cell_signal(cell);
	const char *clock = tl_clock_name(cell->clock);
	char interval[32];
	int n;

	if (tl_duration_format(cell->interval_ns, interval, sizeof(interval)) < 0)
		return -ENOSPC;
	n = snprintf(buf, size, "%s%s%s%s%s/%s/%s@%s", cell->path->name,
		     variant ? ":" : "", variant ? variant : "", signal ? ":" : "",
		     signal ? signal : "", clock ? clock : "?", tl_arm_name(cell->arm),
		     interval);
	return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}

static void cell_list_names(const char *const *names, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; names && names[i] && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
					 names[i]);
}

static int cell_find_name(const char *const *names, const char *name)
{
	for (int i = 0; names && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static int cell_spec_part(const struct tl_path *path, const char *const *names,
			  const char *what, const char *text, int *index, char *why,
			  size_t why_size)
{
	char known[256];

	if (!names) {
		snprintf(why, why_size, "%s has no %ss (got \"%s\")", path->name, what,
			 text);
		return -EINVAL;
	}
	*index = cell_find_name(names, text);
	if (*index >= 0)
		return 0;
	cell_list_names(names, known, sizeof(known));
	snprintf(why, why_size, "%s: unknown %s \"%s\" (%ss: %s)", path->name, what, text,
		 what, known);
	return -EINVAL;
}

int tl_cell_spec_parse(const char *text, struct tl_cell_spec *spec, char *why,
		       size_t why_size)
{
	char copy[128], known[256];
	char *variant, *signal;
	const char *names[32];
	unsigned n = 0;

	if (strlen(text) >= sizeof(copy)) {
		snprintf(why, why_size, "cell spec too long: \"%.40s...\"", text);
		return -EINVAL;
	}
	strcpy(copy, text);
	variant = strchr(copy, ':');
	if (variant)
		*variant++ = '\0';
	signal = variant ? strchr(variant, ':') : NULL;
	if (signal)
		*signal++ = '\0';

	*spec = (struct tl_cell_spec){ tl_path_find(copy), -1, -1 };
	if (!spec->path) {
		for (; n < 31 && tl_paths[n]; n++)
			names[n] = tl_paths[n]->name;
		names[n] = NULL;
		cell_list_names(names, known, sizeof(known));
		snprintf(why, why_size, "unknown path \"%s\" (paths: %s)", copy, known);
		return -EINVAL;
	}
	if (variant && cell_spec_part(spec->path, spec->path->variants, "variant",
				      variant, &spec->variant, why, why_size) < 0)
		return -EINVAL;
	if (signal && cell_spec_part(spec->path, spec->path->signals, "signal", signal,
				     &spec->signal, why, why_size) < 0)
		return -EINVAL;
	return 0;
}
