/* SPDX-License-Identifier: GPL-2.0-or-later */
/* clock_nanosleep, abs or rel, with no harness: the reference for the
 * clock-nanosleep path's overhead. */
#include "minimal.h"

int main(int argc, char **argv)
{
	struct minimal m;

	minimal_setup(argc, argv, &m);
	for (long i = 0; i < m.total; i++) {
		struct timespec ts;

		if (m.arm == 'r') {
			m.deadline_ns = minimal_now(m.clock) + m.interval_ns;
			ts = minimal_timespec(m.interval_ns);
			clock_nanosleep(m.clock, 0, &ts, NULL);
		} else {
			ts = minimal_timespec(m.deadline_ns);
			clock_nanosleep(m.clock, TIMER_ABSTIME, &ts, NULL);
		}
		minimal_record(&m, i, minimal_now(m.clock), 1);
	}
	minimal_finish(&m);
	return 0;
}
