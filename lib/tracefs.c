/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tracefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "trace-analysis.h"

#define TRACEFS_MAGIC 0x74726163

int tl_tracefs_mount(const char *root, bool *mounted)
{
	struct statfs fs;

	*mounted = false;
	if (statfs(root, &fs) == 0 && fs.f_type == TRACEFS_MAGIC)
		return 0;
	if (mount("nodev", root, "tracefs", 0, NULL) < 0)
		return -errno;
	*mounted = true;
	return 0;
}

int tl_tracefs_unmount(const char *root)
{
	return umount2(root, 0) < 0 ? -errno : 0;
}

/* Write text to dir/name; 0 or -errno. */
static int tracefs_write(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX + 128];
	int fd, err = 0;
	size_t length = strlen(text);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, length) != (ssize_t)length)
		err = errno ? -errno : -EIO;
	close(fd);
	return err;
}

/* An instance removed: its events first (rmdir refuses while they are on
 * in some kernels), then the folder. */
static int tracefs_rmdir(const char *dir)
{
	tracefs_write(dir, "events/enable", "0");
	tracefs_write(dir, "tracing_on", "0");
	return rmdir(dir) < 0 ? -errno : 0;
}

int tl_tracefs_remove_leftovers(const char *root)
{
	char path[PATH_MAX];
	struct dirent *entry;
	int removed = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/instances", root);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((entry = readdir(dir))) {
		const char *name = entry->d_name;
		char *end, instance[PATH_MAX + 256];
		long pid;

		if (strncmp(name, TL_TRACEFS_PREFIX, strlen(TL_TRACEFS_PREFIX)) != 0)
			continue;
		pid = strtol(name + strlen(TL_TRACEFS_PREFIX), &end, 10);
		if (end == name + strlen(TL_TRACEFS_PREFIX) || (*end && *end != '-') ||
		    pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(instance, sizeof(instance), "%s/%s", path, name);
		removed += tracefs_rmdir(instance) == 0;
	}
	closedir(dir);
	return removed;
}

void tl_tracefs_cpumask(int cpu, char *buf, size_t size)
{
	size_t used;

	/* 32-bit words, the highest first, comma-separated */
	used = (size_t)snprintf(buf, size, "%x", 1u << (cpu % 32));
	for (int word = cpu / 32; word > 0 && used < size; word--)
		used += (size_t)snprintf(buf + used, size - used, ",%08x", 0u);
}

/* Every wanted event this kernel has, on; their names into events. */
static void tracefs_events(const char *dir, char *events, size_t size)
{
	events[0] = '\0';
	for (size_t i = 0; i < tl_trace_wanted_event_count; i++) {
		char name[96], enable[128];
		const char *colon;

		snprintf(name, sizeof(name), "%s", tl_trace_wanted_events[i]);
		for (int attempt = 0; attempt < 2; attempt++) {
			colon = strchr(name, ':');
			snprintf(enable, sizeof(enable), "events/%.*s/%s/enable",
				 (int)(colon - name), name, colon + 1);
			if (tracefs_write(dir, enable, "1") == 0) {
				size_t used = strlen(events);

				snprintf(events + used, size - used, "%s%s",
					 used ? "," : "", name);
				break;
			}
			/* before 4.3 the kernel had sched_wakeup alone */
			if (strcmp(name, "sched:sched_waking") != 0)
				break;
			snprintf(name, sizeof(name), "sched:sched_wakeup");
		}
	}
}

static int tracefs_open(const char *dir, const char *name)
{
	char path[PATH_MAX + 64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int tl_tracefs_instance_create(const char *root, const char *name, int cpu,
			       struct tl_tracefs_instance *instance, char *events,
			       size_t events_size)
{
	char mask[64];
	int err;

	instance->marker_fd = instance->on_fd = -1;
	snprintf(instance->dir, sizeof(instance->dir), "%s/instances/%s", root, name);
	if (mkdir(instance->dir, 0700) < 0) {
		err = -errno;
		instance->dir[0] = '\0';
		return err;
	}
	tl_tracefs_cpumask(cpu, mask, sizeof(mask));
	err = tracefs_write(instance->dir, "tracing_on", "0");
	if (!err)
		err = tracefs_write(instance->dir, "trace_clock", "mono");
	if (!err)
		err = tracefs_write(instance->dir, "tracing_cpumask", mask);
	if (!err) {
		tracefs_events(instance->dir, events, events_size);
		if (!events[0])
			err = -ENOENT;
	}
	if (!err &&
	    (instance->marker_fd = tracefs_open(instance->dir, "trace_marker")) < 0)
		err = instance->marker_fd;
	if (!err && (instance->on_fd = tracefs_open(instance->dir, "tracing_on")) < 0)
		err = instance->on_fd;
	if (err)
		tl_tracefs_instance_remove(instance);
	return err;
}

int tl_tracefs_instance_remove(struct tl_tracefs_instance *instance)
{
	int err;

	if (!instance->dir[0])
		return 0;
	if (instance->marker_fd >= 0)
		close(instance->marker_fd);
	if (instance->on_fd >= 0)
		close(instance->on_fd);
	instance->marker_fd = instance->on_fd = -1;
	err = tracefs_rmdir(instance->dir);
	instance->dir[0] = '\0';
	return err;
}

int tl_tracefs_read(const struct tl_tracefs_instance *instance, char **text, size_t *size)
{
	char path[PATH_MAX + 16];
	size_t capacity = 1 << 20;
	int fd, err = 0;

	*size = 0;
	*text = NULL;
	snprintf(path, sizeof(path), "%s/trace", instance->dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		if (!*text || *size + 1 >= capacity) {
			char *grown = realloc(*text, capacity *= 2);

			if (!grown) {
				err = -ENOMEM;
				break;
			}
			*text = grown;
		}
		n = read(fd, *text + *size, capacity - *size - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : 0;
			break;
		}
		*size += (size_t)n;
	}
	close(fd);
	if (err) {
		free(*text);
		*text = NULL;
		return err;
	}
	(*text)[*size] = '\0';
	return 0;
}

int tl_tracefs_clear(const struct tl_tracefs_instance *instance)
{
	char path[PATH_MAX + 16];
	int fd;

	snprintf(path, sizeof(path), "%s/trace", instance->dir);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int tl_tracefs_set_on(const struct tl_tracefs_instance *instance, bool on)
{
	return write(instance->on_fd, on ? "1" : "0", 1) == 1 ? 0 : -errno;
}
