/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A markdown summary for a CI job summary or a pull-request comment: one
 * line on how the numbers were obtained, the side-by-side table, the gates
 * with their verdicts, and the checks' totals with each that did not pass;
 * a traced run's spikes, each one's culprit.
 * Latencies in us; a percentile with fewer than TL_TAIL_MIN_ABOVE samples
 * above it is marked "~", a rough figure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "time.h"

/* Text a result holds, inside a line or a table cell: a "|" would end the
 * cell, a line break the row or the heading, and "<" or "&" would be taken
 * for HTML by the viewers that render Markdown. */
static void md_text(FILE *out, const char *text)
{
	for (; text && *text; text++) {
		if (*text == '|')
			fputs("\\|", out);
		else if (*text == '<')
			fputs("&lt;", out);
		else if (*text == '>')
			fputs("&gt;", out);
		else if (*text == '&')
			fputs("&amp;", out);
		else
			fputc(*text == '\n' || *text == '\r' ? ' ' : *text, out);
	}
}

/* Text as a code span: shown as it is, but a backtick would end the span,
 * and "|" and a line break the table, as in md_text. */
static void md_code(FILE *out, const char *text)
{
	fputc('`', out);
	for (; text && *text; text++) {
		if (*text == '|')
			fputs("\\|", out);
		else
			fputc(*text == '`'		       ? '\''
			      : *text == '\n' || *text == '\r' ? ' '
							       : *text,
			      out);
	}
	fputc('`', out);
}

static void md_environment(FILE *out, const struct tl_result *result)
{
	const struct tl_env *env = &result->env;

	fprintf(out, "### timerlab ");
	md_text(out, result->tool_version);
	fputs(" on ", out);
	md_text(out, env->hostname);
	fputs(", Linux ", out);
	md_text(out, env->kernel_release);
	fputs("\n\npreempt ", out);
	md_text(out, env->preempt);
	fprintf(out, ", HZ %d, clocksource ", env->hz);
	md_text(out, env->clocksource);
	fprintf(out, ", %s", env->virtualized ? "virtualized" : "not virtualized");
	if (env->realtime.known) {
		fputs(", measured at ", out);
		md_text(out, env->realtime.policy);
		fprintf(out, " %d on CPU %d%s", env->realtime.priority, env->realtime.cpu,
			env->realtime.mlocked ? ", mlocked" : "");
	}
	fputs(", load: ", out);
	md_text(out, env->load_command[0] ? env->load_command : "none");
	fputs("; started ", out);
	md_text(out, result->started);
	fprintf(out, "%s\n\n",
		result->checkpoint ? ", **partial: a checkpoint of a run not finished**"
		: result->interrupted ? ", **interrupted**"
				      : "");
}

static void md_latency(FILE *out, int64_t ns, uint64_t above)
{
	fprintf(out, " %s%.1f |", above < TL_TAIL_MIN_ABOVE ? "~" : "", (double)ns / 1e3);
}

static void md_cell(FILE *out, const struct tl_cell_result *cell)
{
	fputs("| ", out);
	md_code(out, cell->key);
	fprintf(out, "%s |", cell->emulated ? " (emulated)" : "");
	if (cell->unsupported || !cell->samples) {
		fputs(" ", out);
		if (cell->unsupported)
			fputs("n/a: ", out);
		md_text(out, cell->unsupported ? cell->unsupported : cell->error);
		fputs(" | | | | | | | | | |\n", out);
		return;
	}
	fprintf(out, " %llu | %.1f |", (unsigned long long)cell->samples,
		(double)cell->min_ns / 1e3);
	md_latency(out, cell->p50_ns, cell->p50_above);
	md_latency(out, cell->p90_ns, cell->p90_above);
	md_latency(out, cell->p99_ns, cell->p99_above);
	md_latency(out, cell->p999_ns, cell->p999_above);
	fprintf(out, " %.1f | %.1f | %llu | %llu |", (double)cell->max_ns / 1e3,
		cell->stddev_ns / 1e3, (unsigned long long)cell->early,
		(unsigned long long)cell->missed);
	if (cell->error) {
		fputs(" error: ", out);
		md_text(out, cell->error);
	}
	fputc('\n', out);
}

static void md_gates(FILE *out, const struct tl_result *result)
{
	if (!result->gate_count)
		return;
	fputs("**Gates**\n\n", out);
	for (size_t g = 0; g < result->gate_count; g++) {
		const struct tl_gate_result *gate = &result->gates[g];
		char limit[32], value[32];

		tl_duration_format(gate->limit_ns, limit, sizeof(limit));
		fputs("- ", out);
		md_text(out, gate->rule);
		if (gate->pattern[0]) {
			fputc(' ', out);
			md_code(out, gate->pattern);
		}
		if (strcmp(gate->rule, "fail_on_early") != 0)
			fprintf(out, " %s", limit);
		fprintf(out, ": %s", gate->passed ? "passed" : "**tripped** by");
		for (size_t f = 0; f < gate->failure_count; f++) {
			const struct tl_gate_failure *failure = &gate->failures[f];

			if (strcmp(gate->rule, "fail_on_early") == 0)
				snprintf(value, sizeof(value), "%lld early",
					 (long long)failure->value_ns);
			else
				tl_duration_format(failure->value_ns, value,
						   sizeof(value));
			fprintf(out, "%s ", f ? "," : "");
			md_code(out, failure->key);
			fprintf(out, " (%s)", value);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void md_checks(FILE *out, const struct tl_result *result)
{
	size_t totals[TL_VERDICT_COUNT] = { 0 };

	if (!result->check_count)
		return;
	for (size_t i = 0; i < result->check_count; i++)
		if ((unsigned)result->checks[i].verdict < TL_VERDICT_COUNT)
			totals[result->checks[i].verdict]++;
	fputs("**Checks**:", out);
	for (int v = 0; v < TL_VERDICT_COUNT; v++)
		fprintf(out, "%s %s %zu", v ? "," : "",
			tl_verdict_name((enum tl_verdict)v), totals[v]);
	fputs("\n\n", out);
	for (size_t i = 0; i < result->check_count; i++) {
		const struct tl_check_result *check = &result->checks[i];

		if (check->verdict == TL_VERDICT_PASS ||
		    check->verdict == TL_VERDICT_SKIP)
			continue;
		fputs("- ", out);
		md_code(out, check->name);
		fprintf(out, ": **%s**: ", tl_verdict_name(check->verdict));
		md_text(out, check->reason);
		fputc('\n', out);
	}
	fputc('\n', out);
}

/* A traced run's spikes: each one's culprit, in one line. */
static void md_spikes(FILE *out, const struct tl_result *result)
{
	bool any = false;

	for (size_t i = 0; i < result->cell_count; i++)
		for (size_t k = 0; k < result->cells[i].spike_count; k++) {
			if (!any)
				fprintf(out,
					"**Spikes** (wakeups over %.0f us, from a trace):\n\n",
					(double)result->options.trace_over_ns / 1000.0);
			any = true;
			fputs("- ", out);
			md_text(out, result->cells[i].spikes[k].culprit);
			fputc('\n', out);
		}
	if (any)
		fputc('\n', out);
}

int tl_report_md(FILE *out, const struct tl_result *result)
{
	md_environment(out, result);
	if (result->cell_count) {
		fputs("| cell | samples | min | p50 | p90 | p99 | p99.9 | max | stddev | early | missed |\n"
		      "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
		      out);
		for (size_t i = 0; i < result->cell_count; i++)
			md_cell(out, &result->cells[i]);
		fprintf(out,
			"\nLatencies in us; ~: fewer than %d samples above that percentile, a rough figure.\n\n",
			TL_TAIL_MIN_ABOVE);
	}
	md_spikes(out, result);
	md_gates(out, result);
	md_checks(out, result);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}
