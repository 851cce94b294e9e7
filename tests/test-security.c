/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a hostile input or a hostile folder cannot make timerlab do: start
 * a shell (none in the source; gnuplot gets no command from a result),
 * write through a symlink planted where its output goes, take a format
 * from its input, or write outside its output folder because a result
 * names a file. Each test plants the trap and checks that the victim is as
 * it was.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/atomic-file.h"
#include "security.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

#define VICTIM_TEXT "the victim, as it was\n"

static char security_dir[64];

static security_folder_fn security_folder;
static security_result_fn security_result;

static int security_cleanup(void)
{
	if (security_dir[0])
		tree_remove(security_dir);
	security_dir[0] = '\0';
	return 0;
}

/* A fresh folder for one test: security_dir/name. */
static void security_folder(const char *name, char *path, size_t size)
{
	if (!security_dir[0]) {
		snprintf(security_dir, sizeof(security_dir),
			 "/tmp/timerlab-security-XXXXXX");
		CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(security_dir));
	}
	snprintf(path, size, "%s/%s", security_dir, name);
	CU_ASSERT_FATAL(mkdir(path, 0700) == 0);
}

static void security_write(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fputs(text, file);
	CU_ASSERT_FATAL(fclose(file) == 0);
}

static void security_victim_unchanged(const char *path)
{
	char *text = tree_read(path);

	CU_ASSERT_PTR_NOT_NULL(text);
	if (text && strcmp(text, VICTIM_TEXT) != 0)
		fprintf(stderr, "\n%s was written through a symlink: %.200s\n", path,
			text);
	CU_ASSERT(text && strcmp(text, VICTIM_TEXT) == 0);
	free(text);
}

static void security_is_regular(const char *path)
{
	struct stat st;

	CU_ASSERT(lstat(path, &st) == 0 && S_ISREG(st.st_mode));
}

/* tests/data/lava-result.json changed by change, saved as path. */
static void security_result(const char *path, void (*change)(json_t *root, void *arg),
			    void *arg)
{
	json_t *root = json_load_file("tests/data/lava-result.json", 0, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	if (change)
		change(root, arg);
	CU_ASSERT_FATAL(json_dump_file(root, path, JSON_COMPACT) == 0);
	json_decref(root);
}

static void test_atomic_file_replaces_symlink(void)
{
	char dir[PATH_MAX], victim[PATH_MAX + 16], link[PATH_MAX + 16];
	struct tl_atomic_file file;

	security_folder("atomic", dir, sizeof(dir));
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(link, sizeof(link), "%s/result.json", dir);
	security_write(victim, VICTIM_TEXT);
	CU_ASSERT_FATAL(symlink(victim, link) == 0);
	CU_ASSERT_EQUAL_FATAL(tl_atomic_file_open(&file, link), 0);
	fputs("{}\n", file.stream);
	CU_ASSERT_EQUAL(tl_atomic_file_commit(&file), 0);
	security_victim_unchanged(victim);
	security_is_regular(link);
	/* a folder at the name is refused before anything is written */
	CU_ASSERT_EQUAL(tl_atomic_file_open(&file, dir), -EISDIR);
	/* and the temporary is made O_EXCL | O_NOFOLLOW, never opened if there */
	char *source = tree_read("lib/atomic-file.c");
	CU_ASSERT_PTR_NOT_NULL_FATAL(source);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(source, "O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW"));
	free(source);
}

static void test_report_replaces_symlinks(void)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], victim[PATH_MAX + 16], out[PATH_MAX + 8];
	char result[PATH_MAX + 16];
	static const char *const files[] = { "table.txt", "result.json", "index.html",
					     "junit.xml" };
	struct tool_output output;

	security_folder("report", dir, sizeof(dir));
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(result, sizeof(result), "%s/good.json", dir);
	security_write(victim, VICTIM_TEXT);
	security_result(result, NULL, NULL);
	CU_ASSERT_FATAL(mkdir(out, 0700) == 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", out, files[i]);
		CU_ASSERT_FATAL(symlink(victim, path) == 0);
	}
	const char *argv[] = { "report", "--format", "table,json,html,junit",
			       "--out",	 out,	     result,
			       NULL };
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	security_victim_unchanged(victim);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", out, files[i]);
		security_is_regular(path);
	}
}

/* A per-cell folder planted as a symlink to another folder: refused, and
 * nothing is written into where it points. */
static void test_report_cell_folder_symlink(void)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], elsewhere[PATH_MAX + 16],
		out[PATH_MAX + 8];
	char result[PATH_MAX + 16];
	struct tool_output output;

	security_folder("cell-folder", dir, sizeof(dir));
	snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(result, sizeof(result), "%s/good.json", dir);
	security_result(result, NULL, NULL);
	CU_ASSERT_FATAL(mkdir(out, 0700) == 0 && mkdir(elsewhere, 0700) == 0);
	snprintf(path, sizeof(path), "%s/hgrm", out);
	CU_ASSERT_FATAL(symlink(elsewhere, path) == 0);
	const char *argv[] = { "report", "--format", "hgrm", "--out", out, result, NULL };
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.err, "Not a directory"));
	tool_free(&output);
	CU_ASSERT_EQUAL(security_count_files(elsewhere), 0);
}

static void test_compare_out_replaces_symlink(void)
{
	char dir[PATH_MAX], victim[PATH_MAX + 16], out[PATH_MAX + 16];
	char result[PATH_MAX + 16];
	struct tool_output output;

	security_folder("compare", dir, sizeof(dir));
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(out, sizeof(out), "%s/comparison.json", dir);
	snprintf(result, sizeof(result), "%s/good.json", dir);
	security_write(victim, VICTIM_TEXT);
	security_result(result, NULL, NULL);
	CU_ASSERT_FATAL(symlink(victim, out) == 0);
	const char *argv[] = { "compare", "--out", out, result, result, NULL };
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	security_victim_unchanged(victim);
	security_is_regular(out);
}

/* A run whose --out holds a planted "latest" (to a file, then to a folder):
 * the link is replaced, never written through. */
static void test_run_latest_symlink(void)
{
	char dir[PATH_MAX], victim[PATH_MAX + 16], out[PATH_MAX + 16],
		link[PATH_MAX + 32];
	char target[PATH_MAX], elsewhere[PATH_MAX + 16];
	struct tool_output output;
	ssize_t length;

	security_folder("run", dir, sizeof(dir));
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", dir);
	snprintf(out, sizeof(out), "%s/reports", dir);
	snprintf(link, sizeof(link), "%s/latest", out);
	security_write(victim, VICTIM_TEXT);
	CU_ASSERT_FATAL(mkdir(out, 0700) == 0 && mkdir(elsewhere, 0700) == 0);
	for (int round = 0; round < 2; round++) {
		unlink(link);
		CU_ASSERT_FATAL(symlink(round ? elsewhere : victim, link) == 0);
		const char *argv[] = { "run",
				       "--path",
				       "clock-nanosleep",
				       "--clock",
				       "monotonic",
				       "--arm",
				       "abs",
				       "--samples",
				       "20",
				       "--rounds",
				       "1",
				       "--quiet",
				       "--format",
				       "table,json,csv",
				       "--out",
				       out,
				       NULL };
		tool_run(argv, &output);
		CU_ASSERT_EQUAL(output.status, 0);
		tool_free(&output);
		length = readlink(link, target, sizeof(target) - 1);
		CU_ASSERT_FATAL(length > 0);
		target[length] = '\0';
		/* the run's own folder, beside it */
		CU_ASSERT_PTR_NULL(strchr(target, '/'));
	}
	security_victim_unchanged(victim);
	CU_ASSERT_EQUAL(security_count_files(elsewhere), 0);
}

void tests_security(void)
{
	CU_pSuite suite = tests_suite_cleaned("security", security_cleanup);

	CU_add_test(suite, "no shell: no system(), popen() or sh; every exec an execv",
		    test_no_shell);
	CU_add_test(suite, "the no-shell scanner finds calls, not comments",
		    test_no_shell_scanner);
	CU_add_test(suite, "formats come from literals: -Wformat=2, format attributes",
		    test_format_warnings);
	CU_add_test(suite, "atomic files replace a planted symlink",
		    test_atomic_file_replaces_symlink);
	CU_add_test(suite, "report replaces symlinks planted in --out",
		    test_report_replaces_symlinks);
	CU_add_test(suite, "report refuses a per-cell folder planted as a symlink",
		    test_report_cell_folder_symlink);
	CU_add_test(suite, "compare --out replaces a planted symlink",
		    test_compare_out_replaces_symlink);
	CU_add_test(suite, "run replaces a planted latest, to a file or a folder",
		    test_run_latest_symlink);
	tests_security_inputs(suite, security_folder, security_result);
}
