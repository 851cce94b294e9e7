/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "signal-wait.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "../../lib/time.h"

/* The handler touches only these: volatile sig_atomic_t and lock-free
 * atomics (int64_t is long or long long, whichever this ABI uses). */
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2 && ATOMIC_LLONG_LOCK_FREE == 2,
	       "64-bit atomics must be lock-free to be stored in a signal handler");
_Static_assert(
	ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_POINTER_LOCK_FREE == 2,
	"int and pointer atomics must be lock-free to be used in a signal handler");

/* No wake stored yet: no clock reads INT64_MIN. */
#define SIGNAL_NO_WAKE INT64_MIN

/* Set before the handler is installed, read by it. */
static volatile sig_atomic_t signal_handler_clock;
static volatile sig_atomic_t signal_handler_code;
static _Atomic(const void *) signal_handler_value;
/* Written by the handler, taken by the waiter after sigsuspend. */
static _Atomic int64_t signal_handler_wake_ns = SIGNAL_NO_WAKE;
static _Atomic int signal_handler_overrun;
static _Atomic int signal_handler_clock_error; /* -errno of a failed read */
static _Atomic uint64_t signal_handler_stray;

static inline bool signal_matches(int want_code, const void *want_value, int code,
				  const void *value)
{
	return code == want_code && (!want_value || value == want_value);
}

static void signal_handler(int signo, siginfo_t *info, void *context)
{
	/* errno first (a load): a failing call below would change it */
	int saved_errno = errno;
	int64_t wake_ns = 0, none = SIGNAL_NO_WAKE;
	int clock_err = tl_clock_read((clockid_t)signal_handler_clock, &wake_ns);

	(void)signo;
	(void)context;
	if (signal_matches(signal_handler_code, atomic_load(&signal_handler_value),
			   info->si_code, info->si_value.sival_ptr) &&
	    atomic_compare_exchange_strong(&signal_handler_wake_ns, &none, wake_ns)) {
		atomic_store(&signal_handler_overrun, info->si_overrun);
		atomic_store(&signal_handler_clock_error, clock_err);
	} else /* not ours, or a second one before the first was taken */
		atomic_fetch_add(&signal_handler_stray, 1);
	errno = saved_errno;
}

static void signal_count_stray(struct tl_shared *shared, uint64_t count)
{
	if (count)
		atomic_fetch_add_explicit(&shared->stray, count, memory_order_relaxed);
}

static int signal_wait_install(struct tl_signal_wait *wait)
{
	struct sigaction action = { 0 };

	sigemptyset(&action.sa_mask);
	if (wait->how == TL_SIGNAL_HANDLER) {
		signal_handler_clock = wait->clock;
		signal_handler_code = wait->match.code;
		atomic_store(&signal_handler_value, wait->match.value);
		atomic_store(&signal_handler_wake_ns, SIGNAL_NO_WAKE);
		atomic_store(&signal_handler_clock_error, 0);
		atomic_store(&signal_handler_stray, 0);
		action.sa_sigaction = signal_handler;
		action.sa_flags = SA_SIGINFO;
	} else {
		/* Taken while blocked. SIG_DFL rather than an inherited
		 * SIG_IGN: POSIX lets a system discard an ignored signal
		 * at generation even while it is blocked. */
		action.sa_handler = SIG_DFL;
	}
	if (sigaction(wait->signo, &action, &wait->saved_action) < 0)
		return -errno;
	wait->action_saved = true;
	return 0;
}

int tl_signal_wait_open(struct tl_signal_wait *wait, int signo, enum tl_signal_how how,
			clockid_t clock, const struct tl_signal_match *match)
{
	int err;

	*wait = (struct tl_signal_wait){
		.signo = signo,
		.how = how,
		.clock = clock,
		.match = *match,
		.fd = -1,
	};
	sigemptyset(&wait->only);
	sigaddset(&wait->only, signo);
	if (sigprocmask(SIG_BLOCK, &wait->only, &wait->saved_mask) < 0)
		return -errno;
	wait->mask_saved = true;
	wait->suspend_mask = wait->saved_mask;
	sigdelset(&wait->suspend_mask, signo);
	err = signal_wait_install(wait);
	if (!err && how == TL_SIGNAL_SIGNALFD) {
		wait->fd = signalfd(-1, &wait->only, SFD_CLOEXEC);
		if (wait->fd < 0)
			err = -errno;
	}
	if (err)
		tl_signal_wait_close(wait);
	return err;
}

/* The signal is unblocked only inside sigsuspend, and one handler runs per
 * sigsuspend: the frame restores the blocked mask when the handler returns. */
static int signal_wait_suspend(struct tl_signal_wait *wait, struct tl_shared *shared,
			       struct tl_signal_arrival *arrival)
{
	int64_t wake_ns;

	do {
		sigsuspend(&wait->suspend_mask); /* always -1, EINTR */
		signal_count_stray(shared, atomic_exchange(&signal_handler_stray, 0));
		wake_ns = atomic_exchange(&signal_handler_wake_ns, SIGNAL_NO_WAKE);
	} while (wake_ns == SIGNAL_NO_WAKE);
	arrival->wake_ns = wake_ns;
	arrival->overrun = atomic_load(&signal_handler_overrun);
	return atomic_load(&signal_handler_clock_error);
}

/* clock_gettime leaves errno alone when it succeeds, so the wake time can
 * be read before the result of the call is looked at. */
static int signal_wait_info(struct tl_signal_wait *wait, struct tl_shared *shared,
			    struct tl_signal_arrival *arrival)
{
	siginfo_t info;

	for (;;) {
		int got = sigwaitinfo(&wait->only, &info);
		int64_t wake_ns = 0;
		int clock_err = tl_clock_read(wait->clock, &wake_ns);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (signal_matches(wait->match.code, wait->match.value, info.si_code,
				   info.si_value.sival_ptr)) {
			arrival->wake_ns = wake_ns;
			arrival->overrun = info.si_overrun;
			return clock_err;
		}
		signal_count_stray(shared, 1);
	}
}

static int signal_wait_fd(struct tl_signal_wait *wait, struct tl_shared *shared,
			  struct tl_signal_arrival *arrival)
{
	struct signalfd_siginfo info;

	for (;;) {
		ssize_t n = read(wait->fd, &info, sizeof(info));
		int64_t wake_ns = 0;
		int clock_err = tl_clock_read(wait->clock, &wake_ns);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n != sizeof(info))
			return -EPROTO;
		if (signal_matches(wait->match.code, wait->match.value, info.ssi_code,
				   (const void *)(uintptr_t)info.ssi_ptr)) {
			arrival->wake_ns = wake_ns;
			arrival->overrun = (int)info.ssi_overrun;
			return clock_err;
		}
		signal_count_stray(shared, 1);
	}
}

int tl_signal_wait_next(struct tl_signal_wait *wait, struct tl_shared *shared,
			struct tl_signal_arrival *arrival)
{
	switch (wait->how) {
	case TL_SIGNAL_HANDLER:
		return signal_wait_suspend(wait, shared, arrival);
	case TL_SIGNAL_SIGWAITINFO:
		return signal_wait_info(wait, shared, arrival);
	case TL_SIGNAL_SIGNALFD:
		return signal_wait_fd(wait, shared, arrival);
	}
	return -EINVAL;
}

void tl_signal_wait_close(struct tl_signal_wait *wait)
{
	static const struct timespec no_wait = { 0, 0 };

	if (wait->fd >= 0)
		close(wait->fd);
	wait->fd = -1;
	/* Discard while still blocked: unblocked, a pending SIGALRM under its
	 * restored default action would end the process. */
	if (wait->mask_saved)
		while (sigtimedwait(&wait->only, NULL, &no_wait) == wait->signo)
			;
	if (wait->action_saved)
		sigaction(wait->signo, &wait->saved_action, NULL);
	if (wait->mask_saved)
		sigprocmask(SIG_SETMASK, &wait->saved_mask, NULL);
	wait->action_saved = wait->mask_saved = false;
}

int tl_signal_wait_wake(struct tl_signal_wait *wait, struct tl_shared *shared,
			struct tl_wake *wake)
{
	struct tl_signal_arrival arrival;
	int err = tl_signal_wait_next(wait, shared, &arrival);

	if (err)
		return err;
	wake->wake_ns = arrival.wake_ns;
	/* 0 for one-shot timers; DELAYTIMER_MAX at most */
	wake->expirations = 1 + (uint64_t)(arrival.overrun > 0 ? arrival.overrun : 0);
	return 0;
}
