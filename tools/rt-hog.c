/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rt-hog: a realtime disturbance of known shape, to show that compare's
 * gates see one. Pinned to one CPU at SCHED_FIFO above timerlab's default
 * priority (80), it spins for SPIN us every PERIOD us, so that a timer
 * wakeup due meanwhile on that CPU waits for the spin to end.
 *
 *   rt-hog CPU PRIORITY SPIN_US PERIOD_US SECONDS
 *
 * It always ends: after SECONDS (at most 600; alarm() backs the loop up),
 * and when its parent dies (PR_SET_PDEATHSIG). Exit 0 when it ran, 2 for
 * bad arguments, 3 when it could not pin itself or get the priority.
 * Plain C, no timerlab code: what it does is all here.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static long hog_number(const char *text, long low, long high)
{
	char *end;
	long value = strtol(text, &end, 10);

	if (*end || end == text || value < low || value > high) {
		fprintf(stderr, "rt-hog: \"%s\" is not a number from %ld to %ld\n", text,
			low, high);
		exit(2);
	}
	return value;
}

static int64_t hog_now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* Pinned and realtime, or exit 3 saying which failed. */
static void hog_setup(int cpu, int priority)
{
	struct sched_param param = { .sched_priority = priority };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0) {
		fprintf(stderr, "rt-hog: cannot pin to CPU %d: %s\n", cpu,
			strerror(errno));
		exit(3);
	}
	if (sched_setscheduler(0, SCHED_FIFO, &param) < 0) {
		fprintf(stderr, "rt-hog: cannot run SCHED_FIFO %d: %s\n", priority,
			strerror(errno));
		exit(3);
	}
}

int main(int argc, char **argv)
{
	int cpu, priority;
	int64_t spin_ns, period_ns, end_ns, next_ns;
	long seconds;

	if (argc != 6) {
		fprintf(stderr, "usage: rt-hog CPU PRIORITY SPIN_US PERIOD_US SECONDS\n");
		return 2;
	}
	/* the test that started it may die: so does the hog */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
		return 3;
	cpu = (int)hog_number(argv[1], 0, CPU_SETSIZE - 1);
	priority = (int)hog_number(argv[2], 1, 99);
	spin_ns = hog_number(argv[3], 1, 100000) * 1000;
	period_ns = hog_number(argv[4], 1, 1000000) * 1000;
	seconds = hog_number(argv[5], 1, 600);
	if (spin_ns >= period_ns) {
		fprintf(stderr, "rt-hog: the spin must be shorter than the period\n");
		return 2;
	}
	alarm((unsigned)seconds + 1);
	hog_setup(cpu, priority);
	end_ns = hog_now_ns() + seconds * INT64_C(1000000000);
	for (next_ns = hog_now_ns(); next_ns < end_ns; next_ns += period_ns) {
		struct timespec at = { .tv_sec = next_ns / 1000000000,
				       .tv_nsec = next_ns % 1000000000 };

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) ==
		       EINTR)
			;
		while (hog_now_ns() < next_ns + spin_ns)
			; /* the disturbance: the CPU is ours */
	}
	return 0;
}
