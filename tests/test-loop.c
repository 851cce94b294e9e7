/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared loop's deadline and missed arithmetic, driven by a fake path
 * whose wakes are scripted (loop-fake.h). No real timer runs.
 */
#include <stdlib.h>
#include <string.h>

#include "../harness/loop.h"
#include "../lib/time.h"
#include "loop-fake.h"
#include "tests.h"

/* A wake 2.5 intervals late: latency against the oldest deadline it serves,
 * the two deadlines that passed are missed, and the next wait is for the
 * first deadline after the wake. */
static void test_abs_late_by_two_and_a_half(void)
{
	static const struct fake_wake script[] = {
		{ 10000, 0, 0 },
		{ 2 * INTERVAL + INTERVAL / 2, 0, 0 },
		{ 5000, 0, 0 },
	};
	struct loop_outcome out = loop_fake_run(TL_ARM_ABS, script, 3, 0);
	int64_t first = fake.armed[0];

	CU_ASSERT_EQUAL(out.err, 0);
	CU_ASSERT_EQUAL(fake.armed_count, 3);
	CU_ASSERT_EQUAL(fake.armed[1], first + INTERVAL);
	CU_ASSERT_EQUAL(fake.armed[2], first + 4 * INTERVAL); /* after the late wake */
	CU_ASSERT_EQUAL(out.stats.samples, 3);
	CU_ASSERT_EQUAL(out.stats.missed, 2);
	CU_ASSERT_EQUAL(out.stats.early, 0);
	CU_ASSERT_EQUAL(out.stats.max_ns, 2 * INTERVAL + INTERVAL / 2);
	CU_ASSERT_EQUAL(out.stats.min_ns, 5000);
	CU_ASSERT_EQUAL(out.hist->max_ns, 2 * INTERVAL + INTERVAL / 2);
	free(out.hist);
}

/* Exactly on a later deadline counts it as passed; just before does not. */
static void test_abs_edges(void)
{
	static const struct fake_wake script[] = {
		{ INTERVAL, 0, 0 }, /* wake exactly at the next deadline */
		{ INTERVAL - 1, 0, 0 }, /* one ns before the next deadline */
		{ -3000, 0, 0 }, /* early: counted, never hidden */
	};
	struct loop_outcome out = loop_fake_run(TL_ARM_ABS, script, 3, 0);
	int64_t first = fake.armed[0];

	CU_ASSERT_EQUAL(fake.armed[1], first + 2 * INTERVAL);
	CU_ASSERT_EQUAL(fake.armed[2], first + 3 * INTERVAL);
	CU_ASSERT_EQUAL(out.stats.missed, 1);
	CU_ASSERT_EQUAL(out.stats.early, 1);
	CU_ASSERT_EQUAL(out.stats.min_ns, -3000);
	CU_ASSERT_EQUAL(out.hist->below_count, 1);
	free(out.hist);
}

/* Periodic: the kernel's count decides which deadlines a wake serves. */
static void test_periodic_counts(void)
{
	static const struct fake_wake script[] = {
		{ 20000, 1, 0 }, /* deadline 0, on time */
		{ INTERVAL / 2, 3, 3 }, /* 2.5 intervals after deadline 1 */
		{ 5000, 1, 4 }, /* deadline 4 */
		{ INTERVAL / 2, 2, 5 }, /* serves 5 and 6, but 6 not yet passed */
		{ 7000, 1, 7 }, /* deadline 7 */
	};
	struct loop_outcome out = loop_fake_run(TL_ARM_PERIODIC, script, 5, 0);

	CU_ASSERT_EQUAL(out.err, 0);
	CU_ASSERT_EQUAL(fake.armed_count, 1); /* armed once */
	CU_ASSERT_EQUAL(out.stats.samples, 5);
	/* wake 2: latency against deadline 1 = 2.5 intervals, missed 2 */
	CU_ASSERT_EQUAL(out.stats.max_ns, 2 * INTERVAL + INTERVAL / 2);
	/* wake 4: read said 2, but only deadline 5 had passed: missed 0 */
	CU_ASSERT_EQUAL(out.stats.missed, 2);
	CU_ASSERT_EQUAL(out.stats.min_ns, 5000);
	CU_ASSERT_EQUAL(out.stats.early, 0);
	free(out.hist);
}

/*
 * Periodic, a count that includes a deadline after the wake (poll, then
 * read, with an expiry in between): that deadline is folded, neither missed
 * nor early, the next wait is for the deadline after it, and every deadline
 * from the first to the last served is accounted exactly once.
 */
static void test_periodic_folded(void)
{
	static const struct fake_wake script[] = {
		{ 3000, 1, 0 }, /* deadline 0 */
		{ INTERVAL - 2000, 2, 1 }, /* deadline 1, 2 us before deadline 2:
					    * the read counted 2 */
		{ 4000, 1, 3 }, /* so the next wait is for deadline 3 */
		{ INTERVAL + 500, 3, 4 }, /* deadline 4 woken after 5: 5 missed,
					   * 6 folded */
		{ 6000, 1, 7 }, /* deadline 7 */
		{ 2 * INTERVAL + 100, 4, 8 }, /* 8: 9, 10 missed, 11 folded */
		{ 1000, 1, 12 },
	};
	const size_t count = sizeof(script) / sizeof(script[0]);
	struct loop_outcome out = loop_fake_run(TL_ARM_PERIODIC, script, count, 0);
	/* the last deadline served, in intervals after the first */
	int64_t last =
		script[count - 1].periodic_slot + script[count - 1].expirations - 1;

	CU_ASSERT_EQUAL(out.err, 0);
	CU_ASSERT_EQUAL(out.stats.samples, count);
	CU_ASSERT_EQUAL(out.stats.folded, 3);
	CU_ASSERT_EQUAL(out.stats.missed, 3);
	CU_ASSERT_EQUAL(out.stats.early, 0);
	CU_ASSERT_EQUAL(out.stats.min_ns, 1000);
	CU_ASSERT_EQUAL(out.stats.max_ns, 2 * INTERVAL + 100);
	/* the wake after the fold was measured from deadline 3, not 2 */
	CU_ASSERT(out.stats.max_ns < 3 * INTERVAL);
	CU_ASSERT_EQUAL(out.stats.last_latency_ns, 1000);
	CU_ASSERT_EQUAL(out.stats.samples + out.stats.missed + out.stats.folded,
			(uint64_t)last + 1);
	free(out.hist);
}

/* abs: a wake 2.5 intervals late between two on time adds how much later it
 * was to the interval jitter, not the two deadlines it skipped. */
static void test_interval_jitter_after_miss(void)
{
	static const struct fake_wake script[] = {
		{ 10000, 0, 0 },
		{ 2 * INTERVAL + INTERVAL / 2, 0, 0 },
		{ 10000, 0, 0 },
	};
	struct loop_outcome out = loop_fake_run(TL_ARM_ABS, script, 3, 0);
	const double step = 2 * INTERVAL + INTERVAL / 2 - 10000;

	CU_ASSERT_EQUAL(out.stats.missed, 2);
	CU_ASSERT_EQUAL(out.stats.interval.count, 2);
	/* (wake k - wake k-1) - (deadline k - deadline k-1): +step, -step */
	CU_ASSERT_DOUBLE_EQUAL(out.stats.interval.mean, 0, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(tl_welford_stddev(&out.stats.interval), step, 1e-3);
	free(out.hist);
}

/* A clock that cannot be read ends the block with its error before any
 * arming: no figure is made of a time that was not read. */
static void test_unreadable_clock(void)
{
	static const struct fake_wake script[] = { { 1000, 0, 0 } };
	static struct tl_shared shared;
	const clockid_t no_such_clock = (clockid_t)1000;

	for (unsigned arm = 0; arm < TL_ARM_COUNT; arm++) {
		struct tl_probe probe = {
			.cell = { &loop_fake_path, 0, 0, no_such_clock, (enum tl_arm)arm,
				  INTERVAL },
			.shared = &shared,
		};
		struct tl_stats stats;
		struct tl_hist *hist = malloc(sizeof(*hist));

		CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
		memset(&fake, 0, sizeof(fake));
		fake.fail_at = -1;
		fake.script = script;
		fake.count = 1;
		tl_stats_init(&stats);
		tl_hist_init(hist);
		struct tl_samples none;

		tl_samples_open(&none, 0, false);
		CU_ASSERT_EQUAL(
			tl_loop_run(&probe, 0, 1,
				    &(struct tl_loop_record){ &stats, hist, &none,
							      &loop_fake_bin, 63 },
				    NULL),
			-EINVAL);
		CU_ASSERT_EQUAL(stats.samples, 0);
		CU_ASSERT_EQUAL(fake.armed_count, 0);
		free(hist);
	}
}

/* rel: the deadline is the clock read before arming plus one interval; a
 * late rel wake serves one deadline and misses none. */
static void test_rel(void)
{
	static const struct fake_wake script[] = {
		{ 3000, 0, 0 },
		{ 3 * INTERVAL, 0, 0 },
		{ 4000, 0, 0 },
	};
	int64_t before = tl_now_ns(CLOCK_MONOTONIC);
	struct loop_outcome out = loop_fake_run(TL_ARM_REL, script, 3, 0);

	CU_ASSERT_EQUAL(fake.armed_count, 3);
	CU_ASSERT(fake.armed[0] >= before + INTERVAL);
	/* each deadline is the clock between the previous wait and this one,
	 * plus one interval, whatever the scripted wake said */
	for (int k = 0; k < 3; k++) {
		CU_ASSERT(fake.armed[k] <= fake.wait_now[k] + INTERVAL);
		if (k)
			CU_ASSERT(fake.armed[k] >= fake.wait_now[k - 1] + INTERVAL);
	}
	CU_ASSERT_EQUAL(out.stats.missed, 0);
	CU_ASSERT_EQUAL(out.stats.max_ns, 3 * INTERVAL);
	CU_ASSERT_EQUAL(out.stats.min_ns, 3000);
	free(out.hist);
}

/* Warm-up wakes run the schedule but are not recorded. */
static void test_warmup_discarded(void)
{
	static const struct fake_wake script[] = {
		{ 900000, 0, 0 },
		{ 800000, 0, 0 },
		{ 1000, 0, 0 },
		{ 2000, 0, 0 },
	};
	struct loop_outcome out = loop_fake_run(TL_ARM_ABS, script, 4, 2);

	CU_ASSERT_EQUAL(out.stats.samples, 2);
	CU_ASSERT_EQUAL(out.hist->count, 2);
	CU_ASSERT_EQUAL(out.stats.max_ns, 2000);
	CU_ASSERT_EQUAL(fake.armed[3], fake.armed[0] + 3 * INTERVAL);
	free(out.hist);
}

/* What the spike hook saw; after a spike it asks for the next wake too,
 * as the child's marker does, until marks_left spikes are marked. */
static struct {
	uint64_t sample[FAKE_MAX];
	int64_t latency_ns[FAKE_MAX];
	size_t calls, marks_left;
} loop_spikes;

static int64_t loop_spike_hook(void *context, uint64_t sample, int64_t deadline_ns,
			       int64_t wake_ns)
{
	const struct tl_loop_spikes *spikes = context;
	bool after = loop_spikes.calls % 2;

	loop_spikes.sample[loop_spikes.calls] = sample;
	loop_spikes.latency_ns[loop_spikes.calls++] = wake_ns - deadline_ns;
	if (after)
		return loop_spikes.marks_left ? spikes->threshold_ns : INT64_MAX;
	loop_spikes.marks_left--;
	return INT64_MIN;
}

/* Only samples over the threshold reach the hook, after they are recorded,
 * never the warm-up's; the hook decides the next threshold. */
static void test_spike_hook(void)
{
	static const struct fake_wake script[] = {
		{ 900000, 0, 0 }, { 10000, 0, 0 },  { 500000, 0, 0 }, { 20000, 0, 0 },
		{ 30000, 0, 0 },  { 600000, 0, 0 }, { 40000, 0, 0 },  { 700000, 0, 0 },
	};
	static const uint64_t samples[] = { 1, 2, 4, 5 };
	static const int64_t latencies[] = { 500000, 20000, 600000, 40000 };
	struct tl_loop_spikes spikes = { loop_spike_hook, &spikes, 100000 };
	struct loop_outcome out;

	memset(&loop_spikes, 0, sizeof(loop_spikes));
	loop_spikes.marks_left = 2;
	out = loop_fake_run_traced(TL_ARM_ABS, script, 8, 1, &spikes);
	CU_ASSERT_EQUAL(out.stats.max_ns, 700000);
	/* each spike, and the sample after it; then no more */
	CU_ASSERT_EQUAL_FATAL(loop_spikes.calls, 4);
	for (size_t i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(loop_spikes.sample[i], samples[i]);
		CU_ASSERT_EQUAL(loop_spikes.latency_ns[i], latencies[i]);
	}
	free(out.hist);
}

/* A failing wait stops the loop with its error; earlier samples stay. */
static void test_wait_error(void)
{
	static const struct fake_wake script[] = { { 1000, 0, 0 },
						   { 1000, 0, 0 },
						   { 1000, 0, 0 } };
	struct tl_shared shared = { 0 };
	struct tl_probe probe = {
		.cell = { &loop_fake_path, 0, 0, CLOCK_MONOTONIC, TL_ARM_ABS, INTERVAL },
		.shared = &shared,
	};
	struct tl_stats stats;
	struct tl_hist *hist = malloc(sizeof(*hist));

	memset(&fake, 0, sizeof(fake));
	fake.script = script;
	fake.count = 3;
	fake.fail_at = 2;
	tl_stats_init(&stats);
	tl_hist_init(hist);
	struct tl_samples none;

	tl_samples_open(&none, 0, false);
	CU_ASSERT_EQUAL(tl_loop_run(&probe, 0, 3,
				    &(struct tl_loop_record){ &stats, hist, &none,
							      &loop_fake_bin, 63 },
				    NULL),
			-EIO);
	CU_ASSERT_EQUAL(stats.samples, 2);
	free(hist);
}

/* Kept samples are what the statistics saw, one per wake after the
 * warm-up: each wake and the deadline its latency is measured from. */
static void test_samples_kept(void)
{
	static const struct fake_wake script[] = {
		{ 900000, 0, 0 }, /* warm-up: not kept */
		{ 1000, 0, 0 },
		{ 2 * INTERVAL + 5, 0, 0 },
		{ 3000, 0, 0 },
	};
	static struct tl_shared shared;
	struct tl_probe probe = {
		.cell = { &loop_fake_path, 0, 0, CLOCK_MONOTONIC, TL_ARM_ABS, INTERVAL },
		.shared = &shared,
	};
	struct tl_stats stats;
	struct tl_hist *hist = malloc(sizeof(*hist));
	struct tl_samples kept;

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	memset(&fake, 0, sizeof(fake));
	fake.fail_at = -1;
	fake.script = script;
	fake.count = 4;
	tl_stats_init(&stats);
	tl_hist_init(hist);
	struct tl_timeline_bin bins[2];

	tl_timeline_clear(bins, 2);
	CU_ASSERT_EQUAL_FATAL(tl_samples_open(&kept, 3, true), 0);
	CU_ASSERT_EQUAL(
		tl_loop_run(&probe, 1, 3,
			    &(struct tl_loop_record){ &stats, hist, &kept, bins, 1 },
			    NULL),
		0);
	/* the timeline: bins of 2 samples, the spike kept as its bin's max,
	 * the warm-up (900 us late) in none of them */
	CU_ASSERT_EQUAL(bins[0].min_ns, 1000);
	CU_ASSERT_EQUAL(bins[0].max_ns, 2 * INTERVAL + 5);
	CU_ASSERT_EQUAL(bins[1].min_ns, 3000);
	CU_ASSERT_EQUAL(bins[1].max_ns, 3000);
	CU_ASSERT_EQUAL(bins[1].end_ns, kept.entries[2].wake_ns);
	CU_ASSERT_EQUAL(kept.entries[0].deadline_ns, fake.armed[1]);
	CU_ASSERT_EQUAL(kept.entries[0].wake_ns - kept.entries[0].deadline_ns, 1000);
	CU_ASSERT_EQUAL(kept.entries[1].wake_ns - kept.entries[1].deadline_ns,
			2 * INTERVAL + 5);
	CU_ASSERT_EQUAL(kept.entries[1].missed, 2);
	CU_ASSERT_EQUAL(kept.entries[2].deadline_ns, fake.armed[1] + 4 * INTERVAL);
	CU_ASSERT_EQUAL(kept.entries[2].wake_ns - kept.entries[2].deadline_ns, 3000);
	tl_samples_close(&kept);
	/* more than a block may keep is refused before anything runs */
	CU_ASSERT_EQUAL(tl_samples_open(&kept, TL_SAMPLES_MAX_PER_BLOCK + 1, true),
			-ENOMEM);
	free(hist);
}

/* A block's bins never exceed the most it may fill, and hold every sample. */
static void test_timeline_bounds(void)
{
	static const uint64_t counts[] = { 1, 2, 999, 1000, 1001, 2000, 12345, 10000000 };
	static const uint64_t budgets[] = { 1, 3, 250, 1000 };

	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		for (size_t b = 0; b < sizeof(budgets) / sizeof(budgets[0]); b++) {
			unsigned shift = tl_timeline_shift(counts[c], budgets[b]);
			uint64_t bins = tl_timeline_bins(counts[c], shift);

			CU_ASSERT(bins <= budgets[b]);
			CU_ASSERT(bins << shift >= counts[c]); /* room for all */
			/* the least such shift: one less would need more bins */
			if (shift)
				CU_ASSERT(tl_timeline_bins(counts[c], shift - 1) >
					  budgets[b]);
		}
	}
}

void tests_loop(void)
{
	CU_pSuite suite = tests_suite("loop");

	CU_add_test(suite, "abs: late by 2.5 intervals", test_abs_late_by_two_and_a_half);
	CU_add_test(suite, "abs: edges and an early wake", test_abs_edges);
	CU_add_test(suite, "periodic: served by the kernel's count",
		    test_periodic_counts);
	CU_add_test(suite, "periodic: deadlines after the wake are folded",
		    test_periodic_folded);
	CU_add_test(suite, "interval jitter after a miss",
		    test_interval_jitter_after_miss);
	CU_add_test(suite, "an unreadable clock ends the block", test_unreadable_clock);
	CU_add_test(suite, "kept samples: one per wake, as measured", test_samples_kept);
	CU_add_test(suite, "timeline bins: bounded, every sample in one",
		    test_timeline_bounds);
	CU_add_test(suite, "rel: fresh deadline, never missed", test_rel);
	CU_add_test(suite, "warm-up is discarded", test_warmup_discarded);
	CU_add_test(suite, "a failing wait stops the loop", test_wait_error);
	CU_add_test(suite, "spikes reach the hook after they are recorded",
		    test_spike_hook);
}
