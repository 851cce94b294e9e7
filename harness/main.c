/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timerlab: how late does my timer wake me, and how much does that vary? */
#include <stdio.h>
#include <string.h>

#include "command-check.h"
#include "command-compare.h"
#include "command-list.h"
#include "command-report.h"
#include "command-run.h"
#include "message.h"

#ifndef TL_VERSION
#define TL_VERSION "0.0.0"
#endif

static void main_usage(FILE *out)
{
	fprintf(out,
		"usage: timerlab COMMAND [options]\n"
		"\n"
		"Measure timer wakeup latency for every way a Linux program can create a\n"
		"timer, side by side, and check the kernel's timer semantics.\n"
		"\n"
		"Commands:\n"
		"  run      measure the plan, print the table, write reports\n"
		"  check    check the kernel's timer semantics; KTAP on stdout\n"
		"  report   render saved results again\n"
		"  compare  compare results (and cyclictest captures), with CI gates\n"
		"  list     paths, variants, signals, clocks, arms\n"
		"\n"
		"timerlab COMMAND --help tells more. Exit status: 0 ok, 1 a check failed or\n"
		"a gate tripped, 2 bad usage or input, 3 the work could not be done, 4\n"
		"everything skipped.\n");
}

int main(int argc, char **argv)
{
	/* Line-buffered before any fork, or buffered output is printed twice. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* bad usage is one line on stderr, as for every other mistake; the
	 * usage itself is what --help prints */
	if (argc < 2)
		tl_usage_fail(
			"name a command: run, check, report, compare or list (see timerlab --help)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return TL_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("timerlab %s\n", TL_VERSION);
		return TL_EXIT_OK;
	}
	if (strcmp(argv[1], "run") == 0)
		return tl_run_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "report") == 0)
		return tl_report_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "compare") == 0)
		return tl_compare_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return tl_check_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return tl_list_main(argc - 1, argv + 1);
	tl_usage_fail("unknown command \"%s\" (see timerlab --help)", argv[1]);
}
