/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Nanosecond time: every time in timerlab is an int64_t count of nanoseconds
 * (suffix _ns), signed so that an early wakeup is a negative latency rather
 * than a huge unsigned number. int64_t ns covers +-292 years.
 */
#ifndef TL_TIME_H
#define TL_TIME_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>

#define TL_NS_PER_US INT64_C(1000)
#define TL_NS_PER_MS INT64_C(1000000)
#define TL_NS_PER_S INT64_C(1000000000)

/* tv_nsec is always normalised to [0, 1e9), also for negative times. */
static inline struct timespec tl_timespec_from_ns(int64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / TL_NS_PER_S);
	ts.tv_nsec = (long)(ns % TL_NS_PER_S);
	if (ts.tv_nsec < 0) {
		ts.tv_sec -= 1;
		ts.tv_nsec += TL_NS_PER_S;
	}
	return ts;
}

static inline int64_t tl_ns_from_timespec(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * TL_NS_PER_S + ts->tv_nsec;
}

static inline int64_t tl_ns_from_timeval(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * TL_NS_PER_S + (int64_t)tv->tv_usec * TL_NS_PER_US;
}

/* ns x count, or -EOVERFLOW when the product does not fit in int64_t. */
static inline int tl_ns_times(int64_t ns, uint64_t count, int64_t *product)
{
	if (count > (uint64_t)INT64_MAX ||
	    __builtin_mul_overflow(ns, (int64_t)count, product))
		return -EOVERFLOW;
	return 0;
}

/* a + b, or -EOVERFLOW. */
static inline int tl_ns_sum(int64_t a, int64_t b, int64_t *sum)
{
	return __builtin_add_overflow(a, b, sum) ? -EOVERFLOW : 0;
}

/* No clock reads this: every clock timerlab reads is at or after its epoch
 * (the kernel refuses to set CLOCK_REALTIME before 1970). */
#define TL_NOW_FAILED INT64_MIN

/*
 * Read a clock: 0 with the time in *ns, or -errno (EINVAL: a clock this
 * kernel does not have) with *ns set to TL_NOW_FAILED. The measurement loop
 * and the paths read every time through this and end the block with the
 * error, so no figure is ever made of a time that was not read.
 * clock_gettime is served by the vDSO.
 */
static inline int tl_clock_read(clockid_t clock, int64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) < 0) {
		*ns = TL_NOW_FAILED;
		return -errno;
	}
	*ns = tl_ns_from_timespec(&ts);
	return 0;
}

/*
 * The time on a clock that has been read successfully before (supervision,
 * the checks' own timing); TL_NOW_FAILED when the read fails, never an
 * uninitialised time.
 */
static inline int64_t tl_now_ns(clockid_t clock)
{
	int64_t ns;

	tl_clock_read(clock, &ns);
	return ns;
}

/*
 * The one table of clock names, as the command line and the results spell
 * them, in the order --clock all takes them: the first TL_CELL_CLOCKS
 * ("monotonic", "realtime", "boottime", "tai") are those a cell can run on;
 * after them the alarm clocks ("realtime-alarm", "boottime-alarm"), which
 * only checks name.
 */
struct tl_clock_name {
	const char *name;
	clockid_t clock;
};
extern const struct tl_clock_name tl_clock_names[];
#define TL_CELL_CLOCKS 4

/* By name and by id; unknown: -EINVAL / NULL. */
int tl_clock_from_name(const char *name, clockid_t *clock);
const char *tl_clock_name(clockid_t clock);

/* The names of the cell clocks joined by ", " ("monotonic, realtime, ..."),
 * for messages; what does not fit is cut. */
void tl_cell_clock_names(char *buf, size_t size);

/* Durations: "100ns", "250us", "1.5ms", "2s", "1min", "24h". */
enum tl_duration_flags {
	TL_DURATION_ALLOW_ZERO = 1 << 0,
};

/*
 * Parse a duration: a decimal number (fraction allowed down to 1 ns) followed
 * by a unit (ns, us, ms, s, min, h). Empty text, a sign, a missing or unknown
 * unit, a value finer than 1 ns, an overflow, or zero without
 * TL_DURATION_ALLOW_ZERO give -EINVAL and set *reason to a phrase that
 * completes "... is not a valid duration: <reason>".
 */
int tl_duration_parse(const char *text, unsigned flags, int64_t *ns, const char **reason);

/*
 * Format a duration exactly in the largest unit that needs at most three
 * decimals ("1ms", "1.5ms", "250us", "1234.567us", "17ns"), so that parsing
 * the text gives back the same value. Returns the length snprintf would
 * have written, or -EINVAL if buf is too small.
 */
int tl_duration_format(int64_t ns, char *buf, size_t size);

#endif
