/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks of the clocks themselves (group clock). */
#include "clock.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "../../lib/time.h"
#include "check-helpers.h"

static const clockid_t clock_check_clocks[CLOCK_CHECK_CLOCKS] = { CLOCK_REALTIME,
								  CLOCK_MONOTONIC,
								  CLOCK_BOOTTIME };

/* clock.monotonic-no-backwards */

/* 2 s of reads in all (the catalogue), in batches that take turns between the
 * clocks and move between the CPUs we may run on, so that a clock read on
 * one CPU is compared with the next read on another: where a clocksource
 * unsynchronised between CPUs shows. */
#define BACKWARDS_RUN_NS (2 * TL_NS_PER_S)
#define BACKWARDS_BATCH 1000

/*
 * No tolerance: a clock read is never earlier than the read before it, on
 * any CPU. Only CLOCK_REALTIME may legitimately step back, when it is set
 * (clock_settime, a leap second); its offset to CLOCK_MONOTONIC then moves,
 * while NTP's slewing moves it at most 500 ppm, 1 ms in 2 s. A step back
 * while that offset moved more than 10 ms is a clock that was set, about
 * which the check cannot say anything.
 */
enum tl_verdict
clock_judge_monotonic_no_backwards(struct tl_check_ctx *ctx,
				   const struct clock_monotonic_seen *seen)
{
	uint64_t reads = 0;

	if (seen->count == 0)
		return tl_check_error(ctx, "no clock was read");
	for (size_t i = 0; i < seen->count; i++) {
		const struct clock_backwards_seen *one = &seen->clocks[i];
		int64_t moved = seen->realtime_moved_ns;

		reads += one->reads;
		if (one->backwards == 0)
			continue;
		if (one->clock == CLOCK_REALTIME &&
		    (moved > CLOCK_REALTIME_SET_NS || moved < -CLOCK_REALTIME_SET_NS))
			return tl_check_error(
				ctx,
				"CLOCK_REALTIME was set during the check (its offset to CLOCK_MONOTONIC moved %+.3f s): cannot judge its steps back",
				(double)moved / 1e9);
		return tl_check_fail(
			ctx,
			"%s stepped back %llu times in %llu reads, by up to %lld ns (CPU %d to CPU %d)",
			check_clock_name(one->clock), (unsigned long long)one->backwards,
			(unsigned long long)one->reads, (long long)one->worst_ns,
			one->worst_from_cpu, one->worst_to_cpu);
	}
	return tl_check_pass(
		ctx,
		"%llu reads of %zu clocks in %.1f s across %d CPUs: none stepped back",
		(unsigned long long)reads, seen->count, (double)seen->ran_ns / 1e9,
		seen->cpus);
}

/* One batch of reads of one clock on the CPU we run on; *last carries the
 * previous read and its CPU over from the batch before. */
static void backwards_batch(struct clock_backwards_seen *one, int cpu, int64_t *last_ns,
			    int *last_cpu)
{
	for (int i = 0; i < BACKWARDS_BATCH; i++) {
		int64_t now_ns = tl_now_ns(one->clock);

		if (one->reads && now_ns < *last_ns) {
			if (*last_ns - now_ns > one->worst_ns) {
				one->worst_ns = *last_ns - now_ns;
				one->worst_from_cpu = *last_cpu;
				one->worst_to_cpu = cpu;
			}
			one->backwards++;
		}
		*last_ns = now_ns;
		*last_cpu = cpu;
		one->reads++;
	}
}

/* The CPUs we may run on, at most max of them. */
static int backwards_cpus(int *cpus, int max)
{
	cpu_set_t allowed;
	int count = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) < 0)
		return 0;
	for (int cpu = 0; cpu < CPU_SETSIZE && count < max; cpu++)
		if (CPU_ISSET(cpu, &allowed))
			cpus[count++] = cpu;
	return count;
}

static enum tl_verdict monotonic_no_backwards_run(struct tl_check_ctx *ctx)
{
	struct clock_monotonic_seen seen = { .count = CLOCK_CHECK_CLOCKS };
	int64_t last_ns[CLOCK_CHECK_CLOCKS] = { 0 }, start_ns, offset_ns;
	int last_cpu[CLOCK_CHECK_CLOCKS] = { 0 }, cpus[64] = { 0 };

	seen.cpus = backwards_cpus(cpus, 64);
	for (size_t c = 0; c < CLOCK_CHECK_CLOCKS; c++)
		seen.clocks[c].clock = clock_check_clocks[c];
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	offset_ns = tl_now_ns(CLOCK_REALTIME) - start_ns;
	for (unsigned batch = 0; tl_now_ns(CLOCK_MONOTONIC) - start_ns < BACKWARDS_RUN_NS;
	     batch++) {
		size_t c = batch % CLOCK_CHECK_CLOCKS;
		int cpu = sched_getcpu();

		if (seen.cpus > 1) {
			cpu_set_t one;

			/* every clock in turn on a CPU, then the next CPU;
			 * not allowed there: stay, the reads still count */
			CPU_ZERO(&one);
			CPU_SET(cpus[(batch / CLOCK_CHECK_CLOCKS) % (unsigned)seen.cpus],
				&one);
			if (sched_setaffinity(0, sizeof(one), &one) == 0)
				cpu = sched_getcpu();
		}
		backwards_batch(&seen.clocks[c], cpu, &last_ns[c], &last_cpu[c]);
	}
	seen.ran_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	seen.realtime_moved_ns =
		tl_now_ns(CLOCK_REALTIME) - tl_now_ns(CLOCK_MONOTONIC) - offset_ns;
	return clock_judge_monotonic_no_backwards(ctx, &seen);
}

const struct tl_check tl_check_clock_monotonic_no_backwards = {
	.name = "clock.monotonic-no-backwards",
	.summary =
		"batches of clock_gettime on realtime, monotonic and boottime for 2 s, moving between CPUs: never steps back",
	.run = monotonic_no_backwards_run,
};

/* clock.resolution */

/*
 * The catalogue's bound: 1 us. With high-resolution timers on, the kernel
 * reports its hrtimer resolution, 1 ns; off, it reports the tick (4 ms at
 * HZ=250), and the bound does not apply: a skip that says so. Whether they
 * are on comes from /proc/timer_list (root only), never from clock_getres,
 * which is what is judged.
 */
enum tl_verdict clock_judge_resolution(struct tl_check_ctx *ctx,
				       const struct clock_resolution_seen *seen)
{
	char text[TL_CHECK_REASON_MAX / 2] = "";
	size_t used = 0;

	if (seen->hres == CLOCK_HRES_UNKNOWN)
		return tl_check_skip(
			ctx,
			"cannot tell whether high-resolution timers are on: /proc/timer_list: %s%s",
			check_errno_name(seen->timer_list_err),
			seen->timer_list_err == EACCES ? " (root only)" : "");
	if (seen->hres == CLOCK_HRES_OFF)
		return tl_check_skip(
			ctx,
			"high-resolution timers are off (hres_active 0 on %d of %d CPUs): clock_getres gives the tick",
			seen->cpus_off, seen->cpus);
	if (seen->count == 0)
		return tl_check_error(ctx, "no clock_getres was made");
	for (size_t i = 0; i < seen->count; i++) {
		const char *clock = check_clock_name(seen->clocks[i].clock);
		int64_t resolution_ns = seen->clocks[i].resolution_ns;

		if (seen->clocks[i].err)
			return tl_check_fail(ctx, "clock_getres(%s): %s", clock,
					     check_errno_name(seen->clocks[i].err));
		if (resolution_ns <= 0 || resolution_ns > CLOCK_HRES_BOUND_NS)
			return tl_check_fail(
				ctx,
				"clock_getres(%s) gave %lld ns with high-resolution timers on, expected 1..%d",
				clock, (long long)resolution_ns, CLOCK_HRES_BOUND_NS);
		if (used < sizeof(text))
			used += (size_t)snprintf(text + used, sizeof(text) - used,
						 "%s%s %lld ns", i ? ", " : "", clock,
						 (long long)resolution_ns);
	}
	return tl_check_pass(ctx, "high-resolution timers on; %s", text);
}

/* hres_active of every CPU in /proc/timer_list. */
static void resolution_hres(struct clock_resolution_seen *seen)
{
	FILE *file = fopen("/proc/timer_list", "re");
	char line[256];
	int active;

	seen->hres = CLOCK_HRES_UNKNOWN;
	if (!file) {
		seen->timer_list_err = errno;
		return;
	}
	while (fgets(line, sizeof(line), file)) {
		if (sscanf(line, " .hres_active : %d", &active) != 1)
			continue;
		seen->cpus++;
		seen->cpus_off += active == 0;
	}
	fclose(file);
	if (seen->cpus == 0)
		seen->timer_list_err = ENOENT; /* no hres_active line: cannot tell */
	else
		seen->hres = seen->cpus_off ? CLOCK_HRES_OFF : CLOCK_HRES_ON;
}

static enum tl_verdict resolution_run(struct tl_check_ctx *ctx)
{
	struct clock_resolution_seen seen = { .count = CLOCK_CHECK_CLOCKS };

	resolution_hres(&seen);
	for (size_t c = 0; c < CLOCK_CHECK_CLOCKS; c++) {
		struct timespec resolution = { 0 };

		seen.clocks[c].clock = clock_check_clocks[c];
		seen.clocks[c].err =
			clock_getres(clock_check_clocks[c], &resolution) < 0 ? errno : 0;
		seen.clocks[c].resolution_ns = tl_ns_from_timespec(&resolution);
	}
	return clock_judge_resolution(ctx, &seen);
}

const struct tl_check tl_check_clock_resolution = {
	.name = "clock.resolution",
	.summary =
		"clock_getres of realtime, monotonic and boottime: <= 1 us when high-resolution timers are on",
	.run = resolution_run,
};
