/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The security suite's parts (tests/test-security.c registers them). */
#ifndef TL_TESTS_SECURITY_H
#define TL_TESTS_SECURITY_H

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <stddef.h>

/* Files (not folders) under dir, at any depth. */
size_t security_count_files(const char *dir);

/* The source as text (tests/security-source.c). */
void test_no_shell(void);
void test_no_shell_scanner(void);
void test_format_warnings(void);

/* Hostile results rendered (tests/security-inputs.c): folder() makes a
 * fresh folder of the suite's, result() saves tests/data/lava-result.json
 * changed by change. */
typedef void security_folder_fn(const char *name, char *path, size_t size);
typedef void security_result_fn(const char *path, void (*change)(json_t *root, void *arg),
				void *arg);
void tests_security_inputs(CU_pSuite suite, security_folder_fn *folder,
			   security_result_fn *result);

#endif
