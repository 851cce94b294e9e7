/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The result's JSON form: everything written comes back exactly; atomic
 * files never follow a planted symlink and never leave a partial file. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/atomic-file.h"
#include "../lib/result.h"
#include "../lib/trace-analysis.h"
#include "tests.h"
#include "tree.h"
#include "tool.h"

static void result_fill_cell(struct tl_cell_result *cell, const char *key, uint64_t seed)
{
	struct tl_stats stats;
	struct tl_hist *hist = malloc(sizeof(*hist));
	uint64_t random = seed;

	CU_ASSERT_PTR_NOT_NULL_FATAL(hist);
	cell->key = strdup(key);
	cell->path = strdup("timerfd");
	cell->variant = strdup("poll");
	cell->clock = strdup("realtime");
	cell->arm = strdup("abs");
	cell->emulated = true;
	cell->interval_ns = 250000;
	cell->stray = 3;
	tl_stats_init(&stats);
	tl_hist_init(hist);
	for (int round = 0; round < 3; round++) {
		struct tl_hist *part = malloc(sizeof(*part));

		tl_hist_init(part);
		for (int i = 0; i < 500; i++) {
			int64_t latency = (int64_t)(tests_random(&random) % 80000) - 40;

			if (i == 7)
				latency = TL_HIST_MAX_NS + 12345; /* above range */
			if (i == 9)
				latency = -500 - round; /* early */
			tl_stats_record(&stats, latency, i % 50 == 0, i % 70 == 0);
			tl_hist_record(part, latency);
		}
		tl_hist_merge(hist, part);
		struct tl_round_summary block = {
			.cpu_ns = 1000 * round,
			.max_rss_kb = 2048 + round,
			.loop_minor_faults = round,
		};

		tl_attribution_unknown(&block.attribution);
		block.attribution.involuntary_switches = round;
		block.attribution.interrupts = 1000 + round;
		CU_ASSERT_EQUAL(tl_cell_result_add_round(cell, part, &block), 0);
		free(part);
	}
	CU_ASSERT_EQUAL(tl_cell_result_summarise(cell, &stats, hist), 0);
	CU_ASSERT(cell->early > 0 && cell->missed > 0);
	free(hist);
}

/* A spike explained from a recorded excerpt (tests/data/trace), one that
 * lacks events, so that every field of it is written. */
static void result_fill_spike(struct tl_cell_result *cell)
{
	char *excerpt = tree_read("tests/data/trace/no-timer-events.txt");
	struct tl_spike spike;

	CU_ASSERT_PTR_NOT_NULL_FATAL(excerpt);
	CU_ASSERT_EQUAL_FATAL(tl_trace_analyse(excerpt, strlen(excerpt), &spike), 0);
	free(excerpt);
	spike.file = strdup("spikes/timerfd_poll_realtime_abs_250us-109.txt");
	spike.next_latency_ns = 41000;
	CU_ASSERT_PTR_NOT_NULL_FATAL(spike.lacks);
	CU_ASSERT_EQUAL_FATAL(tl_cell_result_add_spike(cell, &spike), 0);
}

static void result_fill(struct tl_result *result)
{
	struct tl_cell_result *cell;
	struct tl_check_result *check;
	char *argv[] = { "timerlab", "run", "--path", "weird \"quoted\"\n\ttext", NULL };

	tl_result_init(result);
	tl_env_capture(&result->env);
	snprintf(result->env.accel, sizeof(result->env.accel), "tcg");
	result->env.realtime = (struct tl_env_realtime){ .known = true,
							 .policy = "fifo",
							 .priority = 80,
							 .cpu = 1,
							 .mlocked = true,
							 .timer_slack_ns = 0,
							 .dma_latency_us = 0 };
	snprintf(result->tool_version, sizeof(result->tool_version), "9.9.9");
	snprintf(result->started, sizeof(result->started), "2026-11-25T12:00:00Z");
	snprintf(result->finished, sizeof(result->finished), "2026-11-25T12:01:00Z");
	result->interrupted = true;
	result->options = (struct tl_result_options){ .interval_ns = 250000,
						      .samples = 1500,
						      .warmup = 10,
						      .rounds = 3,
						      .suite = "ci",
						      .policy = "fifo",
						      .priority = 80,
						      .cpu = -1,
						      .mlock = true };
	CU_ASSERT_EQUAL_FATAL(tl_result_set_argv(result, argv), 0);
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	result_fill_cell(cell, "timerfd:poll/realtime/abs@250us", 11);
	result_fill_spike(cell);
	result->env.traced = true;
	snprintf(result->env.trace_events, sizeof(result->env.trace_events),
		 "sched:sched_switch,sched:sched_waking");
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	cell->key = strdup("clock-nanosleep/monotonic/periodic@1ms");
	cell->path = strdup("clock-nanosleep");
	cell->clock = strdup("monotonic");
	cell->arm = strdup("periodic");
	cell->interval_ns = 1000000;
	cell->unsupported = strdup("no periodic arming");
	CU_ASSERT_EQUAL_FATAL(tl_result_add_cell(result, &cell), 0);
	result_fill_cell(cell, "timerfd:poll/realtime/rel@250us", 12);
	cell->error = strdup("wait: Interrupted system call");
	cell->signal = strdup("rtmin");
	for (unsigned v = 0; v < TL_VERDICT_COUNT; v++) {
		CU_ASSERT_EQUAL_FATAL(tl_result_add_check(result, &check), 0);
		check->name = strdup(tl_verdict_name((enum tl_verdict)v));
		check->verdict = (enum tl_verdict)v;
		check->reason = v ? strdup("because <&>") : NULL;
		check->duration_ns = 1000 * v;
	}
}

static char *result_text(const struct tl_result *result)
{
	char *text = NULL;
	size_t size = 0;
	FILE *stream = open_memstream(&text, &size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(stream);
	CU_ASSERT_EQUAL(tl_result_save(result, stream), 0);
	fclose(stream);
	return text;
}

static void result_compare_cells(const struct tl_cell_result *a,
				 const struct tl_cell_result *b)
{
	CU_ASSERT_STRING_EQUAL(a->key, b->key);
	CU_ASSERT_EQUAL(a->samples, b->samples);
	CU_ASSERT_EQUAL(a->early, b->early);
	CU_ASSERT_EQUAL(a->missed, b->missed);
	CU_ASSERT_EQUAL(a->stray, b->stray);
	CU_ASSERT_EQUAL(a->min_ns, b->min_ns);
	CU_ASSERT_EQUAL(a->max_ns, b->max_ns);
	CU_ASSERT_EQUAL(a->p50_ns, b->p50_ns);
	CU_ASSERT_EQUAL(a->p999_ns, b->p999_ns);
	CU_ASSERT(a->mean_ns == b->mean_ns); /* exactly: %.17g round-trips */
	CU_ASSERT(a->stddev_ns == b->stddev_ns);
	CU_ASSERT(a->interval_jitter_ns == b->interval_jitter_ns);
	CU_ASSERT_EQUAL(a->emulated, b->emulated);
	CU_ASSERT_EQUAL(a->round_count, b->round_count);
	CU_ASSERT_EQUAL(memcmp(&a->attribution, &b->attribution, sizeof(a->attribution)),
			0);
	for (size_t i = 0; i < a->round_count && i < b->round_count; i++)
		CU_ASSERT_EQUAL(
			memcmp(&a->rounds[i], &b->rounds[i], sizeof(a->rounds[i])), 0);
	CU_ASSERT_EQUAL((a->hist == NULL), (b->hist == NULL));
	if (a->hist && b->hist)
		CU_ASSERT_EQUAL(memcmp(a->hist, b->hist, sizeof(*a->hist)), 0);
}

static void test_round_trip(void)
{
	struct tl_result result, loaded;
	char path[] = "/tmp/timerlab-result-XXXXXX", why[512];
	int fd = mkstemp(path);
	char *text, *again;

	CU_ASSERT_FATAL(fd >= 0);
	result_fill(&result);
	text = result_text(&result);
	CU_ASSERT_FATAL(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &loaded, why, sizeof(why)), 0);

	/* every field: writing what was loaded gives the same text */
	again = result_text(&loaded);
	CU_ASSERT_STRING_EQUAL(again, text);
	/* and the model itself, spot-checked where text could hide a loss */
	CU_ASSERT_EQUAL_FATAL(loaded.cell_count, 3);
	result_compare_cells(&result.cells[0], &loaded.cells[0]);
	result_compare_cells(&result.cells[2], &loaded.cells[2]);
	CU_ASSERT_EQUAL_FATAL(loaded.cells[0].spike_count, 1);
	CU_ASSERT_STRING_EQUAL(loaded.cells[0].spikes[0].culprit,
			       result.cells[0].spikes[0].culprit);
	CU_ASSERT_STRING_EQUAL(loaded.cells[0].spikes[0].lacks,
			       result.cells[0].spikes[0].lacks);
	CU_ASSERT_EQUAL(loaded.cells[0].spikes[0].next_latency_ns, 41000);
	CU_ASSERT_EQUAL_FATAL(loaded.cells[0].spikes[0].part_count,
			      result.cells[0].spikes[0].part_count);
	for (size_t i = 0; i < loaded.cells[0].spikes[0].part_count; i++) {
		const struct tl_spike_part *want = &result.cells[0].spikes[0].parts[i];
		const struct tl_spike_part *got = &loaded.cells[0].spikes[0].parts[i];

		CU_ASSERT_STRING_EQUAL(got->kind, want->kind);
		CU_ASSERT_STRING_EQUAL(got->name, want->name);
		CU_ASSERT_STRING_EQUAL(got->policy, want->policy);
		CU_ASSERT_EQUAL(got->pid, want->pid);
		CU_ASSERT_EQUAL(got->irq, want->irq);
		CU_ASSERT_EQUAL(got->priority, want->priority);
		CU_ASSERT_EQUAL(got->duration_ns, want->duration_ns);
		CU_ASSERT_EQUAL(got->stretches, want->stretches);
	}
	CU_ASSERT_TRUE(loaded.env.traced);
	CU_ASSERT_STRING_EQUAL(loaded.cells[1].unsupported, "no periodic arming");
	CU_ASSERT_PTR_NULL(loaded.cells[1].hist);
	CU_ASSERT_STRING_EQUAL(loaded.cells[2].error, result.cells[2].error);
	CU_ASSERT_STRING_EQUAL(loaded.argv[3], "weird \"quoted\"\n\ttext");
	CU_ASSERT_TRUE(loaded.interrupted);
	CU_ASSERT_EQUAL(loaded.options.rounds, 3);
	CU_ASSERT_EQUAL(loaded.options.cpu, -1);
	CU_ASSERT_STRING_EQUAL(loaded.env.kernel_release, result.env.kernel_release);
	CU_ASSERT_STRING_EQUAL(loaded.env.accel, "tcg");
	CU_ASSERT_EQUAL(loaded.env.clocks[2].resolution_ns,
			result.env.clocks[2].resolution_ns);
	CU_ASSERT_TRUE(loaded.env.realtime.known);
	CU_ASSERT_EQUAL(loaded.env.realtime.priority, 80);
	CU_ASSERT_EQUAL_FATAL(loaded.check_count, TL_VERDICT_COUNT);
	for (unsigned v = 0; v < TL_VERDICT_COUNT; v++)
		CU_ASSERT_EQUAL(loaded.checks[v].verdict, v);
	/* never a NaN or an infinity, however a writer spells them */
	static const char *const non_finite[] = { ":nan",  ":-nan", ":inf",
						  ":-inf", "NaN",   "Infinity" };
	for (size_t i = 0; i < sizeof(non_finite) / sizeof(non_finite[0]); i++)
		CU_ASSERT_PTR_NULL(strstr(text, non_finite[i]));
	free(text);
	free(again);
	tl_result_free(&result);
	tl_result_free(&loaded);
	unlink(path);
}

/* Unknown fields are ignored: a newer writer's additions do not break us. */
static void test_unknown_fields_ignored(void)
{
	struct tl_result result, loaded;
	char path[] = "/tmp/timerlab-result-XXXXXX", why[512];
	int fd = mkstemp(path);
	char *text;

	CU_ASSERT_FATAL(fd >= 0);
	result_fill(&result);
	text = result_text(&result);
	/* a new top-level field and a new cell field */
	const char *extra = "{\"future\":{\"x\":[1,2]},";
	char *cells = strstr(text, "\"key\"");
	CU_ASSERT_FATAL(write(fd, extra, strlen(extra)) > 0);
	CU_ASSERT_FATAL(write(fd, text + 1, (size_t)(cells - text - 1)) > 0);
	CU_ASSERT_FATAL(write(fd, "\"new_field\":7,", 14) == 14);
	CU_ASSERT_FATAL(write(fd, cells, strlen(cells)) > 0);
	close(fd);
	CU_ASSERT_EQUAL(tl_result_load(path, &loaded, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(loaded.cell_count, 3);
	tl_result_free(&loaded);
	tl_result_free(&result);
	free(text);
	unlink(path);
}

static void test_atomic_file_symlink(void)
{
	char dir[] = "/tmp/timerlab-atomic-XXXXXX", victim[256], link[256];
	struct tl_atomic_file file;
	struct stat st;
	char buf[64] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(link, sizeof(link), "%s/result.json", dir);
	FILE *f = fopen(victim, "w");
	fputs("precious", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(symlink(victim, link), 0);

	CU_ASSERT_EQUAL_FATAL(tl_atomic_file_open(&file, link), 0);
	fputs("new", file.stream);
	CU_ASSERT_EQUAL(tl_atomic_file_commit(&file), 0);
	/* the planted link was replaced, its target untouched */
	CU_ASSERT_EQUAL(lstat(link, &st), 0);
	CU_ASSERT_TRUE(S_ISREG(st.st_mode));
	f = fopen(victim, "r");
	CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof(buf), f));
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "precious");

	/* an aborted file leaves nothing behind */
	CU_ASSERT_EQUAL_FATAL(tl_atomic_file_open(&file, victim), 0);
	fputs("half", file.stream);
	tl_atomic_file_abort(&file);
	CU_ASSERT_EQUAL(access(file.temp_path, F_OK), -1);
	f = fopen(victim, "r");
	CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof(buf), f));
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "precious");
	unlink(victim);
	unlink(link);
	rmdir(dir);
}

void tests_result(void)
{
	CU_pSuite suite = tests_suite("result");

	CU_add_test(suite, "JSON round trip of every field", test_round_trip);
	CU_add_test(suite, "unknown fields are ignored", test_unknown_fields_ignored);
	CU_add_test(suite, "atomic file: no symlink followed, no partial file",
		    test_atomic_file_symlink);
}
