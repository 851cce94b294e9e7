/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loop-fake.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/time.h"
#include "tests.h"

struct fake_state fake;
struct tl_timeline_bin loop_fake_bin;

static int fake_open(struct tl_probe *probe)
{
	(void)probe;
	return 0;
}

static int fake_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	(void)probe;
	if (fake.armed_count < FAKE_MAX)
		fake.armed[fake.armed_count++] = deadline_ns;
	fake.first_ns = fake.armed[0];
	return 0;
}

static int fake_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	const struct fake_wake *step;

	if ((int)fake.next == fake.fail_at)
		return -EIO;
	CU_ASSERT_FATAL(fake.next < fake.count);
	fake.wait_now[fake.next] = tl_now_ns(CLOCK_MONOTONIC);
	step = &fake.script[fake.next++];
	if (probe->cell.arm == TL_ARM_PERIODIC)
		wake->wake_ns =
			fake.first_ns + step->periodic_slot * INTERVAL + step->offset_ns;
	else
		wake->wake_ns = fake.armed[fake.armed_count - 1] + step->offset_ns;
	wake->expirations = step->expirations ? step->expirations : 1;
	return 0;
}

static void fake_close(struct tl_probe *probe)
{
	(void)probe;
}

const struct tl_path loop_fake_path = {
	.name = "fake",
	.summary = "scripted wakes",
	.open = fake_open,
	.arm = fake_arm,
	.wait = fake_wait,
	.close = fake_close,
};

struct loop_outcome loop_fake_run_traced(enum tl_arm arm, const struct fake_wake *script,
					 size_t count, uint64_t warmup,
					 const struct tl_loop_spikes *spikes)
{
	static struct tl_shared shared;
	struct tl_probe probe = {
		.cell = { &loop_fake_path, 0, 0, CLOCK_MONOTONIC, arm, INTERVAL },
		.shared = &shared,
	};
	struct loop_outcome out = { .hist = malloc(sizeof(struct tl_hist)) };

	memset(&fake, 0, sizeof(fake));
	fake.fail_at = -1;
	fake.script = script;
	fake.count = count;
	atomic_store(&shared.wakes, 0);
	tl_stats_init(&out.stats);
	tl_hist_init(out.hist);
	struct tl_samples none;

	tl_samples_open(&none, 0, false);
	out.err = tl_loop_run(&probe, warmup, count - warmup,
			      &(struct tl_loop_record){ &out.stats, out.hist, &none,
							&loop_fake_bin, 63 },
			      spikes);
	CU_ASSERT_EQUAL(atomic_load(&shared.wakes), count);
	return out;
}

struct loop_outcome loop_fake_run(enum tl_arm arm, const struct fake_wake *script,
				  size_t count, uint64_t warmup)
{
	return loop_fake_run_traced(arm, script, count, warmup, NULL);
}
