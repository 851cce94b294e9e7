/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hist.h"

#include <errno.h>
#include <string.h>

_Static_assert(TL_HIST_BUCKETS * sizeof(uint64_t) <= 64 * 1024,
	       "a histogram must stay within 64 KiB");

void tl_hist_init(struct tl_hist *hist)
{
	memset(hist, 0, sizeof(*hist));
	hist->min_ns = INT64_MAX;
	hist->max_ns = INT64_MIN;
	hist->below_min_ns = 0;
	hist->above_max_ns = TL_HIST_MAX_NS;
}

int tl_hist_bucket_bounds(unsigned index, int64_t *low_ns, int64_t *high_ns)
{
	if (index >= TL_HIST_BUCKETS)
		return -EINVAL;
	if (index < 2 * TL_HIST_SUB_BUCKETS) {
		*low_ns = *high_ns = index;
		return 0;
	}
	unsigned shift = index / TL_HIST_SUB_BUCKETS - 1;
	int64_t sub = index % TL_HIST_SUB_BUCKETS + TL_HIST_SUB_BUCKETS;
	*low_ns = sub << shift;
	*high_ns = ((sub + 1) << shift) - 1;
	return 0;
}

void tl_hist_merge(struct tl_hist *into, const struct tl_hist *from)
{
	if (from->count == 0)
		return;
	into->count += from->count;
	if (from->min_ns < into->min_ns)
		into->min_ns = from->min_ns;
	if (from->max_ns > into->max_ns)
		into->max_ns = from->max_ns;
	into->below_count += from->below_count;
	if (from->below_min_ns < into->below_min_ns)
		into->below_min_ns = from->below_min_ns;
	into->above_count += from->above_count;
	if (from->above_max_ns > into->above_max_ns)
		into->above_max_ns = from->above_max_ns;
	for (unsigned i = 0; i < TL_HIST_BUCKETS; i++)
		into->buckets[i] += from->buckets[i];
}

static int64_t hist_clamp(const struct tl_hist *hist, int64_t value)
{
	if (value < hist->min_ns)
		return hist->min_ns;
	if (value > hist->max_ns)
		return hist->max_ns;
	return value;
}

uint64_t tl_hist_rank(uint64_t count, uint32_t ppm)
{
	if (count == 0)
		return 0;
	if (ppm > TL_PPM_MAX)
		ppm = TL_PPM_MAX;
	/* 128 bits: ppm x count cannot overflow for any count */
	unsigned __int128 scaled = (unsigned __int128)count * ppm;
	uint64_t rank = (uint64_t)((scaled + TL_PPM_MAX - 1) / TL_PPM_MAX);

	return rank < 1 ? 1 : rank;
}

int64_t tl_hist_percentile(const struct tl_hist *hist, uint32_t ppm)
{
	return tl_hist_value_at_rank(hist, tl_hist_rank(hist->count, ppm));
}

int64_t tl_hist_value_at_rank(const struct tl_hist *hist, uint64_t rank)
{
	if (rank == 0 || hist->count == 0)
		return 0;
	if (rank >= hist->count)
		return hist->max_ns;
	if (rank == 1)
		return hist->min_ns;

	uint64_t seen = hist->below_count;
	if (rank <= seen)
		return hist->below_min_ns;
	for (unsigned i = 0; i < TL_HIST_BUCKETS; i++) {
		seen += hist->buckets[i];
		if (rank <= seen) {
			int64_t low, high;

			tl_hist_bucket_bounds(i, &low, &high);
			return hist_clamp(hist, low + (high - low) / 2);
		}
	}
	return hist->above_max_ns;
}

int64_t tl_hist_bucket_value(const struct tl_hist *hist,
			     const struct tl_hist_bucket *bucket)
{
	if (bucket->high_ns < 0)
		return hist->below_min_ns;
	if (bucket->low_ns > TL_HIST_MAX_NS)
		return hist->above_max_ns;
	return hist_clamp(hist, bucket->low_ns + (bucket->high_ns - bucket->low_ns) / 2);
}

void tl_hist_iter_init(struct tl_hist_iter *iter, const struct tl_hist *hist)
{
	iter->hist = hist;
	iter->position = -1;
}

bool tl_hist_iter_next(struct tl_hist_iter *iter, struct tl_hist_bucket *bucket)
{
	const struct tl_hist *hist = iter->hist;

	if (iter->position == -1) {
		iter->position = 0;
		if (hist->below_count) {
			*bucket = (struct tl_hist_bucket){ hist->below_min_ns, -1,
							   hist->below_count };
			return true;
		}
	}
	while (iter->position < TL_HIST_BUCKETS) {
		unsigned i = (unsigned)iter->position++;

		if (hist->buckets[i]) {
			tl_hist_bucket_bounds(i, &bucket->low_ns, &bucket->high_ns);
			bucket->count = hist->buckets[i];
			return true;
		}
	}
	if (iter->position == TL_HIST_BUCKETS) {
		iter->position++;
		if (hist->above_count) {
			*bucket = (struct tl_hist_bucket){ TL_HIST_MAX_NS + 1,
							   hist->above_max_ns,
							   hist->above_count };
			return true;
		}
	}
	return false;
}

static void hist_extend(struct tl_hist *hist, int64_t low, int64_t high, uint64_t count)
{
	hist->count += count;
	if (low < hist->min_ns)
		hist->min_ns = low;
	if (high > hist->max_ns)
		hist->max_ns = high;
}

int tl_hist_add_bucket(struct tl_hist *hist, const struct tl_hist_bucket *bucket)
{
	int64_t low = bucket->low_ns, high = bucket->high_ns;

	if (bucket->count == 0 || low > high)
		return -EINVAL;
	if (high < 0) {
		if (high != -1)
			return -EINVAL;
		hist->below_count += bucket->count;
		if (low < hist->below_min_ns)
			hist->below_min_ns = low;
		hist_extend(hist, low, high, bucket->count);
		return 0;
	}
	if (low > TL_HIST_MAX_NS) {
		if (low != TL_HIST_MAX_NS + 1)
			return -EINVAL;
		hist->above_count += bucket->count;
		if (high > hist->above_max_ns)
			hist->above_max_ns = high;
		hist_extend(hist, low, high, bucket->count);
		return 0;
	}
	unsigned index = tl_hist_index(low);
	int64_t expect_low, expect_high;

	if (tl_hist_bucket_bounds(index, &expect_low, &expect_high) < 0 ||
	    expect_low != low || expect_high != high)
		return -EINVAL;
	hist->buckets[index] += bucket->count;
	hist_extend(hist, low, high, bucket->count);
	return 0;
}
