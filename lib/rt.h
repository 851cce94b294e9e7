/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Realtime set-up of a measuring process: CPU affinity, memory locking and
 * the scheduling policy. Each step is tried and its outcome recorded; none
 * fails the run for lack of privilege. The caller decides what to tell the
 * user about a step that did not apply.
 */
#ifndef TL_RT_H
#define TL_RT_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

struct tl_rt_request {
	int policy; /* SCHED_FIFO, SCHED_RR or SCHED_OTHER */
	int priority; /* 1..99 for FIFO and RR, ignored for OTHER */
	int cpu; /* CPU to pin to, or -1 to leave the affinity alone */
	bool mlock; /* mlockall(MCL_CURRENT | MCL_FUTURE) */
	int64_t timer_slack_ns; /* PR_SET_TIMERSLACK, or -1 to leave it */
};

/* What a process actually runs with after tl_rt_apply. */
struct tl_rt_obtained {
	int policy;
	int priority;
	int cpu; /* the CPU pinned to, or -1 */
	bool mlocked;
	int64_t timer_slack_ns; /* as read back */
	int policy_error; /* 0 or the errno of the step that failed */
	int cpu_error;
	int mlock_error;
	int slack_error;
};

/* Apply the request in the order affinity, mlock, policy (so that the page
 * faults of locking happen before the process runs realtime). Always
 * returns 0; the outcome of each step is in *obtained. */
int tl_rt_apply(const struct tl_rt_request *request, struct tl_rt_obtained *obtained);

/*
 * Hold a PM QoS request on /dev/cpu_dma_latency (the CPU may not enter idle
 * states slower to leave than us microseconds) for as long as *fd stays
 * open. *obtained is the constraint in force afterwards, as the kernel
 * reports it. 0 or -errno (-EACCES without privilege).
 */
int tl_rt_hold_dma_latency(int32_t us, int *fd, int32_t *obtained);

/* Touch size bytes of stack so that the measuring loop takes no page fault
 * on it (after mlockall, the pages stay). */
void tl_rt_prefault_stack(unsigned size);

/*
 * A set of CPUs. timerlab takes the set it started with once, before the
 * supervising parent moves off the measured CPU, and derives the default
 * measured CPU (the last) and the --smp CPUs from it: reading the caller's
 * own affinity later would follow the parent wherever it moved.
 */
struct tl_cpu_set {
	cpu_set_t set;
};

/* The CPUs the calling process may run on; 0 or -errno. */
int tl_cpu_set_of_self(struct tl_cpu_set *cpus);
/* Run the calling process on cpus (its children inherit them); 0 or -errno. */
int tl_cpu_set_apply_self(const struct tl_cpu_set *cpus);
/* The highest CPU of the set, or -ENODEV when it is empty. */
int tl_cpu_set_last(const struct tl_cpu_set *cpus);
bool tl_cpu_set_has(const struct tl_cpu_set *cpus, int cpu);
int tl_cpu_set_count(const struct tl_cpu_set *cpus);
void tl_cpu_set_remove(struct tl_cpu_set *cpus, int cpu);
/* The set as a list "0-3,6" into buf; 0 or -ENOSPC. */
int tl_cpu_set_format(const struct tl_cpu_set *cpus, char *buf, unsigned size);

const char *tl_rt_policy_name(int policy);
int tl_rt_policy_from_name(const char *name, int *policy);

#endif
