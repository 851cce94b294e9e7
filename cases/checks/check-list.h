/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one list of checks, in the order `timerlab check` runs them: one
 * line per check, TL_CHECK(id) for the const struct tl_check tl_check_<id>
 * that a file of cases/checks/ defines, where id is the check's name with
 * dots and dashes made underscores (timerfd.abs-past: timerfd_abs_past).
 * cases/registry.h and registry.c include it with TL_CHECK defined, so it
 * has no include guard. The catalogue (cases/checks/README.md) lists the
 * checks in this order.
 */
TL_CHECK(clock_nanosleep_never_early_realtime)
TL_CHECK(clock_nanosleep_never_early_monotonic)
TL_CHECK(clock_nanosleep_never_early_boottime)
TL_CHECK(clock_nanosleep_never_early_tai)
TL_CHECK(clock_nanosleep_abs_past)
TL_CHECK(clock_nanosleep_einval)
TL_CHECK(clock_nanosleep_eintr_rem)
TL_CHECK(clock_nanosleep_realtime_step)

TL_CHECK(timerfd_never_early_realtime)
TL_CHECK(timerfd_never_early_monotonic)
TL_CHECK(timerfd_never_early_boottime)
TL_CHECK(timerfd_abs_past)
TL_CHECK(timerfd_periodic_count)
TL_CHECK(timerfd_backlog)
TL_CHECK(timerfd_gettime_relative)
TL_CHECK(timerfd_nonblock)
TL_CHECK(timerfd_flags)
TL_CHECK(timerfd_einval)
TL_CHECK(timerfd_set_ticks)
TL_CHECK(timerfd_cancel_on_set)
TL_CHECK(timerfd_alarm_clock)
TL_CHECK(timerfd_timens)

TL_CHECK(posix_timer_never_early_realtime)
TL_CHECK(posix_timer_never_early_monotonic)
TL_CHECK(posix_timer_never_early_boottime)
TL_CHECK(posix_timer_never_early_tai)
TL_CHECK(posix_timer_oneshot_once)
TL_CHECK(posix_timer_fires_process_cputime)
TL_CHECK(posix_timer_fires_thread_cputime)
TL_CHECK(posix_timer_cputime_to_running_thread)
TL_CHECK(posix_timer_overrun)
TL_CHECK(posix_timer_overrun_process_cputime)
TL_CHECK(posix_timer_overrun_thread_cputime)
TL_CHECK(posix_timer_rt_coalesce)
TL_CHECK(posix_timer_sig_ign)
TL_CHECK(posix_timer_rearm_discards)
TL_CHECK(posix_timer_delete_discards)
TL_CHECK(posix_timer_rearm_discards_periodic)
TL_CHECK(posix_timer_delete_discards_periodic)
TL_CHECK(posix_timer_sigev_none)
TL_CHECK(posix_timer_sigev_none_process_cputime)
TL_CHECK(posix_timer_sigev_none_thread_cputime)
TL_CHECK(posix_timer_gettime_pending_monotonic)
TL_CHECK(posix_timer_gettime_pending_process_cputime)
TL_CHECK(posix_timer_gettime_pending_thread_cputime)
TL_CHECK(posix_timer_disarm)
TL_CHECK(posix_timer_exact_ids)
TL_CHECK(posix_timer_einval)
TL_CHECK(posix_timer_getoverrun_deleted)
TL_CHECK(posix_timer_not_inherited)
TL_CHECK(posix_timer_thread_id)
TL_CHECK(posix_timer_sig_ign_thread_exit)
TL_CHECK(posix_timer_alarm_clocks)

TL_CHECK(setitimer_old_value)
TL_CHECK(setitimer_real_fires)
TL_CHECK(setitimer_periodic)
TL_CHECK(setitimer_einval)
TL_CHECK(setitimer_cpu_tick)
TL_CHECK(setitimer_virtual_fires)
TL_CHECK(setitimer_prof_fires)

TL_CHECK(alarm_returns_remaining)
TL_CHECK(alarm_zero_cancels)
TL_CHECK(alarm_not_inherited)

TL_CHECK(signal_std_vs_rt_queue)

TL_CHECK(clock_monotonic_no_backwards)
TL_CHECK(clock_resolution)
