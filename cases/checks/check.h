/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A check: one conformance test of one kernel timer behaviour. Each group
 * of checks lives in cases/checks/<group>.c, which exports one const
 * struct tl_check per check; cases/checks/check-list.h lists them all,
 * cases/checks/README.md is their catalogue, and cases/README.md says how
 * to add one.
 *
 * A check is one function that runs in a child process of its own (the
 * runner forks it with a time budget, so a crash or a hang costs one result
 * line, never the run). It ends with one verdict and a reason:
 *
 *	if (n != 1)
 *		return tl_check_fail(ctx, "read returned %llu, expected 1", n);
 *	return tl_check_pass(ctx, NULL);
 *
 * It may leave timers, handlers and blocked signals behind: its process
 * ends right after it returns. It never prints: tl_check_diag() sends a
 * diagnostic line to the runner, which prints it as a "# " line of KTAP.
 *
 * Expected counts derive from the time actually measured, never from the
 * nominal sleep, and each tolerance is explained beside it: a check judges
 * semantics, not speed.
 */
#ifndef TL_CHECK_H
#define TL_CHECK_H

#include <stdint.h>
#include <time.h>

#include "../../lib/kernel-version.h"
#include "../../lib/result.h"

enum tl_check_flags {
	/* Sets CLOCK_REALTIME: runs only with --destructive, skipped otherwise.
	 * The runner puts the clock back after the check, whatever its end. */
	TL_CHECK_DESTRUCTIVE = 1 << 0,
};

/*
 * Kernels on which the check is known to fail, and why. Inside the range a
 * failure is XFAIL and a pass XPASS (the expectation is stale); outside it a
 * failure is a real failure. No range: .why is NULL.
 */
struct tl_known_fail {
	const char *since; /* first release that fails; NULL: every older one */
	const char *until; /* first release that passes; NULL: still failing */
	const char *why;
};

struct tl_check_ctx;

struct tl_check {
	const char *name; /* "<group>.<behaviour>", as in checks/README.md */
	const char *summary; /* one line for --list: what is done, what passes */
	unsigned flags; /* enum tl_check_flags */
	struct tl_known_fail known_fail;
	/* TL_VERDICT_PASS, _FAIL, _SKIP or _ERROR, through the helpers below. */
	enum tl_verdict (*run)(struct tl_check_ctx *ctx);
};

/*
 * A family of checks with one per clock, so that each clock has its own
 * result line: TL_CHECK_ON_CLOCK(never_early, realtime, CLOCK_REALTIME)
 * defines never_early_realtime(ctx), which runs never_early_run(ctx,
 * CLOCK_REALTIME), for the .run of that clock's struct tl_check. The
 * structs keep their names whole, so that grep and the registry's test
 * find each one.
 */
#define TL_CHECK_ON_CLOCK(family, clock, clock_id)                                       \
	static enum tl_verdict family##_##clock(struct tl_check_ctx *ctx)                \
	{                                                                                \
		return family##_run(ctx, clock_id);                                      \
	}

/* The verdict, with a reason (printf format; NULL for none). */
__attribute__((format(printf, 2, 3))) enum tl_verdict
tl_check_pass(struct tl_check_ctx *ctx, const char *format, ...);
/* The kernel did not behave as it must. */
__attribute__((format(printf, 2, 3))) enum tl_verdict
tl_check_fail(struct tl_check_ctx *ctx, const char *format, ...);
/* The machine cannot do the thing (privilege, capability, configuration):
 * say precisely which. */
__attribute__((format(printf, 2, 3))) enum tl_verdict
tl_check_skip(struct tl_check_ctx *ctx, const char *format, ...);
/* A call the test needs failed for another reason: no verdict on the
 * behaviour itself. */
__attribute__((format(printf, 2, 3))) enum tl_verdict
tl_check_error(struct tl_check_ctx *ctx, const char *format, ...);

/* A diagnostic line for the KTAP output; sent at once, so it survives a
 * later crash. */
__attribute__((format(printf, 2, 3))) void tl_check_diag(struct tl_check_ctx *ctx,
							 const char *format, ...);

/*
 * For TL_CHECK_DESTRUCTIVE checks only: clock_settime(CLOCK_REALTIME), after
 * telling the runner, which then puts the clock back once the check has
 * ended (also when it crashed or hung). 0 or -errno.
 */
int tl_check_set_realtime(struct tl_check_ctx *ctx, const struct timespec *time);

/*
 * The runner's side: run one check in the current (child) process and
 * write its records to out_fd. Each record is one line: "D text" for a
 * diagnostic, "S" before the realtime clock is set, and last "V verdict
 * reason". Text is made one line (control characters become spaces).
 */
void tl_check_child_run(const struct tl_check *check, int out_fd);

/*
 * For unit tests of a check's judgement against scripted observations: a
 * context whose records go to out_fd (-1: nowhere), and what it decided.
 * A check separates observing (system calls, timing) from judging (a
 * function of the observations that returns the verdict), so that the
 * judging can be driven with "read returned 4 where 3 were owed".
 */
struct tl_check_ctx *tl_check_ctx_new(int out_fd);
enum tl_verdict tl_check_ctx_verdict(const struct tl_check_ctx *ctx);
const char *tl_check_ctx_reason(const struct tl_check_ctx *ctx);
void tl_check_ctx_free(struct tl_check_ctx *ctx);

#define TL_CHECK_REASON_MAX 512
/* Diagnostics a check may send in all; past this one line says they were
 * cut, so that the verdict always fits in the runner's 16 KiB. */
#define TL_CHECK_DIAG_MAX (8 * 1024)

#endif
