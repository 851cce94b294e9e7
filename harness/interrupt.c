/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "interrupt.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t tl_interrupt_signal;

/* Written outside the handler only while guarded is 0. */
static char interrupt_temp_path[PATH_MAX];
static volatile sig_atomic_t interrupt_guarded;
static volatile sig_atomic_t interrupt_group; /* pid_t fits: both are int */

static void interrupt_handler(int signo)
{
	int saved_errno = errno;

	if (tl_interrupt_signal) {
		if (interrupt_guarded)
			unlink(interrupt_temp_path);
		if (interrupt_group > 0)
			kill(-interrupt_group, SIGKILL);
		_exit(128 + signo);
	}
	tl_interrupt_signal = signo;
	errno = saved_errno;
}

void tl_interrupt_install(void)
{
	struct sigaction action = { .sa_handler = interrupt_handler };

	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGHUP, &action, NULL);
}

void tl_interrupt_guard_group(pid_t group)
{
	interrupt_group = group;
}

void tl_interrupt_guard_file(const char *temp_path)
{
	interrupt_guarded = 0;
	if (!temp_path || strlen(temp_path) >= sizeof(interrupt_temp_path))
		return;
	strcpy(interrupt_temp_path, temp_path);
	interrupt_guarded = 1;
}
