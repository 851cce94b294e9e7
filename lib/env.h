/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The environment a result was measured in: what a reader needs to judge a
 * latency figure. Everything is best effort: a field that cannot be known is
 * left empty (strings), -1 (numbers) or "unknown", never guessed.
 */
#ifndef TL_ENV_H
#define TL_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "time.h"

/* The resolution of each clock a cell can run on is recorded. */
#define TL_ENV_CLOCKS TL_CELL_CLOCKS

struct tl_env_clock {
	char name[16]; /* "monotonic" */
	int64_t resolution_ns; /* clock_getres, -1 if it failed */
};

/* The realtime settings the measuring children actually ran with. */
struct tl_env_realtime {
	bool known; /* false until a child reported */
	char policy[16];
	int priority;
	int cpu; /* -1: not pinned */
	bool mlocked;
	int64_t timer_slack_ns; /* as the child read it back */
	int32_t dma_latency_us; /* /dev/cpu_dma_latency in force, -1: not held */
	/* Where the supervising parent ran while the children measured: off
	 * the measured CPU when there is another one; with --smp, or on a
	 * single CPU, on a measured one (parent_on_measured_cpu). */
	char parent_cpus[64];
	bool parent_on_measured_cpu;
};

struct tl_env {
	char hostname[256];
	char kernel_release[128]; /* uname -r */
	char kernel_version[256]; /* uname -v */
	char machine[72]; /* uname -m */
	char cmdline[2048]; /* /proc/cmdline */
	char preempt[64]; /* none, voluntary, full, rt, dynamic, ... */
	int hz; /* CONFIG_HZ, -1 unknown */
	char hz_source[64]; /* where hz came from */
	char nohz[32]; /* off, idle, full, unknown */
	char nohz_full_cpus[128]; /* /sys/devices/system/cpu/nohz_full */
	char clocksource[64];
	char clocksources[256]; /* available */
	struct tl_env_clock clocks[TL_ENV_CLOCKS];
	int64_t timer_slack_ns; /* this process's, -1 unknown */
	int64_t rt_runtime_us; /* sched_rt_runtime_us (-1: no throttling) */
	int64_t rt_period_us;
	char cpu_model[128];
	int cpus_online;
	bool virtualized;
	char virtualization[128]; /* how we know: flag, DMI vendor, ... */
	/* How the virtual machine runs its CPUs ("tcg", "kvm"), as the kernel
	 * matrix tells its guests with timerlab.accel= on the kernel command
	 * line; "" when not told. Latency under "tcg" is emulated time. */
	char accel[16];
	bool root;
	bool cap_sys_nice;
	struct tl_env_realtime realtime;
	char load_command[512]; /* the background load that ran, "" for none */
	/* --trace-over: the measured CPU was traced, with these events on
	 * ("sched:sched_switch,..."); a traced run is not like an untraced */
	bool traced;
	char trace_events[640];
};

/* Fill env from this machine; always succeeds (fields unknown stay so). */
void tl_env_capture(struct tl_env *env);

/* The value of timerlab.accel=VALUE on a kernel command line into accel;
 * "" when absent, or when VALUE is empty, too long or not [a-z0-9_-]. */
void tl_env_accel_of_cmdline(const char *cmdline, char *accel, size_t size);

/* Kernel config value of name ("CONFIG_HZ") from /boot/config-<release> or
 * /proc/config.gz, into value; -ENOENT when unknown. */
int tl_env_kernel_config(const char *release, const char *name, char *value,
			 unsigned size);

#endif
