/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The conditions of a measurement: realtime settings recorded as obtained,
 * unprivileged runs (test-unprivileged.c), background load that
 * never outlives timerlab, --smp, and per-round attribution.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/result.h"
#include "../lib/rt.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

static void conditions_load_result(const char *dir, struct tl_result *result)
{
	char path[256], why[512];

	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, result, why, sizeof(why)), 0);
}

/* What the child obtained is what the result says. */
static void test_realtime_recorded(void)
{
	char dir[] = "/tmp/timerlab-rt-XXXXXX";
	const char *argv[] = { "run",	    "--path",
			       "timerfd",   "--clock",
			       "monotonic", "--arm",
			       "abs",	    "--samples",
			       "30",	    "--rounds",
			       "1",	    "--policy",
			       "other",	    "--timer-slack",
			       "1000",	    "--no-mlock",
			       "--cpu",	    "0",
			       "--out",	    dir,
			       "--quiet",   NULL };
	struct tool_output output;
	struct tl_result result;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	conditions_load_result(dir, &result);
	CU_ASSERT_TRUE(result.env.realtime.known);
	CU_ASSERT_STRING_EQUAL(result.env.realtime.policy, "other");
	CU_ASSERT_EQUAL(result.env.realtime.priority, 0);
	CU_ASSERT_EQUAL(result.env.realtime.cpu, 0);
	CU_ASSERT_FALSE(result.env.realtime.mlocked);
	CU_ASSERT_EQUAL(result.env.realtime.timer_slack_ns, 1000);
	CU_ASSERT_STRING_EQUAL(result.options.policy, "other");
	/* where the run can open it, as this process can, the request is
	 * held, at 0 by default; elsewhere the result says it was not */
	int dma = open("/dev/cpu_dma_latency", O_RDWR | O_CLOEXEC);

	CU_ASSERT_EQUAL(result.env.realtime.dma_latency_us, dma >= 0 ? 0 : -1);
	if (dma >= 0)
		close(dma);
	/*
	 * Attribution of the measuring child, its own switches: a wait blocks,
	 * a voluntary switch, unless it finds its timer already expired (a
	 * wake late by almost an interval leaves the next deadline a moment
	 * away, and a preemption before the wait uses it up). Under a CPU hog
	 * on the same CPU up to 4 of the 40 waits (warm-up and samples) were
	 * seen not to block; half of them still tells the child's count from
	 * none, or from the parent's few 100 ms waits.
	 */
	const struct tl_attribution *a = &result.cells[0].rounds[0].attribution;
	CU_ASSERT(a->voluntary_switches >= 20);
	CU_ASSERT(a->interrupts >= 0);
	CU_ASSERT(a->timer_softirqs >= 0);
	CU_ASSERT(a->migrations == 0 || a->migrations == -1);
	tl_result_free(&result);
}

/* Processes whose command line holds marker: how many, and up to capacity
 * of their pids. */
static int conditions_find_processes(const char *marker, pid_t *pids, int capacity)
{
	DIR *proc = opendir("/proc");
	struct dirent *entry;
	int count = 0;

	while (proc && (entry = readdir(proc))) {
		char path[300], cmdline[1024];
		int fd;
		ssize_t n;

		if (!isdigit((unsigned char)entry->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", entry->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, cmdline, sizeof(cmdline) - 1);
		close(fd);
		for (ssize_t i = 0; i < n; i++)
			cmdline[i] = cmdline[i] ? cmdline[i] : ' ';
		cmdline[n > 0 ? n : 0] = '\0';
		if (n <= 0 || !strstr(cmdline, marker))
			continue;
		if (count < capacity)
			pids[count] = (pid_t)atoi(entry->d_name);
		count++;
	}
	if (proc)
		closedir(proc);
	return count;
}

static int conditions_count_processes(const char *marker)
{
	return conditions_find_processes(marker, NULL, 0);
}

/* The kernel's Cpus_allowed_list of pid ("0-1"), or "" when it is gone. */
static void conditions_allowed_cpus(pid_t pid, char *list, size_t size)
{
	char path[64], line[256];
	FILE *status;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	list[0] = '\0';
	status = fopen(path, "r");
	while (status && fgets(line, sizeof(line), status))
		if (sscanf(line, "Cpus_allowed_list: %63s", list) == 1)
			break;
	if (status)
		fclose(status);
	(void)size;
}

/* The comm and parent of pid from /proc/<pid>/stat; false when it is gone. */
static bool conditions_stat(pid_t pid, char *comm, size_t size, int *parent)
{
	char path[64], line[512], *open_paren, *close_paren;
	FILE *file;
	bool found = false;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	file = fopen(path, "r");
	/* pid (comm) state ppid: comm may hold spaces and parentheses */
	if (file && fgets(line, sizeof(line), file) && (open_paren = strchr(line, '(')) &&
	    (close_paren = strrchr(line, ')')) &&
	    sscanf(close_paren + 1, " %*c %d", parent) == 1) {
		*close_paren = '\0';
		snprintf(comm, size, "%s", open_paren + 1);
		found = true;
	}
	if (file)
		fclose(file);
	return found;
}

/* Whether pid is stress-ng (its comm starts so), not a timerlab. */
static bool conditions_is_load(pid_t pid)
{
	char comm[64];
	int parent;

	return conditions_stat(pid, comm, sizeof(comm), &parent) &&
	       strncmp(comm, "stress-ng", 9) == 0;
}

/*
 * Whether timerlab (pid) measures under its load: a stress-ng of marker's
 * runs, and pid has a child of its own comm. The load's child is timerlab
 * only until it execs stress-ng, so once a stress-ng runs, such a child is
 * a measuring one: forked after the handlers were installed and the parent
 * moved off the measured CPU.
 */
static bool conditions_measuring(pid_t pid, const char *marker)
{
	char own[64], comm[64];
	pid_t found[16];
	int parent, count = conditions_find_processes(marker, found, 16);
	bool load = false, child = false;

	if (!conditions_stat(pid, own, sizeof(own), &parent))
		return false;
	for (int i = 0; i < count && i < 16; i++) {
		if (!conditions_stat(found[i], comm, sizeof(comm), &parent))
			continue;
		load = load || strncmp(comm, "stress-ng", 9) == 0;
		child = child || (parent == (int)pid && strcmp(comm, own) == 0);
	}
	return load && child;
}

/* The CPUs of this test process, and the same without its last one: where
 * timerlab's parent should run while its child measures the last. */
static void conditions_expected_cpus(char *all, char *parent, size_t size, int *last)
{
	struct tl_cpu_set cpus;

	CU_ASSERT_EQUAL_FATAL(tl_cpu_set_of_self(&cpus), 0);
	CU_ASSERT_EQUAL(tl_cpu_set_format(&cpus, all, (unsigned)size), 0);
	*last = tl_cpu_set_last(&cpus);
	if (tl_cpu_set_count(&cpus) > 1)
		tl_cpu_set_remove(&cpus, *last);
	CU_ASSERT_EQUAL(tl_cpu_set_format(&cpus, parent, (unsigned)size), 0);
}

static void conditions_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The load runs while measuring and is gone after: at the end, and when a
 * SIGTERM stops the run. A unique --cpu-ops value marks our stress-ng. */
static void test_load_lifecycle(void)
{
	char dir[] = "/tmp/timerlab-load-XXXXXX";
	const char *program = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	const char *argv[] = { "run",
			       "--path",
			       "timerfd",
			       "--clock",
			       "monotonic",
			       "--arm",
			       "abs",
			       "--samples",
			       "50",
			       "--load",
			       "--cpu 1 --cpu-ops 98765431",
			       "--out",
			       dir,
			       "--quiet",
			       NULL };
	struct tool_output output;
	struct tl_result result;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	CU_ASSERT_EQUAL(conditions_count_processes("98765431"), 0);
	conditions_load_result(dir, &result);
	CU_ASSERT_STRING_EQUAL(result.options.load, "--cpu 1 --cpu-ops 98765431");
	CU_ASSERT_STRING_EQUAL(result.env.load_command,
			       "stress-ng --cpu 1 --cpu-ops 98765431");
	tl_result_free(&result);

	/* stopped by SIGTERM in the middle: exit 143, and no stray process */
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		dup2(open("/dev/null", O_WRONLY), STDOUT_FILENO);
		dup2(open("/dev/null", O_WRONLY), STDERR_FILENO);
		execl(program, program, "run", "--path", "timerfd", "--samples", "5000",
		      "--load", "--cpu 1 --cpu-ops 98765432", "--out", dir, (char *)NULL);
		_exit(127);
	}
	/* the load up and a block measuring: the load is given 5 s to start,
	 * and a loaded machine (or a sanitizer's) starts both late */
	bool measuring = false;
	for (int waited = 0; waited < 10000 && !measuring; waited += 20) {
		conditions_sleep_ms(20);
		measuring = conditions_measuring(pid, "98765432");
	}
	CU_ASSERT(measuring);
	/* the parent is off the measured CPU, the load on every CPU */
	char all[64], parent[64], seen[64];
	pid_t stressors[8];
	int last, found = conditions_find_processes("98765432", stressors, 8);

	conditions_expected_cpus(all, parent, sizeof(all), &last);
	conditions_allowed_cpus(pid, seen, sizeof(seen));
	CU_ASSERT_STRING_EQUAL(seen, parent);
	int loads = 0;
	for (int i = 0; i < found && i < 8; i++) {
		/* timerlab and its measuring child name the marker too */
		if (!conditions_is_load(stressors[i]))
			continue;
		conditions_allowed_cpus(stressors[i], seen, sizeof(seen));
		CU_ASSERT(seen[0] == '\0' || strcmp(seen, all) == 0);
		loads++;
	}
	CU_ASSERT(loads >= 1);
	kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGTERM);
	CU_ASSERT_EQUAL(conditions_count_processes("98765432"), 0);
}

static void test_load_errors(void)
{
	char dir[] = "/tmp/timerlab-load-errors-XXXXXX";
	const char *bad[] = { "run", "--load", "cpu", "--samples", "1", NULL };
	const char *refused[] = { "run",       "--load", "--no-such-stressor 1",
				  "--samples", "1",	 "--out",
				  dir,	       NULL };
	const char *missing[] = { "run", "--load", "cpu:1", "--samples",
				  "1",	 "--out",  dir,	    NULL };
	struct tool_output output;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(bad, &output);
	CU_ASSERT_EQUAL(output.status, 2);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.err, "--load: \"cpu\" is not stressor:count"));
	tool_free(&output);
	tool_run(refused, &output);
	CU_ASSERT_EQUAL(output.status, 3);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.err, "--load: stress-ng --no-such-stressor 1 exited"));
	tool_free(&output);
	/* without stress-ng on the PATH: a clear error, not a crash; the
	 * PATH found is put back, whatever it was */
	const char *found = getenv("PATH");
	char *saved = found ? strdup(found) : NULL;

	CU_ASSERT_FATAL(!found || saved);
	setenv("PATH", "/nonexistent", 1);
	tool_run(bad, &output); /* still a spec error first */
	CU_ASSERT_EQUAL(output.status, 2);
	tool_free(&output);
	tool_run(missing, &output);
	if (saved)
		setenv("PATH", saved, 1);
	else
		unsetenv("PATH");
	free(saved);
	CU_ASSERT_EQUAL(output.status, 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.err, "stress-ng is not installed"));
	tool_free(&output);
}

/* --smp: every cell on every CPU, keys end in /cpuN, grouped by CPU. */
static void test_smp(void)
{
	char dir[] = "/tmp/timerlab-smp-XXXXXX", key[64];
	const char *argv[] = { "run",	  "--path",    "clock-nanosleep",
			       "--clock", "monotonic", "--samples",
			       "40",	  "--rounds",  "2",
			       "--smp",	  "--out",     dir,
			       "--quiet", NULL };
	struct tool_output output;
	struct tl_result result;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	conditions_load_result(dir, &result);
	CU_ASSERT_EQUAL_FATAL(result.cell_count, (size_t)(3 * cpus));
	for (long c = 0; c < cpus; c++) {
		const struct tl_cell_result *cell = &result.cells[c * 3];

		snprintf(key, sizeof(key), "clock-nanosleep/monotonic/abs@1ms/cpu%ld", c);
		CU_ASSERT_STRING_EQUAL(cell->key, key);
		CU_ASSERT_EQUAL(cell->cpu, c);
		CU_ASSERT_EQUAL(cell->samples, 40);
		CU_ASSERT_EQUAL(cell->early, 0);
		CU_ASSERT_PTR_NOT_NULL(result.cells[c * 3 + 2].unsupported);
	}
	/* every CPU is measured: the parent stays, and the result says so */
	CU_ASSERT_TRUE(result.env.realtime.parent_on_measured_cpu);
	tl_result_free(&result);

	const char *both[] = { "run", "--smp", "--cpu", "0", NULL };
	tool_run(both, &output);
	CU_ASSERT_EQUAL(output.status, 2);
	tool_free(&output);
}

static void test_details(void)
{
	char dir[] = "/tmp/timerlab-details-XXXXXX";
	const char *argv[] = { "run",	    "--path",	"timerfd", "--clock",
			       "monotonic", "--arm",	"abs",	   "--samples",
			       "20",	    "--rounds", "2",	   "--details",
			       "--out",	    dir,	"--quiet", NULL };
	struct tool_output output;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	const char *details = strstr(output.out, "vol-cs");
	size_t rows = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(details);
	for (const char *at = details;
	     (at = strstr(at, "\ntimerfd:read/monotonic/abs@1ms ")); at++)
		rows++;
	CU_ASSERT_EQUAL(rows, 2); /* one per round */
	tool_free(&output);
}

/*
 * The measured CPU is the last one timerlab started with, while the parent
 * moves to the others; started on one CPU, both share it, and the result
 * says where the parent ran.
 */
static void test_parent_off_measured_cpu(void)
{
	char dir[] = "/tmp/timerlab-parent-XXXXXX";
	const char *argv[] = { "run",	   "--path",	"clock-nanosleep",
			       "--clock",  "monotonic", "--arm",
			       "abs",	   "--samples", "20",
			       "--rounds", "3",		"--out",
			       dir,	   "--quiet",	NULL };
	char all[64], parent[64];
	struct tool_output output;
	struct tl_result result;
	struct tl_cpu_set saved, one;
	int last;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	conditions_expected_cpus(all, parent, sizeof(all), &last);
	tool_run(argv, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	tool_free(&output);
	conditions_load_result(dir, &result);
	CU_ASSERT_EQUAL(result.env.realtime.cpu, last); /* not where the parent went */
	CU_ASSERT_STRING_EQUAL(result.env.realtime.parent_cpus, parent);
	CU_ASSERT_EQUAL(result.env.realtime.parent_on_measured_cpu,
			strcmp(all, parent) == 0);
	tl_result_free(&result);

	/* started on CPU 0 alone: measured there, the parent beside it */
	CU_ASSERT_EQUAL_FATAL(tl_cpu_set_of_self(&saved), 0);
	CPU_ZERO(&one.set);
	CPU_SET(0, &one.set);
	CU_ASSERT_EQUAL_FATAL(tl_cpu_set_apply_self(&one), 0);
	tool_run(argv, &output);
	tl_cpu_set_apply_self(&saved);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	tool_free(&output);
	conditions_load_result(dir, &result);
	CU_ASSERT_EQUAL(result.env.realtime.cpu, 0);
	CU_ASSERT_STRING_EQUAL(result.env.realtime.parent_cpus, "0");
	CU_ASSERT_TRUE(result.env.realtime.parent_on_measured_cpu);
	tl_result_free(&result);
}

void tests_conditions(void)
{
	CU_pSuite suite = tests_suite("conditions");

	CU_add_test(suite, "realtime settings recorded as obtained",
		    test_realtime_recorded);
	tests_conditions_unprivileged(suite);
	CU_add_test(suite, "load runs while measuring, never outlives",
		    test_load_lifecycle);
	CU_add_test(suite, "load errors", test_load_errors);
	CU_add_test(suite, "--smp: every CPU at once", test_smp);
	CU_add_test(suite, "the parent runs off the measured CPU",
		    test_parent_off_measured_cpu);
	CU_add_test(suite, "--details: attribution per round", test_details);
}
