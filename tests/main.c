/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test runner: every suite, or the suites named on its command line
 * (timerlab-tests "source text"), through CUnit's basic interface, and an
 * exit status that is non-zero when any assertion failed
 * (CU_basic_run_tests returns 0 even then). */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

CU_pSuite tests_suite(const char *name)
{
	return tests_suite_cleaned(name, NULL);
}

/* The PATH the tests were started with. A test that changes it for a
 * program it starts puts it back, but an assertion that ends the test
 * first would leave every later test without make, man or python3: so
 * each test begins with the PATH found at the start (NULL: none). */
static char *tests_path;

static void tests_save_path(void)
{
	const char *found = getenv("PATH");

	tests_path = found ? strdup(found) : NULL;
}

static void tests_restore_path(void)
{
	if (tests_path)
		setenv("PATH", tests_path, 1);
	else
		unsetenv("PATH");
}

CU_pSuite tests_suite_cleaned(const char *name, CU_CleanupFunc cleanup)
{
	CU_pSuite suite = CU_add_suite_with_setup_and_teardown(name, NULL, cleanup,
							       tests_restore_path, NULL);

	if (!suite) {
		fprintf(stderr, "tests: cannot add suite %s: %s\n", name,
			CU_get_error_msg());
		exit(2);
	}
	return suite;
}

uint64_t tests_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

double tests_random_unit(uint64_t *state)
{
	return ((double)(tests_random(state) >> 11) + 0.5) / 9007199254740992.0;
}

/* The suites named, each run on its own; 2 when one does not exist. */
static int run_named(int count, char **names)
{
	for (int i = 0; i < count; i++) {
		CU_pSuite suite = CU_get_suite(names[i]);

		if (!suite) {
			fprintf(stderr, "tests: no suite \"%s\"\n", names[i]);
			return 2;
		}
		CU_basic_run_suite(suite);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned failures;
	int err = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	tests_save_path(); /* before any test */
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	tests_time();
	tests_hist();
	tests_stats();
	tests_cell();
	tests_options();
	tests_loop();
	tests_plan();
	tests_suite_gates();
	tests_result();
	tests_reports();
	tests_conditions();
	tests_integration();
	tests_kernel_version();
	tests_env();
	tests_kernel_matrix();
	tests_kernel_matrix_boot();
	tests_report_checks();
	tests_check_runner();
	tests_check_retry();
	tests_check_tool();
	tests_granularity();
	tests_table();
	tests_paths();
	tests_check_helpers();
	tests_checks_clock_nanosleep();
	tests_checks_timerfd();
	tests_checks_posix_timer();
	tests_checks_setitimer();
	tests_checks_alarm();
	tests_checks_signal();
	tests_checks_mqueue();
	tests_checks_clock();
	tests_documents();
	tests_formats();
	tests_registry();
	tests_source();
	tests_measure();
	tests_median();
	tests_report_formats();
	tests_report_run();
	tests_manual();
	tests_html();
	tests_significance();
	tests_compare();
	tests_cyclictest();
	tests_compare_noise();
	tests_compare_tool();
	tests_compare_hog();
	tests_trace_analysis();
	tests_trace();
	tests_trace_report();
	tests_ci_formats();
	tests_ci_formats_tool();
	tests_ci_recipes();
	tests_lava_format();
	tests_lava();
	tests_kill();
	tests_fuzz_regressions();
	tests_checkpoint();
	tests_valgrind();
	tests_hygiene();
	tests_bad_input();
	tests_security();
	CU_basic_set_mode(CU_BRM_VERBOSE);
	/* a test a suite's set-up found it cannot run (what it needs cannot
	 * be had here) is made inactive: a skip, counted in the summary's
	 * Inactive column, not a failure */
	CU_set_fail_on_inactive(CU_FALSE);
	if (argc > 1)
		err = run_named(argc - 1, argv + 1);
	else
		CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return err ? err : failures ? 1 : 0;
}
