/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The check runner with checks that exist only here: ones that pass, fail,
 * crash on a real signal, hang, skip, say nothing, flood diagnostics, or
 * are known to fail on a kernel we pretend to run. Each run's KTAP is read
 * back strictly (tests/ktap.c) and compared with the result it filled.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../cases/registry.h"
#include "../harness/check-runner.h"
#include "../harness/message.h"
#include "../harness/supervise.h"
#include "../lib/time.h"
#include "ktap.h"
#include "tests.h"

static enum tl_verdict fake_pass(struct tl_check_ctx *ctx)
{
	tl_check_diag(ctx, "a diagnostic line\nwith a newline in it");
	return tl_check_pass(ctx, "all %d good", 3);
}

static enum tl_verdict fake_fail(struct tl_check_ctx *ctx)
{
	return tl_check_fail(ctx, "read returned %d, expected %d", 2, 1);
}

static enum tl_verdict fake_abort(struct tl_check_ctx *ctx)
{
	tl_check_diag(ctx, "about to abort");
	abort();
	return tl_check_pass(ctx, NULL);
}

static enum tl_verdict fake_segv(struct tl_check_ctx *ctx)
{
	(void)ctx;
	/* the sanitizers catch SIGSEGV to report it: take it back, so that the
	 * child dies of the signal as an unsanitized one would */
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return TL_VERDICT_PASS;
}

static enum tl_verdict fake_hang(struct tl_check_ctx *ctx)
{
	(void)ctx;
	for (;;)
		pause();
	return TL_VERDICT_PASS; /* not reached: only the runner's SIGKILL ends it */
}

static enum tl_verdict fake_skip(struct tl_check_ctx *ctx)
{
	return tl_check_skip(ctx, "no CAP_WAKE_ALARM");
}

static enum tl_verdict fake_error(struct tl_check_ctx *ctx)
{
	return tl_check_error(ctx, "timer_create: EAGAIN");
}

static enum tl_verdict fake_silent_exit(struct tl_check_ctx *ctx)
{
	(void)ctx;
	tl_child_exit(0);
}

static enum tl_verdict fake_exit_status(struct tl_check_ctx *ctx)
{
	(void)ctx;
	tl_child_exit(3);
}

static enum tl_verdict fake_flood(struct tl_check_ctx *ctx)
{
	char line[400];

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	for (int i = 0; i < 200; i++)
		tl_check_diag(ctx, "%d %s", i, line);
	return tl_check_pass(ctx, "still heard");
}

static enum tl_verdict fake_claims_xpass(struct tl_check_ctx *ctx)
{
	(void)ctx;
	return TL_VERDICT_XPASS;
}

#define FAKE(id, check_name, function, ...)                                              \
	static const struct tl_check id = {                                              \
		.name = check_name, .summary = "test only", .run = function, __VA_ARGS__ \
	}

FAKE(check_pass, "fake.pass", fake_pass);
FAKE(check_fail, "fake.fail", fake_fail);
FAKE(check_abort, "fake.abort", fake_abort);
FAKE(check_segv, "fake.segv", fake_segv);
FAKE(check_hang, "fake.hang", fake_hang);
FAKE(check_skip, "fake.skip", fake_skip);
FAKE(check_error, "fake.error", fake_error);
FAKE(check_silent, "fake.silent", fake_silent_exit);
FAKE(check_status, "fake.status", fake_exit_status);
FAKE(check_flood, "fake.flood", fake_flood);
FAKE(check_claims_xpass, "fake.claims-xpass", fake_claims_xpass);
/* known to fail before 6.13, like posix-timer.sig-ign */
FAKE(check_known_fail, "known.fail", fake_fail,
     .known_fail = { .until = "6.13", .why = "fixed in 6.13" });
FAKE(check_known_pass, "known.pass", fake_pass,
     .known_fail = { .until = "6.13", .why = "fixed in 6.13" });
/* a range that holds every kernel from 2.6 on, the running one included */
FAKE(check_known_always, "known.always", fake_fail,
     .known_fail = { .since = "2.6", .why = "never fixed" });
/* fails if it runs, so a SKIP proves it did not */
FAKE(check_destructive, "clock.destructive", fake_fail, .flags = TL_CHECK_DESTRUCTIVE);

struct runner_outcome {
	struct tl_result result;
	struct ktap_parsed ktap;
	char *text;
	int status;
};

static void runner_run(const struct tl_check *const *checks,
		       struct tl_check_options *options, struct runner_outcome *outcome)
{
	size_t size = 0;
	FILE *out = open_memstream(&outcome->text, &size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	tl_result_init(&outcome->result);
	CU_ASSERT_EQUAL(tl_check_run(checks, options, out, &outcome->result), 0);
	fclose(out);
	ktap_parse(outcome->text, &outcome->ktap);
	if (!outcome->ktap.valid)
		fprintf(stderr, "\nKTAP broken (%s):\n%s", outcome->ktap.why,
			outcome->text);
	CU_ASSERT_TRUE(outcome->ktap.valid);
	outcome->status = tl_check_exit_status(&outcome->result);
}

static void runner_free(struct runner_outcome *outcome)
{
	tl_result_free(&outcome->result);
	free(outcome->text);
}

/* A check's budget from its fork: room for a sanitizer's slow start */
#define RUNNER_BUDGET_NS TL_NS_PER_S
static void runner_options(struct tl_check_options *options)
{
	tl_check_options_defaults(options);
	options->timeout_ns = RUNNER_BUDGET_NS;
}

/* The result's entry and the KTAP line agree, and have this verdict. */
static void runner_expect(const struct runner_outcome *outcome, size_t index,
			  const char *name, enum tl_verdict verdict,
			  const char *reason_part)
{
	const struct tl_check_result *check;

	CU_ASSERT_FATAL(index < outcome->result.check_count);
	check = &outcome->result.checks[index];
	CU_ASSERT_STRING_EQUAL(check->name, name);
	CU_ASSERT_EQUAL(check->verdict, verdict);
	CU_ASSERT_STRING_EQUAL(outcome->ktap.names[index], name);
	CU_ASSERT_EQUAL(outcome->ktap.verdicts[index], verdict);
	if (reason_part) {
		CU_ASSERT_PTR_NOT_NULL(check->reason);
		CU_ASSERT(check->reason && strstr(check->reason, reason_part));
		if (verdict != TL_VERDICT_PASS)
			CU_ASSERT_PTR_NOT_NULL(
				strstr(outcome->ktap.reasons[index], reason_part));
	}
}

/* A crash, a hang and a failure each cost one line; the run goes on. */
static void test_fail_crash_hang(void)
{
	static const struct tl_check *const checks[] = {
		&check_pass, &check_fail,  &check_abort, &check_hang,
		&check_segv, &check_error, &check_pass,	 NULL,
	};
	struct tl_check_options options;
	struct runner_outcome outcome;

	runner_options(&options);
	runner_run(checks, &options, &outcome);
	CU_ASSERT_EQUAL(outcome.ktap.planned, 7);
	CU_ASSERT_EQUAL(outcome.result.check_count, 7);
	runner_expect(&outcome, 0, "fake.pass", TL_VERDICT_PASS, "all 3 good");
	runner_expect(&outcome, 1, "fake.fail", TL_VERDICT_FAIL,
		      "read returned 2, expected 1");
	runner_expect(&outcome, 2, "fake.abort", TL_VERDICT_ERROR, "killed by signal 6");
	runner_expect(&outcome, 3, "fake.hang", TL_VERDICT_TIMEOUT, "after 1 s");
	runner_expect(&outcome, 4, "fake.segv", TL_VERDICT_ERROR, "killed by signal 11");
	runner_expect(&outcome, 5, "fake.error", TL_VERDICT_ERROR,
		      "timer_create: EAGAIN");
	runner_expect(&outcome, 6, "fake.pass", TL_VERDICT_PASS, NULL);
	/* the exact lines the issue asks for */
	CU_ASSERT_PTR_NOT_NULL(
		strstr(outcome.text, "\nnot ok 2 fake.fail # read returned 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.text,
				      "\n"
				      "not ok 3 fake.abort # ERROR killed by signal 6"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(outcome.text, "\nnot ok 4 fake.hang # TIMEOUT after 1 s\n"));
	/* a diagnostic survives the crash after it; a newline in one is not a line break */
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.text, "\n# about to abort\nnot ok 3"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(outcome.text, "\n# a diagnostic line with a newline"));
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.text, "\n# all 3 good\nok 1 fake.pass\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		outcome.text,
		"\n"
		"# Totals: pass:2 fail:1 xfail:0 xpass:0 skip:0 error:3 timeout:1\n"));
	/* the hung child was killed after its budget, not much later */
	CU_ASSERT(outcome.result.checks[3].duration_ns >= RUNNER_BUDGET_NS);
	CU_ASSERT(outcome.result.checks[3].duration_ns < 15 * RUNNER_BUDGET_NS);
	CU_ASSERT_EQUAL(outcome.status, TL_EXIT_FAILED);
	runner_free(&outcome);
}

/* Children that end without a verdict, or with one only the runner gives,
 * and one that says too much. */
static void test_odd_children(void)
{
	static const struct tl_check *const checks[] = {
		&check_silent, &check_status, &check_claims_xpass, &check_flood, NULL,
	};
	struct tl_check_options options;
	struct runner_outcome outcome;

	runner_options(&options);
	runner_run(checks, &options, &outcome);
	runner_expect(&outcome, 0, "fake.silent", TL_VERDICT_ERROR, "without a verdict");
	runner_expect(&outcome, 1, "fake.status", TL_VERDICT_ERROR,
		      "exited with status 3");
	runner_expect(&outcome, 2, "fake.claims-xpass", TL_VERDICT_ERROR,
		      "only the runner");
	runner_expect(&outcome, 3, "fake.flood", TL_VERDICT_PASS, "still heard");
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.text, "# (more diagnostics were cut)\n"));
	/* cut well before 200 lines of 400 characters */
	CU_ASSERT(outcome.ktap.diagnostics < 40);
	runner_free(&outcome);
}

/* Known-failure ranges judged on a pretended kernel, and on the real one. */
static void test_known_fail(void)
{
	static const struct tl_check *const checks[] = {
		&check_known_fail,
		&check_known_pass,
		&check_fail,
		NULL,
	};
	static const struct tl_check *const always[] = { &check_known_always, NULL };
	struct tl_check_options options;
	struct runner_outcome outcome;

	runner_options(&options);
	options.kernel_release = "6.1.0-28-cloud-amd64";
	runner_run(checks, &options, &outcome);
	runner_expect(&outcome, 0, "known.fail", TL_VERDICT_XFAIL,
		      "known to fail before 6.13");
	runner_expect(&outcome, 0, "known.fail", TL_VERDICT_XFAIL, "read returned 2");
	runner_expect(&outcome, 1, "known.pass", TL_VERDICT_XPASS, "fixed in 6.13");
	runner_expect(&outcome, 2, "fake.fail", TL_VERDICT_FAIL, NULL);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(outcome.text, "\nnot ok 1 known.fail # XFAIL known"));
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.text, "\nok 2 known.pass # XPASS known"));
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.text,
				      "# timerlab " TL_VERSION
				      " checks on Linux 6.1.0-28-cloud-amd64\n"));
	runner_free(&outcome);

	/* from 6.13 on the range is over: a failure is a failure again */
	options.kernel_release = "6.13.0";
	runner_run(checks, &options, &outcome);
	runner_expect(&outcome, 0, "known.fail", TL_VERDICT_FAIL, "read returned 2");
	runner_expect(&outcome, 1, "known.pass", TL_VERDICT_PASS, NULL);
	runner_free(&outcome);

	/* a release without a version: ranges do not apply, and KTAP says so */
	options.kernel_release = "mainline";
	runner_run(checks, &options, &outcome);
	runner_expect(&outcome, 0, "known.fail", TL_VERDICT_FAIL, NULL);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(outcome.text, "# no version in the release \"mainline\""));
	runner_free(&outcome);

	/* uname -r: the running kernel lies in [2.6, ...) */
	options.kernel_release = NULL;
	runner_run(always, &options, &outcome);
	runner_expect(&outcome, 0, "known.always", TL_VERDICT_XFAIL,
		      "from 2.6 (never fixed)");
	CU_ASSERT_EQUAL(outcome.status, TL_EXIT_OK);
	runner_free(&outcome);
}

/* Exit status: all skipped 4, xpass only 0, any fail, error or timeout 1. */
static void test_exit_status(void)
{
	static const struct tl_check *const skips[] = { &check_skip, &check_destructive,
							NULL };
	static const struct tl_check *const xpass[] = { &check_known_pass, &check_pass,
							NULL };
	static const struct tl_check *const xfail[] = { &check_known_fail, &check_skip,
							NULL };
	static const struct tl_check *const error[] = { &check_pass, &check_error, NULL };
	static const struct tl_check *const timeout[] = { &check_pass, &check_hang,
							  NULL };
	struct tl_check_options options;
	struct runner_outcome outcome;

	runner_options(&options);
	options.kernel_release = "6.12.57+deb13-rt-amd64";
	runner_run(skips, &options, &outcome);
	CU_ASSERT_EQUAL(outcome.ktap.counted[TL_VERDICT_SKIP], 2);
	CU_ASSERT_EQUAL(outcome.status, TL_EXIT_ALL_SKIPPED);
	runner_free(&outcome);
	runner_run(xpass, &options, &outcome);
	CU_ASSERT_EQUAL(outcome.ktap.counted[TL_VERDICT_XPASS], 1);
	CU_ASSERT_EQUAL(outcome.status, TL_EXIT_OK);
	runner_free(&outcome);
	runner_run(xfail, &options, &outcome);
	CU_ASSERT_EQUAL(outcome.ktap.counted[TL_VERDICT_XFAIL], 1);
	CU_ASSERT_EQUAL(outcome.status, TL_EXIT_OK); /* not every check skipped */
	runner_free(&outcome);
	runner_run(error, &options, &outcome);
	CU_ASSERT_EQUAL(outcome.status, TL_EXIT_FAILED);
	runner_free(&outcome);
	runner_run(timeout, &options, &outcome);
	CU_ASSERT_EQUAL(outcome.status, TL_EXIT_FAILED);
	runner_free(&outcome);
}

/* A destructive check is skipped without --destructive and runs with it.
 * The one here never touches the clock: it only fails when it runs. */
static void test_destructive(void)
{
	static const struct tl_check *const checks[] = { &check_destructive, NULL };
	struct tl_check_options options;
	struct runner_outcome outcome;

	runner_options(&options);
	runner_run(checks, &options, &outcome);
	runner_expect(&outcome, 0, "clock.destructive", TL_VERDICT_SKIP,
		      "needs --destructive");
	CU_ASSERT_PTR_NOT_NULL(strstr(
		outcome.text, "\n"
			      "ok 1 clock.destructive # SKIP needs --destructive\n"));
	CU_ASSERT_EQUAL(outcome.result.checks[0].duration_ns, 0);
	runner_free(&outcome);
	options.destructive = true;
	runner_run(checks, &options, &outcome);
	runner_expect(&outcome, 0, "clock.destructive", TL_VERDICT_FAIL,
		      "read returned 2");
	runner_free(&outcome);
}

static const struct tl_check *const glob_checks[] = {
	&check_pass,	   &check_fail,	       &check_skip,
	&check_known_fail, &check_destructive, NULL,
};

static size_t glob_selected(const struct tl_check_options *options, char *names,
			    size_t size)
{
	size_t count = 0;

	names[0] = '\0';
	for (size_t i = 0; glob_checks[i]; i++) {
		if (!tl_check_selected(glob_checks[i], options))
			continue;
		count++;
		strncat(names, " ", size - strlen(names) - 1);
		strncat(names, glob_checks[i]->name, size - strlen(names) - 1);
	}
	return count;
}

static void test_globs(void)
{
	struct tl_check_options options;
	char names[256], glob[64];

	tl_check_options_defaults(&options);
	CU_ASSERT_EQUAL(glob_selected(&options, names, sizeof(names)), 5);
	options.only[options.only_count++] = "fake.*";
	glob_selected(&options, names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, " fake.pass fake.fail fake.skip");
	options.skip[options.skip_count++] = "*.fail";
	glob_selected(&options, names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, " fake.pass fake.skip");
	/* comma lists, and more than one --only */
	options.only[0] = "known.*,clock.destr?ctive";
	options.only[options.only_count++] = "fake.[ps]*";
	options.skip_count = 0;
	glob_selected(&options, names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names,
			       " fake.pass fake.skip known.fail clock.destructive");
	CU_ASSERT_EQUAL(
		tl_check_unmatched_only(glob_checks, &options, glob, sizeof(glob)), 0);
	/* a glob that names nothing is reported by itself */
	options.only[1] = "fake.pass,timerfd.*";
	CU_ASSERT_EQUAL(
		tl_check_unmatched_only(glob_checks, &options, glob, sizeof(glob)), 1);
	CU_ASSERT_STRING_EQUAL(glob, "timerfd.*");
	/* * crosses the dot: "*" alone selects all, "*fail" the two fails */
	options.only_count = 1;
	options.only[0] = "*fail";
	glob_selected(&options, names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, " fake.fail known.fail");
	options.only[0] = "*";
	options.skip[options.skip_count++] = "*";
	CU_ASSERT_EQUAL(glob_selected(&options, names, sizeof(names)), 0);
}

static volatile sig_atomic_t runner_stop;

/* While fake.hang hangs: after fake.pass, given 1 s for its fork and a
 * sanitizer's start, and long before the hang's 10 s budget. */
static void *runner_stopper(void *arg)
{
	(void)arg;
	usleep(1000 * 1000);
	runner_stop = SIGINT;
	return NULL;
}

/* Stopped during a hung check: it is left out, the rest are not run, the
 * result says interrupted and KTAP still closes with its totals. */
static void test_interrupted(void)
{
	static const struct tl_check *const checks[] = { &check_pass, &check_hang,
							 &check_fail, NULL };
	struct tl_check_options options;
	struct runner_outcome outcome;
	pthread_t stopper;

	runner_options(&options);
	options.timeout_ns = 10 * TL_NS_PER_S;
	options.stop = &runner_stop;
	runner_stop = 0;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&stopper, NULL, runner_stopper, NULL), 0);
	runner_run(checks, &options, &outcome);
	pthread_join(stopper, NULL);
	CU_ASSERT_TRUE(outcome.result.interrupted);
	CU_ASSERT_EQUAL(outcome.result.check_count, 1);
	CU_ASSERT_TRUE(outcome.ktap.interrupted);
	CU_ASSERT_EQUAL(outcome.ktap.results, 1);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(outcome.text, "# Interrupted: 2 of 3 checks did not run\n"));
	runner_free(&outcome);
}

/* Without a KTAP stream the result is filled all the same. */
static void test_no_ktap(void)
{
	static const struct tl_check *const checks[] = { &check_pass, &check_fail, NULL };
	struct tl_check_options options;
	struct tl_result result;

	runner_options(&options);
	tl_result_init(&result);
	CU_ASSERT_EQUAL(tl_check_run(checks, &options, NULL, &result), 0);
	CU_ASSERT_EQUAL(result.check_count, 2);
	CU_ASSERT_EQUAL(result.checks[1].verdict, TL_VERDICT_FAIL);
	tl_result_free(&result);
}

void tests_check_runner(void)
{
	CU_pSuite suite = tests_suite("check runner");

	CU_add_test(suite, "fail, crash and hang: reported, the run goes on",
		    test_fail_crash_hang);
	CU_add_test(suite, "no verdict, a verdict not its own, a flood",
		    test_odd_children);
	CU_add_test(suite, "known-failure ranges: xfail, xpass, outside",
		    test_known_fail);
	CU_add_test(suite, "exit status: all skipped 4, xpass 0, failures 1",
		    test_exit_status);
	CU_add_test(suite, "destructive checks need --destructive", test_destructive);
	CU_add_test(suite, "--only and --skip globs", test_globs);
	CU_add_test(suite, "interrupted: totals still close the KTAP", test_interrupted);
	CU_add_test(suite, "no KTAP stream: the result all the same", test_no_ktap);
}
