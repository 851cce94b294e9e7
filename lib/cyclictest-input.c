/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cyclictest-input.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cyclictest-options.h"
#include "stats.h"
#include "text.h"
#include "time.h"

/* One thread as read, before it becomes a cell. */
struct cyclictest_thread {
	struct tl_hist hist;
	struct tl_welford latency;
	uint64_t overflows; /* beyond the histogram: known by count only */
	int64_t min_ns, max_ns;
	int cpu; /* where the capture says it ran, -1 unknown */
};

struct cyclictest_capture {
	struct tl_cyclictest_options options;
	struct cyclictest_thread *threads;
	size_t thread_count;
	int64_t unit_ns; /* a bucket's width: 1 us, or 1 ns with -N */
};

__attribute__((format(printf, 4, 5))) static int
cyclictest_fail(const struct tl_compare_input *input, char *why, size_t why_size,
		const char *format, ...)
{
	char message[384];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	snprintf(why, why_size, "%s: %s", input->path, message);
	return -EINVAL;
}

bool tl_cyclictest_is_histogram(const char *text)
{
	return strncmp(text, "# Histogram\n", 12) == 0 || strstr(text, "\n# Histogram\n");
}

bool tl_cyclictest_is_json(const json_t *root)
{
	return json_is_object(root) && !json_object_get(root, "schema") &&
	       json_is_object(json_object_get(root, "thread"));
}

/* count values in the bucket of whole unit `value`, taken at its middle. */
static void cyclictest_record(struct cyclictest_thread *thread, int64_t value_ns,
			      uint64_t count)
{
	struct tl_welford bucket = { count, (double)value_ns, 0 };

	if (!count)
		return;
	tl_hist_record(&thread->hist, value_ns);
	if (value_ns >= 0 && value_ns <= TL_HIST_MAX_NS) {
		thread->hist.buckets[tl_hist_index(value_ns)] += count - 1;
		thread->hist.count += count - 1;
	} else {
		for (uint64_t i = 1; i < count; i++)
			tl_hist_record(&thread->hist, value_ns);
	}
	tl_welford_merge(&thread->latency, &bucket);
}

/* A latency as cyclictest wrote it (us, or ns with -N) in ns at its bucket's
 * middle; false below 0 or beyond TL_HIST_MAX_NS (274.9 s: no capture's
 * wakeup is that late, and the product could overflow). */
static bool cyclictest_ns(long long value, int64_t unit_ns, int64_t *ns)
{
	if (value < 0 || value > (TL_HIST_MAX_NS - unit_ns / 2) / unit_ns)
		return false;
	*ns = value * unit_ns + unit_ns / 2;
	return true;
}

static int cyclictest_threads(struct cyclictest_capture *capture, size_t count)
{
	capture->threads = calloc(count, sizeof(*capture->threads));
	if (!capture->threads)
		return -ENOMEM;
	capture->thread_count = count;
	for (size_t t = 0; t < count; t++) {
		tl_hist_init(&capture->threads[t].hist);
		capture->threads[t].cpu = -1;
	}
	return 0;
}

static int cyclictest_strings(struct tl_cell_result *cell,
			      const struct tl_cyclictest_cell *what)
{
	cell->key = strdup(what->key);
	cell->path = strdup(what->path);
	cell->variant = what->variant ? strdup(what->variant) : NULL;
	cell->signal = what->signal ? strdup(what->signal) : NULL;
	cell->clock = strdup(what->clock);
	cell->arm = strdup(what->arm);
	if (!cell->key || !cell->path || !cell->clock || !cell->arm ||
	    (what->variant && !cell->variant) || (what->signal && !cell->signal))
		return -ENOMEM;
	return 0;
}

/* Thread t as a cell of the input's result, with a note for its overflows. */
static int cyclictest_cell(struct tl_compare_input *input,
			   struct cyclictest_capture *capture, size_t t,
			   const struct tl_cyclictest_cell *what)
{
	struct cyclictest_thread *thread = &capture->threads[t];
	struct tl_cell_result *cell;
	struct tl_stats stats;
	char note[160], max[32];
	int err;

	cyclictest_record(thread, thread->max_ns, thread->overflows);
	if (thread->hist.count) {
		thread->hist.min_ns = thread->min_ns;
		thread->hist.max_ns = thread->max_ns;
	}
	tl_stats_init(&stats);
	stats.samples = thread->hist.count;
	stats.min_ns = thread->min_ns;
	stats.max_ns = thread->max_ns;
	stats.latency = thread->latency;
	err = tl_result_add_cell(&input->result, &cell);
	if (!err)
		err = cyclictest_strings(cell, what);
	if (err)
		return err;
	cell->interval_ns = what->interval_ns;
	cell->cpu = thread->cpu >= 0 && capture->options.pinned ? thread->cpu : what->cpu;
	err = tl_cell_result_summarise(cell, &stats, &thread->hist);
	if (err || !thread->overflows)
		return err;
	tl_duration_format(thread->max_ns, max, sizeof(max));
	snprintf(note, sizeof(note),
		 "%s: %llu of %llu samples beyond the histogram, counted at the max (%s)",
		 cell->key, (unsigned long long)thread->overflows,
		 (unsigned long long)stats.samples, max);
	tl_text_append(input->note, sizeof(input->note), "; ", note);
	return 0;
}

static int cyclictest_finish(struct tl_compare_input *input,
			     struct cyclictest_capture *capture)
{
	struct tl_cyclictest_cell *cells =
		calloc(capture->thread_count ? capture->thread_count : 1, sizeof(*cells));
	int err = cells ? tl_cyclictest_cells(&capture->options, capture->thread_count,
					      cells)
			: -ENOMEM;

	input->counts_known = false;
	for (size_t t = 0; !err && t < capture->thread_count; t++)
		err = cyclictest_cell(input, capture, t, &cells[t]);
	free(cells);
	snprintf(input->conditions.value[TL_CONDITION_ROUNDS],
		 sizeof(input->conditions.value[0]), "1");
	if (capture->thread_count && capture->threads[0].hist.count)
		snprintf(input->conditions.value[TL_CONDITION_SAMPLES],
			 sizeof(input->conditions.value[0]), "%llu",
			 (unsigned long long)capture->threads[0].hist.count);
	free(capture->threads);
	return err;
}

static int cyclictest_json_number(const json_t *thread, const char *name,
				  json_int_t *value)
{
	const json_t *number = json_object_get(thread, name);

	if (!json_is_integer(number) || json_integer_value(number) < 0)
		return -EINVAL;
	*value = json_integer_value(number);
	return 0;
}

static int cyclictest_json_thread(struct tl_compare_input *input,
				  struct cyclictest_capture *capture,
				  const json_t *object, size_t t, char *why,
				  size_t why_size)
{
	struct cyclictest_thread *thread = &capture->threads[t];
	const json_t *histogram = json_object_get(object, "histogram"), *count;
	json_int_t cycles, min, max;
	const char *bucket;
	uint64_t total = 0;

	if (cyclictest_json_number(object, "cycles", &cycles) < 0 ||
	    cyclictest_json_number(object, "min", &min) < 0 ||
	    cyclictest_json_number(object, "max", &max) < 0)
		return cyclictest_fail(
			input, why, why_size,
			"thread.%zu: cycles, min and max must be non-negative integers",
			t);
	if (!json_object_size(histogram) && cycles)
		return cyclictest_fail(
			input, why, why_size,
			"cyclictest ran without -h (--histogram): its JSON has no histogram to compare");
	if (!cyclictest_ns(min, capture->unit_ns, &thread->min_ns) ||
	    !cyclictest_ns(max, capture->unit_ns, &thread->max_ns) || min > max)
		return cyclictest_fail(
			input, why, why_size,
			"thread.%zu: min %lld and max %lld are not latencies of 0 to 274.9 s with min <= max",
			t, (long long)min, (long long)max);
	json_object_foreach((json_t *)histogram, bucket, count)
	{
		long long value;
		int64_t value_ns;
		char *end;

		value = strtoll(bucket, &end, 10);
		if (*end || !cyclictest_ns(value, capture->unit_ns, &value_ns) ||
		    !json_is_integer(count) || json_integer_value(count) < 0)
			return cyclictest_fail(
				input, why, why_size,
				"thread.%zu.histogram: \"%s\" is not a bucket with a count",
				t, bucket);
		/* checked before adding, so that the sum cannot wrap */
		if ((uint64_t)json_integer_value(count) > (uint64_t)cycles - total)
			return cyclictest_fail(
				input, why, why_size,
				"thread.%zu: the histogram holds more samples than cycles says (%lld)",
				t, (long long)cycles);
		cyclictest_record(thread, value_ns, (uint64_t)json_integer_value(count));
		total += (uint64_t)json_integer_value(count);
	}
	thread->overflows = (uint64_t)cycles - total;
	if (json_is_integer(json_object_get(object, "cpu")))
		thread->cpu = (int)json_integer_value(json_object_get(object, "cpu"));
	return 0;
}

/* The JSON's command line: "cmdline:" is how rt-tests 2.x spells the key. */
static const char *cyclictest_json_command(const json_t *root)
{
	const char *command = json_string_value(json_object_get(root, "cmdline:"));

	return command ? command : json_string_value(json_object_get(root, "cmdline"));
}

int tl_cyclictest_read_json(const json_t *root, struct tl_compare_input *input, char *why,
			    size_t why_size)
{
	const json_t *threads = json_object_get(root, "thread");
	const json_t *sysinfo = json_object_get(root, "sysinfo");
	const char *command = cyclictest_json_command(root);
	const char *release = json_string_value(json_object_get(sysinfo, "release"));
	struct cyclictest_capture capture = { 0 };
	size_t count = 0;
	char option_why[256];
	int err;

	input->kind = TL_INPUT_CYCLICTEST_JSON;
	if (tl_cyclictest_options_parse(command ? command : "", &capture.options,
					option_why, sizeof(option_why)) < 0)
		return cyclictest_fail(input, why, why_size, "cmdline: %s", option_why);
	capture.unit_ns = capture.options.nsecs ? 1 : TL_NS_PER_US;
	while (count < json_object_size(threads)) {
		char name[24];

		snprintf(name, sizeof(name), "%zu", count);
		if (!json_object_get(threads, name))
			break;
		count++;
	}
	if (!count || count != json_object_size(threads))
		return cyclictest_fail(
			input, why, why_size,
			"thread: must hold threads \"0\", \"1\", ... in order");
	err = cyclictest_threads(&capture, count);
	for (size_t t = 0; !err && t < count; t++) {
		char name[24];

		snprintf(name, sizeof(name), "%zu", t);
		err = cyclictest_json_thread(input, &capture,
					     json_object_get(threads, name), t, why,
					     why_size);
	}
	if (err) {
		free(capture.threads);
		return err;
	}
	if (release)
		snprintf(input->conditions.value[TL_CONDITION_KERNEL],
			 sizeof(input->conditions.value[0]), "%s", release);
	if (json_integer_value(json_object_get(sysinfo, "realtime")) == 1)
		snprintf(input->conditions.value[TL_CONDITION_PREEMPT],
			 sizeof(input->conditions.value[0]), "rt");
	return cyclictest_finish(input, &capture);
}

/* The numbers after "# name:" at the start of a line; how many, or -1 when
 * there is no such line. */
static long histogram_summary(const char *text, const char *name, long long *values,
			      size_t capacity)
{
	const char *line = text;
	size_t length = strlen(name);
	long count = 0;

	while (line && strncmp(line, name, length) != 0) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	if (!line)
		return -1;
	for (const char *at = line + length; (size_t)count < capacity;) {
		char *end;
		long long value = strtoll(at, &end, 10);

		if (end == at || value < 0)
			break;
		values[count++] = value;
		at = end;
	}
	return count;
}

/* The rows after "# Histogram", a bucket and a count per thread each (and
 * a sum with -H, not read), into the threads; 0 or -EINVAL. */
static int histogram_rows(const char *text, const long long *totals,
			  struct cyclictest_capture *capture,
			  struct tl_compare_input *input, char *why, size_t why_size)
{
	const char *line = strstr(text, "# Histogram\n");
	const char *next;
	size_t number = 1;

	for (const char *at = text; at < line; at++)
		number += *at == '\n';
	for (line = strchr(line, '\n') + 1; *line && *line != '#'; line = next) {
		const char *newline = strchr(line, '\n');
		char *end;
		long long bucket = strtoll(line, &end, 10);
		int64_t bucket_ns;

		next = newline ? newline + 1 : line + strlen(line);
		number++;
		if (*line == '\n')
			continue;
		if (end == line || !cyclictest_ns(bucket, capture->unit_ns, &bucket_ns))
			return cyclictest_fail(input, why, why_size,
					       "line %zu: not a histogram row", number);
		for (size_t t = 0; t < capture->thread_count; t++) {
			const char *at = end;
			long long count = strtoll(at, &end, 10);

			if (end == at || count < 0 ||
			    memchr(at, '\n', (size_t)(end - at)))
				return cyclictest_fail(
					input, why, why_size,
					"line %zu: fewer counts than the %zu threads",
					number, capture->thread_count);
			/* checked before adding, so that the sum cannot wrap */
			if ((uint64_t)count >
			    (uint64_t)totals[t] - capture->threads[t].hist.count)
				return cyclictest_fail(
					input, why, why_size,
					"line %zu: thread %zu's rows add up to more than # Total says (%lld)",
					number, t, totals[t]);
			cyclictest_record(&capture->threads[t], bucket_ns,
					  (uint64_t)count);
		}
	}
	return 0;
}

/* The summary lines every -h output ends with, one value per thread. */
struct histogram_summaries {
	long long min[TL_CYCLICTEST_CPUS + 1], max[TL_CYCLICTEST_CPUS + 1];
	long long total[TL_CYCLICTEST_CPUS + 1], overflows[TL_CYCLICTEST_CPUS + 1];
};

static int histogram_read_summaries(const char *text, struct histogram_summaries *sums,
				    struct tl_compare_input *input, size_t *threads,
				    char *why, size_t why_size)
{
	static const char *const names[] = { "# Min Latencies:", "# Max Latencies:",
					     "# Total:", "# Histogram Overflows:" };
	long long *values[] = { sums->min, sums->max, sums->total, sums->overflows };
	long count[4];

	for (int i = 0; i < 4; i++) {
		count[i] = histogram_summary(text, names[i], values[i],
					     TL_CYCLICTEST_CPUS + 1);
		if (count[i] < 1 || (i && count[i] < count[0]))
			return cyclictest_fail(
				input, why, why_size,
				"not a whole cyclictest -h output: no \"%s\" line with a value per thread (truncated?)",
				names[i]);
	}
	if (count[0] > TL_CYCLICTEST_CPUS)
		return cyclictest_fail(input, why, why_size, "more than %d threads",
				       TL_CYCLICTEST_CPUS);
	*threads = (size_t)count[0];
	return 0;
}

int tl_cyclictest_read_histogram(const char *text, const char *options,
				 struct tl_compare_input *input, char *why,
				 size_t why_size)
{
	static struct histogram_summaries sums;
	struct cyclictest_capture capture = { 0 };
	char option_why[256];
	size_t threads = 0;
	int err;

	input->kind = TL_INPUT_CYCLICTEST_HISTOGRAM;
	err = histogram_read_summaries(text, &sums, input, &threads, why, why_size);
	if (err)
		return err;
	if (tl_cyclictest_options_parse(options ? options : "", &capture.options,
					option_why, sizeof(option_why)) < 0)
		return cyclictest_fail(input, why, why_size, "--cyclictest-options: %s",
				       option_why);
	capture.options.histogram = true; /* it is -h output: one interval */
	capture.unit_ns = capture.options.nsecs ? 1 : TL_NS_PER_US;
	err = cyclictest_threads(&capture, threads);
	if (!err)
		err = histogram_rows(text, sums.total, &capture, input, why, why_size);
	for (size_t t = 0; !err && t < threads; t++) {
		struct cyclictest_thread *thread = &capture.threads[t];

		if (thread->hist.count != (uint64_t)sums.total[t])
			err = cyclictest_fail(
				input, why, why_size,
				"thread %zu: the rows add up to %llu, # Total says %lld (truncated?)",
				t, (unsigned long long)thread->hist.count, sums.total[t]);
		thread->overflows = (uint64_t)sums.overflows[t];
		/* a result counts samples in JSON's int64 */
		if (!err && sums.overflows[t] > INT64_MAX - sums.total[t])
			err = cyclictest_fail(
				input, why, why_size,
				"thread %zu: # Total and # Histogram Overflows add up to more samples than a result can count",
				t);
		if (!err &&
		    (!cyclictest_ns(sums.min[t], capture.unit_ns, &thread->min_ns) ||
		     !cyclictest_ns(sums.max[t], capture.unit_ns, &thread->max_ns) ||
		     sums.min[t] > sums.max[t]))
			err = cyclictest_fail(
				input, why, why_size,
				"thread %zu: # Min Latencies %lld and # Max Latencies %lld are not latencies of 0 to 274.9 s with min <= max",
				t, sums.min[t], sums.max[t]);
	}
	if (err) {
		free(capture.threads);
		return err;
	}
	if (!options)
		snprintf(
			input->note, sizeof(input->note),
			"cyclictest -h text does not say how it ran: keyed as cyclictest's defaults (clock_nanosleep, monotonic, absolute, -i 1000), --cyclictest-options says otherwise");
	return cyclictest_finish(input, &capture);
}
