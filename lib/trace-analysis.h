/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A spike explained from its excerpt alone (trace-excerpt.h): every
 * stretch of time from the deadline D to the wake W (the clock read) goes
 * to exactly one part, so the parts add up to the latency:
 *
 *   irq          a device IRQ handler ran (irq_handler_entry..exit)
 *   softirq      a softirq ran (softirq_entry..exit)
 *   expiry       before E, the kernel's expiry of our timer (the time its
 *                hrtimer_expire_entry read, exact to the ns): the timer
 *                interrupt's own delay, and the timers it ran before ours
 *   hrtimer      after E, another hrtimer's callback in the interrupt
 *   timer-irq    after E, the rest of the timer interrupt (our callback,
 *                which wakes us)
 *   task         after E, another task held the CPU (pid, policy, priority)
 *   wake         after E, the CPU idle or switching: woken to running
 *   run          our task ran to its clock read
 *   signal       after the signal's delivery (signal_deliver) to the
 *                handler's clock read
 *   unexplained  what the trace cannot place: before the first event, a
 *                gap over lost events, a switch the trace does not show
 *                between two tasks, the time before our task ran when the
 *                expiry is not in the trace
 *
 * An IRQ or softirq wins over the rest, whenever it ran. Our timer is the
 * hrtimer whose last start before D was armed for D (its softexpires on
 * the cell's clock or on monotonic); failing that, the expiry whose
 * callback woke our task (sched_waking, signal_generate); failing that,
 * the wakeup stands for the expiry, and the analysis says what it lacks.
 * Times are those of the trace (to the us, rounded), except D, W and E,
 * which are exact: a part is within 1 us of the truth, their sum exact.
 * Pure: text in, parts out.
 */
#ifndef TL_TRACE_ANALYSIS_H
#define TL_TRACE_ANALYSIS_H

#include <stddef.h>

#include "result.h"

/* The events timerlab asks for, in the tracefs "system:event" form;
 * sched_wakeup stands in for sched_waking on kernels without it. */
extern const char *const tl_trace_wanted_events[];
extern const size_t tl_trace_wanted_event_count;

/*
 * Explain the spike whose excerpt is text: sample, latency, expiry_ns,
 * parts, lacks and culprit (malloc'd, into *spike; next_latency_ns -1,
 * file NULL). 0, -EINVAL when the header lacks what it needs, -ENOMEM.
 */
int tl_trace_analyse(const char *text, size_t size, struct tl_spike *spike);

/* "KEY sample N: 462 us late: task hog (pid 812, FIFO 99) ran 455 us":
 * the largest part, in one line. */
void tl_spike_culprit(const char *key, const struct tl_spike *spike, char *buf,
		      size_t size);

/* "task hog (pid 812, FIFO 99) ran 455 us", "IRQ 11 virtio0 ran 30 us", ... */
void tl_spike_part_describe(const struct tl_spike_part *part, char *buf, size_t size);

#endif
