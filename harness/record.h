/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every saved result says about how it was obtained, whichever command
 * made it: the tool, the command line, the environment, when. */
#ifndef TL_RECORD_H
#define TL_RECORD_H

#include "../lib/result.h"

/* Initialise result and fill in the tool, argv (main's, NULL-terminated),
 * the environment and the start time. 0 or -ENOMEM. */
int tl_record_begin(struct tl_result *result, char **argv);
/* The finish time. */
void tl_record_end(struct tl_result *result);

#endif
