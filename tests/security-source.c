/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The source as text: timerlab starts no shell (no system(), popen(),
 * execl*() or "sh -c" in lib/, cases/ or harness/; every exec is an execv*
 * with an argv), and no format comes from input: the build warns on a
 * format that is not a literal (-Wformat=2) and on a printf-like wrapper
 * without its format attribute (-Wmissing-format-attribute), warnings that
 * CI makes errors.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "security.h"
#include "tests.h"
#include "tree.h"

/* Calls that would run a shell, or exec without an argv. */
static const char *const shell_calls[] = { "system", "popen",	"execl", "execlp",
					   "execle", "wordexp", NULL };
/* Text inside a literal that would name one. */
static const char *const shell_words[] = { "/bin/sh", "sh -c", "bash -c", NULL };

/* text with its comments blanked out, literals kept (malloc'd). */
static char *shell_strip_comments(const char *text)
{
	char *copy = strdup(text), *p = copy;

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	while (*p) {
		if (*p == '"' || *p == '\'') {
			char quote = *p++;

			while (*p && *p != quote)
				p += p[0] == '\\' && p[1] ? 2 : 1;
			p += *p != '\0';
		} else if (p[0] == '/' && p[1] == '*') {
			char *end = strstr(p + 2, "*/");
			char *stop = end ? end + 2 : p + strlen(p);

			memset(p, ' ', (size_t)(stop - p));
			p = stop;
		} else if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				*p++ = ' ';
		} else {
			p++;
		}
	}
	return copy;
}

/* The first shell call or word in source text, or NULL. */
static const char *shell_find(const char *text)
{
	char *code = shell_strip_comments(text);
	const char *found = NULL;

	for (size_t i = 0; shell_calls[i] && !found; i++) {
		size_t length = strlen(shell_calls[i]);

		for (const char *at = strstr(code, shell_calls[i]); at && !found;
		     at = strstr(at + 1, shell_calls[i])) {
			const char *after = at + length;
			bool word_start =
				at == code ||
				!(isalnum((unsigned char)at[-1]) || at[-1] == '_');

			while (*after == ' ' || *after == '\t')
				after++;
			if (word_start && *after == '(')
				found = shell_calls[i];
		}
	}
	for (size_t i = 0; shell_words[i] && !found; i++)
		if (strstr(code, shell_words[i]))
			found = shell_words[i];
	free(code);
	return found;
}

static void shell_check(const char *path, void *arg)
{
	char *text = tree_read(path);
	const char *found;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	found = shell_find(text);
	if (found) {
		fprintf(stderr,
			"\n%s: %s: timerlab starts no shell; fork and execv with an argv\n",
			path, found);
		(*(size_t *)arg)++;
	}
	free(text);
}

void test_no_shell(void)
{
	static const char *const endings[] = { ".c", ".h", NULL };
	static const char *const dirs[] = { "lib", "cases", "harness" };
	size_t found = 0, files = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		files += tree_walk(dirs[i], endings, true, shell_check, &found);
	CU_ASSERT(files > 100);
	CU_ASSERT_EQUAL(found, 0);
}

void test_no_shell_scanner(void)
{
	CU_ASSERT_STRING_EQUAL(shell_find("x = system(\"ls\");"), "system");
	CU_ASSERT_STRING_EQUAL(shell_find("f = popen (cmd, \"r\");"), "popen");
	CU_ASSERT_STRING_EQUAL(shell_find("execlp(\"a\", \"a\", NULL);"), "execlp");
	CU_ASSERT_STRING_EQUAL(
		shell_find("char *argv[] = { \"sh\", \"-c\" }; x(\"sh -c\");"), "sh -c");
	CU_ASSERT_PTR_NULL(shell_find("/* never system() or sh -c */ execvp(a, argv);"));
	CU_ASSERT_PTR_NULL(shell_find("// popen(x)\ncounts_system(ctx); ecosystem (1);"));
	CU_ASSERT_PTR_NULL(shell_find("puts(\"/* not a comment */\"); execv(p, a);"));
}

void test_format_warnings(void)
{
	char *makefile = tree_read("GNUmakefile"), *warnings;

	CU_ASSERT_PTR_NOT_NULL_FATAL(makefile);
	warnings = strstr(makefile, "\nWARNINGS := ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(warnings);
	char *end = strstr(warnings + 1, "\n\n");
	if (end)
		*end = '\0';
	CU_ASSERT_PTR_NOT_NULL(strstr(warnings, "-Wformat=2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(warnings, "-Wmissing-format-attribute"));
	free(makefile);
	/* the wrappers through which every message goes carry the attribute */
	static const char *const headers[] = { "harness/message.h", "harness/args.h" };
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		char *text = tree_read(headers[i]);

		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "__attribute__((format(printf"));
		free(text);
	}
}
