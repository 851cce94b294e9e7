/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* "<dir>/.<name>.<random>" beside path. */
static int atomic_temp_name(const char *path, char *temp, size_t size)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	int dir_length = slash ? (int)(slash - path + 1) : 0;
	uint64_t random = 0;

	if (getrandom(&random, sizeof(random), GRND_NONBLOCK) != sizeof(random))
		random ^= (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)temp;
	int n = snprintf(temp, size, "%.*s.%s.%016llx", dir_length, path, name,
			 (unsigned long long)random);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int tl_atomic_file_open(struct tl_atomic_file *file, const char *path)
{
	int fd = -1, err;

	memset(file, 0, sizeof(*file));
	if (!path[0])
		return -ENOENT;
	if (strlen(path) >= sizeof(file->path))
		return -ENAMETOOLONG;
	/* the rename at commit could not replace a folder: say so now, before
	 * anything is written (a symlink at path is replaced, not followed) */
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	strcpy(file->path, path);
	for (int attempt = 0; attempt < 8 && fd < 0; attempt++) {
		err = atomic_temp_name(path, file->temp_path, sizeof(file->temp_path));
		if (err)
			return err;
		fd = open(file->temp_path,
			  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
	file->stream = fdopen(fd, "w");
	if (!file->stream) {
		err = -errno;
		close(fd);
		unlink(file->temp_path);
		return err;
	}
	return 0;
}

int tl_atomic_file_commit(struct tl_atomic_file *file)
{
	int err = 0;

	if (fflush(file->stream) == EOF || ferror(file->stream))
		err = -EIO;
	if (!err && fsync(fileno(file->stream)) < 0)
		err = -errno;
	if (fclose(file->stream) == EOF && !err)
		err = -EIO;
	file->stream = NULL;
	if (!err && rename(file->temp_path, file->path) < 0)
		err = -errno;
	if (err)
		unlink(file->temp_path);
	return err;
}

void tl_atomic_file_abort(struct tl_atomic_file *file)
{
	if (file->stream)
		fclose(file->stream);
	file->stream = NULL;
	unlink(file->temp_path);
}

int tl_atomic_symlink(const char *target, const char *link)
{
	char temp[PATH_MAX];
	int err = -EEXIST;

	for (int attempt = 0; attempt < 8 && err == -EEXIST; attempt++) {
		err = atomic_temp_name(link, temp, sizeof(temp));
		if (err)
			return err;
		err = symlink(target, temp) == 0 ? 0 : -errno;
	}
	if (err)
		return err;
	if (rename(temp, link) < 0) {
		err = -errno;
		unlink(temp);
		return err;
	}
	return 0;
}
