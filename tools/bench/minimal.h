/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every minimal reference loop shares: no harness, just the set-up a
 * careful hand-written loop would do (pin, mlockall, SCHED_FIFO, and hold
 * /dev/cpu_dma_latency at 0 as cyclictest and timerlab do), the same
 * latency rule as timerlab (cases/README.md), and the output the bench reads:
 * "cpu_ns max_rss_kb missed" and then one latency in ns per line.
 *
 * usage: minimal-PATH CLOCK ARM INTERVAL_NS SAMPLES WARMUP CPU PRIORITY
 *        CLOCK: monotonic|realtime, ARM: abs|rel|periodic
 */
#ifndef TL_BENCH_MINIMAL_H
#define TL_BENCH_MINIMAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

struct minimal {
	clockid_t clock;
	char arm; /* 'a', 'r' or 'p' */
	int64_t interval_ns;
	long samples, warmup, total;
	int64_t *latencies;
	uint64_t missed;
	int64_t deadline_ns; /* the oldest deadline not served yet */
};

static inline int64_t minimal_now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline struct timespec minimal_timespec(int64_t ns)
{
	return (struct timespec){ (time_t)(ns / 1000000000), (long)(ns % 1000000000) };
}

/* Keep the CPU out of deep idle states for the run, as cyclictest and
 * timerlab do by default: on a guest with the haltpoll idle driver, waking
 * from a halt instead of a poll more than doubles the p50. The request holds
 * while the descriptor is open, which is until the process ends. */
static void minimal_hold_dma_latency(void)
{
	int32_t zero = 0;
	FILE *qos = fopen("/dev/cpu_dma_latency", "wb");

	if (qos && fwrite(&zero, sizeof(zero), 1, qos) == 1 && fflush(qos) == 0)
		return; /* left open on purpose */
	if (qos)
		fclose(qos);
}

static void minimal_setup(int argc, char **argv, struct minimal *m)
{
	struct sched_param param = { 0 };
	cpu_set_t set;

	if (argc != 8) {
		fprintf(stderr,
			"usage: %s CLOCK ARM INTERVAL_NS SAMPLES WARMUP CPU PRIORITY\n",
			argv[0]);
		exit(2);
	}
	memset(m, 0, sizeof(*m));
	m->clock = strcmp(argv[1], "realtime") == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
	m->arm = argv[2][0];
	m->interval_ns = atoll(argv[3]);
	m->samples = atol(argv[4]);
	m->warmup = atol(argv[5]);
	m->total = m->samples + m->warmup;
	m->latencies = calloc((size_t)m->total, sizeof(*m->latencies));
	CPU_ZERO(&set);
	CPU_SET(atoi(argv[6]), &set);
	param.sched_priority = atoi(argv[7]);
	if (!m->latencies || sched_setaffinity(0, sizeof(set), &set) < 0 ||
	    mlockall(MCL_CURRENT | MCL_FUTURE) < 0 ||
	    sched_setscheduler(0, SCHED_FIFO, &param) < 0) {
		perror("minimal: set-up");
		exit(3);
	}
	minimal_hold_dma_latency();
	m->deadline_ns = minimal_now(m->clock) + m->interval_ns;
}

/* Wake i served expirations (periodic: as the kernel counted them; else 1):
 * record its latency and move to the first deadline after it (abs). */
static inline void minimal_record(struct minimal *m, long i, int64_t wake_ns,
				  uint64_t expirations)
{
	int64_t latency = wake_ns - m->deadline_ns;
	uint64_t passed =
		latency >= m->interval_ns ? (uint64_t)(latency / m->interval_ns) : 0;
	uint64_t served = m->arm == 'p' ? expirations : m->arm == 'a' ? passed + 1 : 1;

	m->latencies[i] = latency;
	if (i >= m->warmup)
		m->missed += passed < served - 1 ? passed : served - 1;
	m->deadline_ns += (int64_t)served * m->interval_ns;
}

static void minimal_finish(const struct minimal *m)
{
	struct rusage usage;

	getrusage(RUSAGE_SELF, &usage);
	printf("%lld %ld %llu\n",
	       (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL +
		       (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL,
	       usage.ru_maxrss, (unsigned long long)m->missed);
	for (long i = m->warmup; i < m->total; i++)
		printf("%lld\n", (long long)m->latencies[i]);
}

#endif
