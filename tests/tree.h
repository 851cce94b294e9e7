/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Files as text, for tests that hold the tree to what it says about itself
 * (lists, documents, makefile) and that read what timerlab wrote. Paths are
 * relative to the top of the tree, where the tests run. */
#ifndef TL_TESTS_TREE_H
#define TL_TESTS_TREE_H

#include <stdbool.h>
#include <stddef.h>

/* The whole file, NUL-terminated (malloc'd), or NULL if it cannot be read. */
char *tree_read(const char *path);

/*
 * Calls visit(path, arg) for every file under dir whose name ends in one of
 * the endings (".c", ".h"; NULL-terminated), recursively when recurse is
 * set, in no particular order. Returns how many it visited.
 */
size_t tree_walk(const char *dir, const char *const *endings, bool recurse,
		 void (*visit)(const char *path, void *arg), void *arg);

/* Whether text holds line as a whole line. */
bool tree_has_line(const char *text, const char *line);

/* rm -r path: a test removes what it made in /tmp. */
void tree_remove(const char *path);

/* mkdtemp(template), the folder removed (rm -r) when the test run exits,
 * whatever the test that made it asserted meanwhile. */
char *tree_temporary(char *template);

#endif
