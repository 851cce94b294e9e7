/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check-runner.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../cases/registry.h"
#include "../lib/kernel-version.h"
#include "../lib/report.h"
#include "../lib/time.h"
#include "message.h"
#include "supervise.h"

#ifndef TL_VERSION
#define TL_VERSION "0.0.0"
#endif

void tl_check_options_defaults(struct tl_check_options *options)
{
	memset(options, 0, sizeof(*options));
	options->timeout_ns = TL_CHECK_DEFAULT_TIMEOUT_NS;
}

/* Whether name matches one glob of a comma list. */
static bool check_matches_list(const char *name, const char *list)
{
	char glob[256];

	while (*list) {
		size_t length = strcspn(list, ",");

		if (length < sizeof(glob)) {
			memcpy(glob, list, length);
			glob[length] = '\0';
			if (length && fnmatch(glob, name, 0) == 0)
				return true;
		}
		list += length + (list[length] == ',');
	}
	return false;
}

static bool check_matches_any(const char *name, const char *const *lists, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (check_matches_list(name, lists[i]))
			return true;
	return false;
}

bool tl_check_selected(const struct tl_check *check,
		       const struct tl_check_options *options)
{
	if (options->only_count &&
	    !check_matches_any(check->name, options->only, options->only_count))
		return false;
	return !check_matches_any(check->name, options->skip, options->skip_count);
}

int tl_check_unmatched_only(const struct tl_check *const *checks,
			    const struct tl_check_options *options, char *glob,
			    size_t size)
{
	for (size_t i = 0; i < options->only_count; i++) {
		const char *list = options->only[i];

		while (*list) {
			size_t length = strcspn(list, ",");
			bool found = false;

			snprintf(glob, size, "%.*s", (int)length, list);
			for (size_t c = 0; checks[c] && !found; c++)
				found = check_matches_list(checks[c]->name, glob);
			if (!found)
				return 1;
			list += length + (list[length] == ',');
		}
	}
	return 0;
}

int tl_check_exit_status(const struct tl_result *result)
{
	size_t counts[TL_VERDICT_COUNT] = { 0 };

	for (size_t i = 0; i < result->check_count; i++)
		if ((unsigned)result->checks[i].verdict < TL_VERDICT_COUNT)
			counts[result->checks[i].verdict]++;
	if (counts[TL_VERDICT_FAIL] || counts[TL_VERDICT_ERROR] ||
	    counts[TL_VERDICT_TIMEOUT])
		return TL_EXIT_FAILED;
	if (result->check_count && counts[TL_VERDICT_SKIP] == result->check_count)
		return TL_EXIT_ALL_SKIPPED;
	return TL_EXIT_OK;
}

struct check_run {
	const struct tl_check_options *options;
	FILE *out; /* NULL: no KTAP */
	struct tl_ktap ktap;
	struct tl_kernel_version kernel;
	bool kernel_known;
	char *answer; /* what the child wrote */
};

/* Room for everything a check's child says: its diagnostics are capped
 * below this (cases/checks/check.c), so its verdict always fits after them. */
#define CHECK_ANSWER_CAPACITY (16 * 1024)

static void check_child(void *arg, int out_fd)
{
	tl_check_child_run(arg, out_fd);
}

/* What a check's child said: its records (cases/checks/check.h). */
struct check_answer {
	bool has_verdict;
	enum tl_verdict verdict;
	const char *reason; /* into the answer text */
	bool clock_set; /* it announced clock_settime(CLOCK_REALTIME) */
};

/* Diagnostics and the KTAP stream are only written when there is one. */
static void check_diag(struct check_run *run, const char *text)
{
	if (run->out)
		tl_ktap_diag(&run->ktap, text);
}

/* Split the child's records: diagnostics go to KTAP, before the result line. */
static void check_read_answer(struct check_run *run, char *text,
			      struct check_answer *answer)
{
	char *save = NULL;

	memset(answer, 0, sizeof(*answer));
	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *rest = line[0] && line[1] == ' ' ? line + 2 : line + strlen(line);

		if (line[0] == 'D') {
			check_diag(run, rest);
		} else if (line[0] == 'S') {
			answer->clock_set = true;
		} else if (line[0] == 'V') {
			char *space = strchr(rest, ' ');

			if (space)
				*space = '\0';
			answer->has_verdict =
				tl_verdict_from_name(rest, &answer->verdict) == 0;
			answer->reason = space ? space + 1 : "";
		}
	}
}

/*
 * The verdict of a check whose child said `answer`: a verdict on the
 * behaviour (pass, fail) is judged against the check's known-failure range;
 * skip and error stand as they are. in_range: 1 inside, 0 outside.
 */
static enum tl_verdict check_expectation(const struct tl_check *check, int in_range,
					 const struct check_answer *answer, char *reason,
					 size_t size)
{
	struct tl_kernel_range range = { check->known_fail.since,
					 check->known_fail.until };
	char where[64];

	tl_kernel_range_describe(&range, where, sizeof(where));
	switch (answer->verdict) {
	case TL_VERDICT_PASS:
	case TL_VERDICT_FAIL:
		break;
	case TL_VERDICT_SKIP:
	case TL_VERDICT_ERROR:
		snprintf(reason, size, "%s", answer->reason);
		return answer->verdict;
	default:
		snprintf(reason, size,
			 "the check returned %s, which only the runner gives",
			 tl_verdict_name(answer->verdict));
		return TL_VERDICT_ERROR;
	}
	if (!in_range) {
		snprintf(reason, size, "%s", answer->reason);
		return answer->verdict;
	}
	snprintf(reason, size, "known to fail %s (%s)%s%s", where, check->known_fail.why,
		 answer->reason[0] ? ": " : "", answer->reason);
	return answer->verdict == TL_VERDICT_PASS ? TL_VERDICT_XPASS : TL_VERDICT_XFAIL;
}

/* Whether the running kernel lies in the check's known-failure range. */
static int check_in_range(const struct check_run *run, const struct tl_check *check)
{
	struct tl_kernel_range range = { check->known_fail.since,
					 check->known_fail.until };

	if (!check->known_fail.why || !run->kernel_known)
		return 0;
	return tl_kernel_range_contains(&range, &run->kernel) == 1;
}

/* How the child ended, and what it said, as a verdict and reason. */
static enum tl_verdict check_judge(const struct check_run *run,
				   const struct tl_check *check,
				   const struct tl_child_end *end,
				   const struct check_answer *answer, char *reason,
				   size_t size)
{
	char ended[128];

	if (end->timed_out) {
		snprintf(reason, size, "after %g s",
			 (double)run->options->timeout_ns / 1e9);
		return TL_VERDICT_TIMEOUT;
	}
	tl_child_end_describe(end, ended, sizeof(ended));
	if (!WIFEXITED(end->status) || WEXITSTATUS(end->status) != 0) {
		snprintf(reason, size, "%s", ended);
		return TL_VERDICT_ERROR;
	}
	if (!answer->has_verdict) {
		snprintf(reason, size, "ended without a verdict");
		return TL_VERDICT_ERROR;
	}
	return check_expectation(check, check_in_range(run, check), answer, reason, size);
}

/* CLOCK_REALTIME - CLOCK_MONOTONIC: what a step of the realtime clock
 * changes, and nothing else does but NTP's slow slewing. */
static int64_t check_realtime_offset(void)
{
	int64_t monotonic_ns = tl_now_ns(CLOCK_MONOTONIC);

	return tl_now_ns(CLOCK_REALTIME) - monotonic_ns;
}

/*
 * After a check that set CLOCK_REALTIME, whatever its end: put the clock
 * back where it would be without the check, at its old offset to
 * CLOCK_MONOTONIC. Only a step is undone: NTP may slew at most 500 ppm, so
 * a drift under twice that over the check's time (plus 10 ms for the reads
 * themselves) is left alone. 0 or -errno.
 */
static int check_restore_realtime(struct check_run *run, int64_t offset_before_ns,
				  int64_t took_ns)
{
	int64_t moved_ns = check_realtime_offset() - offset_before_ns;
	int64_t tolerance_ns = 10 * TL_NS_PER_MS + took_ns / 1000;
	struct timespec back;
	char text[96];

	if (moved_ns >= -tolerance_ns && moved_ns <= tolerance_ns)
		return 0;
	back = tl_timespec_from_ns(tl_now_ns(CLOCK_MONOTONIC) + offset_before_ns);
	if (clock_settime(CLOCK_REALTIME, &back) < 0)
		return -errno;
	snprintf(text, sizeof(text),
		 "CLOCK_REALTIME was %+.3f s off after the check: put back",
		 (double)moved_ns / 1e9);
	check_diag(run, text);
	return 0;
}

/* A verdict's reason: the check's own, with room for what the runner adds. */
#define CHECK_REASON_CAPACITY (TL_CHECK_REASON_MAX + 256)

/* One attempt of a check, in its child: its verdict and reason. retry:
 * whether the check itself said ERROR, the only verdict worth a second
 * attempt. 0, -EINTR when stopped, or -errno. */
static int check_attempt(struct check_run *run, const struct tl_check *check,
			 struct tl_check_result *out, char *reason, size_t size,
			 bool *retry)
{
	const struct tl_check_options *options = run->options;
	struct tl_supervision job = {
		.run = check_child,
		.arg = (void *)check,
		.budget_ns = options->timeout_ns,
		.answer = run->answer,
		.capacity = CHECK_ANSWER_CAPACITY - 1,
		.stop = options->stop,
	};
	bool destructive = check->flags & TL_CHECK_DESTRUCTIVE;
	int64_t offset_ns = destructive ? check_realtime_offset() : 0;
	int64_t start_ns = tl_now_ns(CLOCK_MONOTONIC), took_ns;
	struct tl_child_end end;
	struct check_answer answer;
	int err;

	err = tl_supervise(&job, &end);
	if (err)
		return err;
	took_ns = tl_now_ns(CLOCK_MONOTONIC) - start_ns;
	out->duration_ns += took_ns;
	run->answer[end.size] = '\0';
	check_read_answer(run, run->answer, &answer);
	/* the clock first: also when the run is being stopped */
	err = destructive && answer.clock_set
		      ? check_restore_realtime(run, offset_ns, took_ns)
		      : 0;
	if (end.stopped || (options->stop && *options->stop))
		return -EINTR;
	out->verdict = check_judge(run, check, &end, &answer, reason, size);
	*retry = !err && out->verdict == TL_VERDICT_ERROR && answer.has_verdict &&
		 answer.verdict == TL_VERDICT_ERROR;
	if (err) {
		out->verdict = TL_VERDICT_ERROR;
		snprintf(reason, size, "could not put CLOCK_REALTIME back: %s",
			 strerror(-err));
	}
	return 0;
}

/*
 * One check, in a child per attempt. A check says ERROR itself when it
 * could not judge: the machine stalled it past a deadline it had to
 * watch, a signal came from another sender, a clock was stepped under it.
 * That is the machine's doing, not the kernel's answer, so the check gets
 * one more attempt, whose verdict stands; the reason keeps what the first
 * said. A failure is never tried again, nor a crash or a timeout: those
 * are answers about the kernel or the check. 0, -EINTR when stopped,
 * -ENOMEM or -errno.
 */
static int check_run_one(struct check_run *run, const struct tl_check *check,
			 struct tl_check_result *out)
{
	char first[CHECK_REASON_CAPACITY], second[CHECK_REASON_CAPACITY];
	char reason[2 * CHECK_REASON_CAPACITY + 64];
	bool retry = false;
	int err;

	err = check_attempt(run, check, out, first, sizeof(first), &retry);
	if (!err && retry) {
		snprintf(reason, sizeof(reason),
			 "the first attempt erred (%s): once more", first);
		check_diag(run, reason);
		err = check_attempt(run, check, out, second, sizeof(second), &retry);
		snprintf(reason, sizeof(reason),
			 "%s%son a second attempt, the first erred: %s", second,
			 second[0] ? "; " : "", first);
	} else {
		snprintf(reason, sizeof(reason), "%s", first);
	}
	if (err)
		return err;
	out->reason = reason[0] ? strdup(reason) : NULL;
	return reason[0] && !out->reason ? -ENOMEM : 0;
}

static int check_add(struct tl_result *result, const struct tl_check_result *one)
{
	struct tl_check_result *slot;

	if (tl_result_add_check(result, &slot) < 0)
		return -ENOMEM;
	*slot = *one;
	return 0;
}

/* One selected check, run or skipped, into result and KTAP. */
static int check_one(struct check_run *run, const struct tl_check *check,
		     struct tl_result *result)
{
	struct tl_check_result one = { .name = strdup(check->name) };
	int err = 0;

	if (!one.name)
		return -ENOMEM;
	if ((check->flags & TL_CHECK_DESTRUCTIVE) && !run->options->destructive) {
		one.verdict = TL_VERDICT_SKIP;
		one.reason = strdup("needs --destructive");
		err = one.reason ? 0 : -ENOMEM;
	} else {
		err = check_run_one(run, check, &one);
	}
	if (!err)
		err = check_add(result, &one);
	if (err) {
		free(one.name);
		free(one.reason);
		return err;
	}
	return run->out ? tl_ktap_result(&run->ktap, &one) : 0;
}

/* The kernel whose version known-failure ranges are judged against. */
static void check_kernel(struct check_run *run)
{
	char release[128] = "", text[256];

	if (run->options->kernel_release) {
		snprintf(release, sizeof(release), "%s", run->options->kernel_release);
		run->kernel_known = tl_kernel_version_parse(release, &run->kernel) == 0;
	} else {
		run->kernel_known = tl_kernel_version_running(&run->kernel, release,
							      sizeof(release)) == 0;
	}
	snprintf(text, sizeof(text), "timerlab %s checks on Linux %s", TL_VERSION,
		 release);
	check_diag(run, text);
	if (!run->kernel_known) {
		snprintf(
			text, sizeof(text),
			"no version in the release \"%s\": known failures count as failures",
			release);
		check_diag(run, text);
	}
}

int tl_check_run(const struct tl_check *const *checks,
		 const struct tl_check_options *options, FILE *ktap,
		 struct tl_result *result)
{
	struct check_run run = { .options = options, .out = ktap };
	size_t planned = 0;
	int err = 0, io_err = 0;

	for (size_t i = 0; checks[i]; i++)
		planned += tl_check_selected(checks[i], options);
	run.answer = malloc(CHECK_ANSWER_CAPACITY);
	if (!run.answer)
		return -ENOMEM;
	if (ktap)
		tl_ktap_begin(&run.ktap, ktap, planned);
	check_kernel(&run);
	for (size_t i = 0; checks[i] && !err; i++) {
		if (!tl_check_selected(checks[i], options))
			continue;
		if (options->stop && *options->stop) {
			err = -EINTR;
			break;
		}
		err = check_one(&run, checks[i], result);
		if (err == -EIO) {
			/* KTAP is lost, the result is not: carry on */
			io_err = err;
			err = 0;
		}
	}
	if (err == -EINTR) {
		result->interrupted = true;
		err = 0;
	}
	if (ktap && tl_ktap_end(&run.ktap) < 0)
		io_err = -EIO;
	free(run.answer);
	return err ? err : io_err;
}

int tl_check_run_all(const struct tl_check_options *options, FILE *ktap,
		     struct tl_result *result)
{
	return tl_check_run(tl_checks, options, ktap, result);
}
