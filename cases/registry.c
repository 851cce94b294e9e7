/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "registry.h"

#include <string.h>

const struct tl_path *const tl_paths[] = {
	&tl_path_clock_nanosleep, &tl_path_timerfd, &tl_path_posix_timer,
	&tl_path_setitimer,	  &tl_path_alarm,   NULL,
};

const struct tl_path *tl_path_find(const char *name)
{
	for (size_t i = 0; tl_paths[i]; i++)
		if (strcmp(tl_paths[i]->name, name) == 0)
			return tl_paths[i];
	return NULL;
}

const struct tl_check *const tl_checks[] = {
	&tl_check_clock_nanosleep_never_early_realtime,
	&tl_check_clock_nanosleep_never_early_monotonic,
	&tl_check_clock_nanosleep_never_early_boottime,
	&tl_check_clock_nanosleep_never_early_tai,
	&tl_check_clock_nanosleep_abs_past,
	&tl_check_clock_nanosleep_einval,
	&tl_check_clock_nanosleep_eintr_rem,
	&tl_check_clock_nanosleep_realtime_step,
	&tl_check_timerfd_never_early_realtime,
	&tl_check_timerfd_never_early_monotonic,
	&tl_check_timerfd_never_early_boottime,
	&tl_check_timerfd_abs_past,
	&tl_check_timerfd_periodic_count,
	&tl_check_timerfd_backlog,
	&tl_check_timerfd_gettime_relative,
	&tl_check_timerfd_nonblock,
	&tl_check_timerfd_flags,
	&tl_check_timerfd_einval,
	&tl_check_timerfd_set_ticks,
	&tl_check_timerfd_cancel_on_set,
	&tl_check_timerfd_alarm_clock,
	&tl_check_timerfd_timens,
	&tl_check_posix_timer_never_early_realtime,
	&tl_check_posix_timer_never_early_monotonic,
	&tl_check_posix_timer_never_early_boottime,
	&tl_check_posix_timer_never_early_tai,
	&tl_check_posix_timer_oneshot_once,
	&tl_check_posix_timer_overrun,
	&tl_check_posix_timer_rt_coalesce,
	&tl_check_posix_timer_sig_ign,
	&tl_check_posix_timer_rearm_discards,
	&tl_check_posix_timer_delete_discards,
	&tl_check_posix_timer_sigev_none,
	&tl_check_posix_timer_disarm,
	&tl_check_posix_timer_einval,
	&tl_check_posix_timer_getoverrun_deleted,
	&tl_check_posix_timer_not_inherited,
	&tl_check_posix_timer_thread_id,
	&tl_check_posix_timer_alarm_clocks,
	&tl_check_setitimer_old_value,
	&tl_check_setitimer_real_fires,
	&tl_check_setitimer_periodic,
	&tl_check_setitimer_einval,
	&tl_check_setitimer_cpu_tick,
	&tl_check_alarm_returns_remaining,
	&tl_check_alarm_zero_cancels,
	&tl_check_alarm_not_inherited,
	&tl_check_signal_std_vs_rt_queue,
	&tl_check_clock_monotonic_no_backwards,
	&tl_check_clock_resolution,
	NULL,
};

const struct tl_check *tl_check_find(const char *name)
{
	for (size_t i = 0; tl_checks[i]; i++)
		if (strcmp(tl_checks[i]->name, name) == 0)
			return tl_checks[i];
	return NULL;
}
