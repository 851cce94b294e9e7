/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The comparison (lib/compare.h) on inputs made here: cells matched by key
 * and kept when one side lacks them, changes tested over the rounds and
 * corrected for the many cells, and gates that trip only on a change both
 * significant and beyond their threshold.
 */
#include <stdio.h>
#include <string.h>

#include "../lib/compare-gate.h"
#include "../lib/report-compare.h"
#include "compare-fixture.h"
#include "tests.h"

#define US 1000

/* rounds of p99 from `from` us, `step` us apart; p50 20 us and max 300 us */
static struct tl_cell_result *compare_cell(struct tl_compare_input *input,
					   const char *key, size_t rounds, double from_us,
					   double step_us, int64_t pooled_p99)
{
	int64_t p50[16], p99[16], max[16];

	for (size_t r = 0; r < rounds; r++) {
		p50[r] = 20 * US;
		p99[r] = (int64_t)((from_us + step_us * (double)r) * US);
		max[r] = 300 * US;
	}
	return fixture_cell(input, key, rounds, p50, p99, max, 20 * US, pooled_p99,
			    300 * US, 0, 0);
}

static void test_matching(void)
{
	struct tl_compare_input inputs[2];
	struct tl_comparison comparison;

	fixture_input(&inputs[0], "base");
	fixture_input(&inputs[1], "new");
	compare_cell(&inputs[0], "a", 8, 100, 1, 100 * US);
	fixture_unsupported(&inputs[0], "b", "cannot");
	compare_cell(&inputs[0], "c", 8, 100, 1, 100 * US);
	compare_cell(&inputs[1], "d", 8, 100, 1, 100 * US);
	compare_cell(&inputs[1], "a", 8, 100, 1, 110 * US);
	fixture_compare(&comparison, inputs, 2);
	CU_ASSERT_EQUAL_FATAL(comparison.cell_count, 4);
	CU_ASSERT_STRING_EQUAL(comparison.cells[0].key, "a");
	CU_ASSERT_STRING_EQUAL(comparison.cells[1].key, "b");
	CU_ASSERT_STRING_EQUAL(comparison.cells[2].key, "c");
	CU_ASSERT_STRING_EQUAL(comparison.cells[3].key, "d");
	/* only in BASE, only in NEW: listed, nothing measured against */
	CU_ASSERT_PTR_NULL(comparison.cells[2].cells[1]);
	CU_ASSERT_PTR_NULL(comparison.cells[3].cells[0]);
	CU_ASSERT_FALSE(tl_compare_change(&comparison.cells[2], 1, TL_METRIC_P99)->known);
	CU_ASSERT_FALSE(tl_compare_change(&comparison.cells[1], 1, TL_METRIC_P99)->known);
	const struct tl_change *a =
		tl_compare_change(&comparison.cells[0], 1, TL_METRIC_P99);
	CU_ASSERT_TRUE(a->known && a->has_percent);
	CU_ASSERT_DOUBLE_EQUAL(a->percent, 10.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(a->delta, 10.0 * US, 1e-9);
	/* the same rounds on both sides: tested, and nothing to see */
	CU_ASSERT_TRUE(a->tested);
	CU_ASSERT_DOUBLE_EQUAL(a->p, 1.0, 1e-12);
	CU_ASSERT_FALSE(a->significant);
	tl_comparison_free(&comparison);
	fixture_free(inputs, 2);
}

static void test_nothing_in_common(void)
{
	struct tl_compare_input inputs[2];
	struct tl_comparison comparison;
	struct tl_check_result *check;
	char why[256];

	fixture_input(&inputs[0], "a.json");
	fixture_input(&inputs[1], "b.json");
	compare_cell(&inputs[0], "a", 8, 100, 1, 100 * US);
	compare_cell(&inputs[1], "b", 8, 100, 1, 100 * US);
	CU_ASSERT_EQUAL(tl_comparison_build(&comparison, inputs, 2, why, sizeof(why)),
			-EINVAL);
	CU_ASSERT_STRING_EQUAL(why,
			       "a.json and b.json have no cell and no check in common");
	tl_comparison_free(&comparison);
	/* a check in common is something to compare */
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL_FATAL(tl_result_add_check(&inputs[i].result, &check), 0);
		check->name = strdup("timerfd.nonblock");
		check->verdict = i ? TL_VERDICT_FAIL : TL_VERDICT_PASS;
	}
	fixture_compare(&comparison, inputs, 2);
	CU_ASSERT_EQUAL(comparison.check_count, 1);
	CU_ASSERT_EQUAL(comparison.checks[0].checks[1]->verdict, TL_VERDICT_FAIL);
	tl_comparison_free(&comparison);
	fixture_free(inputs, 2);
}

static struct tl_compare_gate compare_gate(const char *text)
{
	struct tl_compare_gate gate;
	char why[256];

	CU_ASSERT_EQUAL(tl_compare_gate_parse(text, &gate, why, sizeof(why)), 0);
	return gate;
}

/* Judge one gate; whether it tripped. */
static bool compare_trips(struct tl_comparison *comparison, const char *text)
{
	struct tl_compare_gate gate = compare_gate(text);
	int tripped;

	tl_compare_gates_free(comparison);
	tripped = tl_compare_gates_judge(comparison, &gate, 1);
	CU_ASSERT(tripped >= 0);
	return tripped > 0;
}

/* p99 +30 % in every round trips a 20 % gate; +10 % in every round is
 * significant but within it; +30 % pooled with rounds that overlap is
 * beyond it but not significant. */
static void test_gate_needs_both(void)
{
	struct tl_compare_input inputs[2];
	struct tl_comparison comparison;

	fixture_input(&inputs[0], "base");
	fixture_input(&inputs[1], "new");
	compare_cell(&inputs[0], "up30", 8, 100, 1, 100 * US);
	compare_cell(&inputs[1], "up30", 8, 130, 1.3, 130 * US);
	compare_cell(&inputs[0], "up10", 8, 100, 0.5, 100 * US);
	compare_cell(&inputs[1], "up10", 8, 110, 0.5, 110 * US);
	compare_cell(&inputs[0], "noisy", 8, 60, 20, 100 * US);
	compare_cell(&inputs[1], "noisy", 8, 62, 20, 130 * US);
	fixture_compare(&comparison, inputs, 2);
	const struct tl_change *up30 =
		tl_compare_change(&comparison.cells[0], 1, TL_METRIC_P99);
	const struct tl_change *up10 =
		tl_compare_change(&comparison.cells[1], 1, TL_METRIC_P99);
	const struct tl_change *noisy =
		tl_compare_change(&comparison.cells[2], 1, TL_METRIC_P99);
	CU_ASSERT_TRUE(up30->significant);
	CU_ASSERT_DOUBLE_EQUAL(up30->p, 2.0 / 12870, 1e-12);
	CU_ASSERT_TRUE(up10->significant);
	CU_ASSERT_FALSE(noisy->significant);
	CU_ASSERT_DOUBLE_EQUAL(noisy->percent, 30.0, 1e-9);
	CU_ASSERT_TRUE(compare_trips(&comparison, "p99:+20%"));
	CU_ASSERT_EQUAL(comparison.gates[0].trip_count, 1);
	CU_ASSERT_EQUAL(comparison.gates[0].trips[0].cell, 0);
	CU_ASSERT_EQUAL(comparison.gates[0].judged, 3);
	CU_ASSERT_FALSE(compare_trips(&comparison, "p99:+40%"));
	CU_ASSERT_TRUE(compare_trips(&comparison, "p99:+5%")); /* up30 and up10 */
	CU_ASSERT_EQUAL(comparison.gates[0].trip_count, 2);
	CU_ASSERT_TRUE(compare_trips(&comparison, "p99:+25us"));
	CU_ASSERT_FALSE(compare_trips(&comparison, "p99:+31us"));
	CU_ASSERT_FALSE(compare_trips(&comparison, "max:+0us")); /* max unchanged */
	/* the glob scopes it */
	CU_ASSERT_FALSE(compare_trips(&comparison, "up1*=p99:+20%"));
	CU_ASSERT_TRUE(compare_trips(&comparison, "up*=p99:+20%"));
	tl_comparison_free(&comparison);
	fixture_free(inputs, 2);
}

/* Latency under TCG is emulated time: never gated, as NEW or as BASE, and
 * the verdict says so; kvm is gated as any machine. */
static void test_tcg_never_gated(void)
{
	static const char *const accels[][2] = {
		{ "", "tcg" }, { "tcg", "" }, { "tcg", "tcg" }, { "kvm", "kvm" }
	};
	struct tl_compare_input inputs[2];
	struct tl_comparison comparison;
	char text[160];

	for (size_t a = 0; a < sizeof(accels) / sizeof(accels[0]); a++) {
		bool gated = strcmp(accels[a][0], "kvm") == 0;

		fixture_input(&inputs[0], "base");
		fixture_input(&inputs[1], "new");
		for (int i = 0; i < 2; i++)
			snprintf(inputs[i].conditions.value[TL_CONDITION_ACCEL],
				 sizeof(inputs[i].conditions.value[0]), "%s",
				 accels[a][i]);
		compare_cell(&inputs[0], "up30", 8, 100, 1, 100 * US);
		compare_cell(&inputs[1], "up30", 8, 130, 1.3, 130 * US);
		compare_cell(&inputs[0], "early", 8, 100, 1, 100 * US);
		compare_cell(&inputs[1], "early", 8, 100, 1, 100 * US)->early = 5;
		fixture_unsupported(&inputs[0], "na", "cannot");
		fixture_unsupported(&inputs[1], "na", "cannot");
		fixture_compare(&comparison, inputs, 2);
		/* the change is still measured and shown, only not gated */
		CU_ASSERT_TRUE(tl_compare_change(&comparison.cells[0], 1, TL_METRIC_P99)
				       ->significant);
		CU_ASSERT_EQUAL(compare_trips(&comparison, "p99:+20%"), gated);
		CU_ASSERT_EQUAL(comparison.gates[0].judged, gated ? 2 : 0);
		CU_ASSERT_EQUAL(comparison.gates[0].under_tcg, gated ? 0 : 2);
		tl_compare_text_verdict(&comparison.gates[0], text, sizeof(text));
		CU_ASSERT_STRING_EQUAL(
			text,
			gated ? "tripped by 1 of 2 judged"
			      : "passed (0 judged, 2 not gated: measured under TCG)");
		/* a count gate neither: TCG's early wakeups are the emulation's */
		CU_ASSERT_EQUAL(compare_trips(&comparison, "early:0"), gated);
		tl_comparison_free(&comparison);
		fixture_free(inputs, 2);
	}
}

/* With 3 rounds no p below 0.1 exists: untested, never passed silently. */
static void test_too_few_rounds(void)
{
	struct tl_compare_input inputs[2];
	struct tl_comparison comparison;

	fixture_input(&inputs[0], "base");
	fixture_input(&inputs[1], "new");
	compare_cell(&inputs[0], "a", 3, 100, 1, 100 * US);
	compare_cell(&inputs[1], "a", 3, 200, 1, 200 * US);
	fixture_compare(&comparison, inputs, 2);
	CU_ASSERT_FALSE(
		tl_compare_change(&comparison.cells[0], 1, TL_METRIC_P99)->tested);
	CU_ASSERT_FALSE(compare_trips(&comparison, "p99:+20%"));
	CU_ASSERT_EQUAL(comparison.gates[0].untested, 1);
	CU_ASSERT_EQUAL(comparison.gates[0].judged, 0);
	tl_comparison_free(&comparison);
	fixture_free(inputs, 2);
}

/* 4 rounds a side: one cell moved among ten is lost in the correction
 * (0.029 x 10 > 0.05); all ten moved are each significant. */
static void test_four_rounds_and_many_cells(void)
{
	for (int moved = 1; moved <= 10; moved += 9) {
		struct tl_compare_input inputs[2];
		struct tl_comparison comparison;

		fixture_input(&inputs[0], "base");
		fixture_input(&inputs[1], "new");
		for (int c = 0; c < 10; c++) {
			char key[16];

			snprintf(key, sizeof(key), "cell%d", c);
			compare_cell(&inputs[0], key, 4, 100, 1, 100 * US);
			compare_cell(&inputs[1], key, 4, c < moved ? 200 : 100, 1,
				     c < moved ? 200 * US : 100 * US);
		}
		fixture_compare(&comparison, inputs, 2);
		const struct tl_change *first =
			tl_compare_change(&comparison.cells[0], 1, TL_METRIC_P99);
		CU_ASSERT_DOUBLE_EQUAL(first->p, 2.0 / 70, 1e-12);
		CU_ASSERT_EQUAL(first->significant, moved == 10);
		tl_comparison_free(&comparison);
		fixture_free(inputs, 2);
	}
}

/* 3 to 5 missed is noise; 0 to 20 is not; early:0 counts NEW alone. */
static void test_count_gates(void)
{
	const int64_t p50[8] = { 20 * US, 20 * US, 20 * US, 20 * US,
				 20 * US, 20 * US, 20 * US, 20 * US };
	struct tl_compare_input inputs[2];
	struct tl_comparison comparison;

	fixture_input(&inputs[0], "base");
	fixture_input(&inputs[1], "new");
	fixture_cell(&inputs[0], "noise", 8, p50, p50, p50, 20 * US, 20 * US, 20 * US, 3,
		     0);
	fixture_cell(&inputs[1], "noise", 8, p50, p50, p50, 20 * US, 20 * US, 20 * US, 5,
		     0);
	fixture_cell(&inputs[0], "worse", 8, p50, p50, p50, 20 * US, 20 * US, 20 * US, 0,
		     0);
	fixture_cell(&inputs[1], "worse", 8, p50, p50, p50, 20 * US, 20 * US, 20 * US, 20,
		     1);
	fixture_compare(&comparison, inputs, 2);
	CU_ASSERT_TRUE(compare_trips(&comparison, "missed:+0"));
	CU_ASSERT_EQUAL(comparison.gates[0].trip_count, 1);
	CU_ASSERT_STRING_EQUAL(comparison.cells[comparison.gates[0].trips[0].cell].key,
			       "worse");
	CU_ASSERT_FALSE(compare_trips(&comparison, "missed:+25"));
	CU_ASSERT_TRUE(compare_trips(&comparison, "early:0"));
	CU_ASSERT_FALSE(compare_trips(&comparison, "early:1"));
	CU_ASSERT_FALSE(compare_trips(&comparison, "early:+0")); /* 0 to 1: p = 1 */
	CU_ASSERT_TRUE(compare_trips(&comparison, "noise=missed:4")); /* 5 in NEW */
	CU_ASSERT_FALSE(compare_trips(&comparison, "noise=missed:5"));
	/* counts a side did not keep (cyclictest) cannot be judged */
	inputs[1].counts_known = false;
	tl_comparison_free(&comparison);
	fixture_compare(&comparison, inputs, 2);
	CU_ASSERT_FALSE(compare_trips(&comparison, "early:0"));
	CU_ASSERT_EQUAL(comparison.gates[0].untested, 2);
	tl_comparison_free(&comparison);
	fixture_free(inputs, 2);
}

static void compare_refused(const char *text, const char *message)
{
	struct tl_compare_gate gate;
	char why[512];

	CU_ASSERT_EQUAL(tl_compare_gate_parse(text, &gate, why, sizeof(why)), -EINVAL);
	if (!strstr(why, message))
		fprintf(stderr, "\n%s: %s\n", text, why);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, message));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, text)); /* names the gate */
}

static void test_gate_parse(void)
{
	struct tl_compare_gate gate = compare_gate("timerfd:*/*/abs@*=p99:+10%");

	CU_ASSERT_STRING_EQUAL(gate.pattern, "timerfd:*/*/abs@*");
	CU_ASSERT_EQUAL(gate.metric, TL_METRIC_P99);
	CU_ASSERT_TRUE(gate.relative && gate.percent);
	CU_ASSERT_DOUBLE_EQUAL(gate.limit, 10, 0);
	gate = compare_gate("max:+500us");
	CU_ASSERT_TRUE(gate.relative && !gate.percent);
	CU_ASSERT_DOUBLE_EQUAL(gate.limit, 500000, 0);
	CU_ASSERT_STRING_EQUAL(gate.pattern, "");
	gate = compare_gate("early:0");
	CU_ASSERT_FALSE(gate.relative);
	gate = compare_gate("missed:+0");
	CU_ASSERT_TRUE(gate.relative);
	gate = compare_gate("p50:+2.5%");
	CU_ASSERT_DOUBLE_EQUAL(gate.limit, 2.5, 0);
	compare_refused("p99", "not [GLOB=]METRIC:CHANGE");
	compare_refused("p99:", "not [GLOB=]METRIC:CHANGE");
	compare_refused(":+1%", "not [GLOB=]METRIC:CHANGE");
	compare_refused("p99:20%", "a latency gate is a rise against BASE");
	compare_refused("p99:-20%", "a latency gate is a rise against BASE");
	compare_refused("p99:+x", "neither a percentage nor a duration");
	compare_refused("p99:+20%%", "neither a percentage nor a duration");
	compare_refused("latency:+1%", "unknown metric \"latency\"");
	compare_refused("p99.9:+1%", "p99.9 cannot be gated");
	compare_refused("stddev:+1%", "stddev cannot be gated");
	compare_refused("early:+1%", "early takes a count");
	compare_refused("missed:-1", "missed takes a count");
	compare_refused("=p99:+1%", "the cell glob before = is empty");
}

static void test_labels(void)
{
	struct tl_compare_input inputs[3];
	char why[256];

	for (int i = 0; i < 3; i++)
		fixture_input(&inputs[i], "x");
	free(inputs[0].path), inputs[0].path = strdup("runs/a/result.json");
	free(inputs[1].path), inputs[1].path = strdup("runs/b/result.json");
	free(inputs[2].path), inputs[2].path = strdup("runs/c/kernel.json");
	snprintf(inputs[0].conditions.value[TL_CONDITION_KERNEL], 64, "6.1.0");
	snprintf(inputs[1].conditions.value[TL_CONDITION_KERNEL], 64, "6.12.57");
	snprintf(inputs[2].conditions.value[TL_CONDITION_KERNEL], 64, "6.18.44");
	CU_ASSERT_EQUAL(tl_compare_label(inputs, 3, NULL, why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(inputs[0].label, "6.1.0");
	CU_ASSERT_STRING_EQUAL(inputs[2].label, "6.18.44");
	/* two kernels collide: those two fall back, to the path where the file
	 * names collide too; the third keeps its kernel */
	snprintf(inputs[1].conditions.value[TL_CONDITION_KERNEL], 64, "6.1.0");
	CU_ASSERT_EQUAL(tl_compare_label(inputs, 3, NULL, why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(inputs[0].label, "runs/a/result.json");
	CU_ASSERT_STRING_EQUAL(inputs[1].label, "runs/b/result.json");
	CU_ASSERT_STRING_EQUAL(inputs[2].label, "6.18.44");
	/* one file twice: numbered */
	free(inputs[1].path), inputs[1].path = strdup("runs/a/result.json");
	CU_ASSERT_EQUAL(tl_compare_label(inputs, 2, NULL, why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(inputs[0].label, "runs/a/result.json#1");
	CU_ASSERT_STRING_EQUAL(inputs[1].label, "runs/a/result.json#2");
	CU_ASSERT_EQUAL(tl_compare_label(inputs, 3, "old,mid,new", why, sizeof(why)), 0);
	CU_ASSERT_STRING_EQUAL(inputs[1].label, "mid");
	CU_ASSERT_EQUAL(tl_compare_label(inputs, 3, "old,new", why, sizeof(why)),
			-EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "--label: 2 labels for 3 results");
	CU_ASSERT_EQUAL(tl_compare_label(inputs, 3, "a,b,a", why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "--label: \"a\" is given twice");
	CU_ASSERT_EQUAL(tl_compare_label(inputs, 3, "a,,b", why, sizeof(why)), -EINVAL);
	fixture_free(inputs, 3);
}

/* A field a result lacks is unknown, never a difference. */
static void test_like_for_like(void)
{
	struct tl_result a, b, c;
	struct tl_conditions ca, cb, cc;
	const struct tl_conditions *sets[] = { &ca, &cb, &cc };
	json_t *extra = json_pack("{s{ss}}", "env", "traced", "no");

	tl_result_init(&a), tl_result_init(&b), tl_result_init(&c);
	snprintf(a.env.kernel_release, 64, "6.18.44");
	snprintf(b.env.kernel_release, 64, "6.12.57");
	a.env.hz = 250, b.env.hz = 250; /* c lacks it */
	snprintf(a.env.cmdline, 64, "quiet isolcpus=1 nohz_full=1");
	snprintf(b.env.cmdline, 64, "quiet");
	snprintf(a.env.accel, sizeof(a.env.accel), "kvm"); /* b and c were not told */
	a.options.samples = b.options.samples = c.options.samples = 2000;
	tl_conditions_of_result(&a, &ca);
	tl_conditions_of_result(&b, &cb);
	tl_conditions_of_result(&c, &cc);
	CU_ASSERT_STRING_EQUAL(ca.value[TL_CONDITION_ISOLCPUS], "1");
	CU_ASSERT_STRING_EQUAL(cb.value[TL_CONDITION_ISOLCPUS], "none");
	CU_ASSERT_STRING_EQUAL(cc.value[TL_CONDITION_HZ], "");
	CU_ASSERT_TRUE(tl_conditions_differ(sets, 3, TL_CONDITION_KERNEL));
	CU_ASSERT_TRUE(tl_conditions_differ(sets, 3, TL_CONDITION_ISOLCPUS));
	CU_ASSERT_FALSE(tl_conditions_differ(sets, 3, TL_CONDITION_HZ));
	CU_ASSERT_FALSE(tl_conditions_differ(sets, 3, TL_CONDITION_SAMPLES));
	/* accel is known where the result was told it, traced where a
	 * result has it */
	CU_ASSERT_STRING_EQUAL(ca.value[TL_CONDITION_ACCEL], "kvm");
	CU_ASSERT_STRING_EQUAL(cb.value[TL_CONDITION_ACCEL], "");
	CU_ASSERT_FALSE(tl_conditions_differ(sets, 3, TL_CONDITION_ACCEL));
	tl_conditions_read_extra(extra, &ca);
	CU_ASSERT_STRING_EQUAL(ca.value[TL_CONDITION_TRACED], "no");
	CU_ASSERT_STRING_EQUAL(ca.value[TL_CONDITION_ACCEL], "kvm");
	snprintf(cb.value[TL_CONDITION_ACCEL], 8, "tcg");
	CU_ASSERT_TRUE(tl_conditions_differ(sets, 3, TL_CONDITION_ACCEL));
	json_decref(extra);
}

void tests_compare(void)
{
	CU_pSuite suite = tests_suite("compare");

	CU_add_test(suite, "cells matched by key, one side's kept", test_matching);
	CU_add_test(suite, "nothing in common is an error", test_nothing_in_common);
	CU_add_test(suite, "a gate trips on significant and beyond",
		    test_gate_needs_both);
	CU_add_test(suite, "too few rounds: untested", test_too_few_rounds);
	CU_add_test(suite, "under TCG: never gated", test_tcg_never_gated);
	CU_add_test(suite, "4 rounds, many cells: what is detected",
		    test_four_rounds_and_many_cells);
	CU_add_test(suite, "count gates: an exact test, or a count", test_count_gates);
	CU_add_test(suite, "--gate parsed, bad ones named", test_gate_parse);
	CU_add_test(suite, "labels: kernel, file, path, numbered", test_labels);
	CU_add_test(suite, "like for like: unknown is no difference", test_like_for_like);
}
