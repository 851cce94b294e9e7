/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the user sees on stderr: one line, prefixed "timerlab: ". */
#ifndef TL_MESSAGE_H
#define TL_MESSAGE_H

#define TL_EXIT_OK 0
#define TL_EXIT_FAILED 1 /* a check failed or a gate tripped */
#define TL_EXIT_USAGE 2 /* bad usage or bad input */
#define TL_EXIT_CANNOT 3 /* the work could not be done */
#define TL_EXIT_ALL_SKIPPED 4 /* everything skipped */

__attribute__((format(printf, 1, 2))) void tl_warn(const char *format, ...);
__attribute__((format(printf, 1, 2))) void tl_error(const char *format, ...);
/* tl_error, then exit(TL_EXIT_USAGE). */
__attribute__((format(printf, 1, 2))) _Noreturn void tl_usage_fail(const char *format,
								   ...);

#endif
