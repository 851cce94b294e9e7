/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report's two halves: the plots (report-html-plots.c: their data
 * and gnuplot commands, drawn in one batch) and the page that holds them
 * with the tables (report-html.c).
 */
#ifndef TL_REPORT_HTML_H
#define TL_REPORT_HTML_H

#include <stddef.h>

#include "gnuplot.h"
#include "result.h"

#define TL_HTML_NO_PLOT ((size_t)-1)
#define TL_HTML_MAX_CLOCKS 8

/* Which plot of the batch shows what, TL_HTML_NO_PLOT for none. */
struct tl_html_plots {
	struct tl_gnuplot batch;
	int drawn; /* tl_gnuplot_draw's answer: 0, -ENOENT without gnuplot */
	size_t clock_count;
	const char *clocks[TL_HTML_MAX_CLOCKS]; /* the cells' clocks, in order */
	size_t overlays[TL_HTML_MAX_CLOCKS]; /* per clock: every path's percentiles */
	size_t *histograms; /* per cell */
	size_t *timelines; /* per cell */
};

/* Lay out and draw the plots of result. 0 or -ENOMEM; a batch gnuplot could
 * not draw is not an error (drawn says why). */
int tl_html_plots_draw(struct tl_html_plots *plots, const struct tl_result *result);
void tl_html_plots_free(struct tl_html_plots *plots);

#endif
