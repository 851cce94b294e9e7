/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CI recipes (the YAML files in tools/ci/) as tests/ci-recipes.py reads them, for
 * the suite "ci recipes" (test-ci-recipes.c, test-ci-jobs.c). */
#ifndef TL_TESTS_CI_RECIPES_H
#define TL_TESTS_CI_RECIPES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define RECIPES_GITHUB "tools/ci/github-actions.yml"
#define RECIPES_GITLAB "tools/ci/gitlab-ci.yml"
#define RECIPES_COUNT 2

extern const char *const recipes_files[RECIPES_COUNT];

/* What tests/ci-recipes.py prints for argv (NULL-terminated), parsed; NULL,
 * with a failed assertion unless expect_failure, when it fails. */
json_t *recipes_helper(const char *const *argv, bool expect_failure);
/* {"doc": the recipe's YAML, "commands": its timerlab, make and tools/deps
 * commands, each an array of words}. */
json_t *recipes_load(const char *path);
/* Word i of a command, or NULL. */
const char *recipes_word(const json_t *command, size_t i);

#endif
