/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "list.h"

#include <stdio.h>
#include <string.h>

#include "../cases/registry.h"
#include "../lib/time.h"
#include "cell.h"
#include "message.h"
#include "options.h"
#include "plan.h"
#include "suite.h"

static const char *const list_clocks[] = { "monotonic", "realtime", "boottime", "tai" };
#define LIST_CLOCK_COUNT (sizeof(list_clocks) / sizeof(list_clocks[0]))

static void list_names(const char *label, const char *const *names)
{
	printf("    %s: ", label);
	if (!names || !names[0])
		printf("-");
	for (unsigned i = 0; names && names[i]; i++)
		printf("%s%s%s", i ? ", " : "", names[i], i == 0 ? " (default)" : "");
	printf("\n");
}

/* Each distinct reason once, with the clock/arm pairs it applies to. */
static void list_unsupported(const struct tl_path *path)
{
	const char *reasons[LIST_CLOCK_COUNT * TL_ARM_COUNT];
	size_t reason_count = 0;
	struct tl_cell cell = { .path = path, .interval_ns = TL_NS_PER_MS };

	for (size_t c = 0; c < LIST_CLOCK_COUNT; c++) {
		tl_clock_from_name(list_clocks[c], &cell.clock);
		for (unsigned a = 0; a < TL_ARM_COUNT; a++) {
			cell.arm = (enum tl_arm)a;
			const char *why = path->unsupported(&cell);
			size_t r = 0;

			while (why && r < reason_count && strcmp(reasons[r], why) != 0)
				r++;
			if (why && r == reason_count)
				reasons[reason_count++] = why;
		}
	}
	for (size_t r = 0; r < reason_count; r++) {
		const char *separator = "";

		printf("    n/a: ");
		for (size_t c = 0; c < LIST_CLOCK_COUNT; c++) {
			tl_clock_from_name(list_clocks[c], &cell.clock);
			for (unsigned a = 0; a < TL_ARM_COUNT; a++) {
				cell.arm = (enum tl_arm)a;
				const char *why = path->unsupported(&cell);

				if (why && strcmp(why, reasons[r]) == 0) {
					printf("%s%s/%s", separator, list_clocks[c],
					       tl_arm_name(cell.arm));
					separator = ", ";
				}
			}
		}
		printf(" (%s)\n", reasons[r]);
	}
}

/* Each built-in suite with what its plan would take here. */
static int list_suites(void)
{
	printf("suites (timerlab run --suite NAME, or a JSON file with the same keys):\n");
	for (size_t i = 0; tl_builtin_suites[i].name; i++) {
		char *argv[] = { "run", "--suite", (char *)tl_builtin_suites[i].name, NULL };
		struct tl_run_options options;
		struct tl_plan plan;
		char why[512], expected[32];

		if (tl_run_options_parse(3, argv, &options, why, sizeof(why)) < 0 ||
		    tl_plan_build(&options, &plan) < 0) {
			tl_error("suite %s: %s", tl_builtin_suites[i].name, why);
			return TL_EXIT_CANNOT;
		}
		tl_duration_format(tl_plan_expected_ns(&plan) / TL_NS_PER_S * TL_NS_PER_S,
				   expected, sizeof(expected));
		printf("  %-8s about %-6s %3zu cells  %s\n", tl_builtin_suites[i].name, expected,
		       plan.count, tl_builtin_suites[i].description);
		printf("           %s\n", tl_builtin_suites[i].json);
		tl_plan_free(&plan);
	}
	return TL_EXIT_OK;
}

int tl_list_main(int argc, char **argv)
{
	size_t count;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			printf("usage: timerlab list [--suites]\n\nPaths, variants, signals, "
			       "clocks and arms, why a combination is n/a, and how many\nchecks "
			       "there are; with --suites, the built-in suites and how long\n"
			       "each takes.\n");
			return TL_EXIT_OK;
		}
		if (strcmp(argv[1], "--suites") == 0 && argc == 2)
			return list_suites();
		tl_usage_fail("list: unexpected argument \"%s\"", argv[1]);
	}

	printf("paths (a cell spec is path[:variant[:signal]]):\n");
	for (size_t i = 0; tl_paths[i]; i++) {
		const struct tl_path *path = tl_paths[i];

		printf("  %-16s %s\n", path->name, path->summary);
		list_names("variants", path->variants);
		if (path->signals)
			list_names("signals", path->signals);
		list_unsupported(path);
	}
	printf("clocks: monotonic, realtime (the default two), boottime, tai (--clock all)\n");
	printf("arms: abs, rel, periodic (default: all)\n");
	for (count = 0; tl_checks[count]; count++)
		;
	printf("checks: %zu (timerlab check --list names them)\n", count);
	return TL_EXIT_OK;
}
