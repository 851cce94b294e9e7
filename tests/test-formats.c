/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of output formats (lib/format.h): every row complete, --format
 * parsed against the rows of the command that asks, each command's help
 * listing its rows, and `report` rendering a saved result in each format
 * exactly as the command that saved it wrote the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/format.h"
#include "ktap.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

static const enum tl_command formats_commands[] = { TL_COMMAND_RUN, TL_COMMAND_CHECK,
						    TL_COMMAND_REPORT,
						    TL_COMMAND_COMPARE };
#define FORMATS_COMMAND_COUNT (sizeof(formats_commands) / sizeof(formats_commands[0]))

static void test_rows_complete(void)
{
	CU_ASSERT(tl_format_count >= 4);
	CU_ASSERT(tl_format_count <= 32); /* a set is one unsigned */
	for (size_t i = 0; i < tl_format_count; i++) {
		const struct tl_format *format = &tl_formats[i];

		CU_ASSERT(format->name && format->name[0] && !strchr(format->name, ','));
		CU_ASSERT(format->file && format->file[0] && format->summary &&
			  format->summary[0]);
		/* a writer for each kind of thing it renders: a result (a file
		 * of it, or a folder of a file per cell) for run, check and
		 * report, a comparison for compare */
		CU_ASSERT_EQUAL(format->write != NULL || format->write_cell != NULL,
				(format->commands & ~TL_COMMAND_COMPARE) != 0);
		CU_ASSERT(!(format->write && format->write_cell));
		CU_ASSERT((format->write_cell != NULL) == (format->cell_suffix != NULL));
		CU_ASSERT_EQUAL(format->write_comparison != NULL,
				(format->commands & TL_COMMAND_COMPARE) != 0);
		/* a default is one of the formats the command writes */
		CU_ASSERT_EQUAL(format->defaults & ~format->commands, 0);
		CU_ASSERT_PTR_EQUAL(tl_format_find(format->name), format);
		CU_ASSERT_EQUAL(tl_format_bit(format->name), 1u << i);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT(strcmp(tl_formats[j].file, format->file) != 0);
	}
	for (size_t c = 0; c < FORMATS_COMMAND_COUNT; c++)
		CU_ASSERT(tl_formats_default(formats_commands[c]) != 0);
	CU_ASSERT_PTR_NULL(tl_format_find("xml"));
	CU_ASSERT_EQUAL(tl_format_bit("xml"), 0);
}

static void test_parse(void)
{
	unsigned set, table = tl_format_bit("table"), json = tl_format_bit("json");
	char why[256];

	CU_ASSERT_EQUAL(
		tl_formats_parse("json,table", TL_COMMAND_RUN, &set, why, sizeof(why)),
		0);
	CU_ASSERT_EQUAL(set, table | json);
	CU_ASSERT_EQUAL(tl_formats_default(TL_COMMAND_RUN),
			table | json | tl_format_bit("csv") | tl_format_bit("html"));
	CU_ASSERT_EQUAL(tl_formats_default(TL_COMMAND_REPORT), table);
	/* a check result has no cells: check refuses table, naming its own rows */
	CU_ASSERT_EQUAL(
		tl_formats_parse("ktap,table", TL_COMMAND_CHECK, &set, why, sizeof(why)),
		-EINVAL);
	CU_ASSERT_STRING_EQUAL(
		why,
		"--format: timerlab check does not write \"table\" (formats: json, ktap, junit, md, kcidb, lava)");
	CU_ASSERT_EQUAL(tl_formats_default(TL_COMMAND_CHECK) & table, 0);
	CU_ASSERT_EQUAL(
		tl_formats_parse("xml", TL_COMMAND_REPORT, &set, why, sizeof(why)),
		-EINVAL);
	CU_ASSERT_STRING_EQUAL(
		why,
		"--format: unknown format \"xml\" (formats: table, json, ktap, junit, csv, hist, hgrm, html, md, kcidb, bmf, gab, lava)");
	/* a format a command cannot write says why, where there is a reason */
	CU_ASSERT_EQUAL(
		tl_formats_parse("samples", TL_COMMAND_REPORT, &set, why, sizeof(why)),
		-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "samples are not kept in the result"));
	CU_ASSERT_EQUAL(tl_formats_parse(",", TL_COMMAND_RUN, &set, why, sizeof(why)),
			-EINVAL);
	CU_ASSERT_EQUAL(tl_formats_parse("", TL_COMMAND_RUN, &set, why, sizeof(why)),
			-EINVAL);
	tl_formats_names(table | json, ",", why, sizeof(why));
	CU_ASSERT_STRING_EQUAL(why, "table,json");
	tl_formats_names(table | json, ",", why, 4); /* cut, still a string */
	CU_ASSERT_STRING_EQUAL(why, "tab");
}

/* Each command's --help has a line for each of its formats, and none for a
 * format it does not write. */
static void test_help_lists_rows(void)
{
	for (size_t c = 0; c < FORMATS_COMMAND_COUNT; c++) {
		const char *argv[] = { tl_command_name(formats_commands[c]), "--help",
				       NULL };
		unsigned writes = tl_formats_of(formats_commands[c]);
		struct tool_output output;

		tool_run(argv, &output);
		CU_ASSERT_EQUAL(output.status, 0);
		for (size_t i = 0; i < tl_format_count; i++) {
			char line[128];

			snprintf(line, sizeof(line), "\n                      %s ",
				 tl_formats[i].name);
			CU_ASSERT_EQUAL(strstr(output.out, line) != NULL,
					(writes & (1u << i)) != 0);
		}
		tool_free(&output);
	}
}

/* `report --format NAME` of a saved result is what the command that saved
 * it wrote to NAME's file; KTAP is the same but for the diagnostics, which
 * a result does not keep. */
static void test_report_every_format(void)
{
	char dir[] = "/tmp/timerlab-formats-XXXXXX", json[96], every[256];
	const char *check[] = {
		"check",    "--only", "timerfd.nonblock", "--out", dir,
		"--format", every,    "--kcidb-origin",	  "t",	   "--kcidb-build-id",
		"t:1",	    NULL
	};
	struct tool_output output;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tl_formats_names(tl_formats_of(TL_COMMAND_CHECK), ",", every, sizeof(every));
	tool_run(check, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	snprintf(json, sizeof(json), "%s/latest/result.json", dir);
	for (size_t i = 0; i < tl_format_count; i++) {
		const struct tl_format *format = &tl_formats[i];
		const char *report[] = { "report",     "--format",
					 format->name, "--kcidb-origin",
					 "t",	       "--kcidb-build-id",
					 "t:1",	       json,
					 NULL };
		struct ktap_parsed shown, rendered;
		char path[128], *saved;

		if (!(format->commands & TL_COMMAND_CHECK))
			continue;
		snprintf(path, sizeof(path), "%s/latest/%s", dir, format->file);
		saved = tree_read(path);
		CU_ASSERT_PTR_NOT_NULL_FATAL(saved);
		tool_run(report, &output);
		CU_ASSERT_EQUAL(output.status, 0);
		if (strcmp(format->name, "ktap") != 0) {
			CU_ASSERT_STRING_EQUAL(output.out, saved);
		} else {
			ktap_parse(saved, &shown);
			ktap_parse(output.out, &rendered);
			CU_ASSERT_TRUE(shown.valid && rendered.valid);
			CU_ASSERT_EQUAL(rendered.results, 1);
			CU_ASSERT_STRING_EQUAL(rendered.names[0], shown.names[0]);
			CU_ASSERT_EQUAL(rendered.verdicts[0], shown.verdicts[0]);
			CU_ASSERT(shown.diagnostics > rendered.diagnostics);
		}
		tool_free(&output);
		free(saved);
	}
}

void tests_formats(void)
{
	CU_pSuite suite = tests_suite("formats");

	CU_add_test(suite, "every row complete", test_rows_complete);
	CU_add_test(suite, "--format: each command's rows", test_parse);
	CU_add_test(suite, "each command's help lists its rows", test_help_lists_rows);
	CU_add_test(suite, "report renders what was saved, in each format",
		    test_report_every_format);
}
