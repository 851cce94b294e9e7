/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A result as KCIDB tests (the rules are in kcidb.h): one test per cell and
 * one per check, each in the build given and from the origin given.
 *
 *	cell   path timerlab.latency.<path>.<variant>.<signal>.<clock>.<arm>.
 *	       <interval in ns>, with .cpu<N> under --smp; the parts a path
 *	       lacks are left out
 *	       n/a                                   SKIP
 *	       its measurement failed                ERROR
 *	       an early wakeup, or a gate tripped    FAIL (lib/cell-verdict.h)
 *	       judged by a gate, within it           PASS
 *	       otherwise                             DONE: a measurement, no verdict
 *	       number: its p99 in seconds; duration: the span of the deadlines
 *	       it served, (samples + missed) x interval; misc: the rest of it
 *	check  path timerlab.check.<name>
 *	       pass PASS, fail FAIL, skip SKIP, error ERROR
 *	       timeout  ERROR: it did not complete, so the kernel's status is
 *	                unknown, which is what ERROR says
 *	       xfail    DONE: it failed inside the range of kernels declared to
 *	                fail it, a known bug; FAIL would report it anew on every
 *	                run of those kernels and PASS would call it correct
 *	       xpass    PASS, with a comment that the declaration is stale
 *	       misc.verdict keeps timerlab's own word.
 *
 * Ids are "<origin>:timerlab:<host>:<start>:cell:<key>" and
 * "...:check:<name>": rendering one result again gives the same ids, so a
 * second submission updates its tests rather than adding twins. start_time
 * is the run's start for every test: a result keeps no start per cell.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cell-verdict.h"
#include "format.h"
#include "kcidb.h"
#include "report.h"
#include "result-fields.h"

/* The cell's fields, its attribution and its rounds' summaries. */
static json_t *kcidb_cell_misc(struct tl_kcidb *kcidb, const struct tl_cell_result *cell)
{
	json_t *misc = tl_kcidb_fields(kcidb, cell, tl_result_cell_fields,
				       tl_result_cell_fields_count);
	json_t *rounds;

	if (!misc || cell->unsupported)
		return misc;
	if (tl_json_write_fields(misc, cell, tl_result_measured_fields,
				 tl_result_measured_fields_count) < 0)
		kcidb->err = -ENOMEM;
	tl_kcidb_set(kcidb, misc, "attribution",
		     tl_kcidb_fields(kcidb, &cell->attribution,
				     tl_result_attribution_fields,
				     tl_result_attribution_fields_count));
	rounds = json_array();
	for (size_t i = 0; i < cell->round_count && rounds; i++)
		if (json_array_append_new(
			    rounds, tl_kcidb_fields(kcidb, &cell->rounds[i],
						    tl_result_round_fields,
						    tl_result_round_fields_count)) < 0)
			kcidb->err = -ENOMEM;
	tl_kcidb_set(kcidb, misc, "rounds", rounds);
	return misc;
}

static enum tl_kcidb_status kcidb_cell_status(const struct tl_cell_verdict *verdict)
{
	switch (verdict->outcome) {
	case TL_CELL_SKIPPED:
		return TL_KCIDB_SKIP;
	case TL_CELL_ERROR:
		return TL_KCIDB_ERROR;
	case TL_CELL_FAILED:
		return TL_KCIDB_FAIL;
	case TL_CELL_PASSED:
		break;
	}
	return verdict->gates ? TL_KCIDB_PASS : TL_KCIDB_DONE;
}

static void kcidb_cell(struct tl_kcidb *kcidb, const struct tl_result *result,
		       const struct tl_cell_result *cell)
{
	struct tl_cell_verdict verdict;
	char path[512], id[768], summary[256];
	struct tl_kcidb_test test = { .local_id = id, .path = path, .env = &result->env };

	tl_cell_verdict(result, cell, &verdict);
	tl_kcidb_cell_path("timerlab.latency", cell, path, sizeof(path));
	snprintf(id, sizeof(id), "timerlab:%s:%s:cell:%s", result->env.hostname,
		 result->started, cell->key);
	test.status = kcidb_cell_status(&verdict);
	tl_cell_summary(cell, summary, sizeof(summary));
	test.comment = verdict.reason[0] ? verdict.reason : summary;
	if (cell->samples) {
		test.has_number = true;
		test.number_s = (double)cell->p99_ns / 1e9;
		test.has_duration = true;
		test.duration_s = (double)(cell->samples + cell->missed) *
				  (double)cell->interval_ns / 1e9;
	}
	test.start_time = result->started;
	test.misc = kcidb_cell_misc(kcidb, cell);
	tl_kcidb_add(kcidb, &test);
}

static enum tl_kcidb_status kcidb_check_status(enum tl_verdict verdict)
{
	switch (verdict) {
	case TL_VERDICT_PASS:
	case TL_VERDICT_XPASS:
		return TL_KCIDB_PASS;
	case TL_VERDICT_FAIL:
		return TL_KCIDB_FAIL;
	case TL_VERDICT_XFAIL:
		return TL_KCIDB_DONE;
	case TL_VERDICT_SKIP:
		return TL_KCIDB_SKIP;
	case TL_VERDICT_ERROR:
	case TL_VERDICT_TIMEOUT:
		break;
	}
	return TL_KCIDB_ERROR;
}

static void kcidb_check(struct tl_kcidb *kcidb, const struct tl_result *result,
			const struct tl_check_result *check)
{
	char path[512], id[768], comment[1024];
	const char *reason = check->reason ? check->reason : "";
	struct tl_kcidb_test test = { .local_id = id, .path = path, .env = &result->env };

	snprintf(path, sizeof(path), "timerlab.check");
	/* a check's name is its group and test: "timerfd.abs-past" */
	for (const char *part = check->name; *part;) {
		size_t length = strcspn(part, ".");
		char component[256];

		snprintf(component, sizeof(component), "%.*s", (int)length, part);
		tl_kcidb_path_append(path, sizeof(path), component);
		part += length + (part[length] == '.');
	}
	snprintf(id, sizeof(id), "timerlab:%s:%s:check:%s", result->env.hostname,
		 result->started, check->name);
	test.status = kcidb_check_status(check->verdict);
	if (check->verdict == TL_VERDICT_XFAIL || check->verdict == TL_VERDICT_XPASS ||
	    check->verdict == TL_VERDICT_TIMEOUT)
		snprintf(comment, sizeof(comment), "%s%s%s",
			 tl_verdict_name(check->verdict), reason[0] ? ": " : "", reason);
	else
		snprintf(comment, sizeof(comment), "%s", reason);
	test.comment = comment;
	test.start_time = result->started;
	test.has_duration = check->duration_ns > 0;
	test.duration_s = (double)check->duration_ns / 1e9;
	test.misc = json_pack("{s:s}", "verdict", tl_verdict_name(check->verdict));
	if (!test.misc)
		kcidb->err = -ENOMEM;
	tl_kcidb_add(kcidb, &test);
}

int tl_report_kcidb(FILE *out, const struct tl_result *result,
		    const struct tl_format_options *options)
{
	struct tl_kcidb kcidb;
	int err = tl_kcidb_begin(&kcidb, options->kcidb_origin, options->kcidb_build_id);

	if (err)
		return err;
	for (size_t i = 0; i < result->cell_count; i++)
		kcidb_cell(&kcidb, result, &result->cells[i]);
	for (size_t i = 0; i < result->check_count; i++)
		kcidb_check(&kcidb, result, &result->checks[i]);
	return tl_kcidb_end(&kcidb, out);
}
