/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registry against the tree: every path file of cases/paths/ and every
 * check defined in cases/checks/ is in its list (a path or a check left out
 * would silently never run), and what the lists hold is well-formed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cases/registry.h"
#include "../lib/kernel-version.h"
#include "tests.h"
#include "tree.h"

static const char *const registry_c_files[] = { ".c", NULL };

/* A name as its struct's identifier spells it: "posix-timer.sig-ign" is
 * posix_timer_sig_ign. */
static void registry_identifier(const char *name, char *id, size_t size)
{
	size_t i = 0;

	for (; name[i] && i + 1 < size; i++)
		id[i] = name[i] == '-' || name[i] == '.' ? '_' : name[i];
	id[i] = '\0';
}

/*
 * Each definition "const struct <type> <prefix><id> =" in text, through
 * found(id, arg). Returns how many.
 */
static size_t registry_definitions(const char *text, const char *type_and_prefix,
				   void (*found)(const char *id, void *arg), void *arg)
{
	size_t count = 0, length = strlen(type_and_prefix);

	for (const char *at = strstr(text, type_and_prefix); at;
	     at = strstr(at + length, type_and_prefix)) {
		const char *end = at + length, *after;
		char id[128];

		while (isalnum((unsigned char)*end) || *end == '_')
			end++;
		after = end + strspn(end, " \t\n");
		if (*after != '=' || end - (at + length) >= (long)sizeof(id))
			continue; /* a declaration, not the definition */
		snprintf(id, sizeof(id), "%.*s", (int)(end - (at + length)), at + length);
		found(id, arg);
		count++;
	}
	return count;
}

static void registry_count(const char *id, void *arg)
{
	(void)id;
	++*(size_t *)arg;
}

/* The scan finds a definition and passes a declaration by. */
static void test_scan(void)
{
	size_t found = 0;

	CU_ASSERT_EQUAL(registry_definitions("extern const struct tl_check tl_check_a;\n"
					     "const struct tl_check tl_check_b =\n{",
					     "const struct tl_check tl_check_",
					     registry_count, &found),
			1);
	CU_ASSERT_EQUAL(found, 1);
}

struct registry_paths_seen {
	const char *file; /* the path file being read */
	size_t paths; /* definitions found in all files */
};

static void registry_path_found(const char *id, void *arg)
{
	struct registry_paths_seen *seen = arg;
	const char *base = strrchr(seen->file, '/') + 1;
	char name[128], file_id[128];
	const struct tl_path *path;

	snprintf(name, sizeof(name), "%.*s", (int)(strlen(base) - 2), base);
	registry_identifier(name, file_id, sizeof(file_id));
	path = tl_path_find(name);
	if (!path)
		fprintf(stderr, "\n%s: path \"%s\" is not in cases/paths/path-list.h\n",
			seen->file, name);
	if (strcmp(id, file_id) != 0)
		fprintf(stderr, "\n%s: tl_path_%s is not named after its file\n",
			seen->file, id);
	/* named after its file, and in path-list.h under that name */
	CU_ASSERT_STRING_EQUAL(id, file_id);
	CU_ASSERT_PTR_NOT_NULL(path);
	seen->paths++;
}

static void registry_path_file(const char *file, void *arg)
{
	struct registry_paths_seen *seen = arg;
	char *text = tree_read(file);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	seen->file = file;
	registry_definitions(text, "const struct tl_path tl_path_", registry_path_found,
			     seen);
	free(text);
}

/* A path file is cases/paths/<name>.c exporting tl_path_<name>: each one is
 * listed, and nothing else is. */
static void test_paths_listed(void)
{
	struct registry_paths_seen seen = { 0 };
	size_t listed = 0;

	tree_walk("cases/paths", registry_c_files, false, registry_path_file, &seen);
	while (tl_paths[listed])
		listed++;
	CU_ASSERT_EQUAL(seen.paths, listed);
	CU_ASSERT(listed >= 5);
}

struct registry_checks_seen {
	const char *list; /* check-list.h */
	const char *file;
	size_t checks;
};

static void registry_check_found(const char *id, void *arg)
{
	struct registry_checks_seen *seen = arg;
	char line[160];

	snprintf(line, sizeof(line), "TL_CHECK(%s)", id);
	if (!tree_has_line(seen->list, line))
		fprintf(stderr, "\n%s: tl_check_%s is not in cases/checks/check-list.h\n",
			seen->file, id);
	CU_ASSERT_TRUE(tree_has_line(seen->list, line));
	seen->checks++;
}

static void registry_check_file(const char *file, void *arg)
{
	struct registry_checks_seen *seen = arg;
	char *text = tree_read(file);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	seen->file = file;
	registry_definitions(text, "const struct tl_check tl_check_",
			     registry_check_found, seen);
	/* a name made by pasting tokens would hide a check from this scan */
	CU_ASSERT_PTR_NULL(strstr(text, "tl_check_##"));
	free(text);
}

/* Every check defined in cases/checks/ is in check-list.h, whose order is
 * the registry's, each line naming the check it holds. */
static void test_checks_listed(void)
{
	struct registry_checks_seen seen = { .list = tree_read(
						     "cases/checks/check-list.h") };
	size_t listed = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(seen.list);
	tree_walk("cases/checks", registry_c_files, false, registry_check_file, &seen);
	for (; tl_checks[listed]; listed++) {
		char id[128], line[160];

		registry_identifier(tl_checks[listed]->name, id, sizeof(id));
		snprintf(line, sizeof(line), "TL_CHECK(%s)", id);
		CU_ASSERT_TRUE(tree_has_line(seen.list, line));
	}
	CU_ASSERT_EQUAL(seen.checks, listed);
	CU_ASSERT(listed >= 50);
	free((char *)seen.list);
}

/* The product's checks: "<group>.<behaviour>" with a group that exists,
 * unique, summarised, and any known-failure range both explained and
 * parseable (a range that does not parse would silently never apply). */
static void test_registry(void)
{
	static const char *const groups[] = { "clock-nanosleep", "timerfd", "posix-timer",
					      "setitimer",	 "alarm",   "clock",
					      "signal",		 "mqueue",  NULL };
	struct tl_kernel_version version = { 6, 1, 0 };
	size_t count = 0;

	for (size_t i = 0; tl_checks[i]; i++, count++) {
		const struct tl_check *check = tl_checks[i];
		const struct tl_known_fail *known = &check->known_fail;
		struct tl_kernel_range range = { known->since, known->until };
		const char *dot = strchr(check->name, '.');
		size_t g = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(dot);
		while (groups[g] &&
		       (strlen(groups[g]) != (size_t)(dot - check->name) ||
			strncmp(groups[g], check->name, strlen(groups[g])) != 0))
			g++;
		CU_ASSERT_PTR_NOT_NULL(groups[g]);
		CU_ASSERT(dot[1] != '\0' && !strchr(check->name, ' '));
		CU_ASSERT(check->summary && check->summary[0] && check->run);
		CU_ASSERT_PTR_EQUAL(tl_check_find(check->name), check);
		if (known->since || known->until)
			CU_ASSERT_PTR_NOT_NULL(known->why);
		CU_ASSERT(tl_kernel_range_contains(&range, &version) >= 0);
	}
	CU_ASSERT(count >= 50);
	CU_ASSERT_PTR_NULL(tl_check_find("nope.nope"));
}

/* The posix-timer checks that follow the 6.13 rework of ignored and
 * pending timer signals carry its range (cases/checks/README.md). */
static void test_known_failures(void)
{
	static const char *const reworked[] = { "posix-timer.sig-ign",
						"posix-timer.rearm-discards",
						"posix-timer.delete-discards",
						"posix-timer.rearm-discards-periodic",
						"posix-timer.delete-discards-periodic" };

	for (size_t i = 0; i < sizeof(reworked) / sizeof(reworked[0]); i++) {
		const struct tl_check *check = tl_check_find(reworked[i]);

		CU_ASSERT_PTR_NOT_NULL_FATAL(check);
		CU_ASSERT_PTR_NULL(check->known_fail.since);
		CU_ASSERT_STRING_EQUAL(check->known_fail.until, "6.13");
	}
}

/* The other ranges the catalogue's table of known failures names. */
static void test_other_ranges(void)
{
	static const struct {
		const char *check, *until;
	} ranges[] = {
		{ "posix-timer.cputime-to-running-thread", "6.3" },
		{ "posix-timer.sigev-none.process-cputime", "6.12" },
		{ "posix-timer.sigev-none.thread-cputime", "6.12" },
		{ "posix-timer.gettime-pending.process-cputime", "6.12" },
		{ "posix-timer.gettime-pending.thread-cputime", "6.12" },
	};
	const struct tl_check *monotonic =
		tl_check_find("posix-timer.gettime-pending.monotonic");

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		const struct tl_check *check = tl_check_find(ranges[i].check);

		CU_ASSERT_PTR_NOT_NULL_FATAL(check);
		CU_ASSERT_STRING_EQUAL(check->known_fail.until, ranges[i].until);
	}
	/* a family's clocks the change did not touch carry no range */
	CU_ASSERT_PTR_NOT_NULL_FATAL(monotonic);
	CU_ASSERT_PTR_NULL(monotonic->known_fail.why);
}

void tests_registry(void)
{
	CU_pSuite suite = tests_suite("registry");

	CU_add_test(suite, "the scan finds definitions", test_scan);
	CU_add_test(suite, "every path file is in path-list.h", test_paths_listed);
	CU_add_test(suite, "every check is in check-list.h", test_checks_listed);
	CU_add_test(suite, "the checks are well-formed", test_registry);
	CU_add_test(suite, "the 6.13 rework's checks carry its range",
		    test_known_failures);
	CU_add_test(suite, "the 6.3 and 6.12 changes' checks carry their ranges",
		    test_other_ranges);
}
