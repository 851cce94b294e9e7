/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TL_COMMAND_LIST_H
#define TL_COMMAND_LIST_H

/* `timerlab list`: paths, variants, signals, clocks, arms, and why each
 * unsupported combination is unsupported. Returns the exit status. */
int tl_list_main(int argc, char **argv);

#endif
