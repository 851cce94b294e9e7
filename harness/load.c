/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "load.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/rt.h"
#include "../lib/time.h"
#include "args.h"
#include "interrupt.h"

#define LOAD_MAX_ARGS 64
#define LOAD_START_TIMEOUT_NS (5 * TL_NS_PER_S)
#define LOAD_STOP_GRACE_NS (2 * TL_NS_PER_S)

struct load_args {
	char *argv[LOAD_MAX_ARGS + 1];
	int argc;
	char storage[1024];
};

static int load_push(struct load_args *args, char *arg)
{
	if (args->argc == LOAD_MAX_ARGS)
		return -E2BIG;
	args->argv[args->argc++] = arg;
	args->argv[args->argc] = NULL;
	return 0;
}

/* name:count items, or raw arguments split on white space. */
static int load_parse(const char *spec, struct load_args *args, char *why,
		      size_t why_size)
{
	bool raw = spec[0] == '-' || strpbrk(spec, " \t");
	char *save = NULL, *item;
	static char program[] = "stress-ng";

	memset(args, 0, sizeof(*args));
	if (!spec[0] || strlen(spec) >= sizeof(args->storage) / 2) {
		snprintf(why, why_size, "--load: \"%s\" is %s", spec,
			 spec[0] ? "too long" : "empty");
		return -EINVAL;
	}
	if (!raw && tl_args_list("--load", spec, why, why_size) < 0)
		return -EINVAL;
	load_push(args, program);
	strcpy(args->storage, spec);
	char *next = args->storage + strlen(spec) + 1; /* room for "--name" copies */
	for (item = strtok_r(args->storage, raw ? " \t" : ",", &save); item;
	     item = strtok_r(NULL, raw ? " \t" : ",", &save)) {
		char *colon = strchr(item, ':');

		if (raw) {
			if (load_push(args, item) < 0)
				goto too_many;
			continue;
		}
		bool name_ok = colon && colon != item;
		for (char *c = item; name_ok && c < colon; c++)
			name_ok = islower((unsigned char)*c) ||
				  isdigit((unsigned char)*c) || *c == '-';
		bool count_ok = colon && colon[1];
		for (char *c = colon ? colon + 1 : item; count_ok && *c; c++)
			count_ok = isdigit((unsigned char)*c);
		if (!name_ok || !count_ok) {
			snprintf(
				why, why_size,
				"--load: \"%s\" is not stressor:count (e.g. cpu:1,io:1,vm:1), nor raw stress-ng arguments",
				item);
			return -EINVAL;
		}
		*colon = '\0';
		int n = snprintf(next,
				 sizeof(args->storage) - (size_t)(next - args->storage),
				 "--%s", item);
		if (load_push(args, next) < 0 || load_push(args, colon + 1) < 0)
			goto too_many;
		next += n + 1;
	}
	return 0;
too_many:
	snprintf(why, why_size, "--load: more than %d arguments", LOAD_MAX_ARGS);
	return -EINVAL;
}

static bool load_installed(void)
{
	const char *path = getenv("PATH");
	char copy[4096], candidate[4200], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", path ? path : "/usr/bin:/bin");
	for (char *dir = strtok_r(copy, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(candidate, sizeof(candidate), "%s/stress-ng", dir);
		if (access(candidate, X_OK) == 0)
			return true;
	}
	return false;
}

/* Processes in the load's group besides its leader: the stressors. */
static int load_group_size(pid_t group)
{
	DIR *proc = opendir("/proc");
	struct dirent *entry;
	int count = 0;

	if (!proc)
		return 0;
	while ((entry = readdir(proc))) {
		char path[300], stat[512];
		FILE *file;

		if (!isdigit((unsigned char)entry->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", entry->d_name);
		file = fopen(path, "re");
		if (!file)
			continue;
		/* pid (comm) state ppid pgrp: comm may hold spaces, so after ')' */
		if (fgets(stat, sizeof(stat), file)) {
			char *close_paren = strrchr(stat, ')');
			int ppid, pgrp;

			if (close_paren &&
			    sscanf(close_paren + 1, " %*c %d %d", &ppid, &pgrp) == 2 &&
			    pgrp == group)
				count++;
		}
		fclose(file);
	}
	closedir(proc);
	return count;
}

static void load_child(const struct load_args *args, const struct tl_cpu_set *cpus,
		       int log_fd, pid_t parent)
{
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	/* Every CPU, the measured one above all: disturbing it is the load's
	 * purpose, wherever the supervising parent runs. */
	if (cpus)
		tl_cpu_set_apply_self(cpus);
	/* If timerlab dies outright, stress-ng gets SIGTERM and stops its
	 * stressors itself. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent) /* it died before the line above took */
		_exit(127);
	signal(SIGINT, SIG_IGN); /* Ctrl-C is timerlab's to handle */
	dup2(null, STDIN_FILENO);
	dup2(log_fd, STDOUT_FILENO);
	dup2(log_fd, STDERR_FILENO);
	execvp("stress-ng", args->argv);
	_exit(127);
}

static void load_describe_failure(struct tl_load *load, int status, char *why,
				  size_t why_size)
{
	char last[256] = "", line[256];
	FILE *log = fopen(load->log_path, "re");

	while (log && fgets(line, sizeof(line), log))
		if (line[0] != '\n')
			snprintf(last, sizeof(last), "%s", line);
	if (log)
		fclose(log);
	last[strcspn(last, "\n")] = '\0';
	snprintf(why, why_size, "--load: %s exited with status %d%s%s", load->command,
		 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
		 last[0] ? ": " : "", last);
}

static void load_sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };

	nanosleep(&ts, NULL);
}

/* Wait until stressors exist, or the load failed. */
static int load_wait_running(struct tl_load *load, char *why, size_t why_size)
{
	int64_t deadline = tl_now_ns(CLOCK_MONOTONIC) + LOAD_START_TIMEOUT_NS;
	int status;

	while (tl_now_ns(CLOCK_MONOTONIC) < deadline) {
		if (waitpid(load->pid, &status, WNOHANG) == load->pid) {
			load_describe_failure(load, status, why, why_size);
			load->pid = 0;
			return -ECHILD;
		}
		if (load_group_size(load->pid) >= 2)
			return 0;
		load_sleep_ms(20);
	}
	snprintf(why, why_size, "--load: %s started no stressor within 5 s",
		 load->command);
	tl_load_stop(load);
	return -ECHILD;
}

int tl_load_check(const char *spec, char *why, size_t why_size)
{
	struct load_args args;

	return load_parse(spec, &args, why, why_size);
}

int tl_load_start(const char *spec, const struct tl_cpu_set *cpus, struct tl_load *load,
		  char *why, size_t why_size)
{
	struct load_args args;
	size_t used = 0;
	pid_t parent = getpid();
	int log_fd, err;

	memset(load, 0, sizeof(*load));
	err = load_parse(spec, &args, why, why_size);
	if (err)
		return err;
	if (!load_installed()) {
		snprintf(
			why, why_size,
			"--load: stress-ng is not installed (tools/deps build installs it)");
		return -ENOENT;
	}
	for (int i = 0; i < args.argc && used < sizeof(load->command); i++)
		used += (size_t)snprintf(load->command + used,
					 sizeof(load->command) - used, "%s%s",
					 i ? " " : "", args.argv[i]);
	snprintf(load->log_path, sizeof(load->log_path), "/tmp/timerlab-load-XXXXXX");
	log_fd = mkstemp(load->log_path);
	if (log_fd < 0) {
		snprintf(why, why_size, "--load: cannot create a log: %s",
			 strerror(errno));
		return -errno;
	}
	fflush(NULL);
	load->pid = fork();
	if (load->pid < 0) {
		err = -errno;
		close(log_fd);
		unlink(load->log_path);
		snprintf(why, why_size, "--load: fork: %s", strerror(-err));
		load->pid = 0;
		return err;
	}
	if (load->pid == 0)
		load_child(&args, cpus, log_fd, parent);
	close(log_fd);
	setpgid(load->pid, load->pid); /* no race with the child's own call */
	tl_interrupt_guard_group(load->pid);
	err = load_wait_running(load, why, why_size);
	if (err)
		unlink(load->log_path);
	return err;
}

void tl_load_stop(struct tl_load *load)
{
	int64_t deadline = tl_now_ns(CLOCK_MONOTONIC) + LOAD_STOP_GRACE_NS;
	int status;

	if (load->pid <= 0)
		return;
	kill(-load->pid, SIGTERM);
	while (waitpid(load->pid, &status, WNOHANG) == 0 &&
	       tl_now_ns(CLOCK_MONOTONIC) < deadline)
		load_sleep_ms(20);
	/* whatever is left of the group, leader or stressors, goes now */
	kill(-load->pid, SIGKILL);
	while (waitpid(load->pid, &status, 0) < 0 && errno == EINTR)
		;
	while (load_group_size(load->pid) > 0 &&
	       tl_now_ns(CLOCK_MONOTONIC) < deadline + TL_NS_PER_S)
		load_sleep_ms(20);
	tl_interrupt_guard_group(0);
	unlink(load->log_path);
	load->pid = 0;
}
