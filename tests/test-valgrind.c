/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * timerlab under valgrind's memcheck: run (a couple of hundred samples, the
 * measuring children traced), check (every check), compare and report (every
 * format) make no memory error and leak nothing, in any process.
 *
 * Only memcheck's findings are asserted, never timing: every process writes
 * its own log (vg.<pid>), and each one is read. A log without a summary is
 * a child that exec'd a program valgrind does not trace (gnuplot) or that
 * ended in _exit() after an exec failed: it must hold no error report
 * either. Children that end in _exit() skip the leak check, which is fine:
 * their memory is the parent's, copied.
 *
 * Without valgrind, or in a sanitizer build (valgrind cannot run an ASan
 * binary), the suite's tests are skipped, shown as inactive, with the reason
 * on stderr.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sanitized.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* A realtime child under valgrind runs tens of times slower, on a machine
 * other tests share: generous, and only there to end a hang. */
#define VALGRIND_TIMEOUT_S 900

static CU_pSuite valgrind_suite;
/* Two plain results, made once for compare and report. */
static char valgrind_results[] = "/tmp/timerlab-vg-results-XXXXXX";
static bool valgrind_results_made;

/* What memcheck found in the logs of one command. */
struct valgrind_findings {
	int logs, summaries, errors, leaked_blocks;
};

static const char *valgrind_program(void)
{
	return getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
}

/* valgrind ... timerlab argv, its logs in dir/vg.<pid>, its stdout and
 * stderr in dir/out and dir/err; the exit status, or 128 + signal. */
static int valgrind_run(const char *dir, const char *const *argv)
{
	char log[300], out[300], err[300];
	const char *args[64] = { "valgrind",
				 "--tool=memcheck",
				 "--trace-children=yes",
				 "--trace-children-skip=*gnuplot*,*stress-ng*",
				 "--child-silent-after-fork=no",
				 "--leak-check=full",
				 "--show-leak-kinds=definite,indirect",
				 "--errors-for-leak-kinds=definite,indirect",
				 "--error-exitcode=99",
				 log,
				 valgrind_program() };
	size_t n = 11;
	int status;
	pid_t pid;

	snprintf(log, sizeof(log), "--log-file=%s/vg.%%p", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(err, sizeof(err), "%s/err", dir);
	for (; *argv && n < 63; argv++)
		args[n++] = *argv;
	args[n] = NULL;
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		setpgid(0, 0);
		dup2(open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), STDOUT_FILENO);
		dup2(open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644), STDERR_FILENO);
		execvp("valgrind", (char *const *)args);
		_exit(127);
	}
	setpgid(pid, pid);
	for (int waited = 0; waitpid(pid, &status, WNOHANG) != pid; waited++) {
		struct timespec tick = { 0, 100000000 };

		if (waited == VALGRIND_TIMEOUT_S * 10) {
			fprintf(stderr, "\nvalgrind: %s %s: killed after %d s\n",
				valgrind_program(), argv[0], VALGRIND_TIMEOUT_S);
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		nanosleep(&tick, NULL);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The number after "label" on the line that holds it, or -1. */
static long valgrind_figure(const char *line, const char *label)
{
	const char *at = strstr(line, label);

	return at ? strtol(at + strlen(label), NULL, 10) : -1;
}

/* One log: its summary's errors, leaked blocks, and error reports of a
 * process that never reached a summary (a stack: "   at 0x"). */
static void valgrind_read_log(const char *path, struct valgrind_findings *found)
{
	char *text = tree_read(path), *line, *save = NULL;
	bool summary = false, stack = false;
	int errors_before = found->errors, leaks_before = found->leaked_blocks;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	found->logs++;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		long errors = valgrind_figure(line, "ERROR SUMMARY: ");
		long definite = valgrind_figure(line, "definitely lost: ");
		long indirect = valgrind_figure(line, "indirectly lost: ");

		if (errors >= 0) {
			summary = true;
			found->errors += (int)errors;
		}
		/* "definitely lost: 0 bytes in 0 blocks": the blocks count */
		if (definite > 0 || indirect > 0)
			found->leaked_blocks++;
		stack |= strstr(line, "   at 0x") != NULL;
	}
	found->summaries += summary;
	if (!summary && stack)
		found->errors++;
	if (found->errors > errors_before || found->leaked_blocks > leaks_before)
		fprintf(stderr, "\nvalgrind: %s: errors or leaks, kept\n", path);
	free(text);
}

static void valgrind_read_logs(const char *dir, struct valgrind_findings *found)
{
	DIR *folder = opendir(dir);
	struct dirent *entry;
	char path[512];

	CU_ASSERT_PTR_NOT_NULL_FATAL(folder);
	while ((entry = readdir(folder))) {
		if (strncmp(entry->d_name, "vg.", 3) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		valgrind_read_log(path, found);
	}
	closedir(folder);
}

/*
 * The command under memcheck: status is what it exits with when valgrind
 * found nothing (99 is valgrind's, for an error in the first process); every
 * log clean; at least min_logs processes traced. The folder is removed when
 * clean, kept for a look otherwise.
 */
static void valgrind_expect_clean(const char *const *argv, const int *statuses,
				  int min_logs)
{
	char dir[] = "/tmp/timerlab-vg-XXXXXX";
	struct valgrind_findings found = { 0 };
	bool expected = false;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	status = valgrind_run(dir, argv);
	for (const int *s = statuses; *s >= 0; s++)
		expected |= status == *s;
	if (!expected)
		fprintf(stderr, "\nvalgrind: timerlab %s exited %d (see %s/err)\n",
			argv[0], status, dir);
	CU_ASSERT_TRUE(expected);
	valgrind_read_logs(dir, &found);
	fprintf(stderr, "(%d processes, %d with a summary, %d errors, %d leaks) ",
		found.logs, found.summaries, found.errors, found.leaked_blocks);
	CU_ASSERT(found.logs >= min_logs);
	CU_ASSERT(found.summaries >= 1);
	CU_ASSERT_EQUAL(found.errors, 0);
	CU_ASSERT_EQUAL(found.leaked_blocks, 0);
	if (expected && !found.errors && !found.leaked_blocks)
		tree_remove(dir);
}

/* A measuring child per (cell, round), every output format of run. */
static void test_run(void)
{
	char out[] = "/tmp/timerlab-vg-run-XXXXXX";
	const char *argv[] = {
		"run",
		"--path",
		"timerfd,posix-timer",
		"--clock",
		"monotonic",
		"--samples",
		"200",
		"--rounds",
		"2",
		"--format",
		"table,json,ktap,junit,csv,hist,hgrm,html,md,kcidb,bmf,gab,samples,lava",
		"--kcidb-origin",
		"t",
		"--kcidb-build-id",
		"t:1",
		"--quiet",
		"--out",
		out,
		NULL
	};
	static const int ok[] = { 0, -1 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	/* 6 cells x 2 rounds: 12 measuring children and the parent */
	valgrind_expect_clean(argv, ok, 13);
	tree_remove(out);
}

/* Every check, each in its child. Under valgrind a check may judge the
 * kernel otherwise (threads run one at a time): its verdict is not memcheck's
 * finding, so 1 is as good as 0 here. */
static void test_check(void)
{
	char out[] = "/tmp/timerlab-vg-check-XXXXXX";
	const char *argv[] = { "check",
			       "--out",
			       out,
			       "--format",
			       "json,ktap,junit,md,kcidb,lava",
			       "--kcidb-origin",
			       "t",
			       "--kcidb-build-id",
			       "t:1",
			       NULL };
	static const int ok[] = { 0, 1, -1 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	valgrind_expect_clean(argv, ok, 40);
	tree_remove(out);
}

/* The two results compare and report read, measured without valgrind. */
static void valgrind_make_results(void)
{
	char dir[300];
	struct tool_output output;

	if (valgrind_results_made)
		return;
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(valgrind_results));
	valgrind_results_made = true;
	for (int i = 0; i < 2; i++) {
		snprintf(dir, sizeof(dir), "%s/%c", valgrind_results, 'a' + i);
		const char *argv[] = { "run",	  "--path",    "timerfd,clock-nanosleep",
				       "--clock", "monotonic", "--samples",
				       "100",	  "--rounds",  "3",
				       "--quiet", "--format",  "json",
				       "--out",	  dir,	       i ? "--checks" : NULL,
				       NULL };

		tool_run(argv, &output);
		/* 1 is a check's verdict, judged by the check suites: here only
		 * the result file matters */
		CU_ASSERT_FATAL(output.status == 0 || (i == 1 && output.status == 1));
		tool_free(&output);
	}
}

static void test_compare(void)
{
	char a[300], b[300], out[320];
	static const int ok[] = { 0, 1, -1 }; /* a gate may trip */

	valgrind_make_results();
	snprintf(a, sizeof(a), "%s/a/latest/result.json", valgrind_results);
	snprintf(b, sizeof(b), "%s/b/latest/result.json", valgrind_results);
	snprintf(out, sizeof(out), "%s/comparison.json", valgrind_results);
	const char *argv[] = { "compare",
			       "--format",
			       "table,json,junit,html,md,kcidb",
			       "--kcidb-origin",
			       "t",
			       "--kcidb-build-id",
			       "t:1",
			       "--gate",
			       "p99:+10%",
			       "--gate",
			       "missed:+5",
			       "--out",
			       out,
			       a,
			       b,
			       NULL };

	valgrind_expect_clean(argv, ok, 1);
}

static void test_report(void)
{
	char a[300], b[300], out[320];
	static const int ok[] = { 0, -1 };

	valgrind_make_results();
	snprintf(a, sizeof(a), "%s/a/latest/result.json", valgrind_results);
	snprintf(b, sizeof(b), "%s/b/latest/result.json", valgrind_results);
	snprintf(out, sizeof(out), "%s/reports", valgrind_results);
	const char *argv[] = {
		"report",
		"--format",
		"table,json,ktap,junit,csv,hist,hgrm,html,md,kcidb,bmf,gab,lava",
		"--kcidb-origin",
		"t",
		"--kcidb-build-id",
		"t:1",
		"--details",
		"--out",
		out,
		a,
		b,
		NULL
	};

	valgrind_expect_clean(argv, ok, 1);
}

/* Whether valgrind --version runs; in the set-up, where no CUnit assertion
 * may be made (tool_have makes them). */
static bool valgrind_installed(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return false;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execlp("valgrind", "valgrind", "--version", (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The suite's set-up: skip it, with the reason, where memcheck cannot run. */
static int valgrind_setup(void)
{
	const char *why = NULL;

	if (TESTS_SANITIZED)
		why = "a sanitizer build (valgrind cannot run an ASan binary)";
	else if (!valgrind_installed())
		why = "valgrind is not installed (tools/deps test installs it)";
	if (!why)
		return 0;
	fprintf(stderr, "\nskipped: the valgrind suite: %s\n", why);
	for (CU_pTest test = valgrind_suite->pTest; test; test = test->pNext)
		CU_set_test_active(test, CU_FALSE);
	return 0;
}

static int valgrind_cleanup(void)
{
	if (valgrind_results_made)
		tree_remove(valgrind_results);
	return 0;
}

void tests_valgrind(void)
{
	valgrind_suite = CU_add_suite("valgrind", valgrind_setup, valgrind_cleanup);
	if (!valgrind_suite) {
		fprintf(stderr, "tests: cannot add the valgrind suite: %s\n",
			CU_get_error_msg());
		exit(2);
	}
	CU_add_test(valgrind_suite, "run: no memory error, no leak, children traced",
		    test_run);
	CU_add_test(valgrind_suite, "check: every check, no memory error, no leak",
		    test_check);
	CU_add_test(valgrind_suite, "compare: every format, no memory error, no leak",
		    test_compare);
	CU_add_test(valgrind_suite, "report: every format, no memory error, no leak",
		    test_report);
}
