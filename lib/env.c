/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "env.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "time.h"

#define ENV_CAP_SYS_NICE 23

/* The first line of a file, without its newline; -errno. */
static int env_read_line(const char *path, char *buf, size_t size)
{
	FILE *file = fopen(path, "re");

	buf[0] = '\0';
	if (!file)
		return -errno;
	if (!fgets(buf, (int)size, file))
		buf[0] = '\0';
	fclose(file);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int64_t env_read_number(const char *path)
{
	char buf[64], *end;

	if (env_read_line(path, buf, sizeof(buf)) < 0 || !buf[0])
		return -1;
	long long value = strtoll(buf, &end, 10);
	return end == buf ? -1 : value;
}

/* The value after "key<spaces>:" in a "key : value" file such as cpuinfo. */
static bool env_find_field(const char *path, const char *key, char *value, size_t size)
{
	FILE *file = fopen(path, "re");
	char line[1024];
	size_t key_length = strlen(key);
	bool found = false;

	if (!file)
		return false;
	while (!found && fgets(line, sizeof(line), file)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, key, key_length) != 0 || !colon)
			continue;
		colon++;
		colon += strspn(colon, " \t");
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(value, size, "%s", colon);
		found = true;
	}
	fclose(file);
	return found;
}

/* Look for "name=value" in a config stream. */
static int env_config_stream(FILE *file, const char *name, char *value, unsigned size)
{
	char line[512];
	size_t length = strlen(name);

	while (fgets(line, sizeof(line), file)) {
		if (strncmp(line, name, length) == 0 && line[length] == '=') {
			line[strcspn(line, "\n")] = '\0';
			snprintf(value, size, "%s", line + length + 1);
			return 0;
		}
	}
	return -ENOENT;
}

/* /proc/config.gz through gzip -dc (gzip is essential on Debian). */
static int env_config_gz(const char *name, char *value, unsigned size)
{
	int fds[2], status, err;
	pid_t pid;
	FILE *file;

	if (access("/proc/config.gz", R_OK) < 0 || pipe2(fds, O_CLOEXEC) < 0)
		return -ENOENT;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -ENOENT;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		static char *const argv[] = { "gzip", "-dc", "/proc/config.gz", NULL };

		execvp("gzip", argv);
		_exit(127);
	}
	close(fds[1]);
	file = fdopen(fds[0], "r");
	err = file ? env_config_stream(file, name, value, size) : -ENOENT;
	if (file)
		fclose(file); /* gzip may get SIGPIPE: fine */
	else
		close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return err;
}

int tl_env_kernel_config(const char *release, const char *name, char *value,
			 unsigned size)
{
	char path[256];
	FILE *file;
	int err;

	snprintf(path, sizeof(path), "/boot/config-%s", release);
	file = fopen(path, "re");
	if (file) {
		err = env_config_stream(file, name, value, size);
		fclose(file);
		return err;
	}
	return env_config_gz(name, value, size);
}

static bool env_config_set(const struct tl_env *env, const char *name)
{
	char value[64];

	return tl_env_kernel_config(env->kernel_release, name, value, sizeof(value)) ==
		       0 &&
	       strcmp(value, "y") == 0;
}

static void env_preempt(struct tl_env *env)
{
	const char *version = env->kernel_version;
	char realtime[16];

	if (strstr(version, "PREEMPT_RT") ||
	    (env_read_line("/sys/kernel/realtime", realtime, sizeof(realtime)) == 0 &&
	     strcmp(realtime, "1") == 0))
		snprintf(env->preempt, sizeof(env->preempt), "rt");
	else if (strstr(version, "PREEMPT_DYNAMIC")) {
		/* the mode in effect, "none voluntary (full)", needs debugfs */
		char mode[128], *open, *close;

		snprintf(env->preempt, sizeof(env->preempt), "dynamic");
		if (env_read_line("/sys/kernel/debug/sched/preempt", mode,
				  sizeof(mode)) == 0 &&
		    (open = strchr(mode, '(')) && (close = strchr(open, ')'))) {
			*close = '\0';
			snprintf(env->preempt, sizeof(env->preempt), "dynamic (%s)",
				 open + 1);
		}
	} else if (strstr(version, "PREEMPT"))
		snprintf(env->preempt, sizeof(env->preempt), "full");
	else if (env_config_set(env, "CONFIG_PREEMPT_VOLUNTARY"))
		snprintf(env->preempt, sizeof(env->preempt), "voluntary");
	else
		snprintf(env->preempt, sizeof(env->preempt), "none");
}

/* CONFIG_HZ from the kernel config; else the coarse clocks tick once per
 * jiffy, so their resolution is 1/HZ. */
static void env_hz(struct tl_env *env)
{
	char value[32];
	struct timespec res;

	env->hz = -1;
	if (tl_env_kernel_config(env->kernel_release, "CONFIG_HZ", value,
				 sizeof(value)) == 0) {
		env->hz = atoi(value);
		snprintf(env->hz_source, sizeof(env->hz_source), "kernel config");
	} else if (clock_getres(CLOCK_MONOTONIC_COARSE, &res) == 0 && res.tv_sec == 0 &&
		   res.tv_nsec > 0) {
		env->hz = (int)((TL_NS_PER_S + res.tv_nsec / 2) / res.tv_nsec);
		snprintf(env->hz_source, sizeof(env->hz_source),
			 "coarse clock resolution");
	}
	if (env_config_set(env, "CONFIG_NO_HZ_FULL"))
		snprintf(env->nohz, sizeof(env->nohz), "full");
	else if (env_config_set(env, "CONFIG_NO_HZ_IDLE"))
		snprintf(env->nohz, sizeof(env->nohz), "idle");
	else if (env->hz > 0 && strcmp(env->hz_source, "kernel config") == 0)
		snprintf(env->nohz, sizeof(env->nohz), "off");
	else
		snprintf(env->nohz, sizeof(env->nohz), "unknown");
	env_read_line("/sys/devices/system/cpu/nohz_full", env->nohz_full_cpus,
		      sizeof(env->nohz_full_cpus));
	/* a kernel with CONFIG_CPUMASK_OFFSTACK and no nohz_full= has no mask
	 * to print, and prints a NULL one: Debian's 6.1 and 6.12 say "(null)"
	 * where no CPU is nohz_full */
	if (strcmp(env->nohz_full_cpus, "(null)") == 0)
		env->nohz_full_cpus[0] = '\0';
}

static void env_clocks(struct tl_env *env)
{
	for (int i = 0; i < TL_ENV_CLOCKS; i++) {
		clockid_t clock = tl_clock_names[i].clock;
		struct timespec res;

		snprintf(env->clocks[i].name, sizeof(env->clocks[i].name), "%s",
			 tl_clock_names[i].name);
		env->clocks[i].resolution_ns =
			clock_getres(clock, &res) == 0 ? tl_ns_from_timespec(&res) : -1;
	}
	env_read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		      env->clocksource, sizeof(env->clocksource));
	env_read_line(
		"/sys/devices/system/clocksource/clocksource0/available_clocksource",
		env->clocksources, sizeof(env->clocksources));
	size_t length = strlen(env->clocksources);
	while (length && env->clocksources[length - 1] == ' ')
		env->clocksources[--length] = '\0';
}

/* Virtualised or not, and how we know: the CPU's hypervisor flag, the DMI
 * vendor, or Xen's /sys/hypervisor. */
static void env_virtualization(struct tl_env *env)
{
	char flags[4096] = "", vendor[128] = "", product[128] = "", xen[32] = "";

	env_find_field("/proc/cpuinfo", "flags", flags, sizeof(flags));
	env_read_line("/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor));
	env_read_line("/sys/class/dmi/id/product_name", product, sizeof(product));
	env_read_line("/sys/hypervisor/type", xen, sizeof(xen));
	bool flag = strstr(flags, " hypervisor") != NULL;

	env->virtualized = flag || xen[0];
	if (xen[0])
		snprintf(env->virtualization, sizeof(env->virtualization),
			 "%s (/sys/hypervisor)", xen);
	else if (flag && vendor[0])
		snprintf(env->virtualization, sizeof(env->virtualization),
			 "hypervisor flag; %.48s %.48s", vendor, product);
	else if (flag)
		snprintf(env->virtualization, sizeof(env->virtualization),
			 "hypervisor flag");
	else
		snprintf(env->virtualization, sizeof(env->virtualization), "none seen");
}

void tl_env_accel_of_cmdline(const char *cmdline, char *accel, size_t size)
{
	static const char key[] = "timerlab.accel=";
	const char *at = cmdline;

	if (size)
		accel[0] = '\0';
	/* a whole word only: "xtimerlab.accel=" is another parameter */
	while ((at = strstr(at, key)) && at != cmdline && at[-1] != ' ')
		at++;
	if (!at)
		return;
	at += strlen(key);
	size_t length = strcspn(at, " \t\n");

	if (!length || length >= size ||
	    strspn(at, "abcdefghijklmnopqrstuvwxyz0123456789_-") < length)
		return;
	memcpy(accel, at, length);
	accel[length] = '\0';
}

static void env_privileges(struct tl_env *env)
{
	char caps[64];

	env->root = geteuid() == 0;
	if (env_find_field("/proc/self/status", "CapEff", caps, sizeof(caps)))
		env->cap_sys_nice = (strtoull(caps, NULL, 16) >> ENV_CAP_SYS_NICE) & 1;
}

void tl_env_capture(struct tl_env *env)
{
	struct utsname uts;
	int slack;

	memset(env, 0, sizeof(*env));
	if (uname(&uts) == 0) {
		snprintf(env->kernel_release, sizeof(env->kernel_release), "%s",
			 uts.release);
		snprintf(env->kernel_version, sizeof(env->kernel_version), "%s",
			 uts.version);
		snprintf(env->machine, sizeof(env->machine), "%s", uts.machine);
	}
	if (gethostname(env->hostname, sizeof(env->hostname)) < 0)
		snprintf(env->hostname, sizeof(env->hostname), "unknown");
	env->hostname[sizeof(env->hostname) - 1] = '\0';
	env_read_line("/proc/cmdline", env->cmdline, sizeof(env->cmdline));
	env_preempt(env);
	env_hz(env);
	env_clocks(env);
	slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	env->timer_slack_ns = slack < 0 ? -1 : slack;
	env->rt_runtime_us = env_read_number("/proc/sys/kernel/sched_rt_runtime_us");
	env->rt_period_us = env_read_number("/proc/sys/kernel/sched_rt_period_us");
	if (!env_find_field("/proc/cpuinfo", "model name", env->cpu_model,
			    sizeof(env->cpu_model)))
		snprintf(env->cpu_model, sizeof(env->cpu_model), "unknown");
	env->cpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	env_virtualization(env);
	tl_env_accel_of_cmdline(env->cmdline, env->accel, sizeof(env->accel));
	env_privileges(env);
	env->realtime.cpu = -1;
}
