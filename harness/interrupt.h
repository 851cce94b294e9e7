/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIGINT, SIGTERM and SIGHUP during a run: the first one asks the runner to
 * stop (it kills the measuring child, keeps what was measured, saves it
 * marked interrupted and exits 128 + signal); a second one exits at once,
 * removing the file being written so that no partial file is left, and
 * undoing what --trace-over did to tracefs.
 */
#ifndef TL_INTERRUPT_H
#define TL_INTERRUPT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The first signal received, 0 until then. */
extern volatile sig_atomic_t tl_interrupt_signal;

void tl_interrupt_install(void);
/* The temporary file to remove if a second signal ends the process now;
 * NULL once it has been renamed into place or removed. */
void tl_interrupt_guard_file(const char *temp_path);

/* A process group to kill if a second signal ends the process now (the
 * background load); 0 for none. */
void tl_interrupt_guard_group(pid_t group);

/* --trace-over: the trace instances to remove (with the parent's own fds
 * on their files, to close first), and the tracefs to unmount (NULL:
 * tracefs was mounted before), if a second signal ends the process now;
 * count 0 once they are undone. */
void tl_interrupt_guard_trace(const char *const *dirs, const int (*fds)[2], size_t count,
			      const char *mounted_root);
/* A child that runs (on) or was reaped: while tracing, a second signal
 * kills and reaps it first, as it holds the instances' files open. */
void tl_interrupt_guard_child(pid_t pid, bool on);

#endif
