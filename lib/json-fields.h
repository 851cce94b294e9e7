/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Struct <-> JSON object through a table of fields, so that a record's
 * writer and reader are one description and cannot drift apart. Used by
 * result-json.c for env, options, cells and checks.
 */
#ifndef TL_JSON_FIELDS_H
#define TL_JSON_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum tl_json_type {
	TL_JSON_TEXT, /* char[size] inside the struct */
	TL_JSON_STRING, /* char * (malloc'd), NULL written as absent */
	TL_JSON_INT, /* int */
	TL_JSON_INT64, /* int64_t */
	TL_JSON_COUNT, /* uint64_t, non-negative */
	TL_JSON_REAL, /* double, finite, read from -2^62 to 2^62 (a time in ns) */
	TL_JSON_BOOL, /* bool */
};

struct tl_json_field {
	const char *name;
	enum tl_json_type type;
	size_t offset;
	size_t size; /* TL_JSON_TEXT only */
	bool required; /* a reader refuses the record without it */
};

#define TL_JSON_FIELD(struct_, member, kind, required_)                                  \
	{                                                                                \
#member, kind, offsetof(struct_, member),                                \
			sizeof(((struct_ *)0)->member), required_                        \
	}

/* Add every field of base to object; -ENOMEM. NULL strings are left out. */
int tl_json_write_fields(json_t *object, const void *base,
			 const struct tl_json_field *fields, size_t count);

/*
 * Read every field into base. where names the object for messages
 * ("cells[2]"); on error -EINVAL and why says "where.field: problem".
 * Missing optional fields keep what base held.
 */
int tl_json_read_fields(const json_t *object, void *base,
			const struct tl_json_field *fields, size_t count,
			const char *where, char *why, size_t why_size);

#endif
