/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "supervise.h"

#include "interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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

/* One supervised child as the parent sees it. */
struct supervise_child {
	pid_t pid;
	int fd; /* read end, -1 once at end of file */
	int64_t deadline;
	bool killed;
};

static int supervise_start(const struct tl_supervision *job,
			   struct supervise_child *child)
{
	int fds[2];
	pid_t parent = getpid();

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL); /* nothing buffered may be written twice */
	child->pid = fork();
	if (child->pid < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (child->pid == 0)
		supervise_child(job, fds[0], fds[1], parent);
	tl_interrupt_guard_child(child->pid, true);
	close(fds[1]);
	child->fd = fds[0];
	child->deadline = tl_now_ns(CLOCK_MONOTONIC) + job->budget_ns;
	child->killed = false;
	return 0;
}

/* Kill what the budget or an interrupt says must end. */
static void supervise_enforce(const struct tl_supervision *job,
			      struct supervise_child *child, struct tl_child_end *end,
			      int64_t now)
{
	if (child->killed || child->fd < 0)
		return;
	if (job->stop && *job->stop) {
		supervise_kill(child->pid);
		end->stopped = child->killed = true;
	} else if (now >= child->deadline) {
		supervise_kill(child->pid);
		end->timed_out = child->killed = true;
	}
}

static void supervise_reap(struct supervise_child *children, size_t count,
			   struct tl_child_end *ends)
{
	for (size_t i = 0; i < count; i++) {
		struct rusage usage = { 0 };

		if (children[i].fd >= 0)
			close(children[i].fd);
		while (wait4(children[i].pid, &ends[i].status, 0, &usage) < 0 &&
		       errno == EINTR)
			;
		tl_interrupt_guard_child(children[i].pid, false);
		ends[i].cpu_ns = tl_ns_from_timeval(&usage.ru_utime) +
				 tl_ns_from_timeval(&usage.ru_stime);
		ends[i].max_rss_kb = usage.ru_maxrss;
	}
}

int tl_supervise_many(const struct tl_supervision *jobs, size_t count,
		      struct tl_child_end *ends)
{
	struct supervise_child children[count];
	struct pollfd pollfds[count];
	size_t open_count = 0;
	int64_t next_tick = 0,
		tick_ns = jobs[0].tick_ns ? jobs[0].tick_ns : 100 * TL_NS_PER_MS;
	int err;

	memset(ends, 0, count * sizeof(*ends));
	for (size_t i = 0; i < count; i++) {
		err = supervise_start(&jobs[i], &children[i]);
		if (err) {
			for (size_t k = 0; k < i; k++)
				supervise_kill(children[k].pid);
			supervise_reap(children, i, ends);
			return err;
		}
		open_count++;
	}
	while (open_count) {
		int64_t now = tl_now_ns(CLOCK_MONOTONIC);

		for (size_t i = 0; i < count; i++) {
			supervise_enforce(&jobs[i], &children[i], &ends[i], now);
			pollfds[i] = (struct pollfd){ children[i].fd, POLLIN, 0 };
		}
		if (jobs[0].tick && now >= next_tick) {
			jobs[0].tick(jobs[0].context);
			next_tick = now + tick_ns;
		}
		if (poll(pollfds, count, (int)(tick_ns / TL_NS_PER_MS)) <= 0)
			continue;
		for (size_t i = 0; i < count; i++) {
			if (children[i].fd < 0 || !pollfds[i].revents)
				continue;
			if (supervise_read(children[i].fd, &jobs[i], &ends[i]) < 0) {
				close(children[i].fd);
				children[i].fd = -1;
				open_count--;
			}
		}
	}
	supervise_reap(children, count, ends);
	return 0;
}

int tl_supervise(const struct tl_supervision *job, struct tl_child_end *end)
{
	return tl_supervise_many(job, 1, end);
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
