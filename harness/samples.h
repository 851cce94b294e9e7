/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every sample of a block, for --format samples: a buffer the measuring
 * child allocates and touches before its loop (so the loop takes no page
 * fault on it), the loop fills with one store per wake, and the child
 * writes out as CSV rows after the block, never inside it.
 *
 * Without --format samples the loop stores into one scratch entry instead
 * (index & 0), so its code is the same either way: no branch, no fault,
 * the same cost per wake.
 *
 * Memory grows with the samples by design: 24 bytes a sample, locked with
 * the rest of the child; TL_SAMPLES_MAX_PER_BLOCK bounds it.
 */
#ifndef TL_SAMPLES_H
#define TL_SAMPLES_H

#include <stdbool.h>
#include <stdint.h>

/* One wakeup as measured. */
struct tl_sample {
	int64_t deadline_ns; /* the oldest deadline it served */
	int64_t wake_ns;
	uint64_t missed;
};

/* 2 * 10^6 samples: 48 MiB of locked memory in the measuring child. */
#define TL_SAMPLES_MAX_PER_BLOCK UINT64_C(2000000)

/* The CSV header the rows follow. */
#define TL_SAMPLES_HEADER "cell,round,index,deadline_ns,wake_ns,latency_ns,missed\r\n"

struct tl_samples {
	struct tl_sample *entries; /* count of them, or the scratch entry */
	uint64_t mask; /* UINT64_MAX when kept, 0 when not (entry 0 only) */
	uint64_t count;
	struct tl_sample scratch;
	bool mapped;
};

/* Room for count samples when keep, else the scratch entry; the pages are
 * touched here. 0 or -ENOMEM. */
int tl_samples_open(struct tl_samples *samples, uint64_t count, bool keep);
void tl_samples_close(struct tl_samples *samples);

/*
 * The first count kept samples as CSV rows, "key,round,first+i,deadline,
 * wake,latency,missed", appended to fd in writes that each end at a row
 * (so that the children of --smp, appending to one file, never interleave
 * inside a row). 0 or -errno.
 */
int tl_samples_write(const struct tl_samples *samples, uint64_t count, int fd,
		     const char *key, uint64_t round, uint64_t first);

#endif
