/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LAVA: one line per test case, the arguments the test definition
 * (tools/lava/timerlab.yaml) hands to lava-test-case, cells first, then
 * checks:
 *
 *	cell.timerfd_read_monotonic_abs_1ms --result pass --measurement 31.234 --units us
 *	cell.alarm_handler_alrm_monotonic_abs_1s --result skip
 *	check.timerfd.abs-past --result pass
 *
 * The definition splits each line into words and passes them on; nothing in
 * a line is ever evaluated by a shell. So a line holds only words that need
 * no quoting: names of [A-Za-z0-9._-], the fixed words --result, pass,
 * fail, skip, --measurement, --units and us, and a plain decimal. LAVA
 * reads the same words back from lava-test-case's signal line
 * "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=... RESULT=... UNITS=us
 * MEASUREMENT=...>", which a space, "=" or ">" in a name would break.
 *
 * Names. A cell is "cell." and its key, a check "check." and its name, with
 * every byte outside [A-Za-z0-9.-] turned into "_": readable, and distinct
 * for every key and name timerlab makes. The mapping folds ":", "/", "@"
 * and "_" together, so two strings of a result that fold to one name (in a
 * result written by hand or by another version) both take the escaped form
 * instead, "cell_" or "check_" and the string with every byte outside
 * [A-Za-z0-9-] written as "_" and two hex digits: that form is one-to-one,
 * and its prefix sets it apart from every readable name. A string that
 * occurs twice in a result is numbered ".1", ".2" after its escaped form
 * (an escaped form never holds a "."). Which form a name takes depends
 * only on the strings of the result, never on their order.
 *
 * Results. LAVA knows pass, fail, skip and unknown. A cell is judged by the
 * rule every test format shares (lib/cell-verdict.h): passed is pass, n/a
 * is skip, and failed and error are fail, as JUnit counts a failure and an
 * error alike against a run. A check maps as JUnit maps it:
 *
 *	pass, xpass          pass  (an xpass is a pass on a kernel where a
 *	                            failure was expected: nothing broke, and
 *	                            timerlab's exit status is 0 for it too)
 *	fail                 fail
 *	error, timeout       fail  (the check crashed or hung: timerlab exits 1,
 *	                            and LAVA must not count it among the passes)
 *	skip, xfail          skip  (an xfail is a failure known for this
 *	                            kernel: nothing to act on)
 *
 * unknown is never written: it is LAVA's word for a line its parser could
 * not read, and LAVA's summaries count it neither as a pass nor as a
 * failure, which would hide a check that crashed.
 *
 * Measurement. A cell with samples carries its p99 in microseconds, exactly
 * (nanoseconds / 1000 with three decimals, negative when the p99 wakeup was
 * early); an n/a cell, and a cell whose measurement failed before its first
 * sample, carry none. Checks carry none.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell-verdict.h"
#include "report.h"

/* One string of a group (every cell key, or every check name) and the test
 * case name it gets. */
struct lava_entry {
	const char *text;
	size_t index; /* its place in the result */
	char *readable; /* the text folded to [A-Za-z0-9._-] */
	char *name; /* the name written */
};

static bool lava_plain(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

static char *lava_fold(const char *text)
{
	size_t length = strlen(text);
	char *folded = malloc(length + 1);

	if (!folded)
		return NULL;
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)text[i];

		folded[i] = lava_plain(c) || c == '.' ? (char)c : '_';
	}
	folded[length] = '\0';
	return folded;
}

/* prefix "_" text escaped, and ".ordinal" when ordinal is not 0. */
static char *lava_escape(const char *prefix, const char *text, size_t ordinal)
{
	size_t size = strlen(prefix) + 3 * strlen(text) + 32, used;
	char *name = malloc(size);

	if (!name)
		return NULL;
	used = (size_t)snprintf(name, size, "%s_", prefix);
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (lava_plain(*c))
			name[used++] = (char)*c;
		else
			used += (size_t)snprintf(name + used, size - used, "_%02x", *c);
	}
	name[used] = '\0';
	if (ordinal)
		snprintf(name + used, size - used, ".%zu", ordinal);
	return name;
}

static int lava_order(const void *a, const void *b)
{
	const struct lava_entry *x = a, *y = b;
	int order = strcmp(x->readable, y->readable);

	if (!order)
		order = strcmp(x->text, y->text);
	if (!order)
		order = (x->index > y->index) - (x->index < y->index);
	return order;
}

/* Names for a run of entries [from, to) that share one readable form. */
static int lava_name_run(struct lava_entry *entries, size_t from, size_t to,
			 const char *prefix)
{
	if (to - from == 1) {
		size_t size = strlen(prefix) + strlen(entries[from].readable) + 2;

		entries[from].name = malloc(size);
		if (!entries[from].name)
			return -ENOMEM;
		snprintf(entries[from].name, size, "%s.%s", prefix,
			 entries[from].readable);
		return 0;
	}
	for (size_t i = from, ordinal = 0; i < to; i++) {
		bool after_same =
			i > from && !strcmp(entries[i - 1].text, entries[i].text);
		bool before_same =
			i + 1 < to && !strcmp(entries[i + 1].text, entries[i].text);

		/* sorted by text, then by place: the copies of one string are
		 * together, numbered in the order of the result */
		ordinal = after_same ? ordinal + 1 : 1;
		entries[i].name = lava_escape(prefix, entries[i].text,
					      after_same || before_same ? ordinal : 0);
		if (!entries[i].name)
			return -ENOMEM;
	}
	return 0;
}

/* names[i]: the test case name of texts[i] (malloc'd, as is names). */
static int lava_names(const char *const *texts, size_t count, const char *prefix,
		      char ***names)
{
	struct lava_entry *entries = calloc(count + 1, sizeof(*entries));
	int err = 0;

	*names = calloc(count + 1, sizeof(**names));
	if (!entries || !*names) {
		free(entries);
		return -ENOMEM;
	}
	for (size_t i = 0; i < count && !err; i++) {
		entries[i].text = texts[i] ? texts[i] : "";
		entries[i].index = i;
		entries[i].readable = lava_fold(entries[i].text);
		err = entries[i].readable ? 0 : -ENOMEM;
	}
	if (!err)
		qsort(entries, count, sizeof(*entries), lava_order);
	for (size_t from = 0, to; !err && from < count; from = to) {
		for (to = from + 1;
		     to < count && !strcmp(entries[to].readable, entries[from].readable);
		     to++)
			;
		err = lava_name_run(entries, from, to, prefix);
	}
	for (size_t i = 0; i < count; i++) {
		(*names)[entries[i].index] = entries[i].name;
		free(entries[i].readable);
	}
	free(entries);
	return err;
}

static void lava_free_names(char **names, size_t count)
{
	for (size_t i = 0; names && i < count; i++)
		free(names[i]);
	free(names);
}

/* ns as microseconds, exactly: "-2.500" for -2500. */
static void lava_microseconds(FILE *out, int64_t ns)
{
	uint64_t magnitude = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;

	fprintf(out, "%s%" PRIu64 ".%03" PRIu64, ns < 0 ? "-" : "", magnitude / 1000,
		magnitude % 1000);
}

static const char *lava_cell_result(const struct tl_result *result,
				    const struct tl_cell_result *cell)
{
	struct tl_cell_verdict verdict;

	tl_cell_verdict(result, cell, &verdict);
	switch (verdict.outcome) {
	case TL_CELL_PASSED:
		return "pass";
	case TL_CELL_SKIPPED:
		return "skip";
	case TL_CELL_FAILED:
	case TL_CELL_ERROR:
		break;
	}
	return "fail";
}

static const char *lava_check_result(enum tl_verdict verdict)
{
	switch (verdict) {
	case TL_VERDICT_PASS:
	case TL_VERDICT_XPASS:
		return "pass";
	case TL_VERDICT_SKIP:
	case TL_VERDICT_XFAIL:
		return "skip";
	case TL_VERDICT_FAIL:
	case TL_VERDICT_ERROR:
	case TL_VERDICT_TIMEOUT:
		break;
	}
	return "fail";
}

static int lava_write(FILE *out, const struct tl_result *result, char **cells,
		      char **checks)
{
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		fprintf(out, "%s --result %s", cells[i], lava_cell_result(result, cell));
		if (!cell->unsupported && cell->samples) {
			fputs(" --measurement ", out);
			lava_microseconds(out, cell->p99_ns);
			fputs(" --units us", out);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < result->check_count; i++)
		fprintf(out, "%s --result %s\n", checks[i],
			lava_check_result(result->checks[i].verdict));
	fflush(out);
	return ferror(out) ? -EIO : 0;
}

int tl_report_lava(FILE *out, const struct tl_result *result)
{
	const char **keys = calloc(result->cell_count + 1, sizeof(*keys));
	const char **check_names = calloc(result->check_count + 1, sizeof(*check_names));
	char **cells = NULL, **checks = NULL;
	int err = keys && check_names ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < result->cell_count; i++)
		keys[i] = result->cells[i].key;
	for (size_t i = 0; !err && i < result->check_count; i++)
		check_names[i] = result->checks[i].name;
	if (!err)
		err = lava_names(keys, result->cell_count, "cell", &cells);
	if (!err)
		err = lava_names(check_names, result->check_count, "check", &checks);
	if (!err)
		err = lava_write(out, result, cells, checks);
	lava_free_names(cells, result->cell_count);
	lava_free_names(checks, result->check_count);
	free(keys);
	free(check_names);
	return err;
}
