/* SPDX-License-Identifier: GPL-2.0-or-later */
/* setitimer(ITIMER_REAL) with SIGALRM to a handler that reads the wake
 * time, with no harness. abs is emulated with a delay rounded up to the
 * microsecond; periodic counts the deadlines passed by the wake, since the
 * kernel folds them silently. */
#include <signal.h>
#include <stdatomic.h>
#include <sys/time.h>

#include "minimal.h"

static clockid_t minimal_clock;
static _Atomic int64_t minimal_wake_ns;

static void minimal_handler(int signo)
{
	(void)signo;
	atomic_store(&minimal_wake_ns, minimal_now(minimal_clock));
}

/* Rounded up to the microsecond, and at least 1 us: a deadline already
 * passed must still fire (0 would disarm the timer). */
static struct timeval minimal_timeval(int64_t ns)
{
	int64_t us = ns > 0 ? (ns + 999) / 1000 : 1;

	return (struct timeval){ (time_t)(us / 1000000), (suseconds_t)(us % 1000000) };
}

int main(int argc, char **argv)
{
	struct sigaction action = { .sa_handler = minimal_handler };
	struct itimerval value = { 0 };
	struct minimal m;
	sigset_t blocked, waiting;

	minimal_setup(argc, argv, &m);
	minimal_clock = m.clock;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGALRM);
	sigprocmask(SIG_BLOCK, &blocked, &waiting);
	sigdelset(&waiting, SIGALRM);
	sigaction(SIGALRM, &action, NULL);
	if (m.arm == 'p') {
		value.it_interval = minimal_timeval(m.interval_ns);
		value.it_value = minimal_timeval(m.deadline_ns - minimal_now(m.clock));
		setitimer(ITIMER_REAL, &value, NULL);
	}
	for (long i = 0; i < m.total; i++) {
		if (m.arm == 'r') {
			m.deadline_ns = minimal_now(m.clock) + m.interval_ns;
			value.it_value = minimal_timeval(m.interval_ns);
			setitimer(ITIMER_REAL, &value, NULL);
		} else if (m.arm == 'a') {
			value.it_value =
				minimal_timeval(m.deadline_ns - minimal_now(m.clock));
			setitimer(ITIMER_REAL, &value, NULL);
		}
		sigsuspend(&waiting);
		int64_t wake = atomic_load(&minimal_wake_ns), late = wake - m.deadline_ns;
		uint64_t served =
			1 +
			(late >= m.interval_ns ? (uint64_t)(late / m.interval_ns) : 0);

		minimal_record(&m, i, wake, served);
	}
	minimal_finish(&m);
	return 0;
}
