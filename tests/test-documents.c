/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The documents against what they describe, so that they cannot drift:
 * README's schema section names every field a result holds, its table of
 * formats every format, the catalogue of checks (cases/checks/README.md)
 * lists the checks `timerlab check --list` names, in its order, and no file
 * points a reader at a document the repository does not have.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/format.h"
#include "../lib/result-fields.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* The text of the section that starts at heading, up to the next heading
 * (malloc'd), or NULL. */
static char *documents_section(const char *text, const char *heading)
{
	const char *start = strstr(text, heading), *end;

	if (!start)
		return NULL;
	end = strstr(start + strlen(heading), "\n#");
	return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* Whether the section names field, quoted as JSON writes it. */
static bool documents_names(const char *section, const char *field)
{
	char quoted[80];

	snprintf(quoted, sizeof(quoted), "\"%s\"", field);
	if (strstr(section, quoted))
		return true;
	fprintf(stderr, "\nREADME.md, the result file: \"%s\" is missing\n", field);
	return false;
}

static const struct {
	const struct tl_json_field *fields;
	const size_t *count;
} documents_tables[] = {
	{ tl_result_env_fields, &tl_result_env_fields_count },
	{ tl_result_clock_fields, &tl_result_clock_fields_count },
	{ tl_result_realtime_fields, &tl_result_realtime_fields_count },
	{ tl_result_option_fields, &tl_result_option_fields_count },
	{ tl_result_cell_fields, &tl_result_cell_fields_count },
	{ tl_result_measured_fields, &tl_result_measured_fields_count },
	{ tl_result_round_fields, &tl_result_round_fields_count },
	{ tl_result_check_fields, &tl_result_check_fields_count },
	{ tl_result_gate_fields, &tl_result_gate_fields_count },
	{ tl_result_failure_fields, &tl_result_failure_fields_count },
	{ tl_result_attribution_fields, &tl_result_attribution_fields_count },
	{ tl_result_spike_fields, &tl_result_spike_fields_count },
	{ tl_result_spike_part_fields, &tl_result_spike_part_fields_count },
};

/* What result-json.c writes besides the tables' fields. */
static const char *const documents_objects[] = {
	"schema", "tool",     "started", "finished", "interrupted", "argv",   "env",
	"clocks", "realtime", "options", "cells",    "attribution", "rounds", "histogram",
	"checks", "verdict",  "gates",	 "failures", "timeline",    "spikes", "parts",
};

static void test_schema_complete(void)
{
	char *readme = tree_read("README.md"), *section;

	CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
	section = documents_section(readme, "### The result file");
	CU_ASSERT_PTR_NOT_NULL_FATAL(section);
	for (size_t t = 0; t < sizeof(documents_tables) / sizeof(documents_tables[0]);
	     t++)
		for (size_t i = 0; i < *documents_tables[t].count; i++)
			CU_ASSERT_TRUE(documents_names(
				section, documents_tables[t].fields[i].name));
	for (size_t i = 0; i < sizeof(documents_objects) / sizeof(documents_objects[0]);
	     i++)
		CU_ASSERT_TRUE(documents_names(section, documents_objects[i]));
	free(section);
	free(readme);
}

/* README's table of formats has a row for each format, with its file. */
static void test_formats_documented(void)
{
	char *readme = tree_read("README.md");

	CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
	for (size_t i = 0; i < tl_format_count; i++) {
		char row[128];

		snprintf(row, sizeof(row), "\n| `%s` | `%s` |", tl_formats[i].name,
			 tl_formats[i].file);
		if (!strstr(readme, row))
			fprintf(stderr, "\nREADME.md: no row %s\n", row + 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(readme, row));
	}
	free(readme);
}

/*
 * Whether the catalogue's row name covers check: the same name, or a
 * family "name.<clock>" of which check is one.
 */
static bool documents_covers(const char *row, const char *check)
{
	const char *family = strstr(row, ".<clock>");
	size_t stem = family ? (size_t)(family - row) : strlen(row);

	if (!family)
		return strcmp(row, check) == 0;
	return strncmp(row, check, stem) == 0 && check[stem] == '.' &&
	       !strchr(check + stem + 1, '.');
}

/* The first cell of each row of the catalogue's table, in order: "| `x` |". */
static size_t documents_rows(const char *catalogue, char rows[][96], size_t capacity)
{
	size_t count = 0;

	for (const char *at = strstr(catalogue, "\n| `"); at && count < capacity;
	     at = strstr(at + 1, "\n| `")) {
		const char *end = strchr(at + 4, '`');

		if (end)
			snprintf(rows[count++], sizeof(rows[0]), "%.*s",
				 (int)(end - at - 4), at + 4);
	}
	return count;
}

/* The catalogue lists every check `timerlab check --list` names, in the
 * same order, a family's row covering each of its clocks, and no other. */
static void test_catalogue_matches_list(void)
{
	const char *const argv[] = { "check", "--list", NULL };
	static char rows[128][96];
	char *catalogue = tree_read("cases/checks/README.md");
	struct tool_output output;
	size_t count, row = 0, checks = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(catalogue);
	count = documents_rows(catalogue, rows, 128);
	tool_run(argv, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	for (char *line = output.out, *next; *line; line = next) {
		char name[96];

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		sscanf(line, "%95s", name);
		checks++;
		if (row < count && !documents_covers(rows[row], name))
			row++; /* the next row must cover it */
		if (row == count || !documents_covers(rows[row], name))
			fprintf(stderr,
				"\ncases/checks/README.md: %s is not where --list has it\n",
				name);
		CU_ASSERT_FATAL(row < count && documents_covers(rows[row], name));
	}
	CU_ASSERT_EQUAL(row + 1, count); /* every row covered something */
	CU_ASSERT(checks >= 50);
	/* and the matching itself */
	CU_ASSERT_TRUE(documents_covers("timerfd.never-early.<clock>",
					"timerfd.never-early.boottime"));
	CU_ASSERT_FALSE(
		documents_covers("timerfd.never-early.<clock>", "timerfd.abs-past"));
	CU_ASSERT_FALSE(documents_covers("timerfd.abs-past", "timerfd.abs-past-x"));
	tool_free(&output);
	free(catalogue);
}

/* The documents the team keeps beside the repository, which a user who
 * clones it does not have. */
static const char *const documents_outside[] = { "DESIGN", "CHECKS", "CONVENTIONS" };

static void documents_check_no_outside(const char *path, void *arg)
{
	char *text = tree_read(path);

	(void)arg;
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (size_t i = 0; i < sizeof(documents_outside) / sizeof(documents_outside[0]);
	     i++) {
		char name[32];

		snprintf(name, sizeof(name), "%s.md", documents_outside[i]);
		if (strstr(text, name))
			fprintf(stderr, "\n%s cites %s, which is not in the repository\n",
				path, name);
		CU_ASSERT_PTR_NULL(strstr(text, name));
	}
	free(text);
}

static void test_no_outside_documents(void)
{
	static const char *const roots[] = { "lib", "cases", "harness", "tests",
					     "tools" };
	static const char *const endings[] = { ".c", ".h", ".md", "deps", NULL };
	size_t files = 0;

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		files += tree_walk(roots[i], endings, true, documents_check_no_outside,
				   NULL);
	documents_check_no_outside("README.md", NULL);
	documents_check_no_outside("GNUmakefile", NULL);
	CU_ASSERT(files > 50);
}

void tests_documents(void)
{
	CU_pSuite suite = tests_suite("documents");

	CU_add_test(suite, "README's schema names every field", test_schema_complete);
	CU_add_test(suite, "README's table of formats has every format",
		    test_formats_documented);
	CU_add_test(suite, "the catalogue of checks is --list's",
		    test_catalogue_matches_list);
	CU_add_test(suite, "no document outside the repository is cited",
		    test_no_outside_documents);
}
