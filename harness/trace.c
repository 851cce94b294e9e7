/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "trace.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/atomic-file.h"
#include "../lib/env.h"
#include "../lib/format.h"
#include "../lib/time.h"
#include "../lib/trace-analysis.h"
#include "../lib/trace-excerpt.h"
#include "interrupt.h"

/* Before the deadline, the excerpt keeps one interval (where the timer was
 * armed, after the previous wake), at most 10 ms of it, and 100 us more. */
#define TRACE_LEAD_MAX_NS (10 * TL_NS_PER_MS)
#define TRACE_LEAD_EXTRA_NS (100 * TL_NS_PER_US)

/* A second SIGINT or SIGTERM exits at once: it undoes this too. */
static void trace_guard(const struct tl_trace_session *session)
{
	const char *dirs[TL_TRACE_MAX_CPUS];
	int fds[TL_TRACE_MAX_CPUS][2];

	for (size_t i = 0; i < session->cpu_count; i++) {
		dirs[i] = session->cpus[i].instance.dir;
		fds[i][0] = session->cpus[i].instance.marker_fd;
		fds[i][1] = session->cpus[i].instance.on_fd;
	}
	tl_interrupt_guard_trace(dirs, (const int(*)[2])fds, session->cpu_count,
				 session->mounted ? session->root : NULL);
}

int tl_trace_start(struct tl_trace_session *session, const char *root, const int *cpus,
		   size_t count, const char *run_dir, char *why, size_t why_size)
{
	int err;

	memset(session, 0, sizeof(*session));
	snprintf(session->root, sizeof(session->root), "%s", root);
	if (run_dir)
		snprintf(session->spikes_dir, sizeof(session->spikes_dir), "%s/spikes",
			 run_dir);
	if (count > TL_TRACE_MAX_CPUS) {
		snprintf(why, why_size, "more than %d CPUs to trace", TL_TRACE_MAX_CPUS);
		return -E2BIG;
	}
	err = tl_tracefs_mount(root, &session->mounted);
	if (err) {
		snprintf(why, why_size, "cannot mount tracefs at %s: %s", root,
			 strerror(-err));
		return err;
	}
	tl_tracefs_remove_leftovers(root);
	for (size_t i = 0; i < count && !err; i++) {
		struct tl_trace_cpu *cpu = &session->cpus[session->cpu_count];
		char name[64];

		if (count == 1)
			snprintf(name, sizeof(name), TL_TRACEFS_PREFIX "%d",
				 (int)getpid());
		else
			snprintf(name, sizeof(name), TL_TRACEFS_PREFIX "%d-cpu%d",
				 (int)getpid(), cpus[i]);
		cpu->cpu = cpus[i];
		err = tl_tracefs_instance_create(root, name, cpus[i], &cpu->instance,
						 session->events,
						 sizeof(session->events));
		if (err)
			snprintf(why, why_size,
				 "cannot make the trace instance %s/instances/%s: %s",
				 root, name, strerror(-err));
		else
			session->cpu_count++;
	}
	if (err) {
		tl_trace_stop(session);
		return err;
	}
	session->active = true;
	trace_guard(session);
	return 0;
}

void tl_trace_stop(struct tl_trace_session *session)
{
	for (size_t i = 0; i < session->cpu_count; i++)
		tl_tracefs_instance_remove(&session->cpus[i].instance);
	session->cpu_count = 0;
	if (session->mounted)
		tl_tracefs_unmount(session->root);
	session->mounted = session->active = false;
	/* only now: a second signal meanwhile undoes again what is left (a
	 * removed instance, an unmounted tracefs, stays so) */
	tl_interrupt_guard_trace(NULL, NULL, 0, NULL);
}

struct tl_trace_session *tl_trace_open(const int *cpus, size_t count, const char *run_dir,
				       struct tl_env *env, char *why, size_t why_size)
{
	struct tl_trace_session *session = malloc(sizeof(*session));

	if (!session) {
		snprintf(why, why_size, "out of memory");
		return NULL;
	}
	if (tl_trace_start(session, TL_TRACEFS_ROOT, cpus, count, run_dir, why,
			   why_size) < 0) {
		free(session);
		return NULL;
	}
	env->traced = true;
	snprintf(env->trace_events, sizeof(env->trace_events), "%s", session->events);
	return session;
}

void tl_trace_close(struct tl_trace_session *session)
{
	if (!session)
		return;
	tl_trace_stop(session);
	free(session);
}

struct tl_trace_cpu *tl_trace_cpu_of(struct tl_trace_session *session, int cpu)
{
	for (size_t i = 0; i < session->cpu_count; i++)
		if (session->cpus[i].cpu == cpu)
			return &session->cpus[i];
	return NULL;
}

void tl_trace_block_begin(struct tl_trace_block *block)
{
	tl_tracefs_clear(&block->cpu->instance);
	tl_tracefs_set_on(&block->cpu->instance, true);
}

void tl_trace_block_end(struct tl_trace_block *block)
{
	tl_tracefs_set_on(&block->cpu->instance, false);
}

void tl_trace_block_drop(struct tl_trace_block *block)
{
	for (size_t i = 0; i < block->count; i++)
		tl_spike_free(&block->spikes[i]);
	block->count = 0;
}

/* A task's policy and priority as the kernel has them now; false when it
 * is gone (the analysis then goes by the trace's prio). */
static bool trace_policy(int pid, struct tl_trace_task *task)
{
	static const char *const names[] = { "OTHER", "FIFO", "RR",	 "BATCH",
					     "ISO",   "IDLE", "DEADLINE" };
	struct sched_param param;
	int policy = sched_getscheduler(pid);

	if (policy < 0 || sched_getparam(pid, &param) < 0)
		return false;
	policy &= ~SCHED_RESET_ON_FORK;
	task->pid = pid;
	snprintf(task->policy, sizeof(task->policy), "%s",
		 policy >= 0 && policy < 7 ? names[policy] : "?");
	if (policy == SCHED_FIFO || policy == SCHED_RR) {
		task->priority = param.sched_priority;
	} else {
		errno = 0;
		task->priority = getpriority(PRIO_PROCESS, (id_t)pid);
		if (errno)
			task->priority = 0;
	}
	return true;
}

/* The header of a spike's excerpt, the tasks its span names included. */
static void trace_header(const struct tl_trace_block *block,
			 const struct tl_spike_slot *slot, int pid, const char *span,
			 size_t span_size, struct tl_trace_header *header)
{
	int pids[TL_TRACE_MAX_TASKS];
	size_t count = tl_trace_excerpt_pids(span, span_size, pids, TL_TRACE_MAX_TASKS);

	memset(header, 0, sizeof(*header));
	snprintf(header->key, sizeof(header->key), "%s", block->key);
	header->sample = block->first_sample + slot->sample;
	header->latency_ns = slot->wake_ns - slot->deadline_ns;
	header->deadline_ns = slot->deadline_ns;
	header->wake_ns = slot->wake_ns;
	header->offset_ns = slot->offset_ns;
	header->interval_ns = block->interval_ns;
	header->pid = pid;
	header->cpu = block->cpu->cpu;
	snprintf(header->events, sizeof(header->events), "%s", block->session->events);
	for (size_t i = 0; i < count; i++)
		if (trace_policy(pids[i], &header->tasks[header->task_count]))
			header->task_count++;
}

/* The excerpt as text: the header, then the span of the trace. */
static char *trace_excerpt(const struct tl_trace_header *header, const char *span,
			   size_t span_size, size_t *size)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, size);

	if (!out)
		return NULL;
	tl_trace_header_write(out, header);
	fwrite(span, 1, span_size, out);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* spikes/<cell>-<sample>.txt in the run folder; the name relative to it,
 * malloc'd, or NULL when it could not be written. */
static char *trace_keep(struct tl_trace_session *session, const char *key,
			uint64_t sample, const char *text, size_t size)
{
	struct tl_atomic_file file;
	char name[256], relative[300], path[PATH_MAX + 320];

	if (!session->spikes_dir[0])
		return NULL;
	if (!session->spikes_dir_made && mkdir(session->spikes_dir, 0755) < 0 &&
	    errno != EEXIST)
		return NULL;
	session->spikes_dir_made = true;
	tl_format_cell_file_name(key, name, sizeof(name));
	snprintf(relative, sizeof(relative), "spikes/%s-%llu.txt", name,
		 (unsigned long long)sample);
	snprintf(path, sizeof(path), "%s/%s", session->spikes_dir, relative + 7);
	if (tl_atomic_file_open(&file, path) < 0)
		return NULL;
	if (fwrite(text, 1, size, file.stream) != size) {
		tl_atomic_file_abort(&file);
		return NULL;
	}
	return tl_atomic_file_commit(&file) == 0 ? strdup(relative) : NULL;
}

/* A spike whose trace could not be read: all of it unexplained. */
static void trace_unexplained(const struct tl_trace_block *block,
			      const struct tl_spike_slot *slot, const char *why,
			      struct tl_spike *spike)
{
	char culprit[512];

	memset(spike, 0, sizeof(*spike));
	spike->sample = block->first_sample + slot->sample;
	spike->latency_ns = slot->wake_ns - slot->deadline_ns;
	spike->expiry_ns = spike->next_latency_ns = -1;
	spike->parts = calloc(1, sizeof(*spike->parts));
	if (spike->parts) {
		snprintf(spike->parts->kind, sizeof(spike->parts->kind), "unexplained");
		snprintf(spike->parts->name, sizeof(spike->parts->name),
			 "not placed by the trace");
		spike->parts->pid = spike->parts->irq = -1;
		spike->parts->duration_ns = spike->latency_ns;
		spike->parts->stretches = 1;
		spike->part_count = 1;
	}
	snprintf(culprit, sizeof(culprit),
		 "%s sample %llu: %.0f us late: not explained: %s", block->key,
		 (unsigned long long)spike->sample, (double)spike->latency_ns / 1000.0,
		 why);
	spike->culprit = strdup(culprit);
	spike->lacks = strdup(why);
}

/* Explain the spike from the instance's trace; 0 or the reason it could not. */
static const char *trace_explain(struct tl_trace_block *block,
				 const struct tl_spike_slot *slot, int pid,
				 struct tl_spike *spike)
{
	const int64_t lead = block->interval_ns < TRACE_LEAD_MAX_NS ? block->interval_ns
								    : TRACE_LEAD_MAX_NS;
	const int64_t deadline = slot->deadline_ns - slot->offset_ns;
	const int64_t wake = slot->wake_ns - slot->offset_ns;
	struct tl_trace_header *header = malloc(sizeof(*header));
	char marker[64], *trace = NULL, *excerpt = NULL;
	size_t size, start, end, excerpt_size = 0;
	const char *why = NULL;

	snprintf(marker, sizeof(marker), "timerlab spike sample=%llu ",
		 (unsigned long long)slot->sample);
	if (!header)
		why = "out of memory";
	else if (tl_tracefs_read(&block->cpu->instance, &trace, &size) < 0)
		why = "the trace could not be read";
	if (!why) {
		tl_trace_excerpt_span(trace, size, deadline - lead - TRACE_LEAD_EXTRA_NS,
				      wake + TL_NS_PER_MS, marker, &start, &end);
		trace_header(block, slot, pid, trace + start, end - start, header);
		excerpt =
			trace_excerpt(header, trace + start, end - start, &excerpt_size);
		if (!excerpt || tl_trace_analyse(excerpt, excerpt_size, spike) < 0)
			why = "out of memory";
	}
	if (!why)
		spike->file = trace_keep(block->session, block->key, spike->sample,
					 excerpt, excerpt_size);
	free(excerpt);
	free(trace);
	free(header);
	return why;
}

void tl_trace_block_save(void *context, const struct tl_spike_slot *slot, int pid)
{
	struct tl_trace_block *block = context;
	const char *why;

	if (block->count == TL_SPIKE_SLOTS)
		return;
	why = trace_explain(block, slot, pid, &block->spikes[block->count]);
	if (why)
		trace_unexplained(block, slot, why, &block->spikes[block->count]);
	block->count++;
	/* what the buffer held is saved: empty it, and trace again */
	tl_trace_block_begin(block);
}

int tl_trace_block_fold(struct tl_trace_block *block, const struct tl_spike_slot *slots,
			uint32_t slot_count, struct tl_cell_result *cell)
{
	int err = 0;

	for (size_t i = 0; i < block->count; i++) {
		struct tl_spike *spike = &block->spikes[i];

		for (uint32_t k = 0; k < slot_count; k++)
			if (block->first_sample + slots[k].sample == spike->sample)
				spike->next_latency_ns = slots[k].next_latency_ns;
		if (!err)
			err = tl_cell_result_add_spike(cell, spike);
		tl_spike_free(spike);
	}
	block->count = 0;
	return err;
}
