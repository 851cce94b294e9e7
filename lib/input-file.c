/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "input-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int input_file_check(int fd, size_t max_bytes, size_t *length)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -ENODEV;
	if (st.st_size < 0 || (unsigned long long)st.st_size > max_bytes)
		return -EFBIG;
	*length = (size_t)st.st_size;
	return 0;
}

int tl_input_file_read(const char *path, size_t max_bytes, char **text, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), err;
	size_t length = 0;

	*text = NULL;
	*size = 0;
	if (fd < 0)
		return -errno;
	err = input_file_check(fd, max_bytes, &length);
	if (!err && !(*text = malloc(length + 1)))
		err = -ENOMEM;
	while (!err && *size < length) {
		ssize_t n = read(fd, *text + *size, length - *size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* it shrank as it was read: not the file it was */
			err = n < 0 ? -errno : -EIO;
		else
			*size += (size_t)n;
	}
	close(fd);
	if (err) {
		free(*text);
		*text = NULL;
		*size = 0;
		return err;
	}
	(*text)[*size] = '\0';
	return 0;
}

const char *tl_input_file_error(int err)
{
	switch (err) {
	case -EISDIR:
		return "a folder, not a file";
	case -ENODEV:
		return "not a regular file (a fifo, a device or a socket)";
	case -EFBIG:
		return "too large";
	default:
		return strerror(-err);
	}
}
