/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TL_COMMAND_COMPARE_H
#define TL_COMMAND_COMPARE_H

/* `timerlab compare BASE NEW [MORE...]`: results compared, with gates. */
int tl_compare_main(int argc, char **argv);

#endif
