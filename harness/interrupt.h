/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIGINT, SIGTERM and SIGHUP during a run: the first one asks the runner to
 * stop (it kills the measuring child, keeps what was measured, saves it
 * marked interrupted and exits 128 + signal); a second one exits at once,
 * removing the file being written so that no partial file is left.
 */
#ifndef TL_INTERRUPT_H
#define TL_INTERRUPT_H

#include <signal.h>
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

#endif
