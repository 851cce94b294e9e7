/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table's notes: what a row cannot show (a cell at another interval
 * than the rest, stray signals) is said under the table, once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/report.h"
#include "../lib/result.h"
#include "../lib/time.h"
#include "tests.h"

static void table_add(struct tl_result *result, const char *path, const char *signal,
		      const char *arm, int64_t interval_ns, uint64_t stray)
{
	struct tl_cell_result *cell;
	char key[128];

	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	snprintf(key, sizeof(key), "%s/monotonic/%s", path, arm);
	cell->key = strdup(key);
	cell->path = strdup(path);
	cell->variant = strdup("handler");
	cell->signal = signal ? strdup(signal) : NULL;
	cell->clock = strdup("monotonic");
	cell->arm = strdup(arm);
	cell->emulated = strcmp(path, "setitimer") == 0 && strcmp(arm, "abs") == 0;
	cell->interval_ns = interval_ns;
	cell->samples = 3;
	cell->stray = stray;
}

/* The table as text; the caller frees it. */
static char *table_render(const struct tl_result *result)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(tl_report_table(out, result), 0);
	fclose(out);
	return text;
}

static size_t table_count(const char *text, const char *what)
{
	size_t count = 0;

	for (const char *at = strstr(text, what); at; at = strstr(at + 1, what))
		count++;
	return count;
}

static void test_notes(void)
{
	struct tl_result result;
	char *text;

	tl_result_init(&result);
	table_add(&result, "timerfd", NULL, "abs", TL_NS_PER_MS, 0);
	table_add(&result, "setitimer", "alrm", "abs", TL_NS_PER_MS, 0);
	table_add(&result, "setitimer", "alrm", "rel", TL_NS_PER_MS, 2);
	table_add(&result, "alarm", "alrm", "rel", TL_NS_PER_S, 0);
	table_add(&result, "alarm", "alrm", "abs", TL_NS_PER_S, 0);
	text = table_render(&result);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "handler:alrm"));
	CU_ASSERT_EQUAL(table_count(text, "abs (emulated)"), 1);
	/* once per path, against the interval most cells ran at */
	CU_ASSERT_EQUAL(
		table_count(text,
			    "note: alarm ran every 1s, the other cells every 1ms\n"),
		1);
	CU_ASSERT_EQUAL(table_count(text, "note: "), 2);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "note: setitimer/monotonic/rel: 2 stray signals"));
	free(text);
	tl_result_free(&result);

	/* one interval, no strays: no notes */
	tl_result_init(&result);
	table_add(&result, "alarm", "alrm", "rel", TL_NS_PER_S, 0);
	table_add(&result, "alarm", "alrm", "abs", TL_NS_PER_S, 0);
	text = table_render(&result);
	CU_ASSERT_PTR_NULL(strstr(text, "note: "));
	free(text);
	tl_result_free(&result);
}

void tests_table(void)
{
	CU_pSuite suite = tests_suite("table");

	CU_add_test(suite, "notes: other intervals, stray signals", test_notes);
}
