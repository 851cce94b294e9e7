/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The source as text: every message stays one literal (so that grep finds
 * what timerlab printed), and `make format` has nothing left to change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "tool.h"
#include "tree.h"

/* The folders whose C files are the project's. */
static const char *const source_roots[] = { "lib", "cases", "harness", "tests", "tools" };
static const char *const source_endings[] = { ".c", ".h", NULL };

/* The end of the literal or character constant that starts at p. */
static const char *source_skip_quoted(const char *p)
{
	char quote = *p++;

	while (*p && *p != quote)
		p += p[0] == '\\' && p[1] ? 2 : 1;
	return *p ? p + 1 : p;
}

/*
 * Adjacent string literals, "a " "b", where the first does not end a line
 * of output with \n: a phrase split in two, which grep cannot find. The
 * line of the first offender, or 0.
 */
static int source_split_literal(const char *text)
{
	const char *p = text, *last_end = NULL;
	bool last_newline = false;
	int line = 1;

	while (*p) {
		if (p[0] == '/' && p[1] == '/') {
			p = strchrnul(p, '\n');
			last_end = NULL;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			for (const char *c = p; c < (end ? end : p + strlen(p)); c++)
				line += *c == '\n';
			p = end ? end + 2 : p + strlen(p);
			last_end = NULL;
		} else if (*p == '"') {
			const char *end = source_skip_quoted(p);

			if (last_end && !last_newline)
				return line;
			last_newline = end - p >= 4 && end[-3] == '\\' && end[-2] == 'n';
			last_end = end;
			p = end;
		} else if (*p == '\'') {
			p = source_skip_quoted(p);
			last_end = NULL;
		} else if (*p == ' ' || *p == '\t' || *p == '\n') {
			line += *p++ == '\n';
		} else {
			p++;
			last_end = NULL;
		}
	}
	return 0;
}

/* Every C file of the project, through visit; returns how many. */
static size_t source_walk_all(void (*visit)(const char *path, void *arg), void *arg)
{
	size_t files = 0;

	for (size_t i = 0; i < sizeof(source_roots) / sizeof(source_roots[0]); i++)
		files += tree_walk(source_roots[i], source_endings, true, visit, arg);
	CU_ASSERT(files > 50); /* run from the top of the tree */
	return files;
}

static void source_check_literals(const char *path, void *arg)
{
	char *text = tree_read(path);
	int line;

	(void)arg;
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	line = source_split_literal(text);
	if (line)
		fprintf(stderr, "\n%s:%d: a string literal split in two\n", path, line);
	CU_ASSERT_EQUAL(line, 0);
	free(text);
}

static void test_literals_whole(void)
{
	source_walk_all(source_check_literals, NULL);
}

/* Whether `make source-lists` put path in list: a line "list path". */
static bool source_listed(const char *lists, const char *list, const char *path)
{
	char line[1100];

	snprintf(line, sizeof(line), "%s %s", list, path);
	return tree_has_line(lists, line);
}

/* The list a C file must be built in: the program, the tests or the bench. */
static const char *source_build_list(const char *path)
{
	if (strncmp(path, "tests/", 6) == 0)
		return "tests";
	if (strncmp(path, "tools/bench/", 12) == 0)
		return "bench";
	if (strncmp(path, "tools/", 6) == 0)
		return NULL;
	return "build";
}

static void source_check_listed(const char *path, void *arg)
{
	const char *lists = arg, *build = source_build_list(path);
	bool c_file = path[strlen(path) - 1] == 'c';

	if (!source_listed(lists, "format", path))
		fprintf(stderr, "\n%s: not in make format's list\n", path);
	CU_ASSERT_TRUE(source_listed(lists, "format", path));
	if (!c_file || !build)
		return;
	if (!source_listed(lists, build, path))
		fprintf(stderr, "\n%s: not in the %s sources\n", path, build);
	CU_ASSERT_TRUE(source_listed(lists, build, path));
}

/* The makefile's lists take every folder: a C file in a new folder is
 * built and formatted without anyone remembering to add it. */
static void test_make_lists_whole(void)
{
	const char *const argv[] = { "-s", "--no-print-directory", "source-lists", NULL };
	struct tool_output output;

	tool_run_program("make", argv, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	source_walk_all(source_check_listed, output.out);
	/* and the check itself sees a file the lists lack */
	CU_ASSERT_FALSE(source_listed(output.out, "build", "lib/no-such-file.c"));
	CU_ASSERT_FALSE(source_listed(output.out, "tests", "lib/time.c"));
	tool_free(&output);
}

#define SOURCE_HEADERS_MAX 256

struct source_headers {
	char paths[SOURCE_HEADERS_MAX][256];
	size_t count;
};

static void source_check_header(const char *path, void *arg)
{
	struct source_headers *seen = arg;
	const char *base = strrchr(path, '/') + 1;

	if (path[strlen(path) - 1] != 'h')
		return;
	for (size_t i = 0; i < seen->count; i++) {
		bool same = strcmp(strrchr(seen->paths[i], '/') + 1, base) == 0;

		if (same)
			fprintf(stderr, "\n%s and %s: one header name in two folders\n",
				seen->paths[i], path);
		CU_ASSERT_FALSE(same);
	}
	CU_ASSERT_FATAL(seen->count < SOURCE_HEADERS_MAX);
	snprintf(seen->paths[seen->count++], sizeof(seen->paths[0]), "%s", path);
}

/* A header's name says which one it is: #include "check.h" can mean only
 * one file, whichever folder it is written in. */
static void test_header_names_unique(void)
{
	static struct source_headers seen;

	seen.count = 0;
	source_walk_all(source_check_header, &seen);
	CU_ASSERT(seen.count > 30);
}

/* The scanner itself: what it must find and what it must let pass. */
static void test_literal_scanner(void)
{
	CU_ASSERT_EQUAL(source_split_literal("f(\"one phrase \"\n\t\"split\");"), 2);
	CU_ASSERT_EQUAL(source_split_literal("f(\"line one\\n\"\n\t\"line two\");"), 0);
	CU_ASSERT_EQUAL(source_split_literal("f(\"a\", \"b\");"), 0);
	CU_ASSERT_EQUAL(source_split_literal("/* \"a\" \"b\" */ f('\"', \"c\");"), 0);
	CU_ASSERT_EQUAL(source_split_literal("f(\"%\" PRId64 \"\");"), 0);
}

static void test_format_clean(void)
{
	const char *const argv[] = { "-s", "--no-print-directory", "format-check", NULL };
	struct tool_output output;

	tool_run_program("make", argv, &output);
	if (output.status)
		fprintf(stderr, "\n%s%s", output.out, output.err);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
}

void tests_source(void)
{
	CU_pSuite suite = tests_suite("source text");

	CU_add_test(suite, "the scanner finds a split literal", test_literal_scanner);
	CU_add_test(suite, "no message is split in two literals", test_literals_whole);
	CU_add_test(suite, "make format changes nothing", test_format_clean);
	CU_add_test(suite, "the makefile builds and formats every C file",
		    test_make_lists_whole);
	CU_add_test(suite, "no header name in two folders", test_header_names_unique);
}
