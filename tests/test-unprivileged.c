/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every command as an unprivileged user (nobody, uid 65534, in a forked
 * child of a root test): run, check, compare and report complete, with
 * warnings and skips where privilege is missing, the exit statuses README
 * gives, results that load, and no realtime priority claimed in env. Part of
 * the conditions suite; not root, the tests already run unprivileged and
 * are passed over.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/result.h"
#include "tests.h"
#include "tree.h"

#define NOBODY 65534

/* A folder nobody can write, holding a copy of timerlab: nobody may not
 * reach the build (a checkout under /root is 0700). */
struct nobody_place {
	char dir[64];
	char program[128];
};

static void nobody_copy(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	char buf[65536];
	ssize_t n;

	CU_ASSERT_FATAL(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CU_ASSERT_FATAL(write(out, buf, (size_t)n) == n);
	close(in);
	close(out);
}

/* false (and a note) when the tests do not run as root. */
static bool nobody_prepare(struct nobody_place *place)
{
	const char *program = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";

	if (geteuid() != 0) {
		fprintf(stderr, "(not root: already unprivileged) ");
		return false;
	}
	snprintf(place->dir, sizeof(place->dir), "/tmp/timerlab-nobody-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(place->dir));
	chmod(place->dir, 0777);
	snprintf(place->program, sizeof(place->program), "%s/timerlab", place->dir);
	nobody_copy(program, place->program);
	return true;
}

/* timerlab argv as nobody, in the place's folder; stdout and stderr into
 * files of it named out_name and err_name. The exit status. */
static int nobody_run(const struct nobody_place *place, const char *const *argv,
		      const char *out_name, const char *err_name)
{
	const char *args[48] = { place->program };
	char out_path[128], err_path[128];
	size_t n = 1;
	int status;

	for (; *argv && n < 47; argv++)
		args[n++] = *argv;
	args[n] = NULL;
	snprintf(out_path, sizeof(out_path), "%s/%s", place->dir, out_name);
	snprintf(err_path, sizeof(err_path), "%s/%s", place->dir, err_name);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		int out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);

		dup2(out_fd, STDOUT_FILENO);
		dup2(err_fd, STDERR_FILENO);
		/* the supplementary groups too: root's would keep privilege */
		if (chdir(place->dir) < 0 || setgroups(0, NULL) < 0 ||
		    setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
			_exit(126);
		execv(place->program, (char *const *)args);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *nobody_read(const struct nobody_place *place, const char *name)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", place->dir, name);
	return tree_read(path);
}

static void nobody_load(const struct nobody_place *place, const char *name,
			struct tl_result *result)
{
	char path[200], why[512];

	snprintf(path, sizeof(path), "%s/%s/latest/result.json", place->dir, name);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, result, why, sizeof(why)), 0);
}

/* Two runs (a and b): no SCHED_FIFO, no dma latency; each completes with
 * exit 0, says so in warnings, and records what it got; then compare and
 * report, every format, read them as nobody too. */
static void test_unprivileged(void)
{
	struct nobody_place place;
	struct tl_result result;

	if (!nobody_prepare(&place))
		return;
	for (int i = 0; i < 2; i++) {
		const char *argv[] = { "run",
				       "--path",
				       "timerfd",
				       "--clock",
				       "monotonic",
				       "--samples",
				       "40",
				       "--rounds",
				       "2",
				       "--dma-latency",
				       "0",
				       "--format",
				       "table,json,csv,html,ktap,junit,md",
				       "--out",
				       i ? "b" : "a",
				       NULL };

		CU_ASSERT_EQUAL(nobody_run(&place, argv, "out", i ? "err-b" : "err-a"),
				0);
	}
	/* all of it: a coverage build adds a line per object it cannot write */
	char *text = nobody_read(&place, "err-a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "warning: cannot set fifo priority 80"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "warning: cannot hold /dev/cpu_dma_latency"));
	free(text);
	nobody_load(&place, "a", &result);
	CU_ASSERT_EQUAL(result.cell_count, 3);
	for (size_t i = 0; i < result.cell_count; i++) {
		CU_ASSERT_EQUAL(result.cells[i].samples, 40);
		CU_ASSERT_PTR_NULL(result.cells[i].error);
	}
	/* obtained, not asked: no realtime priority claimed */
	CU_ASSERT_STRING_EQUAL(result.env.realtime.policy, "other");
	CU_ASSERT_EQUAL(result.env.realtime.priority, 0);
	CU_ASSERT_STRING_EQUAL(result.options.policy, "fifo");
	CU_ASSERT_EQUAL(result.env.realtime.dma_latency_us, -1);
	CU_ASSERT_FALSE(result.env.root);
	CU_ASSERT_FALSE(result.env.cap_sys_nice);
	CU_ASSERT_FALSE(result.interrupted);
	tl_result_free(&result);

	/* compare: exit 0 with no gate; its file written where nobody may */
	const char *compare[] = { "compare",
				  "--format",
				  "table,json,junit,html,md",
				  "--out",
				  "comparison.json",
				  "a/latest/result.json",
				  "b/latest/result.json",
				  NULL };
	CU_ASSERT_EQUAL(nobody_run(&place, compare, "compare-out", "compare-err"), 0);
	text = nobody_read(&place, "comparison.json");
	CU_ASSERT_PTR_NOT_NULL(text);
	CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, "timerlab.comparison/1") : NULL);
	free(text);
	text = nobody_read(&place, "compare-out");
	CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, "</html>") : NULL);
	free(text);

	/* report: every format of both into a folder of nobody's */
	const char *report[] = {
		"report",
		"--format",
		"table,json,ktap,junit,csv,hist,hgrm,html,md,bmf,gab,lava",
		"--out",
		"reports",
		"a/latest/result.json",
		"b/latest/result.json",
		NULL
	};
	CU_ASSERT_EQUAL(nobody_run(&place, report, "report-out", "report-err"), 0);
	text = nobody_read(&place, "reports/latest/result.json");
	CU_ASSERT_PTR_NOT_NULL(text);
	free(text);
	text = nobody_read(&place, "reports/latest-2/index.html");
	CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, "</html>") : NULL);
	free(text);
	tree_remove(place.dir);
}

/* What a check that lacks privilege says when refused it. */
static bool nobody_refused(const char *reason)
{
	return reason && (strstr(reason, "EPERM") || strstr(reason, "EACCES") ||
			  strstr(reason, "Operation not permitted") ||
			  strstr(reason, "Permission denied"));
}

static const struct tl_check_result *nobody_check(const struct tl_result *result,
						  const char *name)
{
	for (size_t i = 0; i < result->check_count; i++)
		if (strcmp(result->checks[i].name, name) == 0)
			return &result->checks[i];
	return NULL;
}

/* Every check as nobody: those that need privilege are skips that say so;
 * none fails or errs for want of it; exit 0, or 1 only when something
 * failed (README), never 3 or 4. */
static void test_unprivileged_check(void)
{
	/* root-only as this machine runs them; a check absent from the
	 * plan is passed over */
	static const char *const privileged[] = { "timerfd.alarm-clock", "timerfd.timens",
						  "clock.resolution" };
	const char *argv[] = { "check", "--out", "checks", NULL };
	struct nobody_place place;
	struct tl_result result;
	size_t failed = 0, skipped = 0;
	int status;

	if (!nobody_prepare(&place))
		return;
	status = nobody_run(&place, argv, "out", "err");
	nobody_load(&place, "checks", &result);
	CU_ASSERT(result.check_count > 0);
	for (size_t i = 0; i < result.check_count; i++) {
		const struct tl_check_result *check = &result.checks[i];
		bool bad = check->verdict == TL_VERDICT_FAIL ||
			   check->verdict == TL_VERDICT_ERROR ||
			   check->verdict == TL_VERDICT_TIMEOUT;

		if (bad && nobody_refused(check->reason))
			fprintf(stderr, "\n%s: %s for want of privilege: %s\n",
				check->name, tl_verdict_name(check->verdict),
				check->reason);
		CU_ASSERT_FALSE(bad && nobody_refused(check->reason));
		failed += bad;
		if (check->verdict == TL_VERDICT_SKIP) {
			skipped++;
			CU_ASSERT(check->reason && check->reason[0]);
		}
	}
	for (size_t i = 0; i < sizeof(privileged) / sizeof(privileged[0]); i++) {
		const struct tl_check_result *check =
			nobody_check(&result, privileged[i]);

		if (!check)
			continue;
		if (check->verdict != TL_VERDICT_SKIP)
			fprintf(stderr, "\n%s as nobody: %s (%s)\n", check->name,
				tl_verdict_name(check->verdict),
				check->reason ? check->reason : "");
		CU_ASSERT_EQUAL(check->verdict, TL_VERDICT_SKIP);
	}
	CU_ASSERT(skipped >= 1);
	CU_ASSERT_EQUAL(status, failed ? 1 : 0);
	fprintf(stderr, "(%zu checks, %zu skipped, %zu failed) ", result.check_count,
		skipped, failed);
	tl_result_free(&result);
	tree_remove(place.dir);
}

void tests_conditions_unprivileged(CU_pSuite suite)
{
	CU_add_test(suite, "unprivileged: run, compare and report complete, warnings",
		    test_unprivileged);
	CU_add_test(suite, "unprivileged: check skips what needs privilege",
		    test_unprivileged_check);
}
