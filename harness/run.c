/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../lib/report.h"
#include "../lib/result.h"
#include "../lib/time.h"
#include "message.h"
#include "options.h"
#include "plan.h"
#include "runner.h"

static int run_status(const struct tl_result *result)
{
	size_t measured = 0, failed = 0;

	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (cell->unsupported)
			continue;
		measured++;
		failed += cell->error != NULL;
	}
	if (failed)
		tl_warn("%zu of %zu cells could not be measured: see the error column", failed,
			measured);
	return measured && failed == measured ? TL_EXIT_CANNOT : TL_EXIT_OK;
}

int tl_run_main(int argc, char **argv)
{
	struct tl_run_options options;
	struct tl_plan plan;
	struct tl_result result;
	char why[512], expected[32];
	int err, status;

	err = tl_run_options_parse(argc, argv, &options, why, sizeof(why));
	if (err > 0)
		return TL_EXIT_OK;
	if (err < 0)
		tl_usage_fail("%s", why);
	if (tl_plan_build(&options, &plan) < 0) {
		tl_error("out of memory");
		return TL_EXIT_CANNOT;
	}
	if (!options.quiet) {
		tl_duration_format(tl_plan_expected_ns(&plan) / TL_NS_PER_MS * TL_NS_PER_MS,
				   expected, sizeof(expected));
		fprintf(stderr, "timerlab: measuring %zu cells, about %s\n", plan.count, expected);
	}
	tl_result_init(&result);
	err = tl_runner_run(&plan, &options, NULL, &result);
	if (err) {
		tl_error("run: %s", strerror(-err));
		status = TL_EXIT_CANNOT;
	} else {
		tl_report_table(stdout, &result);
		status = run_status(&result);
	}
	tl_result_free(&result);
	tl_plan_free(&plan);
	return status;
}
