/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TL_COMMAND_REPORT_H
#define TL_COMMAND_REPORT_H

/* `timerlab report RESULT...`: render saved results again. */
int tl_report_main(int argc, char **argv);

#endif
