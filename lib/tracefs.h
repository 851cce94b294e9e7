/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tracefs as timerlab uses it: mounted where it is not, an instance of
 * timerlab's own per measured CPU (named timerlab-<pid>, or
 * timerlab-<pid>-cpu<N> with --smp), so the global buffer and whatever
 * else traces are left alone, its trace clock mono (CLOCK_MONOTONIC, the
 * clock deadlines are on), its cpumask the measured CPU, and the events of
 * trace-analysis.h that this kernel offers. It does I/O and never prints:
 * 0 or -errno.
 */
#ifndef TL_TRACEFS_H
#define TL_TRACEFS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define TL_TRACEFS_ROOT "/sys/kernel/tracing"
#define TL_TRACEFS_PREFIX "timerlab-"

/* Mount tracefs at root unless it is there already (*mounted: we did). */
int tl_tracefs_mount(const char *root, bool *mounted);
/* Undo tl_tracefs_mount; -EBUSY while someone else uses it (left so). */
int tl_tracefs_unmount(const char *root);

/* Remove the instances TL_TRACEFS_PREFIX<pid>... whose process is gone (a
 * run that was killed could not); how many, or -errno. */
int tl_tracefs_remove_leftovers(const char *root);

struct tl_tracefs_instance {
	char dir[PATH_MAX]; /* root/instances/NAME; "" when none */
	int marker_fd; /* trace_marker, for the measuring child */
	int on_fd; /* tracing_on, for the measuring child */
};

/*
 * Make instance name at root, tracing cpu only with the trace clock mono,
 * with every wanted event this kernel has: their names go into events
 * ("sched:sched_switch,..."). Tracing is off until tl_tracefs_set_on. On
 * failure nothing is left behind.
 */
int tl_tracefs_instance_create(const char *root, const char *name, int cpu,
			       struct tl_tracefs_instance *instance, char *events,
			       size_t events_size);
/* Events off, files closed, the instance removed. */
int tl_tracefs_instance_remove(struct tl_tracefs_instance *instance);

/* The instance's whole trace as text (malloc'd, NUL-terminated). */
int tl_tracefs_read(const struct tl_tracefs_instance *instance, char **text,
		    size_t *size);
/* Empty the instance's buffer. */
int tl_tracefs_clear(const struct tl_tracefs_instance *instance);
/* Tracing on or off. */
int tl_tracefs_set_on(const struct tl_tracefs_instance *instance, bool on);

/* "2" for CPU 1, "1,00000000" for CPU 32: tracing_cpumask's format. */
void tl_tracefs_cpumask(int cpu, char *buf, size_t size);

#endif
