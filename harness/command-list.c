/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "command-list.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../cases/registry.h"
#include "../lib/time.h"
#include "cell.h"
#include "message.h"
#include "options.h"
#include "plan.h"
#include "suite.h"

static void list_names(const char *label, const char *const *names)
{
	printf("    %s: ", label);
	if (!names || !names[0])
		printf("-");
	for (unsigned i = 0; names && names[i]; i++)
		printf("%s%s%s", i ? ", " : "", names[i], i == 0 ? " (default)" : "");
	printf("\n");
}

#define LIST_REASONS_MAX 256

/* A path's variant:signal combinations, numbered 0 .. variants x signals - 1. */
struct list_walk {
	const struct tl_path *path;
	unsigned variants, signals; /* at least 1 each */
};

static struct tl_cell list_cell(const struct list_walk *walk, unsigned combo,
				size_t clock, unsigned arm)
{
	struct tl_cell cell = {
		.path = walk->path,
		.variant = combo / walk->signals,
		.signal = combo % walk->signals,
		.arm = (enum tl_arm)arm,
		.interval_ns = TL_NS_PER_MS,
	};

	/* the interval the path runs at by default (alarm: 1s, not 1ms) */
	if (walk->path->granularity_ns > cell.interval_ns)
		cell.interval_ns = walk->path->granularity_ns;
	cell.clock = tl_clock_names[clock].clock;
	return cell;
}

static bool list_has_reason(const struct list_walk *walk, unsigned combo, size_t clock,
			    unsigned arm, const char *reason)
{
	struct tl_cell cell = list_cell(walk, combo, clock, arm);
	const char *why = walk->path->unsupported(&cell);

	return why && (!reason || strcmp(why, reason) == 0);
}

/* "handler:rtmin/" as the table's variant column says it, or "" */
static void list_print_combo(const struct list_walk *walk, unsigned combo)
{
	struct tl_cell cell = list_cell(walk, combo, 0, 0);
	const char *variant = tl_cell_variant(&cell), *signal = tl_cell_signal(&cell);

	printf("%s%s%s%s", variant ? variant : "", variant && signal ? ":" : "",
	       signal ? signal : "", variant || signal ? "/" : "");
}

/* clock/arm when the reason holds there for every variant and signal, else
 * variant:signal/clock/arm for each one it holds for. */
static void list_reason_cells(const struct list_walk *walk, const char *reason)
{
	const unsigned all = walk->variants * walk->signals;
	const char *separator = "";

	for (size_t c = 0; c < TL_CELL_CLOCKS; c++) {
		for (unsigned a = 0; a < TL_ARM_COUNT; a++) {
			unsigned hits = 0;

			for (unsigned i = 0; i < all; i++)
				hits += list_has_reason(walk, i, c, a, reason);
			for (unsigned i = 0; i < all && hits; i++) {
				if (!list_has_reason(walk, i, c, a, reason))
					continue;
				printf("%s", separator);
				if (hits < all)
					list_print_combo(walk, i);
				printf("%s/%s", tl_clock_names[c].name,
				       tl_arm_name((enum tl_arm)a));
				separator = ", ";
				if (hits == all)
					break;
			}
		}
	}
}

/* Each distinct reason once, with the cells it applies to. */
static void list_unsupported(const struct tl_path *path)
{
	const struct list_walk walk = {
		.path = path,
		.variants =
			tl_name_count(path->variants) ? tl_name_count(path->variants) : 1,
		.signals =
			tl_name_count(path->signals) ? tl_name_count(path->signals) : 1,
	};
	const char *reasons[LIST_REASONS_MAX];
	size_t reason_count = 0;

	for (unsigned i = 0; i < walk.variants * walk.signals; i++) {
		for (size_t c = 0; c < TL_CELL_CLOCKS; c++) {
			for (unsigned a = 0; a < TL_ARM_COUNT; a++) {
				struct tl_cell cell = list_cell(&walk, i, c, a);
				const char *why = path->unsupported(&cell);
				size_t r = 0;

				while (why && r < reason_count &&
				       strcmp(why, reasons[r]) != 0)
					r++;
				if (why && r == reason_count &&
				    reason_count < LIST_REASONS_MAX)
					reasons[reason_count++] = why;
			}
		}
	}
	for (size_t r = 0; r < reason_count; r++) {
		printf("    n/a: ");
		list_reason_cells(&walk, reasons[r]);
		printf(" (%s)\n", reasons[r]);
	}
}

/* Each built-in suite with what its plan would take here. */
static int list_suites(void)
{
	printf("suites (timerlab run --suite NAME, or a JSON file with the same keys):\n");
	for (size_t i = 0; tl_builtin_suites[i].name; i++) {
		char *argv[] = { "run", "--suite", (char *)tl_builtin_suites[i].name,
				 NULL };
		struct tl_run_options options;
		struct tl_plan plan;
		char why[512] = "out of memory", expected[32];
		int64_t expected_ns = 0;

		if (tl_run_options_parse(3, argv, &options, why, sizeof(why)) < 0 ||
		    tl_plan_build(&options, &plan) < 0) {
			tl_error("suite %s: %s", tl_builtin_suites[i].name, why);
			return TL_EXIT_CANNOT;
		}
		tl_plan_expected(&plan, &expected_ns); /* built-in suites fit */
		tl_duration_format(expected_ns / TL_NS_PER_S * TL_NS_PER_S, expected,
				   sizeof(expected));
		printf("  %-8s about %-6s %3zu cells  %s\n", tl_builtin_suites[i].name,
		       expected, plan.count, tl_builtin_suites[i].description);
		printf("           %s\n", tl_builtin_suites[i].json);
		tl_plan_free(&plan);
	}
	return TL_EXIT_OK;
}

static void list_granularity(const struct tl_path *path)
{
	char step[32];

	if (path->granularity_ns <= 0)
		return;
	tl_duration_format(path->granularity_ns, step, sizeof(step));
	printf("    interval: steps of %s; a finer --interval runs it at %s with at most 3 samples\n"
	       "      and no warm-up, unless --path names it and --samples, --duration or\n"
	       "      --warmup asks\n",
	       step, step);
}

int tl_list_main(int argc, char **argv)
{
	size_t count;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			printf("usage: timerlab list [--suites]\n"
			       "\n"
			       "Paths, variants, signals, clocks and arms, why a combination is n/a,\n"
			       "and how many checks there are.\n"
			       "  --suites          the built-in suites and how long each takes\n"
			       "  --help            this text\n");
			return TL_EXIT_OK;
		}
		if (strcmp(argv[1], "--suites") == 0 && argc == 2)
			return list_suites();
		/* the argument that is wrong: after --suites, what follows it */
		tl_usage_fail("list: unexpected argument \"%s\"",
			      argv[strcmp(argv[1], "--suites") == 0 ? 2 : 1]);
	}

	printf("paths (a cell spec is path[:variant[:signal]]):\n");
	for (size_t i = 0; tl_paths[i]; i++) {
		const struct tl_path *path = tl_paths[i];

		printf("  %-16s %s\n", path->name, path->summary);
		list_names("variants", path->variants);
		if (path->signals)
			list_names("signals", path->signals);
		list_granularity(path);
		list_unsupported(path);
	}
	printf("clocks: monotonic, realtime (the default two), boottime, tai (--clock all)\n");
	printf("arms: abs, rel, periodic (default: all)\n");
	for (count = 0; tl_checks[count]; count++)
		;
	printf("checks: %zu (timerlab check --list names them)\n", count);
	return TL_EXIT_OK;
}
