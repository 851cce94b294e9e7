/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A file written whole or not at all: it is written to a temporary file in
 * the same folder (created O_CREAT | O_EXCL | O_NOFOLLOW, so a planted
 * symlink is never followed) and renamed over the final name on commit, so
 * a killed run never leaves a truncated file behind.
 */
#ifndef TL_ATOMIC_FILE_H
#define TL_ATOMIC_FILE_H

#include <limits.h>
#include <stdio.h>

struct tl_atomic_file {
	FILE *stream;
	char path[PATH_MAX]; /* the final name */
	char temp_path[PATH_MAX]; /* where it is written until commit */
};

/* 0 or -errno; -EISDIR when path is a folder. */
int tl_atomic_file_open(struct tl_atomic_file *file, const char *path);
/* Flush, fsync, rename into place; on failure the temporary file is
 * removed. 0 or -errno. */
int tl_atomic_file_commit(struct tl_atomic_file *file);
/* Close and remove the temporary file. */
void tl_atomic_file_abort(struct tl_atomic_file *file);

/* Point link (a symlink) at target, replacing what link was, atomically.
 * 0 or -errno. */
int tl_atomic_symlink(const char *target, const char *link);

#endif
