/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "xml.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XML_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

/* Length of the well-formed UTF-8 sequence at s (2 to 4), or 0 when it is
 * not one: overlong forms, surrogates and code points past U+10FFFF are not
 * (RFC 3629, table 3-7 of the Unicode standard). */
static size_t xml_utf8_length(const unsigned char *s)
{
	unsigned char low = 0x80, high = 0xBF;
	size_t length;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		length = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		length = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		length = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		low = 0xA0;
	else if (s[0] == 0xED)
		high = 0x9F;
	else if (s[0] == 0xF0)
		low = 0x90;
	else if (s[0] == 0xF4)
		high = 0x8F;
	if (s[1] < low || s[1] > high)
		return 0;
	for (size_t i = 2; i < length; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return length;
}

/* U+FFFE and U+FFFF are not XML characters either. */
static bool xml_noncharacter(const unsigned char *s, size_t length)
{
	return length == 3 && s[0] == 0xEF && s[1] == 0xBF &&
	       (s[2] == 0xBE || s[2] == 0xBF);
}

static void xml_escape_ascii(FILE *out, unsigned char c)
{
	switch (c) {
	case '&':
		fputs("&amp;", out);
		break;
	case '<':
		fputs("&lt;", out);
		break;
	case '>':
		fputs("&gt;", out);
		break;
	case '"':
		fputs("&quot;", out);
		break;
	case '\'':
		fputs("&apos;", out);
		break;
	case '\t':
	case '\n':
	case '\r':
		fprintf(out, "&#%d;", c);
		break;
	default:
		if (c < 0x20)
			fputs(XML_REPLACEMENT, out);
		else
			fputc(c, out);
	}
}

int tl_xml_escape(FILE *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	while (*s) {
		size_t length;

		if (*s < 0x80) {
			xml_escape_ascii(out, *s++);
			continue;
		}
		length = xml_utf8_length(s);
		if (!length || xml_noncharacter(s, length)) {
			fputs(XML_REPLACEMENT, out);
			s += length ? length : 1;
			continue;
		}
		fwrite(s, 1, length, out);
		s += length;
	}
	return ferror(out) ? -EIO : 0;
}
