/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "suite.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/input-file.h"

/* quick: about the time to check a machine works; full: every variant,
 * signal and clock at three intervals (long: see timerlab list --suites). */
const struct tl_builtin_suite tl_builtin_suites[] = {
	{ "quick", "one clock, abs and periodic, 500 samples, 2 rounds",
	  "{\"clock\": \"monotonic\", \"arm\": [\"abs\", \"periodic\"], \"samples\": 500, \"rounds\": 2}" },
	{ "default",
	  "every path, monotonic and realtime, every arm, 1ms x 2000, 4 rounds", "{}" },
	{ "full", "every variant, signal and clock at 100us, 1ms and 10ms, 8 rounds",
	  "{\"variants\": \"all\", \"clock\": \"all\", \"interval\": [\"100us\", \"1ms\", \"10ms\"], \"rounds\": 8}" },
	{ "ci", "the default plan with 8 rounds, failing on any early wakeup",
	  "{\"rounds\": 8, \"fail_on_early\": true}" },
	{ NULL, NULL, NULL },
};

enum suite_kind {
	SUITE_LIST, /* a string, or an array joined with commas */
	SUITE_VALUE, /* a string or a number */
	SUITE_FLAG, /* true or false */
	SUITE_REPEAT, /* a string or an array: the option once per element */
};

static const struct {
	const char *key;
	const char *option;
	enum suite_kind kind;
} suite_keys[] = {
	{ "description", NULL, SUITE_VALUE },
	{ "path", "--path", SUITE_LIST },
	{ "variants", "--variants", SUITE_VALUE },
	{ "clock", "--clock", SUITE_LIST },
	{ "arm", "--arm", SUITE_LIST },
	{ "interval", "--interval", SUITE_LIST },
	{ "samples", "--samples", SUITE_VALUE },
	{ "duration", "--duration", SUITE_VALUE },
	{ "warmup", "--warmup", SUITE_VALUE },
	{ "rounds", "--rounds", SUITE_VALUE },
	{ "checkpoint", "--checkpoint", SUITE_VALUE },
	{ "priority", "--priority", SUITE_VALUE },
	{ "cpu", "--cpu", SUITE_VALUE },
	{ "fail_on_early", "--fail-on-early", SUITE_FLAG },
	{ "max_latency", "--max-latency", SUITE_REPEAT },
	{ "max_p99", "--max-p99", SUITE_REPEAT },
};
#define SUITE_KEY_COUNT (sizeof(suite_keys) / sizeof(suite_keys[0]))

static int suite_push(struct tl_suite_args *args, const char *text)
{
	char **argv = realloc(args->argv, (size_t)(args->argc + 2) * sizeof(*argv));

	if (!argv)
		return -ENOMEM;
	args->argv = argv;
	argv[args->argc] = strdup(text);
	if (!argv[args->argc])
		return -ENOMEM;
	argv[++args->argc] = NULL;
	return 0;
}

/* A scalar as option text: strings as they are, whole numbers in decimal. */
static int suite_scalar(const json_t *value, char *buf, size_t size)
{
	if (json_is_string(value))
		return snprintf(buf, size, "%s", json_string_value(value)) < (int)size
			       ? 0
			       : -EINVAL;
	if (json_is_integer(value))
		return snprintf(buf, size, "%lld", (long long)json_integer_value(value)) <
				       0
			       ? -EINVAL
			       : 0;
	return -EINVAL;
}

static int suite_list(const json_t *value, char *buf, size_t size)
{
	size_t used = 0, index;
	const json_t *item;

	if (!json_is_array(value))
		return suite_scalar(value, buf, size);
	if (json_array_size(value) == 0)
		return -EINVAL;
	buf[0] = '\0';
	json_array_foreach(value, index, item)
	{
		char part[256];

		if (suite_scalar(item, part, sizeof(part)) < 0)
			return -EINVAL;
		int n = snprintf(buf + used, size - used, "%s%s", used ? "," : "", part);
		if (n < 0 || (size_t)n >= size - used)
			return -EINVAL;
		used += (size_t)n;
	}
	return 0;
}

static int suite_key(struct tl_suite_args *args, size_t k, const json_t *value, char *why,
		     size_t why_size)
{
	static const char *const expected[] = {
		[SUITE_LIST] = "a string or an array of strings",
		[SUITE_VALUE] = "a string or a whole number",
		[SUITE_FLAG] = "true or false",
		[SUITE_REPEAT] = "a string or an array of strings",
	};
	char text[1024];
	int err = 0;

	switch (suite_keys[k].kind) {
	case SUITE_FLAG:
		if (!json_is_boolean(value))
			err = -EINVAL;
		else if (json_is_true(value))
			err = suite_push(args, suite_keys[k].option);
		break;
	case SUITE_REPEAT:
		if (!json_is_array(value)) {
			err = suite_scalar(value, text, sizeof(text));
			if (!err && !(err = suite_push(args, suite_keys[k].option)))
				err = suite_push(args, text);
			break;
		}
		for (size_t i = 0; i < json_array_size(value) && !err; i++) {
			err = suite_scalar(json_array_get(value, i), text, sizeof(text));
			if (!err && !(err = suite_push(args, suite_keys[k].option)))
				err = suite_push(args, text);
		}
		break;
	case SUITE_LIST:
	case SUITE_VALUE:
		err = suite_keys[k].kind == SUITE_LIST
			      ? suite_list(value, text, sizeof(text))
			      : suite_scalar(value, text, sizeof(text));
		if (!err && suite_keys[k].option &&
		    !(err = suite_push(args, suite_keys[k].option)))
			err = suite_push(args, text);
		break;
	}
	if (err == -EINVAL)
		snprintf(why, why_size, "%s: must be %s", suite_keys[k].key,
			 expected[suite_keys[k].kind]);
	return err;
}

static int suite_convert(const json_t *root, struct tl_suite_args *args, char *why,
			 size_t why_size)
{
	const char *key;
	const json_t *value;

	if (!json_is_object(root)) {
		snprintf(why, why_size, "a suite is a JSON object of options");
		return -EINVAL;
	}
	json_object_foreach((json_t *)root, key, value)
	{
		size_t k = 0;

		while (k < SUITE_KEY_COUNT && strcmp(suite_keys[k].key, key) != 0)
			k++;
		if (k == SUITE_KEY_COUNT) {
			snprintf(why, why_size, "unknown key \"%s\"", key);
			return -EINVAL;
		}
		int err = suite_key(args, k, value, why, why_size);
		if (err)
			return err;
	}
	return 0;
}

/* No suite is near this: a larger file is not one. */
#define SUITE_MAX_BYTES (1024 * 1024)

/* A suite file: a regular file only, so that a fifo that nobody writes is
 * refused rather than waited on. */
static int suite_load_file(const char *suite, json_t **root, char *why, size_t why_size)
{
	json_error_t error;
	size_t size;
	char *text;
	int err = tl_input_file_read(suite, SUITE_MAX_BYTES, &text, &size);

	if (err) {
		snprintf(why, why_size, "%s: %s", suite, tl_input_file_error(err));
		return -EINVAL;
	}
	/* jansson would take a NUL byte for the end of the text */
	if (strlen(text) != size) {
		snprintf(why, why_size, "%s: holds a NUL byte: not JSON text", suite);
		free(text);
		return -EINVAL;
	}
	*root = json_loadb(text, size, JSON_REJECT_DUPLICATES, &error);
	free(text);
	if (!*root) {
		snprintf(why, why_size, "%s: line %d column %d: %s", suite, error.line,
			 error.column, error.text);
		return -EINVAL;
	}
	return 0;
}

int tl_suite_args(const char *suite, struct tl_suite_args *args, char *why,
		  size_t why_size)
{
	json_error_t error;
	json_t *root = NULL;
	char reason[512];
	int err;

	memset(args, 0, sizeof(*args));
	if (suite_push(args, "suite") < 0)
		return -ENOMEM;
	for (size_t i = 0; tl_builtin_suites[i].name && !root; i++)
		if (strcmp(tl_builtin_suites[i].name, suite) == 0)
			root = json_loads(tl_builtin_suites[i].json, 0, &error);
	if (!root && !strchr(suite, '/') && !strstr(suite, ".json")) {
		snprintf(
			why, why_size,
			"unknown suite \"%s\" (built in: quick, default, full, ci; or a .json file)",
			suite);
		tl_suite_args_free(args);
		return -EINVAL;
	}
	if (!root && (err = suite_load_file(suite, &root, why, why_size)) < 0) {
		tl_suite_args_free(args);
		return -EINVAL;
	}
	err = suite_convert(root, args, reason, sizeof(reason));
	json_decref(root);
	if (err) {
		snprintf(why, why_size, "%s: %s", suite, reason);
		tl_suite_args_free(args);
	}
	return err;
}

void tl_suite_args_free(struct tl_suite_args *args)
{
	for (int i = 0; i < args->argc; i++)
		free(args->argv[i]);
	free(args->argv);
	memset(args, 0, sizeof(*args));
}

const char *tl_suite_named(int argc, char **argv)
{
	const char *suite = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--suite") == 0 && i + 1 < argc)
			suite = argv[++i];
		else if (strncmp(argv[i], "--suite=", 8) == 0)
			suite = argv[i] + 8;
	}
	return suite;
}

void tl_suite_reason(const char *suite, const char *reason, char *why, size_t why_size)
{
	char key[64] = "";
	const char *rest = reason;

	if (strncmp(reason, "--", 2) == 0 && strchr(reason, ':')) {
		size_t length = (size_t)(strchr(reason, ':') - reason - 2);

		snprintf(key, sizeof(key), "%.*s", (int)length, reason + 2);
		for (char *c = key; *c; c++)
			*c = *c == '-' ? '_' : *c;
		rest = strchr(reason, ':') + 2;
	}
	snprintf(why, why_size, "suite %s: %s%s%s", suite, key, key[0] ? ": " : "", rest);
}
