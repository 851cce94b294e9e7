/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check-out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/report.h"
#include "check.h"

static ssize_t tee_write(void *cookie, const char *data, size_t size)
{
	struct tl_check_tee *tee = cookie;

	/* the copy must be whole even when the terminal is gone */
	fwrite(data, 1, size, tee->copy);
	if (fwrite(data, 1, size, tee->out) != size)
		return -1;
	fflush(tee->out);
	return (ssize_t)size;
}

int tl_check_tee_open(struct tl_check_tee *tee, FILE *out)
{
	cookie_io_functions_t functions = { .write = tee_write };

	memset(tee, 0, sizeof(*tee));
	tee->out = out;
	tee->copy = open_memstream(&tee->copy_text, &tee->copy_size);
	if (!tee->copy)
		return -errno;
	tee->stream = fopencookie(tee, "w", functions);
	if (!tee->stream) {
		int err = -errno;

		fclose(tee->copy);
		free(tee->copy_text);
		return err;
	}
	/* line by line, as stdout is: a reader sees each check as it ends */
	setvbuf(tee->stream, NULL, _IOLBF, 0);
	return 0;
}

void tl_check_tee_close(struct tl_check_tee *tee)
{
	if (tee->stream)
		fclose(tee->stream);
	if (tee->copy)
		fclose(tee->copy);
	tee->stream = tee->copy = NULL;
}

void tl_check_tee_free(struct tl_check_tee *tee)
{
	tl_check_tee_close(tee);
	free(tee->copy_text);
	tee->copy_text = NULL;
}

struct out_file {
	const char *name;
	const struct tl_result *result;
	const char *text; /* written as is, when not NULL */
	size_t size;
	int (*write)(FILE *out, const struct tl_result *result);
};

static int out_fill(FILE *stream, const struct out_file *file)
{
	if (file->text)
		return fwrite(file->text, 1, file->size, stream) == file->size ? 0 : -EIO;
	return file->write(stream, file->result);
}

/* dir/name whole or not at all: a temporary file, synced, then renamed. */
static int out_write_file(const char *dir, const struct out_file *file, char *why,
			  size_t why_size)
{
	char path[4096], temporary[4096];
	FILE *stream;
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s", dir, file->name);
	snprintf(temporary, sizeof(temporary), "%s/.%s.XXXXXX", dir, file->name);
	fd = mkstemp(temporary);
	/* mkstemp makes it 0600: a report is for everyone to read */
	if (fd < 0 || fchmod(fd, 0644) != 0 || !(stream = fdopen(fd, "w"))) {
		err = -errno;
		if (fd >= 0) {
			close(fd);
			unlink(temporary);
		}
		snprintf(why, why_size, "%s: %s", path, strerror(-err));
		return err;
	}
	err = out_fill(stream, file);
	if (!err && (fflush(stream) != 0 || fsync(fd) != 0))
		err = -errno;
	if (fclose(stream) != 0 && !err)
		err = -errno;
	if (!err && rename(temporary, path) != 0)
		err = -errno;
	if (err) {
		unlink(temporary);
		snprintf(why, why_size, "%s: %s", path, strerror(-err));
	}
	return err;
}

int tl_check_out_write(const char *dir, unsigned formats, const struct tl_result *result,
		       const char *ktap, size_t ktap_size, char *why, size_t why_size)
{
	const struct out_file files[] = {
		{ TL_CHECK_OUT_KTAP, result, ktap, ktap_size, tl_report_ktap },
		{ TL_CHECK_OUT_JUNIT, result, NULL, 0, tl_report_junit },
	};
	const unsigned file_formats[] = { TL_CHECK_FORMAT_KTAP, TL_CHECK_FORMAT_JUNIT };
	int err;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		err = -errno;
		snprintf(why, why_size, "%s: %s", dir, strerror(-err));
		return err;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (!(formats & file_formats[i]))
			continue;
		err = out_write_file(dir, &files[i], why, why_size);
		if (err)
			return err;
	}
	/* TODO(results): TL_CHECK_FORMAT_JSON writes TL_CHECK_OUT_JSON with the
	 * results work's JSON writer (env, checks, no cells). */
	if (formats & TL_CHECK_FORMAT_JSON) {
		snprintf(why, why_size,
			 "--format json: the JSON writer is not in this build yet");
		return -ENOSYS;
	}
	return 0;
}
