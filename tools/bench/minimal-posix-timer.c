/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timer_create with SIGRTMIN to an SA_SIGINFO handler that reads the wake
 * time, the loop waiting in sigsuspend, with no harness. */
#include <signal.h>
#include <stdatomic.h>

#include "minimal.h"

static clockid_t minimal_clock;
static _Atomic int64_t minimal_wake_ns;
static _Atomic int minimal_overrun;

static void minimal_handler(int signo, siginfo_t *info, void *context)
{
	(void)signo;
	(void)context;
	atomic_store(&minimal_wake_ns, minimal_now(minimal_clock));
	atomic_store(&minimal_overrun, info->si_overrun);
}

int main(int argc, char **argv)
{
	struct sigaction action = { .sa_sigaction = minimal_handler,
				    .sa_flags = SA_SIGINFO };
	struct sigevent event = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	struct itimerspec spec = { 0 };
	struct minimal m;
	sigset_t blocked, waiting;
	timer_t timer;

	minimal_setup(argc, argv, &m);
	minimal_clock = m.clock;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &blocked, &waiting);
	sigdelset(&waiting, SIGRTMIN);
	sigaction(SIGRTMIN, &action, NULL);
	timer_create(m.clock, &event, &timer);
	if (m.arm == 'p') {
		spec.it_interval = minimal_timespec(m.interval_ns);
		spec.it_value = minimal_timespec(m.deadline_ns);
		timer_settime(timer, TIMER_ABSTIME, &spec, NULL);
	}
	for (long i = 0; i < m.total; i++) {
		if (m.arm == 'r') {
			m.deadline_ns = minimal_now(m.clock) + m.interval_ns;
			spec.it_value = minimal_timespec(m.interval_ns);
			timer_settime(timer, 0, &spec, NULL);
		} else if (m.arm == 'a') {
			spec.it_value = minimal_timespec(m.deadline_ns);
			timer_settime(timer, TIMER_ABSTIME, &spec, NULL);
		}
		sigsuspend(&waiting);
		minimal_record(&m, i, atomic_load(&minimal_wake_ns),
			       1 + (uint64_t)atomic_load(&minimal_overrun));
	}
	minimal_finish(&m);
	return 0;
}
