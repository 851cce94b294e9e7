/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "message.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((format(printf, 2, 0))) static void
message_line(const char *prefix, const char *format, va_list args)
{
	fprintf(stderr, "timerlab: %s", prefix);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void tl_warn(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	message_line("warning: ", format, args);
	va_end(args);
}

void tl_error(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	message_line("", format, args);
	va_end(args);
}

_Noreturn void tl_usage_fail(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	message_line("", format, args);
	va_end(args);
	exit(TL_EXIT_USAGE);
}
