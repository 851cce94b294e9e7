/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `timerlab run`: options -> plan -> runner -> result -> table and reports.
 * The report folder is made and proven writable before any measuring; an
 * interrupt keeps what was measured, saved and marked interrupted.
 */
#include "command-run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/gate.h"
#include "../lib/result.h"
#include "../lib/time.h"
#include "check-runner.h"
#include "checkpoint.h"
#include "interrupt.h"
#include "load.h"
#include "message.h"
#include "options.h"
#include "output.h"
#include "record.h"
#include "plan.h"
#include "runner.h"
#include "samples.h"
#include "supervise.h"
#include "tee.h"

static int run_status(const struct tl_result *result)
{
	size_t measured = 0, failed = 0;

	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];

		if (cell->unsupported)
			continue;
		measured++;
		failed += cell->error != NULL;
	}
	if (failed)
		tl_warn("%zu of %zu cells could not be measured: see the error column",
			failed, measured);
	return measured && failed == measured ? TL_EXIT_CANNOT : TL_EXIT_OK;
}

static void run_record_options(struct tl_result *result,
			       const struct tl_run_options *options)
{
	struct tl_result_options *record = &result->options;

	record->interval_ns = options->intervals_ns[0];
	record->samples = options->samples;
	record->warmup = options->warmup;
	record->rounds = options->rounds;
	snprintf(record->suite, sizeof(record->suite), "%s",
		 options->suite ? options->suite : "");
	snprintf(record->policy, sizeof(record->policy), "%s",
		 tl_rt_policy_name(options->rt.policy));
	record->priority = options->rt.priority;
	record->cpu = options->rt.cpu;
	record->mlock = options->rt.mlock;
	record->timer_slack_ns = options->rt.timer_slack_ns;
	record->dma_latency_us = options->dma_latency_us;
	snprintf(record->load, sizeof(record->load), "%s",
		 options->load ? options->load : "");
	record->trace_over_ns = options->trace_over_ns ? options->trace_over_ns : -1;
	record->trace_spikes = options->trace_over_ns ? options->trace_spikes : 0;
}

/* Judge the gates, name every cell and limit that tripped; exit status. */
static int run_gates(const struct tl_run_options *options, struct tl_result *result)
{
	int tripped = tl_gates_judge(options->gates, options->gate_count, result);

	if (tripped < 0) {
		tl_error("out of memory");
		return TL_EXIT_CANNOT;
	}
	for (size_t g = 0; g < result->gate_count; g++) {
		const struct tl_gate_result *gate = &result->gates[g];
		char limit[32], value[32];

		tl_duration_format(gate->limit_ns, limit, sizeof(limit));
		for (size_t f = 0; f < gate->failure_count; f++) {
			const struct tl_gate_failure *failure = &gate->failures[f];

			if (options->gates[g].rule == TL_GATE_FAIL_ON_EARLY) {
				tl_error("gate fail_on_early: %s woke early %lld times",
					 failure->key, (long long)failure->value_ns);
				continue;
			}
			tl_duration_format(failure->value_ns, value, sizeof(value));
			tl_error("gate %s%s%s %s: %s is %s", gate->rule,
				 gate->pattern[0] ? " " : "", gate->pattern, limit,
				 failure->key, value);
		}
	}
	return tripped ? TL_EXIT_FAILED : TL_EXIT_OK;
}

/*
 * --checks: the checks after the cells, into the same result, so one file
 * per machine or kernel carries both. The KTAP goes to stdout as each check
 * ends and is kept, diagnostics and all, for --format ktap. Returns 0 or the
 * exit status of a failure to run them.
 */
static int run_checks(struct tl_result *result, struct tl_output *output,
		      bool destructive)
{
	struct tl_check_options options;
	struct tl_tee tee;
	int err;

	tl_check_options_defaults(&options);
	options.stop = &tl_interrupt_signal;
	options.destructive = destructive;
	/* with --out -, stdout carries the JSON: the KTAP goes to stderr */
	err = tl_tee_open(&tee, output->to_stdout ? stderr : stdout);
	if (!err) {
		err = tl_check_run_all(&options, tee.stream, result);
		tl_tee_close(&tee);
		/* freed with the output, in run_main */
		output->render.ktap_shown = tee.copy_text;
		output->render.ktap_shown_size = tee.copy_size;
	}
	if (err) {
		tl_error("run --checks: %s", strerror(-err));
		return TL_EXIT_CANNOT;
	}
	result->interrupted = tl_interrupt_signal != 0;
	return 0;
}

/* The plan's expected time; a plan over TL_PLAN_MAX_NS, or one whose time
 * does not even fit in int64 ns, is refused before anything is made. */
static int64_t run_plan_time(const struct tl_plan *plan)
{
	const double day_ns = 24 * 3600 * 1e9;
	int64_t ns;

	if (tl_plan_expected(plan, &ns) < 0)
		tl_usage_fail(
			"run: the plan would take more than 292 years, over the %.0f-day limit: fewer --samples, a shorter --interval or fewer cells",
			(double)TL_PLAN_MAX_NS / day_ns);
	if (ns > TL_PLAN_MAX_NS)
		tl_usage_fail(
			"run: the plan would take %.1f days, over the %.0f-day limit: fewer --samples, a shorter --interval or fewer cells",
			(double)ns / day_ns, (double)TL_PLAN_MAX_NS / day_ns);
	return ns;
}

static void run_announce(const struct tl_plan *plan, int64_t expected_ns,
			 const struct tl_output *output)
{
	char expected[32];

	tl_duration_format(expected_ns / TL_NS_PER_MS * TL_NS_PER_MS, expected,
			   sizeof(expected));
	fprintf(stderr,
		"timerlab: measuring %zu cells in %llu rounds (%zu blocks), about %s%s%s\n",
		plan->count, (unsigned long long)plan->rounds, tl_plan_block_count(plan),
		expected, output->to_stdout ? "" : "; reports in ",
		output->to_stdout ? "" : output->run_dir);
}

/*
 * Hold /dev/cpu_dma_latency for the run (the request lasts while the fd is
 * open); -1 when not held. Failing is a warning only when it was asked for.
 */
static int run_hold_dma_latency(const struct tl_run_options *options,
				struct tl_result *result)
{
	int fd = -1, err;

	result->env.realtime.dma_latency_us = -1;
	if (options->dma_latency_us < 0)
		return -1;
	err = tl_rt_hold_dma_latency(options->dma_latency_us, &fd,
				     &result->env.realtime.dma_latency_us);
	if (err && options->dma_latency_given)
		tl_warn("cannot hold /dev/cpu_dma_latency at %d us (%s): idle states may add latency",
			(int)options->dma_latency_us, strerror(-err));
	return fd;
}

/* Measure the plan into result; 0 or the exit status of a failure. */
static int run_measure(const struct tl_run_options *options, const struct tl_plan *plan,
		       struct tl_result *result)
{
	int err, dma_fd;

	dma_fd = run_hold_dma_latency(options, result);
	err = tl_runner_run(plan, options, &tl_interrupt_signal, result);
	if (dma_fd >= 0)
		close(dma_fd);
	tl_record_end(result);
	result->interrupted = tl_interrupt_signal != 0;
	if (err) {
		tl_error("run: %s", strerror(-err));
		return TL_EXIT_CANNOT;
	}
	return 0;
}

/*
 * The background load runs around the measuring, and stops on every way
 * out of it. The handlers come first: a signal while the load starts (up
 * to 5 s) would otherwise end timerlab outright, leaving stress-ng to its
 * PDEATHSIG; now the run stops before its first block, with exit 128 +
 * signal. Returns 0 or the exit status of a failure.
 */
static int run_with_load(const struct tl_run_options *options, const struct tl_plan *plan,
			 struct tl_result *result)
{
	struct tl_load load = { 0 };
	char why[768];
	int err, status;

	tl_interrupt_install();
	if (options->load) {
		err = tl_load_start(options->load, &options->cpus, &load, why,
				    sizeof(why));
		if (err == -EINVAL)
			tl_usage_fail("%s", why);
		if (err) {
			tl_error("%s", why);
			return TL_EXIT_CANNOT;
		}
		snprintf(result->env.load_command, sizeof(result->env.load_command), "%s",
			 load.command);
	}
	status = run_measure(options, plan, result);
	tl_load_stop(&load);
	return status;
}

/*
 * --checkpoint: result.json is the checkpoint, so it takes json among the
 * formats and a report folder; without them the default period is quietly
 * off. A checkpoint is written between blocks: blocks longer than the
 * period get more rounds, unless --rounds (or the suite) chose them; then
 * checkpoints come a block apart, and a warning says so.
 */
static void run_plan_checkpoints(struct tl_run_options *options, struct tl_plan *plan)
{
	if (strcmp(options->out, "-") == 0 ||
	    !(options->formats & tl_format_bit("json"))) {
		if (options->checkpoint_given && options->checkpoint_ns)
			tl_usage_fail(
				"run: --checkpoint writes result.json into the report folder: it needs json in --format and no --out -, or --checkpoint off");
		options->checkpoint_ns = 0;
	}
	if (!options->checkpoint_ns)
		return;
	if (!options->rounds_given)
		plan->rounds = options->rounds =
			tl_checkpoint_rounds(plan, options->checkpoint_ns);
}

/* Once the plan is accepted (a refusal is one line): whether checkpoints
 * come as often as asked. */
static void run_warn_checkpoints(const struct tl_run_options *options,
				 const struct tl_plan *plan)
{
	int64_t longest = tl_checkpoint_longest_block(plan);
	char period[32], block[32];

	if (!options->checkpoint_ns || longest <= options->checkpoint_ns)
		return;
	tl_duration_format(options->checkpoint_ns, period, sizeof(period));
	tl_duration_format(longest / TL_NS_PER_MS * TL_NS_PER_MS, block, sizeof(block));
	tl_warn("--checkpoint %s: a block lasts up to %s in %llu rounds, so checkpoints come that far apart",
		period, block, (unsigned long long)plan->rounds);
}

/* --format samples keeps every sample of a block in the measuring child's
 * locked memory: refuse a plan whose largest block would not fit. */
static void run_check_samples(const struct tl_run_options *options,
			      const struct tl_plan *plan)
{
	uint64_t most = 0;

	if (!(options->formats & tl_format_bit("samples")))
		return;
	for (size_t i = 0; i < plan->count; i++) {
		uint64_t block = tl_plan_block_samples(plan, &plan->cells[i], 0);

		if (block > most)
			most = block;
	}
	if (most > TL_SAMPLES_MAX_PER_BLOCK)
		tl_usage_fail(
			"run: --format samples keeps a block's samples in memory, at most %llu (24 bytes each); a block here has %llu: more --rounds, or fewer --samples",
			(unsigned long long)TL_SAMPLES_MAX_PER_BLOCK,
			(unsigned long long)most);
}

/*
 * The file the measuring children append their samples to: unnamed, in the
 * report folder, so that a run that dies leaves nothing half-written; the
 * samples format copies it into samples.csv at the end. -1 when no samples
 * are kept.
 */
static int run_open_samples(const struct tl_run_options *options,
			    const struct tl_output *output)
{
	int fd;

	if (!(options->formats & tl_format_bit("samples")))
		return -1;
	fd = open(output->run_dir, O_TMPFILE | O_RDWR | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || tl_write_all(fd, TL_SAMPLES_HEADER, strlen(TL_SAMPLES_HEADER)) < 0)
		tl_usage_fail("run: --format samples: cannot make a file in %s: %s",
			      output->run_dir, strerror(errno));
	return fd;
}

/* Gates, the table, the files, and the exit status they add up to. */
static int run_finish(const struct tl_run_options *options, struct tl_result *result,
		      struct tl_output *output)
{
	char why[768];
	int gates = run_gates(options, result), status;

	output->render.details = options->details;
	/* the table is printed as well as saved */
	if ((options->formats & tl_format_bit("table")) && !output->to_stdout)
		tl_format_find("table")->write(stdout, result, &output->render);
	if (tl_output_write(output, result, why, sizeof(why)) < 0) {
		tl_error("%s", why);
		return TL_EXIT_CANNOT;
	}
	status = run_status(result);
	if (!status)
		status = gates;
	/* a check that failed, erred or timed out fails the run; skips do not */
	if (!status && options->checks && tl_check_exit_status(result) == TL_EXIT_FAILED)
		status = TL_EXIT_FAILED;
	return status;
}

int tl_run_main(int argc, char **argv)
{
	struct tl_run_options options;
	struct tl_output output;
	struct tl_result result;
	struct tl_plan plan;
	struct tl_checkpoint checkpoint;
	char why[768];
	int64_t expected_ns;
	int err, status;

	err = tl_run_options_parse(argc, argv, &options, why, sizeof(why));
	if (err > 0)
		return TL_EXIT_OK;
	if (err < 0)
		tl_usage_fail("%s", why);
	if (tl_plan_build(&options, &plan) < 0) {
		tl_error("out of memory");
		return TL_EXIT_CANNOT;
	}
	run_plan_checkpoints(&options, &plan);
	expected_ns = run_plan_time(&plan);
	run_check_samples(&options, &plan);
	run_warn_checkpoints(&options, &plan);
	/* argv is main's argv + 1: record the whole command line */
	if (tl_record_begin(&result, argv - 1) < 0) {
		tl_error("out of memory");
		tl_plan_free(&plan);
		return TL_EXIT_CANNOT;
	}
	if (tl_output_prepare(&output, options.out, options.formats, result.env.hostname,
			      result.env.kernel_release, why, sizeof(why)) < 0)
		tl_usage_fail("%s", why);
	run_record_options(&result, &options);
	options.run_dir = output.to_stdout ? NULL : output.run_dir;
	options.samples_fd = run_open_samples(&options, &output);
	output.render.has_samples = options.samples_fd >= 0;
	output.render.samples_fd = options.samples_fd;
	output.render.hist_max_us = options.render.hist_max_us;
	output.render.kcidb_origin = options.render.kcidb_origin;
	output.render.kcidb_build_id = options.render.kcidb_build_id;
	if (options.checkpoint_ns &&
	    tl_checkpoint_start(&checkpoint, options.checkpoint_ns, output.run_dir) == 0)
		options.checkpoint = &checkpoint;
	if (!options.quiet)
		run_announce(&plan, expected_ns, &output);

	status = run_with_load(&options, &plan, &result);
	tl_plan_free(&plan);
	if (!status && options.checks && !result.interrupted)
		status = run_checks(&result, &output, options.destructive);
	if (!status)
		status = run_finish(&options, &result, &output);
	if (result.interrupted) {
		tl_warn("interrupted by signal %d: saved what was measured",
			(int)tl_interrupt_signal);
		status = 128 + tl_interrupt_signal;
	}
	free((char *)output.render.ktap_shown);
	if (options.samples_fd >= 0)
		close(options.samples_fd);
	tl_result_free(&result);
	return status;
}
