/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tool.h"
#include "tree.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests.h"

struct tool_buffer {
	char *data;
	size_t size;
};

static void tool_append(struct tool_buffer *buffer, const char *data, size_t size)
{
	buffer->data = realloc(buffer->data, buffer->size + size + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buffer->data);
	memcpy(buffer->data + buffer->size, data, size);
	buffer->size += size;
	buffer->data[buffer->size] = '\0';
}

void tool_exec(const char *program, const char *const *argv, int out_fd, int err_fd)
{
	const char *args[64] = { program };
	size_t n = 1;

	for (; argv[n - 1] && n < 63; n++)
		args[n] = argv[n - 1];
	args[n] = NULL;
	dup2(out_fd, STDOUT_FILENO);
	dup2(err_fd, STDERR_FILENO);
	execvp(program, (char *const *)args);
	fprintf(stderr, "cannot run %s: %s\n", program, strerror(errno));
	_exit(127);
}

void tool_run(const char *const *argv, struct tool_output *output)
{
	const char *program = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	static char scratch[] = "/tmp/timerlab-tool-XXXXXX";
	const char *with_out[64];
	size_t n = 0;
	bool out_given = false;

	for (; argv[n]; n++)
		out_given = out_given || strncmp(argv[n], "--out", 5) == 0;
	if (n == 0 || strcmp(argv[0], "run") != 0 || out_given || n + 3 > 64) {
		tool_run_program(program, argv, output);
		return;
	}
	/* a run the test gave no --out would save into the tree's reports/:
	 * it goes to a folder of the test run's, removed at its end, made
	 * once (a flag: the name mkdtemp gives may itself end in X) */
	static bool scratch_made;

	if (!scratch_made) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(scratch));
		scratch_made = true;
	}
	with_out[0] = "run"; /* first: a bad option at the end stays the last */
	with_out[1] = "--out";
	with_out[2] = scratch;
	memcpy(with_out + 3, argv + 1, n * sizeof(*argv)); /* and the NULL */
	tool_run_program(program, with_out, output);
}

void tool_run_program(const char *program, const char *const *argv,
		      struct tool_output *output)
{
	int out_pipe[2], err_pipe[2], status;
	struct tool_buffer out = { NULL, 0 }, err = { NULL, 0 };
	pid_t pid;

	CU_ASSERT_FATAL(pipe(out_pipe) == 0 && pipe(err_pipe) == 0);
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(out_pipe[0]);
		close(err_pipe[0]);
		tool_exec(program, argv, out_pipe[1], err_pipe[1]);
	}
	close(out_pipe[1]);
	close(err_pipe[1]);
	tool_append(&out, "", 0);
	tool_append(&err, "", 0);

	struct pollfd fds[2] = { { out_pipe[0], POLLIN, 0 }, { err_pipe[0], POLLIN, 0 } };
	int open_fds = 2;
	while (open_fds) {
		char chunk[4096];

		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				tool_append(i ? &err : &out, chunk, (size_t)n);
			} else {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	output->out = out.data;
	output->err = err.data;
	output->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void tool_free(struct tool_output *output)
{
	free(output->out);
	free(output->err);
}

size_t tool_lines(const char *text)
{
	size_t lines = 0;

	for (; *text; text++)
		lines += *text == '\n';
	return lines;
}

bool tool_have(const char *program)
{
	static const char *const argv[] = { "--version", NULL };
	struct tool_output output;
	bool have;

	tool_run_program(program, argv, &output);
	have = output.status != 127;
	tool_free(&output);
	return have;
}

void tool_expect_usage_error(const char *const *argv, const char *message)
{
	struct tool_output output;

	tool_run(argv, &output);
	/* what it said, when it is not what is asked: a failure seen once
	 * (a sanitizer's own line, a crash) can be read in the log */
	if (output.status != 2 || output.out[0] || tool_lines(output.err) != 1 ||
	    strncmp(output.err, "timerlab: ", 10) != 0 || !strstr(output.err, message))
		fprintf(stderr,
			"\n%s: exit %d, expected 2 and \"%s\" in one line; stdout:\n%s\nstderr:\n%s\n",
			argv[0], output.status, message, output.out, output.err);
	CU_ASSERT_EQUAL(output.status, 2);
	CU_ASSERT_STRING_EQUAL(output.out, "");
	CU_ASSERT_EQUAL(tool_lines(output.err), 1);
	CU_ASSERT_EQUAL(strncmp(output.err, "timerlab: ", 10), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.err, message));
	tool_free(&output);
}

bool tool_parse_row(const char *line, struct tool_row *row)
{
	int used = 0;

	memset(row, 0, sizeof(*row));
	if (sscanf(line, "%31s %31s %31s %31s%n", row->path, row->variant, row->clock,
		   row->arm, &used) != 4)
		return false;
	line += used;
	if (strncmp(line, " (emulated)", 11) == 0) {
		row->emulated = true;
		line += 11;
	}
	while (*line == ' ')
		line++;
	if (strncmp(line, "n/a: ", 5) == 0) {
		row->unsupported = true;
		return true;
	}
	/* a rough percentile is marked "~" (read as the figure it marks, with
	 * the mark kept in rough); the p50-rng column is "-" for one round */
	char copy[512];
	size_t n = 0;

	for (; *line && n + 1 < sizeof(copy); line++) {
		if (*line == '~') {
			row->rough = true;
			continue;
		}
		copy[n++] = *line;
	}
	copy[n] = '\0';
	return sscanf(copy, "%llu %lf %lf %lf %lf %lf %lf %lf %*s %llu %llu",
		      &row->samples, &row->min, &row->p50, &row->p90, &row->p99,
		      &row->p999, &row->max, &row->stddev, &row->early,
		      &row->missed) == 10;
}

size_t tool_rows(const char *out, struct tool_row *rows, size_t capacity)
{
	char *copy = strdup(out), *save = NULL;
	size_t count = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "path ", 5) || !strncmp(line, "latencies", 9) ||
		    !strncmp(line, "missed: ", 8) || !strncmp(line, "note: ", 6) ||
		    !strncmp(line, "~: ", 3))
			continue;
		CU_ASSERT_FATAL(count < capacity);
		CU_ASSERT_TRUE(tool_parse_row(line, &rows[count]));
		count++;
	}
	free(copy);
	return count;
}

const struct tool_row *tool_find_row(const struct tool_row *rows, size_t count,
				     const char *path, const char *variant,
				     const char *clock, const char *arm)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(rows[i].path, path) && !strcmp(rows[i].variant, variant) &&
		    !strcmp(rows[i].clock, clock) && !strcmp(rows[i].arm, arm))
			return &rows[i];
	return NULL;
}

char *tool_render(int (*write)(FILE *out, const struct tl_result *result),
		  const struct tl_result *result)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(write(out, result), 0);
	fclose(out);
	return text;
}
