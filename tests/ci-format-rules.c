/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ci-format-rules.h"

#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *rules_fail(char *problem, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static const char *rules_fail(char *problem, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(problem, size, format, args);
	va_end(args);
	return problem;
}

static bool rules_match(const char *pattern, const char *text)
{
	regex_t regex;
	bool matched;

	if (regcomp(&regex, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	matched = regexec(&regex, text, 0, NULL, 0) == 0;
	regfree(&regex);
	return matched;
}

static bool rules_one_of(const char *key, const char *const *keys)
{
	for (; *keys; keys++)
		if (strcmp(key, *keys) == 0)
			return true;
	return false;
}

/* KCIDB: "no properties can be null", and no string holds a NUL. */
static const char *rules_no_null(const json_t *value, const char *where, char *problem,
				 size_t size)
{
	char inner[512];
	const char *key;
	json_t *item;
	size_t index;

	if (json_is_null(value))
		return rules_fail(problem, size, "%s: null", where);
	if (json_is_string(value) &&
	    strlen(json_string_value(value)) != json_string_length(value))
		return rules_fail(problem, size, "%s: a NUL in a string", where);
	if (json_is_object(value))
		json_object_foreach((json_t *)value, key, item)
		{
			snprintf(inner, sizeof(inner), "%s.%s", where, key);
			if (rules_no_null(item, inner, problem, size))
				return problem;
		}
	if (json_is_array(value))
		json_array_foreach(value, index, item)
		{
			snprintf(inner, sizeof(inner), "%s[%zu]", where, index);
			if (rules_no_null(item, inner, problem, size))
				return problem;
		}
	return NULL;
}

static const char *rules_kcidb_number(const json_t *number, const char *where,
				      char *problem, size_t size)
{
	static const char *const keys[] = { "value", "unit", "prefix", NULL };
	const json_t *prefix = json_object_get(number, "prefix");
	const char *key;
	json_t *item;

	if (!json_is_object(number) || !json_is_number(json_object_get(number, "value")))
		return rules_fail(problem, size, "%s.number: no numeric value", where);
	json_object_foreach((json_t *)number, key, item) if (
		!rules_one_of(key, keys)) return rules_fail(problem, size,
							    "%s.number.%s: not allowed",
							    where, key);
	if (json_object_get(number, "unit") &&
	    !json_is_string(json_object_get(number, "unit")))
		return rules_fail(problem, size, "%s.number.unit: not a string", where);
	if (prefix && (!json_is_string(prefix) ||
		       (strcmp(json_string_value(prefix), "metric") != 0 &&
			strcmp(json_string_value(prefix), "binary") != 0)))
		return rules_fail(problem, size, "%s.number.prefix: not metric or binary",
				  where);
	return NULL;
}

static const char *rules_kcidb_environment(const json_t *environment, const char *where,
					   char *problem, size_t size)
{
	static const char *const keys[] = { "compatible", "comment", "misc", NULL };
	const char *key;
	json_t *item;

	if (!json_is_object(environment))
		return rules_fail(problem, size, "%s.environment: not an object", where);
	json_object_foreach((json_t *)environment, key, item) if (
		!rules_one_of(key,
			      keys)) return rules_fail(problem, size,
						       "%s.environment.%s: not allowed",
						       where, key);
	if (json_object_get(environment, "comment") &&
	    !json_is_string(json_object_get(environment, "comment")))
		return rules_fail(problem, size, "%s.environment.comment: not a string",
				  where);
	if (json_object_get(environment, "misc") &&
	    !json_is_object(json_object_get(environment, "misc")))
		return rules_fail(problem, size, "%s.environment.misc: not an object",
				  where);
	return NULL;
}

/* A string property matching pattern, when present (or required). */
static const char *rules_kcidb_string(const json_t *test, const char *name,
				      const char *pattern, bool required,
				      const char *where, char *problem, size_t size)
{
	const json_t *value = json_object_get(test, name);

	if (!value)
		return required ? rules_fail(problem, size, "%s.%s: missing", where, name)
				: NULL;
	if (!json_is_string(value))
		return rules_fail(problem, size, "%s.%s: not a string", where, name);
	if (pattern && !rules_match(pattern, json_string_value(value)))
		return rules_fail(problem, size, "%s.%s: \"%s\" does not match %s", where,
				  name, json_string_value(value), pattern);
	return NULL;
}

static const char *rules_kcidb_test(const json_t *test, const char *where, char *problem,
				    size_t size)
{
	static const char *const keys[] = {
		"_timestamp", "build_id",   "id",	"origin",      "environment",
		"path",	      "comment",    "log_url",	"log_excerpt", "status",
		"number",     "start_time", "duration", "input_files", "output_files",
		"misc",	      NULL,
	};
	const char *id_pattern = "^[a-z0-9_]+:";
	const char *key, *origin, *id;
	json_t *item;

	if (!json_is_object(test))
		return rules_fail(problem, size, "%s: not an object", where);
	json_object_foreach(
		(json_t *)test, key,
		item) if (!rules_one_of(key,
					keys)) return rules_fail(problem, size,
								 "%s.%s: not allowed",
								 where, key);
	if (rules_kcidb_string(test, "id", id_pattern, true, where, problem, size) ||
	    rules_kcidb_string(test, "build_id", id_pattern, true, where, problem,
			       size) ||
	    rules_kcidb_string(test, "origin", "^[a-z0-9_]+$", true, where, problem,
			       size) ||
	    rules_kcidb_string(test, "path", "^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$",
			       false, where, problem, size) ||
	    rules_kcidb_string(test, "status", "^(FAIL|ERROR|MISS|PASS|DONE|SKIP)$",
			       false, where, problem, size) ||
	    rules_kcidb_string(
		    test, "start_time",
		    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
		    false, where, problem, size) ||
	    rules_kcidb_string(test, "comment", NULL, false, where, problem, size))
		return problem;
	origin = json_string_value(json_object_get(test, "origin"));
	id = json_string_value(json_object_get(test, "id"));
	if (strncmp(id, origin, strlen(origin)) != 0 || id[strlen(origin)] != ':')
		return rules_fail(problem, size, "%s.id: \"%s\" is not of origin %s",
				  where, id, origin);
	if (json_object_get(test, "number") &&
	    rules_kcidb_number(json_object_get(test, "number"), where, problem, size))
		return problem;
	if (json_object_get(test, "environment") &&
	    rules_kcidb_environment(json_object_get(test, "environment"), where, problem,
				    size))
		return problem;
	item = json_object_get(test, "duration");
	if (item && (!json_is_number(item) || json_number_value(item) < 0))
		return rules_fail(problem, size, "%s.duration: not seconds", where);
	item = json_object_get(test, "misc");
	if (item && !json_is_object(item))
		return rules_fail(problem, size, "%s.misc: not an object", where);
	return NULL;
}

const char *rules_kcidb(const json_t *document, char *problem, size_t size)
{
	static const char *const keys[] = { "version", "checkouts", "builds", "tests",
					    "issues",  "incidents", NULL };
	const json_t *version = json_object_get(document, "version");
	const json_t *tests = json_object_get(document, "tests");
	const char *key;
	json_t *item;
	size_t index;

	if (!json_is_object(document))
		return rules_fail(problem, size, "the document is not an object");
	if (rules_no_null(document, "", problem, size))
		return problem;
	json_object_foreach(
		(json_t *)document, key,
		item) if (!rules_one_of(key, keys)) return rules_fail(problem, size,
								      "%s: not allowed",
								      key);
	if (!json_is_object(version) || json_object_size(version) != 2 ||
	    json_integer_value(json_object_get(version, "major")) != 5 ||
	    !json_is_integer(json_object_get(version, "minor")) ||
	    json_integer_value(json_object_get(version, "minor")) < 0 ||
	    json_integer_value(json_object_get(version, "minor")) > 3)
		return rules_fail(problem, size, "version: not major 5, minor 0 to 3");
	if (!json_is_array(tests))
		return rules_fail(problem, size, "tests: not an array");
	json_array_foreach(tests, index, item)
	{
		char where[32];

		snprintf(where, sizeof(where), "tests[%zu]", index);
		if (rules_kcidb_test(item, where, problem, size))
			return problem;
		for (size_t j = 0; j < index; j++)
			if (json_equal(json_object_get(json_array_get(tests, j), "id"),
				       json_object_get(item, "id")))
				return rules_fail(problem, size,
						  "%s.id: the id of tests[%zu]", where,
						  j);
	}
	return NULL;
}

static const char *rules_bmf_measure(const json_t *measure, const char *where,
				     char *problem, size_t size)
{
	static const char *const keys[] = { "value", "lower_value", "upper_value", NULL };
	const json_t *value = json_object_get(measure, "value");
	const json_t *lower = json_object_get(measure, "lower_value");
	const json_t *upper = json_object_get(measure, "upper_value");
	const char *key;
	json_t *item;

	if (!json_is_object(measure) || !json_is_number(value))
		return rules_fail(problem, size, "%s: no numeric value", where);
	json_object_foreach((json_t *)measure, key, item) if (
		!rules_one_of(key, keys) ||
		!json_is_number(
			item)) return rules_fail(problem, size,
						 "%s.%s: not a bound or not a number",
						 where, key);
	if ((lower && json_number_value(lower) > json_number_value(value)) ||
	    (upper && json_number_value(upper) < json_number_value(value)))
		return rules_fail(problem, size, "%s: the value outside its bounds",
				  where);
	return NULL;
}

const char *rules_bmf(const json_t *document, char *problem, size_t size)
{
	const char *benchmark, *name;
	json_t *measures, *measure;

	if (!json_is_object(document))
		return rules_fail(problem, size, "the document is not an object");
	json_object_foreach((json_t *)document, benchmark, measures)
	{
		if (!json_is_object(measures) || !json_object_size(measures))
			return rules_fail(problem, size, "%s: no measures", benchmark);
		json_object_foreach(measures, name, measure)
		{
			char where[512];

			snprintf(where, sizeof(where), "%s.%s", benchmark, name);
			if (rules_bmf_measure(measure, where, problem, size))
				return problem;
		}
	}
	return NULL;
}

const char *rules_gab(const json_t *document, char *problem, size_t size)
{
	static const char *const keys[] = { "name",  "unit",  "value",
					    "range", "extra", NULL };
	json_t *entry;
	size_t index;

	if (!json_is_array(document))
		return rules_fail(problem, size, "the document is not an array");
	json_array_foreach(document, index, entry)
	{
		const char *key;
		json_t *item;

		if (!json_is_object(entry) ||
		    !json_is_string(json_object_get(entry, "name")) ||
		    !json_is_string(json_object_get(entry, "unit")) ||
		    !json_is_number(json_object_get(entry, "value")))
			return rules_fail(problem, size,
					  "[%zu]: not name, unit and value", index);
		json_object_foreach(entry, key, item) if (
			!rules_one_of(key, keys) ||
			(strcmp(key, "value") != 0 &&
			 !json_is_string(
				 item))) return rules_fail(problem, size,
							   "[%zu].%s: not allowed", index,
							   key);
		for (size_t j = 0; j < index; j++)
			if (json_equal(
				    json_object_get(json_array_get(document, j), "name"),
				    json_object_get(entry, "name")))
				return rules_fail(problem, size,
						  "[%zu].name: that of [%zu]", index, j);
	}
	return NULL;
}
