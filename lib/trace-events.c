/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "trace-events.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *event;
	enum tl_trace_kind kind;
} events_kinds[] = {
	{ "sched_switch", TL_TRACE_SWITCH },
	{ "sched_waking", TL_TRACE_WAKING },
	{ "sched_wakeup", TL_TRACE_WAKING },
	{ "irq_handler_entry", TL_TRACE_IRQ_ENTRY },
	{ "irq_handler_exit", TL_TRACE_IRQ_EXIT },
	{ "softirq_entry", TL_TRACE_SOFTIRQ_ENTRY },
	{ "softirq_exit", TL_TRACE_SOFTIRQ_EXIT },
	{ "local_timer_entry", TL_TRACE_LOCAL_TIMER_ENTRY },
	{ "local_timer_exit", TL_TRACE_LOCAL_TIMER_EXIT },
	{ "hrtimer_start", TL_TRACE_HRTIMER_START },
	{ "hrtimer_expire_entry", TL_TRACE_HRTIMER_ENTRY },
	{ "hrtimer_expire_exit", TL_TRACE_HRTIMER_EXIT },
	{ "signal_generate", TL_TRACE_SIGNAL_GENERATE },
	{ "signal_deliver", TL_TRACE_SIGNAL_DELIVER },
};

/* The kernel's names of the softirq vectors (include/linux/interrupt.h). */
static const char *const events_softirqs[] = { "HI",	  "TIMER",    "NET_TX",	 "NET_RX",
					       "BLOCK",	  "IRQ_POLL", "TASKLET", "SCHED",
					       "HRTIMER", "RCU" };

static int64_t events_int(const struct tl_trace_line *line, const char *key,
			  int64_t otherwise)
{
	int64_t value;

	return tl_trace_field_int(line, key, &value) ? value : otherwise;
}

static void events_fields(const struct tl_trace_line *line, struct tl_trace_event *event)
{
	switch (event->kind) {
	case TL_TRACE_SWITCH:
		event->prio = (int)events_int(line, "prev_prio", TL_TRACE_NO_PRIO);
		event->other_pid = (int)events_int(line, "next_pid", -1);
		event->other_prio = (int)events_int(line, "next_prio", TL_TRACE_NO_PRIO);
		tl_trace_field_text(line, "next_comm", event->other_comm,
				    sizeof(event->other_comm));
		break;
	case TL_TRACE_WAKING:
	case TL_TRACE_SIGNAL_GENERATE:
		event->other_pid = (int)events_int(line, "pid", -1);
		event->other_prio = (int)events_int(line, "prio", TL_TRACE_NO_PRIO);
		tl_trace_field_text(line, "comm", event->other_comm,
				    sizeof(event->other_comm));
		break;
	case TL_TRACE_IRQ_ENTRY:
	case TL_TRACE_IRQ_EXIT:
		event->number = (int)events_int(line, "irq", -1);
		tl_trace_field_text(line, "name", event->name, sizeof(event->name));
		break;
	case TL_TRACE_SOFTIRQ_ENTRY:
	case TL_TRACE_SOFTIRQ_EXIT:
		event->number = (int)events_int(line, "vec", -1);
		snprintf(event->name, sizeof(event->name), "%s",
			 event->number >= 0 && event->number < 10
				 ? events_softirqs[event->number]
				 : "?");
		break;
	case TL_TRACE_HRTIMER_START:
	case TL_TRACE_HRTIMER_ENTRY:
	case TL_TRACE_HRTIMER_EXIT:
		tl_trace_field_text(line, "hrtimer", event->timer, sizeof(event->timer));
		tl_trace_field_text(line, "function", event->name, sizeof(event->name));
		event->value = events_int(
			line,
			event->kind == TL_TRACE_HRTIMER_START ? "softexpires" : "now", 0);
		break;
	default:
		break;
	}
}

static int events_push(struct tl_trace_events *events, size_t *capacity)
{
	if (events->count < *capacity)
		return 0;
	size_t more = *capacity ? 2 * *capacity : 256;
	struct tl_trace_event *grown = realloc(events->events, more * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	events->events = grown;
	*capacity = more;
	return 0;
}

int tl_trace_events_parse(const char *text, size_t size, struct tl_trace_events *events)
{
	const char *line;
	size_t at = 0, line_size, capacity = 0;

	memset(events, 0, sizeof(*events));
	while (tl_trace_next_line(text, size, &at, &line, &line_size)) {
		struct tl_trace_line parsed;
		struct tl_trace_event *event;
		bool lost;

		if (tl_trace_line_parse(line, line_size, &parsed, &lost) < 0 && !lost)
			continue;
		if (events_push(events, &capacity) < 0) {
			tl_trace_events_free(events);
			return -ENOMEM;
		}
		event = &events->events[events->count];
		memset(event, 0, sizeof(*event));
		event->prio = event->other_prio = TL_TRACE_NO_PRIO;
		event->other_pid = event->number = -1;
		if (lost) {
			event->kind = TL_TRACE_LOST;
			event->pid = -1;
		} else {
			event->pid = parsed.pid;
			memcpy(event->comm, parsed.comm, sizeof(event->comm));
			for (size_t k = 0;
			     k < sizeof(events_kinds) / sizeof(events_kinds[0]); k++)
				if (strcmp(parsed.event, events_kinds[k].event) == 0)
					event->kind = events_kinds[k].kind;
			events_fields(&parsed, event);
		}
		/* in the buffer's order: the print's rounding cannot reorder */
		event->ns = lost ? 0 : parsed.ns;
		if (events->count && event->ns < events->events[events->count - 1].ns)
			event->ns = events->events[events->count - 1].ns;
		events->count++;
	}
	return 0;
}

void tl_trace_events_free(struct tl_trace_events *events)
{
	free(events->events);
	memset(events, 0, sizeof(*events));
}

static int64_t events_distance(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

/* A rounded time may read up to 500 ns early or late. */
#define EVENTS_ROUNDING_NS 1000

/* Our timer's expiry by its arming: of the hrtimer_starts before D for D
 * (on the cell's clock, or on monotonic for the paths that arm there), the
 * nearest our task made (another task's timer may be due near D), else the
 * nearest; then the first expiry of that hrtimer. */
static bool events_by_arming(const struct tl_trace_events *events,
			     const struct tl_trace_header *header, int64_t tolerance_ns,
			     struct tl_trace_expiry *expiry)
{
	const int64_t deadline_mono = header->deadline_ns - header->offset_ns;
	size_t start = events->count;
	int64_t best = INT64_MAX;
	bool on_cell = true;

	for (size_t k = 0; k < events->count; k++) {
		const struct tl_trace_event *event = &events->events[k];
		int64_t cell, mono, distance;

		if (event->ns > deadline_mono + EVENTS_ROUNDING_NS)
			break;
		if (event->kind != TL_TRACE_HRTIMER_START)
			continue;
		cell = events_distance(event->value, header->deadline_ns);
		mono = events_distance(event->value, deadline_mono);
		distance = cell < mono ? cell : mono;
		if (distance > tolerance_ns)
			continue;
		/* ours first: a distance beyond any tolerance ranks the others */
		if (event->pid != header->pid)
			distance += INT64_MAX / 2;
		if (distance <= best)
			start = k, best = distance, on_cell = cell <= mono;
	}
	for (size_t k = start + 1; k < events->count; k++) {
		const struct tl_trace_event *event = &events->events[k];

		if (event->kind != TL_TRACE_HRTIMER_ENTRY ||
		    strcmp(event->timer, events->events[start].timer) != 0)
			continue;
		expiry->ns = event->value - (on_cell ? header->offset_ns : 0);
		expiry->index = k;
		return expiry->known = true;
	}
	return false;
}

/* Whether the hrtimer callback that starts at entry woke pid. */
static bool events_callback_woke(const struct tl_trace_events *events, size_t entry,
				 int pid)
{
	for (size_t k = entry + 1; k < events->count; k++) {
		const struct tl_trace_event *event = &events->events[k];

		if (event->kind == TL_TRACE_HRTIMER_EXIT ||
		    event->kind == TL_TRACE_HRTIMER_ENTRY)
			return false;
		if ((event->kind == TL_TRACE_WAKING ||
		     event->kind == TL_TRACE_SIGNAL_GENERATE) &&
		    event->other_pid == pid)
			return true;
	}
	return false;
}

void tl_trace_find_expiry(const struct tl_trace_events *events,
			  const struct tl_trace_header *header,
			  struct tl_trace_expiry *expiry)
{
	const int64_t deadline_mono = header->deadline_ns - header->offset_ns;
	const int64_t wake_mono = header->wake_ns - header->offset_ns;
	int64_t tolerance_ns = 100 * 1000;

	memset(expiry, 0, sizeof(*expiry));
	/* a rel arming reads the kernel's clock a little after the loop's;
	 * half an interval keeps the neighbouring deadlines apart */
	if (header->interval_ns > 0 && header->interval_ns / 2 < tolerance_ns)
		tolerance_ns = header->interval_ns / 2;
	if (events_by_arming(events, header, tolerance_ns, expiry) &&
	    expiry->ns <= wake_mono && expiry->ns >= deadline_mono - tolerance_ns)
		return;
	expiry->known = false;
	for (size_t k = 0; k < events->count; k++) {
		const struct tl_trace_event *event = &events->events[k];
		int64_t cell;

		if (event->ns < deadline_mono - EVENTS_ROUNDING_NS)
			continue;
		if (event->ns > wake_mono + EVENTS_ROUNDING_NS)
			break;
		if (event->kind == TL_TRACE_HRTIMER_ENTRY &&
		    events_callback_woke(events, k, header->pid)) {
			/* the clock its now= is on: the one that lands at its time */
			cell = event->value - header->offset_ns;
			expiry->ns =
				events_distance(cell, event->ns) <
						events_distance(event->value, event->ns)
					? cell
					: event->value;
			expiry->index = k;
			expiry->known = true;
			return;
		}
		/* a wakeup that no expiry in the trace came before */
		if ((event->kind == TL_TRACE_WAKING ||
		     event->kind == TL_TRACE_SIGNAL_GENERATE) &&
		    event->other_pid == header->pid) {
			expiry->ns = event->ns;
			expiry->index = k;
			expiry->known = expiry->from_wakeup = true;
			return;
		}
	}
}

void tl_trace_pin_expiry(struct tl_trace_events *events,
			 const struct tl_trace_expiry *expiry)
{
	size_t entry = expiry->index;

	if (!expiry->known || expiry->from_wakeup)
		return;
	while (entry-- > 0) {
		enum tl_trace_kind kind = events->events[entry].kind;

		if (kind == TL_TRACE_LOCAL_TIMER_EXIT)
			return;
		if (kind == TL_TRACE_LOCAL_TIMER_ENTRY)
			break;
	}
	if (entry == SIZE_MAX)
		return;
	for (size_t k = entry + 1; k-- > 0 && events->events[k].ns > expiry->ns;)
		events->events[k].ns = expiry->ns;
}
