/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An excerpt's lines as the events the analysis reads (trace-analysis.h),
 * and the one among them that expired our timer. Pure.
 */
#ifndef TL_TRACE_EVENTS_H
#define TL_TRACE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace-excerpt.h"
#include "trace-line.h"

enum tl_trace_kind {
	TL_TRACE_OTHER,
	TL_TRACE_SWITCH, /* sched_switch: other_* is the next task */
	TL_TRACE_WAKING, /* sched_waking, sched_wakeup: other_* is woken */
	TL_TRACE_IRQ_ENTRY,
	TL_TRACE_IRQ_EXIT,
	TL_TRACE_SOFTIRQ_ENTRY,
	TL_TRACE_SOFTIRQ_EXIT,
	TL_TRACE_LOCAL_TIMER_ENTRY,
	TL_TRACE_LOCAL_TIMER_EXIT,
	TL_TRACE_HRTIMER_START, /* value: softexpires */
	TL_TRACE_HRTIMER_ENTRY, /* value: now, on the timer's clock */
	TL_TRACE_HRTIMER_EXIT,
	TL_TRACE_SIGNAL_GENERATE, /* other_pid: the target */
	TL_TRACE_SIGNAL_DELIVER,
	TL_TRACE_LOST, /* "[LOST n EVENTS]": what happened meanwhile is gone */
};

struct tl_trace_event {
	int64_t ns; /* never before the previous event's */
	enum tl_trace_kind kind;
	int pid; /* the task column */
	char comm[TL_TRACE_COMM];
	int prio; /* the kernel's prio of pid when the event says it, else -1000 */
	int other_pid;
	char other_comm[TL_TRACE_COMM];
	int other_prio;
	char name[48]; /* the IRQ's or softirq's name, the hrtimer's function */
	int number; /* the IRQ's number, the softirq's vector */
	char timer[24]; /* the hrtimer's address, as the trace hashes it */
	int64_t value;
};

#define TL_TRACE_NO_PRIO (-1000)

struct tl_trace_events {
	struct tl_trace_event *events;
	size_t count;
};

/* Every event line of text, in order; 0 or -ENOMEM. */
int tl_trace_events_parse(const char *text, size_t size, struct tl_trace_events *events);
void tl_trace_events_free(struct tl_trace_events *events);

/* Our timer's expiry, E, on the trace's clock. */
struct tl_trace_expiry {
	bool known;
	bool from_wakeup; /* no expiry found: the wakeup of our task stands for it */
	int64_t ns;
	size_t index; /* the event that expired it, or woke us */
};

void tl_trace_find_expiry(const struct tl_trace_events *events,
			  const struct tl_trace_header *header,
			  struct tl_trace_expiry *expiry);

/* The timer interrupt that expired our timer entered before it read E: a
 * rounded time after E is moved back to E (and those before it with it). */
void tl_trace_pin_expiry(struct tl_trace_events *events,
			 const struct tl_trace_expiry *expiry);

#endif
