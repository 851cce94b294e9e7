/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../lib/atomic-file.h"
#include "../lib/kcidb.h"
#include "interrupt.h"

int tl_output_mkdirs(const char *dir)
{
	char path[PATH_MAX];
	size_t length = strlen(dir);

	if (length >= sizeof(path))
		return -ENAMETOOLONG;
	strcpy(path, dir);
	for (size_t i = 1; i <= length; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char saved = path[i];

		path[i] = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -errno;
		path[i] = saved;
	}
	struct stat st;
	if (stat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* Host and kernel names go into a folder name: keep it one safe word. */
static void output_safe(char *text)
{
	for (; *text; text++)
		if (!((*text >= 'a' && *text <= 'z') || (*text >= 'A' && *text <= 'Z') ||
		      (*text >= '0' && *text <= '9') || *text == '.' || *text == '-' ||
		      *text == '_' || *text == '+'))
			*text = '_';
}

static int output_run_dir(struct tl_output *output, const char *host, const char *kernel)
{
	char stamp[32], safe_host[64], safe_kernel[128];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(safe_host, sizeof(safe_host), "%s", host);
	snprintf(safe_kernel, sizeof(safe_kernel), "%s", kernel);
	output_safe(safe_host);
	output_safe(safe_kernel);
	for (int attempt = 1; attempt < 100; attempt++) {
		char suffix[8] = "";
		int n;

		if (attempt > 1)
			snprintf(suffix, sizeof(suffix), "-%d", attempt);
		n = snprintf(output->run_dir, sizeof(output->run_dir), "%s/%s-%s-%s%s",
			     output->dir, stamp, safe_host, safe_kernel, suffix);
		if (n < 0 || (size_t)n >= sizeof(output->run_dir))
			return -ENAMETOOLONG;
		if (mkdir(output->run_dir, 0755) == 0)
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int tl_output_prepare(struct tl_output *output, const char *out, unsigned formats,
		      const char *host, const char *kernel, char *why, size_t why_size)
{
	struct tl_atomic_file probe;
	int err;

	memset(output, 0, sizeof(*output));
	output->formats = formats;
	if (strcmp(out, "-") == 0) {
		if (formats != tl_format_bit("json")) {
			snprintf(why, why_size,
				 "--out -: only --format json can go to stdout");
			return -EINVAL;
		}
		output->to_stdout = true;
		return 0;
	}
	if (strlen(out) >= sizeof(output->dir)) {
		snprintf(why, why_size, "--out: path too long");
		return -ENAMETOOLONG;
	}
	strcpy(output->dir, out);
	for (size_t n = strlen(output->dir); n > 1 && output->dir[n - 1] == '/'; n--)
		output->dir[n - 1] = '\0';
	err = tl_output_mkdirs(output->dir);
	if (!err)
		err = output_run_dir(output, host, kernel);
	if (!err) {
		char path[PATH_MAX + 16];

		snprintf(path, sizeof(path), "%s/result.json", output->run_dir);
		err = tl_atomic_file_open(&probe, path);
		if (!err)
			tl_atomic_file_abort(&probe);
	}
	if (err)
		snprintf(why, why_size, "--out: cannot write reports in \"%s\": %s", out,
			 strerror(-err));
	return err;
}

/* path, written whole or not at all: by write, or by write_cell for cell. */
static int output_file(const char *path, const struct tl_format *format,
		       const struct tl_result *result, const struct tl_cell_result *cell,
		       const struct tl_format_options *render)
{
	struct tl_atomic_file file;
	int err;

	err = tl_atomic_file_open(&file, path);
	if (err)
		return err;
	tl_interrupt_guard_file(file.temp_path);
	err = cell ? format->write_cell(file.stream, cell)
		   : format->write(file.stream, result, render);
	if (err)
		tl_atomic_file_abort(&file);
	else
		err = tl_atomic_file_commit(&file);
	tl_interrupt_guard_file(NULL);
	return err;
}

/* A format written per cell: dir/<format's folder>/<cell><suffix>, for each
 * measured cell; path names the one that failed. */
static int output_cells(const char *dir, const struct tl_format *format,
			const struct tl_result *result, char *path, size_t size)
{
	int err;

	snprintf(path, size, "%s/%s", dir, format->file);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	/* one there already must be a folder itself: a symlink planted in its
	 * place would have the cells' files written wherever it points */
	struct stat st;
	if (lstat(path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];
		char name[256];

		if (cell->unsupported || !cell->samples)
			continue;
		tl_format_cell_file_name(cell->key, name, sizeof(name));
		snprintf(path, size, "%s/%s/%s%s", dir, format->file, name,
			 format->cell_suffix);
		err = output_file(path, format, result, cell, NULL);
		if (err)
			return err;
	}
	return 0;
}

int tl_output_write_formats(const char *dir, unsigned formats,
			    const struct tl_result *result,
			    const struct tl_format_options *render, char *why,
			    size_t why_size)
{
	char path[PATH_MAX + 512];
	int err = 0;

	for (size_t i = 0; i < tl_format_count && !err; i++) {
		const struct tl_format *format = &tl_formats[i];

		if (!(formats & (1u << i)))
			continue;
		if (format->write_cell) {
			err = output_cells(dir, format, result, path, sizeof(path));
		} else {
			snprintf(path, sizeof(path), "%s/%s", dir, format->file);
			err = output_file(path, format, result, NULL, render);
		}
		if (err)
			snprintf(why, why_size, "writing %s: %s", path, strerror(-err));
	}
	return err;
}

int tl_output_write(const struct tl_output *output, const struct tl_result *result,
		    char *why, size_t why_size)
{
	char latest[PATH_MAX + 8];
	const char *name;
	int err = 0;

	if (output->to_stdout) {
		/* the one format asked: prepare allowed json alone */
		for (size_t i = 0; i < tl_format_count && !err; i++)
			if (output->formats & (1u << i))
				err = tl_formats[i].write(stdout, result,
							  &output->render);
		if (err)
			snprintf(why, why_size, "writing JSON to stdout: %s",
				 strerror(-err));
		return err;
	}
	err = tl_output_write_formats(output->run_dir, output->formats, result,
				      &output->render, why, why_size);
	if (err)
		return err;
	name = strrchr(output->run_dir, '/') + 1;
	snprintf(latest, sizeof(latest), "%s/latest", output->dir);
	err = tl_atomic_symlink(name, latest);
	if (err)
		snprintf(why, why_size, "pointing %s at %s: %s", latest, name,
			 strerror(-err));
	return err;
}

void tl_output_help_formats(FILE *out, enum tl_command command, const char *intro,
			    bool files)
{
	char defaults[128];

	tl_formats_names(tl_formats_default(command), ",", defaults, sizeof(defaults));
	fprintf(out, "  --format LIST     %s, comma-separated; default %s\n", intro,
		defaults);
	for (size_t i = 0; i < tl_format_count; i++) {
		const struct tl_format *format = &tl_formats[i];

		char file[64] = "";

		if (!(format->commands & command))
			continue;
		if (files)
			snprintf(file, sizeof(file), "%s%s%s", format->file,
				 format->write_cell ? "/CELL" : "",
				 format->write_cell ? format->cell_suffix : "");
		fprintf(out, "                      %-7s %-*s%s\n", format->name,
			files ? 19 : 0, file, format->summary);
	}
}

void tl_output_help_kcidb(FILE *out)
{
	fputs("  --kcidb-origin ORIGIN\n"
	      "                    kcidb: the origin submitting the tests ([a-z0-9_]+)\n"
	      "  --kcidb-build-id ORIGIN:ID\n"
	      "                    kcidb: the KCIDB build the tests belong to\n",
	      out);
}

int tl_output_kcidb_origin(struct tl_format_options *render, const char *value, char *why,
			   size_t why_size)
{
	if (tl_kcidb_origin_check(value, why, why_size) < 0)
		return -EINVAL;
	render->kcidb_origin = value;
	return 0;
}

int tl_output_kcidb_build_id(struct tl_format_options *render, const char *value,
			     char *why, size_t why_size)
{
	if (tl_kcidb_build_id_check(value, why, why_size) < 0)
		return -EINVAL;
	render->kcidb_build_id = value;
	return 0;
}

int tl_output_formats_complete(unsigned formats, const struct tl_format_options *render,
			       char *why, size_t why_size)
{
	if (!(formats & tl_format_bit("kcidb")))
		return 0;
	if (!render->kcidb_origin) {
		snprintf(
			why, why_size,
			"--format kcidb needs --kcidb-origin ORIGIN, the origin submitting the tests");
		return -EINVAL;
	}
	if (!render->kcidb_build_id) {
		snprintf(
			why, why_size,
			"--format kcidb needs --kcidb-build-id ORIGIN:ID, the KCIDB build the tests belong to");
		return -EINVAL;
	}
	return 0;
}
