/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The runner: measures a plan, one child per cell, into a result. */
#ifndef TL_RUNNER_H
#define TL_RUNNER_H

#include <signal.h>

#include "../lib/result.h"
#include "options.h"
#include "plan.h"

/*
 * Measure every cell of the plan into result (which the caller has
 * initialised). When *stop becomes non-zero the current child is killed and
 * the cells not yet measured are left out. 0, or -ENOMEM.
 */
int tl_runner_run(const struct tl_plan *plan, const struct tl_run_options *options,
		  const volatile sig_atomic_t *stop, struct tl_result *result);

#endif
