/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check-sweep.h"

#include "../../lib/time.h"
#include "check-helpers.h"

/* Requests of the sweep and how often each is sampled, abs and rel alike. */
static const struct {
	int64_t request_ns;
	int repeats;
} check_sweep_plan[] = {
	{ 10, 20 },
	{ 100, 20 },
	{ TL_NS_PER_US, 20 },
	{ 10 * TL_NS_PER_US, 20 },
	{ 100 * TL_NS_PER_US, 10 },
	{ TL_NS_PER_MS, 5 },
	{ 10 * TL_NS_PER_MS, 2 },
	{ 100 * TL_NS_PER_MS, 1 },
};

/* One wait of the sweep, the clock read right before the call that arms. */
static void check_sweep_sample(clockid_t clock, bool absolute, int64_t request_ns,
			       check_sweep_wait_fn wait, void *arg,
			       struct check_sweep_wake *wake)
{
	struct timespec value = tl_timespec_from_ns(request_ns);

	wake->request_ns = request_ns;
	wake->absolute = absolute;
	wake->count = 0;
	wake->deadline_ns = tl_now_ns(clock) + request_ns;
	if (absolute)
		value = tl_timespec_from_ns(wake->deadline_ns);
	wake->err = wait(arg, absolute, &value, &wake->count);
	wake->wake_ns = tl_now_ns(clock);
}

void check_sweep_run(struct check_sweep *sweep, clockid_t clock, check_sweep_wait_fn wait,
		     void *arg)
{
	size_t plans = sizeof(check_sweep_plan) / sizeof(check_sweep_plan[0]);

	sweep->clock = clock;
	sweep->count = 0;
	for (size_t p = 0; p < plans; p++) {
		for (int r = 0; r < check_sweep_plan[p].repeats; r++) {
			/* abs and rel alternate, so both see the same machine */
			for (int absolute = 1; absolute >= 0; absolute--) {
				struct check_sweep_wake *wake =
					&sweep->wakes[sweep->count];

				if (sweep->count == CHECK_SWEEP_MAX)
					return;
				check_sweep_sample(clock, absolute,
						   check_sweep_plan[p].request_ns, wait,
						   arg, wake);
				sweep->count++;
				if (wake->err)
					return;
			}
		}
	}
}

static const char *check_sweep_arming(const struct check_sweep_wake *wake)
{
	return wake->absolute ? "abs" : "rel";
}

/*
 * No tolerance: the wake and the deadline are read on the clock the kernel
 * times the wait on, and the kernel may not end the wait before its clock
 * reaches the deadline. For rel the deadline we hold is never later than
 * the kernel's (it reads the clock after our read). Timer slack and a busy
 * machine only make a wake later, so even 1 ns early is a kernel bug.
 */
enum tl_verdict check_sweep_judge(struct tl_check_ctx *ctx,
				  const struct check_sweep *sweep, const char *what)
{
	const char *clock = check_clock_name(sweep->clock);
	int64_t closest_ns = INT64_MAX;

	if (sweep->count == 0)
		return tl_check_error(ctx, "%s, %s: no wait was sampled", what, clock);
	for (size_t i = 0; i < sweep->count; i++) {
		const struct check_sweep_wake *wake = &sweep->wakes[i];
		int64_t late_ns = wake->wake_ns - wake->deadline_ns;

		if (wake->err)
			return tl_check_fail(ctx, "%s, %s, %s %lld ns: %s", what, clock,
					     check_sweep_arming(wake),
					     (long long)wake->request_ns,
					     check_errno_name(wake->err));
		if (late_ns < 0)
			return tl_check_fail(
				ctx,
				"%s, %s, %s %lld ns: woke %lld ns before its deadline",
				what, clock, check_sweep_arming(wake),
				(long long)wake->request_ns, (long long)-late_ns);
		if (wake->count != 1)
			return tl_check_fail(
				ctx,
				"%s, %s, %s %lld ns: the wake served %llu expirations of a one-shot, expected 1",
				what, clock, check_sweep_arming(wake),
				(long long)wake->request_ns,
				(unsigned long long)wake->count);
		if (late_ns < closest_ns)
			closest_ns = late_ns;
	}
	return tl_check_pass(
		ctx,
		"%s, %s: %zu abs and rel waits from 10 ns to 100 ms, none early; the closest woke %lld ns after its deadline",
		what, clock, sweep->count, (long long)closest_ns);
}
