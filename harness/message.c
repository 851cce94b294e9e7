/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "message.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * One line whatever the message quotes: a control character that came with
 * the input (a newline in a --path value, a "\n" in a suite's or a result's
 * JSON string) is written escaped, as C writes it.
 */
__attribute__((format(printf, 2, 0))) static void
message_line(const char *prefix, const char *format, va_list args)
{
	char *text = NULL;

	fprintf(stderr, "timerlab: %s", prefix);
	if (vasprintf(&text, format, args) < 0) {
		fputs("(out of memory for the message)\n", stderr);
		return;
	}
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '\n' || *c == '\r' || *c == '\t')
			fprintf(stderr, "\\%c",
				*c == '\n'   ? 'n'
				: *c == '\r' ? 'r'
					     : 't');
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(stderr, "\\x%02x", *c);
		else
			fputc(*c, stderr);
	}
	fputc('\n', stderr);
	free(text);
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
