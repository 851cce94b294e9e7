/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "trace-excerpt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EXCERPT_PREFIX "# timerlab "

int tl_trace_header_write(FILE *out, const struct tl_trace_header *header)
{
	fprintf(out,
		"# timerlab spike excerpt: the measured CPU's trace from before the deadline to the wake\n"
		"# timerlab cell %s\n"
		"# timerlab sample %llu\n"
		"# timerlab latency_ns %lld\n"
		"# timerlab deadline_ns %lld\n"
		"# timerlab wake_ns %lld\n"
		"# timerlab offset_ns %lld\n"
		"# timerlab interval_ns %lld\n"
		"# timerlab pid %d\n"
		"# timerlab cpu %d\n"
		"# timerlab events %s\n",
		header->key, (unsigned long long)header->sample,
		(long long)header->latency_ns, (long long)header->deadline_ns,
		(long long)header->wake_ns, (long long)header->offset_ns,
		(long long)header->interval_ns, header->pid, header->cpu, header->events);
	for (size_t i = 0; i < header->task_count; i++)
		fprintf(out, "# timerlab task %d %s %d\n", header->tasks[i].pid,
			header->tasks[i].policy, header->tasks[i].priority);
	return ferror(out) ? -EIO : 0;
}

/* One "# timerlab KEY VALUE" line into the header; false for another line. */
static bool header_line(const char *line, size_t size, struct tl_trace_header *header,
			unsigned *seen)
{
	char copy[800], key[32];
	const char *value;
	long long number;

	if (size >= sizeof(copy) || size <= strlen(EXCERPT_PREFIX) ||
	    strncmp(line, EXCERPT_PREFIX, strlen(EXCERPT_PREFIX)) != 0)
		return false;
	memcpy(copy, line, size);
	copy[size] = '\0';
	if (sscanf(copy + strlen(EXCERPT_PREFIX), "%31s", key) != 1)
		return false;
	value = copy + strlen(EXCERPT_PREFIX) + strlen(key);
	value += *value == ' ';
	number = strtoll(value, NULL, 10);
	if (strcmp(key, "cell") == 0) {
		snprintf(header->key, sizeof(header->key), "%s", value);
	} else if (strcmp(key, "sample") == 0) {
		header->sample = (uint64_t)number, *seen |= 1;
	} else if (strcmp(key, "latency_ns") == 0) {
		header->latency_ns = number;
	} else if (strcmp(key, "deadline_ns") == 0) {
		header->deadline_ns = number, *seen |= 2;
	} else if (strcmp(key, "wake_ns") == 0) {
		header->wake_ns = number, *seen |= 4;
	} else if (strcmp(key, "offset_ns") == 0) {
		header->offset_ns = number;
	} else if (strcmp(key, "interval_ns") == 0) {
		header->interval_ns = number;
	} else if (strcmp(key, "pid") == 0) {
		header->pid = (int)number, *seen |= 8;
	} else if (strcmp(key, "cpu") == 0) {
		header->cpu = (int)number;
	} else if (strcmp(key, "events") == 0) {
		snprintf(header->events, sizeof(header->events), "%s", value);
	} else if (strcmp(key, "task") == 0 && header->task_count < TL_TRACE_MAX_TASKS) {
		struct tl_trace_task *task = &header->tasks[header->task_count];

		if (sscanf(value, "%d %15s %d", &task->pid, task->policy,
			   &task->priority) == 3)
			header->task_count++;
	}
	return true;
}

int tl_trace_header_parse(const char *text, size_t size, struct tl_trace_header *header)
{
	const char *line;
	size_t at = 0, line_size;
	unsigned seen = 0;

	memset(header, 0, sizeof(*header));
	header->cpu = -1;
	while (tl_trace_next_line(text, size, &at, &line, &line_size))
		if (line_size && line[0] == '#')
			header_line(line, line_size, header, &seen);
	/* sample, deadline, wake and pid: nothing can be placed without them */
	return seen == 15 ? 0 : -EINVAL;
}

const struct tl_trace_task *tl_trace_header_task(const struct tl_trace_header *header,
						 int pid)
{
	for (size_t i = 0; i < header->task_count; i++)
		if (header->tasks[i].pid == pid)
			return &header->tasks[i];
	return NULL;
}

void tl_trace_excerpt_span(const char *text, size_t size, int64_t from_ns, int64_t to_ns,
			   const char *marker, size_t *start, size_t *end)
{
	const char *line;
	size_t at = 0, line_size, line_at;
	struct tl_trace_line parsed;
	bool lost, begun = false;

	*start = *end = 0;
	for (line_at = at; tl_trace_next_line(text, size, &at, &line, &line_size);
	     line_at = at) {
		bool event = tl_trace_line_parse(line, line_size, &parsed, &lost) == 0;

		if (!event && !lost)
			continue;
		/* a LOST line belongs to the span it falls in */
		if (event && !begun && parsed.ns < from_ns)
			continue;
		if (event && !marker && parsed.ns > to_ns)
			break;
		if (!begun)
			*start = line_at, begun = true;
		*end = at;
		if (event && marker && strcmp(parsed.event, "tracing_mark_write") == 0 &&
		    memmem(parsed.fields, parsed.fields_size, marker, strlen(marker)))
			break;
	}
}

static void pids_add(int pid, int *pids, size_t capacity, size_t *count)
{
	if (pid <= 0)
		return;
	for (size_t i = 0; i < *count; i++)
		if (pids[i] == pid)
			return;
	if (*count < capacity)
		pids[(*count)++] = pid;
}

size_t tl_trace_excerpt_pids(const char *text, size_t size, int *pids, size_t capacity)
{
	static const char *const keys[] = { "prev_pid", "next_pid", "pid" };
	const char *line;
	size_t at = 0, line_size, count = 0;
	struct tl_trace_line parsed;
	bool lost;

	while (tl_trace_next_line(text, size, &at, &line, &line_size)) {
		if (tl_trace_line_parse(line, line_size, &parsed, &lost) < 0)
			continue;
		pids_add(parsed.pid, pids, capacity, &count);
		if (strncmp(parsed.event, "sched_", 6) != 0)
			continue;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			int64_t pid;

			if (tl_trace_field_int(&parsed, keys[k], &pid))
				pids_add((int)pid, pids, capacity, &count);
		}
	}
	return count;
}
