/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manual page (harness/timerlab.1) against the program: every option
 * a command's --help lists is in it, `man` renders it without a warning,
 * and `make install` puts it where man finds it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests.h"
#include "tool.h"
#include "tree.h"

#define MANUAL "harness/timerlab.1"

/* Whether the page names option ("--hist-max"), as roff writes it. */
static bool manual_names(const char *page, const char *option)
{
	char roff[128];
	size_t n = 0;

	for (const char *c = option; *c && n + 3 < sizeof(roff); c++) {
		if (*c == '-')
			roff[n++] = '\\';
		roff[n++] = *c;
	}
	roff[n] = '\0';
	if (strstr(page, roff))
		return true;
	fprintf(stderr, "\n%s: %s is not in it\n", MANUAL, option);
	return false;
}

/* Every "  --option" at the start of a line of text is in the page. */
static size_t manual_check_help(const char *page, const char *help)
{
	size_t options = 0;

	for (const char *line = help; line; line = strchr(line, '\n')) {
		char option[64];
		size_t n = 0;

		line += *line == '\n';
		while (*line == ' ')
			line++;
		if (strncmp(line, "--", 2) != 0)
			continue;
		while ((isalnum((unsigned char)line[n]) || line[n] == '-') &&
		       n + 1 < sizeof(option)) {
			option[n] = line[n];
			n++;
		}
		option[n] = '\0';
		CU_ASSERT_TRUE(manual_names(page, option));
		options++;
	}
	return options;
}

static void test_every_option(void)
{
	static const char *const commands[] = { "run",	   "check", "report",
						"compare", "list",  NULL };
	char *page = tree_read(MANUAL);
	size_t options = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	for (size_t i = 0; commands[i]; i++) {
		const char *argv[] = { commands[i], "--help", NULL };
		struct tool_output output;
		char section[64];

		tool_run(argv, &output);
		CU_ASSERT_EQUAL(output.status, 0);
		options += manual_check_help(page, output.out);
		snprintf(section, sizeof(section), ".B %s\n", commands[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(page, section));
		tool_free(&output);
	}
	CU_ASSERT(options >= 42);
	CU_ASSERT_TRUE(manual_names(page, "--version"));
	CU_ASSERT_PTR_NOT_NULL(strstr(page, ".SH EXIT STATUS"));
	free(page);
}

static void test_renders_cleanly(void)
{
	const char *const argv[] = { "--warnings", "-l", MANUAL, NULL };
	struct tool_output output;

	setenv("MANWIDTH", "80", 1);
	tool_run_program("man", argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	if (output.err[0])
		fprintf(stderr, "\nman: %s", output.err);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "EXIT STATUS"));
	tool_free(&output);
}

static void test_installed(void)
{
	char dir[] = "/tmp/timerlab-install-XXXXXX", destdir[96], path[160];
	const char *argv[] = { "-s",	"--no-print-directory", "install",
			       destdir, "PREFIX=/usr",		NULL };
	struct tool_output output;
	struct stat st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	snprintf(destdir, sizeof(destdir), "DESTDIR=%s", dir);
	tool_run_program("make", argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/usr/share/man/man1/timerlab.1", dir);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/usr/bin/timerlab", dir);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
}

void tests_manual(void)
{
	CU_pSuite suite = tests_suite("manual page");

	CU_add_test(suite, "every option --help lists", test_every_option);
	CU_add_test(suite, "man renders it without a warning", test_renders_cleanly);
	CU_add_test(suite, "make install installs it", test_installed);
}
