/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `timerlab report RESULT... [--format LIST] [--out DIR]`: every file is
 * loaded (and refused whole, with the field named, if it is not a good
 * result) before anything is written; then each is rendered in each format
 * asked, on stdout, or into DIR as run would have written it (with several
 * results, a folder each), from the JSON alone.
 */
#include "command-report.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/format.h"
#include "../lib/result.h"
#include "args.h"
#include "message.h"
#include "output.h"

struct report_options {
	unsigned formats;
	struct tl_format_options render;
	const char *out; /* NULL: stdout */
};

static void report_usage(FILE *out)
{
	fprintf(out,
		"usage: timerlab report [--format LIST] [--out DIR] [--details] [--hist-max US]\n"
		"                       RESULT...\n"
		"\n"
		"Render saved results (result.json files) again, from the JSON alone.\n");
	tl_output_help_formats(out, TL_COMMAND_REPORT, "what to write", false);
	tl_output_help_kcidb(out);
	fprintf(out,
		"  --out DIR         write the files into DIR, as run names them (with several\n"
		"                    RESULTs, DIR/NAME for each, NAME its folder or file name);\n"
		"                    without it, on stdout (hgrm writes a file per cell: it\n"
		"                    needs --out)\n"
		"  --details         each round's attribution after the table\n"
		"  --hist-max US     hist: rows of 1 us from 0 to US - 1 (default %d, as\n"
		"                    OSADL's cyclictest -h400 plots; at most %d)\n"
		"  --help            this text\n",
		TL_HIST_MAX_US_DEFAULT, TL_HIST_MAX_US_LIMIT);
}

/* What to call result path's folder under --out: the folder it was saved
 * in ("reports/X/result.json" is X), else its name without ".json". */
static void report_name(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t length = strlen(base);

	if (strcmp(base, "result.json") == 0 && base > path) {
		const char *end = base - 1, *start = end;

		while (start > path && start[-1] != '/')
			start--;
		snprintf(name, size, "%.*s", (int)(end - start), start);
		return;
	}
	if (length > 5 && strcmp(base + length - 5, ".json") == 0)
		length -= 5;
	snprintf(name, size, "%.*s", (int)length, base);
}

/* DIR, or DIR/NAME with several results; a NAME already taken gets -2, -3. */
static int report_folder(const struct report_options *options, const char *path,
			 bool several, char *dir, size_t size)
{
	char name[256];
	struct stat st;

	int err;

	if (!several) {
		snprintf(dir, size, "%s", options->out);
		err = tl_output_mkdirs(dir);
		errno = -err;
		return err;
	}
	report_name(path, name, sizeof(name));
	snprintf(dir, size, "%s/%s", options->out, name);
	for (int attempt = 2; stat(dir, &st) == 0 && attempt < 100; attempt++)
		snprintf(dir, size, "%s/%s-%d", options->out, name, attempt);
	err = tl_output_mkdirs(dir);
	errno = -err;
	return err;
}

static int report_stdout(const struct tl_result *result,
			 const struct report_options *options)
{
	int err = 0;

	for (size_t i = 0; i < tl_format_count && !err; i++)
		if (options->formats & (1u << i))
			err = tl_formats[i].write(stdout, result, &options->render);
	if (err)
		tl_error("report: cannot write to stdout: %s", strerror(-err));
	return err ? TL_EXIT_CANNOT : TL_EXIT_OK;
}

static int report_files(const struct tl_result *result, const char *dir,
			const struct report_options *options)
{
	char why[PATH_MAX + 256];

	if (tl_output_write_formats(dir, options->formats, result, &options->render, why,
				    sizeof(why)) < 0) {
		tl_error("report: %s", why);
		return TL_EXIT_CANNOT;
	}
	return TL_EXIT_OK;
}

static void report_options_parse(int argc, char **argv, struct report_options *options)
{
	static const struct option long_options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "details", no_argument, NULL, 'd' },
		{ "hist-max", required_argument, NULL, 'm' },
		TL_OUTPUT_KCIDB_OPTIONS('k', 'b'),
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char why[768];
	uint64_t us;
	int option;

	*options = (struct report_options){ .formats = tl_formats_default(
						    TL_COMMAND_REPORT) };
	optind = 0;
	opterr = 0;
	while ((option = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
		switch (option) {
		case 'h':
			report_usage(stdout);
			exit(TL_EXIT_OK);
		case 'd':
			options->render.details = true;
			break;
		case 'f':
			if (tl_formats_parse(optarg, TL_COMMAND_REPORT, &options->formats,
					     why, sizeof(why)) < 0)
				tl_usage_fail("report: %s", why);
			break;
		case 'o':
			if (!optarg[0])
				tl_usage_fail("report: --out: empty folder name");
			options->out = optarg;
			break;
		case 'm':
			if (tl_args_count(optarg, 1, TL_HIST_MAX_US_LIMIT, &us) < 0)
				tl_usage_fail(
					"report: --hist-max: \"%s\" is not microseconds from 1 to %d",
					optarg, TL_HIST_MAX_US_LIMIT);
			options->render.hist_max_us = (int64_t)us;
			break;
		case 'k':
			if (tl_output_kcidb_origin(&options->render, optarg, why,
						   sizeof(why)) < 0)
				tl_usage_fail("report: %s", why);
			break;
		case 'b':
			if (tl_output_kcidb_build_id(&options->render, optarg, why,
						     sizeof(why)) < 0)
				tl_usage_fail("report: %s", why);
			break;
		default:
			if (tl_args_unknown("report", argc, argv, long_options, why,
					    sizeof(why)) < 0)
				tl_usage_fail("%s", why);
		}
	}
	if (tl_output_formats_complete(options->formats, &options->render, why,
				       sizeof(why)) < 0)
		tl_usage_fail("report: %s", why);
	for (size_t i = 0; i < tl_format_count && !options->out; i++)
		if ((options->formats & (1u << i)) && tl_formats[i].write_cell)
			tl_usage_fail(
				"report: --format %s writes a file per cell: give --out DIR",
				tl_formats[i].name);
}

int tl_report_main(int argc, char **argv)
{
	struct report_options options;
	struct tl_result *results;
	char why[768];
	int count, status = TL_EXIT_OK;

	report_options_parse(argc, argv, &options);
	count = argc - optind;
	if (count == 0)
		tl_usage_fail("report: name at least one result file");
	results = calloc((size_t)count, sizeof(*results));
	if (!results) {
		tl_error("out of memory");
		return TL_EXIT_CANNOT;
	}
	for (int i = 0; i < count; i++)
		if (tl_result_load(argv[optind + i], &results[i], why, sizeof(why)) < 0)
			tl_usage_fail("%s", why);
	/* every folder first: a bad --out is refused before anything is written */
	char(*dirs)[PATH_MAX] = options.out ? calloc((size_t)count, PATH_MAX) : NULL;

	if (options.out && !dirs) {
		tl_error("out of memory");
		return TL_EXIT_CANNOT;
	}
	for (int i = 0; options.out && i < count; i++)
		if (report_folder(&options, argv[optind + i], count > 1, dirs[i],
				  PATH_MAX) < 0)
			tl_usage_fail("report: --out: cannot make the folder \"%s\": %s",
				      dirs[i], strerror(errno));
	for (int i = 0; i < count && status == TL_EXIT_OK; i++) {
		if (options.out) {
			status = report_files(&results[i], dirs[i], &options);
			continue;
		}
		if (count > 1)
			printf("%s== %s\n", i ? "\n" : "", argv[optind + i]);
		status = report_stdout(&results[i], &options);
	}
	for (int i = 0; i < count; i++)
		tl_result_free(&results[i]);
	free(results);
	free(dirs);
	return status;
}
