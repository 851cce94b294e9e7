/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * timerfd: timerfd_create/timerfd_settime, woken by read (default), poll or
 * epoll_wait. The expirations a wake serves are the count that read returns,
 * so missed deadlines come straight from the kernel. poll and epoll read the
 * count after the wake time: an expiry between the two is in the count but
 * after the wake, and the loop counts it as folded.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "itimerspec-arming.h"
#include "path.h"

enum timerfd_variant { TIMERFD_READ, TIMERFD_POLL, TIMERFD_EPOLL };

static const char *const timerfd_variants[] = { "read", "poll", "epoll", NULL };

struct timerfd_state {
	int fd;
	int epoll_fd;
	enum timerfd_variant variant;
	struct tl_itimerspec_arming arming;
};

static struct timerfd_state timerfd_state = { .fd = -1, .epoll_fd = -1 };

static const char *timerfd_unsupported(const struct tl_cell *cell)
{
	switch (cell->clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_REALTIME:
	case CLOCK_BOOTTIME:
		return NULL;
	default:
		return "timerfd_create does not take this clock";
	}
}

static int timerfd_open_epoll(struct timerfd_state *state)
{
	struct epoll_event event = { .events = EPOLLIN };

	state->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (state->epoll_fd < 0)
		return -errno;
	event.data.fd = state->fd;
	if (epoll_ctl(state->epoll_fd, EPOLL_CTL_ADD, state->fd, &event) < 0)
		return -errno;
	return 0;
}

static void timerfd_close(struct tl_probe *probe);

static int timerfd_open(struct tl_probe *probe)
{
	struct timerfd_state *state = &timerfd_state;
	const struct tl_cell *cell = &probe->cell;
	int err = 0;

	probe->state = state;
	state->variant = (enum timerfd_variant)cell->variant;
	state->fd = timerfd_create(cell->clock, TFD_CLOEXEC);
	if (state->fd < 0)
		return -errno;
	if (state->variant == TIMERFD_EPOLL)
		err = timerfd_open_epoll(state);
	tl_itimerspec_arming_init(&state->arming, cell, TFD_TIMER_ABSTIME);
	if (err)
		timerfd_close(probe);
	return err;
}

static int timerfd_arm(struct tl_probe *probe, int64_t deadline_ns)
{
	struct timerfd_state *state = probe->state;

	if (timerfd_settime(state->fd, state->arming.flags,
			    tl_itimerspec_arming_for(&state->arming, deadline_ns),
			    NULL) < 0)
		return -errno;
	return 0;
}

static int timerfd_block(struct timerfd_state *state)
{
	struct pollfd pollfd = { .fd = state->fd, .events = POLLIN };
	struct epoll_event event;

	switch (state->variant) {
	case TIMERFD_POLL:
		return poll(&pollfd, 1, -1) < 0 ? -errno : 0;
	case TIMERFD_EPOLL:
		return epoll_wait(state->epoll_fd, &event, 1, -1) < 0 ? -errno : 0;
	case TIMERFD_READ:
	default:
		return 0; /* the read below blocks */
	}
}

static int timerfd_wait(struct tl_probe *probe, struct tl_wake *wake)
{
	struct timerfd_state *state = probe->state;
	uint64_t ticks;
	ssize_t n;
	int err, clock_err;

	if (state->variant == TIMERFD_READ) {
		do
			n = read(state->fd, &ticks, sizeof(ticks));
		while (n < 0 && errno == EINTR);
		clock_err = tl_clock_read(probe->cell.clock, &wake->wake_ns);
	} else {
		while ((err = timerfd_block(state)) == -EINTR)
			;
		clock_err = tl_clock_read(probe->cell.clock, &wake->wake_ns);
		if (err)
			return err;
		n = read(state->fd, &ticks, sizeof(ticks));
	}
	if (n < 0)
		return -errno;
	if (clock_err)
		return clock_err;
	if (n != sizeof(ticks) || ticks == 0)
		return -EPROTO;
	wake->expirations = ticks;
	return 0;
}

static void timerfd_close(struct tl_probe *probe)
{
	struct timerfd_state *state = probe->state;

	if (state->epoll_fd >= 0)
		close(state->epoll_fd);
	if (state->fd >= 0)
		close(state->fd);
	state->fd = state->epoll_fd = -1;
	probe->state = NULL;
}

const struct tl_path tl_path_timerfd = {
	.name = "timerfd",
	.summary = "timerfd_create/timerfd_settime, woken by read, poll or epoll_wait",
	.variants = timerfd_variants,
	.signals = NULL,
	.unsupported = timerfd_unsupported,
	.open = timerfd_open,
	.arm = timerfd_arm,
	.wait = timerfd_wait,
	.close = timerfd_close,
};
