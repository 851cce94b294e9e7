/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "kcidb.h"

#include <errno.h>
#include <string.h>

#include "result-fields.h"
#include "text.h"

static const char *const kcidb_status_names[] = {
	[TL_KCIDB_FAIL] = "FAIL", [TL_KCIDB_ERROR] = "ERROR", [TL_KCIDB_MISS] = "MISS",
	[TL_KCIDB_PASS] = "PASS", [TL_KCIDB_DONE] = "DONE",   [TL_KCIDB_SKIP] = "SKIP",
};

const char *tl_kcidb_status_name(enum tl_kcidb_status status)
{
	return kcidb_status_names[status];
}

static bool kcidb_origin_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static bool kcidb_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* The length of the origin that starts text: its run of [a-z0-9_]. */
static size_t kcidb_origin_length(const char *text)
{
	size_t length = 0;

	while (kcidb_origin_char(text[length]))
		length++;
	return length;
}

int tl_kcidb_origin_check(const char *origin, char *why, size_t why_size)
{
	if (!origin[0] || origin[kcidb_origin_length(origin)]) {
		snprintf(
			why, why_size,
			"--kcidb-origin: \"%s\" is not a KCIDB origin (lower-case letters, digits and _)",
			origin);
		return -EINVAL;
	}
	return 0;
}

int tl_kcidb_build_id_check(const char *id, char *why, size_t why_size)
{
	size_t origin = kcidb_origin_length(id);

	if (!origin || id[origin] != ':') {
		snprintf(
			why, why_size,
			"--kcidb-build-id: \"%s\" is not a KCIDB id (ORIGIN:ID, ORIGIN of lower-case letters, digits and _)",
			id);
		return -EINVAL;
	}
	return 0;
}

void tl_kcidb_path_append(char *buf, size_t size, const char *component)
{
	size_t used = strnlen(buf, size);

	if (!component[0] || used + 1 >= size)
		return;
	if (used)
		buf[used++] = '.';
	for (; *component && used + 1 < size; component++)
		buf[used++] = kcidb_path_char(*component) ? *component : '_';
	buf[used] = '\0';
}

void tl_kcidb_cell_path(const char *prefix, const struct tl_cell_result *cell, char *path,
			size_t size)
{
	char part[32];

	snprintf(path, size, "%s", prefix);
	tl_kcidb_path_append(path, size, cell->path);
	tl_kcidb_path_append(path, size, cell->variant ? cell->variant : "");
	tl_kcidb_path_append(path, size, cell->signal ? cell->signal : "");
	tl_kcidb_path_append(path, size, cell->clock);
	tl_kcidb_path_append(path, size, cell->arm);
	snprintf(part, sizeof(part), "%lld", (long long)cell->interval_ns);
	tl_kcidb_path_append(path, size, part);
	if (cell->cpu >= 0) {
		snprintf(part, sizeof(part), "cpu%d", cell->cpu);
		tl_kcidb_path_append(path, size, part);
	}
}

void tl_kcidb_set(struct tl_kcidb *kcidb, json_t *object, const char *key, json_t *value)
{
	if (!value || json_object_set_new(object, key, value) < 0)
		kcidb->err = kcidb->err ? kcidb->err : -ENOMEM;
}

int tl_kcidb_begin(struct tl_kcidb *kcidb, const char *origin, const char *build_id)
{
	char why[256];

	*kcidb = (struct tl_kcidb){ .origin = origin, .build_id = build_id };
	if (!origin || !build_id || tl_kcidb_origin_check(origin, why, sizeof(why)) < 0 ||
	    tl_kcidb_build_id_check(build_id, why, sizeof(why)) < 0)
		return -EINVAL;
	kcidb->tests = json_array();
	return kcidb->tests ? 0 : -ENOMEM;
}

json_t *tl_kcidb_fields(struct tl_kcidb *kcidb, const void *base,
			const struct tl_json_field *fields, size_t count)
{
	json_t *object = json_object();

	if (!object || tl_json_write_fields(object, base, fields, count) < 0)
		kcidb->err = -ENOMEM;
	return object;
}

/* "host vm1, Linux 6.1.0-27-amd64 x86_64, clocksource tsc, preempt dynamic",
 * leaving out what is unknown (a cyclictest capture knows none of it). */
static void kcidb_environment_comment(const struct tl_env *env, char *buf, size_t size)
{
	const char *const parts[][2] = {
		{ "host ", env->hostname },   { "Linux ", env->kernel_release },
		{ "", env->machine },	      { "clocksource ", env->clocksource },
		{ "preempt ", env->preempt },
	};

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		char part[512];

		if (!parts[i][1][0] || strcmp(parts[i][1], "unknown") == 0)
			continue;
		snprintf(part, sizeof(part), "%s%s", parts[i][0], parts[i][1]);
		tl_text_append(buf, size, i == 2 ? " " : ", ", part);
	}
}

static json_t *kcidb_environment(struct tl_kcidb *kcidb, const struct tl_env *env)
{
	json_t *environment = json_object();
	json_t *misc = tl_kcidb_fields(kcidb, env, tl_result_env_fields,
				       tl_result_env_fields_count);
	char comment[1024];

	kcidb_environment_comment(env, comment, sizeof(comment));
	if (env->realtime.known && misc)
		tl_kcidb_set(kcidb, misc, "realtime",
			     tl_kcidb_fields(kcidb, &env->realtime,
					     tl_result_realtime_fields,
					     tl_result_realtime_fields_count));
	if (!environment) {
		kcidb->err = -ENOMEM;
		json_decref(misc);
		return NULL;
	}
	if (comment[0])
		tl_kcidb_set(kcidb, environment, "comment", json_string(comment));
	tl_kcidb_set(kcidb, environment, "misc", misc);
	return environment;
}

/* RFC 3339 as results keep it ("2026-11-25T12:07:09Z"), not "unknown". */
static bool kcidb_timestamp(const char *text)
{
	return text && strlen(text) >= 20 && text[4] == '-' && text[7] == '-' &&
	       text[10] == 'T' && text[13] == ':' && text[16] == ':';
}

static void kcidb_text(struct tl_kcidb *kcidb, json_t *object, const char *key,
		       const char *text)
{
	if (text && text[0])
		tl_kcidb_set(kcidb, object, key, json_string(text));
}

void tl_kcidb_add(struct tl_kcidb *kcidb, const struct tl_kcidb_test *test)
{
	json_t *object = json_object();
	char id[1024];

	if (!object || json_array_append_new(kcidb->tests, object) < 0) {
		kcidb->err = -ENOMEM;
		json_decref(test->misc);
		return;
	}
	snprintf(id, sizeof(id), "%s:%s", kcidb->origin, test->local_id);
	tl_kcidb_set(kcidb, object, "id", json_string(id));
	tl_kcidb_set(kcidb, object, "build_id", json_string(kcidb->build_id));
	tl_kcidb_set(kcidb, object, "origin", json_string(kcidb->origin));
	tl_kcidb_set(kcidb, object, "path", json_string(test->path));
	tl_kcidb_set(kcidb, object, "status",
		     json_string(tl_kcidb_status_name(test->status)));
	kcidb_text(kcidb, object, "comment", test->comment);
	if (test->has_number)
		tl_kcidb_set(kcidb, object, "number",
			     json_pack("{s:f, s:s, s:s}", "value", test->number_s, "unit",
				       "s", "prefix", "metric"));
	if (kcidb_timestamp(test->start_time))
		tl_kcidb_set(kcidb, object, "start_time", json_string(test->start_time));
	if (test->has_duration)
		tl_kcidb_set(kcidb, object, "duration", json_real(test->duration_s));
	if (test->env)
		tl_kcidb_set(kcidb, object, "environment",
			     kcidb_environment(kcidb, test->env));
	if (test->misc)
		tl_kcidb_set(kcidb, object, "misc", test->misc);
}

int tl_kcidb_end(struct tl_kcidb *kcidb, FILE *out)
{
	json_t *document = json_pack("{s:{s:i, s:i}, s:o}", "version", "major",
				     TL_KCIDB_VERSION_MAJOR, "minor",
				     TL_KCIDB_VERSION_MINOR, "tests", kcidb->tests);
	int err = kcidb->err;

	kcidb->tests = NULL;
	if (!document)
		return -ENOMEM;
	if (!err &&
	    (json_dumpf(document, out, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) < 0 ||
	     fputc('\n', out) == EOF || fflush(out) == EOF))
		err = -EIO;
	json_decref(document);
	return err;
}
