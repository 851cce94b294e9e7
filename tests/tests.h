/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Each tests/test-*.c adds its suites through one of these. */
#ifndef TL_TESTS_H
#define TL_TESTS_H

#include <CUnit/CUnit.h>
#include <stdint.h>

void tests_time(void);
void tests_hist(void);
void tests_stats(void);
void tests_cell(void);
void tests_options(void);
void tests_loop(void);
void tests_plan(void);
void tests_suite_gates(void);
void tests_result(void);
void tests_reports(void);
void tests_conditions(void);
/* The conditions suite's tests as an unprivileged user (test-unprivileged.c). */
void tests_conditions_unprivileged(CU_pSuite suite);
void tests_integration(void);
void tests_kernel_version(void);
void tests_env(void);
void tests_kernel_matrix(void);
void tests_kernel_matrix_boot(void);
void tests_report_checks(void);
void tests_check_runner(void);
void tests_check_retry(void);
void tests_check_tool(void);
void tests_granularity(void);
void tests_table(void);
void tests_paths(void);
void tests_check_helpers(void);
void tests_checks_clock_nanosleep(void);
void tests_checks_timerfd(void);
void tests_checks_posix_timer(void);
/* A group's tests spread over several files join its one suite. */
void tests_checks_posix_timer_gettime(CU_pSuite suite);
void tests_checks_posix_timer_cputime(CU_pSuite suite);
void tests_checks_posix_timer_periodic(CU_pSuite suite);
void tests_checks_setitimer(void);
void tests_checks_alarm(void);
void tests_checks_signal(void);
void tests_checks_mqueue(void);
void tests_checks_clock(void);
void tests_documents(void);
void tests_formats(void);
void tests_registry(void);
void tests_source(void);
void tests_measure(void);
void tests_median(void);
void tests_report_formats(void);
void tests_report_run(void);
void tests_manual(void);
void tests_html(void);
void tests_significance(void);
void tests_compare(void);
void tests_cyclictest(void);
void tests_compare_noise(void);
void tests_compare_tool(void);
void tests_compare_hog(void);
void tests_trace_analysis(void);
void tests_trace(void);
void tests_trace_report(void);
void tests_ci_formats(void);
void tests_ci_formats_tool(void);
void tests_ci_recipes(void);
/* The suite's tests of the recipes' jobs (test-ci-jobs.c). */
void tests_ci_jobs(CU_pSuite suite);
void tests_lava_format(void);
void tests_lava(void);
void tests_kill(void);
void tests_fuzz_regressions(void);
void tests_checkpoint(void);
/* The suite's tests that run timerlab with checkpoints (test-checkpoint-runs.c). */
void tests_checkpoint_runs(CU_pSuite suite);
void tests_valgrind(void);
void tests_hygiene(void);
/* The hygiene suite's test of tracefs and /dev/cpu_dma_latency (test-hygiene-found.c). */
void tests_hygiene_left_as_found(CU_pSuite suite);
void tests_bad_input(void);
void tests_security(void);

/* Add a suite; aborts the test run if CUnit cannot. */
CU_pSuite tests_suite(const char *name);
/* The same, with cleanup() run when the suite ends. */
CU_pSuite tests_suite_cleaned(const char *name, CU_CleanupFunc cleanup);

/* Deterministic random numbers (xorshift64*), so failures reproduce. */
uint64_t tests_random(uint64_t *state);
double tests_random_unit(uint64_t *state); /* (0, 1) */

#endif
