/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A suite file, as `timerlab run --suite FILE` reads it: the bytes are the
 * file, its keys become option words (tl_suite_args) and those go through
 * run's own option parser under the command line. A suite is refused with
 * one line or taken whole; its words always pair an option with a value,
 * except the flags'.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/options.h"
#include "../../harness/suite.h"
#include "fuzz.h"

/* The words tl_suite_args made: "suite", then options each with its value
 * (a flag alone). */
static void suite_check_words(const struct tl_suite_args *args, const char *text)
{
	FUZZ_CHECK("suite", args->argc >= 1 && strcmp(args->argv[0], "suite") == 0, text);
	FUZZ_CHECK("suite", args->argv[args->argc] == NULL, text);
	for (int i = 1; i < args->argc; i++) {
		bool flag = strcmp(args->argv[i], "--fail-on-early") == 0;

		FUZZ_CHECK("suite", strncmp(args->argv[i], "--", 2) == 0, text);
		FUZZ_CHECK("suite", flag || i + 1 < args->argc, text);
		i += !flag;
	}
}

int tl_fuzz_suite(const uint8_t *data, size_t size)
{
	char path[64], why[1024] = "", *text = fuzz_string(data, size);
	char *argv[] = { "run", "--suite", path, NULL };
	struct tl_run_options options;
	struct tl_suite_args args;
	int err;

	fuzz_file(data, size, path, sizeof(path));
	err = tl_suite_args(path, &args, why, sizeof(why));
	FUZZ_CHECK("suite", err == 0 || err == -EINVAL, text);
	if (err) {
		FUZZ_CHECK("suite", fuzz_one_line(why, text), text);
	} else {
		suite_check_words(&args, text);
		tl_suite_args_free(&args);
	}

	why[0] = '\0';
	err = tl_run_options_parse(3, argv, &options, why, sizeof(why));
	FUZZ_CHECK("suite", err == 0 || err == -EINVAL, text);
	if (err)
		FUZZ_CHECK("suite", fuzz_one_line(why, text), text);
	else
		FUZZ_CHECK("suite", options.suite == path, text);
	free(text);
	return err;
}

TL_FUZZ_ENTRY(tl_fuzz_suite)
