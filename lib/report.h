/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writers that render a result. Each writes to the stream it is given and
 * returns 0 or -errno (-EIO when the stream failed). */
#ifndef TL_REPORT_H
#define TL_REPORT_H

#include <stdio.h>

#include "result.h"

/* The side-by-side table: one row per cell, latencies in us. */
int tl_report_table(FILE *out, const struct tl_result *result);

/* The detail view: one row per cell and round, its p50/p99/max beside what
 * else happened meanwhile (context switches, faults, migrations, interrupts
 * and softirqs on the measured CPU, steal), so a spike can be blamed. */
int tl_report_details(FILE *out, const struct tl_result *result);

#endif
