/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks of mq_timedreceive's timeout (group mqueue): a receive from an
 * empty queue ends in ETIMEDOUT at its absolute CLOCK_REALTIME timeout,
 * never before, and not grossly after. Each run() observes, each judge
 * decides (mqueue.h).
 */
#include "mqueue.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/time.h"

/* An empty queue of our own, and room for a message of it. */
struct mqueue_empty {
	mqd_t queue;
	char message[64];
	size_t size;
};

/* Open one, unlinked at once so that nothing else can send to it and
 * nothing is left behind; 0, or -errno. */
static int mqueue_open_empty(struct mqueue_empty *empty)
{
	struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = sizeof(empty->message) };
	char name[64];

	snprintf(name, sizeof(name), "/timerlab-check-%d", (int)getpid());
	empty->queue = mq_open(name, O_CREAT | O_EXCL | O_RDONLY, 0600, &attr);
	if (empty->queue == (mqd_t)-1)
		return -errno;
	mq_unlink(name);
	empty->size = sizeof(empty->message);
	return 0;
}

/* A receive that times out: as the sweep waits, ETIMEDOUT serving one
 * expiry. mq_timedreceive takes only an absolute timeout, so a rel wait
 * times out at the clock read here plus the delay, later than the
 * sweep's deadline for it (read before). */
static int mqueue_receive_wait(void *arg, bool absolute, const struct timespec *value,
			       uint64_t *count)
{
	struct mqueue_empty *empty = arg;
	struct timespec timeout = *value;

	if (!absolute)
		timeout = tl_timespec_from_ns(tl_now_ns(CLOCK_REALTIME) +
					      tl_ns_from_timespec(value));
	*count = 0; /* a message from an empty queue served nothing */
	if (mq_timedreceive(empty->queue, empty->message, empty->size, NULL, &timeout) >=
	    0)
		return 0;
	if (errno != ETIMEDOUT)
		return errno;
	*count = 1;
	return 0;
}

static enum tl_verdict mqueue_open_failed(struct tl_check_ctx *ctx, int err)
{
	if (err == -ENOSYS)
		return tl_check_skip(
			ctx,
			"no POSIX message queues: mq_open gave ENOSYS (CONFIG_POSIX_MQUEUE)");
	return tl_check_error(ctx, "mq_open: %s", strerrorname_np(-err));
}

/*
 * mqueue.timeout-never-early: the never-early sweep (abs and rel from
 * 10 ns to 100 ms, check-sweep.c) through mq_timedreceive on an empty
 * queue, on CLOCK_REALTIME: each receive ETIMEDOUT, none woken before its
 * timeout. No tolerance, as for the sleeps.
 */
enum tl_verdict mqueue_judge_timeout_never_early(struct tl_check_ctx *ctx,
						 const struct check_sweep *seen)
{
	return check_sweep_judge(ctx, seen, "mq_timedreceive");
}

static enum tl_verdict timeout_never_early_run(struct tl_check_ctx *ctx)
{
	struct mqueue_empty empty;
	struct check_sweep seen;
	int err = mqueue_open_empty(&empty);

	if (err)
		return mqueue_open_failed(ctx, err);
	check_sweep_run(&seen, CLOCK_REALTIME, mqueue_receive_wait, &empty);
	mq_close(empty.queue);
	return mqueue_judge_timeout_never_early(ctx, &seen);
}

const struct tl_check tl_check_mqueue_timeout_never_early = {
	.name = "mqueue.timeout-never-early",
	.summary =
		"mq_timedreceive on an empty queue, timeouts 10 ns..100 ms ahead: ETIMEDOUT, never before the timeout",
	.run = timeout_never_early_run,
};

/*
 * mqueue.latency-sanity, mqueue-lat's 40 ms bound: ten receives that time
 * out 10 ms ahead (the selftest: a hundred 100 ms ahead), late by their
 * wake less their timeout, on average (check_judge_lateness).
 */
#define LATENCY_RECEIVES 10
#define LATENCY_TIMEOUT_NS (10 * TL_NS_PER_MS)

enum tl_verdict mqueue_judge_latency_sanity(struct tl_check_ctx *ctx,
					    const struct check_lateness_seen *seen)
{
	return check_judge_lateness(ctx, seen, "receives");
}

static void latency_observe(struct mqueue_empty *empty, struct check_lateness *group)
{
	group->what = "realtime abs";
	for (int i = 0; i < LATENCY_RECEIVES; i++) {
		int64_t timeout_ns = tl_now_ns(CLOCK_REALTIME) + LATENCY_TIMEOUT_NS;
		struct timespec timeout = tl_timespec_from_ns(timeout_ns);
		uint64_t count;

		mqueue_receive_wait(empty, true, &timeout, &count);
		check_lateness_add(group, timeout_ns, tl_now_ns(CLOCK_REALTIME));
	}
}

static enum tl_verdict latency_sanity_run(struct tl_check_ctx *ctx)
{
	struct check_lateness_seen seen = { 0 };
	struct mqueue_empty empty;
	int err = mqueue_open_empty(&empty);

	if (err)
		return mqueue_open_failed(ctx, err);
	do {
		int attempts = seen.attempts + 1;

		memset(&seen, 0, sizeof(seen));
		seen.attempts = attempts;
		latency_observe(&empty, &seen.groups[seen.count++]);
	} while (check_lateness_gross(&seen) && seen.attempts < CHECK_LATENESS_ATTEMPTS);
	mq_close(empty.queue);
	return mqueue_judge_latency_sanity(ctx, &seen);
}

const struct tl_check tl_check_mqueue_latency_sanity = {
	.name = "mqueue.latency-sanity",
	.summary =
		"ten mq_timedreceive timeouts 10 ms ahead on an empty queue: not more than 40 ms late on average (gross breakage only)",
	.run = latency_sanity_run,
};
