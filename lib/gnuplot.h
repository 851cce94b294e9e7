/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plots drawn by gnuplot as SVG, for the HTML report. A batch of plots is
 * one folder of its own under /dev/shm (or /tmp), named by timerlab's pid
 * so that a later batch removes it should timerlab be killed before it
 * could. Each plot's data goes in a file of its own there (gnuplot reads
 * a script on stdin one byte at a time, so the data never goes through
 * stdin), its commands into the script, and
 * gnuplot, started by fork/exec with the script on stdin (never a shell),
 * draws every plot of the batch in one run; two processes share the plots
 * when there are many, one per CPU of this machine's usual two.
 *
 * An SVG comes back ready to sit inside an XHTML page: its XML declaration
 * gone, and every id and reference to one prefixed by the plot's own
 * prefix, so that many plots in one page never share an id. The svg
 * terminal is used without `mouse`, which would link gnuplot_svg.js.
 */
#ifndef TL_GNUPLOT_H
#define TL_GNUPLOT_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

struct tl_gnuplot {
	char dir[PATH_MAX]; /* the batch's folder, "" once removed */
	char **commands; /* each plot's commands, malloc'd */
	size_t count;
	int width, height; /* of every plot, in px */
};

/* A batch of plots of width x height px. 0 or -errno. */
int tl_gnuplot_begin(struct tl_gnuplot *batch, int width, int height);

/* Data file part of the next plot (its index is batch->count), opened for
 * writing; path receives its name for the plot's commands. A plot of many
 * curves takes a part per curve: gnuplot reads a file again from its start
 * for each `index`. NULL, errno set, on failure. */
FILE *tl_gnuplot_data(struct tl_gnuplot *batch, size_t part, char *path, size_t size);

/* The next plot's commands (after its data file, if any): settings and one
 * plot command; each plot starts from gnuplot's defaults. 0 or -ENOMEM. */
int tl_gnuplot_plot(struct tl_gnuplot *batch, const char *commands);

/*
 * text as a gnuplot single-quoted string: a quote is doubled and a control
 * character (a newline would end the command, and what followed would be
 * a command of its own, system() included) becomes a space. Every text
 * that comes from a result goes into a script through this, never bare.
 */
void tl_gnuplot_quote(FILE *out, const char *text);

/* Draw every plot. -ENOENT when gnuplot is not installed, -EPROTO when it
 * failed (a plot without its file), or -errno. */
int tl_gnuplot_draw(struct tl_gnuplot *batch);

/* Plot index's SVG, prefixed for the page (malloc'd, *svg NULL when the
 * plot was not drawn). 0, -ENOENT or -ENOMEM. */
int tl_gnuplot_svg(const struct tl_gnuplot *batch, size_t index, const char *prefix,
		   char **svg);

/* Remove the batch's folder and what is in it. */
void tl_gnuplot_end(struct tl_gnuplot *batch);

#endif
