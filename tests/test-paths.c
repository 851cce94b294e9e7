/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The signal-driven paths (posix-timer, setitimer, alarm), and timerfd where
 * the same question applies. Real timers on a shared machine: the
 * assertions are about structure (every cell, the samples asked for, no
 * early wakeup, missed deadlines counted, strays never taken for a wake,
 * signal state restored), never about absolute latency.
 *
 * Two ways in: build/timerlab, the way users run it, for every cell; and
 * in the test's process or a child of it, driving a real path, for what the
 * command line cannot arrange (a loop held on purpose, a stray signal).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "../cases/registry.h"
#include "../harness/cell.h"
#include "../harness/loop.h"
#include "../harness/supervise.h"
#include "../lib/time.h"
#include "tests.h"
#include "tool.h"

static const char *const paths_clocks[] = { "monotonic", "realtime", "boottime", "tai" };
#define PATHS_CLOCK_COUNT 4

/* A measured row: the samples asked for, no early wakeup, ordered
 * percentiles. */
static void paths_check_measured(const struct tool_row *row, unsigned long long samples)
{
	CU_ASSERT_EQUAL(row->samples, samples);
	CU_ASSERT_EQUAL(row->early, 0);
	CU_ASSERT(row->min >= 0);
	CU_ASSERT(row->min <= row->p50 && row->p50 <= row->p99);
	CU_ASSERT(row->p99 <= row->max);
}

/*
 * Check every (variant, signal, clock, arm) of path against the table: n/a
 * exactly where the path says so, measured everywhere else. An n/a row may
 * be left out (a plan may skip a clock the path takes with no arm at all,
 * as --clock all does for tai); a measurable one may not. Returns the rows
 * that must be there.
 */
static size_t paths_check_rows(const struct tool_row *rows, size_t count,
			       const struct tl_path *path, int64_t interval_ns,
			       unsigned long long samples)
{
	struct tl_cell cell = { .path = path, .interval_ns = interval_ns };
	const unsigned all = tl_name_count(path->variants) * tl_name_count(path->signals);
	size_t measurable = 0;
	char label[64];

	for (unsigned i = 0; i < all * PATHS_CLOCK_COUNT * TL_ARM_COUNT; i++) {
		cell.variant = i / TL_ARM_COUNT / PATHS_CLOCK_COUNT /
			       tl_name_count(path->signals);
		cell.signal = i / TL_ARM_COUNT / PATHS_CLOCK_COUNT %
			      tl_name_count(path->signals);
		tl_clock_from_name(paths_clocks[i / TL_ARM_COUNT % PATHS_CLOCK_COUNT],
				   &cell.clock);
		cell.arm = (enum tl_arm)(i % TL_ARM_COUNT);
		snprintf(label, sizeof(label), "%s:%s", tl_cell_variant(&cell),
			 tl_cell_signal(&cell));

		const char *why = path->unsupported(&cell);
		const struct tool_row *row =
			tool_find_row(rows, count, path->name, label,
				      tl_clock_name(cell.clock), tl_arm_name(cell.arm));

		measurable += !why;
		if (!row) {
			CU_ASSERT_PTR_NOT_NULL(why);
			continue;
		}
		CU_ASSERT_EQUAL(row->unsupported, why != NULL);
		CU_ASSERT_EQUAL(row->emulated, tl_cell_emulated(&cell));
		if (!row->unsupported)
			paths_check_measured(row, samples);
	}
	return measurable;
}

/* Every variant and signal of posix-timer and setitimer, on every clock and
 * arm, 200 samples each. */
static void test_every_signal_cell(void)
{
	static const char *const argv[] = {
		"run",
		"--path",
		"posix-timer:handler:rtmin,posix-timer:handler:alrm,posix-timer:sigwaitinfo:rtmin,posix-timer:sigwaitinfo:alrm,posix-timer:signalfd:rtmin,posix-timer:signalfd:alrm,posix-timer:thread-id:rtmin,posix-timer:thread-id:alrm,setitimer:handler,setitimer:sigwaitinfo",
		"--clock",
		"all",
		"--samples",
		"200",
		"--interval",
		"250us",
		"--quiet",
		NULL
	};
	const size_t capacity = 160;
	struct tool_row *rows = calloc(capacity, sizeof(*rows));
	struct tool_output output;

	CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	size_t count = tool_rows(output.out, rows, capacity);

	/* at most 4 clocks x 3 arms for 8 posix-timer and 2 setitimer specs */
	size_t measurable = paths_check_rows(rows, count, &tl_path_posix_timer,
					     250 * TL_NS_PER_US, 200) +
			    paths_check_rows(rows, count, &tl_path_setitimer,
					     250 * TL_NS_PER_US, 200);

	CU_ASSERT_EQUAL(measurable, 8 * 12 + 2 * 6);
	CU_ASSERT(count >= measurable && count <= 10 * 12);
	tool_free(&output);
	free(rows);
}

/* alarm at whole seconds: named in --path with --samples, it keeps them. */
static void test_alarm_cells(void)
{
	static const char *const argv[] = { "run",     "--path",  "alarm",
					    "--clock", "all",	  "--samples",
					    "2",       "--quiet", NULL };
	struct tool_row rows[16];
	struct tool_output output;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	size_t count = tool_rows(output.out, rows, 16);

	CU_ASSERT_EQUAL(paths_check_rows(rows, count, &tl_path_alarm, TL_NS_PER_S, 2), 2);
	CU_ASSERT(count >= 2 && count <= 12);
	const struct tool_row *row =
		tool_find_row(rows, count, "alarm", "handler:alrm", "monotonic", "rel");
	CU_ASSERT(row && !row->unsupported && row->samples == 2);
	tool_free(&output);
}

/* setitimer's emulated abs rounds its delay up: never early, over 2000. */
static void test_abs_emulated_never_early(void)
{
	static const char *const argv[] = {
		"run",	   "--path",	 "setitimer:handler,setitimer:sigwaitinfo",
		"--arm",   "abs",	 "--samples",
		"2000",	   "--interval", "200us",
		"--quiet", NULL
	};
	struct tool_row rows[16];
	struct tool_output output;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	size_t count = tool_rows(output.out, rows, 16);

	CU_ASSERT_EQUAL(count, 4); /* 2 variants x monotonic, realtime */
	for (size_t i = 0; i < count; i++) {
		CU_ASSERT_STRING_EQUAL(rows[i].arm, "abs");
		CU_ASSERT_TRUE(rows[i].emulated);
		CU_ASSERT_EQUAL(rows[i].samples, 2000);
		CU_ASSERT_EQUAL(rows[i].early, 0);
	}
	tool_free(&output);
}

static void test_list(void)
{
	static const char *const argv[] = { "list", NULL };
	static const char *const expected[] = {
		"posix-timer",
		"variants: handler (default), sigwaitinfo, signalfd, thread-id",
		"signals: rtmin (default), alrm",
		"setitimer",
		"variants: handler (default), sigwaitinfo",
		"boottime/abs, boottime/rel, boottime/periodic, tai/abs",
		"ITIMER_REAL runs on the monotonic clock",
		"n/a: monotonic/abs, realtime/abs (alarm takes whole seconds",
		"no periodic reload",
		"steps of 1s",
	};
	struct tool_output output;

	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(output.out, expected[i]));
	/* registry order */
	CU_ASSERT(strstr(output.out, "  timerfd ") <
		  strstr(output.out, "  posix-timer "));
	CU_ASSERT(strstr(output.out, "  posix-timer ") <
		  strstr(output.out, "  setitimer "));
	CU_ASSERT(strstr(output.out, "  setitimer ") < strstr(output.out, "  alarm "));
	tool_free(&output);
}

/* The signal state a path touches, to check that close() restores it. */
struct paths_signal_state {
	sigset_t mask;
	sigset_t pending;
	struct sigaction rtmin, alrm;
	struct itimerval itimer;
};

static void paths_snapshot(struct paths_signal_state *state)
{
	sigprocmask(SIG_SETMASK, NULL, &state->mask);
	sigpending(&state->pending);
	sigaction(SIGRTMIN, NULL, &state->rtmin);
	sigaction(SIGALRM, NULL, &state->alrm);
	getitimer(ITIMER_REAL, &state->itimer);
}

/* glibc adds SA_RESTORER (asm/signal.h) to every action it installs, so a
 * restored never-set action reads back with it. */
#define PATHS_SA_RESTORER 0x04000000

/* What of the signal state is not as before (the first found), or NULL. */
static const char *paths_unrestored(const struct paths_signal_state *before)
{
	struct paths_signal_state after;

	paths_snapshot(&after);
	for (int signo = 1; signo < SIGRTMAX; signo++) {
		if (sigismember(&after.mask, signo) != sigismember(&before->mask, signo))
			return "the signal mask";
		if (sigismember(&after.pending, signo))
			return "a signal left pending";
	}
	if (after.rtmin.sa_handler != before->rtmin.sa_handler ||
	    (after.rtmin.sa_flags & ~PATHS_SA_RESTORER) !=
		    (before->rtmin.sa_flags & ~PATHS_SA_RESTORER))
		return "SIGRTMIN's action";
	if (after.alrm.sa_handler != before->alrm.sa_handler ||
	    (after.alrm.sa_flags & ~PATHS_SA_RESTORER) !=
		    (before->alrm.sa_flags & ~PATHS_SA_RESTORER))
		return "SIGALRM's action";
	if (timerisset(&after.itimer.it_value) || timerisset(&after.itimer.it_interval))
		return "ITIMER_REAL, still armed";
	return NULL;
}

/*
 * A real path whose loop is held once, on purpose: its wait sleeps before
 * it delegates. Held for h intervals right after a wake, floor(h) deadlines
 * pass; the next wake serves them all, the first as its latency and the
 * others as missed: 3.5 intervals give missed >= 2.
 */
#define HELD_INTERVAL_NS (2 * TL_NS_PER_MS)
#define HELD_NS (7 * TL_NS_PER_MS)
#define HELD_WAIT 4
#define HELD_SAMPLES 12

static struct {
	const struct tl_path *real;
	unsigned waits;
} held;

static int held_open(struct tl_probe *probe)
{
	return held.real->open(probe);
}

static int held_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	return held.real->arm(probe, deadline_ns);
}

static int held_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	struct timespec hold = tl_timespec_from_ns(HELD_NS);

	if (held.waits++ == HELD_WAIT)
		while (clock_nanosleep(CLOCK_MONOTONIC, 0, &hold, &hold) == EINTR)
			;
	return held.real->wait(probe, wake);
}

static void held_close(struct tl_probe *probe)
{
	held.real->close(probe);
}

static void paths_run_held(const struct tl_path *path, unsigned variant, unsigned signal)
{
	static struct tl_shared shared;
	const struct tl_path wrapper = {
		.name = path->name,
		.variants = path->variants,
		.signals = path->signals,
		.open = held_open,
		.arm = held_arm,
		.wait = held_wait,
		.close = held_close,
	};
	struct tl_probe probe = {
		.cell = { &wrapper, variant, signal, CLOCK_MONOTONIC, TL_ARM_PERIODIC,
			  HELD_INTERVAL_NS },
		.shared = &shared,
	};
	struct tl_hist *hist = malloc(sizeof(*hist));
	struct paths_signal_state before;
	struct tl_stats stats;
	int err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	held.real = path;
	held.waits = 0;
	tl_stats_init(&stats);
	tl_hist_init(hist);
	paths_snapshot(&before);
	CU_ASSERT_EQUAL_FATAL(wrapper.open(&probe), 0);
	struct tl_samples none;
	struct tl_timeline_bin one_bin;

	tl_samples_open(&none, 0, false);
	tl_timeline_clear(&one_bin, 1);
	err = tl_loop_run(&probe, 0, HELD_SAMPLES,
			  &(struct tl_loop_record){ &stats, hist, &none, &one_bin, 63 },
			  NULL);
	wrapper.close(&probe);
	CU_ASSERT_EQUAL(err, 0);
	CU_ASSERT_EQUAL(stats.samples, HELD_SAMPLES);
	CU_ASSERT_EQUAL(stats.early, 0);
	CU_ASSERT(stats.missed >= 2);
	/* the held wake came at least the two missed intervals late */
	CU_ASSERT(stats.max_ns >= 2 * HELD_INTERVAL_NS);
	CU_ASSERT_PTR_NULL(paths_unrestored(&before));
	free(hist);
}

/* Every variant and signal of a path, held. */
static void paths_held_every(const struct tl_path *path)
{
	unsigned variants = tl_name_count(path->variants),
		 signals = tl_name_count(path->signals);

	for (unsigned v = 0; v < (variants ? variants : 1); v++)
		for (unsigned s = 0; s < (signals ? signals : 1); s++)
			paths_run_held(path, v, s);
}

static void test_held_timerfd(void)
{
	paths_held_every(&tl_path_timerfd);
}

static void test_held_posix_timer(void)
{
	paths_held_every(&tl_path_posix_timer);
}

static void test_held_setitimer(void)
{
	paths_held_every(&tl_path_setitimer);
}

/*
 * Strays: before the path's own expiry, a sigqueue of the same signal
 * (si_code SI_QUEUE) and another timer's signal (the same signal, another
 * si_value) arrive. Each is counted as stray; the wake is the timer's own,
 * at or after its deadline.
 *
 * SIGALRM does not queue: ITIMER_REAL's (setitimer, alarm) is dropped if a
 * stray is still pending when it fires (timer_create's always queue), and
 * the wait never ends. That takes the test kept off the CPU from the
 * strays to the expiry: those intervals are long (250 ms, alarm's 1 s),
 * each case runs in a child under a deadline (a signal lost fails, not
 * hangs), and an ITIMER_REAL case is tried twice (only a path that loses
 * its own signal loses it twice in a row).
 */
#define STRAY_INTERVAL_NS (20 * TL_NS_PER_MS)
#define STRAY_ITIMER_INTERVAL_NS (250 * TL_NS_PER_MS)
#define STRAY_LOST_NS (5 * TL_NS_PER_S) /* no wake this long after the deadline */

/* 0 or -errno (in the child: what it leaves ends with it). */
static int paths_send_strays(int signo, timer_t *other)
{
	struct sigevent event = { .sigev_notify = SIGEV_SIGNAL,
				  .sigev_signo = signo,
				  .sigev_value.sival_ptr = other };
	struct itimerspec soon = { .it_value = { 0, 1000000 } };

	if (sigqueue(getpid(), signo, (union sigval){ .sival_int = 42 }) < 0 ||
	    timer_create(CLOCK_MONOTONIC, &event, other) < 0 ||
	    timer_settime(*other, 0, &soon, NULL) < 0)
		return -errno;
	return 0;
}

/* What the child saw: open, strays, arm and wait's 0 or -errno, and more. */
struct paths_stray_seen {
	int err[4];
	int64_t deadline_ns;
	struct tl_wake wake;
	int stray;
	bool restored;
};

static void paths_stray_child(void *cell, int out_fd)
{
	static struct tl_shared shared;
	struct tl_probe probe = { .cell = *(const struct tl_cell *)cell,
				  .shared = &shared };
	const struct tl_path *path = probe.cell.path;
	int signo =
		path == &tl_path_posix_timer && !probe.cell.signal ? SIGRTMIN : SIGALRM;
	struct paths_stray_seen seen = { .err = { 0, -1, -1, -1 } };
	struct paths_signal_state before;
	timer_t other;

	paths_snapshot(&before);
	seen.err[0] = path->open(&probe);
	seen.err[1] = seen.err[0] ? -1 : paths_send_strays(signo, &other);
	if (!seen.err[1]) {
		seen.deadline_ns = tl_now_ns(CLOCK_MONOTONIC) + probe.cell.interval_ns;
		seen.err[2] = path->arm(&probe, seen.deadline_ns);
		if (!seen.err[2])
			seen.err[3] = path->wait(&probe, &seen.wake);
		timer_delete(other);
	}
	seen.stray = (int)atomic_load(&shared.stray);
	if (!seen.err[0])
		path->close(&probe);
	seen.restored = paths_unrestored(&before) == NULL;
	tl_write_all(out_fd, &seen, sizeof(seen));
}

static void paths_run_stray(const struct tl_path *path, unsigned variant, unsigned signal,
			    int64_t interval_ns)
{
	struct tl_cell cell = { path,	    variant,	signal, CLOCK_MONOTONIC,
				TL_ARM_REL, interval_ns };
	struct paths_stray_seen seen = { .stray = -1 };
	const struct tl_supervision job = { .run = paths_stray_child,
					    .arg = &cell,
					    .budget_ns = interval_ns + STRAY_LOST_NS,
					    .answer = &seen,
					    .capacity = sizeof(seen) };
	struct tl_child_end end = { 0 };

	for (int attempt = path == &tl_path_posix_timer; attempt < 2; attempt++) {
		CU_ASSERT_EQUAL_FATAL(tl_supervise(&job, &end), 0);
		if (!end.timed_out)
			break;
		fprintf(stderr, "\n%s: no wake 5 s after the deadline\n", path->name);
	}
	CU_ASSERT(!end.timed_out && WIFEXITED(end.status) && !WEXITSTATUS(end.status));
	CU_ASSERT_EQUAL_FATAL(end.size, sizeof(seen)); /* nothing to undo here */
	for (int step = 0; step < 4; step++)
		CU_ASSERT_EQUAL(seen.err[step], 0);
	CU_ASSERT(seen.wake.wake_ns >= seen.deadline_ns);
	CU_ASSERT_EQUAL(seen.wake.expirations, 1);
	CU_ASSERT_EQUAL(seen.stray, 2);
	CU_ASSERT_TRUE(seen.restored); /* in the child, as close() left it */
}

static void test_stray_posix_timer(void)
{
	for (unsigned v = 0; v < tl_name_count(tl_path_posix_timer.variants); v++)
		for (unsigned s = 0; s < tl_name_count(tl_path_posix_timer.signals); s++)
			paths_run_stray(&tl_path_posix_timer, v, s, STRAY_INTERVAL_NS);
}

static void test_stray_setitimer_alarm(void)
{
	for (unsigned v = 0; v < tl_name_count(tl_path_setitimer.variants); v++)
		paths_run_stray(&tl_path_setitimer, v, 0, STRAY_ITIMER_INTERVAL_NS);
	paths_run_stray(&tl_path_alarm, 0, 0, TL_NS_PER_S);
}

void tests_paths(void)
{
	CU_pSuite suite = tests_suite("paths");

	CU_add_test(suite, "every posix-timer and setitimer cell",
		    test_every_signal_cell);
	CU_add_test(suite, "alarm: whole seconds, --samples honoured", test_alarm_cells);
	CU_add_test(suite, "setitimer abs (emulated) is never early",
		    test_abs_emulated_never_early);
	CU_add_test(suite, "list: every path, variant, signal and reason", test_list);
	CU_add_test(suite, "timerfd held > 2 intervals: missed >= 2", test_held_timerfd);
	CU_add_test(suite, "posix-timer held > 2 intervals: missed >= 2",
		    test_held_posix_timer);
	CU_add_test(suite, "setitimer held > 2 intervals: missed >= 2",
		    test_held_setitimer);
	CU_add_test(suite, "posix-timer: strays counted, never a wake",
		    test_stray_posix_timer);
	CU_add_test(suite, "setitimer, alarm: strays counted, never a wake",
		    test_stray_setitimer_alarm);
}
