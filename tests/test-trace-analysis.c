/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A spike explained from its excerpt alone, against excerpts recorded on a
 * 2-vCPU VM with `timerlab run --trace-over` (tests/data/trace): a SCHED_FIFO
 * 99 hog holding the CPU, an IRQ and a softirq on a realtime cell, a softirq
 * as the culprit, a timer interrupt 184 us late, a wakeup from idle on a
 * kernel that does not trace the switch from the idle task, and the hog's
 * excerpt with events taken away. The durations are the trace's, so they
 * are asserted exactly; what must hold whatever the trace: the parts add up
 * to the latency, and what cannot be placed is unexplained.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/trace-analysis.h"
#include "../lib/trace-excerpt.h"
#include "../lib/trace-line.h"
#include "tests.h"
#include "tree.h"

/* The excerpt tests/data/trace/name.txt explained; the parts add up. */
static void analysis_of(const char *name, struct tl_spike *spike)
{
	char path[128], *text;
	int64_t sum = 0;

	snprintf(path, sizeof(path), "tests/data/trace/%s.txt", name);
	text = tree_read(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL_FATAL(tl_trace_analyse(text, strlen(text), spike), 0);
	free(text);
	for (size_t i = 0; i < spike->part_count; i++) {
		CU_ASSERT(spike->parts[i].duration_ns > 0);
		sum += spike->parts[i].duration_ns;
	}
	CU_ASSERT_EQUAL(sum, spike->latency_ns);
	CU_ASSERT_EQUAL(spike->next_latency_ns, -1);
	CU_ASSERT_PTR_NULL(spike->file);
}

/* The part of kind (and name, unless NULL), or NULL. */
static const struct tl_spike_part *analysis_part(const struct tl_spike *spike,
						 const char *kind, const char *name)
{
	for (size_t i = 0; i < spike->part_count; i++)
		if (!strcmp(spike->parts[i].kind, kind) &&
		    (!name || !strcmp(spike->parts[i].name, name)))
			return &spike->parts[i];
	return NULL;
}

static int64_t analysis_ns(const struct tl_spike *spike, const char *kind,
			   const char *name)
{
	const struct tl_spike_part *part = analysis_part(spike, kind, name);

	return part ? part->duration_ns : -1;
}

/* The hog woke before the deadline and spun through it: it held the CPU
 * from the timer interrupt's end to its switch to us, 300 us. */
static void test_preempting_task(void)
{
	struct tl_spike spike;
	const struct tl_spike_part *hog;

	analysis_of("task", &spike);
	CU_ASSERT_EQUAL(spike.sample, 109);
	CU_ASSERT_EQUAL(spike.latency_ns, 332343);
	/* now= of its hrtimer_expire_entry, exact, less the deadline */
	CU_ASSERT_EQUAL(spike.expiry_ns, 11590713878804 - 11590713864503);
	hog = analysis_part(&spike, "task", "rt-hog");
	CU_ASSERT_PTR_NOT_NULL_FATAL(hog);
	CU_ASSERT_EQUAL(hog->pid, 17199);
	CU_ASSERT_STRING_EQUAL(hog->policy, "FIFO"); /* as the run read it */
	CU_ASSERT_EQUAL(hog->priority, 99);
	CU_ASSERT_EQUAL(hog->duration_ns, 300000);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "expiry", NULL), spike.expiry_ns);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "unexplained", NULL), -1);
	CU_ASSERT_PTR_NULL(spike.lacks);
	CU_ASSERT_STRING_EQUAL(
		spike.culprit,
		"timerfd:read/monotonic/abs@1ms sample 109: 332 us late: task rt-hog (pid 17199, FIFO 99) ran 300 us");
	tl_spike_free(&spike);
}

/* A disk IRQ and its BLOCK softirq after the expiry, on a realtime cell:
 * the deadline and the expiry's now= are on realtime, the trace on mono. */
static void test_irq_and_softirq(void)
{
	struct tl_spike spike;
	const struct tl_spike_part *irq;

	analysis_of("irq", &spike);
	CU_ASSERT_EQUAL(spike.expiry_ns, 1796135261583478148 - 1796135261583445651);
	irq = analysis_part(&spike, "irq", "virtio1-req.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(irq);
	CU_ASSERT_EQUAL(irq->irq, 36);
	CU_ASSERT_EQUAL(irq->duration_ns, 21000);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "softirq", "BLOCK"), 9000);
	/* the task the IRQ interrupted, before and after it, with need-resched
	 * set: its prio from the trace, its policy as the run read it */
	CU_ASSERT_EQUAL(analysis_ns(&spike, "task", "qemu-system-x86"), 16000);
	CU_ASSERT_PTR_NOT_NULL(strstr(spike.culprit, ": the timer expired 32 us late"));
	tl_spike_free(&spike);
}

static void test_softirq_culprit(void)
{
	struct tl_spike spike;

	analysis_of("softirq", &spike);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "softirq", "RCU"), 41000);
	CU_ASSERT_STRING_EQUAL(
		spike.culprit,
		"timerfd:read/monotonic/abs@1ms sample 2710: 74 us late: softirq RCU ran 41 us");
	tl_spike_free(&spike);
}

/* Nothing ran from the deadline to the timer interrupt, 184 us later (the
 * VM's host): the expiry itself is the culprit. A signal path: from the
 * delivery to the handler's clock read is a part of its own. */
static void test_late_timer_interrupt(void)
{
	struct tl_spike spike;

	analysis_of("late-timer", &spike);
	CU_ASSERT_EQUAL(spike.expiry_ns, 183994);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "expiry", NULL), 183994);
	CU_ASSERT(analysis_ns(&spike, "signal", NULL) > 0);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(spike.culprit, "204 us late: the timer expired 184 us late"));
	tl_spike_free(&spike);
}

/* Woken from idle on a kernel that does not trace the switch from the idle
 * task: another task's timer, due meanwhile, is not taken for ours. */
static void test_idle_switch_untraced(void)
{
	struct tl_spike spike;

	analysis_of("idle", &spike);
	CU_ASSERT_EQUAL(spike.expiry_ns, 11681701236295 - 11681701217954);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "hrtimer", "hrtimer_wakeup"), 4000);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "wake", NULL), 20000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(spike.lacks);
	CU_ASSERT_PTR_NOT_NULL(strstr(spike.lacks, "the switch from the idle task"));
	tl_spike_free(&spike);
}

/* Without the timer events the wakeup stands for the expiry, and the
 * analysis says what it lacks; without sched_switch the switch to us is
 * not seen, and the time up to the wake is unexplained, not the hog's. */
static void test_events_missing(void)
{
	struct tl_spike spike;

	analysis_of("no-timer-events", &spike);
	CU_ASSERT_EQUAL(spike.expiry_ns, -1);
	CU_ASSERT(analysis_ns(&spike, "expiry", NULL) > 0);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "timer-irq", NULL), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(spike.lacks);
	CU_ASSERT_PTR_NOT_NULL(strstr(spike.lacks, "timer:hrtimer_expire_entry"));
	CU_ASSERT_PTR_NOT_NULL(strstr(spike.lacks, "the wakeup stands for it"));
	CU_ASSERT_PTR_NOT_NULL(strstr(spike.culprit, "task rt-hog (pid 17199"));
	tl_spike_free(&spike);

	analysis_of("no-switch", &spike);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "task", "rt-hog"), 295000);
	CU_ASSERT(analysis_ns(&spike, "unexplained", NULL) > 0);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "run", NULL), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(spike.lacks, "sched:sched_switch"));
	tl_spike_free(&spike);
}

static const char analysis_header[] = "# timerlab cell c/monotonic/abs@1ms\n"
				      "# timerlab sample 7\n"
				      "# timerlab deadline_ns 1000000000\n"
				      "# timerlab wake_ns 1000100000\n"
				      "# timerlab pid 50\n"
				      "# timerlab events sched:sched_switch\n";

/* Synthetic: events lost in the window, and a window the trace does not
 * reach; both unexplained, never another part. */
static void test_lost_and_uncovered(void)
{
	char text[2048];
	struct tl_spike spike;

	snprintf(
		text, sizeof(text), "%s%s", analysis_header,
		"            hog-60      [001] d..2.     1.000020: sched_switch: prev_comm=hog prev_pid=60 prev_prio=0 prev_state=R ==> next_comm=hog2 next_pid=61 next_prio=0\n"
		"CPU:1 [LOST 12 EVENTS]\n"
		"           hog2-61      [001] d..2.     1.000090: sched_switch: prev_comm=hog2 prev_pid=61 prev_prio=0 prev_state=S ==> next_comm=c next_pid=50 next_prio=19\n");
	CU_ASSERT_EQUAL_FATAL(tl_trace_analyse(text, strlen(text), &spike), 0);
	/* 0..20 before any event, 20..90 over the lost events, 90..100 ours */
	CU_ASSERT_EQUAL(analysis_ns(&spike, "unexplained", NULL), 90000);
	CU_ASSERT_EQUAL(analysis_ns(&spike, "run", NULL), 10000);
	CU_ASSERT_PTR_NOT_NULL(strstr(spike.lacks, "the trace lost events"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(spike.lacks, "our timer's expiry is not in the trace"));
	tl_spike_free(&spike);
	/* a header without the measuring pid explains nothing */
	CU_ASSERT_EQUAL(tl_trace_analyse("# timerlab sample 1\n", 20, &spike), -EINVAL);
}

static void test_line_parse(void)
{
	static const char line[] =
		" memfd:sealed-91-16023   [001] d..2. 10693.269899: sched_switch: prev_comm=memfd:sealed-91 prev_pid=16023 prev_prio=120 prev_state=R ==> next_comm=my task next_pid=22841 next_prio=19";
	struct tl_trace_line parsed;
	char comm[32];
	int64_t pid;
	bool lost;

	CU_ASSERT_EQUAL_FATAL(tl_trace_line_parse(line, strlen(line), &parsed, &lost), 0);
	CU_ASSERT_STRING_EQUAL(parsed.comm, "memfd:sealed-91");
	CU_ASSERT_EQUAL(parsed.pid, 16023);
	CU_ASSERT_EQUAL(parsed.cpu, 1);
	CU_ASSERT_EQUAL(parsed.ns, 10693269899000);
	CU_ASSERT_STRING_EQUAL(parsed.event, "sched_switch");
	CU_ASSERT_TRUE(tl_trace_field_text(&parsed, "next_comm", comm, sizeof(comm)));
	CU_ASSERT_STRING_EQUAL(comm, "my task"); /* a comm with a space */
	CU_ASSERT_TRUE(tl_trace_field_int(&parsed, "next_pid", &pid));
	CU_ASSERT_EQUAL(pid, 22841);
	CU_ASSERT_FALSE(tl_trace_field_int(&parsed, "pid", &pid)); /* not next_pid's */
	CU_ASSERT_EQUAL(tl_trace_line_parse("# tracer: nop", 13, &parsed, &lost),
			-EINVAL);
	CU_ASSERT_FALSE(lost);
	CU_ASSERT_EQUAL(tl_trace_line_parse("CPU:1 [LOST 3 EVENTS]", 21, &parsed, &lost),
			-EINVAL);
	CU_ASSERT_TRUE(lost);
}

/* The excerpt's span: from the time asked to the spike's own marker. */
static void test_excerpt_span(void)
{
	static const char trace[] =
		"# tracer: nop\n"
		"               a-10      [001] d..2.     5.000100: sched_switch: prev_comm=a prev_pid=10 prev_prio=120 prev_state=S ==> next_comm=b next_pid=11 next_prio=0\n"
		"               b-11      [001] d..2.     5.000200: sched_waking: comm=c pid=12 prio=19 target_cpu=001\n"
		"               c-12      [001] ...1.     5.000300: tracing_mark_write: timerlab spike sample=12 deadline=1 wake=2 \n"
		"               c-12      [001] ...1.     5.000400: tracing_mark_write: timerlab spike sample=1 deadline=1 wake=2 \n"
		"               c-12      [001] d..2.     5.000500: sched_switch: prev_comm=c prev_pid=12 prev_prio=19 prev_state=S ==> next_comm=a next_pid=10 next_prio=120\n";
	const char *second = strstr(trace, "               b-11");
	const char *after = strstr(trace, "               c-12      [001] d..2.");
	int pids[8];
	size_t start, end;

	tl_trace_excerpt_span(trace, strlen(trace), 5000150000, 0,
			      "timerlab spike sample=1 ", &start, &end);
	CU_ASSERT_EQUAL(start, (size_t)(second - trace));
	CU_ASSERT_EQUAL(end, (size_t)(after - trace)); /* sample=1, not 12 */
	CU_ASSERT_EQUAL(tl_trace_excerpt_pids(trace, strlen(trace), pids, 8), 3);
	CU_ASSERT_EQUAL(pids[0], 10);
	CU_ASSERT_EQUAL(pids[1], 11);
	CU_ASSERT_EQUAL(pids[2], 12);
}

void tests_trace_analysis(void)
{
	CU_pSuite suite = tests_suite("trace analysis");

	CU_add_test(suite, "a preempting task", test_preempting_task);
	CU_add_test(suite, "an IRQ and a softirq on a realtime cell",
		    test_irq_and_softirq);
	CU_add_test(suite, "a softirq as the culprit", test_softirq_culprit);
	CU_add_test(suite, "a late timer interrupt", test_late_timer_interrupt);
	CU_add_test(suite, "woken from idle, the switch untraced",
		    test_idle_switch_untraced);
	CU_add_test(suite, "events missing: coarser, and says so", test_events_missing);
	CU_add_test(suite, "lost events and an uncovered start are unexplained",
		    test_lost_and_uncovered);
	CU_add_test(suite, "a trace line parsed", test_line_parse);
	CU_add_test(suite, "the excerpt's span and its pids", test_excerpt_span);
}
