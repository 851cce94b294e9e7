/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs killed at random moments, with every output format on: whatever a
 * killed run leaves behind is whole (every JSON parses, the result loads
 * and is complete or says it was interrupted, every document ends as its
 * format ends) or absent, never cut short; and one second after the kill
 * no process of the run is left (the measuring children, stress-ng,
 * gnuplot; stress-ng after a SIGKILL stops by itself and gets 5 s, see
 * kill_wait_strays), nor a plot folder once the next run has begun.
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
	/* ms after the run's end that a process of timerlab's, or of
	 * stress-ng's, was last seen alive; -1: none was */
	int64_t own_seen_ms, load_seen_ms;
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

/* The children of parent still alive (a zombie is dead: not counted),
 * stress-ng's (its processes are named stress-ng*) apart from the rest,
 * and the last of stress-ng's into *stress if not NULL; none is killed. */
static void kill_children(pid_t parent_pid, int *load, int *own, pid_t *stress)
{
	DIR *proc = opendir("/proc");
	struct dirent *entry;

	*load = *own = 0;
	while (proc && (entry = readdir(proc))) {
		char path[300], stat[512], *after;
		int parent = -1;
		char state = 0;
		FILE *file;

		if (atoi(entry->d_name) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", entry->d_name);
		file = fopen(path, "r");
		if (!file)
			continue; /* gone meanwhile */
		stat[0] = '\0';
		if (!fgets(stat, sizeof(stat), file))
			stat[0] = '\0';
		fclose(file);
		/* pid (comm) state ppid: comm may hold spaces, so after ')' */
		after = strrchr(stat, ')');
		if (!after || sscanf(after + 1, " %c %d", &state, &parent) != 2 ||
		    parent != parent_pid || state == 'Z')
			continue;
		if (strncmp(strchr(stat, '(') + 1, "stress-ng", 9) == 0) {
			(*load)++;
			if (stress)
				*stress = (pid_t)atoi(entry->d_name);
		} else
			(*own)++;
	}
	if (proc)
		closedir(proc);
}

/* Where the stress-ng of a run logs (harness/load.c: its stdout, a file
 * /tmp/timerlab-load-*); stays empty if it cannot be read. */
static void kill_load_log(pid_t stress, char *log, size_t size)
{
	char fd[64];
	ssize_t length;

	snprintf(fd, sizeof(fd), "/proc/%d/fd/1", (int)stress);
	length = readlink(fd, log, size - 1);
	log[length > 0 ? length : 0] = '\0';
	if (strncmp(log, "/tmp/timerlab-load-", 19) != 0)
		log[0] = '\0';
}

/*
 * The rule: no stray process one second after the kill. It holds
 * for timerlab's own processes (the measuring children and gnuplot die by
 * PR_SET_PDEATHSIG's SIGKILL, and a run stopped by SIGINT or SIGTERM stops
 * its load itself before it exits), so they are judged at 1 s. After a
 * SIGKILL, stress-ng is the exception: it learns of the death by
 * PDEATHSIG's SIGTERM and then stops its stressors itself, as it does when
 * timerlab stops it, where timerlab gives it LOAD_STOP_GRACE_NS (2 s,
 * harness/load.c) before a SIGKILL. Its shutdown is stress-ng's, timed by a
 * loaded machine, so it is given 5 s; still running then, it is a stray.
 * Polled every 100 ms; the slowest stops are printed.
 */
static void kill_wait_strays(bool load_grace, struct kill_outcome *outcome)
{
	const uint64_t load_limit_ms = load_grace ? 5000 : 1000;
	uint64_t ended = kill_now_ms();
	int load, own, own_late = 0;

	for (;;) {
		uint64_t elapsed = kill_now_ms() - ended;

		kill_children(getpid(), &load, &own, NULL); /* the run's orphans */
		if (own)
			outcome->own_seen_ms = (int64_t)elapsed;
		if (load)
			outcome->load_seen_ms = (int64_t)elapsed;
		if (own && elapsed >= 1000 && !own_late) {
			fprintf(stderr,
				"\n%d process(es) of timerlab alive %llu ms after it\n",
				own, (unsigned long long)elapsed);
			own_late = own;
		}
		if ((!own && !load) || elapsed >= load_limit_ms)
			break;
		usleep(100 * 1000);
	}
	CU_ASSERT_EQUAL(own_late, 0);
	/* what is alive at the deadline is a stray: killed, reaped, counted */
	CU_ASSERT_EQUAL(processes_strays(false), 0);
}

static void kill_one(int signal_number, bool at_output, bool load, uint64_t *random,
		     struct kill_outcome *outcome)
{
	char out[] = "/tmp/timerlab-kill-XXXXXX", run[512] = "", latest[560];
	char load_log[300] = "";
	uint64_t started = kill_now_ms(), deadline;
	int status;
	pid_t pid;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(out));
	snprintf(latest, sizeof(latest), "%s/latest", out);
	pid = kill_start(out, load);
	/* measuring 6 cells x 150 ms takes about a second; the reports after.
	 * With a load, the kill lands while it runs: from stress-ng's start. */
	deadline = load ? UINT64_MAX : started + 100 + tests_random(random) % 2500;
	for (;;) {
		bool begun = kill_run_dir(out, run, sizeof(run)) && kill_entries(run) > 0;
		int stressing = 0, others;
		pid_t stress = 0;

		if (waitpid(pid, &status, WNOHANG) == pid)
			break; /* done before the kill: nothing to see */
		if (load && !load_log[0])
			kill_children(pid, &stressing, &others, &stress);
		if (stress)
			kill_load_log(stress, load_log, sizeof(load_log));
		if (stressing && deadline == UINT64_MAX && !at_output)
			deadline = kill_now_ms() + 50 + tests_random(random) % 900;
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
	kill_wait_strays(signal_number == SIGKILL && load, outcome);
	if (signal_number != SIGKILL) /* it had time to remove its plots */
		CU_ASSERT_EQUAL(kill_plot_folders(pid), 0);
	if (run[0] || kill_run_dir(out, run, sizeof(run))) {
		kill_judge_files(run, outcome);
		kill_judge_result(run, outcome);
	}
	/* a run stopped by SIGINT or SIGTERM removes its temporaries, its load's
	 * log among them; a SIGKILL leaves that, and the test removes it */
	if (signal_number != SIGKILL) {
		CU_ASSERT_EQUAL(outcome->temporaries, 0);
		CU_ASSERT(!load_log[0] || access(load_log, F_OK) < 0);
	} else if (load_log[0]) {
		unlink(load_log);
	}
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
	int64_t own_seen_ms = -1, load_seen_ms = -1;

	fprintf(stderr, "(seed %llu) ", (unsigned long long)seed);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	for (int i = 0; i < KILL_RUNS; i++) {
		struct kill_outcome outcome = { .own_seen_ms = -1, .load_seen_ms = -1 };

		/* 17: a SIGKILL while the load runs, stress-ng left to stop itself */
		kill_one(signals[i % 3], i % 2 == 0, i % 5 == 4 || i == 17, &random,
			 &outcome);
		during_output += outcome.during_output;
		left += outcome.result_left;
		interrupted += outcome.interrupted;
		temporaries += outcome.temporaries > 0;
		if (outcome.own_seen_ms > own_seen_ms)
			own_seen_ms = outcome.own_seen_ms;
		if (outcome.load_seen_ms > load_seen_ms)
			load_seen_ms = outcome.load_seen_ms;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	fprintf(stderr,
		"(%d kills while writing, %d results left, %d of them interrupted, %d runs left temporaries) ",
		during_output, left, interrupted, temporaries);
	/* -1: never seen at all once a run had ended */
	char own_text[32] = "none", load_text[32] = "none";

	if (own_seen_ms >= 0)
		snprintf(own_text, sizeof(own_text), "%lld ms", (long long)own_seen_ms);
	if (load_seen_ms >= 0)
		snprintf(load_text, sizeof(load_text), "%lld ms",
			 (long long)load_seen_ms);
	fprintf(stderr,
		"(after a run ended, its processes were seen for up to: %s, stress-ng's: %s) ",
		own_text, load_text);
	CU_ASSERT(during_output >= 5);
}

void tests_kill(void)
{
	CU_pSuite suite = tests_suite("kill");

	CU_add_test(suite, "20 runs killed: nothing cut short, nothing left running",
		    test_kills);
}
