/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Background load: stress-ng in a process group of its own, started before
 * measuring and stopped on every way out of timerlab (the end, an error,
 * SIGINT, SIGTERM, a second interrupt, and timerlab being killed outright,
 * through PR_SET_PDEATHSIG), so no stray process ever survives a run.
 */
#ifndef TL_LOAD_H
#define TL_LOAD_H

#include <stddef.h>
#include <sys/types.h>

#include "../lib/rt.h"

struct tl_load {
	pid_t pid; /* stress-ng, leader of its process group; 0: none */
	char command[512]; /* what was run, for the result */
	char log_path[64]; /* stress-ng's output, removed at stop */
};

/*
 * "cpu:1,io:1,vm:1" becomes stress-ng --cpu 1 --io 1 --vm 1; a spec with
 * a space or starting with '-' is raw stress-ng arguments. It runs on cpus
 * (the CPUs timerlab started with; NULL: inherited). Returns once the
 * stressors run. -EINVAL (bad spec), -ENOENT (no stress-ng) or -ECHILD
 * (stress-ng refused or died), with why set.
 */
int tl_load_start(const char *spec, const struct tl_cpu_set *cpus, struct tl_load *load,
		  char *why, size_t why_size);

/* Whether spec would parse, as tl_load_start parses it: 0, or -EINVAL with
 * why set. The options check it, so that a bad spec is refused before any
 * report folder is made. */
int tl_load_check(const char *spec, char *why, size_t why_size);

/* Stop the whole group: SIGTERM, then SIGKILL after a grace period. */
void tl_load_stop(struct tl_load *load);

#endif
