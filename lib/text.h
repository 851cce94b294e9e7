/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lists of names: for messages and help, built in a fixed buffer, and as
 * the command line gives them. */
#ifndef TL_TEXT_H
#define TL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Append item to the string in buf, after separator unless buf is empty;
 * what does not fit is cut, and buf stays a string. */
static inline void tl_text_append(char *buf, size_t size, const char *separator,
				  const char *item)
{
	size_t used = strnlen(buf, size);

	if (used + 1 < size)
		snprintf(buf + used, size - used, "%s%s", used ? separator : "", item);
}

/* Whether a comma list has every element: "a,b" has; "", ",", ",a", "a,"
 * and "a,,b" have an empty one (which strtok would skip, so that "--path ,"
 * would mean every path). */
static inline bool tl_text_list_complete(const char *text)
{
	size_t length = strlen(text);

	return length && text[0] != ',' && text[length - 1] != ',' && !strstr(text, ",,");
}

#endif
