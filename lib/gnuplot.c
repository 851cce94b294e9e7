/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "gnuplot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Plots above this are shared between two gnuplot processes. */
#define GNUPLOT_SHARE_FROM 32

/* A batch's folder, its files first (a batch has no folders inside). */
static void gnuplot_remove_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;

	if (!dir)
		return;
	while ((entry = readdir(dir)))
		if (entry->d_name[0] != '.')
			unlinkat(dirfd(dir), entry->d_name, 0);
	closedir(dir);
	rmdir(path);
}

/* The folders of batches whose timerlab was killed before it could remove
 * them (their names carry its pid): ours, in place, whose pid is gone. */
static void gnuplot_sweep(const char *place)
{
	DIR *dir = opendir(place);
	struct dirent *entry;

	if (!dir)
		return;
	while ((entry = readdir(dir))) {
		char path[PATH_MAX];
		struct stat info;
		int pid, used = 0;

		if (sscanf(entry->d_name, "timerlab-plots-%d-%*6[A-Za-z0-9]%n", &pid,
			   &used) != 1 ||
		    entry->d_name[used] || pid <= 0 || pid == getpid() ||
		    kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", place, entry->d_name);
		if (lstat(path, &info) == 0 && S_ISDIR(info.st_mode) &&
		    info.st_uid == geteuid())
			gnuplot_remove_dir(path);
	}
	closedir(dir);
}

/* A page of hundreds of plots makes thousands of small files: in memory
 * (/dev/shm) where there is one, they cost a tenth of what a disk's do. */
int tl_gnuplot_begin(struct tl_gnuplot *batch, int width, int height)
{
	static const char *const places[] = { "/dev/shm", "/tmp" };

	*batch = (struct tl_gnuplot){ .width = width, .height = height };
	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		gnuplot_sweep(places[i]);
		snprintf(batch->dir, sizeof(batch->dir), "%s/timerlab-plots-%d-XXXXXX",
			 places[i], (int)getpid());
		if (mkdtemp(batch->dir))
			return 0;
	}
	batch->dir[0] = '\0';
	return -errno;
}

FILE *tl_gnuplot_data(struct tl_gnuplot *batch, size_t part, char *path, size_t size)
{
	snprintf(path, size, "%s/d%zu-%zu.dat", batch->dir, batch->count, part);
	return fopen(path, "we");
}

void tl_gnuplot_quote(FILE *out, const char *text)
{
	fputc('\'', out);
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '\'')
			fputc('\'', out);
		fputc(*c < 0x20 || *c == 0x7f ? ' ' : *c, out);
	}
	fputc('\'', out);
}

int tl_gnuplot_plot(struct tl_gnuplot *batch, const char *commands)
{
	char **grown = realloc(batch->commands, (batch->count + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	batch->commands = grown;
	if (!(grown[batch->count] = strdup(commands)))
		return -ENOMEM;
	batch->count++;
	return 0;
}

/* The script of the plots first, first + step, ...: a terminal, then each
 * plot into its own file, reset between them. */
static char *gnuplot_script(const struct tl_gnuplot *batch, size_t first, size_t step,
			    size_t *size)
{
	char *text = NULL;
	FILE *script = open_memstream(&text, size);

	if (!script)
		return NULL;
	fprintf(script,
		"set terminal svg size %d,%d dynamic noenhanced font 'sans,10' background '#ffffff'\n",
		batch->width, batch->height);
	for (size_t i = first; i < batch->count; i += step)
		fprintf(script, "set output '%s/p%zu.svg'\n%s\nunset output\nreset\n",
			batch->dir, i, batch->commands[i]);
	if (fclose(script) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* gnuplot with script on its stdin: one line that loads the script file,
 * since gnuplot reads its stdin a byte at a time but a loaded file through
 * stdio. Its pid, or -errno. Its output goes to /dev/null: a script of ours
 * that it rejects shows as a plot not drawn. */
static pid_t gnuplot_start(const struct tl_gnuplot *batch, size_t part,
			   const char *script, size_t size)
{
	char path[PATH_MAX + 32], load[PATH_MAX + 48];
	int fds[2], length;
	FILE *file;
	pid_t pid, parent;

	snprintf(path, sizeof(path), "%s/script%zu.gp", batch->dir, part);
	file = fopen(path, "we");
	if (!file)
		return -errno;
	if (fwrite(script, 1, size, file) != size) {
		fclose(file);
		return -EIO;
	}
	if (fclose(file) != 0)
		return -EIO;
	length = snprintf(load, sizeof(load), "load '%s'\n", path);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* timerlab killed outright takes gnuplot with it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);

		dup2(fds[0], STDIN_FILENO);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		static char *const argv[] = { "gnuplot", NULL };

		execvp("gnuplot", argv);
		_exit(127);
	}
	close(fds[0]);
	/* one short line fits the pipe; gnuplot dying first is no signal to us */
	void (*saved)(int) = signal(SIGPIPE, SIG_IGN);
	if (write(fds[1], load, (size_t)length) < 0) {
		/* gnuplot is gone: its exit status says why */
	}
	signal(SIGPIPE, saved);
	close(fds[1]);
	return pid;
}

static int gnuplot_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -ENOENT;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EPROTO;
}

int tl_gnuplot_draw(struct tl_gnuplot *batch)
{
	size_t processes = batch->count >= GNUPLOT_SHARE_FROM ? 2 : 1;
	pid_t pids[2];
	int err = 0;

	for (size_t p = 0; p < processes; p++) {
		size_t size;
		char *script = gnuplot_script(batch, p, processes, &size);

		pids[p] = script ? gnuplot_start(batch, p, script, size) : -ENOMEM;
		free(script);
	}
	for (size_t p = 0; p < processes; p++) {
		int result = pids[p] < 0 ? (int)pids[p] : gnuplot_wait(pids[p]);

		if (!err)
			err = result;
	}
	return err;
}

/* Append text[0..length) to the growing string *out. */
static int gnuplot_append(char **out, size_t *size, size_t *used, const char *text,
			  size_t length)
{
	if (*used + length + 1 > *size) {
		size_t grown = (*used + length + 1) * 2;
		char *bigger = realloc(*out, grown);

		if (!bigger)
			return -ENOMEM;
		*out = bigger;
		*size = grown;
	}
	memcpy(*out + *used, text, length);
	*used += length;
	(*out)[*used] = '\0';
	return 0;
}

/* gnuplot's svg terminal defines its point symbols (gpPt0, ...) in every
 * plot; a plot of lines uses none of them, and hundreds of plots in a page
 * would carry them for nothing: drop the <defs> when nothing else refers
 * to a symbol. */
static void gnuplot_drop_unused_defs(char *svg)
{
	char *defs = strstr(svg, "<defs>"), *end = defs ? strstr(defs, "</defs>") : NULL;

	if (!end)
		return;
	end += strlen("</defs>");
	if (strstr(end, "gpPt") || strstr(end, "gpDot"))
		return;
	memmove(defs, end, strlen(end) + 1);
}

/* gnuplot's svg terminal opens and closes a group for every change of
 * style, most of them holding nothing: a third of a plot's bytes. Drop
 * each "<g ...>" that holds only white space up to its "</g>". */
static void gnuplot_drop_empty_groups(char *svg)
{
	char *in = svg, *out = svg;

	while (*in) {
		if (strncmp(in, "<g ", 3) == 0) {
			char *close = strchr(in, '>'), *after = close ? close + 1 : NULL;

			while (after &&
			       (*after == ' ' || *after == '\n' || *after == '\t'))
				after++;
			if (after && close[-1] != '/' && strncmp(after, "</g>", 4) == 0) {
				in = after + 4;
				while (*in == '\n')
					in++;
				continue;
			}
		}
		*out++ = *in++;
	}
	*out = '\0';
}

/* The references gnuplot's SVG makes to its ids: each gets the prefix. */
static const char *const gnuplot_id_marks[] = { "id='", "id=\"", "href='#", "href=\"#",
						"url(#" };

int tl_gnuplot_svg(const struct tl_gnuplot *batch, size_t index, const char *prefix,
		   char **svg)
{
	char path[PATH_MAX + 32], *text = NULL, *out = NULL;
	size_t size = 0, used = 0, length;
	FILE *file;
	int err = 0;

	*svg = NULL;
	snprintf(path, sizeof(path), "%s/p%zu.svg", batch->dir, index);
	file = fopen(path, "re");
	if (!file)
		return -ENOENT;
	if (getdelim(&text, &size, '\0', file) < 0 || !strstr(text, "<svg")) {
		fclose(file);
		free(text);
		return -ENOENT;
	}
	fclose(file);
	size = 0;
	/* from "<svg" on: the XML declaration has no place inside a page; one
	 * pass, the prefix written after each mark */
	const char *p = strstr(text, "<svg"), *copied = p;

	for (; *p && !err; p++) {
		size_t mark = 0;

		if (*p != 'i' && *p != 'h' && *p != 'u')
			continue;
		while (mark < sizeof(gnuplot_id_marks) / sizeof(gnuplot_id_marks[0]) &&
		       strncmp(p, gnuplot_id_marks[mark],
			       strlen(gnuplot_id_marks[mark])) != 0)
			mark++;
		if (mark == sizeof(gnuplot_id_marks) / sizeof(gnuplot_id_marks[0]))
			continue;
		length = (size_t)(p - copied) + strlen(gnuplot_id_marks[mark]);
		err = gnuplot_append(&out, &size, &used, copied, length);
		if (!err)
			err = gnuplot_append(&out, &size, &used, prefix, strlen(prefix));
		copied += length;
		p = copied - 1;
	}
	if (!err)
		err = gnuplot_append(&out, &size, &used, copied, strlen(copied));
	free(text);
	if (err) {
		free(out);
		return err;
	}
	gnuplot_drop_unused_defs(out);
	gnuplot_drop_empty_groups(out);
	*svg = out;
	return 0;
}

void tl_gnuplot_end(struct tl_gnuplot *batch)
{
	for (size_t i = 0; i < batch->count; i++)
		free(batch->commands[i]);
	free(batch->commands);
	batch->commands = NULL;
	batch->count = 0;
	if (!batch->dir[0])
		return;
	gnuplot_remove_dir(batch->dir);
	batch->dir[0] = '\0';
}
