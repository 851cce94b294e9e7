/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rt.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

static int rt_pin(int cpu, struct tl_rt_obtained *obtained)
{
	cpu_set_t set;

	obtained->cpu = -1;
	if (cpu < 0)
		return 0;
	if (cpu >= CPU_SETSIZE)
		return -EINVAL;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		return -errno;
	obtained->cpu = cpu;
	return 0;
}

static int rt_policy(const struct tl_rt_request *request)
{
	struct sched_param param = { 0 };

	if (request->policy == SCHED_FIFO || request->policy == SCHED_RR)
		param.sched_priority = request->priority;
	if (sched_setscheduler(0, request->policy, &param) < 0)
		return -errno;
	return 0;
}

int tl_rt_apply(const struct tl_rt_request *request, struct tl_rt_obtained *obtained)
{
	struct sched_param param;

	memset(obtained, 0, sizeof(*obtained));
	obtained->cpu_error = -rt_pin(request->cpu, obtained);
	if (request->mlock) {
		if (mlockall(MCL_CURRENT | MCL_FUTURE) == 0)
			obtained->mlocked = true;
		else
			obtained->mlock_error = errno;
	}
	obtained->policy_error = -rt_policy(request);
	/* prctl takes 0 as "back to the default": the least slack is 1 ns */
	if (request->timer_slack_ns >= 0 &&
	    prctl(PR_SET_TIMERSLACK,
		  (unsigned long)(request->timer_slack_ns ? request->timer_slack_ns : 1),
		  0, 0, 0) < 0)
		obtained->slack_error = errno;
	int slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	obtained->timer_slack_ns = slack < 0 ? -1 : slack;
	obtained->policy = sched_getscheduler(0);
	if (sched_getparam(0, &param) == 0)
		obtained->priority = param.sched_priority;
	return 0;
}

int tl_rt_hold_dma_latency(int32_t us, int *fd, int32_t *obtained)
{
	int32_t value = -1;

	*fd = open("/dev/cpu_dma_latency", O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	if (write(*fd, &us, sizeof(us)) != sizeof(us)) {
		int err = -errno;

		close(*fd);
		*fd = -1;
		return err;
	}
	if (pread(*fd, &value, sizeof(value), 0) != sizeof(value))
		value = us;
	*obtained = value;
	return 0;
}

void tl_rt_prefault_stack(unsigned size)
{
	unsigned char buf[size];

	memset(buf, 0, size);
	/* keep the compiler from dropping the stores */
	__asm__ volatile("" : : "r"(buf) : "memory");
}

int tl_cpu_set_of_self(struct tl_cpu_set *cpus)
{
	CPU_ZERO(&cpus->set);
	return sched_getaffinity(0, sizeof(cpus->set), &cpus->set) < 0 ? -errno : 0;
}

int tl_cpu_set_apply_self(const struct tl_cpu_set *cpus)
{
	return sched_setaffinity(0, sizeof(cpus->set), &cpus->set) < 0 ? -errno : 0;
}

int tl_cpu_set_last(const struct tl_cpu_set *cpus)
{
	for (int cpu = CPU_SETSIZE - 1; cpu >= 0; cpu--)
		if (CPU_ISSET(cpu, &cpus->set))
			return cpu;
	return -ENODEV;
}

bool tl_cpu_set_has(const struct tl_cpu_set *cpus, int cpu)
{
	return cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET(cpu, &cpus->set);
}

int tl_cpu_set_count(const struct tl_cpu_set *cpus)
{
	return CPU_COUNT(&cpus->set);
}

void tl_cpu_set_remove(struct tl_cpu_set *cpus, int cpu)
{
	if (cpu >= 0 && cpu < CPU_SETSIZE)
		CPU_CLR(cpu, &cpus->set);
}

int tl_cpu_set_format(const struct tl_cpu_set *cpus, char *buf, unsigned size)
{
	size_t used = 0;

	if (size == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &cpus->set))
			continue;
		int last = cpu;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &cpus->set))
			last++;
		int n = last == cpu ? snprintf(buf + used, size - used, "%s%d",
					       used ? "," : "", cpu)
				    : snprintf(buf + used, size - used, "%s%d-%d",
					       used ? "," : "", cpu, last);
		if (n < 0 || (size_t)n >= size - used)
			return -ENOSPC;
		used += (size_t)n;
		cpu = last;
	}
	return 0;
}

static const struct {
	const char *name;
	int policy;
} rt_policies[] = {
	{ "other", SCHED_OTHER }, { "fifo", SCHED_FIFO }, { "rr", SCHED_RR },
	{ "batch", SCHED_BATCH }, { "idle", SCHED_IDLE },
};

const char *tl_rt_policy_name(int policy)
{
	for (size_t i = 0; i < sizeof(rt_policies) / sizeof(rt_policies[0]); i++)
		if (rt_policies[i].policy == policy)
			return rt_policies[i].name;
	return "unknown";
}

int tl_rt_policy_from_name(const char *name, int *policy)
{
	for (size_t i = 0; i < sizeof(rt_policies) / sizeof(rt_policies[0]); i++) {
		if (strcmp(rt_policies[i].name, name) == 0) {
			*policy = rt_policies[i].policy;
			return 0;
		}
	}
	return -EINVAL;
}
