/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cyclictest's captures as compare inputs, on real captures of rt-tests
 * 2.40's cyclictest on this machine (tests/data): `cyclictest -m -p80 -t2
 * -i1000 -l300 -h50 -q` as -h text and as --json, and `-t1 -a1 -l1000
 * -h400`. The numbers expected are those the captures' own summary lines
 * say (# Total, # Histogram Overflows, # Min and # Max Latencies).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/compare-input.h"
#include "../lib/cyclictest-input.h"
#include "../lib/cyclictest-options.h"
#include "tests.h"
#include "tree.h"

static struct tl_cyclictest_cell cyclictest_cell(const char *command, size_t thread)
{
	struct tl_cyclictest_options options;
	struct tl_cyclictest_cell cell;
	char why[256];

	CU_ASSERT_EQUAL(tl_cyclictest_options_parse(command, &options, why, sizeof(why)),
			0);
	tl_cyclictest_cell_of(&options, thread, &cell);
	return cell;
}

static void test_options(void)
{
	struct tl_cyclictest_options options;
	char why[256];

	/* -h: every thread at the one interval; without: + N x distance */
	CU_ASSERT_STRING_EQUAL(
		cyclictest_cell("cyclictest -m -p80 -t2 -i1000 -l300 -h50 -q", 1).key,
		"clock-nanosleep/monotonic/abs@1ms");
	CU_ASSERT_STRING_EQUAL(cyclictest_cell("cyclictest -t2 -i1000", 1).key,
			       "clock-nanosleep/monotonic/abs@1.5ms");
	CU_ASSERT_STRING_EQUAL(
		cyclictest_cell("-t 3 --distance=100 --interval 250", 2).key,
		"clock-nanosleep/monotonic/abs@450us");
	CU_ASSERT_STRING_EQUAL(cyclictest_cell("-i 500 -c1 -r", 0).key,
			       "clock-nanosleep/realtime/rel@500us");
	CU_ASSERT_STRING_EQUAL(cyclictest_cell("-mqx", 0).key,
			       "posix-timer:thread-id:alrm/monotonic/periodic@1ms");
	CU_ASSERT_EQUAL(cyclictest_cell("-a -t2", 1).cpu, 1);
	CU_ASSERT_EQUAL(cyclictest_cell("-a 2 -t2", 1).cpu, 2);
	/* a mask: round-robin over 0, 3, 4, 5 (cyclictest --help's example) */
	CU_ASSERT_EQUAL(cyclictest_cell("-a 3-5,0 -t5", 0).cpu, 0);
	CU_ASSERT_EQUAL(cyclictest_cell("-a 3-5,0 -t5", 3).cpu, 5);
	CU_ASSERT_EQUAL(cyclictest_cell("-a3-5,0 -t5", 4).cpu, 0);
	CU_ASSERT_EQUAL(cyclictest_cell("-t2", 1).cpu, -1);
	CU_ASSERT_EQUAL(tl_cyclictest_options_parse("-p80 -N --policy=rr", &options, why,
						    sizeof(why)),
			0);
	CU_ASSERT_TRUE(options.nsecs);
	CU_ASSERT_EQUAL(options.priority, 80);
	CU_ASSERT_STRING_EQUAL(options.policy, "rr");
	CU_ASSERT_EQUAL(tl_cyclictest_options_parse("-c 7", &options, why, sizeof(why)),
			-EINVAL);
	CU_ASSERT_STRING_EQUAL(why,
			       "cyclictest -c: \"7\" is not a value cyclictest takes");
	CU_ASSERT_EQUAL(
		tl_cyclictest_options_parse("-i fast", &options, why, sizeof(why)),
		-EINVAL);
}

static const struct tl_cell_result *cyclictest_find(const struct tl_compare_input *input,
						    const char *key)
{
	for (size_t i = 0; i < input->result.cell_count; i++)
		if (strcmp(input->result.cells[i].key, key) == 0)
			return &input->result.cells[i];
	fprintf(stderr, "\nno cell %s\n", key);
	return NULL;
}

static void cyclictest_load(const char *path, const char *options,
			    struct tl_compare_input *input)
{
	char why[512];
	int err = tl_compare_input_load(path, options, input, why, sizeof(why));

	if (err)
		fprintf(stderr, "\n%s\n", why);
	CU_ASSERT_EQUAL_FATAL(err, 0);
}

static void test_histogram_text(void)
{
	struct tl_compare_input input;
	const struct tl_cell_result *cell;

	cyclictest_load("tests/data/cyclictest-t2-h50.txt", NULL, &input);
	CU_ASSERT_EQUAL(input.kind, TL_INPUT_CYCLICTEST_HISTOGRAM);
	CU_ASSERT_FALSE(input.counts_known);
	CU_ASSERT_EQUAL(input.result.cell_count, 2);
	/* two threads at one interval, not pinned: told apart by number */
	cell = cyclictest_find(&input, "clock-nanosleep/monotonic/abs@1ms/thread0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cell);
	CU_ASSERT_EQUAL(cell->samples, 287 + 13); /* # Total + # Histogram Overflows */
	CU_ASSERT_EQUAL(cell->min_ns, 19500); /* whole us, taken at the middle */
	CU_ASSERT_EQUAL(cell->max_ns, 244500);
	CU_ASSERT_EQUAL(cell->round_count, 0);
	CU_ASSERT(cell->min_ns <= cell->p50_ns && cell->p50_ns <= cell->p99_ns &&
		  cell->p99_ns <= cell->max_ns);
	/* 13 of 300 overflowed: the p99 is among them, at the max (within the
	 * histogram's 1/256) */
	CU_ASSERT(llabs(cell->p99_ns - 244500) <= 244500 / 256);
	CU_ASSERT(cell->p50_ns < 50000);
	cell = cyclictest_find(&input, "clock-nanosleep/monotonic/abs@1ms/thread1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cell);
	CU_ASSERT_EQUAL(cell->samples, 299 + 1);
	CU_ASSERT_EQUAL(cell->max_ns, 53500);
	CU_ASSERT_PTR_NOT_NULL(strstr(input.note, "thread0: 13 of 300 samples beyond"));
	CU_ASSERT_PTR_NOT_NULL(strstr(input.note, "cyclictest's defaults"));
	CU_ASSERT_STRING_EQUAL(input.conditions.value[TL_CONDITION_ROUNDS], "1");
	tl_compare_input_free(&input);
	/* told how it ran: keyed so, pinned threads by their CPU */
	cyclictest_load("tests/data/cyclictest-t2-h50.txt", "-i 500 -c 1 -a", &input);
	CU_ASSERT_PTR_NOT_NULL(
		cyclictest_find(&input, "clock-nanosleep/realtime/abs@500us/cpu1"));
	CU_ASSERT_PTR_NULL(strstr(input.note, "defaults"));
	tl_compare_input_free(&input);
}

/* The capture cut short, in its rows or in its summary, is refused. */
static void test_histogram_truncated(void)
{
	char *text = tree_read("tests/data/cyclictest-t2-h50.txt"), why[512];
	struct tl_compare_input input;
	char *cut;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memset(&input, 0, sizeof(input));
	input.path = "h.txt";
	cut = strstr(text, "# Max Latencies");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
	*cut = '\0';
	CU_ASSERT_EQUAL(
		tl_cyclictest_read_histogram(text, NULL, &input, why, sizeof(why)),
		-EINVAL);
	CU_ASSERT_STRING_EQUAL(
		why,
		"h.txt: not a whole cyclictest -h output: no \"# Max Latencies:\" line with a value per thread (truncated?)");
	tl_result_free(&input.result);
	free(text);
	text = tree_read("tests/data/cyclictest-t2-h50.txt");
	/* a row gone: the counts no longer add up to # Total */
	cut = strstr(text, "\n000030 ");
	memmove(cut, strchr(cut + 1, '\n'), strlen(strchr(cut + 1, '\n')) + 1);
	memset(&input, 0, sizeof(input));
	input.path = "h.txt";
	CU_ASSERT_EQUAL(
		tl_cyclictest_read_histogram(text, NULL, &input, why, sizeof(why)),
		-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "# Total says 287 (truncated?)"));
	tl_result_free(&input.result);
	free(text);
}

static void test_json(void)
{
	struct tl_compare_input input;
	const struct tl_cell_result *cell;

	cyclictest_load("tests/data/cyclictest-t2-h50.json", NULL, &input);
	CU_ASSERT_EQUAL(input.kind, TL_INPUT_CYCLICTEST_JSON);
	CU_ASSERT_STRING_EQUAL(input.conditions.value[TL_CONDITION_KERNEL],
			       "6.18.44-fc-v1045");
	cell = cyclictest_find(&input, "clock-nanosleep/monotonic/abs@1ms/thread0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cell);
	CU_ASSERT_EQUAL(cell->samples, 300); /* cycles */
	CU_ASSERT_EQUAL(cell->max_ns, 76500);
	CU_ASSERT_PTR_NOT_NULL(strstr(input.note, "5 of 300 samples beyond"));
	tl_compare_input_free(&input);
	/* one pinned thread: the key timerlab's clock-nanosleep cell has */
	cyclictest_load("tests/data/cyclictest-a1-h400.json", NULL, &input);
	CU_ASSERT_EQUAL_FATAL(input.result.cell_count, 1);
	cell = &input.result.cells[0];
	CU_ASSERT_STRING_EQUAL(cell->key, "clock-nanosleep/monotonic/abs@1ms");
	CU_ASSERT_EQUAL(cell->cpu, 1);
	CU_ASSERT_EQUAL(cell->samples, 1000);
	CU_ASSERT_EQUAL(cell->min_ns, 15500);
	CU_ASSERT_STRING_EQUAL(input.note, ""); /* nothing overflowed */
	tl_compare_input_free(&input);
}

static void test_json_without_histogram(void)
{
	json_t *root = json_pack("{s:s,s:{s:{s:{},s:i,s:i,s:i,s:f}}}",
				 "cmdline:", "cyclictest -t1 -l20 -q --json=x.json",
				 "thread", "0", "histogram", "cycles", 20, "min", 21,
				 "max", 27, "avg", 23.7);
	struct tl_compare_input input;
	char why[512];

	memset(&input, 0, sizeof(input));
	input.path = "x.json";
	CU_ASSERT_TRUE(tl_cyclictest_is_json(root));
	CU_ASSERT_EQUAL(tl_cyclictest_read_json(root, &input, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(
		why,
		"x.json: cyclictest ran without -h (--histogram): its JSON has no histogram to compare");
	tl_result_free(&input.result);
	json_decref(root);
}

void tests_cyclictest(void)
{
	CU_pSuite suite = tests_suite("cyclictest inputs");

	CU_add_test(suite, "its command line keys its threads", test_options);
	CU_add_test(suite, "-h text: a cell per thread", test_histogram_text);
	CU_add_test(suite, "-h text cut short is refused", test_histogram_truncated);
	CU_add_test(suite, "--json: a cell per thread", test_json);
	CU_add_test(suite, "--json without -h is refused", test_json_without_histogram);
}
