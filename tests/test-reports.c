/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * build/timerlab and its saved results: report folders, `report`, bad
 * result files, output that cannot be written, and interrupted runs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/result.h"
#include "tests.h"
#include "tree.h"
#include "tool.h"

static char *reports_read(const char *path)
{
	FILE *file = fopen(path, "r");
	char *text = NULL;
	size_t size = 0;

	if (!file)
		return NULL;
	if (getdelim(&text, &size, '\0', file) < 0) {
		free(text);
		text = NULL;
	}
	fclose(file);
	return text;
}

static void reports_write(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fputs(text, file);
	fclose(file);
}

/* A copy of text with the value after the first "key": that follows
 * "after": replaced by value. */
static char *reports_replace_value(const char *text, const char *after, const char *key,
				   const char *value)
{
	char needle[64];
	const char *at, *end;
	char *out;

	snprintf(needle, sizeof(needle), "\"%s\":", key);
	at = strstr(text, after);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	at = strstr(at, needle);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	at += strlen(needle);
	end = at + strcspn(at, ",\n}");
	out = malloc(strlen(text) + strlen(value) + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, value, end);
	return out;
}

/* A small real result in a fresh folder: dir/latest/result.json. */
static void reports_make(char *dir, char *stdout_table)
{
	const char *argv[] = {
		"run",	   "--out",	dir,	     "--path", "clock-nanosleep",
		"--clock", "monotonic", "--samples", "100",    "--quiet",
		NULL
	};
	struct tool_output output;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(argv, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	if (stdout_table)
		snprintf(stdout_table, 4096, "%s", output.out);
	tool_free(&output);
}

/* `report` of the saved result prints the run's table again, exactly. */
static void test_report_same_table(void)
{
	char dir[] = "/tmp/timerlab-reports-XXXXXX", table[4096], path[256], link[256];
	struct tool_output output;

	reports_make(dir, table);
	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	const char *argv[] = { "report", path, NULL };
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.out, table);
	CU_ASSERT_PTR_NOT_NULL(strstr(table, "clock-nanosleep"));
	tool_free(&output);
	/* latest is a relative link to the run's folder, which holds the table */
	snprintf(path, sizeof(path), "%s/latest", dir);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	CU_ASSERT_FATAL(n > 0);
	link[n] = '\0';
	CU_ASSERT_PTR_NULL(strchr(link, '/'));
	snprintf(path, sizeof(path), "%s/latest/table.txt", dir);
	char *saved = reports_read(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(saved);
	CU_ASSERT_STRING_EQUAL(saved, table);
	free(saved);
}

/* Each bad result file: exit 2, one line naming the file and the field. */
static void test_bad_result_files(void)
{
	char dir[] = "/tmp/timerlab-reports-XXXXXX", good_path[256], bad_path[300];
	static const struct {
		const char *what;
		const char *message;
	} cases[] = {
		{ "empty", "expected near end of file" },
		{ "truncated", "line " },
		{ "array", "a timerlab result is a JSON object" },
		{ "schema2", "schema: timerlab.result/2 is not timerlab.result/1" },
		{ "foreign", "schema: \"acme.bench/1\" is not a timerlab result" },
		{ "string", "cells[0].p50_ns: must be an integer" },
		{ "negative", "cells[0].samples: must be a non-negative integer" },
		{ "missing", "No such file" },
	};
	char *good, *bad;

	reports_make(dir, NULL);
	snprintf(good_path, sizeof(good_path), "%s/latest/result.json", dir);
	good = reports_read(good_path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(good);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *what = cases[i].what;
		struct tool_output output;

		snprintf(bad_path, sizeof(bad_path), "%s/%s.json", dir, what);
		bad = NULL;
		if (!strcmp(what, "empty"))
			reports_write(bad_path, "");
		else if (!strcmp(what, "truncated"))
			bad = strndup(good, strlen(good) / 2);
		else if (!strcmp(what, "array"))
			reports_write(bad_path, "[1, 2, 3]\n");
		else if (!strcmp(what, "schema2"))
			bad = reports_replace_value(good, "{", "schema",
						    "\"timerlab.result/2\"");
		else if (!strcmp(what, "foreign"))
			bad = reports_replace_value(good, "{", "schema",
						    "\"acme.bench/1\"");
		else if (!strcmp(what, "string"))
			bad = reports_replace_value(good, "\"cells\"", "p50_ns",
						    "\"fast\"");
		else if (!strcmp(what, "negative"))
			bad = reports_replace_value(good, "\"cells\"", "samples", "-5");
		if (bad)
			reports_write(bad_path, bad);
		free(bad);

		const char *argv[] = { "report", bad_path, NULL };
		tool_run(argv, &output);
		CU_ASSERT_EQUAL(output.status, 2);
		CU_ASSERT_STRING_EQUAL(output.out, "");
		CU_ASSERT_EQUAL(tool_lines(output.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(output.err, bad_path));
		CU_ASSERT_PTR_NOT_NULL(strstr(output.err, cases[i].message));
		if (!strstr(output.err, cases[i].message))
			fprintf(stderr, "\n%s: %s", what, output.err);
		tool_free(&output);
	}
	free(good);
}

/* --out that cannot be written is refused before any measuring. */
static void test_out_unwritable(void)
{
	char file[] = "/tmp/timerlab-notadir-XXXXXX";
	int fd = mkstemp(file);
	const char *outs[] = { "/proc/timerlab-cannot", file };

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	for (size_t i = 0; i < 2; i++) {
		const char *argv[] = { "run",	    "--out",  outs[i],
				       "--samples", "100000", NULL };
		struct tool_output output;

		tool_run(argv, &output);
		CU_ASSERT_EQUAL(output.status, 2);
		CU_ASSERT_EQUAL(tool_lines(output.err), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(output.err, "--out: cannot write reports"));
		tool_free(&output);
	}
	const char *both[] = { "run", "--out", "-", "--format", "table,json", NULL };
	struct tool_output output;
	tool_run(both, &output);
	CU_ASSERT_EQUAL(output.status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.err, "only --format json can go to stdout"));
	tool_free(&output);
	unlink(file);
}

/* --out - writes the JSON result to stdout, nothing else. */
static void test_out_stdout(void)
{
	const char *argv[] = { "run",	  "--out",     "-",	"--path", "timerfd",
			       "--clock", "monotonic", "--arm", "abs",	  "--samples",
			       "50",	  "--quiet",   NULL };
	char path[] = "/tmp/timerlab-stdout-XXXXXX", why[512];
	struct tool_output output;
	struct tl_result result;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	reports_write(path, output.out);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(result.cell_count, 1);
	CU_ASSERT_EQUAL(result.cells[0].samples, 50);
	tl_result_free(&result);
	tool_free(&output);
	unlink(path);
}

/* A run of the six timerfd cells into dir, one round each. With progress,
 * its stderr comes on a pipe, progress lines and all; else --quiet. */
static pid_t reports_spawn(const char *dir, const char *samples, FILE **progress)
{
	const char *program = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	int said[2] = { -1, -1 };

	CU_ASSERT_FATAL(!progress || pipe2(said, O_CLOEXEC) == 0);
	fflush(NULL);
	pid_t pid = fork();

	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		const char *argv[] = { program,	   "run",     "--out",	   dir,
				       "--path",   "timerfd", "--samples", samples,
				       "--rounds", "1",	      "--quiet",   NULL };
		int null = open("/dev/null", O_WRONLY);

		if (progress)
			argv[10] = NULL; /* progress lines wanted: no --quiet */
		dup2(null, STDOUT_FILENO);
		dup2(progress ? said[1] : null, STDERR_FILENO);
		execv(program, (char *const *)argv);
		_exit(127);
	}
	if (progress) {
		close(said[1]);
		*progress = fdopen(said[0], "r");
		CU_ASSERT_PTR_NOT_NULL_FATAL(*progress);
	}
	return pid;
}

/* Reads progress up to a line that starts with start; false at its end. */
static bool reports_await(FILE *progress, const char *start)
{
	char line[512];

	while (fgets(line, sizeof(line), progress))
		if (strncmp(line, start, strlen(start)) == 0)
			return true;
	return false;
}

/* Reads the rest of progress and closes it: whether a line held needle.
 * To the end, as a pipe left full would block the run, and one closed
 * early would kill it with SIGPIPE. */
static bool reports_drain(FILE *progress, const char *needle)
{
	char line[512];
	bool found = false;

	while (fgets(line, sizeof(line), progress))
		found = found || strstr(line, needle) != NULL;
	fclose(progress);
	return found;
}

static int reports_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * SIGINT once the first cell is measured, as its progress line says (not
 * after a fixed time, which a slow start or one before the handlers are
 * installed would miss): 130, and a loadable result of what was measured,
 * marked interrupted. The rest of the cells take 2.5 s, far more than the
 * signal needs to arrive.
 */
static void test_interrupted_run(void)
{
	char dir[] = "/tmp/timerlab-interrupt-XXXXXX", path[256], why[512];
	struct tl_result result;
	bool measured, told;
	FILE *progress;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	pid_t pid = reports_spawn(dir, "500", &progress);
	measured = reports_await(progress, "timerlab: [1/");
	if (measured)
		kill(pid, SIGINT);
	told = reports_drain(progress, "interrupted by signal 2");
	int status = reports_wait(pid);

	CU_ASSERT_TRUE_FATAL(measured);
	CU_ASSERT_EQUAL(status, 130);
	CU_ASSERT_TRUE(told);
	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT_TRUE(result.interrupted);
	/* six timerfd cells of 0.5 s: some measured, not all */
	CU_ASSERT(result.cell_count >= 1);
	CU_ASSERT(result.cell_count < 6);
	for (size_t i = 0; i < result.cell_count; i++) {
		CU_ASSERT_EQUAL(result.cells[i].samples, 500);
		CU_ASSERT_PTR_NULL(result.cells[i].error);
	}
	tl_result_free(&result);
}

/* A second SIGINT exits at once and leaves no partial file. */
static void test_second_interrupt(void)
{
	char dir[] = "/tmp/timerlab-interrupt-XXXXXX", path[512];
	struct dirent *entry;
	FILE *progress;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	/* once it says it measures, its run folder is made (a fixed wait
	 * could end before that on a slow start, leaving no folder to look
	 * into) */
	pid_t pid = reports_spawn(dir, "5000", &progress);
	bool measuring = reports_await(progress, "timerlab: measuring ");

	if (measuring) {
		kill(pid, SIGINT);
		kill(pid, SIGINT);
	}
	reports_drain(progress, "");
	int status = reports_wait(pid);

	CU_ASSERT_TRUE_FATAL(measuring);
	CU_ASSERT_EQUAL(status, 130);
	snprintf(path, sizeof(path), "%s/latest", dir);
	DIR *run = opendir(path);
	if (!run) { /* it may have exited before pointing latest anywhere */
		DIR *top = opendir(dir);

		CU_ASSERT_PTR_NOT_NULL_FATAL(top);
		while ((entry = readdir(top)))
			if (entry->d_name[0] != '.')
				snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		closedir(top);
		run = opendir(path);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(run);
	while ((entry = readdir(run))) {
		/* temporary files start with a dot: none may be left */
		CU_ASSERT(!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, "..") ||
			  entry->d_name[0] != '.');
	}
	closedir(run);
}

void tests_reports(void)
{
	CU_pSuite suite = tests_suite("reports");

	CU_add_test(suite, "report prints the run's table again", test_report_same_table);
	CU_add_test(suite, "bad result files: exit 2, file and field named",
		    test_bad_result_files);
	CU_add_test(suite, "unwritable --out refused before measuring",
		    test_out_unwritable);
	CU_add_test(suite, "--out - writes the JSON to stdout", test_out_stdout);
	CU_add_test(suite, "SIGINT keeps what was measured, exit 130",
		    test_interrupted_run);
	CU_add_test(suite, "a second SIGINT exits at once, no partial file",
		    test_second_interrupt);
}
