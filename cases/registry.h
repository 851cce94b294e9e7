/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one list of paths and the one list of checks. Adding a path is one
 * file in cases/paths/ plus one line in cases/registry.c; adding a check is one
 * function and struct in its cases/checks/<group>.c plus one line there. */
#ifndef TL_REGISTRY_H
#define TL_REGISTRY_H

#include <stddef.h>

#include "checks/check.h"
#include "paths/path.h"

extern const struct tl_path tl_path_clock_nanosleep;
extern const struct tl_path tl_path_timerfd;
extern const struct tl_path tl_path_posix_timer;
extern const struct tl_path tl_path_setitimer;
extern const struct tl_path tl_path_alarm;

/* NULL-terminated, in the order the table shows them. */
extern const struct tl_path *const tl_paths[];

const struct tl_path *tl_path_find(const char *name);

extern const struct tl_check tl_check_clock_nanosleep_never_early_realtime;
extern const struct tl_check tl_check_clock_nanosleep_never_early_monotonic;
extern const struct tl_check tl_check_clock_nanosleep_never_early_boottime;
extern const struct tl_check tl_check_clock_nanosleep_never_early_tai;
extern const struct tl_check tl_check_clock_nanosleep_abs_past;
extern const struct tl_check tl_check_clock_nanosleep_einval;
extern const struct tl_check tl_check_clock_nanosleep_eintr_rem;
extern const struct tl_check tl_check_clock_nanosleep_realtime_step;
extern const struct tl_check tl_check_timerfd_never_early_realtime;
extern const struct tl_check tl_check_timerfd_never_early_monotonic;
extern const struct tl_check tl_check_timerfd_never_early_boottime;
extern const struct tl_check tl_check_timerfd_abs_past;
extern const struct tl_check tl_check_timerfd_periodic_count;
extern const struct tl_check tl_check_timerfd_backlog;
extern const struct tl_check tl_check_timerfd_gettime_relative;
extern const struct tl_check tl_check_timerfd_nonblock;
extern const struct tl_check tl_check_timerfd_flags;
extern const struct tl_check tl_check_timerfd_einval;
extern const struct tl_check tl_check_timerfd_set_ticks;
extern const struct tl_check tl_check_timerfd_cancel_on_set;
extern const struct tl_check tl_check_timerfd_alarm_clock;
extern const struct tl_check tl_check_timerfd_timens;
extern const struct tl_check tl_check_posix_timer_never_early_realtime;
extern const struct tl_check tl_check_posix_timer_never_early_monotonic;
extern const struct tl_check tl_check_posix_timer_never_early_boottime;
extern const struct tl_check tl_check_posix_timer_never_early_tai;
extern const struct tl_check tl_check_posix_timer_oneshot_once;
extern const struct tl_check tl_check_posix_timer_overrun;
extern const struct tl_check tl_check_posix_timer_rt_coalesce;
extern const struct tl_check tl_check_posix_timer_sig_ign;
extern const struct tl_check tl_check_posix_timer_rearm_discards;
extern const struct tl_check tl_check_posix_timer_delete_discards;
extern const struct tl_check tl_check_posix_timer_sigev_none;
extern const struct tl_check tl_check_posix_timer_disarm;
extern const struct tl_check tl_check_posix_timer_einval;
extern const struct tl_check tl_check_posix_timer_getoverrun_deleted;
extern const struct tl_check tl_check_posix_timer_not_inherited;
extern const struct tl_check tl_check_posix_timer_thread_id;
extern const struct tl_check tl_check_posix_timer_alarm_clocks;
extern const struct tl_check tl_check_setitimer_old_value;
extern const struct tl_check tl_check_setitimer_real_fires;
extern const struct tl_check tl_check_setitimer_periodic;
extern const struct tl_check tl_check_setitimer_einval;
extern const struct tl_check tl_check_setitimer_cpu_tick;
extern const struct tl_check tl_check_alarm_returns_remaining;
extern const struct tl_check tl_check_alarm_zero_cancels;
extern const struct tl_check tl_check_alarm_not_inherited;
extern const struct tl_check tl_check_signal_std_vs_rt_queue;
extern const struct tl_check tl_check_clock_monotonic_no_backwards;
extern const struct tl_check tl_check_clock_resolution;

/* NULL-terminated, in the order `timerlab check` runs them: by group, in
 * CHECKS.md's order. */
extern const struct tl_check *const tl_checks[];

const struct tl_check *tl_check_find(const char *name);

#endif
