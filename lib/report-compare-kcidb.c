/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A comparison as KCIDB tests (the rules are in kcidb.h). A KCIDB test
 * belongs to one build, so this writer takes BASE and one NEW result, the
 * build being NEW's, and writes one test per cell and one per gate:
 *
 *	cell  path timerlab.compare.latency.<the cell's path, as in a run>
 *	      absent from a side, or n/a        SKIP
 *	      tripped a gate                    FAIL, naming each gate
 *	      otherwise                         DONE: NEW's measurement, with
 *	                                        how it moved; it is never PASS,
 *	                                        since a gate may have been unable
 *	                                        to test it (too few rounds), and
 *	                                        the gate's own test says so
 *	      number: NEW's p99 in seconds; misc: each metric's base, value,
 *	      change and test, where known
 *	gate  path timerlab.compare.gate.<the gate as given, each character
 *	      outside [a-zA-Z0-9_-] as _>
 *	      tripped FAIL; judged on no cell SKIP; otherwise PASS
 *
 * Ids are "<origin>:timerlab:compare:<NEW host>:<NEW start>:<BASE start>:"
 * then "cell:<key>" or "gate:<n>"; environment and start_time are NEW's.
 */
#include <errno.h>
#include <string.h>

#include "cell-verdict.h"
#include "kcidb.h"
#include "report-compare.h"

static json_t *kcidb_changes(struct tl_kcidb *kcidb, const struct tl_compare_cell *cell)
{
	json_t *changes = json_object();

	for (int m = 0; m < TL_METRIC_COUNT && changes; m++) {
		const struct tl_change *change =
			tl_compare_change(cell, 1, (enum tl_metric)m);
		json_t *object;

		if (!change->known)
			continue;
		object = json_pack("{s:f, s:f, s:f}", "base", change->base, "value",
				   change->value, "delta", change->delta);
		if (object && change->has_percent)
			tl_kcidb_set(kcidb, object, "percent",
				     json_real(change->percent));
		if (object && change->tested) {
			tl_kcidb_set(kcidb, object, "p", json_real(change->p));
			tl_kcidb_set(kcidb, object, "p_adjusted",
				     json_real(change->p_adjusted));
			tl_kcidb_set(kcidb, object, "significant",
				     json_boolean(change->significant));
		}
		tl_kcidb_set(kcidb, changes, tl_metric_name((enum tl_metric)m), object);
	}
	if (!changes)
		kcidb->err = -ENOMEM;
	return changes;
}

/* The gates this cell tripped, "; "-joined. */
static void kcidb_trips(const struct tl_comparison *comparison, size_t c, char *text,
			size_t size)
{
	text[0] = '\0';
	for (size_t g = 0; g < comparison->gate_count; g++) {
		const struct tl_gate_verdict *verdict = &comparison->gates[g];

		for (size_t t = 0; t < verdict->trip_count; t++) {
			char trip[512], item[720];

			if (verdict->trips[t].cell != c)
				continue;
			tl_compare_text_trip(comparison, verdict, &verdict->trips[t],
					     trip, sizeof(trip));
			snprintf(item, sizeof(item), "gate %s: %s", verdict->gate.text,
				 trip);
			if (text[0])
				strncat(text, "; ", size - strlen(text) - 1);
			strncat(text, item, size - strlen(text) - 1);
		}
	}
}

static void kcidb_compare_cell(struct tl_kcidb *kcidb,
			       const struct tl_comparison *comparison, size_t c,
			       const char *run)
{
	const struct tl_compare_cell *row = &comparison->cells[c];
	const struct tl_cell_result *base = row->cells[0], *cell = row->cells[1];
	const struct tl_compare_input *input = &comparison->inputs[1];
	char path[512], id[1024], comment[4096];
	struct tl_kcidb_test test = { .local_id = id,
				      .path = path,
				      .comment = comment,
				      .env = &input->result.env,
				      .start_time = input->result.started };

	tl_kcidb_cell_path("timerlab.compare.latency", cell ? cell : base, path,
			   sizeof(path));
	snprintf(id, sizeof(id), "%s:cell:%s", run, row->key);
	kcidb_trips(comparison, c, comment, sizeof(comment));
	if (!base || !cell || base->unsupported || cell->unsupported) {
		test.status = TL_KCIDB_SKIP;
		snprintf(comment, sizeof(comment), "%s",
			 !cell		     ? "not in the new result"
			 : !base	     ? "not in the base result"
			 : cell->unsupported ? cell->unsupported
					     : base->unsupported);
	} else {
		test.status = comment[0] ? TL_KCIDB_FAIL : TL_KCIDB_DONE;
		if (!comment[0])
			tl_cell_summary(cell, comment, sizeof(comment));
	}
	if (cell && cell->samples) {
		test.has_number = true;
		test.number_s = (double)cell->p99_ns / 1e9;
	}
	test.misc = json_pack("{s:s, s:s}", "key", row->key, "base_label",
			      comparison->inputs[0].label);
	if (test.misc)
		tl_kcidb_set(kcidb, test.misc, "changes", kcidb_changes(kcidb, row));
	else
		kcidb->err = -ENOMEM;
	tl_kcidb_add(kcidb, &test);
}

static void kcidb_compare_gate(struct tl_kcidb *kcidb,
			       const struct tl_comparison *comparison, size_t g,
			       const char *run)
{
	const struct tl_gate_verdict *verdict = &comparison->gates[g];
	const struct tl_compare_input *input = &comparison->inputs[1];
	char path[512] = "timerlab.compare.gate", id[1024], comment[4096], trip[512];
	struct tl_kcidb_test test = { .local_id = id,
				      .path = path,
				      .comment = comment,
				      .env = &input->result.env,
				      .start_time = input->result.started };

	tl_kcidb_path_append(path, sizeof(path), verdict->gate.text);
	snprintf(id, sizeof(id), "%s:gate:%zu", run, g + 1);
	tl_compare_text_verdict(verdict, comment, sizeof(comment));
	for (size_t t = 0; t < verdict->trip_count; t++) {
		tl_compare_text_trip(comparison, verdict, &verdict->trips[t], trip,
				     sizeof(trip));
		strncat(comment, t ? "; " : ": ", sizeof(comment) - strlen(comment) - 1);
		strncat(comment, trip, sizeof(comment) - strlen(comment) - 1);
	}
	test.status = !verdict->passed	 ? TL_KCIDB_FAIL
		      : !verdict->judged ? TL_KCIDB_SKIP
					 : TL_KCIDB_PASS;
	test.misc = json_pack("{s:s, s:I, s:I, s:I}", "gate", verdict->gate.text,
			      "judged", (json_int_t)verdict->judged, "untested",
			      (json_int_t)verdict->untested, "tripped",
			      (json_int_t)verdict->trip_count);
	if (!test.misc)
		kcidb->err = -ENOMEM;
	tl_kcidb_add(kcidb, &test);
}

int tl_report_compare_kcidb(FILE *out, const struct tl_comparison *comparison,
			    const struct tl_format_options *options)
{
	const struct tl_result *base = &comparison->inputs[0].result;
	const struct tl_result *result = &comparison->inputs[1].result;
	struct tl_kcidb kcidb;
	char run[512];
	int err;

	if (comparison->input_count != 2)
		return -EINVAL;
	err = tl_kcidb_begin(&kcidb, options->kcidb_origin, options->kcidb_build_id);
	if (err)
		return err;
	snprintf(run, sizeof(run), "timerlab:compare:%s:%s:%s", result->env.hostname,
		 result->started, base->started);
	for (size_t c = 0; c < comparison->cell_count; c++)
		kcidb_compare_cell(&kcidb, comparison, c, run);
	for (size_t g = 0; g < comparison->gate_count; g++)
		kcidb_compare_gate(&kcidb, comparison, g, run);
	return tl_kcidb_end(&kcidb, out);
}
