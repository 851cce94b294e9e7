/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t tl_interrupt_signal;

/* Written outside the handler only while guarded is 0. */
static char interrupt_temp_path[PATH_MAX];
static volatile sig_atomic_t interrupt_guarded;
static volatile sig_atomic_t interrupt_group; /* pid_t fits: both are int */

/* --trace-over's instances, and the tracefs timerlab mounted ("" if none):
 * written outside the handler only while interrupt_trace_count is 0. */
#define INTERRUPT_TRACE_MAX 64
#define INTERRUPT_TRACE_PATH 320
static char interrupt_trace_dirs[INTERRUPT_TRACE_MAX][INTERRUPT_TRACE_PATH];
static int interrupt_trace_fds[INTERRUPT_TRACE_MAX][2];
static char interrupt_trace_mounted[INTERRUPT_TRACE_PATH];
static volatile sig_atomic_t interrupt_trace_count;

/* "0" into dir/name, in the handler: strcpy, strcat, open and write are
 * async-signal-safe. */
static void interrupt_write_zero(const char *dir, const char *name)
{
	char path[INTERRUPT_TRACE_PATH + 32];
	int fd;

	strcpy(path, dir);
	strcat(path, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)!write(fd, "0", 1);
		close(fd);
	}
}

/* The measuring children, which hold the instances' files open. */
#define INTERRUPT_CHILDREN 64
static volatile sig_atomic_t interrupt_children[INTERRUPT_CHILDREN];

/* Every tracefs change undone: the children that hold the instances'
 * files killed and reaped, our own copies closed, the instances removed,
 * tracefs unmounted if timerlab mounted it. */
static void interrupt_undo_trace(void)
{
	const struct timespec ms = { 0, 1000000 };

	if (!interrupt_trace_count)
		return;
	for (size_t i = 0; i < INTERRUPT_CHILDREN; i++)
		if (interrupt_children[i] > 0) {
			kill(interrupt_children[i], SIGKILL);
			waitpid(interrupt_children[i], NULL, 0);
		}
	for (sig_atomic_t i = 0; i < interrupt_trace_count; i++) {
		close(interrupt_trace_fds[i][0]);
		close(interrupt_trace_fds[i][1]);
	}
	for (sig_atomic_t i = 0; i < interrupt_trace_count; i++) {
		interrupt_write_zero(interrupt_trace_dirs[i], "/tracing_on");
		interrupt_write_zero(interrupt_trace_dirs[i], "/events/enable");
		for (int attempt = 0; attempt < 100; attempt++) {
			if (rmdir(interrupt_trace_dirs[i]) == 0 || errno != EBUSY)
				break;
			nanosleep(&ms, NULL);
		}
	}
	if (interrupt_trace_mounted[0])
		umount2(interrupt_trace_mounted, MNT_DETACH);
}

static void interrupt_handler(int signo)
{
	int saved_errno = errno;

	if (tl_interrupt_signal) {
		if (interrupt_guarded)
			unlink(interrupt_temp_path);
		if (interrupt_group > 0)
			kill(-interrupt_group, SIGKILL);
		interrupt_undo_trace();
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

void tl_interrupt_guard_child(pid_t pid, bool on)
{
	for (size_t i = 0; i < INTERRUPT_CHILDREN; i++)
		if (on ? interrupt_children[i] == 0 : interrupt_children[i] == pid) {
			interrupt_children[i] = on ? pid : 0;
			return;
		}
}

void tl_interrupt_guard_trace(const char *const *dirs, const int (*fds)[2], size_t count,
			      const char *mounted_root)
{
	interrupt_trace_count = 0;
	if (count > INTERRUPT_TRACE_MAX)
		count = INTERRUPT_TRACE_MAX;
	for (size_t i = 0; i < count; i++)
		if (strlen(dirs[i]) >= INTERRUPT_TRACE_PATH)
			return;
	if (mounted_root && strlen(mounted_root) >= INTERRUPT_TRACE_PATH)
		return;
	for (size_t i = 0; i < count; i++) {
		strcpy(interrupt_trace_dirs[i], dirs[i]);
		interrupt_trace_fds[i][0] = fds[i][0];
		interrupt_trace_fds[i][1] = fds[i][1];
	}
	strcpy(interrupt_trace_mounted, mounted_root ? mounted_root : "");
	interrupt_trace_count = (sig_atomic_t)count;
}
