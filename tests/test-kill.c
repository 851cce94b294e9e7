/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs killed at random moments, with every output format on: whatever a
 * killed run leaves behind is whole (every JSON parses, the result loads
 * and is complete or says it was interrupted, every document ends as its
 * format ends) or absent, never cut short; and one second after the kill
 * no process of the run is left (the measuring children, stress-ng,
 * gnuplot), nor a plot folder once the next run has begun.
 *
 * Half the kills wait for the first file of the reports to appear, so that
 * many land while the outputs are being written; the rest land anywhere.
 * The test process is a child subreaper: an orphan of the killed run
 * becomes its child, which is how a stray is found. The seed is printed,
 * and TIMERLAB_KILL_SEED replays it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/result.h"
#include "processes.h"
#include "tests.h"
#include "tree.h"

#define KILL_RUNS 20
#define KILL_CELLS 6 /* two paths, one clock, three arms (one n/a) */
#define KILL_SAMPLES 150

struct kill_outcome {
	bool during_output; /* the reports had begun and latest was not yet set */
	bool result_left;
	bool interrupted;
	size_t files, temporaries;
};

static uint64_t kill_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
}

/* The run's folder under out (its only one), into run; false if none yet. */
static bool kill_run_dir(const char *out, char *run, size_t size)
{
	DIR *dir = opendir(out);
	struct dirent *entry;
	bool found = false;

	if (!dir)
		return false;
	while ((entry = readdir(dir)))
		if (entry->d_name[0] != '.' && strcmp(entry->d_name, "latest") != 0) {
			snprintf(run, size, "%s/%s", out, entry->d_name);
			found = true;
		}
	closedir(dir);
	return found;
}

static size_t kill_entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	size_t count = 0;

	if (!dir)
		return 0;
	while ((entry = readdir(dir)))
		count += strcmp(entry->d_name, ".") != 0 &&
			 strcmp(entry->d_name, "..") != 0;
	closedir(dir);
	return count;
}

static pid_t kill_start(const char *out, bool load)
{
	const char *run[] = {
		"run",
		"--path",
		"timerfd,clock-nanosleep",
		"--clock",
		"monotonic",
		"--samples",
		"150",
		"--rounds",
		"2",
		"--quiet",
		"--format",
		"table,json,ktap,junit,csv,hist,hgrm,html,md,kcidb,lava,bmf,gab,samples",
		"--kcidb-origin",
		"t",
		"--kcidb-build-id",
		"t:1",
		"--out",
		out,
		load ? "--load" : NULL,
		"cpu:1",
		NULL
	};

	return processes_start(run);
}

/* How a document of the reports ends, by its name. */
static bool kill_file_whole(const char *path, const char *name)
{
	char *text = tree_read(path);
	size_t length = text ? strlen(text) : 0;
	bool whole = length > 0 && text[length - 1] == '\n';

	if (whole && strstr(name, ".json")) {
		json_t *document = json_loads(text, 0, NULL);

		whole = document != NULL;
		json_decref(document);
	}
	if (whole && (strstr(name, ".xml") || strstr(name, ".html")))
		whole = strstr(text, strstr(name, ".xml") ? "</testsuites>"
							  : "</html>") != NULL;
	free(text);
	return whole;
}

/* Every file the run left, judged; temporaries (".name.XXXX") counted. */
static void kill_judge_files(const char *dir, struct kill_outcome *outcome)
{
	DIR *folder = opendir(dir);
	struct dirent *entry;

	if (!folder)
		return;
	while ((entry = readdir(folder))) {
		char path[512];
		struct stat info;

		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		if (lstat(path, &info) < 0)
			continue;
		if (S_ISDIR(info.st_mode)) {
			kill_judge_files(path, outcome); /* hgrm/ */
			continue;
		}
		if (entry->d_name[0] == '.') {
			outcome->temporaries++;
			continue;
		}
		outcome->files++;
		if (!kill_file_whole(path, entry->d_name))
			fprintf(stderr, "\n%s: cut short\n", path);
		CU_ASSERT_TRUE(kill_file_whole(path, entry->d_name));
	}
	closedir(folder);
}

static void kill_judge_result(const char *dir, struct kill_outcome *outcome)
{
	char path[512], why[512];
	struct tl_result result;

	snprintf(path, sizeof(path), "%s/result.json", dir);
	if (access(path, F_OK) < 0)
		return;
	outcome->result_left = true;
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	outcome->interrupted = result.interrupted;
	if (!result.interrupted) {
		size_t measured = 0;

		for (size_t i = 0; i < result.cell_count; i++)
			measured += result.cells[i].unsupported ||
				    result.cells[i].samples == KILL_SAMPLES;
		CU_ASSERT_EQUAL(measured, KILL_CELLS);
	}
	tl_result_free(&result);
}

/* Plot folders (lib/gnuplot.c) of a timerlab that is gone. */
static int kill_plot_folders(pid_t pid)
{
	char prefix[64];
	DIR *dir = opendir("/dev/shm");
	struct dirent *entry;
	int count = 0;

	snprintf(prefix, sizeof(prefix), "timerlab-plots-%d-", (int)pid);
	while (dir && (entry = readdir(dir)))
		count += strncmp(entry->d_name, prefix, strlen(prefix)) == 0;
	if (dir)
		closedir(dir);
	return count;
}

static void kill_one(int signal_number, bool at_output, bool load, uint64_t *random,
		     struct kill_outcome *outcome)
{
	char out[] = "/tmp/timerlab-kill-XXXXXX", run[512] = "", latest[560];
	uint64_t started = kill_now_ms(), deadline;
	int status;
	pid_t pid;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(out));
	snprintf(latest, sizeof(latest), "%s/latest", out);
	pid = kill_start(out, load);
	/* measuring 6 cells x 150 ms takes about a second; the reports after */
	deadline = started + 100 + tests_random(random) % 2500;
	for (;;) {
		bool begun = kill_run_dir(out, run, sizeof(run)) && kill_entries(run) > 0;

		if (waitpid(pid, &status, WNOHANG) == pid)
			break; /* done before the kill: nothing to see */
		if (at_output ? begun && kill_now_ms() > started + 300
			      : kill_now_ms() >= deadline) {
			if (at_output)
				usleep((useconds_t)(tests_random(random) % 40000));
			outcome->during_output = begun && access(latest, F_OK) < 0;
			kill(signal_number == SIGINT ? -pid : pid, signal_number);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		usleep(500);
	}
	sleep(1);
	CU_ASSERT_EQUAL(processes_strays(false), 0);
	if (signal_number != SIGKILL) /* it had time to remove its plots */
		CU_ASSERT_EQUAL(kill_plot_folders(pid), 0);
	if (run[0] || kill_run_dir(out, run, sizeof(run))) {
		kill_judge_files(run, outcome);
		kill_judge_result(run, outcome);
	}
	/* a run stopped by SIGINT or SIGTERM removes its temporaries */
	if (signal_number != SIGKILL)
		CU_ASSERT_EQUAL(outcome->temporaries, 0);
	tree_remove(out);
}

static void test_kills(void)
{
	const char *replay = getenv("TIMERLAB_KILL_SEED");
	uint64_t seed = replay ? strtoull(replay, NULL, 0)
			       : (uint64_t)time(NULL) ^ (uint64_t)getpid();
	uint64_t random = seed | 1;
	static const int signals[] = { SIGINT, SIGTERM, SIGKILL };
	int during_output = 0, left = 0, interrupted = 0, temporaries = 0;

	fprintf(stderr, "(seed %llu) ", (unsigned long long)seed);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	for (int i = 0; i < KILL_RUNS; i++) {
		struct kill_outcome outcome = { 0 };

		kill_one(signals[i % 3], i % 2 == 0, i % 5 == 4, &random, &outcome);
		during_output += outcome.during_output;
		left += outcome.result_left;
		interrupted += outcome.interrupted;
		temporaries += outcome.temporaries > 0;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	fprintf(stderr,
		"(%d kills while writing, %d results left, %d of them interrupted, %d runs left temporaries) ",
		during_output, left, interrupted, temporaries);
	CU_ASSERT(during_output >= 5);
}

void tests_kill(void)
{
	CU_pSuite suite = tests_suite("kill");

	CU_add_test(suite, "20 runs killed: nothing cut short, nothing left running",
		    test_kills);
}
