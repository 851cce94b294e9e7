/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/time.h"

#ifdef TL_COVERAGE
void __gcov_dump(void);
#endif

_Noreturn void tl_child_exit(int status)
{
#ifdef TL_COVERAGE
	__gcov_dump();
#endif
	_exit(status);
}

int tl_write_all(int fd, const void *buf, size_t size)
{
	const char *p = buf;

	while (size) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

static void supervise_child(const struct tl_supervision *job, int read_fd, int write_fd,
			    pid_t parent)
{
	/* Never outlive the runner, even when it is killed outright. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		tl_child_exit(1);
	close(read_fd);
	job->run(job->arg, write_fd);
	close(write_fd);
	tl_child_exit(0);
}

/* Read what is there; -1 at end of file, 0 otherwise. */
static int supervise_read(int fd, const struct tl_supervision *job,
			  struct tl_child_end *end)
{
	char discard[4096];
	void *into = discard;
	size_t room = sizeof(discard);
	ssize_t n;

	if (end->size < job->capacity) {
		into = (char *)job->answer + end->size;
		room = job->capacity - end->size;
	}
	n = read(fd, into, room);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (n == 0)
		return -1;
	if (into == discard)
		end->overflow = true;
	else
		end->size += (size_t)n;
	return 0;
}

static void supervise_kill(pid_t pid)
{
	kill(pid, SIGKILL);
}

int tl_supervise(const struct tl_supervision *job, struct tl_child_end *end)
{
	int fds[2];
	pid_t pid;
	int64_t deadline = tl_now_ns(CLOCK_MONOTONIC) + job->budget_ns;
	int64_t next_tick = 0;
	bool killed = false;
	pid_t parent = getpid();

	memset(end, 0, sizeof(*end));
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL); /* nothing buffered may be written twice */
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (pid == 0)
		supervise_child(job, fds[0], fds[1], parent);
	close(fds[1]);

	for (;;) {
		struct pollfd pollfd = { .fd = fds[0], .events = POLLIN };
		int64_t now = tl_now_ns(CLOCK_MONOTONIC);

		if (!killed && job->stop && *job->stop) {
			supervise_kill(pid);
			end->stopped = killed = true;
		}
		if (!killed && now >= deadline) {
			supervise_kill(pid);
			end->timed_out = killed = true;
		}
		if (job->tick && now >= next_tick) {
			job->tick(job->context);
			next_tick = now + 100 * TL_NS_PER_MS;
		}
		int ready = poll(&pollfd, 1, 100);
		if (ready > 0 && supervise_read(fds[0], job, end) < 0)
			break;
	}
	close(fds[0]);
	while (waitpid(pid, &end->status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

void tl_child_end_describe(const struct tl_child_end *end, char *buf, size_t size)
{
	if (end->timed_out)
		snprintf(buf, size, "killed after its time budget");
	else if (end->stopped)
		snprintf(buf, size, "stopped by an interrupt");
	else if (WIFSIGNALED(end->status))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(end->status),
			 strsignal(WTERMSIG(end->status)));
	else if (WIFEXITED(end->status))
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(end->status));
	else
		snprintf(buf, size, "ended with wait status %#x", end->status);
}
