/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lava-signals.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/cell-verdict.h"
#include "tests.h"

/* The dispatcher's Decimal(): here, what the writer promises, an optional
 * "-", digits, "." and three digits; their value in ns. */
static bool lava_decimal_ns(const char *text, int64_t *ns)
{
	bool negative = *text == '-';
	int64_t whole = 0;
	size_t digits = 0;

	text += negative;
	for (; isdigit((unsigned char)*text); text++, digits++)
		whole = whole * 10 + (*text - '0');
	if (!digits || text[0] != '.' || strlen(text + 1) != 3 ||
	    strspn(text + 1, "0123456789") != 3)
		return false;
	*ns = whole * 1000 + atoi(text + 1);
	if (negative)
		*ns = -*ns;
	return true;
}

static void lava_signal_case(char *params, struct lava_signals *signals)
{
	struct lava_case *tc = &signals->cases[signals->count];
	char *save = NULL;

	CU_ASSERT_FATAL(signals->count <
			sizeof(signals->cases) / sizeof(signals->cases[0]));
	memset(tc, 0, sizeof(*tc));
	for (char *param = strtok_r(params, " \t", &save); param;
	     param = strtok_r(NULL, " \t", &save)) {
		char *equals = strchr(param, '=');
		int64_t ns;

		/* the dispatcher refuses a word without exactly one "=" */
		CU_ASSERT_FATAL(equals && !strchr(equals + 1, '='));
		*equals = '\0';
		if (!strcmp(param, "TEST_CASE_ID"))
			snprintf(tc->id, sizeof(tc->id), "%s", equals + 1);
		else if (!strcmp(param, "RESULT"))
			snprintf(tc->result, sizeof(tc->result), "%s", equals + 1);
		else if (!strcmp(param, "UNITS"))
			snprintf(tc->units, sizeof(tc->units), "%s", equals + 1);
		else if (!strcmp(param, "MEASUREMENT"))
			snprintf(tc->measurement, sizeof(tc->measurement), "%s",
				 equals + 1);
		else
			CU_FAIL("a test case parameter lava-test-case does not write");
		if (!strcmp(param, "MEASUREMENT"))
			CU_ASSERT_TRUE(lava_decimal_ns(equals + 1, &ns));
	}
	CU_ASSERT_FATAL(tc->id[0] != '\0');
	CU_ASSERT(!strcmp(tc->result, "pass") || !strcmp(tc->result, "fail") ||
		  !strcmp(tc->result, "skip") || !strcmp(tc->result, "unknown"));
	for (size_t i = 0; i < signals->count; i++)
		CU_ASSERT(strcmp(signals->cases[i].id, tc->id) != 0);
	signals->count++;
}

void lava_signals_parse(const char *out, struct lava_signals *signals)
{
	memset(signals, 0, sizeof(*signals));
	signals->exited = strstr(out, "<LAVA_TEST_RUNNER EXIT>") != NULL;
	for (const char *at = strstr(out, "<LAVA_SIGNAL_"); at;
	     at = strstr(at + 1, "<LAVA_SIGNAL_")) {
		const char *end = strchr(at, '>'), *space = strchr(at, ' ');
		char name[32], params[512];

		CU_ASSERT_FATAL(end && space && space < end);
		snprintf(name, sizeof(name), "%.*s", (int)(space - at - 13), at + 13);
		snprintf(params, sizeof(params), "%.*s", (int)(end - space - 1),
			 space + 1);
		if (!strcmp(name, "TESTCASE"))
			lava_signal_case(params, signals);
		signals->started |= !strcmp(name, "STARTRUN");
		signals->ended |= !strcmp(name, "ENDRUN");
		signals->raised += !strcmp(name, "TESTRAISE");
	}
}

static const struct lava_case *lava_find(const struct lava_signals *signals,
					 const char *id)
{
	for (size_t i = 0; i < signals->count; i++)
		if (!strcmp(signals->cases[i].id, id))
			return &signals->cases[i];
	fprintf(stderr, "\nno test case %s\n", id);
	return NULL;
}

void lava_expect_case(const struct lava_signals *signals, const char *id,
		      const char *result, const char *measurement)
{
	const struct lava_case *tc = lava_find(signals, id);

	CU_ASSERT_PTR_NOT_NULL_FATAL(tc);
	CU_ASSERT_STRING_EQUAL(tc->result, result);
	CU_ASSERT_STRING_EQUAL(tc->measurement, measurement ? measurement : "");
	CU_ASSERT_STRING_EQUAL(tc->units, measurement ? "us" : "");
}

/* prefix "." text, every byte outside [A-Za-z0-9.-] as "_": the readable
 * form, which every key and name timerlab makes takes. */
static void lava_readable(const char *prefix, const char *text, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "%s.", prefix);

	for (; *text && n + 1 < size; text++)
		buf[n++] = isalnum((unsigned char)*text) || *text == '.' || *text == '-'
				   ? *text
				   : '_';
	buf[n] = '\0';
}

void lava_expect_cell(const struct lava_signals *signals, const struct tl_result *result,
		      const struct tl_cell_result *cell)
{
	static const char *const words[] = { [TL_CELL_PASSED] = "pass",
					     [TL_CELL_FAILED] = "fail",
					     [TL_CELL_SKIPPED] = "skip",
					     [TL_CELL_ERROR] = "fail" };
	struct tl_cell_verdict verdict;
	const struct lava_case *tc;
	char id[128];
	int64_t ns;

	lava_readable("cell", cell->key, id, sizeof(id));
	tc = lava_find(signals, id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tc);
	tl_cell_verdict(result, cell, &verdict);
	CU_ASSERT_STRING_EQUAL(tc->result, words[verdict.outcome]);
	if (cell->unsupported || !cell->samples) {
		CU_ASSERT_STRING_EQUAL(tc->measurement, "");
		CU_ASSERT_STRING_EQUAL(tc->units, "");
		return;
	}
	CU_ASSERT_STRING_EQUAL(tc->units, "us");
	CU_ASSERT_TRUE_FATAL(lava_decimal_ns(tc->measurement, &ns));
	CU_ASSERT_EQUAL(ns, cell->p99_ns);
}

void lava_expect_check(const struct lava_signals *signals,
		       const struct tl_check_result *check)
{
	static const char *const words[TL_VERDICT_COUNT] = {
		[TL_VERDICT_PASS] = "pass",    [TL_VERDICT_FAIL] = "fail",
		[TL_VERDICT_XFAIL] = "skip",   [TL_VERDICT_XPASS] = "pass",
		[TL_VERDICT_SKIP] = "skip",    [TL_VERDICT_ERROR] = "fail",
		[TL_VERDICT_TIMEOUT] = "fail",
	};
	char id[128];

	lava_readable("check", check->name, id, sizeof(id));
	lava_expect_case(signals, id, words[check->verdict], NULL);
}
