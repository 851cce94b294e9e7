/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "format.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "report-compare.h"
#include "report.h"
#include "text.h"

static int format_table(FILE *out, const struct tl_result *result,
			const struct tl_format_options *options)
{
	int err = tl_report_table(out, result);

	if (!err && options->details)
		err = tl_report_details(out, result);
	return err;
}

static int format_json(FILE *out, const struct tl_result *result,
		       const struct tl_format_options *options)
{
	(void)options;
	return tl_result_save(result, out);
}

static int format_ktap(FILE *out, const struct tl_result *result,
		       const struct tl_format_options *options)
{
	return tl_report_ktap_document(out, result, options->ktap_shown,
				       options->ktap_shown_size);
}

static int format_junit(FILE *out, const struct tl_result *result,
			const struct tl_format_options *options)
{
	(void)options;
	return tl_report_junit(out, result);
}

static int format_csv(FILE *out, const struct tl_result *result,
		      const struct tl_format_options *options)
{
	(void)options;
	return tl_report_csv(out, result);
}

static int format_hist(FILE *out, const struct tl_result *result,
		       const struct tl_format_options *options)
{
	return tl_report_hist(out, result,
			      options->hist_max_us > 0 ? options->hist_max_us
						       : TL_HIST_MAX_US_DEFAULT);
}

static int format_html(FILE *out, const struct tl_result *result,
		       const struct tl_format_options *options)
{
	(void)options;
	return tl_report_html(out, result);
}

static int format_lava(FILE *out, const struct tl_result *result,
		       const struct tl_format_options *options)
{
	(void)options;
	return tl_report_lava(out, result);
}

static int format_md(FILE *out, const struct tl_result *result,
		     const struct tl_format_options *options)
{
	(void)options;
	return tl_report_md(out, result);
}

static int format_bmf(FILE *out, const struct tl_result *result,
		      const struct tl_format_options *options)
{
	(void)options;
	return tl_report_bmf(out, result);
}

static int format_gab(FILE *out, const struct tl_result *result,
		      const struct tl_format_options *options)
{
	(void)options;
	return tl_report_gab(out, result);
}

/* The rows the measuring children wrote, copied whole. */
static int format_samples(FILE *out, const struct tl_result *result,
			  const struct tl_format_options *options)
{
	char buf[65536];
	off_t at = 0;
	ssize_t n;

	(void)result;
	if (!options->has_samples)
		return -ENODATA;
	while ((n = pread(options->samples_fd, buf, sizeof(buf), at)) > 0) {
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			return -EIO;
		at += n;
	}
	if (n < 0)
		return -errno;
	return fflush(out) == EOF ? -EIO : 0;
}

#define EVERY_COMMAND (TL_COMMAND_RUN | TL_COMMAND_CHECK | TL_COMMAND_REPORT)

const struct tl_format tl_formats[] = {
	{
		.name = "table",
		.file = "table.txt",
		.summary = "the side-by-side table, as printed",
		/* a check result has no cells */
		.commands = TL_COMMAND_RUN | TL_COMMAND_REPORT | TL_COMMAND_COMPARE,
		.defaults = TL_COMMAND_RUN | TL_COMMAND_REPORT | TL_COMMAND_COMPARE,
		.write = format_table,
		.write_comparison = tl_report_compare_table,
	},
	{
		.name = "json",
		.file = "result.json",
		.summary = "the whole result, to render again",
		.commands = EVERY_COMMAND | TL_COMMAND_COMPARE,
		.defaults = TL_COMMAND_RUN | TL_COMMAND_CHECK,
		.write = format_json,
		.write_comparison = tl_report_compare_json,
	},
	{
		.name = "ktap",
		.file = "result.ktap",
		.summary = "cells and checks in KTAP",
		.commands = EVERY_COMMAND,
		.defaults = TL_COMMAND_CHECK,
		.write = format_ktap,
	},
	{
		.name = "junit",
		.file = "junit.xml",
		.summary = "cells and checks as JUnit test cases",
		.commands = EVERY_COMMAND | TL_COMMAND_COMPARE,
		.defaults = TL_COMMAND_CHECK,
		.write = format_junit,
		.write_comparison = tl_report_compare_junit,
	},
	{
		.name = "csv",
		.file = "cells.csv",
		.summary = "a row per cell (RFC 4180), times in ns",
		.commands = TL_COMMAND_RUN | TL_COMMAND_REPORT,
		.defaults = TL_COMMAND_RUN,
		.write = format_csv,
	},
	{
		.name = "hist",
		.file = "histogram.txt",
		.summary = "cyclictest -h histogram, a column per cell",
		.commands = TL_COMMAND_RUN | TL_COMMAND_REPORT,
		.write = format_hist,
	},
	{
		.name = "hgrm",
		.file = "hgrm",
		.summary = "HdrHistogram percentiles, a file per cell",
		.commands = TL_COMMAND_RUN | TL_COMMAND_REPORT,
		.write_cell = tl_report_hgrm,
		.cell_suffix = ".hgrm",
	},
	{
		.name = "html",
		.file = "index.html",
		.summary = "the page: tables and plots of every path",
		.commands = TL_COMMAND_RUN | TL_COMMAND_REPORT | TL_COMMAND_COMPARE,
		.defaults = TL_COMMAND_RUN,
		.write = format_html,
		.write_comparison = tl_report_compare_html,
	},
	{
		.name = "md",
		.file = "summary.md",
		.summary = "markdown summary: how, table, gates, checks",
		.commands = EVERY_COMMAND | TL_COMMAND_COMPARE,
		.write = format_md,
		.write_comparison = tl_report_compare_md,
	},
	{
		.name = "kcidb",
		.file = "kcidb.json",
		.summary = "KernelCI KCIDB v5.3 tests: cells, checks, gates",
		.commands = EVERY_COMMAND | TL_COMMAND_COMPARE,
		.write = tl_report_kcidb,
		.write_comparison = tl_report_compare_kcidb,
	},
	{
		.name = "bmf",
		.file = "bmf.json",
		.summary = "Bencher Metric Format: p50, p99, max per cell",
		.commands = TL_COMMAND_RUN | TL_COMMAND_REPORT,
		.write = format_bmf,
	},
	{
		.name = "gab",
		.file = "gab.json",
		.summary = "github-action-benchmark customSmallerIsBetter",
		.commands = TL_COMMAND_RUN | TL_COMMAND_REPORT,
		.write = format_gab,
	},
	{
		.name = "samples",
		.file = "samples.csv",
		.summary = "every sample of every cell, as measured",
		.commands = TL_COMMAND_RUN,
		.refusal =
			"samples are not kept in the result: only run writes them, as it measures",
		.write = format_samples,
	},
	{
		.name = "lava",
		.file = "lava.txt",
		.summary = "a line per cell and check: lava-test-case's arguments",
		.commands = EVERY_COMMAND,
		.write = format_lava,
	},
};

const size_t tl_format_count = sizeof(tl_formats) / sizeof(tl_formats[0]);

const char *tl_command_name(enum tl_command command)
{
	switch (command) {
	case TL_COMMAND_RUN:
		return "run";
	case TL_COMMAND_CHECK:
		return "check";
	case TL_COMMAND_REPORT:
		return "report";
	case TL_COMMAND_COMPARE:
		return "compare";
	}
	return "?";
}

const struct tl_format *tl_format_find(const char *name)
{
	for (size_t i = 0; i < tl_format_count; i++)
		if (strcmp(tl_formats[i].name, name) == 0)
			return &tl_formats[i];
	return NULL;
}

unsigned tl_format_bit(const char *name)
{
	const struct tl_format *format = tl_format_find(name);

	return format ? 1u << (format - tl_formats) : 0;
}

unsigned tl_formats_of(enum tl_command command)
{
	unsigned set = 0;

	for (size_t i = 0; i < tl_format_count; i++)
		if (tl_formats[i].commands & command)
			set |= 1u << i;
	return set;
}

unsigned tl_formats_default(enum tl_command command)
{
	unsigned set = 0;

	for (size_t i = 0; i < tl_format_count; i++)
		if (tl_formats[i].defaults & command)
			set |= 1u << i;
	return set;
}

void tl_formats_names(unsigned set, const char *separator, char *buf, size_t size)
{
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < tl_format_count; i++)
		if (set & (1u << i))
			tl_text_append(buf, size, separator, tl_formats[i].name);
}

int tl_formats_parse(const char *text, enum tl_command command, unsigned *set, char *why,
		     size_t why_size)
{
	unsigned allowed = tl_formats_of(command);
	char copy[256], names[256], *save = NULL;

	*set = 0;
	tl_formats_names(allowed, ", ", names, sizeof(names));
	if (!tl_text_list_complete(text)) {
		snprintf(why, why_size, "--format: empty element in \"%s\" (formats: %s)",
			 text, names);
		return -EINVAL;
	}
	if (strlen(text) >= sizeof(copy)) {
		snprintf(why, why_size,
			 "--format: \"%s\" is not a list of formats (formats: %s)", text,
			 names);
		return -EINVAL;
	}
	strcpy(copy, text);
	for (char *name = strtok_r(copy, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		unsigned bit = tl_format_bit(name);

		if (!bit) {
			snprintf(why, why_size,
				 "--format: unknown format \"%s\" (formats: %s)", name,
				 names);
			return -EINVAL;
		}
		if (!(bit & allowed)) {
			const struct tl_format *format = tl_format_find(name);

			if (format->refusal)
				snprintf(
					why, why_size,
					"--format: timerlab %s does not write \"%s\": %s",
					tl_command_name(command), name, format->refusal);
			else
				snprintf(
					why, why_size,
					"--format: timerlab %s does not write \"%s\" (formats: %s)",
					tl_command_name(command), name, names);
			return -EINVAL;
		}
		*set |= bit;
	}
	return 0;
}

void tl_format_cell_file_name(const char *key, char *buf, size_t size)
{
	size_t n = 0;

	/* a key comes from the result, and a result from anyone: the name is
	 * one safe word, never "..", a path, a line break or a hidden file */
	for (; key[n] && n + 1 < size; n++) {
		char c = key[n];
		bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '+' ||
			    (c == '.' && n > 0);

		buf[n] = safe ? c : '_';
	}
	if (size)
		buf[n] = '\0';
}
