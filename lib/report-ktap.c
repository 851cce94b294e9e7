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
 */
#include <errno.h>
#include <stdio.h>

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
