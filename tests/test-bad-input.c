/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bad-input table: malformed options, durations, cell specs, suites,
 * gates, KCIDB options and result files, for every command. Each must be
 * refused with status 2 and exactly one line on stderr, "timerlab: ...",
 * naming what is wrong; nothing on stdout; and a run must refuse before it
 * makes its report folder (every run row gets a --out that must still not
 * exist afterwards). A row that hangs is killed and fails (a fifo that
 * nobody writes must not block), and under ASan and UBSan (make SAN=1) a
 * report of theirs is more than one line, so the same table checks them.
 *
 * In argv, "FIXTURE/name" is a file of tests/bad-input.c's folder and
 * "OUT" a fresh folder name of the row's own.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bad-input.h"
#include "tests.h"

/* ASan and UBSan builds are slow; a real hang is for ever */
#define BAD_INPUT_TIMEOUT_S 30

struct bad_input {
	const char *argv[16];
	const char *message; /* what the one line must hold */
};

static const struct bad_input bad_inputs[] = {
	/* the command line's top level */
	{ { NULL }, "name a command" },
	{ { "bogus" }, "unknown command \"bogus\"" },
	{ { "--bogus" }, "unknown command \"--bogus\"" },
	{ { "" }, "unknown command \"\"" },
	/* run: options */
	{ { "run", "--bogus" }, "unknown option --bogus" },
	{ { "run", "-x" }, "unknown option -x" },
	{ { "run", "extra" }, "unexpected argument \"extra\"" },
	{ { "run", "--samples" }, "--samples needs a value" },
	{ { "run", "--fail-on-early=yes" }, "--fail-on-early takes no value" },
	{ { "run", "--samples", "0" }, "--samples: \"0\"" },
	{ { "run", "--samples", "-1" }, "--samples: \"-1\"" },
	{ { "run", "--samples", "1e99" }, "--samples: \"1e99\"" },
	{ { "run", "--samples", "99999999999999999999" },
	  "--samples: \"99999999999999999999\"" },
	{ { "run", "--samples", "0x10" }, "--samples: \"0x10\"" },
	{ { "run", "--rounds", "0" }, "--rounds: \"0\"" },
	{ { "run", "--rounds", "1001" }, "--rounds: \"1001\"" },
	{ { "run", "--cpu", "4096" }, "--cpu: \"4096\" is not a CPU" },
	{ { "run", "--cpu", "-1" }, "--cpu: \"-1\"" },
	{ { "run", "--priority", "0" }, "--priority: \"0\"" },
	{ { "run", "--priority", "100" }, "--priority: \"100\"" },
	{ { "run", "--warmup", "-1" }, "--warmup: \"-1\"" },
	{ { "run", "--policy", "deadline" }, "--policy: \"deadline\"" },
	{ { "run", "--dma-latency", "-2" }, "--dma-latency: \"-2\"" },
	{ { "run", "--timer-slack", "4000000001" }, "--timer-slack: \"4000000001\"" },
	{ { "run", "--hist-max", "0" }, "--hist-max: \"0\"" },
	{ { "run", "--variants", "some" }, "--variants: \"some\"" },
	{ { "run", "--clock", "bogus" }, "unknown clock \"bogus\"" },
	{ { "run", "--clock", ",monotonic" }, "--clock: empty element" },
	{ { "run", "--arm", "sometimes" }, "unknown arm \"sometimes\"" },
	{ { "run", "--format", "bogus" }, "unknown format \"bogus\"" },
	{ { "run", "--format", "table,,json" }, "--format: empty element" },
	{ { "run", "--load", "cpu" }, "--load: \"cpu\"" },
	{ { "run", "--smp", "--cpu", "0" }, "--smp runs on every CPU" },
	{ { "run", "--samples", "10", "--duration", "1s" }, "--samples or --duration" },
	{ { "run", "--out", "-", "--format", "table" }, "only --format json" },
	{ { "run", "--out", "" }, "--out: empty folder name" },
	{ { "run", "--out", "FIXTURE/good.json" }, "--out: cannot write reports" },
	{ { "run", "--samples", "1000000000", "--interval", "60s" },
	  "over the 7-day limit" },
	{ { "run", "--format", "samples", "--samples", "1000000000", "--rounds", "1",
	    "--path", "timerfd", "--clock", "monotonic", "--arm", "abs", "--interval",
	    "1us" },
	  "--format samples keeps a block's samples" },
	/* run: durations */
	{ { "run", "--interval", "" }, "--interval: empty element" },
	{ { "run", "--interval", "1" }, "missing unit" },
	{ { "run", "--interval", "1xs" }, "\"1xs\" is not a valid duration" },
	{ { "run", "--interval", "-1ms" }, "\"-1ms\" is not a valid duration: negative" },
	{ { "run", "--interval", "1e3ms" }, "\"1e3ms\" is not a valid duration" },
	{ { "run", "--interval", "99999999999999999999s" }, "too large" },
	{ { "run", "--interval", "ms" }, "\"ms\" is not a valid duration: not a number" },
	{ { "run", "--interval", " 1ms" }, "\" 1ms\" is not a valid duration" },
	{ { "run", "--interval", "500ns" }, "must be at least 1us" },
	{ { "run", "--interval", "61s" }, "must be at most 60s" },
	{ { "run", "--interval", "1ms,2ms,3ms,4ms,5ms,6ms,7ms,8ms,9ms" },
	  "more than 8 intervals" },
	{ { "run", "--interval", "1ms,,2ms" }, "--interval: empty element" },
	{ { "run", "--duration", "0s" }, "--duration: \"0s\"" },
	{ { "run", "--duration", "1ms", "--interval", "10ms" },
	  "shorter than one --interval" },
	/* run: cell specs */
	{ { "run", "--path", "bogus" }, "unknown path \"bogus\"" },
	{ { "run", "--path", "timerfd:bogus" }, "unknown variant \"bogus\"" },
	{ { "run", "--path", "posix-timer:handler:bogus" }, "unknown signal \"bogus\"" },
	{ { "run", "--path", "timerfd:read:rtmin" }, "timerfd has no signals" },
	{ { "run", "--path", "" }, "--path: empty element" },
	{ { "run", "--path", ",," }, "--path: empty element in \",,\"" },
	{ { "run", "--path", "timerfd," }, "--path: empty element" },
	{ { "run", "--path", ":read" }, "unknown path \"\"" },
	/* run: suites */
	{ { "run", "--suite", "nosuch" }, "unknown suite \"nosuch\"" },
	{ { "run", "--suite", "FIXTURE/missing.json" }, "No such file or directory" },
	{ { "run", "--suite", "FIXTURE/suite-empty.json" }, "suite-empty.json: line 1" },
	{ { "run", "--suite", "FIXTURE/suite-truncated.json" },
	  "suite-truncated.json: line 1" },
	{ { "run", "--suite", "FIXTURE/suite-array.json" }, "a suite is a JSON object" },
	{ { "run", "--suite", "FIXTURE/suite-unknown.json" }, "unknown key \"sample\"" },
	{ { "run", "--suite", "FIXTURE/suite-out.json" }, "unknown key \"out\"" },
	{ { "run", "--suite", "FIXTURE/suite-load.json" }, "unknown key \"load\"" },
	{ { "run", "--suite", "FIXTURE/suite-value.json" }, "samples: \"many\"" },
	{ { "run", "--suite", "FIXTURE/suite-type.json" }, "samples: must be" },
	{ { "run", "--suite", "FIXTURE/suite-flag.json" },
	  "fail_on_early: must be true or false" },
	{ { "run", "--suite", "FIXTURE/suite-list.json" }, "path: must be" },
	{ { "run", "--suite", "FIXTURE/suite-path.json" }, "unknown variant \"bogus\"" },
	{ { "run", "--suite", "FIXTURE/suite-rounds.json" }, "rounds: \"-1\"" },
	{ { "run", "--suite", "FIXTURE/suite-huge.json" }, "too big integer" },
	{ { "run", "--suite", "FIXTURE/suite-interval.json" }, "\"1xs\"" },
	{ { "run", "--suite", "FIXTURE/suite-gate.json" },
	  "the cell glob before = is empty" },
	{ { "run", "--suite", "FIXTURE/suite-duplicate.json" }, "duplicate object key" },
	{ { "run", "--suite", "FIXTURE/suite-deep.json" }, "maximum parsing depth" },
	{ { "run", "--suite", "FIXTURE/suite-binary.json" }, "holds a NUL byte" },
	{ { "run", "--suite", "FIXTURE/folder.json" }, "a folder" },
	{ { "run", "--suite", "FIXTURE/fifo.json" }, "not a regular file" },
	{ { "run", "--suite", "FIXTURE/dev-zero.json" }, "not a regular file" },
	{ { "run", "--suite", "FIXTURE/loop-a.json" },
	  "Too many levels of symbolic links" },
	/* run: gates */
	{ { "run", "--max-p99", "bogus" }, "--max-p99: \"bogus\" is not a valid limit" },
	{ { "run", "--max-p99", "" }, "--max-p99: \"\" is not a valid limit: empty" },
	{ { "run", "--max-p99", "=1ms" }, "the cell glob before = is empty" },
	{ { "run", "--max-latency", "1" }, "missing unit" },
	{ { "run", "--max-latency", "-1ms" }, "negative" },
	/* KCIDB options */
	{ { "run", "--format", "kcidb" }, "needs --kcidb-origin" },
	{ { "run", "--format", "kcidb", "--kcidb-origin", "timerlab" },
	  "needs --kcidb-build-id" },
	{ { "run", "--kcidb-origin", "Upper" }, "\"Upper\" is not a KCIDB origin" },
	{ { "run", "--kcidb-origin", "a:b" }, "\"a:b\" is not a KCIDB origin" },
	{ { "run", "--kcidb-build-id", "nocolon" }, "\"nocolon\" is not a KCIDB id" },
	{ { "run", "--kcidb-build-id", ":1" }, "\":1\" is not a KCIDB id" },
	{ { "report", "--format", "kcidb", "FIXTURE/good.json" },
	  "needs --kcidb-origin" },
	{ { "compare", "--format", "kcidb", "--kcidb-origin", "o", "--kcidb-build-id",
	    "o:1", "FIXTURE/good.json", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "describes one build" },
	{ { "check", "--kcidb-origin", "UP" }, "\"UP\" is not a KCIDB origin" },
	/* report: options */
	{ { "report" }, "name at least one result file" },
	{ { "report", "--bogus", "FIXTURE/good.json" }, "unknown option --bogus" },
	{ { "report", "--details=x", "FIXTURE/good.json" }, "--details takes no value" },
	{ { "report", "--format", "hgrm", "FIXTURE/good.json" }, "give --out DIR" },
	{ { "report", "--format", "samples", "FIXTURE/good.json" },
	  "does not write \"samples\"" },
	{ { "report", "--hist-max", "0", "FIXTURE/good.json" }, "--hist-max: \"0\"" },
	{ { "report", "--out", "", "FIXTURE/good.json" }, "--out: empty folder name" },
	/* report: result files */
	{ { "report", "--out", "OUT", "FIXTURE/missing.json" },
	  "missing.json: cannot open" },
	{ { "report", "FIXTURE/good.json/x" }, "Not a directory" },
	{ { "report", "FIXTURE/empty.json" }, "empty.json: line 1" },
	{ { "report", "FIXTURE/spaces.json" }, "spaces.json: line 3" },
	{ { "report", "FIXTURE/truncated.json" }, "premature end of input" },
	{ { "report", "FIXTURE/array.json" }, "a timerlab result is a JSON object" },
	{ { "report", "FIXTURE/string.json" }, "string.json" },
	{ { "report", "FIXTURE/package.json" }, "not a timerlab result" },
	{ { "report", "FIXTURE/kcidb.json" }, "not a timerlab result" },
	{ { "report", "FIXTURE/schema-2.json" },
	  "timerlab.result/2 is not timerlab.result/1" },
	{ { "report", "FIXTURE/comparison.json" },
	  "\"timerlab.comparison/1\" is not a timerlab result" },
	{ { "report", "FIXTURE/duplicate.json" }, "duplicate object key" },
	{ { "report", "FIXTURE/nul-escape.json" }, "\\u0000 is not allowed" },
	{ { "report", "FIXTURE/samples-text.json" }, "cells[0].samples" },
	{ { "report", "FIXTURE/samples-negative.json" }, "cells[0].samples" },
	{ { "report", "FIXTURE/p99-real.json" }, "cells[0].p99_ns: must be an integer" },
	{ { "report", "FIXTURE/p99-huge.json" }, "too big integer" },
	{ { "report", "FIXTURE/huge-count.json" }, "too big integer" },
	{ { "report", "FIXTURE/mean-huge.json" },
	  "cells[0].mean_ns: must be a number from" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/mean-huge.json" },
	  "cells[0].mean_ns" },
	{ { "report", "FIXTURE/interval-text.json" }, "cells[0].interval_ns" },
	{ { "report", "FIXTURE/cells-object.json" }, "cells: must be an array" },
	{ { "report", "FIXTURE/no-cells.json" }, "cells: is missing" },
	{ { "report", "FIXTURE/no-env.json" }, "env: is missing" },
	{ { "report", "FIXTURE/no-key.json" }, "cells[0].key" },
	{ { "report", "FIXTURE/cell-array.json" }, "cells[0]: must be an object" },
	{ { "report", "FIXTURE/histogram-row.json" }, "cells[0].histogram[0]" },
	{ { "report", "FIXTURE/histogram-counts.json" },
	  "cells[0].histogram: counts add up" },
	{ { "report", "FIXTURE/verdict.json" }, "checks[0].verdict" },
	{ { "report", "FIXTURE/interrupted.json" },
	  "interrupted: must be true or false" },
	{ { "report", "FIXTURE/argv.json" }, "argv[0]: must be a string" },
	{ { "report", "FIXTURE/round.json" }, "cells[0].rounds[0]" },
	{ { "report", "FIXTURE/gate.json" }, "gates[0].passed" },
	{ { "report", "FIXTURE/deep-array.json" }, "maximum parsing depth" },
	{ { "report", "FIXTURE/deep-object.json" }, "maximum parsing depth" },
	{ { "report", "FIXTURE/garbage.bin" }, "garbage.bin: line 1" },
	{ { "report", "FIXTURE/huge.json" }, "too large to be a result" },
	{ { "report", "FIXTURE/folder" }, "a folder, not a result file" },
	{ { "report", "FIXTURE/fifo" }, "fifo: not a regular file" },
	{ { "report", "/dev/zero" }, "/dev/zero: not a regular file" },
	{ { "report", "FIXTURE/loop-a.json" }, "Too many levels of symbolic links" },
	{ { "report", "--out", "OUT", "FIXTURE/good.json", "FIXTURE/fifo" },
	  "not a regular file" },
	/* compare */
	{ { "compare" }, "name BASE and at least one result" },
	{ { "compare", "FIXTURE/good.json" }, "name BASE and at least one result" },
	{ { "compare", "--strict=1", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "--strict takes no value" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/fifo" },
	  "fifo: not a regular file" },
	{ { "compare", "FIXTURE/fifo", "FIXTURE/good.json" },
	  "fifo: not a regular file" },
	{ { "compare", "FIXTURE/good.json", "/dev/zero" }, "not a regular file" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/folder" }, "a folder" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/deep-array.json" },
	  "maximum parsing depth" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/garbage.bin" }, "garbage.bin" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/package.json" },
	  "not a timerlab result" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/kcidb.json" },
	  "not a timerlab result" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/empty.json" }, "empty.json" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/huge.json" }, "too large" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/samples-text.json" },
	  "cells[0].samples" },
	{ { "compare", "FIXTURE/good.json", "FIXTURE/loop-a.json" }, "Too many levels" },
	{ { "compare", "--gate", "bogus", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "--gate \"bogus\": not [GLOB=]METRIC:CHANGE" },
	{ { "compare", "--gate", "", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "--gate \"\"" },
	{ { "compare", "--gate", "p99:", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "--gate \"p99:\"" },
	{ { "compare", "--gate", "bogus:+10%", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "unknown metric \"bogus\"" },
	{ { "compare", "--gate", "p99:+x%", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "neither a percentage nor a duration" },
	{ { "compare", "--gate", "missed:+1ms", "FIXTURE/good.json",
	    "FIXTURE/good.json" },
	  "missed takes a count" },
	{ { "compare", "--gate", "=p99:+10%", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "the cell glob before = is empty" },
	{ { "compare", "--gate", "p99:-10%", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "a latency gate is a rise" },
	{ { "compare", "--label", "a", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "1 labels for 2 results" },
	{ { "compare", "--label", ",", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "--label: empty element" },
	{ { "compare", "--out", "", "FIXTURE/good.json", "FIXTURE/good.json" },
	  "--out: empty file name" },
	{ { "compare", "--out", "FIXTURE/folder", "FIXTURE/good.json",
	    "FIXTURE/good.json" },
	  "Is a directory" },
	{ { "compare", "--format", "html,bogus", "FIXTURE/good.json",
	    "FIXTURE/good.json" },
	  "unknown format \"bogus\"" },
	/* check */
	{ { "check", "--bogus" }, "unknown option --bogus" },
	{ { "check", "extra" }, "unexpected argument \"extra\"" },
	{ { "check", "--list=x" }, "--list takes no value" },
	{ { "check", "--only", "nosuch" }, "\"nosuch\" matches no check" },
	{ { "check", "--only", "" }, "--only: empty element" },
	{ { "check", "--skip", "*" }, "leaves no check to run" },
	{ { "check", "--timeout", "0ms" }, "--timeout: \"0ms\"" },
	{ { "check", "--timeout", "1" }, "missing unit" },
	{ { "check", "--timeout", "999999s" }, "must be at most" },
	{ { "check", "--out", "" }, "--out: empty directory name" },
	{ { "check", "--format", "kcidb" }, "needs --out DIR" },
	{ { "check", "--format", "bogus" }, "unknown format \"bogus\"" },
	/* list */
	{ { "list", "extra" }, "unexpected argument \"extra\"" },
	{ { "list", "--suites", "extra" }, "unexpected argument \"extra\"" },
	{ { "list", "--bogus" }, "unexpected argument \"--bogus\"" },
};

#define BAD_INPUT_COUNT (sizeof(bad_inputs) / sizeof(bad_inputs[0]))

static const char *fixtures;

static int bad_input_cleanup(void)
{
	bad_input_fixtures_remove();
	return 0;
}

/* argv with FIXTURE/ and OUT filled in; a run gets an --out of its own. */
static size_t bad_input_argv(const struct bad_input *row, const char *out,
			     char storage[][PATH_MAX], const char **argv)
{
	size_t n = 0;
	bool has_out = false;

	for (size_t i = 0; row->argv[i]; i++)
		has_out |= strcmp(row->argv[i], "--out") == 0;
	for (size_t i = 0; row->argv[i]; i++) {
		const char *arg = row->argv[i], *marker = strstr(arg, "FIXTURE/");

		if (strcmp(arg, "OUT") == 0)
			snprintf(storage[i], PATH_MAX, "%s", out);
		else if (marker)
			snprintf(storage[i], PATH_MAX, "%.*s%s/%s", (int)(marker - arg),
				 arg, fixtures, marker + strlen("FIXTURE/"));
		else
			snprintf(storage[i], PATH_MAX, "%s", arg);
		argv[n] = storage[i];
		n++;
		if (i == 0 && strcmp(arg, "run") == 0 && !has_out) {
			argv[n++] = "--out";
			argv[n++] = out;
		}
	}
	argv[n] = NULL;
	return n;
}

/* What is wrong with the row's answer, or NULL. */
static const char *bad_input_judge(const struct bad_input *row,
				   const struct bad_input_output *output, const char *out)
{
	struct stat st;

	if (output->timed_out)
		return "it hung, and was killed";
	if (output->status != 2)
		return "status is not 2";
	if (output->out[0])
		return "it wrote on stdout";
	if (strncmp(output->err, "timerlab: ", 10) != 0)
		return "stderr does not start with \"timerlab: \"";
	if (!strchr(output->err, '\n') || strchr(output->err, '\n')[1])
		return "stderr is not exactly one line";
	if (!strstr(output->err, row->message))
		return "the line does not name what is wrong";
	if (lstat(out, &st) == 0)
		return "it made its --out folder";
	return NULL;
}

static void test_bad_inputs(void)
{
	size_t failed = 0;

	fixtures = bad_input_fixtures_make();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fixtures);
	for (size_t r = 0; r < BAD_INPUT_COUNT; r++) {
		const struct bad_input *row = &bad_inputs[r];
		char storage[16][PATH_MAX], out[PATH_MAX];
		const char *argv[20], *wrong;
		struct bad_input_output output;

		snprintf(out, sizeof(out), "%s/out-%zu", fixtures, r);
		bad_input_argv(row, out, storage, argv);
		bad_input_run(argv, BAD_INPUT_TIMEOUT_S, &output);
		wrong = bad_input_judge(row, &output, out);
		if (wrong) {
			failed++;
			fprintf(stderr, "\nbad input %zu:", r);
			for (size_t i = 0; argv[i]; i++)
				fprintf(stderr, " '%s'", argv[i]);
			fprintf(stderr,
				"\n  %s (status %d, expected \"%s\")\n  stdout: %.300s\n  stderr: %.600s\n",
				wrong, output.status, row->message, output.out,
				output.err);
		}
		bad_input_output_free(&output);
	}
	printf("(%zu inputs) ", BAD_INPUT_COUNT);
	CU_ASSERT_EQUAL(failed, 0);
	bad_input_fixtures_remove();
}

void tests_bad_input(void)
{
	/* the folder goes even when a failed assertion ends the test */
	CU_pSuite suite = tests_suite_cleaned("bad input", bad_input_cleanup);

	CU_add_test(suite, "every malformed input: status 2, one line naming it",
		    test_bad_inputs);
}
