/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "samples.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "supervise.h"

int tl_samples_open(struct tl_samples *samples, uint64_t count, bool keep)
{
	*samples = (struct tl_samples){ .entries = &samples->scratch };
	samples->entries = &samples->scratch;
	if (!keep || count == 0)
		return 0;
	if (count > TL_SAMPLES_MAX_PER_BLOCK)
		return -ENOMEM;
	void *map = mmap(NULL, count * sizeof(struct tl_sample), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (map == MAP_FAILED)
		return -ENOMEM;
	/* MAP_POPULATE may leave pages out under memory pressure: touch them */
	memset(map, 0, count * sizeof(struct tl_sample));
	samples->entries = map;
	samples->mask = UINT64_MAX;
	samples->count = count;
	samples->mapped = true;
	return 0;
}

void tl_samples_close(struct tl_samples *samples)
{
	if (samples->mapped)
		munmap(samples->entries, samples->count * sizeof(struct tl_sample));
	*samples = (struct tl_samples){ .entries = &samples->scratch };
}

int tl_samples_write(const struct tl_samples *samples, uint64_t count, int fd,
		     const char *key, uint64_t round, uint64_t first)
{
	char buf[64 * 1024];
	size_t used = 0;
	int err = 0;

	if (!samples->mapped)
		return 0;
	if (count > samples->count)
		count = samples->count;
	for (uint64_t i = 0; i < count && !err; i++) {
		const struct tl_sample *s = &samples->entries[i];
		int n = snprintf(buf + used, sizeof(buf) - used,
				 "%s,%" PRIu64 ",%" PRIu64 ",%" PRId64 ",%" PRId64
				 ",%" PRId64 ",%" PRIu64 "\r\n",
				 key, round, first + i, s->deadline_ns, s->wake_ns,
				 s->wake_ns - s->deadline_ns, s->missed);

		if (n < 0 || (size_t)n >= sizeof(buf))
			return -EINVAL;
		if ((size_t)n >= sizeof(buf) - used) {
			err = tl_write_all(fd, buf, used); /* up to the last whole row */
			used = 0;
			i--; /* the row did not fit: again, into the empty buffer */
			continue;
		}
		used += (size_t)n;
	}
	if (!err && used)
		err = tl_write_all(fd, buf, used);
	return err;
}
