/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a LAVA test shell printed, read by the dispatcher's rules
 * (lava_dispatcher/actions/test/shell.py): a signal is
 * "<LAVA_SIGNAL_NAME params>", a test case's params are KEY=VALUE words
 * with one "=" each, RESULT one of pass, fail, skip, unknown, MEASUREMENT a
 * decimal. */
#ifndef TL_TESTS_LAVA_SIGNALS_H
#define TL_TESTS_LAVA_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/result.h"

struct lava_case {
	char id[128];
	char result[16];
	char units[16]; /* "" when none */
	char measurement[32]; /* "" when none */
};

struct lava_signals {
	struct lava_case cases[512];
	size_t count;
	bool started, ended; /* STARTRUN and ENDRUN of the test definition */
	bool exited; /* the runner's <LAVA_TEST_RUNNER EXIT> */
	size_t raised; /* TESTRAISE signals */
};

/* Every signal of out; a test case the dispatcher would refuse, or a name
 * given twice, fails the test. */
void lava_signals_parse(const char *out, struct lava_signals *signals);

/* The test case named id has result and measurement (NULL: none, and no
 * units; else units "us"). */
void lava_expect_case(const struct lava_signals *signals, const char *id,
		      const char *result, const char *measurement);
/* A cell's or a check's test case is there, named and judged as
 * lib/report-lava.c says, its measurement the cell's p99 exactly. */
void lava_expect_cell(const struct lava_signals *signals, const struct tl_result *result,
		      const struct tl_cell_result *cell);
void lava_expect_check(const struct lava_signals *signals,
		       const struct tl_check_result *check);

#endif
