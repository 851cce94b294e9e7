/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Checks of the clocks themselves (group clock). */
#include "clock.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
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
static bool backwards_follows_realtime(clockid_t clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE ||
	       clock == CLOCK_TAI;
}

enum tl_verdict
clock_judge_monotonic_no_backwards(struct tl_check_ctx *ctx,
				   const struct clock_monotonic_seen *seen)
{
	char names[TL_CHECK_REASON_MAX / 4] = "", readers[64] = "";
	uint64_t reads = 0;
	size_t used = 0;

	if (seen->count == 0)
		return tl_check_error(ctx, "no clock was read");
	for (size_t i = 0; i < seen->count; i++) {
		const struct clock_backwards_seen *one = &seen->clocks[i];
		int64_t moved = seen->realtime_moved_ns;

		reads += one->reads;
		if (used < sizeof(names))
			used += (size_t)snprintf(names + used, sizeof(names) - used,
						 "%s%s", i ? ", " : "",
						 check_clock_name(one->clock));
		if (one->backwards == 0)
			continue;
		if (backwards_follows_realtime(one->clock) &&
		    (moved > CLOCK_REALTIME_SET_NS || moved < -CLOCK_REALTIME_SET_NS))
			return tl_check_error(
				ctx,
				"CLOCK_REALTIME was set during the check (its offset to CLOCK_MONOTONIC moved %+.3f s): cannot judge the steps back of %s",
				(double)moved / 1e9, check_clock_name(one->clock));
		return tl_check_fail(
			ctx,
			"%s stepped back %llu times in %llu reads, by up to %lld ns (CPU %d to CPU %d)",
			check_clock_name(one->clock), (unsigned long long)one->backwards,
			(unsigned long long)one->reads, (long long)one->worst_ns,
			one->worst_from_cpu, one->worst_to_cpu);
	}
	if (seen->threads)
		snprintf(
			readers, sizeof(readers),
			", by %d threads taking turns under a lock to append to one list",
			seen->threads);
	return tl_check_pass(
		ctx, "%llu reads of %s in %.1f s across %d CPUs%s: none stepped back",
		(unsigned long long)reads, names, (double)seen->ran_ns / 1e9, seen->cpus,
		readers);
}

/* One read of one->clock on cpu, against the read before it (*last_ns on
 * *last_cpu), which it then becomes. */
static void backwards_note(struct clock_backwards_seen *one, int64_t now_ns, int cpu,
			   int64_t *last_ns, int *last_cpu)
{
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

/* CLOCK_REALTIME - CLOCK_MONOTONIC, to see whether realtime was set. */
static int64_t backwards_realtime_offset(void)
{
	return check_clock_offset_ns(CLOCK_REALTIME);
}

/* Batches of reads of the clocks of seen in turn for run_ns, moving to the
 * next CPU after each round of them. */
static void backwards_observe(struct clock_monotonic_seen *seen, int64_t run_ns)
{
	int64_t last_ns[CLOCK_CHECK_CLOCKS] = { 0 }, start_ns, offset_ns;
	int last_cpu[CLOCK_CHECK_CLOCKS] = { 0 }, cpus[64] = { 0 };

	seen->cpus = backwards_cpus(cpus, 64);
	offset_ns = backwards_realtime_offset();
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	for (unsigned batch = 0; tl_now_ns(CLOCK_MONOTONIC) - start_ns < run_ns;
	     batch++) {
		size_t c = batch % seen->count;
		struct clock_backwards_seen *one = &seen->clocks[c];
		int cpu = sched_getcpu();

		if (seen->cpus > 1) {
			cpu_set_t here;

			/* every clock in turn on a CPU, then the next CPU;
			 * not allowed there: stay, the reads still count */
			CPU_ZERO(&here);
			CPU_SET(cpus[(batch / seen->count) % (unsigned)seen->cpus],
				&here);
			if (sched_setaffinity(0, sizeof(here), &here) == 0)
				cpu = sched_getcpu();
		}
		for (int i = 0; i < BACKWARDS_BATCH; i++)
			backwards_note(one, tl_now_ns(one->clock), cpu, &last_ns[c],
				       &last_cpu[c]);
	}
	seen->ran_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	seen->realtime_moved_ns = backwards_realtime_offset() - offset_ns;
}

static enum tl_verdict monotonic_no_backwards_run(struct tl_check_ctx *ctx)
{
	struct clock_monotonic_seen seen = { .count = CLOCK_CHECK_CLOCKS };

	for (size_t c = 0; c < CLOCK_CHECK_CLOCKS; c++)
		seen.clocks[c].clock = clock_check_clocks[c];
	backwards_observe(&seen, BACKWARDS_RUN_NS);
	return clock_judge_monotonic_no_backwards(ctx, &seen);
}

const struct tl_check tl_check_clock_monotonic_no_backwards = {
	.name = "clock.monotonic-no-backwards",
	.summary =
		"batches of clock_gettime on realtime, monotonic and boottime for 2 s, moving between CPUs: never steps back",
	.run = monotonic_no_backwards_run,
};

/*
 * clock.no-backwards.<clock>, as the kernel's inconsistency-check runs it
 * over every clock: the same batches, 0.3 s of them, on each of the
 * clocks monotonic-no-backwards leaves out. The same judge: no tolerance,
 * and only the clocks that move with CLOCK_REALTIME (realtime-coarse,
 * tai) excused when it was set. The coarse clocks could step back by a
 * little after an NTP adjustment of the clock's rate until 6.15 (commit
 * b71f9804f66c, timekeeping: Prevent coarse clocks going backwards, also
 * in the stable releases); as that took a rate change at the wrong moment,
 * older kernels pass nearly always, so no range is declared: a failure is
 * that bug, on any kernel.
 */
#define NO_BACKWARDS_RUN_NS (300 * TL_NS_PER_MS)

static enum tl_verdict no_backwards_run(struct tl_check_ctx *ctx, clockid_t clock)
{
	struct clock_monotonic_seen seen = { .count = 1 };
	struct timespec ts;

	if (clock_gettime(clock, &ts) < 0)
		return tl_check_skip(ctx, "clock_gettime(%s): %s",
				     check_clock_name(clock), strerrorname_np(errno));
	seen.clocks[0].clock = clock;
	backwards_observe(&seen, NO_BACKWARDS_RUN_NS);
	return clock_judge_monotonic_no_backwards(ctx, &seen);
}

TL_CHECK_ON_CLOCK(no_backwards, monotonic_raw, CLOCK_MONOTONIC_RAW)
TL_CHECK_ON_CLOCK(no_backwards, realtime_coarse, CLOCK_REALTIME_COARSE)
TL_CHECK_ON_CLOCK(no_backwards, monotonic_coarse, CLOCK_MONOTONIC_COARSE)
TL_CHECK_ON_CLOCK(no_backwards, tai, CLOCK_TAI)
TL_CHECK_ON_CLOCK(no_backwards, process_cputime, CLOCK_PROCESS_CPUTIME_ID)
TL_CHECK_ON_CLOCK(no_backwards, thread_cputime, CLOCK_THREAD_CPUTIME_ID)

#define NO_BACKWARDS_CHECK(clock, spelt)                                                 \
	{                                                                                \
		.name = "clock.no-backwards." spelt,                                     \
		.summary = "batches of clock_gettime on " spelt                          \
			   " for 0.3 s, moving between CPUs: never steps back",          \
		.run = no_backwards_##clock,                                             \
	}

const struct tl_check tl_check_clock_no_backwards_monotonic_raw =
	NO_BACKWARDS_CHECK(monotonic_raw, "monotonic-raw");
const struct tl_check tl_check_clock_no_backwards_realtime_coarse =
	NO_BACKWARDS_CHECK(realtime_coarse, "realtime-coarse");
const struct tl_check tl_check_clock_no_backwards_monotonic_coarse =
	NO_BACKWARDS_CHECK(monotonic_coarse, "monotonic-coarse");
const struct tl_check tl_check_clock_no_backwards_tai = NO_BACKWARDS_CHECK(tai, "tai");
const struct tl_check tl_check_clock_no_backwards_process_cputime =
	NO_BACKWARDS_CHECK(process_cputime, "process-cputime");
const struct tl_check tl_check_clock_no_backwards_thread_cputime =
	NO_BACKWARDS_CHECK(thread_cputime, "thread-cputime");

/*
 * clock.shared-list-no-backwards, as the kernel's threadtest has it: two
 * threads a CPU take turns under one lock to read CLOCK_MONOTONIC and
 * append the time to one list, for 0.5 s. The lock orders the reads, so
 * each must be at or after the one appended before it, whichever thread
 * on whichever CPU made it: where clocks unsynchronised between CPUs show.
 */
#define SHARED_LIST_RUN_NS (500 * TL_NS_PER_MS)
#define SHARED_LIST_THREADS_MAX 8

struct shared_list {
	pthread_mutex_t lock;
	int64_t until_ns;
	struct clock_backwards_seen *list; /* under the lock */
	int64_t last_ns;
	int last_cpu;
};

static void *shared_list_thread(void *arg)
{
	struct shared_list *shared = arg;
	bool more = true;

	while (more) {
		pthread_mutex_lock(&shared->lock);
		int64_t now_ns = tl_now_ns(shared->list->clock);

		backwards_note(shared->list, now_ns, sched_getcpu(), &shared->last_ns,
			       &shared->last_cpu);
		more = now_ns < shared->until_ns;
		pthread_mutex_unlock(&shared->lock);
	}
	return NULL;
}

static enum tl_verdict shared_list_run(struct tl_check_ctx *ctx)
{
	struct clock_monotonic_seen seen = { .count = 1 };
	struct shared_list shared = { .lock = PTHREAD_MUTEX_INITIALIZER,
				      .list = &seen.clocks[0] };
	pthread_t threads[SHARED_LIST_THREADS_MAX];
	int cpus[64], started = 0;
	int64_t start_ns, offset_ns = backwards_realtime_offset();

	seen.cpus = backwards_cpus(cpus, 64);
	seen.threads = 2 * (seen.cpus > 1 ? seen.cpus : 1);
	if (seen.threads > SHARED_LIST_THREADS_MAX)
		seen.threads = SHARED_LIST_THREADS_MAX;
	seen.clocks[0].clock = CLOCK_MONOTONIC;
	start_ns = tl_now_ns(CLOCK_MONOTONIC);
	shared.until_ns = start_ns + SHARED_LIST_RUN_NS;
	for (; started < seen.threads; started++) {
		int err = pthread_create(&threads[started], NULL, shared_list_thread,
					 &shared);

		if (err) {
			shared.until_ns = 0; /* the others stop at their next turn */
			while (started-- > 0)
				pthread_join(threads[started], NULL);
			return tl_check_error(ctx, "pthread_create: %s",
					      strerrorname_np(err));
		}
	}
	while (started-- > 0)
		pthread_join(threads[started], NULL);
	seen.ran_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	seen.realtime_moved_ns = backwards_realtime_offset() - offset_ns;
	return clock_judge_monotonic_no_backwards(ctx, &seen);
}

const struct tl_check tl_check_clock_shared_list_no_backwards = {
	.name = "clock.shared-list-no-backwards",
	.summary =
		"two threads a CPU take turns under a lock to append CLOCK_MONOTONIC to one list for 0.5 s: never earlier than the entry before",
	.run = shared_list_run,
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
