/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * run --trace-over end to end. As root, with tracefs to be had: a cell
 * measured while tools/rt-hog, SCHED_FIFO 99 on the measured CPU, spins
 * 800 us every 2.1 ms (not a multiple of the 1 ms interval, so that the
 * spins move through every phase of the wakeups), traced over 600 us.
 * What a spike holds besides the hog (the timer's expiry and interrupt,
 * the switch back: 20 to 30 us on this VM, up to 56 us seen when it is
 * loaded) is about the same in every spike, so the shortest spikes come
 * nearest the 10 % the issue allows, and the spikes traced, the first over
 * the threshold, are just over it: over 400 us, one in 24 held more than
 * 10 %; over 600 us that takes 60 us. A spike over 600 us needs its deadline in the
 * first 170 us or so of a spin: one wakeup in 12, some 250 in a run.
 * Each spike must name the hog as its culprit, its run time within 10 % of
 * the latency and under 10 % left unexplained; the table, the excerpts,
 * the HTML and the result must say so, tracefs must be left as it was, and
 * a leftover instance of a dead run must be gone. Others measure on this
 * machine too, at timerlab's default FIFO 80: the cell runs at 95, under
 * the hog's 99 and above them; a spike of theirs still names them,
 * rightly, and the run is then measured again, up to three times (which
 * cannot make a wrong analysis pass). A traced run interrupted once or
 * twice leaves tracefs as it was too. Skipped without root, tracefs or
 * realtime. Without --trace-over, nothing of it shows.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/result.h"
#include "../lib/tracefs.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* The threshold (see the top of the file), as --trace-over takes it. */
#define TRACE_OVER_US 600
#define TRACE_OVER_NS (TRACE_OVER_US * 1000)

static bool trace_mounted(void)
{
	struct statfs fs;

	return statfs(TL_TRACEFS_ROOT, &fs) == 0 && fs.f_type == 0x74726163;
}

/* build/rt-hog beside the timerlab the tests run, or $RT_HOG. */
static pid_t trace_hog_start(int cpu)
{
	const char *timerlab = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	const char *slash = strrchr(timerlab, '/');
	char program[512], cpu_text[16];
	int status;
	pid_t pid;

	if (getenv("RT_HOG"))
		snprintf(program, sizeof(program), "%s", getenv("RT_HOG"));
	else
		snprintf(program, sizeof(program), "%.*s%srt-hog",
			 slash ? (int)(slash - timerlab) : 0, timerlab, slash ? "/" : "");
	snprintf(cpu_text, sizeof(cpu_text), "%d", cpu);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execl(program, program, cpu_text, "99", "800", "2100", "60",
		      (char *)NULL);
		_exit(127);
	}
	usleep(200 * 1000);
	if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid)
		return -1;
	return pid;
}

/* The part of kind with pid (-1: any), or NULL. */
static const struct tl_spike_part *trace_part(const struct tl_spike *spike,
					      const char *kind, int pid)
{
	for (size_t i = 0; i < spike->part_count; i++)
		if (!strcmp(spike->parts[i].kind, kind) &&
		    (pid < 0 || spike->parts[i].pid == pid))
			return &spike->parts[i];
	return NULL;
}

/* Whether the spike is the hog's, as the issue asks: named the culprit,
 * its run within 10 % of the latency, under 10 % unexplained. */
static bool trace_hog_spike(const struct tl_spike *spike, pid_t hog)
{
	char culprit[96];
	const struct tl_spike_part *part = trace_part(spike, "task", hog);
	const struct tl_spike_part *unexplained = trace_part(spike, "unexplained", -1);
	int64_t sum = 0;

	for (size_t i = 0; i < spike->part_count; i++)
		sum += spike->parts[i].duration_ns;
	CU_ASSERT_EQUAL(sum, spike->latency_ns); /* whoever the culprit */
	snprintf(culprit, sizeof(culprit), ": task rt-hog (pid %d, FIFO 99) ran ",
		 (int)hog);
	return spike->culprit && strstr(spike->culprit, culprit) && part &&
	       part->duration_ns * 10 >= spike->latency_ns * 9 &&
	       (!unexplained || unexplained->duration_ns * 10 < spike->latency_ns);
}

/* What a traced run may change or the test sets up, undone on every way
 * out of the test, a failed assertion included (trace_undo, which the
 * suite's cleanup calls too): a FIFO 99 hog left spinning would disturb
 * every later suite, and an instance left in tracefs every later trace. */
static struct {
	pid_t hog;
	char leftover[300], mine[300]; /* instances made here, or "" */
	bool mounted_before, changed;
} trace_state;

static void trace_hog_stop(void)
{
	if (trace_state.hog > 0) {
		kill(trace_state.hog, SIGKILL);
		waitpid(trace_state.hog, NULL, 0);
	}
	trace_state.hog = 0;
}

static void trace_undo(void)
{
	trace_hog_stop();
	if (!trace_state.changed)
		return;
	trace_state.changed = false;
	if (!trace_mounted() && mount("nodev", TL_TRACEFS_ROOT, "tracefs", 0, NULL) < 0)
		return;
	if (trace_state.mine[0])
		rmdir(trace_state.mine);
	if (trace_state.leftover[0])
		rmdir(trace_state.leftover);
	trace_state.mine[0] = trace_state.leftover[0] = '\0';
	if (!trace_state.mounted_before)
		umount(TL_TRACEFS_ROOT);
}

static int trace_cleanup(void)
{
	trace_undo();
	return 0;
}

/* How an attempt ended: every spike the hog's, one another's, no tracing
 * here (skip), or a failure already asserted (no more attempts). */
enum trace_verdict {
	TRACE_HOGS = 1,
	TRACE_OTHER = 0,
	TRACE_SKIP = -1,
	TRACE_BROKEN = -2
};

/* The result of a run, checked: each spike over the threshold, with its
 * excerpt, named in the table, and the hog's. */
static enum trace_verdict trace_judge(const char *dir, const struct tl_result *result,
				      const char *table, pid_t hog)
{
	enum trace_verdict verdict = TRACE_HOGS;
	char excerpt[600], expected[96];

	CU_ASSERT_TRUE(result->env.traced);
	CU_ASSERT_PTR_NOT_NULL(strstr(result->env.trace_events, "sched:sched_switch"));
	CU_ASSERT_EQUAL(result->options.trace_over_ns, TRACE_OVER_NS);
	CU_ASSERT_EQUAL(result->options.trace_spikes, 3);
	CU_ASSERT_EQUAL(result->cell_count, 1);
	if (result->cell_count != 1)
		return TRACE_BROKEN;
	/* the hog makes a spike every few wakes: the cell explains 3 */
	CU_ASSERT_EQUAL(result->cells[0].spike_count, 3);
	for (size_t i = 0; i < result->cells[0].spike_count; i++) {
		const struct tl_spike *spike = &result->cells[0].spikes[i];

		CU_ASSERT(spike->latency_ns > TRACE_OVER_NS);
		CU_ASSERT(spike->sample < 3000);
		CU_ASSERT(spike->next_latency_ns >= 0); /* the sample after, flagged */
		CU_ASSERT_PTR_NOT_NULL(spike->file);
		CU_ASSERT_PTR_NOT_NULL(spike->culprit);
		if (!spike->file || !spike->culprit)
			return TRACE_BROKEN;
		CU_ASSERT_PTR_NOT_NULL(strstr(table, spike->culprit));
		snprintf(excerpt, sizeof(excerpt), "%s/latest/%s", dir, spike->file);
		CU_ASSERT_EQUAL(access(excerpt, R_OK), 0);
		if (!trace_hog_spike(spike, hog)) {
			fprintf(stderr, "\nnot the hog's (pid %d): %s\n", (int)hog,
				spike->culprit);
			verdict = TRACE_OTHER;
		}
	}
	snprintf(expected, sizeof(expected), "\nspikes (wakeups over %d us",
		 TRACE_OVER_US);
	CU_ASSERT_PTR_NOT_NULL(strstr(table, expected));
	snprintf(expected, sizeof(expected),
		 "note: timerfd:read/monotonic/abs@1ms: 3 wakeups over %d us traced",
		 TRACE_OVER_US);
	CU_ASSERT_PTR_NOT_NULL(strstr(table, expected));
	return verdict;
}

/* One traced run under the hog into dir. */
static enum trace_verdict trace_attempt(const char *dir, int cpu, pid_t hog)
{
	char cpu_text[16], over[16], path[300], why[512];
	const char *argv[] = { "run",
			       "--cpu",
			       cpu_text,
			       "--path",
			       "timerfd:read",
			       "--clock",
			       "monotonic",
			       "--arm",
			       "abs",
			       "--priority",
			       "95",
			       "--samples",
			       "3000",
			       "--rounds",
			       "1",
			       "--trace-over",
			       over,
			       "--out",
			       dir,
			       "--format",
			       "table,json,html",
			       "--quiet",
			       NULL };
	struct tool_output output;
	struct tl_result result;
	enum trace_verdict verdict;

	snprintf(cpu_text, sizeof(cpu_text), "%d", cpu);
	snprintf(over, sizeof(over), "%dus", TRACE_OVER_US);
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	if (output.status != 0) {
		fprintf(stderr, "\n%s", output.err);
		tool_free(&output);
		return TRACE_BROKEN;
	}
	if (strstr(output.err, "--trace-over: ")) {
		fprintf(stderr, "\nskipped: %s", output.err);
		tool_free(&output);
		return TRACE_SKIP;
	}
	snprintf(path, sizeof(path), "%s/latest/result.json", dir);
	if (tl_result_load(path, &result, why, sizeof(why)) != 0) {
		fprintf(stderr, "\n%s\n", why);
		CU_FAIL("the run's result.json does not load");
		tool_free(&output);
		return TRACE_BROKEN;
	}
	verdict = trace_judge(dir, &result, output.out, hog);
	tl_result_free(&result);
	tool_free(&output);
	return verdict;
}

/* A leftover of a run that was killed: timerlab-<pid of a reaped child>. */
static void trace_leftover(char *dir, size_t size)
{
	pid_t dead = fork();

	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	snprintf(dir, size, "%s/instances/timerlab-%d", TL_TRACEFS_ROOT, (int)dead);
	CU_ASSERT_EQUAL(mkdir(dir, 0700), 0);
}

/* The page of a run whose spikes were all the hog's. */
static void trace_check_page(const char *dir)
{
	char html[300], *page;

	snprintf(html, sizeof(html), "%s/latest/index.html", dir);
	page = tree_read(html);
	CU_ASSERT_PTR_NOT_NULL(page);
	if (!page)
		return;
	CU_ASSERT_PTR_NOT_NULL(strstr(page, "<h2>Spikes explained</h2>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(page, "<div class=\"spike\"><span style=\"width:"));
	free(page);
}

/*
 * Every FATAL assertion comes after trace_undo: the hog killed and reaped,
 * the instances made here removed, tracefs mounted or not as before.
 */
static void test_hog_explained(void)
{
	char dir[] = "/tmp/timerlab-trace-XXXXXX";
	int cpu = (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;
	enum trace_verdict verdict = TRACE_OTHER;
	bool mounted_before = trace_mounted(), leftover_gone, mine_kept;

	if (geteuid() != 0) {
		fprintf(stderr, "\nskipped: tracing needs root\n");
		return;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	if (!mounted_before && mount("nodev", TL_TRACEFS_ROOT, "tracefs", 0, NULL) < 0) {
		fprintf(stderr, "\nskipped: no tracefs here: %s\n", strerror(errno));
		tree_remove(dir);
		return;
	}
	trace_state.mounted_before = mounted_before;
	trace_state.changed = true;
	trace_leftover(trace_state.leftover, sizeof(trace_state.leftover));
	/* a live process's instance is not a leftover: ours stays */
	snprintf(trace_state.mine, sizeof(trace_state.mine), "%s/instances/timerlab-%d",
		 TL_TRACEFS_ROOT, (int)getpid());
	CU_ASSERT_EQUAL(mkdir(trace_state.mine, 0700), 0);
	if (!mounted_before)
		CU_ASSERT_EQUAL(umount(TL_TRACEFS_ROOT), 0); /* run mounts it */
	trace_state.hog = trace_hog_start(cpu);
	if (trace_state.hog < 0) {
		fprintf(stderr, "\nskipped: rt-hog could not run: no realtime here\n");
		verdict = TRACE_SKIP;
	}
	for (int attempt = 0;
	     trace_state.hog > 0 && attempt < 3 && verdict == TRACE_OTHER; attempt++) {
		verdict = trace_attempt(dir, cpu, trace_state.hog);
	}
	trace_hog_stop();
	/* tracefs as it was: unmounted again if the run mounted it */
	CU_ASSERT_EQUAL(trace_mounted(), mounted_before);
	if (!trace_mounted())
		CU_ASSERT_EQUAL(mount("nodev", TL_TRACEFS_ROOT, "tracefs", 0, NULL), 0);
	leftover_gone = access(trace_state.leftover, F_OK) != 0;
	mine_kept = access(trace_state.mine, F_OK) == 0;
	trace_undo();
	CU_ASSERT_EQUAL(trace_mounted(), mounted_before);
	CU_ASSERT(verdict != TRACE_OTHER && verdict != TRACE_BROKEN);
	if (verdict == TRACE_HOGS) {
		CU_ASSERT_TRUE(leftover_gone);
		trace_check_page(dir);
	}
	CU_ASSERT_TRUE(mine_kept);
	tree_remove(dir);
}

/* A traced run, started, to be interrupted; its pid. */
static pid_t trace_run_start(const char *dir)
{
	const char *timerlab = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execl(timerlab, timerlab, "run", "--path", "timerfd:read", "--clock",
		      "monotonic", "--arm", "abs", "--samples", "30000", "--rounds", "1",
		      "--trace-over", "20us", "--out", dir, "--quiet", (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* SIGINT, or SIGINT and SIGTERM at once (the second exits at once): either
 * way no instance is left and tracefs is mounted or not as before. */
static void test_interrupt_undoes(void)
{
	char dir[] = "/tmp/timerlab-trace-int-XXXXXX", instance[128];
	bool mounted_before = trace_mounted();

	if (geteuid() != 0) {
		fprintf(stderr, "\nskipped: tracing needs root\n");
		return;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	for (int signals = 1; signals <= 2; signals++) {
		pid_t pid = trace_run_start(dir);
		int status;

		CU_ASSERT_FATAL(pid > 0);
		usleep(1500 * 1000); /* set up, tracing, measuring */
		kill(pid, SIGINT);
		if (signals == 2)
			kill(pid, SIGTERM);
		CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
		CU_ASSERT_TRUE(WIFEXITED(status));
		CU_ASSERT(WEXITSTATUS(status) == 128 + SIGINT ||
			  WEXITSTATUS(status) == 128 + SIGTERM);
		CU_ASSERT_EQUAL(trace_mounted(), mounted_before);
		if (!mounted_before &&
		    mount("nodev", TL_TRACEFS_ROOT, "tracefs", 0, NULL) < 0) {
			fprintf(stderr, "\nskipped: no tracefs here\n");
			break;
		}
		snprintf(instance, sizeof(instance), "%s/instances/timerlab-%d",
			 TL_TRACEFS_ROOT, (int)pid);
		CU_ASSERT_NOT_EQUAL(access(instance, F_OK), 0);
		if (!mounted_before)
			CU_ASSERT_EQUAL(umount(TL_TRACEFS_ROOT), 0);
	}
	tree_remove(dir);
}

/* Untraced, a run is as it was: no spikes, no note, nothing traced. */
static void test_untraced_unchanged(void)
{
	const char *argv[] = { "run",	   "--path",	"timerfd:read",
			       "--clock",  "monotonic", "--arm",
			       "abs",	   "--samples", "200",
			       "--rounds", "1",		"--out",
			       "-",	   "--quiet",	NULL };
	struct tool_output output;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "\"traced\":false"));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "\"trace_over_ns\":-1"));
	CU_ASSERT_PTR_NULL(strstr(output.out, "\"spikes\""));
	CU_ASSERT_PTR_NULL(strstr(output.err, "trace"));
	tool_free(&output);
}

static void test_trace_options_refused(void)
{
	const char *spikes_alone[] = { "run", "--trace-spikes", "2", NULL };
	const char *zero[] = { "run", "--trace-over", "0us", NULL };
	const char *no_unit[] = { "run", "--trace-over", "100", NULL };
	const char *too_many[] = { "run",   "--trace-over",
				   "100us", "--trace-spikes",
				   "101",   NULL };
	const char *none[] = {
		"run", "--trace-over", "100us", "--trace-spikes", "0", NULL
	};

	tool_expect_usage_error(spikes_alone, "--trace-spikes counts the spikes");
	tool_expect_usage_error(zero, "--trace-over");
	tool_expect_usage_error(no_unit, "--trace-over");
	tool_expect_usage_error(too_many, "--trace-spikes: \"101\"");
	tool_expect_usage_error(none, "--trace-spikes: \"0\"");
}

void tests_trace(void)
{
	CU_pSuite suite = tests_suite_cleaned("trace: spikes explained", trace_cleanup);

	CU_add_test(suite, "--trace-over and --trace-spikes refused in one line",
		    test_trace_options_refused);
	CU_add_test(suite, "untraced, a run is unchanged", test_untraced_unchanged);
	CU_add_test(suite, "interrupted once or twice, tracefs is left as it was",
		    test_interrupt_undoes);
	/* last: if it fails on a FATAL, the suite's cleanup stops its hog next */
	CU_add_test(suite, "a FIFO 99 hog named as the culprit of every spike",
		    test_hog_explained);
}
