/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CI recipes (tools/ci/) against the program they drive, so that a
 * recipe copied into a repository works: both parse as YAML, every timerlab
 * command, option, format and suite they use exists, and the committed
 * baseline is what their run makes and passes their gates against itself.
 * test-ci-jobs.c runs the jobs around those commands. tests/ci-recipes.py
 * reads the YAML (python3-yaml, in tools/deps test).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/format.h"
#include "ci-recipes.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

#define RECIPES_HELPER "tests/ci-recipes.py"
#define RECIPES_GATES_MAX 8

const char *const recipes_files[RECIPES_COUNT] = { RECIPES_GITHUB, RECIPES_GITLAB };

/* Set while the checks are shown wrong commands: what they find is expected. */
static bool recipes_quiet;

__attribute__((format(printf, 1, 2))) static void recipes_complain(const char *format,
								   ...)
{
	va_list args;

	if (recipes_quiet)
		return;
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
}

json_t *recipes_helper(const char *const *argv, bool expect_failure)
{
	const char *args[8] = { RECIPES_HELPER };
	struct tool_output output;
	json_t *json = NULL;
	size_t n = 1;

	for (; argv[n - 1] && n < 7; n++)
		args[n] = argv[n - 1];
	args[n] = NULL;
	tool_run_program("python3", args, &output);
	if (output.status && !expect_failure)
		fprintf(stderr, "\n%s: %s", RECIPES_HELPER, output.err);
	CU_ASSERT_EQUAL(output.status != 0, expect_failure);
	if (!output.status)
		json = json_loads(output.out, 0, NULL);
	CU_ASSERT_TRUE(expect_failure || json);
	tool_free(&output);
	return json;
}

json_t *recipes_load(const char *path)
{
	const char *const argv[] = { "commands", path, NULL };

	return recipes_helper(argv, false);
}

const char *recipes_word(const json_t *command, size_t i)
{
	return json_string_value(json_array_get(command, i));
}

/* The line of text whose first word, after spaces, is word: where the word
 * starts, or NULL. */
static const char *recipes_help_line(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *line = text; line;
	     line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *start = line + strspn(line, " ");

		if (!strncmp(start, word, n) && strchr(" \n", start[n]))
			return start;
	}
	return NULL;
}

/* timerlab with argv: its stdout (malloc'd), or NULL when it failed. */
static char *recipes_timerlab(const char *const *argv)
{
	struct tool_output output;

	tool_run(argv, &output);
	if (output.status) {
		tool_free(&output);
		return NULL;
	}
	free(output.err);
	return output.out;
}

/* What one recipe's timerlab commands use. */
struct recipes_use {
	char suite[64], base[256];
	bool checks;
	const char *formats[16];
	size_t format_count;
	const char *gates[RECIPES_GATES_MAX];
	size_t gate_count;
};

/* Each element of a comma list is a format the command's --help lists. */
static bool recipes_check_formats(const char *where, const char *help, const char *list,
				  struct recipes_use *use)
{
	char copy[256], *save = NULL;
	bool ok = true;

	snprintf(copy, sizeof(copy), "%s", list);
	for (char *name = strtok_r(copy, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		if (!recipes_help_line(help, name)) {
			recipes_complain("\n%s: --format %s: not in its --help\n", where,
					 name);
			ok = false;
		}
		for (size_t i = 0; i < tl_format_count && use->format_count < 16; i++)
			if (!strcmp(tl_formats[i].name, name))
				use->formats[use->format_count++] = tl_formats[i].name;
	}
	return ok;
}

static bool recipes_check_suite(const char *where, const char *suite)
{
	const char *const argv[] = { "list", "--suites", NULL };
	char *suites = recipes_timerlab(argv);
	bool ok = suites && recipes_help_line(suites, suite);

	if (!ok)
		recipes_complain("\n%s: --suite %s: not in timerlab list --suites\n",
				 where, suite);
	free(suites);
	return ok;
}

/* One option of a timerlab command and its value, against its --help;
 * returns how many words it took, 0 when it is wrong. */
static size_t recipes_check_option(const char *where, const char *help,
				   const json_t *command, size_t i,
				   struct recipes_use *use)
{
	const char *word = recipes_word(command, i), *equals = strchr(word, '='), *line,
		   *value;
	char name[64];
	size_t taken = 1;

	snprintf(name, sizeof(name), "%.*s",
		 (int)(equals ? (size_t)(equals - word) : strlen(word)), word);
	line = recipes_help_line(help, name);
	if (!line) {
		recipes_complain("\n%s: %s is not in its --help\n", where, name);
		return 0;
	}
	/* "--out FILE": one space, then what it takes; "--strict    what": none */
	value = equals ? equals + 1 : NULL;
	if (!value && line[strlen(name)] == ' ' &&
	    !strchr(" \n", line[strlen(name) + 1])) {
		value = recipes_word(command, i + 1);
		taken = 2;
		if (!value) {
			recipes_complain("\n%s: %s without its value\n", where, name);
			return 0;
		}
	}
	if (!strcmp(name, "--format") && !recipes_check_formats(where, help, value, use))
		return 0;
	if (!strcmp(name, "--suite")) {
		snprintf(use->suite, sizeof(use->suite), "%s", value);
		if (!recipes_check_suite(where, value))
			return 0;
	}
	if (!strcmp(name, "--gate") && use->gate_count < RECIPES_GATES_MAX)
		use->gates[use->gate_count++] = value;
	use->checks |= !strcmp(name, "--checks");
	return taken;
}

/* A `timerlab ...` command: it exists, and so does every option and value. */
static bool recipes_check_timerlab(const char *file, const json_t *command,
				   struct recipes_use *use)
{
	const char *sub = recipes_word(command, 1);
	char where[128], usage[64], *help;
	bool ok = true, compare;
	size_t positional = 0;

	if (!sub)
		return false;
	if (sub[0] == '-') { /* timerlab --version */
		const char *const argv[] = { sub, NULL };
		char *out = recipes_timerlab(argv);

		free(out);
		return out != NULL;
	}
	snprintf(where, sizeof(where), "%s: timerlab %s", file, sub);
	const char *const argv[] = { sub, "--help", NULL };
	help = recipes_timerlab(argv);
	snprintf(usage, sizeof(usage), "usage: timerlab %s", sub);
	if (!help || strncmp(help, usage, strlen(usage))) {
		recipes_complain("\n%s: no such command\n", where);
		free(help);
		return false;
	}
	compare = !strcmp(sub, "compare");
	for (size_t i = 2; i < json_array_size(command);) {
		const char *word = recipes_word(command, i);
		size_t taken = 1;

		if (strncmp(word, "--", 2)) {
			if (compare && positional++ == 0) /* BASE */
				snprintf(use->base, sizeof(use->base), "%s", word);
		} else if (!(taken = recipes_check_option(where, help, command, i,
							  use))) {
			ok = false;
			taken = 1;
		}
		i += taken;
	}
	free(help);
	return ok;
}

/* Every timerlab command of a recipe; false when one is wrong. */
static bool recipes_check_all(const char *file, const json_t *recipe,
			      struct recipes_use *use)
{
	const json_t *commands = json_object_get(recipe, "commands"), *command;
	bool ok = true;
	size_t i, runs = 0;

	memset(use, 0, sizeof(*use));
	json_array_foreach(commands, i, command)
	{
		const char *program = strrchr(recipes_word(command, 0), '/');

		program = program ? program + 1 : recipes_word(command, 0);
		if (strcmp(program, "timerlab"))
			continue;
		runs++;
		ok &= recipes_check_timerlab(file, command, use);
	}
	return ok && runs > 0;
}

static void test_parse(void)
{
	char path[] = "/tmp/timerlab-recipe-XXXXXX.yml";
	int fd = mkstemps(path, 4);
	const char *const argv[] = { "commands", path, NULL };

	for (size_t i = 0; i < RECIPES_COUNT; i++) {
		json_t *recipe = recipes_load(recipes_files[i]);

		CU_ASSERT_PTR_NOT_NULL_FATAL(recipe);
		CU_ASSERT(json_is_object(json_object_get(recipe, "doc")));
		CU_ASSERT(json_array_size(json_object_get(recipe, "commands")) >= 5);
		json_decref(recipe);
	}
	/* and what is not YAML is refused */
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(write(fd, "jobs: [unclosed\n", 16) == 16);
	close(fd);
	CU_ASSERT_PTR_NULL(recipes_helper(argv, true));
	unlink(path);
}

/* A command written in the recipes' form, checked as theirs are. */
static bool recipes_check_text(const char *words)
{
	struct recipes_use use = { 0 };
	json_t *command = json_array();
	char copy[256], *save = NULL;
	bool ok;

	snprintf(copy, sizeof(copy), "%s", words);
	for (char *word = strtok_r(copy, " ", &save); word;
	     word = strtok_r(NULL, " ", &save))
		json_array_append_new(command, json_string(word));
	ok = recipes_check_timerlab("test", command, &use);
	json_decref(command);
	return ok;
}

static void test_timerlab_commands(void)
{
	for (size_t i = 0; i < RECIPES_COUNT; i++) {
		json_t *recipe = recipes_load(recipes_files[i]);
		struct recipes_use use;
		size_t found = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(recipe);
		CU_ASSERT_TRUE(recipes_check_all(recipes_files[i], recipe, &use));
		/* what the recipes promise: the ci suite with the checks, the
		 * four reports, and a comparison under gates */
		CU_ASSERT_STRING_EQUAL(use.suite, "ci");
		CU_ASSERT_TRUE(use.checks);
		for (size_t f = 0; f < use.format_count; f++)
			found += !strcmp(use.formats[f], "json") +
				 !strcmp(use.formats[f], "junit") +
				 !strcmp(use.formats[f], "md") +
				 !strcmp(use.formats[f], "html");
		CU_ASSERT(found >= 4);
		CU_ASSERT(use.gate_count >= 1);
		CU_ASSERT_STRING_NOT_EQUAL(use.base, "");
		json_decref(recipe);
	}
	/* and the checks themselves see what is wrong */
	recipes_quiet = true;
	CU_ASSERT_TRUE(
		recipes_check_text("timerlab run --suite ci --checks --format json,md"));
	CU_ASSERT_TRUE(recipes_check_text("timerlab --version"));
	CU_ASSERT_FALSE(recipes_check_text("timerlab run --no-such-option"));
	CU_ASSERT_FALSE(recipes_check_text("timerlab compare --gat p99:+20% a b"));
	CU_ASSERT_FALSE(recipes_check_text("timerlab run --format json,mdx"));
	CU_ASSERT_FALSE(recipes_check_text("timerlab run --suite nightly"));
	CU_ASSERT_FALSE(recipes_check_text("timerlab run --out"));
	CU_ASSERT_FALSE(recipes_check_text("timerlab measure --suite ci"));
	recipes_quiet = false;
}
/* The baseline loads, is what the recipe's run makes, and passes the
 * recipe's gates against itself. */
static void recipes_check_baseline(const struct recipes_use *use)
{
	const char *report[] = { "report", "--format", "table", use->base, NULL };
	const char *argv[2 * RECIPES_GATES_MAX + 6] = { "compare" };
	json_t *baseline = json_load_file(use->base, 0, NULL), *comparison, *gate;
	char *out = recipes_timerlab(report);
	size_t n = 1, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(baseline);
	CU_ASSERT(out && tool_lines(out) > 20);
	free(out);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
				       json_object_get(baseline, "options"), "suite")),
			       use->suite);
	CU_ASSERT(json_array_size(json_object_get(baseline, "checks")) > 0);
	json_decref(baseline);
	for (i = 0; i < use->gate_count; i++) {
		argv[n++] = "--gate";
		argv[n++] = use->gates[i];
	}
	argv[n++] = "--format";
	argv[n++] = "json";
	argv[n++] = use->base;
	argv[n++] = use->base;
	argv[n] = NULL;
	out = recipes_timerlab(argv);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	comparison = json_loads(out, 0, NULL);
	free(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(comparison);
	CU_ASSERT_TRUE(json_is_true(json_object_get(comparison, "passed")));
	CU_ASSERT_EQUAL(json_array_size(json_object_get(comparison, "gates")),
			use->gate_count);
	json_array_foreach(json_object_get(comparison, "gates"), i, gate)
		CU_ASSERT(json_integer_value(json_object_get(gate, "judged")) > 20);
	json_decref(comparison);
}

static void test_baseline(void)
{
	char *refresh = tree_read("tools/ci/refresh-baseline");
	char run[96];

	for (size_t i = 0; i < RECIPES_COUNT; i++) {
		json_t *recipe = recipes_load(recipes_files[i]);
		struct recipes_use use;

		CU_ASSERT_PTR_NOT_NULL_FATAL(recipe);
		recipes_check_all(recipes_files[i], recipe, &use);
		CU_ASSERT_STRING_EQUAL(use.base, "tools/ci/baseline.json");
		recipes_check_baseline(&use);
		/* the refresh measures what the recipes measure */
		snprintf(run, sizeof(run), "run --suite %s%s", use.suite,
			 use.checks ? " --checks" : "");
		CU_ASSERT_TRUE(refresh && strstr(refresh, run));
		json_decref(recipe);
	}
	CU_ASSERT_EQUAL(access("tools/ci/refresh-baseline", X_OK), 0);
	free(refresh);
}

void tests_ci_recipes(void)
{
	CU_pSuite suite = tests_suite("ci recipes");

	CU_add_test(suite, "both recipes parse as YAML", test_parse);
	CU_add_test(suite, "their timerlab commands, options, formats and suite exist",
		    test_timerlab_commands);
	CU_add_test(suite, "the baseline loads and passes their gates against itself",
		    test_baseline);
	tests_ci_jobs(suite);
}
