/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "trace-analysis.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-events.h"

const char *const tl_trace_wanted_events[] = {
	"sched:sched_switch",
	"sched:sched_waking",
	"irq:irq_handler_entry",
	"irq:irq_handler_exit",
	"irq:softirq_entry",
	"irq:softirq_exit",
	"timer:hrtimer_start",
	"timer:hrtimer_expire_entry",
	"timer:hrtimer_expire_exit",
	"irq_vectors:local_timer_entry",
	"irq_vectors:local_timer_exit",
	"signal:signal_generate",
	"signal:signal_deliver",
};
const size_t tl_trace_wanted_event_count =
	sizeof(tl_trace_wanted_events) / sizeof(tl_trace_wanted_events[0]);

#define SWEEP_DEPTH 8
#define SWEEP_PRIOS 64

/* An interrupt, softirq or hrtimer callback the CPU is inside. */
struct sweep_context {
	enum tl_trace_kind kind; /* its entry */
	char name[48];
	int number;
	bool ours; /* our timer's callback */
};

/* The state of the CPU as the events replay, and the parts so far. */
struct sweep {
	const struct tl_trace_header *header;
	struct tl_trace_expiry expiry;
	int64_t from_ns, to_ns; /* D and W on the trace's clock */
	bool current_known;
	int current_pid;
	char current_comm[TL_TRACE_COMM];
	struct sweep_context stack[SWEEP_DEPTH];
	size_t depth;
	bool lost; /* since the last event: events were lost */
	bool delivered; /* our signal was delivered after E */
	struct {
		int pid, prio;
	} prios[SWEEP_PRIOS];
	size_t prio_count;
	bool idle_switch_untraced, any_lost;
	struct tl_spike_part *parts;
	size_t count, capacity;
	size_t last; /* the part the previous stretch went to */
	int err;
};

static void sweep_prio(struct sweep *sweep, int pid, int prio)
{
	if (pid <= 0 || prio == TL_TRACE_NO_PRIO)
		return;
	for (size_t i = 0; i < sweep->prio_count; i++)
		if (sweep->prios[i].pid == pid) {
			sweep->prios[i].prio = prio;
			return;
		}
	if (sweep->prio_count < SWEEP_PRIOS) {
		sweep->prios[sweep->prio_count].pid = pid;
		sweep->prios[sweep->prio_count++].prio = prio;
	}
}

static struct tl_spike_part sweep_part(const char *kind, const char *name)
{
	struct tl_spike_part part = { .pid = -1, .irq = -1 };

	snprintf(part.kind, sizeof(part.kind), "%s", kind);
	snprintf(part.name, sizeof(part.name), "%s", name);
	return part;
}

/* A task's part: its policy as the run read it, else from its prio. */
static struct tl_spike_part sweep_task(const struct sweep *sweep, int pid,
				       const char *comm)
{
	struct tl_spike_part part = sweep_part("task", comm);
	const struct tl_trace_task *task = tl_trace_header_task(sweep->header, pid);

	part.pid = pid;
	if (task) {
		snprintf(part.policy, sizeof(part.policy), "%s", task->policy);
		part.priority = task->priority;
		return part;
	}
	for (size_t i = 0; i < sweep->prio_count; i++) {
		int prio = sweep->prios[i].prio;

		if (sweep->prios[i].pid != pid)
			continue;
		/* the kernel's prio: deadline below 0, realtime 0..99 (99 -
		 * rt_priority), the others 100..139 (120 + nice) */
		snprintf(part.policy, sizeof(part.policy), "%s",
			 prio < 0     ? "DEADLINE"
			 : prio < 100 ? "RT"
				      : "OTHER");
		part.priority = prio < 0 ? 0 : prio < 100 ? 99 - prio : prio - 120;
	}
	return part;
}

static void sweep_add(struct sweep *sweep, const struct tl_spike_part *part,
		      int64_t duration_ns)
{
	size_t i;

	for (i = 0; i < sweep->count; i++) {
		const struct tl_spike_part *have = &sweep->parts[i];

		if (!strcmp(have->kind, part->kind) && !strcmp(have->name, part->name) &&
		    have->pid == part->pid && have->irq == part->irq)
			break;
	}
	if (i == sweep->count) {
		if (sweep->count == sweep->capacity) {
			size_t more = sweep->capacity ? 2 * sweep->capacity : 8;
			struct tl_spike_part *grown =
				realloc(sweep->parts, more * sizeof(*grown));

			if (!grown) {
				sweep->err = -ENOMEM;
				return;
			}
			sweep->parts = grown;
			sweep->capacity = more;
		}
		sweep->parts[sweep->count++] = *part;
	}
	sweep->parts[i].duration_ns += duration_ns;
	/* a sliver under the trace's rounding is no stretch of its own */
	if (!sweep->parts[i].stretches || (sweep->last != i && duration_ns >= 1000))
		sweep->parts[i].stretches++;
	sweep->last = i;
}

/* What the CPU did from one event to the next (next: NULL after the last),
 * before or after our timer's expiry. */
static struct tl_spike_part sweep_label(struct sweep *sweep, bool before,
					const struct tl_trace_event *next)
{
	const struct sweep_context *top =
		sweep->depth ? &sweep->stack[sweep->depth - 1] : NULL;
	bool ours = sweep->current_known && sweep->current_pid == sweep->header->pid;

	if (sweep->lost)
		return sweep_part("unexplained", "not placed by the trace");
	if (top && top->kind == TL_TRACE_IRQ_ENTRY) {
		struct tl_spike_part part = sweep_part("irq", top->name);

		part.irq = top->number;
		return part;
	}
	if (top && top->kind == TL_TRACE_SOFTIRQ_ENTRY)
		return sweep_part("softirq", top->name);
	if (!sweep->expiry.known && !ours)
		return sweep_part("unexplained", "not placed by the trace");
	if (sweep->expiry.known && before)
		return sweep_part("expiry", "timer expiry");
	if (top && top->kind == TL_TRACE_HRTIMER_ENTRY && !top->ours)
		return sweep_part("hrtimer", top->name);
	if (top)
		return sweep_part("timer-irq", "timer interrupt");
	if (next && next->kind != TL_TRACE_LOST && sweep->current_known &&
	    next->pid != sweep->current_pid) {
		/* a switch the trace does not show: from the idle task, it
		 * comes right after the wakeup (this kernel may not trace it);
		 * between two tasks, nothing tells when */
		if (sweep->current_pid != 0)
			return sweep_part("unexplained", "not placed by the trace");
		sweep->idle_switch_untraced = true;
		if (next->pid == sweep->header->pid)
			return sweep_part("wake", "woken to running");
		return sweep_task(sweep, next->pid, next->comm);
	}
	if (ours)
		return sweep->delivered ? sweep_part("signal", "signal delivery")
					: sweep_part("run", "running to the clock read");
	if (!sweep->current_known)
		return sweep_part("unexplained", "not placed by the trace");
	if (sweep->current_pid == 0)
		return sweep_part("wake", "woken to running");
	return sweep_task(sweep, sweep->current_pid, sweep->current_comm);
}

/* The stretch [from, to) of the CPU's time, clipped to [D, W], split at E. */
static void sweep_stretch(struct sweep *sweep, int64_t from, int64_t to,
			  const struct tl_trace_event *next)
{
	struct tl_spike_part part;
	int64_t split = sweep->expiry.ns;

	if (from < sweep->from_ns)
		from = sweep->from_ns;
	if (to > sweep->to_ns)
		to = sweep->to_ns;
	if (from >= to)
		return;
	if (sweep->expiry.known && from < split && split < to) {
		part = sweep_label(sweep, true, next);
		sweep_add(sweep, &part, split - from);
		from = split;
	}
	part = sweep_label(sweep, sweep->expiry.known && from < split, next);
	sweep_add(sweep, &part, to - from);
}

static void sweep_push(struct sweep *sweep, const struct tl_trace_event *event, bool ours)
{
	struct sweep_context *context;

	if (sweep->depth == SWEEP_DEPTH)
		return;
	context = &sweep->stack[sweep->depth++];
	context->kind = event->kind;
	context->number = event->number;
	context->ours = ours;
	snprintf(context->name, sizeof(context->name), "%s", event->name);
}

/* Leave the innermost context of kind; an exit whose entry came before
 * the excerpt leaves nothing. */
static void sweep_pop(struct sweep *sweep, enum tl_trace_kind kind)
{
	for (size_t i = sweep->depth; i-- > 0;)
		if (sweep->stack[i].kind == kind) {
			sweep->depth = i;
			return;
		}
}

static void sweep_apply(struct sweep *sweep, const struct tl_trace_event *event,
			size_t index)
{
	sweep->lost = event->kind == TL_TRACE_LOST;
	switch (event->kind) {
	case TL_TRACE_LOST:
		sweep->any_lost = true;
		sweep->depth = 0; /* exits may be among the lost */
		return;
	case TL_TRACE_IRQ_ENTRY:
	case TL_TRACE_SOFTIRQ_ENTRY:
	case TL_TRACE_LOCAL_TIMER_ENTRY:
		sweep_push(sweep, event, false);
		break;
	case TL_TRACE_HRTIMER_ENTRY:
		sweep_push(sweep, event,
			   sweep->expiry.known && !sweep->expiry.from_wakeup &&
				   sweep->expiry.index == index);
		break;
	case TL_TRACE_IRQ_EXIT:
		sweep_pop(sweep, TL_TRACE_IRQ_ENTRY);
		break;
	case TL_TRACE_SOFTIRQ_EXIT:
		sweep_pop(sweep, TL_TRACE_SOFTIRQ_ENTRY);
		break;
	case TL_TRACE_LOCAL_TIMER_EXIT:
		sweep_pop(sweep, TL_TRACE_LOCAL_TIMER_ENTRY);
		break;
	case TL_TRACE_HRTIMER_EXIT:
		sweep_pop(sweep, TL_TRACE_HRTIMER_ENTRY);
		break;
	case TL_TRACE_WAKING:
		sweep_prio(sweep, event->other_pid, event->other_prio);
		break;
	case TL_TRACE_SIGNAL_DELIVER:
		if (event->pid == sweep->header->pid && sweep->expiry.known &&
		    event->ns >= sweep->expiry.ns)
			sweep->delivered = true;
		break;
	default:
		break;
	}
	sweep_prio(sweep, event->pid, event->prio);
	sweep->current_known = true;
	sweep->current_pid = event->pid;
	snprintf(sweep->current_comm, sizeof(sweep->current_comm), "%s", event->comm);
	if (event->kind == TL_TRACE_SWITCH) {
		sweep_prio(sweep, event->other_pid, event->other_prio);
		sweep->current_pid = event->other_pid;
		snprintf(sweep->current_comm, sizeof(sweep->current_comm), "%s",
			 event->other_comm);
		sweep->delivered = false;
	}
}

static void sweep_run(struct sweep *sweep, const struct tl_trace_events *events)
{
	const struct tl_trace_event *all = events->events;
	size_t k;

	if (!events->count || all[0].ns > sweep->from_ns) {
		struct tl_spike_part part =
			sweep_part("unexplained", "not placed by the trace");
		int64_t end = events->count && all[0].ns < sweep->to_ns ? all[0].ns
									: sweep->to_ns;

		sweep_add(sweep, &part, end - sweep->from_ns);
	}
	for (k = 0; k < events->count; k++) {
		if (k)
			sweep_stretch(sweep, all[k - 1].ns, all[k].ns, &all[k]);
		if (all[k].ns >= sweep->to_ns)
			return;
		sweep_apply(sweep, &all[k], k);
	}
	if (k)
		sweep_stretch(sweep, all[k - 1].ns, sweep->to_ns, NULL);
}

static void analysis_append(char *buf, size_t size, const char *text)
{
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, "%s%s", used ? "; " : "", text);
}

/* What a finer analysis would need: the events that were off, and what the
 * trace turned out not to show. NULL when nothing. */
static char *analysis_lacks(const struct sweep *sweep)
{
	char text[1024] = "", missing[768] = "";
	const char *events = sweep->header->events;

	for (size_t i = 0; i < tl_trace_wanted_event_count; i++) {
		const char *name = tl_trace_wanted_events[i];

		if (strstr(events, name) || (strcmp(name, "sched:sched_waking") == 0 &&
					     strstr(events, "sched:sched_wakeup")))
			continue;
		snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
			 "%s%s", missing[0] ? ", " : "", name);
	}
	if (missing[0]) {
		char line[sizeof(missing) + 96];

		snprintf(
			line, sizeof(line),
			"events not on: %s (what they would show counts in the part it interrupted)",
			missing);
		analysis_append(text, sizeof(text), line);
	}
	if (!sweep->expiry.known)
		analysis_append(text, sizeof(text),
				"our timer's expiry is not in the trace");
	else if (sweep->expiry.from_wakeup)
		analysis_append(
			text, sizeof(text),
			"our timer's expiry is not in the trace: the wakeup stands for it");
	if (sweep->idle_switch_untraced)
		analysis_append(
			text, sizeof(text),
			"the switch from the idle task is not traced: the time to the next task's first event counts as that task's");
	if (sweep->any_lost)
		analysis_append(text, sizeof(text), "the trace lost events");
	return text[0] ? strdup(text) : NULL;
}

int tl_trace_analyse(const char *text, size_t size, struct tl_spike *spike)
{
	struct tl_trace_header *header = malloc(sizeof(*header));
	struct tl_trace_events events;
	struct sweep sweep = { 0 };
	char culprit[512];
	int err;

	memset(spike, 0, sizeof(*spike));
	if (!header)
		return -ENOMEM;
	err = tl_trace_header_parse(text, size, header);
	if (!err)
		err = tl_trace_events_parse(text, size, &events);
	if (err) {
		free(header);
		return err;
	}
	sweep.header = header;
	sweep.from_ns = header->deadline_ns - header->offset_ns;
	sweep.to_ns = header->wake_ns - header->offset_ns;
	sweep.last = SIZE_MAX;
	tl_trace_find_expiry(&events, header, &sweep.expiry);
	tl_trace_pin_expiry(&events, &sweep.expiry);
	sweep_run(&sweep, &events);
	tl_trace_events_free(&events);
	spike->sample = header->sample;
	spike->latency_ns = header->wake_ns - header->deadline_ns;
	spike->expiry_ns = sweep.expiry.known && !sweep.expiry.from_wakeup
				   ? sweep.expiry.ns - sweep.from_ns
				   : -1;
	spike->next_latency_ns = -1;
	spike->parts = sweep.parts;
	spike->part_count = sweep.count;
	spike->lacks = analysis_lacks(&sweep);
	tl_spike_culprit(header->key, spike, culprit, sizeof(culprit));
	spike->culprit = strdup(culprit);
	free(header);
	if (sweep.err || !spike->culprit) {
		tl_spike_free(spike);
		return -ENOMEM;
	}
	return 0;
}

static void analysis_us(int64_t ns, char *buf, size_t size)
{
	snprintf(buf, size, ns >= 10000 ? "%.0f us" : "%.1f us", (double)ns / 1000.0);
}

void tl_spike_part_describe(const struct tl_spike_part *part, char *buf, size_t size)
{
	char took[32];

	analysis_us(part->duration_ns, took, sizeof(took));
	if (!strcmp(part->kind, "task") && part->policy[0])
		snprintf(buf, size, "task %s (pid %d, %s %d) ran %s", part->name,
			 part->pid, part->policy, part->priority, took);
	else if (!strcmp(part->kind, "task"))
		snprintf(buf, size, "task %s (pid %d) ran %s", part->name, part->pid,
			 took);
	else if (!strcmp(part->kind, "irq"))
		snprintf(buf, size, "IRQ %d %s ran %s", part->irq, part->name, took);
	else if (!strcmp(part->kind, "softirq") || !strcmp(part->kind, "hrtimer"))
		snprintf(buf, size, "%s %s ran %s", part->kind, part->name, took);
	else if (!strcmp(part->kind, "expiry"))
		snprintf(buf, size, "the timer expired %s late", took);
	else if (!strcmp(part->kind, "timer-irq"))
		snprintf(buf, size, "the timer interrupt took %s", took);
	else if (!strcmp(part->kind, "wake"))
		snprintf(buf, size, "woken to running took %s", took);
	else if (!strcmp(part->kind, "run"))
		snprintf(buf, size, "running to the clock read took %s", took);
	else if (!strcmp(part->kind, "signal"))
		snprintf(buf, size, "the signal's delivery to the clock read took %s",
			 took);
	else
		snprintf(buf, size, "%s the trace cannot place", took);
}

void tl_spike_culprit(const char *key, const struct tl_spike *spike, char *buf,
		      size_t size)
{
	const struct tl_spike_part *largest = NULL;
	char late[32], what[256];

	for (size_t i = 0; i < spike->part_count; i++)
		if (!largest || spike->parts[i].duration_ns > largest->duration_ns)
			largest = &spike->parts[i];
	analysis_us(spike->latency_ns, late, sizeof(late));
	if (largest)
		tl_spike_part_describe(largest, what, sizeof(what));
	else
		snprintf(what, sizeof(what), "nothing in the trace");
	snprintf(buf, size, "%s sample %llu: %s late: %s", key,
		 (unsigned long long)spike->sample, late, what);
}
