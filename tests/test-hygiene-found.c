/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The system is left as found: tracefs (mounted where, and at its top level
 * tracing_on, current_tracer, set_event and the instances) and
 * /dev/cpu_dma_latency (the run holds a latency target through an open
 * descriptor: afterwards no process of the run may hold one, and the value
 * read back is what it was) are the same before and after a run, a check,
 * and a run stopped by SIGINT while it measures.
 *
 * The machine is shared: other processes may hold /dev/cpu_dma_latency too,
 * and the value read is the lowest request of all of them, so it is compared
 * only when the same other holders were there before and after; another
 * program may trace for a while, so a tracefs that differs is looked at
 * again for up to 3 s before it counts. A process of
 * the run outliving it would be this test's child (a child subreaper).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "processes.h"
#include "tests.h"
#include "tree.h"

#define FOUND_DMA "/dev/cpu_dma_latency"

struct found_state {
	char tracefs[256]; /* its mount points, "" when not mounted */
	char tracing_on[16], current_tracer[64], set_event[2048], instances[1024];
	bool dma_present;
	int32_t dma_value;
	char dma_holders[512]; /* "pid pid ..." of whoever holds it */
};

/* The first line or so of a tracefs file, "" when it cannot be read. */
static void found_read(const char *dir, const char *name, char *value, size_t size)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = tree_read(path);
	snprintf(value, size, "%s", text ? text : "");
	free(text);
}

static void found_instances(const char *dir, char *list, size_t size)
{
	char path[512];
	struct dirent **entries;
	int count, used = 0;

	snprintf(path, sizeof(path), "%s/instances", dir);
	list[0] = '\0';
	count = scandir(path, &entries, NULL, alphasort);
	for (int i = 0; i < count; i++) {
		if (entries[i]->d_name[0] != '.' && used < (int)size)
			used += snprintf(list + used, size - (size_t)used, "%s ",
					 entries[i]->d_name);
		free(entries[i]);
	}
	if (count >= 0)
		free(entries);
}

static void found_tracefs(struct found_state *state)
{
	char device[256], where[256], type[64], top[256] = "";
	FILE *mounts = fopen("/proc/mounts", "r");
	int used = 0;

	while (mounts &&
	       fscanf(mounts, "%255s %255s %63s %*[^\n]", device, where, type) == 3) {
		if (strcmp(type, "tracefs") != 0)
			continue;
		if (!top[0])
			snprintf(top, sizeof(top), "%s", where);
		if (used < (int)sizeof(state->tracefs))
			used += snprintf(state->tracefs + used,
					 sizeof(state->tracefs) - (size_t)used, "%s ",
					 where);
	}
	if (mounts)
		fclose(mounts);
	if (!top[0])
		return;
	found_read(top, "tracing_on", state->tracing_on, sizeof(state->tracing_on));
	found_read(top, "current_tracer", state->current_tracer,
		   sizeof(state->current_tracer));
	found_read(top, "set_event", state->set_event, sizeof(state->set_event));
	found_instances(top, state->instances, sizeof(state->instances));
}

/* Whether any descriptor of pid points at path. */
static bool found_holds(const char *pid, const char *path)
{
	char dir_path[64], link[384], target[256];
	DIR *dir;
	struct dirent *entry;
	bool holds = false;

	snprintf(dir_path, sizeof(dir_path), "/proc/%s/fd", pid);
	dir = opendir(dir_path);
	while (dir && !holds && (entry = readdir(dir))) {
		ssize_t n;

		snprintf(link, sizeof(link), "%s/%s", dir_path, entry->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		holds = strcmp(target, path) == 0;
	}
	if (dir)
		closedir(dir);
	return holds;
}

static void found_dma(struct found_state *state)
{
	DIR *proc = opendir("/proc");
	struct dirent *entry;
	int fd = open(FOUND_DMA, O_RDONLY | O_CLOEXEC), used = 0;

	state->dma_present = fd >= 0;
	state->dma_value = -1;
	if (fd >= 0) {
		if (read(fd, &state->dma_value, sizeof(state->dma_value)) !=
		    sizeof(state->dma_value))
			state->dma_value = -1;
		close(fd);
	}
	while (proc && (entry = readdir(proc))) {
		if (entry->d_name[0] < '1' || entry->d_name[0] > '9' ||
		    !found_holds(entry->d_name, FOUND_DMA))
			continue;
		if (used < (int)sizeof(state->dma_holders))
			used += snprintf(state->dma_holders + used,
					 sizeof(state->dma_holders) - (size_t)used, "%s ",
					 entry->d_name);
	}
	if (proc)
		closedir(proc);
}

static void found_record(struct found_state *state)
{
	memset(state, 0, sizeof(*state));
	found_tracefs(state);
	found_dma(state);
}

/* Whether pid (as a string's word) is in the list "pid pid ". */
static bool found_listed(const char *list, pid_t pid)
{
	char word[24];
	size_t length = (size_t)snprintf(word, sizeof(word), "%d ", (int)pid);

	for (const char *at = list; (at = strstr(at, word)); at += length)
		if (at == list || at[-1] == ' ')
			return true;
	return false;
}

/* No process of the run holds the latency file: the run itself is gone,
 * and any descendant left would have been reparented to us. */
static void found_expect_released(const struct found_state *after, pid_t run)
{
	char copy[sizeof(after->dma_holders)], *save = NULL;

	CU_ASSERT_FALSE(found_listed(after->dma_holders, run));
	snprintf(copy, sizeof(copy), "%s", after->dma_holders);
	for (char *pid = strtok_r(copy, " ", &save); pid;
	     pid = strtok_r(NULL, " ", &save)) {
		char path[64], line[256];
		int parent = -1;
		FILE *status;

		snprintf(path, sizeof(path), "/proc/%s/status", pid);
		status = fopen(path, "r");
		while (status && fgets(line, sizeof(line), status))
			if (sscanf(line, "PPid: %d", &parent) == 1)
				break;
		if (status)
			fclose(status);
		CU_ASSERT_NOT_EQUAL(parent, getpid());
		if (parent != getpid())
			continue;
		fprintf(stderr, "\n%s: process %s of the run still holds it\n", FOUND_DMA,
			pid);
		kill(atoi(pid), SIGKILL); /* no stray of ours outlives the test */
		waitpid(atoi(pid), NULL, 0);
	}
}

static bool found_tracefs_same(const struct found_state *a, const struct found_state *b)
{
	return strcmp(a->tracefs, b->tracefs) == 0 &&
	       strcmp(a->tracing_on, b->tracing_on) == 0 &&
	       strcmp(a->current_tracer, b->current_tracer) == 0 &&
	       strcmp(a->set_event, b->set_event) == 0 &&
	       strcmp(a->instances, b->instances) == 0;
}

/* after (recorded again while it differs, for up to 3 s: another program
 * on the machine may be tracing for a moment; what the run left stays) is
 * before. */
static void found_expect_same(const char *what, const struct found_state *before,
			      struct found_state *after, pid_t run)
{
	int settled_ms = 0;

	while (!found_tracefs_same(before, after) && settled_ms < 3000) {
		struct timespec tick = { 0, 100000000 };

		nanosleep(&tick, NULL);
		settled_ms += 100;
		found_record(after);
	}
	if (settled_ms)
		fprintf(stderr, "(%s: tracefs differed, %s after %d ms) ", what,
			found_tracefs_same(before, after) ? "back as found" : "still",
			settled_ms);
	CU_ASSERT_STRING_EQUAL(after->tracefs, before->tracefs);
	CU_ASSERT_STRING_EQUAL(after->tracing_on, before->tracing_on);
	CU_ASSERT_STRING_EQUAL(after->current_tracer, before->current_tracer);
	CU_ASSERT_STRING_EQUAL(after->set_event, before->set_event);
	CU_ASSERT_STRING_EQUAL(after->instances, before->instances);
	CU_ASSERT_EQUAL(after->dma_present, before->dma_present);
	found_expect_released(after, run);
	if (strcmp(after->dma_holders, before->dma_holders) == 0) {
		CU_ASSERT_EQUAL(after->dma_value, before->dma_value);
	} else {
		fprintf(stderr, "(%s: other holders came or went: value not compared) ",
			what);
	}
}

static int found_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A command from start to end, state recorded around it; its status. */
static int found_around(const char *const *argv, const char *what)
{
	struct found_state before, after;
	int status;
	pid_t pid;

	found_record(&before);
	pid = processes_start(argv);
	status = found_wait(pid);
	found_record(&after);
	found_expect_same(what, &before, &after, pid);
	return status;
}

static void test_left_as_found(void)
{
	char out[] = "/tmp/timerlab-found-XXXXXX";
	const char *run[] = { "run",	  "--path",    "timerfd,posix-timer",
			      "--clock",  "monotonic", "--samples",
			      "50",	  "--rounds",  "2",
			      "--format", "json",      "--out",
			      out,	  "--quiet",   NULL };
	const char *check[] = { "check", "--out", out, NULL };
	const char *long_run[] = { "run",	"--path",    "timerfd", "--clock",
				   "monotonic", "--samples", "5000",	"--out",
				   out,		"--quiet",   NULL };
	struct found_state before, during, after;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	CU_ASSERT_EQUAL(found_around(run, "run"), 0);
	status = found_around(check, "check");
	CU_ASSERT(status == 0 || status == 1); /* a failing check is not ours */

	/* SIGINT to the job while it measures, with the target held */
	found_record(&before);
	pid_t pid = processes_start(long_run);
	bool held = false;
	for (int waited = 0; waited < 100 && !held; waited++) {
		struct timespec tick = { 0, 50000000 };

		nanosleep(&tick, NULL);
		found_record(&during);
		held = found_listed(during.dma_holders, pid);
	}
	/* as root the run holds it (--dma-latency 0 by default): what proves
	 * that the holders are seen at all */
	if (geteuid() == 0 && before.dma_present)
		CU_ASSERT_TRUE(held);
	kill(-pid, SIGINT);
	status = found_wait(pid);
	CU_ASSERT_EQUAL(status, 128 + SIGINT);
	found_record(&after);
	found_expect_same("interrupted run", &before, &after, pid);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	while (waitpid(-1, &status, WNOHANG) > 0)
		; /* orphans of ours were asserted on above */
	fprintf(stderr, "(tracefs %s; %s %s, value %d) ",
		before.tracefs[0] ? before.tracefs : "not mounted", FOUND_DMA,
		before.dma_present ? "present" : "absent", (int)before.dma_value);
	tree_remove(out);
}

void tests_hygiene_left_as_found(CU_pSuite suite)
{
	CU_add_test(suite, "tracefs and " FOUND_DMA " left as found, also after SIGINT",
		    test_left_as_found);
}
