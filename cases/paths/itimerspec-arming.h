/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arming through a struct itimerspec, as timerfd_settime and timer_settime
 * both take it: rel keeps a delay of one interval set once; abs and
 * periodic take the deadline with the absolute flag; periodic also reloads
 * every interval. Prepared at open(), so arm() only fills in a deadline.
 */
#ifndef TL_ITIMERSPEC_ARMING_H
#define TL_ITIMERSPEC_ARMING_H

#include <time.h>

#include "../../lib/time.h"
#include "path.h"

struct tl_itimerspec_arming {
	int flags; /* the absolute flag for abs and periodic, 0 for rel */
	struct itimerspec spec; /* it_interval (and rel's it_value) set once */
};

/* absolute_flag: TFD_TIMER_ABSTIME or TIMER_ABSTIME. */
static inline void tl_itimerspec_arming_init(struct tl_itimerspec_arming *arming,
					     const struct tl_cell *cell,
					     int absolute_flag)
{
	arming->flags = cell->arm == TL_ARM_REL ? 0 : absolute_flag;
	arming->spec.it_interval = (struct timespec){ 0, 0 };
	arming->spec.it_value = (struct timespec){ 0, 0 };
	if (cell->arm == TL_ARM_PERIODIC)
		arming->spec.it_interval = tl_timespec_from_ns(cell->interval_ns);
	if (cell->arm == TL_ARM_REL)
		arming->spec.it_value = tl_timespec_from_ns(cell->interval_ns);
}

/* The spec to pass for this deadline (rel ignores it). */
static inline const struct itimerspec *
tl_itimerspec_arming_for(struct tl_itimerspec_arming *arming, int64_t deadline_ns)
{
	if (arming->flags)
		arming->spec.it_value = tl_timespec_from_ns(deadline_ns);
	return &arming->spec;
}

#endif
