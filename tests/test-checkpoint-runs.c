/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * timerlab run with a short --checkpoint, watched from outside: the test
 * reads result.json every 20 ms while the run goes on, as a user (or a
 * power cut) might catch it. Blocks of 100 ms and a period of 200 ms give
 * a checkpoint every few blocks; only "at least one before the end" is
 * asserted of the timing.
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

#include "../lib/result.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* Far beyond the few seconds a run takes here, even under a sanitizer. */
#define RUNS_DEADLINE_MS 120000

/* Two paths, one clock, two arms: four measurable cells, no n/a row. */
#define RUNS_CELLS                                                                       \
	"--path", "timerfd,clock-nanosleep", "--clock", "monotonic", "--arm", "abs,rel", \
		"--interval", "1ms"

/* What the reads of result.json during one run added up to. */
struct runs_watch {
	unsigned reads;
	unsigned checkpoints; /* reads that found a checkpoint */
	bool final_seen; /* a read found the whole result */
	size_t cells; /* the most measured cells a read found */
	uint64_t samples; /* the most samples a read found */
	bool unreadable, unmarked, shrank, checkpoint_after_final;
};

static uint64_t runs_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
}

/* timerlab run ARGS --quiet --format json --out OUT, in the background. */
static pid_t runs_start(const char *out, const char *const *args)
{
	const char *program = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	const char *argv[32] = { program, "run" };
	size_t argc = 2;
	pid_t pid;

	for (; *args && argc < 24; args++)
		argv[argc++] = *args;
	argv[argc++] = "--quiet";
	argv[argc++] = "--format";
	argv[argc++] = "json";
	argv[argc++] = "--out";
	argv[argc++] = out;
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execv(program, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* OUT/<the run's folder>/result.json into path; false before the folder. */
static bool runs_result_path(const char *out, char *path, size_t size)
{
	DIR *dir = opendir(out);
	struct dirent *entry;
	bool found = false;

	while (dir && !found && (entry = readdir(dir)))
		if (entry->d_name[0] != '.' && strcmp(entry->d_name, "latest") != 0) {
			snprintf(path, size, "%s/%s/result.json", out, entry->d_name);
			found = true;
		}
	if (dir)
		closedir(dir);
	return found;
}

static void runs_measured(const struct tl_result *result, size_t *cells,
			  uint64_t *samples)
{
	*cells = 0;
	*samples = 0;
	for (size_t i = 0; i < result->cell_count; i++) {
		*cells += result->cells[i].samples > 0;
		*samples += result->cells[i].samples;
	}
}

/* One read of result.json, if it is there yet. */
static void runs_observe(const char *path, struct runs_watch *watch)
{
	struct tl_result result;
	uint64_t samples;
	size_t cells;
	char why[768];

	if (access(path, F_OK) < 0)
		return; /* rename() makes it appear whole, never half */
	if (tl_result_load(path, &result, why, sizeof(why)) < 0) {
		fprintf(stderr, "\n%s\n", why);
		watch->unreadable = true;
		return;
	}
	watch->reads++;
	runs_measured(&result, &cells, &samples);
	if (result.checkpoint) {
		watch->checkpoints++;
		watch->unmarked |= !result.interrupted;
		watch->checkpoint_after_final |= watch->final_seen;
	} else {
		watch->final_seen = true;
	}
	watch->shrank |= cells < watch->cells || samples < watch->samples;
	if (cells > watch->cells)
		watch->cells = cells;
	if (samples > watch->samples)
		watch->samples = samples;
	tl_result_free(&result);
}

/*
 * Start a run and read its result.json every 20 ms until it ends, or until
 * stop_after checkpoints have been read (0: to the end), then SIGKILL it.
 * Returns the run's wait status; path is its result.json.
 */
static int runs_watch(const char *out, const char *const *args, unsigned stop_after,
		      struct runs_watch *watch, char *path, size_t size)
{
	uint64_t deadline = runs_now_ms() + RUNS_DEADLINE_MS;
	pid_t pid = runs_start(out, args);
	int status = 0;

	memset(watch, 0, sizeof(*watch));
	path[0] = '\0';
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (path[0] || runs_result_path(out, path, size))
			runs_observe(path, watch);
		if ((stop_after && watch->checkpoints >= stop_after && watch->cells) ||
		    runs_now_ms() > deadline) {
			CU_ASSERT(runs_now_ms() <= deadline);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		usleep(20000);
	}
	if (!path[0])
		runs_result_path(out, path, size);
	return status;
}

static size_t runs_temporaries(const char *path)
{
	char dir[600];
	char *slash;
	DIR *folder;
	struct dirent *entry;
	size_t count = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	folder = opendir(dir);
	while (folder && (entry = readdir(folder)))
		count += strncmp(entry->d_name, ".result.json.", 13) == 0;
	if (folder)
		closedir(folder);
	return count;
}

/* result.json appears early, always loads, is partial, and only grows;
 * the end replaces it with the whole result. */
static void test_polled(void)
{
	static const char *const args[] = { RUNS_CELLS, "--samples", "600",
					    "--rounds", "6",	     "--checkpoint",
					    "200ms",	NULL };
	char out[] = "/tmp/timerlab-checkpoint-XXXXXX", path[600], why[768];
	struct runs_watch watch;
	struct tl_result result;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	status = runs_watch(out, args, 0, &watch, path, sizeof(path));
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT(watch.checkpoints >= 1);
	CU_ASSERT(!watch.unreadable);
	CU_ASSERT(!watch.unmarked);
	CU_ASSERT(!watch.shrank);
	CU_ASSERT(!watch.checkpoint_after_final);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT(!result.interrupted && !result.checkpoint);
	CU_ASSERT_EQUAL(result.cell_count, 4);
	for (size_t i = 0; i < result.cell_count; i++) {
		CU_ASSERT_EQUAL(result.cells[i].samples, 600);
		CU_ASSERT_EQUAL(result.cells[i].round_count, 6);
	}
	CU_ASSERT_EQUAL(runs_temporaries(path), 0);
	tl_result_free(&result);
	fprintf(stderr, "(%u reads, %u checkpoints) ", watch.reads, watch.checkpoints);
	tree_remove(out);
}

/* A SIGKILL between checkpoints leaves the last one, which report and
 * compare load and call partial. */
static void test_killed(void)
{
	static const char *const args[] = { RUNS_CELLS, "--samples", "3000",
					    "--rounds", "30",	     "--checkpoint",
					    "200ms",	NULL };
	char out[] = "/tmp/timerlab-checkpoint-XXXXXX", path[600], why[768];
	struct tool_output output;
	struct runs_watch watch;
	struct tl_result result;
	size_t cells;
	uint64_t samples;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	status = runs_watch(out, args, 1, &watch, path, sizeof(path));
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT(result.interrupted && result.checkpoint);
	runs_measured(&result, &cells, &samples);
	CU_ASSERT(cells >= 1 && cells <= 4);
	CU_ASSERT(samples >= watch.samples); /* a later checkpoint may have come */
	CU_ASSERT(samples < 4 * 3000);
	tl_result_free(&result);

	const char *const report[] = { "report", path, NULL };
	tool_run(report, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "note: partial: a checkpoint"));
	tool_free(&output);
	const char *const compare[] = { "compare", path, path, NULL };
	tool_run(compare, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "checkpoint: partial"));
	tool_free(&output);
	tree_remove(out);
}

/* --checkpoint off: no read ever finds a checkpoint. */
static void test_off(void)
{
	static const char *const args[] = { RUNS_CELLS, "--samples",	"300", "--rounds",
					    "3",	"--checkpoint", "off", NULL };
	char out[] = "/tmp/timerlab-checkpoint-XXXXXX", path[600];
	struct runs_watch watch;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	status = runs_watch(out, args, 0, &watch, path, sizeof(path));
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL(watch.checkpoints, 0);
	CU_ASSERT(!watch.unreadable);
	tree_remove(out);
}

/* A block longer than the period gets more rounds, unless --rounds chose
 * them: then a warning says checkpoints come a block apart. */
static void test_rounds_fit(void)
{
	char out[] = "/tmp/timerlab-checkpoint-XXXXXX", path[600], why[768];
	const char *const fitted[] = {
		"run",	 "--path",  "timerfd",	 "--clock", "monotonic",
		"--arm", "abs",	    "--samples", "600",	    "--checkpoint",
		"100ms", "--quiet", "--format",	 "json",    "--out",
		out,	 NULL
	};
	const char *const chosen[] = {
		"run",	 "--path",   "timerfd",	  "--clock", "monotonic",
		"--arm", "abs",	     "--samples", "600",     "--checkpoint",
		"100ms", "--rounds", "2",	  "--quiet", "--format",
		"json",	 "--out",    out,	  NULL
	};
	struct tool_output output;
	struct tl_result result;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	tool_run(fitted, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NULL(strstr(output.err, "checkpoints come"));
	tool_free(&output);
	CU_ASSERT_FATAL(runs_result_path(out, path, sizeof(path)));
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	/* 90 samples after the warm-up of 10 fit in 100 ms: 7 blocks of 600 */
	CU_ASSERT_EQUAL(result.options.rounds, 7);
	CU_ASSERT_EQUAL(result.cells[0].round_count, 7);
	CU_ASSERT_EQUAL(result.cells[0].samples, 600);
	tl_result_free(&result);
	tree_remove(out);

	CU_ASSERT_PTR_NOT_NULL_FATAL(
		mkdtemp(strcpy(out, "/tmp/timerlab-checkpoint-XXXXXX")));
	tool_run(chosen, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		output.err,
		"timerlab: warning: --checkpoint 100ms: a block lasts up to 310ms in 2 rounds"));
	tool_free(&output);
	CU_ASSERT_FATAL(runs_result_path(out, path, sizeof(path)));
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(result.options.rounds, 2);
	tl_result_free(&result);
	tree_remove(out);
}

void tests_checkpoint_runs(CU_pSuite suite)
{
	CU_add_test(suite, "read during a run: partial, growing, then whole",
		    test_polled);
	CU_add_test(suite, "SIGKILL leaves the last checkpoint", test_killed);
	CU_add_test(suite, "--checkpoint off writes none", test_off);
	CU_add_test(suite, "blocks fit the period unless --rounds chose",
		    test_rounds_fit);
}
