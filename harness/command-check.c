/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "command-check.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cases/registry.h"
#include "../lib/time.h"
#include "args.h"
#include "interrupt.h"
#include "record.h"
#include "tee.h"
#include "message.h"

void tl_check_usage(FILE *out)
{
	fprintf(out,
		"usage: timerlab check [options]\n"
		"\n"
		"Check the kernel's timer semantics: each check runs in a child\n"
		"process of its own and ends in one verdict; KTAP version 1 on stdout.\n"
		"\n"
		"Selection:\n"
		"  --list            name the selected checks and what each expects; run none\n"
		"  --only GLOBS      only checks whose names match a glob (comma-separated,\n"
		"                    repeatable), e.g. 'timerfd.*'\n"
		"  --skip GLOBS      leave out checks whose names match\n"
		"  --destructive     also run the checks that set CLOCK_REALTIME (they put it\n"
		"                    back afterwards); for virtual machines, never a shared host\n"
		"  --timeout DUR     kill a check still running after DUR (default: 10s,\n"
		"                    at most 1h)\n"
		"\n"
		"Output:\n"
		"  --out DIR         also save the result: DIR/<date>-<host>-<kernel>/, with\n"
		"                    DIR/latest pointing at it\n");
	tl_output_help_formats(out, TL_COMMAND_CHECK, "what --out writes", true);
	tl_output_help_kcidb(out);
	fprintf(out,
		"  --help            this text\n"
		"\n"
		"Verdicts: pass, fail, skip, error (crashed), timeout (hung), and on kernels\n"
		"where a check is known to fail: xfail, or xpass when it passes there.\n"
		"Exit status: 0 nothing failed (an xpass included); 1 a check failed, erred\n"
		"or timed out; 2 bad usage; 4 every check skipped; 128+N stopped by signal N.\n");
}

static int check_take_glob(const char *option, const char *value, const char **globs,
			   size_t *count, char *why, size_t why_size)
{
	if (tl_args_list(option, value, why, why_size) < 0)
		return -EINVAL;
	if (*count == TL_CHECK_MAX_GLOBS)
		return tl_args_fail(why, why_size, "%s: given more than %d times", option,
				    TL_CHECK_MAX_GLOBS);
	globs[(*count)++] = value;
	return 0;
}

enum {
	OPTION_LIST = 256,
	OPTION_ONLY,
	OPTION_SKIP,
	OPTION_DESTRUCTIVE,
	OPTION_TIMEOUT,
	OPTION_OUT,
	OPTION_FORMAT,
	OPTION_KCIDB_ORIGIN,
	OPTION_KCIDB_BUILD_ID,
	OPTION_HELP,
};

static const struct option check_long[] = {
	{ "list", no_argument, NULL, OPTION_LIST },
	{ "only", required_argument, NULL, OPTION_ONLY },
	{ "skip", required_argument, NULL, OPTION_SKIP },
	{ "destructive", no_argument, NULL, OPTION_DESTRUCTIVE },
	{ "timeout", required_argument, NULL, OPTION_TIMEOUT },
	{ "out", required_argument, NULL, OPTION_OUT },
	{ "format", required_argument, NULL, OPTION_FORMAT },
	TL_OUTPUT_KCIDB_OPTIONS(OPTION_KCIDB_ORIGIN, OPTION_KCIDB_BUILD_ID),
	{ "help", no_argument, NULL, OPTION_HELP },
	{ NULL, 0, NULL, 0 },
};

static int check_one_option(int option, const char *value,
			    struct tl_check_command *command, char *why, size_t why_size)
{
	struct tl_check_options *options = &command->options;

	switch (option) {
	case OPTION_LIST:
		command->list = true;
		return 0;
	case OPTION_ONLY:
		return check_take_glob("--only", value, options->only,
				       &options->only_count, why, why_size);
	case OPTION_SKIP:
		return check_take_glob("--skip", value, options->skip,
				       &options->skip_count, why, why_size);
	case OPTION_DESTRUCTIVE:
		options->destructive = true;
		return 0;
	case OPTION_TIMEOUT:
		return tl_args_duration("--timeout", value, TL_NS_PER_MS,
					TL_CHECK_MAX_TIMEOUT_NS, &options->timeout_ns,
					why, why_size);
	case OPTION_OUT:
		if (!value[0])
			return tl_args_fail(why, why_size, "--out: empty directory name");
		command->out_dir = value;
		return 0;
	case OPTION_FORMAT:
		return tl_formats_parse(value, TL_COMMAND_CHECK, &command->formats, why,
					why_size);
	case OPTION_KCIDB_ORIGIN:
		return tl_output_kcidb_origin(&command->render, value, why, why_size);
	case OPTION_KCIDB_BUILD_ID:
		return tl_output_kcidb_build_id(&command->render, value, why, why_size);
	}
	return tl_args_fail(why, why_size, "internal: unhandled option %d", option);
}

/* What the options select, judged against the checks that exist. */
static int check_validate(const struct tl_check *const *checks,
			  const struct tl_check_command *command, char *why,
			  size_t why_size)
{
	char glob[256];
	size_t selected = 0;

	if (tl_check_unmatched_only(checks, &command->options, glob, sizeof(glob)))
		return tl_args_fail(
			why, why_size,
			"--only: \"%s\" matches no check (see timerlab check --list)",
			glob);
	for (size_t i = 0; checks[i]; i++)
		selected += tl_check_selected(checks[i], &command->options);
	if (!selected)
		return tl_args_fail(why, why_size,
				    "check: --skip leaves no check to run");
	return 0;
}

int tl_check_command_parse(int argc, char **argv, const struct tl_check *const *checks,
			   struct tl_check_command *command, char *why, size_t why_size)
{
	int option;

	memset(command, 0, sizeof(*command));
	tl_check_options_defaults(&command->options);
	optind = 0; /* glibc: 0 re-initialises, so the parser can run twice */
	opterr = 0;
	while ((option = getopt_long(argc, argv, ":", check_long, NULL)) != -1) {
		if (option == '?' || option == ':')
			return tl_args_unknown("check", argc, argv, check_long, why,
					       why_size);
		if (option == OPTION_HELP) {
			tl_check_usage(stdout);
			return 1;
		}
		int err = check_one_option(option, optarg, command, why, why_size);

		if (err)
			return err;
	}
	if (optind < argc)
		return tl_args_fail(
			why, why_size,
			"check: unexpected argument \"%s\" (see timerlab check --help)",
			argv[optind]);
	if (command->formats && !command->out_dir)
		return tl_args_fail(why, why_size,
				    "--format: needs --out DIR to write into");
	if (!command->formats)
		command->formats = tl_formats_default(TL_COMMAND_CHECK);
	if (tl_output_formats_complete(command->formats, &command->render, why,
				       why_size) < 0)
		return -EINVAL;
	return check_validate(checks, command, why, why_size);
}

/* --list: one line per selected check, with what sets it apart. */
static void check_list(const struct tl_check *const *checks,
		       const struct tl_check_options *options)
{
	int width = 0;

	for (size_t i = 0; checks[i]; i++)
		if (tl_check_selected(checks[i], options) &&
		    (int)strlen(checks[i]->name) > width)
			width = (int)strlen(checks[i]->name);
	for (size_t i = 0; checks[i]; i++) {
		const struct tl_check *check = checks[i];
		struct tl_kernel_range range = { check->known_fail.since,
						 check->known_fail.until };

		if (!tl_check_selected(check, options))
			continue;
		printf("%-*s  %s", width, check->name, check->summary);
		if (check->flags & TL_CHECK_DESTRUCTIVE)
			printf(" [destructive: sets CLOCK_REALTIME]");
		if (check->known_fail.why) {
			char where[64];

			tl_kernel_range_describe(&range, where, sizeof(where));
			printf(" [known to fail %s]", where);
		}
		printf("\n");
	}
}

/* The KTAP goes to stdout as each check ends, and is kept (with its
 * diagnostics) for --out. */
static int check_run_and_write(struct tl_check_command *command, struct tl_result *result,
			       struct tl_output *output)
{
	struct tl_tee tee;
	char why[768];
	int err;

	if (!command->out_dir)
		return tl_check_run_all(&command->options, stdout, result);
	err = tl_tee_open(&tee, stdout);
	if (err)
		return err;
	err = tl_check_run_all(&command->options, tee.stream, result);
	tl_tee_close(&tee);
	tl_record_end(result);
	output->render.ktap_shown = tee.copy_text;
	output->render.ktap_shown_size = tee.copy_size;
	if (!err && tl_output_write(output, result, why, sizeof(why)) < 0) {
		tl_error("%s", why);
		err = -ECANCELED; /* told already */
	}
	output->render.ktap_shown = NULL;
	tl_tee_free(&tee);
	return err;
}

int tl_check_main(int argc, char **argv)
{
	struct tl_check_command command;
	struct tl_output output = { 0 };
	struct tl_result result;
	char why[768];
	int err, status;

	err = tl_check_command_parse(argc, argv, tl_checks, &command, why, sizeof(why));
	if (err > 0)
		return TL_EXIT_OK;
	if (err < 0)
		tl_usage_fail("%s", why);
	if (command.list) {
		check_list(tl_checks, &command.options);
		return TL_EXIT_OK;
	}
	/* argv is main's argv + 1: record the whole command line */
	if (tl_record_begin(&result, argv - 1) < 0) {
		tl_error("out of memory");
		return TL_EXIT_CANNOT;
	}
	if (command.out_dir &&
	    tl_output_prepare(&output, command.out_dir, command.formats,
			      result.env.hostname, result.env.kernel_release, why,
			      sizeof(why)) < 0)
		tl_usage_fail("%s", why);
	output.render.kcidb_origin = command.render.kcidb_origin;
	output.render.kcidb_build_id = command.render.kcidb_build_id;
	tl_interrupt_install();
	command.options.stop = &tl_interrupt_signal;
	err = check_run_and_write(&command, &result, &output);
	if (err && err != -ECANCELED)
		tl_error("check: %s", strerror(-err));
	status = err ? TL_EXIT_CANNOT : tl_check_exit_status(&result);
	if (tl_interrupt_signal)
		status = 128 + tl_interrupt_signal;
	tl_result_free(&result);
	return status;
}
