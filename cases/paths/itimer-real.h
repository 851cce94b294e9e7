/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What setitimer and alarm share: both arm ITIMER_REAL, which the kernel
 * runs on its monotonic clock. monotonic and realtime advance at that rate,
 * so deadlines and wakes can be read on either; no other clock serves.
 */
#ifndef TL_ITIMER_REAL_H
#define TL_ITIMER_REAL_H

#include <stddef.h>
#include <time.h>

/* NULL when clock can serve a cell of an ITIMER_REAL path, else why not. */
static inline const char *tl_itimer_real_clock_unsupported(clockid_t clock)
{
	if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)
		return "ITIMER_REAL runs on the monotonic clock: only monotonic and realtime serve as its reference clocks";
	return NULL;
}

#endif
