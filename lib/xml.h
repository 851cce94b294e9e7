/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text into XML 1.0, for the JUnit writer (and the HTML one): our own few
 * lines rather than libxml2, which pulls in ICU (about 31 MB) that mlockall
 * would lock into every measuring child, and which does not link
 * statically (make STATIC=1).
 */
#ifndef TL_XML_H
#define TL_XML_H

#include <stdio.h>

/*
 * Write text escaped so that it is well-formed both as character data and
 * inside a double- or single-quoted attribute: & < > " ' become entities;
 * tab, newline and carriage return become character references (so that an
 * attribute keeps them); the other control characters, which XML 1.0 cannot
 * carry at all, and bytes that are not UTF-8, become U+FFFD. 0 or -EIO.
 */
int tl_xml_escape(FILE *out, const char *text);

#endif
