/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The check runner: runs the selected checks, each in a child process of
 * its own under a time budget, prints KTAP as each ends, and fills a
 * result's checks[]. `timerlab check` and `timerlab run --checks` both call
 * it; tests call it with checks of their own.
 */
#ifndef TL_CHECK_RUNNER_H
#define TL_CHECK_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../cases/checks/check.h"
#include "../lib/result.h"

#define TL_CHECK_MAX_GLOBS 32
#define TL_CHECK_DEFAULT_TIMEOUT_NS (10 * INT64_C(1000000000))
/* A check that needs more than an hour is a hung check. */
#define TL_CHECK_MAX_TIMEOUT_NS (3600 * INT64_C(1000000000))

struct tl_check_options {
	/* fnmatch(3) globs on check names, each entry possibly a comma list:
	 * a check runs when it matches some --only (or there is none) and no
	 * --skip. A skipped check is left out, not reported as SKIP. */
	const char *only[TL_CHECK_MAX_GLOBS];
	size_t only_count;
	const char *skip[TL_CHECK_MAX_GLOBS];
	size_t skip_count;
	int64_t timeout_ns; /* per check; a child still running is killed */
	bool destructive; /* run the checks that set CLOCK_REALTIME */
	/* Judge known-failure ranges as if this release ran; NULL: uname -r.
	 * For tests. */
	const char *kernel_release;
	/* When this becomes non-zero the running check is killed and the run
	 * ends; the checks not run are left out and result->interrupted set. */
	const volatile sig_atomic_t *stop;
};

void tl_check_options_defaults(struct tl_check_options *options);

/* Whether the options select this check (--only, --skip). */
bool tl_check_selected(const struct tl_check *check,
		       const struct tl_check_options *options);

/* The first --only glob that selects none of checks, copied to glob:
 * 1 then, else 0 (a user who names nothing that exists wants to know). */
int tl_check_unmatched_only(const struct tl_check *const *checks,
			    const struct tl_check_options *options, char *glob,
			    size_t size);

/*
 * Run the selected checks of the NULL-terminated list, in order. KTAP goes
 * to ktap as each check ends (NULL: none); each check's verdict, reason and
 * duration are appended to result->checks. 0, or -ENOMEM / -EIO (the KTAP
 * stream failed) / -errno when a child could not be started.
 */
int tl_check_run(const struct tl_check *const *checks,
		 const struct tl_check_options *options, FILE *ktap,
		 struct tl_result *result);

/* tl_check_run on every check timerlab has (tl_checks). */
int tl_check_run_all(const struct tl_check_options *options, FILE *ktap,
		     struct tl_result *result);

/* From a result's checks: 1 when one failed, errored or timed out; else 4
 * when there were checks and every one skipped; else 0. An xpass exits 0:
 * the kernel is right, the expectation is stale. */
int tl_check_exit_status(const struct tl_result *result);

#endif
