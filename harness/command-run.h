/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TL_COMMAND_RUN_H
#define TL_COMMAND_RUN_H

/* `timerlab run`: returns the exit status. */
int tl_run_main(int argc, char **argv);

#endif
