/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One line of a tracefs instance's `trace` file, as the kernel prints it
 * with its default options:
 *
 *   rt-hog-23073   [001] d.h.. 10705.958536: hrtimer_expire_entry: hrtimer=... now=...
 *
 * the task the CPU was running (in an interrupt, the task it interrupted),
 * its pid, the CPU, the context flags, the time, the event and its fields.
 * The time is printed in microseconds, rounded to the nearest (ns2usecs),
 * so a line's time is within 500 ns of the event's; the ns values some
 * events carry in their fields (hrtimer_expire_entry's now=) are exact.
 * Pure: no I/O.
 */
#ifndef TL_TRACE_LINE_H
#define TL_TRACE_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A task's comm is at most 15 characters; room for more, cut if longer. */
#define TL_TRACE_COMM 32

struct tl_trace_line {
	int64_t ns; /* the trace clock's time (mono: CLOCK_MONOTONIC), to 1 us */
	int cpu;
	int pid; /* the task the CPU ran when the event happened */
	char comm[TL_TRACE_COMM];
	char event[48]; /* "sched_switch", "tracing_mark_write" */
	const char *fields; /* into the text: what follows "event: " */
	size_t fields_size; /* up to the end of the line */
};

/*
 * Parse the line at text (size bytes, no newline). 0, or -EINVAL for a line
 * that is no event: a "#" comment, a "CPU:1 [LOST 12 EVENTS]" line (*lost
 * is then set), an empty one.
 */
int tl_trace_line_parse(const char *text, size_t size, struct tl_trace_line *line,
			bool *lost);

/* The value of "key=" among the fields: a number, or text up to the next
 * " key=" or " ==>" (a comm may hold spaces). false when absent. */
bool tl_trace_field_int(const struct tl_trace_line *line, const char *key,
			int64_t *value);
bool tl_trace_field_text(const struct tl_trace_line *line, const char *key, char *buf,
			 size_t size);

/* Iterate over the lines of text: *at is the offset of the next line (start
 * at 0); sets the line's start and size (without the newline). false at
 * the end. */
bool tl_trace_next_line(const char *text, size_t size, size_t *at, const char **line,
			size_t *line_size);

#endif
