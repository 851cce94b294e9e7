/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timerfd woken by read, abs, rel or periodic, with no harness. */
#include <sys/timerfd.h>
#include <unistd.h>

#include "minimal.h"

int main(int argc, char **argv)
{
	struct minimal m;
	struct itimerspec spec = { 0 };
	uint64_t ticks;
	int fd;

	minimal_setup(argc, argv, &m);
	fd = timerfd_create(m.clock, TFD_CLOEXEC);
	if (m.arm == 'p') {
		spec.it_interval = minimal_timespec(m.interval_ns);
		spec.it_value = minimal_timespec(m.deadline_ns);
		timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL);
	}
	for (long i = 0; i < m.total; i++) {
		if (m.arm == 'r') {
			m.deadline_ns = minimal_now(m.clock) + m.interval_ns;
			spec.it_value = minimal_timespec(m.interval_ns);
			timerfd_settime(fd, 0, &spec, NULL);
		} else if (m.arm == 'a') {
			spec.it_value = minimal_timespec(m.deadline_ns);
			timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL);
		}
		if (read(fd, &ticks, sizeof(ticks)) != sizeof(ticks))
			return 3;
		minimal_record(&m, i, minimal_now(m.clock), ticks);
	}
	minimal_finish(&m);
	return 0;
}
