/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KTAP version 1, as the kernel's selftests print it
 * (Documentation/dev-tools/ktap.rst): the version line, the plan, one
 * result line per check with its diagnostics as "# " lines before it, and
 * kselftest's closing totals. One writer serves the live run (a line as
 * each check ends, so a reader sees progress) and a saved result.
 *
 *	KTAP version 1
 *	1..3
 *	# realtime: returned 0 in 2.1 us
 *	ok 1 clock-nanosleep.abs-past
 *	not ok 2 posix-timer.sig-ign # XFAIL known to fail before 6.13 (...): ...
 *	ok 3 timerfd.cancel-on-set # SKIP needs --destructive
 *	# Totals: pass:1 fail:0 xfail:1 xpass:0 skip:1 error:0 timeout:0
 *
 * A plain failure carries its reason after "# " on the result line: KTAP's
 * diagnostic data, for the reader who greps "not ok".
 *
 * A result with cells is one document with two subtests, cells and checks,
 * each a KTAP document of its own indented by two spaces, closed by its
 * result line in the parent (the form kunit_parser.py reads, with KUnit's
 * "# Subtest:" line):
 *
 *	KTAP version 1
 *	1..2
 *	  KTAP version 1
 *	  # Subtest: cells
 *	  1..2
 *	  # 2000 samples, us: p50 17.1, p99 31.2, max 205.3, early 0, missed 3
 *	  ok 1 timerfd:read/monotonic/abs@1ms
 *	  ok 2 clock-nanosleep/monotonic/periodic@1ms # SKIP n/a: ...
 *	ok 1 cells
 *	  KTAP version 1
 *	  # Subtest: checks
 *	  ...
 *	ok 2 checks
 *
 * A cell fails on an early wakeup or a tripped gate (lib/cell-verdict.h);
 * the checks subtest fails when a check failed, erred or timed out, as the
 * exit status of `timerlab check` does (an xfail does not).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell-verdict.h"
#include "report.h"

int tl_ktap_begin(struct tl_ktap *ktap, FILE *out, size_t planned)
{
	*ktap = (struct tl_ktap){ .out = out, .planned = planned };
	fprintf(out, "KTAP version 1\n1..%zu\n", planned);
	return ferror(out) ? -EIO : 0;
}

/* Text on one line: a control character would end the line (and the
 * record) early, so it becomes a space. */
static void ktap_text(FILE *out, const char *text)
{
	for (; *text; text++)
		fputc((unsigned char)*text < 0x20 || *text == 0x7f ? ' ' : *text, out);
}

int tl_ktap_diag(struct tl_ktap *ktap, const char *text)
{
	FILE *out = ktap->out;

	fputs("# ", out);
	ktap_text(out, text);
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}

/* The directive KTAP knows for a verdict, and whether it counts as "ok". */
static const char *ktap_directive(enum tl_verdict verdict, bool *ok)
{
	*ok = verdict == TL_VERDICT_PASS || verdict == TL_VERDICT_XPASS ||
	      verdict == TL_VERDICT_SKIP;
	switch (verdict) {
	case TL_VERDICT_XFAIL:
		return "XFAIL";
	case TL_VERDICT_XPASS:
		return "XPASS";
	case TL_VERDICT_SKIP:
		return "SKIP";
	case TL_VERDICT_ERROR:
		return "ERROR";
	case TL_VERDICT_TIMEOUT:
		return "TIMEOUT";
	default:
		return NULL;
	}
}

int tl_ktap_result(struct tl_ktap *ktap, const struct tl_check_result *check)
{
	const char *reason = check->reason && check->reason[0] ? check->reason : NULL;
	FILE *out = ktap->out;
	bool ok;
	const char *directive = ktap_directive(check->verdict, &ok);

	/* a pass has no directive: its reason (what was seen) is a diagnostic */
	if (check->verdict == TL_VERDICT_PASS && reason)
		tl_ktap_diag(ktap, reason);
	fprintf(out, "%s %zu ", ok ? "ok" : "not ok", ++ktap->number);
	ktap_text(out, check->name);
	if (directive || (check->verdict == TL_VERDICT_FAIL && reason))
		fputs(" #", out);
	if (directive)
		fprintf(out, " %s", directive);
	if (reason && check->verdict != TL_VERDICT_PASS) {
		fputc(' ', out);
		ktap_text(out, reason);
	}
	fputc('\n', out);
	if ((unsigned)check->verdict < TL_VERDICT_COUNT)
		ktap->totals[check->verdict]++;
	return ferror(out) ? -EIO : 0;
}

int tl_ktap_end(struct tl_ktap *ktap)
{
	const size_t *t = ktap->totals;
	FILE *out = ktap->out;

	if (ktap->number < ktap->planned)
		fprintf(out, "# Interrupted: %zu of %zu checks did not run\n",
			ktap->planned - ktap->number, ktap->planned);
	fprintf(out,
		"# Totals: pass:%zu fail:%zu xfail:%zu xpass:%zu skip:%zu error:%zu timeout:%zu\n",
		t[TL_VERDICT_PASS], t[TL_VERDICT_FAIL], t[TL_VERDICT_XFAIL],
		t[TL_VERDICT_XPASS], t[TL_VERDICT_SKIP], t[TL_VERDICT_ERROR],
		t[TL_VERDICT_TIMEOUT]);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}

int tl_report_ktap(FILE *out, const struct tl_result *result)
{
	struct tl_ktap ktap;
	int err = tl_ktap_begin(&ktap, out, result->check_count);

	for (size_t i = 0; i < result->check_count && !err; i++)
		err = tl_ktap_result(&ktap, &result->checks[i]);
	return err ? err : tl_ktap_end(&ktap);
}

/* text, every line indented by two spaces: a nested document. */
static void ktap_indent(FILE *out, const char *text, size_t size)
{
	bool line_start = true;

	for (size_t i = 0; i < size; i++) {
		if (line_start && text[i] != '\n')
			fputs("  ", out);
		fputc(text[i], out);
		line_start = text[i] == '\n';
	}
}

static int ktap_cells(FILE *out, const struct tl_result *result)
{
	fprintf(out, "  KTAP version 1\n  # Subtest: cells\n  1..%zu\n",
		result->cell_count);
	for (size_t i = 0; i < result->cell_count; i++) {
		const struct tl_cell_result *cell = &result->cells[i];
		struct tl_cell_verdict verdict;
		char summary[256];

		tl_cell_verdict(result, cell, &verdict);
		if (verdict.outcome == TL_CELL_PASSED ||
		    verdict.outcome == TL_CELL_FAILED) {
			tl_cell_summary(cell, summary, sizeof(summary));
			fputs("  # ", out);
			ktap_text(out, summary);
			fputc('\n', out);
		}
		fprintf(out, "  %s %zu ",
			verdict.outcome == TL_CELL_FAILED ||
					verdict.outcome == TL_CELL_ERROR
				? "not ok"
				: "ok",
			i + 1);
		ktap_text(out, cell->key);
		if (verdict.outcome != TL_CELL_PASSED)
			fprintf(out, " #%s%s ",
				verdict.outcome == TL_CELL_SKIPPED ? " SKIP" : "",
				verdict.outcome == TL_CELL_ERROR ? " ERROR" : "");
		ktap_text(out, verdict.reason);
		fputc('\n', out);
	}
	return ferror(out) ? -EIO : 0;
}

static bool ktap_cells_ok(const struct tl_result *result)
{
	for (size_t i = 0; i < result->cell_count; i++) {
		struct tl_cell_verdict verdict;

		tl_cell_verdict(result, &result->cells[i], &verdict);
		if (verdict.outcome == TL_CELL_FAILED || verdict.outcome == TL_CELL_ERROR)
			return false;
	}
	return true;
}

static bool ktap_checks_ok(const struct tl_result *result)
{
	for (size_t i = 0; i < result->check_count; i++) {
		enum tl_verdict verdict = result->checks[i].verdict;

		if (verdict == TL_VERDICT_FAIL || verdict == TL_VERDICT_ERROR ||
		    verdict == TL_VERDICT_TIMEOUT)
			return false;
	}
	return true;
}

/* A flat document nested: indented, after its own version line (the
 * nested one, with its "# Subtest:" line, was written before it). */
static void ktap_nest(FILE *out, const char *text, size_t size)
{
	const char *plan = memchr(text, '\n', size);

	if (plan)
		ktap_indent(out, plan + 1, size - (size_t)(plan + 1 - text));
}

/* The checks as a nested document: as they were shown, or from the result. */
static int ktap_checks(FILE *out, const struct tl_result *result, const char *shown,
		       size_t shown_size)
{
	char *text = NULL;
	size_t size = 0;
	FILE *stream;
	int err = 0;

	fputs("  KTAP version 1\n  # Subtest: checks\n", out);
	if (shown) {
		ktap_nest(out, shown, shown_size);
		return ferror(out) ? -EIO : 0;
	}
	stream = open_memstream(&text, &size);
	if (!stream)
		return -ENOMEM;
	err = tl_report_ktap(stream, result);
	fclose(stream);
	if (!err && text)
		ktap_nest(out, text, size);
	free(text);
	return err ? err : ferror(out) ? -EIO : 0;
}

int tl_report_ktap_document(FILE *out, const struct tl_result *result, const char *shown,
			    size_t shown_size)
{
	size_t subtests = 1 + (result->check_count > 0);
	int err;

	if (!result->cell_count) {
		if (!shown)
			return tl_report_ktap(out, result);
		return fwrite(shown, 1, shown_size, out) == shown_size && fflush(out) == 0
			       ? 0
			       : -EIO;
	}
	fprintf(out, "KTAP version 1\n# timerlab %s on Linux %s\n1..%zu\n",
		result->tool_version, result->env.kernel_release, subtests);
	err = ktap_cells(out, result);
	fprintf(out, "%s 1 cells\n", ktap_cells_ok(result) ? "ok" : "not ok");
	if (!err && result->check_count) {
		err = ktap_checks(out, result, shown, shown_size);
		fprintf(out, "%s 2 checks\n", ktap_checks_ok(result) ? "ok" : "not ok");
	}
	fflush(out);
	return err ? err : ferror(out) ? -EIO : 0;
}
