/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What fuzzing found stays found: every input a finding left in
 * tests/data/fuzz-regressions/<target>/ goes through that target's own
 * function (tests/fuzz/fuzz-<target>.c, the one libFuzzer calls), which
 * runs the parser as the fuzzer did and checks what the fuzzer checked;
 * the file's ending says what the parser must answer: ".ok" takes it,
 * ".refused" refuses it with a reason. The seed corpora go through the same
 * functions, so `make test SAN=1` runs every target under ASan and UBSan.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "tests.h"
#include "tool.h"

#define REGRESSIONS "tests/data/fuzz-regressions"
#define CORPUS "tests/fuzz/corpus"

static const struct {
	const char *name; /* tests/fuzz/fuzz-<name>.c */
	int (*run)(const uint8_t *data, size_t size);
} fuzz_targets[] = {
	{ "duration", tl_fuzz_duration },
	{ "cell-spec", tl_fuzz_cell_spec },
	{ "suite", tl_fuzz_suite },
	{ "gate", tl_fuzz_gate },
	{ "compare-gate", tl_fuzz_compare_gate },
	{ "result", tl_fuzz_result },
	{ "cyclictest-json", tl_fuzz_cyclictest_json },
	{ "cyclictest-histogram", tl_fuzz_cyclictest_histogram },
	{ "cyclictest-options", tl_fuzz_cyclictest_options },
	{ "compare-input", tl_fuzz_compare_input },
};
#define FUZZ_TARGET_COUNT (sizeof(fuzz_targets) / sizeof(fuzz_targets[0]))

static int fuzz_target_index(const char *name)
{
	for (size_t i = 0; i < FUZZ_TARGET_COUNT; i++)
		if (strcmp(fuzz_targets[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The whole file, NULs and all (malloc'd), or NULL. */
static uint8_t *fuzz_read(const char *path, size_t *size)
{
	FILE *file = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t capacity = 0;

	*size = 0;
	while (file) {
		if (*size == capacity) {
			uint8_t *bigger = realloc(data, capacity = capacity * 2 + 4096);

			if (!bigger)
				break;
			data = bigger;
		}
		size_t got = fread(data + *size, 1, capacity - *size, file);
		if (got == 0)
			break;
		*size += got;
	}
	if (file)
		fclose(file);
	return data;
}

static bool fuzz_ends_in(const char *name, const char *ending)
{
	size_t length = strlen(name), ending_length = strlen(ending);

	return length > ending_length &&
	       strcmp(name + length - ending_length, ending) == 0;
}

/*
 * Every file of root/<target>/ through the target; with outcomes, each
 * file must end in .ok or .refused and get that answer. Returns how many
 * files ran.
 */
static size_t fuzz_run_folder(const char *root, size_t target, bool outcomes)
{
	char folder[256];
	struct dirent *entry;
	size_t count = 0;
	DIR *dir;

	snprintf(folder, sizeof(folder), "%s/%s", root, fuzz_targets[target].name);
	dir = opendir(folder);
	while (dir && (entry = readdir(dir))) {
		unsigned failures = fuzz_failures;
		char path[600];
		uint8_t *data;
		size_t size;
		int err;

		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", folder, entry->d_name);
		data = fuzz_read(path, &size);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		err = fuzz_targets[target].run(data, size);
		free(data);
		count++;
		if (fuzz_failures != failures || (err != 0 && err != -EINVAL))
			fprintf(stderr, "\n%s: broke the fuzz target's checks (%d)\n",
				path, err);
		CU_ASSERT_EQUAL(fuzz_failures, failures);
		CU_ASSERT(err == 0 || err == -EINVAL);
		if (!outcomes)
			continue;
		bool ok = fuzz_ends_in(entry->d_name, ".ok");
		bool refused = fuzz_ends_in(entry->d_name, ".refused");

		if (!ok && !refused)
			fprintf(stderr, "\n%s: ends in neither .ok nor .refused\n", path);
		CU_ASSERT_TRUE(ok || refused);
		if ((ok && err) || (refused && !err))
			fprintf(stderr, "\n%s: %s\n", path,
				err ? "refused, but must be taken"
				    : "taken, but must be refused");
		CU_ASSERT_TRUE((ok && !err) || (refused && err));
	}
	if (dir)
		closedir(dir);
	return count;
}

static void test_findings_kept(void)
{
	for (size_t i = 0; i < FUZZ_TARGET_COUNT; i++)
		fuzz_run_folder(REGRESSIONS, i, true);
}

static void test_corpus_holds(void)
{
	for (size_t i = 0; i < FUZZ_TARGET_COUNT; i++) {
		size_t count = fuzz_run_folder(CORPUS, i, false);

		if (!count)
			fprintf(stderr, "\n%s/%s: no seed\n", CORPUS,
				fuzz_targets[i].name);
		CU_ASSERT(count > 0);
	}
}

/* Each tests/fuzz/fuzz-<name>.c is in the table, and each folder of kept
 * findings or seeds is a target's: none is run by libFuzzer alone. */
static void test_every_target_listed(void)
{
	static const char *const folders[] = { "tests/fuzz", REGRESSIONS, CORPUS };

	for (size_t f = 0; f < sizeof(folders) / sizeof(folders[0]); f++) {
		DIR *dir = opendir(folders[f]);
		struct dirent *entry;

		CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
		while ((entry = readdir(dir))) {
			char name[256];

			/* a folder's README.md is not a target's */
			if (entry->d_name[0] == '.' ||
			    (f > 0 && strchr(entry->d_name, '.')))
				continue;
			if (f == 0 && (strncmp(entry->d_name, "fuzz-", 5) != 0 ||
				       !fuzz_ends_in(entry->d_name, ".c")))
				continue;
			snprintf(name, sizeof(name), "%s", entry->d_name);
			if (f == 0) {
				memmove(name, name + 5, strlen(name + 5) + 1);
				name[strlen(name) - 2] = '\0';
			}
			if (fuzz_target_index(name) < 0)
				fprintf(stderr, "\n%s/%s: no fuzz target \"%s\" in %s\n",
					folders[f], entry->d_name, name, __FILE__);
			CU_ASSERT(fuzz_target_index(name) >= 0);
		}
		closedir(dir);
	}
}

/*
 * The parsers quote what they were given, and the fuzz targets let a
 * newline that came with the input come back in the reason; the line
 * timerlab prints escapes it, so a bad input is still one line on stderr.
 * This is tested from outside, where the line is written.
 */
static void test_quoted_newline_one_line(void)
{
	const char *const path_argv[] = { "run", "--path", "timer\nfd\x01", NULL };
	char suite[] = "/tmp/timerlab-fuzz-suite-XXXXXX";
	const char *const suite_argv[] = { "run", "--suite", suite, NULL };
	const char *json = "{\"samples\": \"1\\n2\"}";
	int fd = mkstemp(suite);

	tool_expect_usage_error(path_argv, "--path: unknown path \"timer\\nfd\\x01\"");
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
	close(fd);
	tool_expect_usage_error(suite_argv, "samples: \"1\\n2\" is not a whole number");
	unlink(suite);
}

void tests_fuzz_regressions(void)
{
	CU_pSuite suite = tests_suite("fuzz regressions");

	CU_add_test(suite, "every fuzz target is run here", test_every_target_listed);
	CU_add_test(suite, "every kept finding gets its answer", test_findings_kept);
	CU_add_test(suite, "every seed keeps the fuzz targets' checks",
		    test_corpus_holds);
	CU_add_test(suite, "a newline quoted from the input stays on the line",
		    test_quoted_newline_one_line);
}
