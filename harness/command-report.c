/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `timerlab report RESULT... [--format LIST]`: every file is loaded (and
 * refused whole, with the field named, if it is not a good result) before
 * anything is printed; then each is rendered in each format asked. */
#include "command-report.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/format.h"
#include "../lib/result.h"
#include "message.h"
#include "output.h"

static void report_usage(FILE *out)
{
	fprintf(out, "usage: timerlab report [--format LIST] [--details] RESULT...\n"
		     "\n"
		     "Render saved results (result.json files) again, on stdout.\n");
	tl_output_help_formats(out, TL_COMMAND_REPORT, "what to print", false);
	fprintf(out, "  --details         each round's attribution after the table\n");
}

static int report_render(const struct tl_result *result, unsigned formats,
			 const struct tl_format_options *options)
{
	int err = 0;

	for (size_t i = 0; i < tl_format_count && !err; i++)
		if (formats & (1u << i))
			err = tl_formats[i].write(stdout, result, options);
	return err;
}

int tl_report_main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "details", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned formats = tl_formats_default(TL_COMMAND_REPORT);
	struct tl_format_options render = { 0 };
	struct tl_result *results;
	char why[768];
	int option, count, status = TL_EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((option = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
		if (option == 'h') {
			report_usage(stdout);
			return TL_EXIT_OK;
		}
		if (option == 'd')
			render.details = true;
		if (option == 'f' && tl_formats_parse(optarg, TL_COMMAND_REPORT, &formats,
						      why, sizeof(why)) < 0)
			tl_usage_fail("report: %s", why);
		if (option == ':')
			tl_usage_fail("report: %s needs a value", argv[optind - 1]);
		if (option == '?')
			tl_usage_fail(
				"report: unknown option %s (see timerlab report --help)",
				argv[optind - 1]);
	}
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
	for (int i = 0; i < count && status == TL_EXIT_OK; i++) {
		if (count > 1)
			printf("%s== %s\n", i ? "\n" : "", argv[optind + i]);
		if (report_render(&results[i], formats, &render) < 0) {
			tl_error("report: cannot write to stdout");
			status = TL_EXIT_CANNOT;
		}
	}
	for (int i = 0; i < count; i++)
		tl_result_free(&results[i]);
	free(results);
	return status;
}
