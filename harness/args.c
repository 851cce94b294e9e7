/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/text.h"
#include "../lib/time.h"

int tl_args_fail(char *why, size_t why_size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(why, why_size, format, args);
	va_end(args);
	return -EINVAL;
}

int tl_args_list(const char *option, const char *text, char *why, size_t why_size)
{
	if (!tl_text_list_complete(text))
		return tl_args_fail(why, why_size, "%s: empty element in \"%s\"", option,
				    text);
	return 0;
}

int tl_args_count(const char *text, uint64_t min, uint64_t max, uint64_t *value)
{
	char *end;

	if (!text[0] || text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	unsigned long long parsed = strtoull(text, &end, 10);
	if (errno || *end || parsed < min || parsed > max)
		return -EINVAL;
	*value = parsed;
	return 0;
}

int tl_args_duration(const char *option, const char *text, int64_t min_ns, int64_t max_ns,
		     int64_t *value, char *why, size_t why_size)
{
	const char *reason;
	char bound[32];

	if (tl_duration_parse(text, 0, value, &reason) < 0)
		return tl_args_fail(why, why_size,
				    "%s: \"%s\" is not a valid duration: %s", option,
				    text, reason);
	if (*value < min_ns) {
		tl_duration_format(min_ns, bound, sizeof(bound));
		return tl_args_fail(why, why_size, "%s: \"%s\" must be at least %s",
				    option, text, bound);
	}
	if (*value > max_ns) {
		tl_duration_format(max_ns, bound, sizeof(bound));
		return tl_args_fail(why, why_size, "%s: \"%s\" must be at most %s",
				    option, text, bound);
	}
	return 0;
}

int tl_args_unknown(const char *command, int argc, char **argv,
		    const struct option *long_options, char *why, size_t why_size)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "?";
	bool long_form = strncmp(arg, "--", 2) == 0;

	/* getopt sets optopt to the option's value both when a value is
	 * missing and when a flag was given one (--details=x): the text
	 * tells them apart, and a long option's value may be a letter */
	for (const struct option *o = long_options; long_form && optopt && o->name; o++) {
		if (o->val != optopt)
			continue;
		if (o->has_arg == no_argument)
			return tl_args_fail(why, why_size,
					    "%s: --%s takes no value (got \"%s\")",
					    command, o->name, arg);
		return tl_args_fail(why, why_size, "%s: --%s needs a value", command,
				    o->name);
	}
	if (!long_form && optopt > 0 && optopt < 256)
		return tl_args_fail(why, why_size,
				    "%s: unknown option -%c (see timerlab %s --help)",
				    command, optopt, command);
	return tl_args_fail(why, why_size,
			    "%s: unknown option %s (see timerlab %s --help)", command,
			    arg, command);
}
