/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "bad-input.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests.h"
#include "tool.h"
#include "tree.h"

#define BASE_RESULT "tests/data/lava-result.json"

static char fixtures_dir[64];

static void fixture_path(const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", fixtures_dir, name);
}

static bool fixture_write(const char *name, const void *data, size_t size)
{
	char path[PATH_MAX];
	FILE *file;
	bool written;

	fixture_path(name, path, sizeof(path));
	file = fopen(path, "wb");
	if (!file)
		return false;
	written = fwrite(data, 1, size, file) == size;
	return fclose(file) == 0 && written;
}

static bool fixture_text(const char *name, const char *text)
{
	return fixture_write(name, text, strlen(text));
}

/* open, then count times close: nesting as deep as that */
static bool fixture_deep(const char *name, const char *prefix, const char *open,
			 const char *middle, const char *close, const char *suffix,
			 size_t count)
{
	size_t size = strlen(prefix) + count * (strlen(open) + strlen(close)) +
		      strlen(middle) + strlen(suffix) + 1;
	char *text = malloc(size), *at = text;
	bool written;

	if (!text)
		return false;
	at += sprintf(at, "%s", prefix);
	for (size_t i = 0; i < count; i++)
		at += sprintf(at, "%s", open);
	at += sprintf(at, "%s", middle);
	for (size_t i = 0; i < count; i++)
		at += sprintf(at, "%s", close);
	sprintf(at, "%s", suffix);
	written = fixture_text(name, text);
	free(text);
	return written;
}

static bool fixture_joined(const char *name, const char *before, const char *middle,
			   const char *after)
{
	size_t size = strlen(before) + strlen(middle) + strlen(after) + 1;
	char *text = malloc(size);
	bool written;

	if (!text)
		return false;
	snprintf(text, size, "%s%s%s", before, middle, after);
	written = fixture_text(name, text);
	free(text);
	return written;
}

/* A result broken one way: BASE_RESULT with mutate applied. A value of
 * "@HUGE@" is written as a number jansson cannot hold. */
static bool fixture_result(const char *name, void (*mutate)(json_t *root))
{
	json_t *root = json_load_file(BASE_RESULT, 0, NULL);
	char *text, *huge;
	bool written;

	if (!root)
		return false;
	if (mutate)
		mutate(root);
	text = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (!text)
		return false;
	huge = strstr(text, "\"@HUGE@\"");
	if (huge) {
		*huge = '\0';
		written = fixture_joined(name, text, "99999999999999999999999",
					 huge + strlen("\"@HUGE@\""));
	} else {
		written = fixture_text(name, text);
	}
	free(text);
	return written;
}

static json_t *first_cell(json_t *root)
{
	return json_array_get(json_object_get(root, "cells"), 0);
}

static void set_cell(json_t *root, const char *key, json_t *value)
{
	json_object_set_new(first_cell(root), key, value);
}

static void mutate_samples_text(json_t *root)
{
	set_cell(root, "samples", json_string("many"));
}

static void mutate_samples_negative(json_t *root)
{
	set_cell(root, "samples", json_integer(-1));
}

static void mutate_p99_real(json_t *root)
{
	set_cell(root, "p99_ns", json_real(1e300));
}

static void mutate_mean_huge(json_t *root)
{
	set_cell(root, "mean_ns", json_real(1e308));
}

static void mutate_p99_huge(json_t *root)
{
	set_cell(root, "p99_ns", json_string("@HUGE@"));
}

static void mutate_cells_object(json_t *root)
{
	json_object_set_new(root, "cells", json_object());
}

static void mutate_no_cells(json_t *root)
{
	json_object_del(root, "cells");
}

static void mutate_no_env(json_t *root)
{
	json_object_del(root, "env");
}

static void mutate_no_key(json_t *root)
{
	json_object_del(first_cell(root), "key");
}

static void mutate_cell_array(json_t *root)
{
	json_array_set_new(json_object_get(root, "cells"), 0, json_array());
}

static void mutate_histogram_row(json_t *root)
{
	set_cell(root, "histogram", json_pack("[[i,i]]", 1, 2));
}

static void mutate_histogram_counts(json_t *root)
{
	json_t *samples = json_object_get(first_cell(root), "samples");

	set_cell(root, "samples", json_integer(json_integer_value(samples) + 1));
}

static void mutate_verdict(json_t *root)
{
	json_object_set_new(json_array_get(json_object_get(root, "checks"), 0), "verdict",
			    json_string("maybe"));
}

static void mutate_interrupted(json_t *root)
{
	json_object_set_new(root, "interrupted", json_string("yes"));
}

static void mutate_argv(json_t *root)
{
	json_array_set_new(json_object_get(root, "argv"), 0, json_integer(5));
}

static void mutate_round(json_t *root)
{
	set_cell(root, "rounds", json_pack("[{s:i}]", "samples", 1));
}

static void mutate_gate(json_t *root)
{
	json_object_set_new(json_array_get(json_object_get(root, "gates"), 0), "passed",
			    json_string("no"));
}

static void mutate_schema(json_t *root)
{
	json_object_set_new(root, "schema", json_string("timerlab.result/2"));
}

static void mutate_comparison(json_t *root)
{
	json_object_set_new(root, "schema", json_string("timerlab.comparison/1"));
}

static void mutate_interval(json_t *root)
{
	set_cell(root, "interval_ns", json_string("1ms"));
}

static const struct {
	const char *name;
	void (*mutate)(json_t *root);
} fixture_results[] = {
	{ "good.json", NULL },
	{ "samples-text.json", mutate_samples_text },
	{ "samples-negative.json", mutate_samples_negative },
	{ "p99-real.json", mutate_p99_real },
	{ "p99-huge.json", mutate_p99_huge },
	{ "mean-huge.json", mutate_mean_huge },
	{ "cells-object.json", mutate_cells_object },
	{ "no-cells.json", mutate_no_cells },
	{ "no-env.json", mutate_no_env },
	{ "no-key.json", mutate_no_key },
	{ "cell-array.json", mutate_cell_array },
	{ "histogram-row.json", mutate_histogram_row },
	{ "histogram-counts.json", mutate_histogram_counts },
	{ "verdict.json", mutate_verdict },
	{ "interrupted.json", mutate_interrupted },
	{ "argv.json", mutate_argv },
	{ "round.json", mutate_round },
	{ "gate.json", mutate_gate },
	{ "schema-2.json", mutate_schema },
	{ "comparison.json", mutate_comparison },
	{ "interval-text.json", mutate_interval },
};

static const struct {
	const char *name, *text;
} fixture_texts[] = {
	{ "empty.json", "" },
	{ "spaces.json", " \n\t\n" },
	{ "array.json", "[1, 2, 3]" },
	{ "string.json", "\"timerlab.result/1\"" },
	{ "package.json",
	  "{\"name\": \"timerlab\", \"version\": \"0.1.0\", \"scripts\": {\"test\": \"make test\"}}" },
	{ "kcidb.json",
	  "{\"version\": {\"major\": 4, \"minor\": 3}, \"checkouts\": [], \"builds\": [], \"tests\": []}" },
	{ "duplicate.json",
	  "{\"schema\": \"timerlab.result/1\", \"schema\": \"timerlab.result/1\"}" },
	{ "nul-escape.json", "{\"schema\": \"timerlab.result/1\\u0000\"}" },
	{ "huge-count.json",
	  "{\"schema\": \"timerlab.result/1\", \"cells\": [{\"samples\": 18446744073709551616}]}" },
	{ "suite-empty.json", "" },
	{ "suite-array.json", "[\"--samples\", \"10\"]" },
	{ "suite-unknown.json", "{\"sample\": 10}" },
	{ "suite-out.json", "{\"out\": \"/tmp\"}" },
	{ "suite-load.json", "{\"load\": \"--log-file /etc/timerlab\"}" },
	{ "suite-value.json", "{\"samples\": \"many\"}" },
	{ "suite-type.json", "{\"samples\": true}" },
	{ "suite-flag.json", "{\"fail_on_early\": \"yes\"}" },
	{ "suite-list.json", "{\"path\": []}" },
	{ "suite-path.json", "{\"path\": \"timerfd:bogus\"}" },
	{ "suite-rounds.json", "{\"rounds\": -1}" },
	{ "suite-huge.json", "{\"samples\": 99999999999999999999}" },
	{ "suite-interval.json", "{\"interval\": [\"1ms\", \"1xs\"]}" },
	{ "suite-gate.json", "{\"max_p99\": \"=1ms\"}" },
	{ "suite-duplicate.json", "{\"samples\": 10, \"samples\": 20}" },
	{ "suite-truncated.json", "{\"samples\": 10, \"path\": [\"timerfd\"" },
};

/* Binary garbage: no NUL first, so that it is the bytes that are refused. */
static bool fixture_garbage(const char *name, bool nul_first)
{
	uint64_t state = 20;
	unsigned char bytes[4096];

	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(tests_random(&state) >> 56);
	bytes[0] = nul_first ? 0 : 0x1b;
	return fixture_write(name, bytes, sizeof(bytes));
}

static bool fixture_result_prefix(const char *name, size_t length)
{
	char *text = tree_read(BASE_RESULT);
	bool written = text && strlen(text) > length && fixture_write(name, text, length);

	free(text);
	return written;
}

/* What is not a regular file, and what is too large to be read. */
static bool fixtures_special(void)
{
	char path[PATH_MAX], other[PATH_MAX];
	int fd;
	bool made = true;

	fixture_path("fifo", path, sizeof(path));
	made &= mkfifo(path, 0600) == 0;
	fixture_path("fifo.json", path, sizeof(path));
	made &= mkfifo(path, 0600) == 0;
	fixture_path("folder", path, sizeof(path));
	made &= mkdir(path, 0700) == 0;
	fixture_path("folder.json", path, sizeof(path));
	made &= mkdir(path, 0700) == 0;
	fixture_path("loop-a.json", path, sizeof(path));
	fixture_path("loop-b.json", other, sizeof(other));
	made &= symlink(other, path) == 0 && symlink(path, other) == 0;
	fixture_path("dev-zero.json", path, sizeof(path));
	made &= symlink("/dev/zero", path) == 0;
	/* 2 GiB of nothing: sparse, so it costs no disk */
	fixture_path("huge.json", path, sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	made &= fd >= 0 && ftruncate(fd, 2LL << 30) == 0;
	if (fd >= 0)
		close(fd);
	return made;
}

const char *bad_input_fixtures_make(void)
{
	bool made = true;

	snprintf(fixtures_dir, sizeof(fixtures_dir), "/tmp/timerlab-bad-input-XXXXXX");
	if (!mkdtemp(fixtures_dir))
		return NULL;
	for (size_t i = 0; i < sizeof(fixture_results) / sizeof(fixture_results[0]); i++)
		made &= fixture_result(fixture_results[i].name,
				       fixture_results[i].mutate);
	for (size_t i = 0; i < sizeof(fixture_texts) / sizeof(fixture_texts[0]); i++)
		made &= fixture_text(fixture_texts[i].name, fixture_texts[i].text);
	made &= fixture_garbage("garbage.bin", false);
	made &= fixture_garbage("suite-binary.json", true);
	made &= fixture_result_prefix("truncated.json", 700);
	made &= fixture_deep("deep-array.json", "", "[", "", "]", "", 100000);
	made &= fixture_deep("deep-object.json",
			     "{\"schema\": \"timerlab.result/1\", \"env\": ", "{\"a\": ",
			     "1", "}", "}", 100000);
	made &= fixture_deep("suite-deep.json", "{\"path\": ", "[", "\"timerfd\"", "]",
			     "}", 100000);
	made &= fixtures_special();
	return made ? fixtures_dir : NULL;
}

void bad_input_fixtures_remove(void)
{
	if (fixtures_dir[0])
		tree_remove(fixtures_dir);
	fixtures_dir[0] = '\0';
}

static void output_append(char **text, size_t *size, const char *data, size_t length)
{
	char *grown = realloc(*text, *size + length + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(grown);
	memcpy(grown + *size, data, length);
	*size += length;
	grown[*size] = '\0';
	*text = grown;
}

static int64_t output_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void bad_input_run(const char *const *argv, int timeout_s,
		   struct bad_input_output *output)
{
	int out_pipe[2], err_pipe[2], status = 0;
	size_t sizes[2] = { 0, 0 };
	int64_t deadline = output_now_ms() + timeout_s * 1000;
	pid_t pid;

	memset(output, 0, sizeof(*output));
	output_append(&output->out, &sizes[0], "", 0);
	output_append(&output->err, &sizes[1], "", 0);
	CU_ASSERT_FATAL(pipe2(out_pipe, O_CLOEXEC) == 0 &&
			pipe2(err_pipe, O_CLOEXEC) == 0);
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		tool_exec(getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab",
			  argv, out_pipe[1], err_pipe[1]);
	close(out_pipe[1]);
	close(err_pipe[1]);
	struct pollfd fds[2] = { { out_pipe[0], POLLIN, 0 }, { err_pipe[0], POLLIN, 0 } };
	for (int open_fds = 2; open_fds;) {
		int64_t left = deadline - output_now_ms();
		char chunk[4096];

		if (left <= 0 && !output->timed_out) {
			/* a hang fails its row, not the suite */
			output->timed_out = true;
			kill(pid, SIGKILL);
		}
		if (left < -2000) /* what it started still holds the pipes */
			break;
		if (poll(fds, 2, left > 0 ? (int)left : 100) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				output_append(i ? &output->err : &output->out, &sizes[i],
					      chunk, (size_t)n);
				continue;
			}
			close(fds[i].fd);
			fds[i].fd = -1;
			open_fds--;
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	output->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void bad_input_output_free(struct bad_input_output *output)
{
	free(output->out);
	free(output->err);
}
