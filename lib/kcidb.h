/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KCIDB, KernelCI's database of test results: the rules of its I/O schema
 * that the kcidb writers (report-kcidb.c, report-compare-kcidb.c) follow.
 * timerlab writes schema version 5.3, the newest of kcidb-io; every
 * property it writes exists since 5.0.
 *
 *	document   {"version": {"major": 5, "minor": 3}, "tests": [...]}
 *	null       never: what is unknown is left out
 *	origin     the submitter, ^[a-z0-9_]+$
 *	id, *_id   "<origin>:<anything>", unique among one origin's tests
 *	path       dot-separated components of [a-zA-Z0-9_-]
 *	status     FAIL ERROR MISS PASS DONE SKIP (in priority order)
 *	number     {"value", "unit", "prefix": "metric" | "binary"}, nothing else
 *
 * A test belongs to a build (--kcidb-build-id, an id of whichever origin
 * submitted the build) and is submitted by an origin (--kcidb-origin).
 */
#ifndef TL_KCIDB_H
#define TL_KCIDB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "env.h"
#include "result.h"

#define TL_KCIDB_VERSION_MAJOR 5
#define TL_KCIDB_VERSION_MINOR 3

enum tl_kcidb_status {
	TL_KCIDB_FAIL, /* the tested kernel is faulty */
	TL_KCIDB_ERROR, /* the test failed to complete; the kernel's status unknown */
	TL_KCIDB_MISS, /* the harness failed to run the test */
	TL_KCIDB_PASS, /* the tested kernel is correct */
	TL_KCIDB_DONE, /* completed with a measurement and no verdict */
	TL_KCIDB_SKIP, /* not applicable */
};

const char *tl_kcidb_status_name(enum tl_kcidb_status status); /* "PASS" */

/* -EINVAL with why naming the option when origin is not ^[a-z0-9_]+$. */
int tl_kcidb_origin_check(const char *origin, char *why, size_t why_size);

/* -EINVAL with why naming the option when id is not "<origin>:<rest>". */
int tl_kcidb_build_id_check(const char *id, char *why, size_t why_size);

/* Append ".component" to the path in buf (no dot when buf is empty), every
 * character outside [a-zA-Z0-9_-] written as '_'; an empty component adds
 * nothing. What does not fit is cut. */
void tl_kcidb_path_append(char *buf, size_t size, const char *component);

/* A cell's path: prefix, then <path>.<variant>.<signal>.<clock>.<arm>.
 * <interval in ns>, and .cpu<N> for a cell of --smp; parts the cell lacks
 * are left out. */
void tl_kcidb_cell_path(const char *prefix, const struct tl_cell_result *cell, char *path,
			size_t size);

/* One test, as the writers describe it; empty strings and false flags are
 * left out of the JSON. */
struct tl_kcidb_test {
	const char *local_id; /* the id after "<origin>:" */
	const char *path;
	enum tl_kcidb_status status;
	const char *comment;
	bool has_number;
	double number_s; /* in seconds, written with the metric prefix */
	const char *start_time; /* RFC 3339 */
	bool has_duration;
	double duration_s;
	const struct tl_env *env; /* environment.comment and .misc; NULL for none */
	json_t *misc; /* taken over (NULL for none) */
};

/* Where a document is collected: the tests so far, and the build and origin
 * every test is given. */
struct tl_kcidb {
	json_t *tests;
	const char *origin;
	const char *build_id;
	int err; /* the first failure (-ENOMEM, -EINVAL) */
};

/* -EINVAL when origin or build_id is missing or breaks its rule. */
int tl_kcidb_begin(struct tl_kcidb *kcidb, const char *origin, const char *build_id);
void tl_kcidb_add(struct tl_kcidb *kcidb, const struct tl_kcidb_test *test);
/* Write the document and free it; 0 or the first failure, -EIO when the
 * stream failed. */
int tl_kcidb_end(struct tl_kcidb *kcidb, FILE *out);

/* json_object_set_new that records the first failure in kcidb->err. */
void tl_kcidb_set(struct tl_kcidb *kcidb, json_t *object, const char *key, json_t *value);

/* A JSON object of the fields of base (json-fields.h), recording a failure
 * in kcidb->err. */
struct tl_json_field;
json_t *tl_kcidb_fields(struct tl_kcidb *kcidb, const void *base,
			const struct tl_json_field *fields, size_t count);

#endif
