/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tl_duration_parse against a slower parser written from its contract in
 * lib/time.h (a decimal number, one unit, a whole number of ns that fits),
 * with and without TL_DURATION_ALLOW_ZERO, and every duration it accepts
 * formatted and parsed back to the same ns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/time.h"
#include "fuzz.h"

typedef unsigned __int128 duration_wide;

/* More significant digits than this cannot be a duration: 10^20 ns is past
 * INT64_MAX, and a fraction that needs more than 20 digits is finer than
 * 1 ns in every unit (a unit is at most 2^11 x 5^10 ns). Below it, the
 * products stay far inside 128 bits. */
#define DURATION_DIGITS 20

/* The digits of [begin, end) without leading (or, for a fraction,
 * trailing) zeros; false when more than DURATION_DIGITS remain. */
static bool duration_digits(const char *begin, const char *end, bool fraction,
			    duration_wide *value, unsigned *count)
{
	if (fraction)
		while (end > begin && end[-1] == '0')
			end--;
	else
		while (begin < end && *begin == '0')
			begin++;
	*value = 0;
	*count = (unsigned)(end - begin);
	if (*count > DURATION_DIGITS)
		return false;
	for (; begin < end; begin++)
		*value = *value * 10 + (duration_wide)(*begin - '0');
	return true;
}

static int duration_reference(const char *text, unsigned flags, int64_t *ns)
{
	static const struct {
		const char *name;
		int64_t ns;
	} units[] = { { "ns", 1 },
		      { "us", TL_NS_PER_US },
		      { "ms", TL_NS_PER_MS },
		      { "s", TL_NS_PER_S },
		      { "min", 60 * TL_NS_PER_S } };
	const char *whole_end = text + strspn(text, "0123456789"), *fraction_end;
	duration_wide whole, fraction, scale = 1, unit = 0, value;
	unsigned whole_count, fraction_count;

	fraction_end = whole_end;
	if (*whole_end == '.')
		fraction_end = whole_end + 1 + strspn(whole_end + 1, "0123456789");
	if (fraction_end - text - (*whole_end == '.') == 0)
		return -EINVAL; /* no digit */
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(fraction_end, units[i].name) == 0)
			unit = (duration_wide)units[i].ns;
	if (!unit || !duration_digits(text, whole_end, false, &whole, &whole_count) ||
	    (*whole_end == '.' && !duration_digits(whole_end + 1, fraction_end, true,
						   &fraction, &fraction_count)))
		return -EINVAL;
	if (*whole_end != '.')
		fraction = 0, fraction_count = 0;
	for (unsigned i = 0; i < fraction_count; i++)
		scale *= 10;
	if (fraction * unit % scale != 0)
		return -EINVAL;
	value = whole * unit + fraction * unit / scale;
	if (value > (duration_wide)INT64_MAX ||
	    (value == 0 && !(flags & TL_DURATION_ALLOW_ZERO)))
		return -EINVAL;
	*ns = (int64_t)value;
	return 0;
}

static int duration_one(const char *text, unsigned flags)
{
	const char *reason = NULL;
	int64_t ns = -1, expected = -1;
	int err = tl_duration_parse(text, flags, &ns, &reason);
	int reference = duration_reference(text, flags, &expected);

	FUZZ_CHECK("duration", err == 0 || err == -EINVAL, text);
	FUZZ_CHECK("duration", (err == 0) == (reference == 0), text);
	if (err) {
		FUZZ_CHECK("duration", reason && fuzz_one_line(reason, NULL), text);
		return err;
	}
	FUZZ_CHECK("duration", reason == NULL, text);
	FUZZ_CHECK("duration", ns == expected, text);
	FUZZ_CHECK("duration", ns > 0 || (ns == 0 && (flags & TL_DURATION_ALLOW_ZERO)),
		   text);

	char formatted[40];
	int64_t again = -1;

	FUZZ_CHECK("duration", tl_duration_format(ns, formatted, sizeof(formatted)) > 0,
		   text);
	FUZZ_CHECK("duration", tl_duration_parse(formatted, flags, &again, NULL) == 0,
		   formatted);
	FUZZ_CHECK("duration", again == ns, formatted);
	return 0;
}

int tl_fuzz_duration(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	int err = duration_one(text, 0),
	    zero = duration_one(text, TL_DURATION_ALLOW_ZERO);

	/* zero allowed or not, only a zero can be told apart */
	FUZZ_CHECK("duration", err == zero || (err && !zero), text);
	free(text);
	return err;
}

TL_FUZZ_ENTRY(tl_fuzz_duration)
