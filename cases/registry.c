/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "registry.h"

#include <string.h>

const struct tl_path *const tl_paths[] = {
#define TL_PATH(id) &tl_path_##id,
#include "paths/path-list.h"
#undef TL_PATH
	NULL,
};

const struct tl_check *const tl_checks[] = {
#define TL_CHECK(id) &tl_check_##id,
#include "checks/check-list.h"
#undef TL_CHECK
	NULL,
};

const struct tl_path *tl_path_find(const char *name)
{
	for (size_t i = 0; tl_paths[i]; i++)
		if (strcmp(tl_paths[i]->name, name) == 0)
			return tl_paths[i];
	return NULL;
}

const struct tl_check *tl_check_find(const char *name)
{
	for (size_t i = 0; tl_checks[i]; i++)
		if (strcmp(tl_checks[i]->name, name) == 0)
			return tl_checks[i];
	return NULL;
}
