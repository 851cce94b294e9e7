/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The context a check runs in: the child's end of the runner's pipe. Every
 * record is written whole with one write(2) of less than PIPE_BUF bytes, so
 * the runner never sees half a line even when the check dies right after.
 */
#include "check.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

struct tl_check_ctx {
	int out_fd;
	size_t diag_bytes; /* sent so far */
	enum tl_verdict verdict;
	char reason[TL_CHECK_REASON_MAX];
};

/* One line: control characters (a stray newline in an strerror, say) would
 * break the record and the KTAP line, so they become spaces. */
static void check_one_line(char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text < 0x20 || *text == 0x7f)
			*text = ' ';
}

static void check_record(struct tl_check_ctx *ctx, char tag, const char *text)
{
	char line[TL_CHECK_REASON_MAX + 16];
	int length;

	length = snprintf(line, sizeof(line), "%c%s%s\n", tag, text[0] ? " " : "", text);
	if (length >= (int)sizeof(line)) {
		length = (int)sizeof(line) - 1;
		line[length - 1] = '\n';
	}
	/* below PIPE_BUF, so one write is whole; if the runner is gone there
	 * is nobody to tell, and it has killed us or will */
	while (write(ctx->out_fd, line, (size_t)length) < 0 && errno == EINTR)
		;
}

__attribute__((format(printf, 3, 0))) static enum tl_verdict
check_verdict(struct tl_check_ctx *ctx, enum tl_verdict verdict, const char *format,
	      va_list args)
{
	ctx->verdict = verdict;
	ctx->reason[0] = '\0';
	if (format)
		vsnprintf(ctx->reason, sizeof(ctx->reason), format, args);
	check_one_line(ctx->reason);
	return verdict;
}

#define CHECK_VERDICT_FUNCTION(function, verdict)                                        \
	enum tl_verdict function(struct tl_check_ctx *ctx, const char *format, ...)      \
	{                                                                                \
		va_list args;                                                            \
		enum tl_verdict result;                                                  \
                                                                                         \
		va_start(args, format);                                                  \
		result = check_verdict(ctx, verdict, format, args);                      \
		va_end(args);                                                            \
		return result;                                                           \
	}

CHECK_VERDICT_FUNCTION(tl_check_pass, TL_VERDICT_PASS)
CHECK_VERDICT_FUNCTION(tl_check_fail, TL_VERDICT_FAIL)
CHECK_VERDICT_FUNCTION(tl_check_skip, TL_VERDICT_SKIP)
CHECK_VERDICT_FUNCTION(tl_check_error, TL_VERDICT_ERROR)

void tl_check_diag(struct tl_check_ctx *ctx, const char *format, ...)
{
	char text[TL_CHECK_REASON_MAX];
	va_list args;

	va_start(args, format);
	vsnprintf(text, sizeof(text), format, args);
	va_end(args);
	check_one_line(text);
	if (ctx->diag_bytes >= TL_CHECK_DIAG_MAX)
		return;
	ctx->diag_bytes += strlen(text) + 3;
	if (ctx->diag_bytes >= TL_CHECK_DIAG_MAX)
		snprintf(text, sizeof(text), "(more diagnostics were cut)");
	check_record(ctx, 'D', text);
}

int tl_check_set_realtime(struct tl_check_ctx *ctx, const struct timespec *time)
{
	/* announced first: if we die between the two, the runner restores a
	 * clock that was not moved, which is harmless */
	check_record(ctx, 'S', "");
	if (clock_settime(CLOCK_REALTIME, time) < 0)
		return -errno;
	return 0;
}

void tl_check_child_run(const struct tl_check *check, int out_fd)
{
	struct tl_check_ctx ctx = { .out_fd = out_fd, .verdict = TL_VERDICT_ERROR };
	char text[TL_CHECK_REASON_MAX + 16];
	enum tl_verdict verdict;
	sigset_t none;

	/* Die with the runner rather than outlive it, and let an interrupt end
	 * the check: the runner notices it and leaves the check out. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	/* every check starts with no signal blocked, whatever the caller had */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	verdict = check->run(&ctx);
	if (verdict != ctx.verdict) {
		/* returned a verdict without the helpers: keep it, without reason */
		ctx.verdict = verdict;
		ctx.reason[0] = '\0';
	}
	snprintf(text, sizeof(text), "%s%s%s", tl_verdict_name(ctx.verdict),
		 ctx.reason[0] ? " " : "", ctx.reason);
	check_record(&ctx, 'V', text);
}

struct tl_check_ctx *tl_check_ctx_new(int out_fd)
{
	struct tl_check_ctx *ctx = calloc(1, sizeof(*ctx));

	if (ctx) {
		ctx->out_fd = out_fd;
		ctx->verdict = TL_VERDICT_ERROR; /* until the check says otherwise */
	}
	return ctx;
}

enum tl_verdict tl_check_ctx_verdict(const struct tl_check_ctx *ctx)
{
	return ctx->verdict;
}

const char *tl_check_ctx_reason(const struct tl_check_ctx *ctx)
{
	return ctx->reason;
}

void tl_check_ctx_free(struct tl_check_ctx *ctx)
{
	free(ctx);
}
