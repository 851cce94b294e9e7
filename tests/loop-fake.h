/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake path for the shared loop's tests, whose wakes are scripted: each
 * wake happens at a given offset from a given deadline and claims a given
 * number of expirations. No real timer runs.
 */
#ifndef TL_TESTS_LOOP_FAKE_H
#define TL_TESTS_LOOP_FAKE_H

#include "../harness/loop.h"

#define FAKE_MAX 16
#define INTERVAL TL_NS_PER_MS

struct fake_wake {
	int64_t offset_ns; /* from the reference deadline */
	uint64_t expirations; /* for periodic: what the "kernel" reports */
	int64_t periodic_slot; /* periodic: wake = first + slot x interval + offset */
};

/* What the fake saw, and what it is told to do. */
struct fake_state {
	const struct fake_wake *script;
	size_t count, next;
	int64_t armed[FAKE_MAX]; /* every deadline passed to arm() */
	size_t armed_count;
	int64_t first_ns; /* periodic: the first expiry armed */
	int64_t wait_now[FAKE_MAX]; /* the clock when each wait began */
	int fail_at; /* wait number that fails, or -1 */
};

extern struct fake_state fake;
extern const struct tl_path loop_fake_path;
/* The timeline of a test that does not look at it: every sample in one bin. */
extern struct tl_timeline_bin loop_fake_bin;

struct loop_outcome {
	struct tl_stats stats;
	struct tl_hist *hist; /* malloc'd: the caller frees it */
	int err;
};

/* count wakes of script, the first warmup of them the warm-up; spikes as
 * tl_loop_run takes them (NULL: untraced). */
struct loop_outcome loop_fake_run_traced(enum tl_arm arm, const struct fake_wake *script,
					 size_t count, uint64_t warmup,
					 const struct tl_loop_spikes *spikes);
struct loop_outcome loop_fake_run(enum tl_arm arm, const struct fake_wake *script,
				  size_t count, uint64_t warmup);

#endif
