/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one list of paths (and, later, of checks). Adding a path is one file in
 * cases/ plus one line in cases/registry.c. */
#ifndef TL_REGISTRY_H
#define TL_REGISTRY_H

#include <stddef.h>

#include "path.h"

extern const struct tl_path tl_path_clock_nanosleep;
extern const struct tl_path tl_path_timerfd;
extern const struct tl_path tl_path_posix_timer;
extern const struct tl_path tl_path_setitimer;
extern const struct tl_path tl_path_alarm;

/* NULL-terminated, in the order the table shows them. */
extern const struct tl_path *const tl_paths[];

const struct tl_path *tl_path_find(const char *name);

#endif
