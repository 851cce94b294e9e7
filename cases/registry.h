/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registry: every path and every check, in the order the table and
 * `timerlab check` show them, made from the one list of each
 * (cases/paths/path-list.h, cases/checks/check-list.h). Adding a path is
 * its file in cases/paths/ plus one line in path-list.h; adding a check is
 * its function and struct in its group's file plus one line in
 * check-list.h (cases/README.md).
 */
#ifndef TL_REGISTRY_H
#define TL_REGISTRY_H

#include <stddef.h>

#include "checks/check.h"
#include "paths/path.h"

#define TL_PATH(id) extern const struct tl_path tl_path_##id;
#include "paths/path-list.h"
#undef TL_PATH

#define TL_CHECK(id) extern const struct tl_check tl_check_##id;
#include "checks/check-list.h"
#undef TL_CHECK

/* NULL-terminated, in the order of path-list.h. */
extern const struct tl_path *const tl_paths[];
/* NULL-terminated, in the order of check-list.h. */
extern const struct tl_check *const tl_checks[];

const struct tl_path *tl_path_find(const char *name);
const struct tl_check *tl_check_find(const char *name);

#endif
