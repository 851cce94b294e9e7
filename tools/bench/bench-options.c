/* SPDX-License-Identifier: GPL-2.0-or-later */
/* make bench's command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../lib/rt.h"
#include "bench.h"

static void bench_usage(FILE *out)
{
	fprintf(out,
		"usage: bench [--long] [--fidelity|--html|--tracing] [--pairs N] [--cpu N] [--out DIR]\n"
		"  --long      also measure memory at 10^7 samples (about 4 minutes more)\n"
		"  --fidelity  only the comparison with cyclictest (about 90 s)\n"
		"  --html      only the HTML page of a 468-cell result (about 25 s)\n"
		"  --tracing   only timerfd abs traced (--trace-over) against untraced\n"
		"  --pairs N   A B pairs per comparison (default: 20 for fidelity, 10 else;\n"
		"              at least 6 for a 95%% interval, at most 40)\n"
		"  --cpu N     CPU both sides run on (default: the last one)\n"
		"  --out DIR   where bench.json goes (default: reports/bench)\n");
}

void bench_options(int argc, char **argv, struct bench_config *config)
{
	static const struct option options[] = {
		{ "long", no_argument, NULL, 'l' },
		{ "pairs", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "fidelity", no_argument, NULL, 'f' },
		{ "html", no_argument, NULL, 'H' },
		{ "tracing", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tl_cpu_set cpus;
	int option;

	tl_cpu_set_of_self(&cpus);
	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (option) {
		case 'l':
			config->long_memory = true;
			break;
		case 'f':
			config->fidelity_only = true;
			break;
		case 'H':
			config->html_only = true;
			break;
		case 't':
			config->tracing_only = true;
			break;
		case 'p':
			config->pairs = atoi(optarg);
			if (config->pairs < 1 || config->pairs > BENCH_MAX_PAIRS) {
				fprintf(stderr, "bench: --pairs: 1 to %d\n",
					BENCH_MAX_PAIRS);
				exit(2);
			}
			break;
		case 'c':
			config->cpu = atoi(optarg);
			if (!tl_cpu_set_has(&cpus, config->cpu)) {
				fprintf(stderr,
					"bench: --cpu: %s is not a CPU this may use\n",
					optarg);
				exit(2);
			}
			break;
		case 'o':
			config->out = optarg;
			break;
		case 'h':
			bench_usage(stdout);
			exit(0);
		default:
			bench_usage(stderr);
			exit(2);
		}
	}
}
