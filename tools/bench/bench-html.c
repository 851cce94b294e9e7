/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report's cost at the full suite's size: 468 cells of 2000
 * samples in 8 rounds (its plan). Running that suite takes about an hour,
 * so the result is made from one cell measured with that shape here (its
 * histogram and its 1000 timeline bins are real) and copied to 468 cells
 * across the four clocks, which is what the page's size and time depend
 * on: `timerlab report --format html` then writes its page from the JSON
 * alone, timed, and the page is weighed.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/time.h"
#include "bench.h"

#define BENCH_HTML_CELLS 468

/* One real cell of the full suite's shape, as a result file. */
static int bench_html_measure(const struct bench_config *config, char *path)
{
	char cpu[16], priority[16];
	char *argv[] = { (char *)config->timerlab,
			 "run",
			 "--path",
			 "timerfd",
			 "--clock",
			 "monotonic",
			 "--arm",
			 "abs",
			 "--samples",
			 "2000",
			 "--rounds",
			 "8",
			 "--cpu",
			 cpu,
			 "--priority",
			 priority,
			 "--out",
			 "-",
			 "--quiet",
			 NULL };
	struct rusage usage;

	snprintf(cpu, sizeof(cpu), "%d", config->cpu);
	snprintf(priority, sizeof(priority), "%d", config->priority);
	return bench_exec(argv, path, &usage, 60 * TL_NS_PER_S);
}

/* The result with its one cell copied to count cells, keys made unique and
 * spread over the four clocks; 0 or -errno. */
static int bench_html_widen(const char *path, size_t count)
{
	static const char *const clocks[] = { "monotonic", "realtime", "boottime",
					      "tai" };
	json_t *root = json_load_file(path, 0, NULL), *cells, *cell;
	int err = 0;

	cells = root ? json_object_get(root, "cells") : NULL;
	cell = cells ? json_array_get(cells, 0) : NULL;
	if (!cell) {
		json_decref(root);
		return -EINVAL;
	}
	json_incref(cell);
	json_array_clear(cells);
	for (size_t i = 0; i < count && !err; i++) {
		json_t *copy = json_deep_copy(cell);
		char key[128];

		snprintf(key, sizeof(key), "timerfd:read/%s/abs@1ms/copy%zu",
			 clocks[i % 4], i);
		if (!copy || json_object_set_new(copy, "key", json_string(key)) < 0 ||
		    json_object_set_new(copy, "clock", json_string(clocks[i % 4])) < 0 ||
		    json_array_append_new(cells, copy) < 0)
			err = -ENOMEM;
	}
	json_decref(cell);
	if (!err && json_dump_file(root, path, JSON_COMPACT) < 0)
		err = -EIO;
	json_decref(root);
	return err;
}

void bench_html(const struct bench_config *config, struct bench_page *page)
{
	char result[64], listing[64], dir[] = "/tmp/timerlab-bench-page-XXXXXX",
				      page_path[96];
	char *argv[] = { (char *)config->timerlab,
			 "report",
			 "--format",
			 "html",
			 "--out",
			 dir,
			 result,
			 NULL };
	struct rusage usage;
	struct stat st;
	int64_t started;
	int status;

	memset(page, 0, sizeof(*page));
	page->cells = BENCH_HTML_CELLS;
	if (bench_html_measure(config, result) != 0 ||
	    bench_html_widen(result, BENCH_HTML_CELLS) < 0 || !mkdtemp(dir)) {
		snprintf(page->why, sizeof(page->why), "could not make the result");
		unlink(result);
		return;
	}
	started = tl_now_ns(CLOCK_MONOTONIC);
	status = bench_exec(argv, listing, &usage, 120 * TL_NS_PER_S);
	page->seconds = (double)(tl_now_ns(CLOCK_MONOTONIC) - started) / 1e9;
	snprintf(page_path, sizeof(page_path), "%s/index.html", dir);
	if (status == 0 && stat(page_path, &st) == 0) {
		page->ok = true;
		page->mib = (double)st.st_size / (1024.0 * 1024.0);
	} else {
		snprintf(page->why, sizeof(page->why),
			 "timerlab report exited with status %d", status);
	}
	unlink(page_path);
	rmdir(dir);
	unlink(listing);
	unlink(result);
}
