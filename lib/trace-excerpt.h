/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A spike's excerpt: the measured CPU's trace from before the deadline to
 * the marker written after the wake, under a header of "# timerlab KEY
 * VALUE" lines that say what the trace alone cannot (which sample, its
 * deadline and wake on the cell's clock and that clock's offset to the
 * trace's, which pid measured, which events were on, and the scheduling
 * policy of the tasks it names, read while they still ran). The file is
 * self-contained: the analysis (trace-analysis.h) reads nothing else.
 * Pure: text in, text out.
 */
#ifndef TL_TRACE_EXCERPT_H
#define TL_TRACE_EXCERPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace-line.h"

#define TL_TRACE_MAX_TASKS 64

/* A task the excerpt names, as the run found it when it saved the excerpt. */
struct tl_trace_task {
	int pid;
	char policy[16]; /* FIFO, RR, OTHER, BATCH, IDLE, DEADLINE */
	int priority; /* realtime priority; nice for the others */
};

struct tl_trace_header {
	char key[160]; /* the cell */
	uint64_t sample; /* among the cell's samples, from 0 */
	int64_t latency_ns;
	int64_t deadline_ns; /* on the cell's clock */
	int64_t wake_ns;
	int64_t offset_ns; /* cell's clock - the trace's (mono), at the spike */
	int64_t interval_ns;
	int pid; /* the measuring child */
	int cpu;
	char events[640]; /* the events that were on, "sched:sched_switch,..." */
	struct tl_trace_task tasks[TL_TRACE_MAX_TASKS];
	size_t task_count;
};

/* The header's lines; 0 or -EIO. */
int tl_trace_header_write(FILE *out, const struct tl_trace_header *header);

/* The header of an excerpt; -EINVAL when a value it needs (sample,
 * deadline, wake, pid) is missing. Unknown keys are ignored. */
int tl_trace_header_parse(const char *text, size_t size, struct tl_trace_header *header);

/* The task pid of the header, or NULL. */
const struct tl_trace_task *tl_trace_header_task(const struct tl_trace_header *header,
						 int pid);

/*
 * Of a whole `trace` file, the event lines from from_ns on, up to and with
 * the first marker line that holds marker (or, with none, up to to_ns):
 * [*start, *end) in text. Empty when no line falls in between.
 */
void tl_trace_excerpt_span(const char *text, size_t size, int64_t from_ns, int64_t to_ns,
			   const char *marker, size_t *start, size_t *end);

/* The pids the lines of text name (the task column; sched_switch's and
 * sched_waking's pids), each once, 0 (idle) left out; how many. */
size_t tl_trace_excerpt_pids(const char *text, size_t size, int *pids, size_t capacity);

#endif
