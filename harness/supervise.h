/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Run a function in a child process under supervision: the child writes its
 * answer to a pipe; the parent reads the pipe to the end before it reaps the
 * child (an answer can outgrow the pipe buffer), kills a child that outlives
 * its budget or that must stop, and says how the child ended. Both the
 * measuring runner and the check runner use it, so a crash or a hang in a
 * child becomes a reason on a row, never a lost run.
 */
#ifndef TL_SUPERVISE_H
#define TL_SUPERVISE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runs in the child; writes its answer to out_fd. Returning ends the child
 * with status 0 (through tl_child_exit). */
typedef void (*tl_child_fn)(void *arg, int out_fd);

struct tl_supervision {
	tl_child_fn run;
	void *arg;
	int64_t budget_ns; /* kill the child after this long */
	void *answer; /* where the child's bytes go */
	size_t capacity;
	/* Called about every tick_ns (0: 100 ms) while the child runs
	 * (progress, spikes to save), or NULL. */
	void (*tick)(void *context);
	int64_t tick_ns;
	void *context;
	/* When this becomes non-zero the child is killed (interrupts). */
	const volatile sig_atomic_t *stop;
};

struct tl_child_end {
	size_t size; /* bytes of answer received (at most capacity) */
	bool overflow; /* the child wrote more than capacity */
	bool timed_out; /* killed after budget_ns */
	bool stopped; /* killed because *stop became non-zero */
	int status; /* waitpid status */
	int64_t cpu_ns; /* the child's user + system time */
	int64_t max_rss_kb; /* its peak resident set */
};

/* 0, or -errno if the child could not be started. */
int tl_supervise(const struct tl_supervision *job, struct tl_child_end *end);

/* Several children at once (one per CPU with --smp), each with its own
 * budget and answer; ticks and stop come from jobs[0]. 0 or -errno (then
 * the children already started have been killed and reaped). */
int tl_supervise_many(const struct tl_supervision *jobs, size_t count,
		      struct tl_child_end *ends);

/* "exited with status 3", "killed by signal 11 (Segmentation fault)", ... */
void tl_child_end_describe(const struct tl_child_end *end, char *buf, size_t size);

/* End a child: flush coverage counters in COV=1 builds, then _exit: exit()
 * would run the parent's atexit handlers a second time. */
_Noreturn void tl_child_exit(int status);

/* Write all of buf, retrying on EINTR and partial writes; 0 or -errno. */
int tl_write_all(int fd, const void *buf, size_t size);

#endif
