/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `timerlab compare BASE NEW [MORE...]`: every input is loaded (and refused
 * whole, with the file named, if it is not a good result or capture) and
 * every gate parsed before anything is printed; then the comparison is
 * built, judged and rendered in each format asked, the JSON written to
 * --out, each tripped gate named on stderr, and the exit status says
 * whether any tripped.
 */
#include "command-compare.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/atomic-file.h"
#include "../lib/compare-gate.h"
#include "../lib/compare-input.h"
#include "../lib/format.h"
#include "../lib/report-compare.h"
#include "../lib/text.h"
#include "args.h"
#include "message.h"
#include "output.h"

#define COMPARE_GATES_MAX 64

struct compare_options {
	struct tl_compare_gate gates[COMPARE_GATES_MAX];
	size_t gate_count;
	bool strict;
	const char *labels; /* --label, NULL for the default */
	unsigned formats;
	struct tl_format_options render; /* the kcidb options */
	const char *out; /* --out FILE, NULL for none */
	const char *cyclictest_options;
};

static void compare_usage(FILE *out)
{
	fprintf(out,
		"usage: timerlab compare [--gate [GLOB=]METRIC:CHANGE]... [--strict]\n"
		"                        [--label A,B,...] [--format LIST] [--out FILE]\n"
		"                        [--cyclictest-options 'OPTIONS'] BASE NEW [MORE...]\n"
		"\n"
		"Compare results cell by cell against the first (BASE), each a timerlab result\n"
		"or a cyclictest --json or -h capture. A change is significant when the rounds\n"
		"say so (Mann-Whitney U over per-round p50, p99, max; an exact test of missed\n"
		"and early; Benjamini-Hochberg over the cells of each metric, 5 %%).\n"
		"\n");
	tl_output_help_formats(out, TL_COMMAND_COMPARE, "what to print", false);
	fprintf(out,
		"                      (json: the whole comparison with every verdict; junit:\n"
		"                      a testcase per cell and gate; kcidb: a test per cell\n"
		"                      and gate, of BASE and one result)\n");
	tl_output_help_kcidb(out);
	fprintf(out,
		"  --gate RULE       exit 1 when a cell trips it; repeatable. METRIC p50, p99\n"
		"                    or max with CHANGE +N%% or +DURATION (a significant rise\n"
		"                    beyond it); missed or early with +N (a significant rise\n"
		"                    of more than N) or N (more than N in NEW); GLOB scopes it\n"
		"                    to cell keys: 'timerfd:*/*/abs@*=p99:+10%%'\n"
		"  --strict          results that are not like for like are an error (exit 2)\n"
		"  --label LIST      one label per result, for the columns (default: the kernel\n"
		"                    release, the file name where those collide)\n"
		"  --out FILE        also write the JSON comparison, gates and verdicts to FILE\n"
		"  --cyclictest-options 'OPTIONS'\n"
		"                    the cyclictest options -h text inputs ran with (-i, -d,\n"
		"                    -c, -r, -x, -N, -a), which key their threads\n"
		"\n"
		"Exit status: 0 no gate tripped, 1 a gate tripped, 2 bad usage or input (or\n"
		"--strict and not like for like), 3 the work could not be done.\n");
}

static int compare_parse(int argc, char **argv, struct compare_options *options,
			 char *why, size_t why_size)
{
	static const struct option long_options[] = {
		{ "gate", required_argument, NULL, 'g' },
		{ "strict", no_argument, NULL, 's' },
		{ "label", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "cyclictest-options", required_argument, NULL, 'c' },
		TL_OUTPUT_KCIDB_OPTIONS('k', 'b'),
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int option;

	memset(options, 0, sizeof(*options));
	options->formats = tl_formats_default(TL_COMMAND_COMPARE);
	optind = 0;
	opterr = 0;
	while ((option = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
		switch (option) {
		case 'h':
			compare_usage(stdout);
			return 1;
		case 'g':
			if (options->gate_count == COMPARE_GATES_MAX)
				return tl_args_fail(why, why_size,
						    "compare: more than %d gates",
						    COMPARE_GATES_MAX);
			if (tl_compare_gate_parse(optarg,
						  &options->gates[options->gate_count++],
						  why, why_size) < 0)
				return -EINVAL;
			break;
		case 's':
			options->strict = true;
			break;
		case 'l':
			options->labels = optarg;
			break;
		case 'f':
			if (tl_formats_parse(optarg, TL_COMMAND_COMPARE,
					     &options->formats, why, why_size) < 0)
				return -EINVAL;
			break;
		case 'o':
			if (!optarg[0])
				return tl_args_fail(why, why_size,
						    "compare: --out: empty file name");
			options->out = optarg;
			break;
		case 'c':
			options->cyclictest_options = optarg;
			break;
		case 'k':
			if (tl_output_kcidb_origin(&options->render, optarg, why,
						   why_size) < 0)
				return -EINVAL;
			break;
		case 'b':
			if (tl_output_kcidb_build_id(&options->render, optarg, why,
						     why_size) < 0)
				return -EINVAL;
			break;
		default:
			return tl_args_unknown("compare", argc, argv, long_options, why,
					       why_size);
		}
	}
	if (argc - optind < 2)
		return tl_args_fail(
			why, why_size,
			"compare: name BASE and at least one result to compare with it");
	if (tl_output_formats_complete(options->formats, &options->render, why,
				       why_size) < 0)
		return -EINVAL;
	/* a KCIDB test belongs to one build: NEW's */
	if ((options->formats & tl_format_bit("kcidb")) && argc - optind != 2)
		return tl_args_fail(
			why, why_size,
			"compare: --format kcidb describes one build: give BASE and one result (%d given)",
			argc - optind);
	return 0;
}

/* --strict: every field that differs, on the one line of the error. */
static void compare_strict(const struct tl_comparison *comparison)
{
	char line[8192] = "", field[4000];

	for (unsigned c = 0; c < TL_CONDITION_COUNT; c++) {
		if (!comparison->differs[c])
			continue;
		tl_compare_text_difference(comparison, (enum tl_condition)c, field,
					   sizeof(field));
		tl_text_append(line, sizeof(line), "; ", field);
	}
	if (line[0])
		tl_usage_fail("compare --strict: not like for like: %s", line);
}

/* Name every cell and gate that tripped, and the gates that could not
 * judge every cell. */
static void compare_report_gates(const struct tl_comparison *comparison)
{
	char text[640];

	for (size_t g = 0; g < comparison->gate_count; g++) {
		const struct tl_gate_verdict *verdict = &comparison->gates[g];

		for (size_t t = 0; t < verdict->trip_count; t++) {
			tl_compare_text_trip(comparison, verdict, &verdict->trips[t],
					     text, sizeof(text));
			tl_error("gate %s: %s", verdict->gate.text, text);
		}
		if (verdict->untested)
			tl_warn("gate %s could not test %zu cells: fewer than %d rounds on a side, or missed and early from a cyclictest capture",
				verdict->gate.text, verdict->untested,
				TL_COMPARE_MIN_ROUNDS);
		if (verdict->under_tcg)
			tl_warn("gate %s did not gate %zu cells: measured under TCG (env.accel), whose time is emulated",
				verdict->gate.text, verdict->under_tcg);
	}
}

static int compare_render(const struct tl_comparison *comparison,
			  const struct compare_options *options,
			  struct tl_atomic_file *out)
{
	const struct tl_format_options *render = &options->render;
	int err = 0;

	for (size_t i = 0; i < tl_format_count && !err; i++)
		if (options->formats & (1u << i))
			err = tl_formats[i].write_comparison(stdout, comparison, render);
	if (err) {
		if (options->out)
			tl_atomic_file_abort(out);
		tl_error("compare: cannot write to stdout");
		return TL_EXIT_CANNOT;
	}
	if (!options->out)
		return 0;
	err = tl_report_compare_json(out->stream, comparison, render);
	if (!err)
		err = tl_atomic_file_commit(out);
	else
		tl_atomic_file_abort(out);
	if (err) {
		tl_error("compare: writing %s: %s", options->out, strerror(-err));
		return TL_EXIT_CANNOT;
	}
	return 0;
}

static int compare_run(struct tl_compare_input *inputs, size_t count,
		       const struct compare_options *options)
{
	struct tl_comparison comparison;
	struct tl_atomic_file out;
	char why[1024];
	int err, tripped, status;

	err = tl_compare_label(inputs, count, options->labels, why, sizeof(why));
	if (err == -EINVAL)
		tl_usage_fail("compare: %s", why);
	if (!err)
		err = tl_comparison_build(&comparison, inputs, count, why, sizeof(why));
	if (err == -EINVAL)
		tl_usage_fail("compare: %s", why);
	if (err) {
		tl_error("compare: %s", why);
		return TL_EXIT_CANNOT;
	}
	if (options->strict)
		compare_strict(&comparison);
	/* proven writable before anything is printed */
	if (options->out && (err = tl_atomic_file_open(&out, options->out)) < 0)
		tl_usage_fail("compare: --out: cannot write \"%s\": %s", options->out,
			      strerror(-err));
	tripped =
		tl_compare_gates_judge(&comparison, options->gates, options->gate_count);
	if (tripped < 0) {
		tl_error("out of memory");
		if (options->out)
			tl_atomic_file_abort(&out);
		tl_comparison_free(&comparison);
		return TL_EXIT_CANNOT;
	}
	status = compare_render(&comparison, options, &out);
	compare_report_gates(&comparison);
	tl_comparison_free(&comparison);
	return status ? status : tripped ? TL_EXIT_FAILED : TL_EXIT_OK;
}

int tl_compare_main(int argc, char **argv)
{
	struct compare_options options;
	struct tl_compare_input *inputs;
	char why[1024];
	size_t count;
	int err, status;

	err = compare_parse(argc, argv, &options, why, sizeof(why));
	if (err > 0)
		return TL_EXIT_OK;
	if (err < 0)
		tl_usage_fail("%s", why);
	count = (size_t)(argc - optind);
	inputs = calloc(count, sizeof(*inputs));
	if (!inputs) {
		tl_error("out of memory");
		return TL_EXIT_CANNOT;
	}
	for (size_t i = 0; i < count; i++)
		if (tl_compare_input_load(argv[optind + (int)i],
					  options.cyclictest_options, &inputs[i], why,
					  sizeof(why)) < 0)
			tl_usage_fail("%s", why);
	status = compare_run(inputs, count, &options);
	for (size_t i = 0; i < count; i++)
		tl_compare_input_free(&inputs[i]);
	free(inputs);
	return status;
}
