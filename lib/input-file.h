/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A file a user names as input (a suite, a capture to compare), read whole. Only a regular file:
 * it is opened O_NONBLOCK, so a fifo that nobody writes or a device is
 * refused at once instead of waiting on it for ever, and a folder is named
 * as one.
 */
#ifndef TL_INPUT_FILE_H
#define TL_INPUT_FILE_H

#include <stddef.h>

/*
 * path's text in *text (malloc'd, NUL-terminated, *size bytes before the
 * NUL). 0, or -errno: -EISDIR a folder, -ENODEV not a regular file (fifo,
 * device, socket), -EFBIG over max_bytes, else what open or read said.
 */
int tl_input_file_read(const char *path, size_t max_bytes, char **text, size_t *size);

/* What tl_input_file_read's error means, for "<path>: <why>". */
const char *tl_input_file_error(int err);

#endif
