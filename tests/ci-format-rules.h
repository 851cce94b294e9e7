/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rules of the CI formats, as their consumers state them, checked on a
 * parsed document: KCIDB's I/O schema v5.3 for tests, Bencher Metric
 * Format, github-action-benchmark's custom input. Each returns NULL when the
 * document keeps every rule, or the first rule it breaks ("tests[3].path:
 * \"a..b\" is not dot-separated [a-zA-Z0-9_-]"), in problem.
 */
#ifndef TL_TESTS_CI_FORMAT_RULES_H
#define TL_TESTS_CI_FORMAT_RULES_H

#include <jansson.h>
#include <stddef.h>

const char *rules_kcidb(const json_t *document, char *problem, size_t size);
const char *rules_bmf(const json_t *document, char *problem, size_t size);
const char *rules_gab(const json_t *document, char *problem, size_t size);

#endif
