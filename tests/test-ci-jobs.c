/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CI recipes' jobs around the timerlab commands (test-ci-recipes.c
 * checks those): the make targets and tools/deps groups they build with
 * exist, their scripts, run with stub commands, keep the reports and fail
 * the job when a command fails, the GitHub job asks for a realtime runner
 * and the GitLab job keeps its artifacts always, they read the files run
 * writes, and README's "In CI" quotes them as they are.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/format.h"
#include "ci-recipes.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* Whether the makefile has a rule for target: a line "target:". */
static bool recipes_make_target(const char *makefile, const char *target)
{
	char rule[128];
	size_t n = (size_t)snprintf(rule, sizeof(rule), "\n%s:", target);
	const char *at = strstr(makefile, rule);

	return at && at[n] != '=';
}

/* tools/deps --help's usage line names group: "[build|test|...]". */
static bool recipes_deps_group(const char *usage, const char *group)
{
	char bracketed[64], barred[64], last[64];

	snprintf(bracketed, sizeof(bracketed), "[%s|", group);
	snprintf(barred, sizeof(barred), "|%s|", group);
	snprintf(last, sizeof(last), "|%s]", group);
	return strstr(usage, bracketed) || strstr(usage, barred) || strstr(usage, last);
}

static bool recipes_check_build(const char *file, const json_t *command,
				const char *makefile, const char *usage)
{
	const char *program = recipes_word(command, 0);
	bool ok = true, deps = strcmp(program, "make") != 0;

	if (deps && access(program, X_OK)) {
		fprintf(stderr, "\n%s: %s: not in the tree\n", file, program);
		return false;
	}
	for (size_t i = 1; i < json_array_size(command); i++) {
		const char *word = recipes_word(command, i);
		bool exists;

		if (!deps && !strcmp(word, "-C")) { /* the tree is the checkout's */
			ok &= !strcmp(recipes_word(command, ++i), ".");
			continue;
		}
		if (word[0] == '-' || strchr(word, '='))
			continue;
		exists = deps ? recipes_deps_group(usage, word)
			      : recipes_make_target(makefile, word);
		if (!exists)
			fprintf(stderr, "\n%s: %s %s: no such %s\n", file, program, word,
				deps ? "group" : "target");
		ok &= exists;
	}
	return ok;
}

static void test_build_commands(void)
{
	const char *const help[] = { "--help", NULL };
	char *makefile = tree_read("GNUmakefile");
	struct tool_output usage;

	CU_ASSERT_PTR_NOT_NULL_FATAL(makefile);
	tool_run_program("tools/deps", help, &usage);
	CU_ASSERT_EQUAL(usage.status, 0);
	for (size_t i = 0; i < RECIPES_COUNT; i++) {
		json_t *recipe = recipes_load(recipes_files[i]), *command;
		size_t c, builds = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(recipe);
		json_array_foreach(json_object_get(recipe, "commands"), c, command)
		{
			if (strstr(recipes_word(command, 0), "timerlab"))
				continue;
			builds++;
			CU_ASSERT_TRUE(recipes_check_build(recipes_files[i], command,
							   makefile, usage.out));
		}
		CU_ASSERT(builds >= 2); /* tools/deps, then make install */
		json_decref(recipe);
	}
	CU_ASSERT_TRUE(recipes_make_target(makefile, "install"));
	CU_ASSERT_FALSE(recipes_make_target(makefile, "no-such-target"));
	CU_ASSERT_FALSE(recipes_make_target(makefile, "VERSION"));
	CU_ASSERT_TRUE(recipes_deps_group(usage.out, "build"));
	CU_ASSERT_FALSE(recipes_deps_group(usage.out, "bogus"));
	tool_free(&usage);
	free(makefile);
}

/* The recipe's scripts run with stub commands: timerlab run exiting
 * run_status, compare compare_status. */
static void recipes_check_simulated(const char *file, const char *run_status,
				    const char *compare_status, int job_status, bool kept,
				    bool compared)
{
	const char *const argv[] = { "simulate", file, run_status, compare_status, NULL };
	json_t *outcome = recipes_helper(argv, false), *exists;
	const char *summary, *path;
	size_t artifacts = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(outcome);
	if (json_integer_value(json_object_get(outcome, "status")) != job_status)
		fprintf(stderr, "\n%s, run %s, compare %s: the job exits %lld\n", file,
			run_status, compare_status,
			json_integer_value(json_object_get(outcome, "status")));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(outcome, "status")),
			job_status);
	summary = json_string_value(json_object_get(outcome, "summary"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(summary);
	CU_ASSERT_EQUAL(strstr(summary, "stub summary.md") != NULL, kept);
	CU_ASSERT_EQUAL(strstr(summary, "stub comparison.md") != NULL, compared);
	json_object_foreach(json_object_get(outcome, "kept"), path, exists)
	{
		if (json_is_true(exists) != kept)
			fprintf(stderr, "\n%s, run %s: %s %s\n", file, run_status, path,
				kept ? "is not kept" : "is kept");
		CU_ASSERT_EQUAL(json_is_true(exists), kept);
		artifacts++;
	}
	CU_ASSERT(artifacts >= 2); /* the reports, and the JUnit published */
	json_decref(outcome);
}

/* The job fails when timerlab run or compare does, but only after the
 * reports are shown and kept; a run that saved nothing is not compared. */
static void test_simulated(void)
{
	for (size_t i = 0; i < RECIPES_COUNT; i++) {
		recipes_check_simulated(recipes_files[i], "0", "0", 0, true, true);
		recipes_check_simulated(recipes_files[i], "1", "0", 1, true, true);
		recipes_check_simulated(recipes_files[i], "0", "1", 1, true, true);
		recipes_check_simulated(recipes_files[i], "1", "1", 1, true, true);
		recipes_check_simulated(recipes_files[i], "130", "0", 130, true, true);
		recipes_check_simulated(recipes_files[i], "2", "0", 2, false, false);
	}
}

/* Whether an action is pinned to a major version: "owner/name@v5". */
static bool recipes_pinned(const char *uses, const char *action)
{
	regex_t major;
	bool pinned;

	if (strncmp(uses, action, strlen(action)) || uses[strlen(action)] != '@')
		return false;
	CU_ASSERT_FATAL(regcomp(&major, "^@v[0-9]+$", REG_EXTENDED | REG_NOSUB) == 0);
	pinned = regexec(&major, uses + strlen(action), 0, NULL, 0) == 0;
	regfree(&major);
	return pinned;
}

static bool recipes_has(const json_t *list, const char *value)
{
	const json_t *item;
	size_t i;

	json_array_foreach(
		list, i,
		item) if (!strcmp(json_string_value(item) ? json_string_value(item) : "",
				  value)) return true;
	return false;
}

/* The GitHub job: a realtime runner, and every step after the run going on
 * after a failure, the artifact's even after a cancel. */
static void test_github_shape(void)
{
	json_t *recipe = recipes_load(RECIPES_GITHUB), *job, *step;
	const char *name, *uses, *condition, *run;
	bool measured = false, junit = false, artifact = false;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(recipe);
	json_object_foreach(json_object_get(json_object_get(recipe, "doc"), "jobs"), name,
			    job)
	{
		CU_ASSERT_TRUE(
			recipes_has(json_object_get(job, "runs-on"), "self-hosted"));
		CU_ASSERT_PTR_NOT_NULL(
			strstr(json_string_value(json_object_get(
				       json_object_get(job, "container"), "options")),
			       "--privileged"));
		json_array_foreach(json_object_get(job, "steps"), i, step)
		{
			uses = json_string_value(json_object_get(step, "uses"));
			condition = json_string_value(json_object_get(step, "if"));
			run = json_string_value(json_object_get(step, "run"));
			if (measured)
				CU_ASSERT_TRUE(condition &&
					       (strstr(condition, "always()") ||
						strstr(condition, "!cancelled()")));
			measured |= run && strstr(run, "timerlab run") != NULL;
			uses = uses ? uses : "";
			junit |= recipes_pinned(uses, "mikepenz/action-junit-report") ||
				 recipes_pinned(uses, "dorny/test-reporter");
			if (recipes_pinned(uses, "actions/upload-artifact")) {
				CU_ASSERT_STRING_EQUAL(condition ? condition : "",
						       "always()");
				artifact = true;
			}
		}
	}
	CU_ASSERT_TRUE(measured && junit && artifact);
	CU_ASSERT_TRUE(recipes_pinned("actions/checkout@v4", "actions/checkout"));
	CU_ASSERT_FALSE(recipes_pinned("actions/checkout@main", "actions/checkout"));
	CU_ASSERT_FALSE(recipes_pinned("actions/checkout@v4.1.2", "actions/checkout"));
	json_decref(recipe);
}

/* The GitLab job: Debian 12 on a tagged runner, the artifacts kept always,
 * the JUnit among them. */
static void test_gitlab_shape(void)
{
	json_t *recipe = recipes_load(RECIPES_GITLAB), *job, *artifacts;
	const char *name, *junit;
	size_t jobs = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(recipe);
	json_object_foreach(json_object_get(recipe, "doc"), name, job)
	{
		if (!json_object_get(job, "script"))
			continue;
		jobs++;
		artifacts = json_object_get(job, "artifacts");
		CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(job, "image")),
				       "debian:12");
		CU_ASSERT(json_array_size(json_object_get(job, "tags")) > 0);
		CU_ASSERT_STRING_EQUAL(
			json_string_value(json_object_get(artifacts, "when")), "always");
		junit = json_string_value(
			json_object_get(json_object_get(artifacts, "reports"), "junit"));
		CU_ASSERT_PTR_NOT_NULL_FATAL(junit);
		CU_ASSERT_TRUE(recipes_has(json_object_get(artifacts, "paths"),
					   "timerlab-report/"));
		CU_ASSERT_EQUAL(strncmp(junit, "timerlab-report/", 16), 0);
	}
	CU_ASSERT_EQUAL(jobs, 1);
	json_decref(recipe);
}

/* The files the recipes read from a run's folder are those run writes. */
static void test_report_names(void)
{
	static const char *const used[] = { "json", "junit", "md" };

	for (size_t i = 0; i < RECIPES_COUNT; i++) {
		char *text = tree_read(recipes_files[i]);

		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		for (size_t u = 0; u < sizeof(used) / sizeof(used[0]); u++)
			for (size_t f = 0; f < tl_format_count; f++) {
				char file[80];

				if (strcmp(tl_formats[f].name, used[u]))
					continue;
				snprintf(file, sizeof(file), "/%s", tl_formats[f].file);
				if (!strstr(text, file))
					fprintf(stderr, "\n%s does not read %s\n",
						recipes_files[i], tl_formats[f].file);
				CU_ASSERT_PTR_NOT_NULL(strstr(text, file));
			}
		free(text);
	}
}

/* Whether a recipe has line, leading spaces aside. */
static bool recipes_quoted(char *const *texts, const char *line)
{
	for (size_t i = 0; i < RECIPES_COUNT; i++)
		for (const char *at = strstr(texts[i], line); at;
		     at = strstr(at + 1, line)) {
			const char *start = at, *end = at + strlen(line);

			while (start > texts[i] && start[-1] == ' ')
				start--;
			if ((start == texts[i] || start[-1] == '\n') &&
			    (!*end || *end == '\n'))
				return true;
		}
	return false;
}

/* README's "In CI" shows both recipes, and every line its YAML excerpts
 * show is in one of them, as it is there. */
static void test_readme(void)
{
	char *readme = tree_read("README.md"), *texts[RECIPES_COUNT], *section, *end;
	size_t lines = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
	for (size_t i = 0; i < RECIPES_COUNT; i++) {
		char link[64];

		texts[i] = tree_read(recipes_files[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(texts[i]);
		snprintf(link, sizeof(link), "](%s)", recipes_files[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(readme, link));
	}
	section = strstr(readme, "\n## In CI\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(section);
	end = strstr(section + 1, "\n## ");
	if (end)
		*end = '\0';
	CU_ASSERT_PTR_NOT_NULL(strstr(section, "tools/ci/refresh-baseline"));
	for (char *block = strstr(section, "```yaml\n"); block;
	     block = strstr(block, "```yaml\n")) {
		char *line = block + 8, *stop = strstr(line, "\n```");

		CU_ASSERT_PTR_NOT_NULL_FATAL(stop);
		*stop = '\0';
		for (char *next; line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			line += strspn(line, " ");
			if (!*line || !strcmp(line, "..."))
				continue;
			if (!recipes_quoted(texts, line))
				fprintf(stderr,
					"\nREADME.md, In CI: \"%s\" is in neither recipe\n",
					line);
			CU_ASSERT_TRUE(recipes_quoted(texts, line));
			lines++;
		}
		block = stop + 1;
	}
	CU_ASSERT(lines >= 10);
	CU_ASSERT_FALSE(recipes_quoted(texts, "timerlab run --suite nightly"));
	for (size_t i = 0; i < RECIPES_COUNT; i++)
		free(texts[i]);
	free(readme);
}

void tests_ci_jobs(CU_pSuite suite)
{
	CU_add_test(suite, "their make targets and tools/deps groups exist",
		    test_build_commands);
	CU_add_test(suite, "their scripts keep the reports and fail after",
		    test_simulated);
	CU_add_test(suite, "the GitHub job: realtime runner, steps after a failure",
		    test_github_shape);
	CU_add_test(suite, "the GitLab job: Debian 12, artifacts always",
		    test_gitlab_shape);
	CU_add_test(suite, "they read the files run writes", test_report_names);
	CU_add_test(suite, "README's In CI shows them as they are", test_readme);
}
