/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one list of paths, in the order the table shows them: one line per
 * path, TL_PATH(id) for the const struct tl_path tl_path_<id> that
 * cases/paths/<name>.c exports, where id is the path's name with dashes
 * made underscores (posix-timer: posix_timer). cases/registry.h and
 * registry.c include it with TL_PATH defined, so it has no include guard.
 */
TL_PATH(clock_nanosleep)
TL_PATH(timerfd)
TL_PATH(posix_timer)
TL_PATH(setitimer)
TL_PATH(alarm)
