/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json-fields.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2^62: beyond any time in ns a result holds, and well inside int64_t. */
#define JSON_REAL_MAX 4611686018427387904.0

static json_t *json_field_value(const void *base, const struct tl_json_field *field)
{
	const char *at = (const char *)base + field->offset;

	switch (field->type) {
	case TL_JSON_TEXT:
		return json_string(at);
	case TL_JSON_STRING: {
		const char *text = *(const char *const *)at;

		return text ? json_string(text) : NULL;
	}
	case TL_JSON_INT:
		return json_integer(*(const int *)at);
	case TL_JSON_INT64:
		return json_integer(*(const int64_t *)at);
	case TL_JSON_COUNT:
		return json_integer((json_int_t) * (const uint64_t *)at);
	case TL_JSON_REAL: {
		double value = *(const double *)at;

		/* never write NaN or infinity */
		return json_real(isfinite(value) ? value : 0.0);
	}
	case TL_JSON_BOOL:
		return json_boolean(*(const bool *)at);
	}
	return NULL;
}

int tl_json_write_fields(json_t *object, const void *base,
			 const struct tl_json_field *fields, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		json_t *value = json_field_value(base, &fields[i]);

		if (!value) {
			if (fields[i].type == TL_JSON_STRING)
				continue;
			return -ENOMEM;
		}
		if (json_object_set_new(object, fields[i].name, value) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int json_field_fail(char *why, size_t why_size, const char *where,
			   const struct tl_json_field *field, const char *problem)
{
	snprintf(why, why_size, "%s.%s: %s", where, field->name, problem);
	return -EINVAL;
}

static int json_field_read(const json_t *value, void *base,
			   const struct tl_json_field *field, const char *where,
			   char *why, size_t why_size)
{
	char *at = (char *)base + field->offset;

	switch (field->type) {
	case TL_JSON_TEXT:
		if (!json_is_string(value))
			return json_field_fail(why, why_size, where, field,
					       "must be a string");
		snprintf(at, field->size, "%s", json_string_value(value));
		return 0;
	case TL_JSON_STRING: {
		char **text = (char **)at;

		if (json_is_null(value))
			return 0;
		if (!json_is_string(value))
			return json_field_fail(why, why_size, where, field,
					       "must be a string");
		free(*text);
		*text = strdup(json_string_value(value));
		return *text ? 0 : -ENOMEM;
	}
	case TL_JSON_INT:
		if (!json_is_integer(value) || json_integer_value(value) < INT32_MIN ||
		    json_integer_value(value) > INT32_MAX)
			return json_field_fail(why, why_size, where, field,
					       "must be an integer");
		*(int *)at = (int)json_integer_value(value);
		return 0;
	case TL_JSON_INT64:
		if (!json_is_integer(value))
			return json_field_fail(why, why_size, where, field,
					       "must be an integer");
		*(int64_t *)at = json_integer_value(value);
		return 0;
	case TL_JSON_COUNT:
		if (!json_is_integer(value) || json_integer_value(value) < 0)
			return json_field_fail(why, why_size, where, field,
					       "must be a non-negative integer");
		*(uint64_t *)at = (uint64_t)json_integer_value(value);
		return 0;
	case TL_JSON_REAL:
		/* a time in ns, as the INT64 fields: one that would not fit an
		 * int64_t (1e308) is not one, and writers convert it to one */
		if (!json_is_number(value) ||
		    fabs(json_number_value(value)) > JSON_REAL_MAX)
			return json_field_fail(why, why_size, where, field,
					       "must be a number from -2^62 to 2^62");
		*(double *)at = json_number_value(value);
		return 0;
	case TL_JSON_BOOL:
		if (!json_is_boolean(value))
			return json_field_fail(why, why_size, where, field,
					       "must be true or false");
		*(bool *)at = json_is_true(value);
		return 0;
	}
	return json_field_fail(why, why_size, where, field, "has an unknown type");
}

int tl_json_read_fields(const json_t *object, void *base,
			const struct tl_json_field *fields, size_t count,
			const char *where, char *why, size_t why_size)
{
	for (size_t i = 0; i < count; i++) {
		const json_t *value = json_object_get(object, fields[i].name);
		int err;

		if (!value) {
			if (fields[i].required)
				return json_field_fail(why, why_size, where, &fields[i],
						       "is missing");
			continue;
		}
		err = json_field_read(value, base, &fields[i], where, why, why_size);
		if (err)
			return err;
	}
	return 0;
}
