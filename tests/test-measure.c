/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A measured block as the runner receives it: a child whose block never
 * reaches the runner is reported with the real cause, not as a child that
 * "exited with status 0 before it answered".
 */
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness/measure.h"
#include "../lib/time.h"
#include "tests.h"

/* In the child: close the write end of the pipe to the runner, so that the
 * block cannot be sent. It is the child's only write-only pipe. */
static int broken_open(struct tl_probe *probe)
{
	(void)probe;
	for (int fd = 3; fd < 1024; fd++) {
		struct stat st;
		int flags = fcntl(fd, F_GETFL);

		if (flags >= 0 && (flags & O_ACCMODE) == O_WRONLY &&
		    fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
			close(fd);
	}
	return 0;
}

static int broken_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	(void)probe;
	(void)deadline_ns;
	return 0;
}

static int broken_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	(void)probe;
	wake->expirations = 1;
	return tl_clock_read(CLOCK_MONOTONIC, &wake->wake_ns);
}

static void broken_close(struct tl_probe *probe)
{
	(void)probe;
}

static const struct tl_path broken_path = {
	.name = "broken-pipe",
	.summary = "cannot send its block",
	.open = broken_open,
	.arm = broken_arm,
	.wait = broken_wait,
	.close = broken_close,
};

static void test_block_not_sent(void)
{
	struct tl_block_job job = {
		.cell = { &broken_path, 0, 0, CLOCK_MONOTONIC, TL_ARM_ABS, TL_NS_PER_US },
		.warmup = 0,
		.samples = 3,
		.rt = { .policy = SCHED_OTHER, .cpu = -1, .timer_slack_ns = -1 },
		.samples_fd = -1,
		.timeline_max_bins = 4,
	};
	struct tl_block *block = calloc(1, tl_block_size(job.timeline_max_bins));
	struct tl_block_outcome outcome;

	CU_ASSERT_PTR_NOT_NULL_FATAL(block);
	CU_ASSERT_EQUAL_FATAL(tl_measure_blocks(&job, &block, &outcome, 1, NULL, NULL),
			      0);
	CU_ASSERT_EQUAL(outcome.error, -ECHILD);
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.why, "could not send its block"));
	CU_ASSERT_PTR_NOT_NULL(strstr(outcome.why, strerror(EBADF)));
	CU_ASSERT_PTR_NULL(strstr(outcome.why, "before it answered"));
	free(block);
}

void tests_measure(void)
{
	CU_pSuite suite = tests_suite("measure");

	CU_add_test(suite, "a block that cannot be sent says why", test_block_not_sent);
}
