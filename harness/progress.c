/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

void tl_progress_init(struct tl_progress *progress, bool quiet, size_t count)
{
	*progress = (struct tl_progress){
		.enabled = !quiet,
		.live = !quiet && isatty(STDERR_FILENO),
		.count = count,
	};
}

void tl_progress_start(struct tl_progress *progress, const char *key)
{
	progress->index++;
	progress->key = key;
}

void tl_progress_show(void *context, uint64_t wakes, uint64_t total)
{
	struct tl_progress *progress = context;

	if (!progress->live)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s %llu/%llu", progress->index,
		progress->count, progress->key, (unsigned long long)wakes,
		(unsigned long long)total);
	progress->line_shown = true;
}

void tl_progress_done(struct tl_progress *progress, const char *outcome)
{
	if (!progress->enabled)
		return;
	if (progress->live) {
		if (progress->line_shown)
			fprintf(stderr, "\r\033[K");
		progress->line_shown = false;
		return;
	}
	fprintf(stderr, "timerlab: [%zu/%zu] %s: %s\n", progress->index, progress->count,
		progress->key, outcome);
}
