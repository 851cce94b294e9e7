/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "processes.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests.h"

pid_t processes_start(const char *const *arguments)
{
	const char *program = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	const char *argv[32] = { program };
	size_t n = 1;

	for (; *arguments && n < 31; arguments++)
		argv[n++] = *arguments;
	argv[n] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		setpgid(0, 0); /* a terminal's job: Ctrl-C reaches the whole group */
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execv(program, (char *const *)argv);
		_exit(127);
	}
	setpgid(pid, pid);
	return pid;
}

/* The parent of a process, from /proc; -1 if it is gone. */
static int processes_parent(int pid)
{
	char path[64], line[256];
	int parent = -1;
	FILE *file;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	file = fopen(path, "r");
	while (file && fgets(line, sizeof(line), file))
		if (sscanf(line, "PPid: %d", &parent) == 1)
			break;
	if (file)
		fclose(file);
	return parent;
}

int processes_strays(bool dead_count)
{
	int strays = 0, status;
	DIR *proc;
	struct dirent *entry;

	while (waitpid(-1, &status, WNOHANG) > 0)
		strays += dead_count;
	proc = opendir("/proc");
	while (proc && (entry = readdir(proc))) {
		int candidate = atoi(entry->d_name);

		if (candidate <= 0 || processes_parent(candidate) != getpid())
			continue;
		fprintf(stderr, "\nstray process %d\n", candidate);
		kill(candidate, SIGKILL);
		waitpid(candidate, &status, 0);
		strays++;
	}
	if (proc)
		closedir(proc);
	return strays;
}
