/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "time.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

const struct tl_clock_name tl_clock_names[] = {
	{ "monotonic", CLOCK_MONOTONIC },
	{ "realtime", CLOCK_REALTIME },
	{ "boottime", CLOCK_BOOTTIME },
	{ "tai", CLOCK_TAI },
	{ "realtime-alarm", CLOCK_REALTIME_ALARM },
	{ "boottime-alarm", CLOCK_BOOTTIME_ALARM },
};
#define TIME_CLOCK_COUNT (sizeof(tl_clock_names) / sizeof(tl_clock_names[0]))

int tl_clock_from_name(const char *name, clockid_t *clock)
{
	for (size_t i = 0; i < TIME_CLOCK_COUNT; i++) {
		if (strcmp(name, tl_clock_names[i].name) == 0) {
			*clock = tl_clock_names[i].clock;
			return 0;
		}
	}
	return -EINVAL;
}

const char *tl_clock_name(clockid_t clock)
{
	for (size_t i = 0; i < TIME_CLOCK_COUNT; i++)
		if (tl_clock_names[i].clock == clock)
			return tl_clock_names[i].name;
	return NULL;
}

void tl_cell_clock_names(char *buf, size_t size)
{
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < TL_CELL_CLOCKS; i++)
		tl_text_append(buf, size, ", ", tl_clock_names[i].name);
}

static const struct {
	const char *name;
	int64_t ns;
} time_units[] = {
	{ "ns", 1 },	      { "us", TL_NS_PER_US },	   { "ms", TL_NS_PER_MS },
	{ "s", TL_NS_PER_S }, { "min", 60 * TL_NS_PER_S },
};

static int time_unit(const char *text, int64_t *unit_ns)
{
	for (size_t i = 0; i < sizeof(time_units) / sizeof(time_units[0]); i++) {
		if (strcmp(text, time_units[i].name) == 0) {
			*unit_ns = time_units[i].ns;
			return 0;
		}
	}
	return -EINVAL;
}

static int time_fail(const char **reason, const char *why)
{
	if (reason)
		*reason = why;
	return -EINVAL;
}

int tl_duration_parse(const char *text, unsigned flags, int64_t *ns, const char **reason)
{
	const char *p = text;
	int64_t whole = 0, fraction = 0, fraction_scale = 1, unit_ns;
	int digits = 0;

	if (!text || !*text)
		return time_fail(reason, "empty");
	if (*p == '-')
		return time_fail(reason, "negative");
	if (*p == '+' || isspace((unsigned char)*p))
		return time_fail(reason, "not a number");
	for (; isdigit((unsigned char)*p); p++, digits++) {
		if (whole > (INT64_MAX - (*p - '0')) / 10)
			return time_fail(reason, "too large");
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		for (; isdigit((unsigned char)*p); p++, digits++) {
			/* 18 decimals fit in int64; more cannot matter below 1 ns
			 * unless they are non-zero, which the check below catches. */
			if (fraction_scale > INT64_MAX / 10) {
				if (*p != '0')
					return time_fail(reason, "finer than 1ns");
				continue;
			}
			fraction = fraction * 10 + (*p - '0');
			fraction_scale *= 10;
		}
	}
	if (digits == 0)
		return time_fail(reason, "not a number");
	if (!*p)
		return time_fail(reason, "missing unit (ns, us, ms, s, min)");
	if (time_unit(p, &unit_ns) < 0)
		return time_fail(reason, "unknown unit (ns, us, ms, s, min)");
	if (whole > INT64_MAX / unit_ns)
		return time_fail(reason, "too large");

	int64_t value = whole * unit_ns;
	if (fraction) {
		/* fraction / fraction_scale * unit_ns must be a whole number of
		 * ns. The product is exact in 128 bits (both factors are below
		 * 2^63); a unit is not a power of ten (a minute is 6 x 10^10 ns:
		 * ".00000000005min" is 3 ns), so no cancelling of tens will do. */
		unsigned __int128 scaled =
			(unsigned __int128)fraction * (uint64_t)unit_ns;

		if (scaled % (uint64_t)fraction_scale != 0)
			return time_fail(reason, "finer than 1ns");
		int64_t part = (int64_t)(scaled / (uint64_t)fraction_scale);
		if (value > INT64_MAX - part)
			return time_fail(reason, "too large");
		value += part;
	}
	if (value == 0 && !(flags & TL_DURATION_ALLOW_ZERO))
		return time_fail(reason, "must be greater than zero");
	*ns = value;
	return 0;
}

int tl_duration_format(int64_t ns, char *buf, size_t size)
{
	static const struct {
		const char *name;
		int64_t ns;
	} units[] = { { "s", TL_NS_PER_S },
		      { "ms", TL_NS_PER_MS },
		      { "us", TL_NS_PER_US } };
	const char *sign = ns < 0 ? "-" : "";
	uint64_t magnitude = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	int n = -1;

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]) && n < 0; i++) {
		uint64_t unit = (uint64_t)units[i].ns, milli = unit / 1000;

		if (magnitude < unit || magnitude % milli != 0)
			continue;
		uint64_t thousandths = magnitude % unit / milli;
		if (thousandths == 0) {
			n = snprintf(buf, size, "%s%llu%s", sign,
				     (unsigned long long)(magnitude / unit),
				     units[i].name);
		} else {
			char decimals[24];
			int len = 3;

			snprintf(decimals, sizeof(decimals), "%03llu",
				 (unsigned long long)thousandths);
			while (decimals[len - 1] == '0')
				decimals[--len] = '\0';
			n = snprintf(buf, size, "%s%llu.%s%s", sign,
				     (unsigned long long)(magnitude / unit), decimals,
				     units[i].name);
		}
	}
	if (n < 0)
		n = snprintf(buf, size, "%s%lluns", sign, (unsigned long long)magnitude);
	if (n < 0 || (size_t)n >= size)
		return -EINVAL;
	return n;
}
