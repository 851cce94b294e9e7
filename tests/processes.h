/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timerlab as a terminal's job, and the processes it leaves behind: for the
 * tests that kill or watch a run from outside. */
#ifndef TL_TESTS_PROCESSES_H
#define TL_TESTS_PROCESSES_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Starts $TIMERLAB (or build/timerlab) with the arguments (NULL-terminated,
 * at most 30) in a process group of its own, as a shell starts a job, so
 * that a signal to -pid reaches all of it as Ctrl-C does; its stdout and
 * stderr go to /dev/null.
 */
pid_t processes_start(const char *const *arguments);

/*
 * The caller is a child subreaper (PR_SET_CHILD_SUBREAPER): an orphan of a
 * run it started becomes its child. Counts the orphans still alive (each
 * printed, killed and reaped) and, with dead_count, the zombies too (an
 * orphan that had died meanwhile still outlived its parent); every zombie
 * is reaped either way.
 */
int processes_strays(bool dead_count);

#endif
