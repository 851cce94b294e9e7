/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel matrix without a virtual machine: the framing that carries a
 * guest's result over its serial port (tools/matrix/frame), whole or
 * damaged in every way a serial line can damage it; the kernels
 * tools/kernel-matrix chooses from what apt-cache says (a stand-in answers
 * from Debian 12's real output, tests/data/apt-cache); and every bad option
 * or input, one line and exit 2. The boots themselves are `make
 * matrix-test`'s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"
#include "tool.h"
#include "tree.h"

#define FRAME "tools/matrix/frame"
#define MATRIX "tools/kernel-matrix"
#define APT_DATA "tests/data/apt-cache"

static char matrix_dir[] = "/tmp/timerlab-matrix-XXXXXX";

static int matrix_setup(void)
{
	return mkdtemp(matrix_dir) ? 0 : 1;
}

/* no assertion here: CUnit has no current test while a suite cleans up */
static int matrix_cleanup(void)
{
	tree_remove(matrix_dir);
	return 0;
}

/* dir/name, in a static buffer of its own for each of a few calls. */
static const char *matrix_path(const char *name)
{
	static char paths[4][256];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", matrix_dir, name);
	return path;
}

static void matrix_write(const char *name, const char *data, size_t size)
{
	FILE *file = fopen(matrix_path(name), "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_EQUAL(fwrite(data, 1, size, file), size);
	fclose(file);
}

static char *matrix_read(const char *name, size_t *size)
{
	FILE *file = fopen(matrix_path(name), "r");
	char *data = NULL;

	*size = 0;
	if (!file)
		return NULL;
	data = malloc(1 << 20);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	*size = fread(data, 1, 1 << 20, file);
	fclose(file);
	return data;
}

/* Every byte value, in an order of no pattern: what base64 must carry. */
static void matrix_payload(char *data, size_t size)
{
	uint64_t state = 17;

	for (size_t i = 0; i < size; i++)
		data[i] = (char)(i < 256 ? i : tests_random(&state));
}

/* frame encode name > name.frame, through shell (sh or busybox's). */
static void matrix_encode(const char *shell, const char *name, struct tool_output *output)
{
	const char *argv[] = { FRAME, "encode", matrix_path(name), NULL };

	if (strcmp(shell, "busybox") == 0) {
		const char *busybox[] = { "sh", FRAME, "encode", matrix_path(name),
					  NULL };

		tool_run_program("busybox", busybox, output);
		return;
	}
	tool_run_program(shell, argv, output);
}

static void matrix_decode(const char *log, const char *out, struct tool_output *output)
{
	const char *argv[] = { "decode", matrix_path(log), matrix_path(out), NULL };

	tool_run_program(FRAME, argv, output);
}

/* A tty that was not put in raw mode, and a console's chatter around it. */
static char *matrix_as_serial(const char *frame)
{
	size_t size = strlen(frame) * 2 + 256, used = 0;
	char *serial = malloc(size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(serial);
	used += (size_t)sprintf(
		serial, "[    2.1] random: crng init done\r\nTIMERLAB-STATUS 0\r\n");
	for (const char *c = frame; *c; c++) {
		if (*c == '\n')
			serial[used++] = '\r';
		serial[used++] = *c;
	}
	used += (size_t)sprintf(serial + used, "[   30.2] reboot: Power down\r\n");
	serial[used] = '\0';
	return serial;
}

static void test_frame_round_trip(void)
{
	static char payload[70000];
	struct tool_output encoded, decoded;
	char *serial, *back;
	size_t size;

	matrix_payload(payload, sizeof(payload));
	matrix_write("payload", payload, sizeof(payload));
	matrix_encode("sh", "payload", &encoded);
	CU_ASSERT_EQUAL(encoded.status, 0);
	CU_ASSERT_EQUAL(strncmp(encoded.out, "TIMERLAB-FILE-BEGIN 70000 ", 26), 0);
	serial = matrix_as_serial(encoded.out);
	matrix_write("serial.log", serial, strlen(serial));
	matrix_decode("serial.log", "back", &decoded);
	CU_ASSERT_EQUAL(decoded.status, 0);
	CU_ASSERT_STRING_EQUAL(decoded.err, "");
	back = matrix_read("back", &size);
	CU_ASSERT_EQUAL_FATAL(size, sizeof(payload));
	CU_ASSERT_EQUAL(memcmp(back, payload, size), 0);
	free(back);
	tool_free(&decoded);
	/* the guest encodes with busybox's sh and applets: the same frame */
	if (access("/bin/busybox", X_OK) == 0) {
		struct tool_output busybox;

		matrix_encode("busybox", "payload", &busybox);
		CU_ASSERT_EQUAL(busybox.status, 0);
		CU_ASSERT_STRING_EQUAL(busybox.out, encoded.out);
		tool_free(&busybox);
	}
	free(serial);
	tool_free(&encoded);
}

/* Whatever a serial line does to a frame, decode says so and leaves no
 * file behind. */
static void test_frame_damaged(void)
{
	static const struct {
		const char *what, *message;
	} damages[] = {
		{ "no end", "the frame is cut short (no TIMERLAB-FILE-END line)" },
		{ "a line lost", "bytes arrived of the 3000 sent" },
		{ "a character changed",
		  "the sha256 of what arrived is not the sender's" },
		{ "not base64", "the frame is not base64" },
		{ "no frame", "no frame (no TIMERLAB-FILE-BEGIN line)" },
		{ "a bad header", "a malformed frame header" },
	};
	static char payload[3000];
	struct tool_output encoded;

	matrix_payload(payload, sizeof(payload));
	matrix_write("small", payload, sizeof(payload));
	matrix_encode("sh", "small", &encoded);
	CU_ASSERT_EQUAL_FATAL(encoded.status, 0);
	for (size_t d = 0; d < sizeof(damages) / sizeof(damages[0]); d++) {
		char *frame = strdup(encoded.out), *line2 = strchr(frame, '\n') + 1;
		char *line3 = strchr(line2, '\n') + 1, expected[256];
		struct tool_output output;
		struct stat st;

		if (d == 0)
			*strstr(frame, "TIMERLAB-FILE-END") = '\0';
		else if (d == 1)
			memmove(line2, line3, strlen(line3) + 1);
		else if (d == 2)
			line2[10] = line2[10] == 'A' ? 'B' : 'A';
		else if (d == 3)
			line2[10] = '#';
		else if (d == 4)
			frame = strcpy(frame, "nothing here\n");
		else
			memcpy(frame + strlen("TIMERLAB-FILE-BEGIN "), "3x00", 4);
		matrix_write("damaged.log", frame, strlen(frame));
		matrix_decode("damaged.log", "damaged", &output);
		CU_ASSERT_EQUAL(output.status, 1);
		snprintf(expected, sizeof(expected),
			 "frame: %s: ", matrix_path("damaged.log"));
		CU_ASSERT_EQUAL(strncmp(output.err, expected, strlen(expected)), 0);
		if (!strstr(output.err, damages[d].message))
			fprintf(stderr, "\n%s: %s", damages[d].what, output.err);
		CU_ASSERT_PTR_NOT_NULL(strstr(output.err, damages[d].message));
		CU_ASSERT_EQUAL(tool_lines(output.err), 1);
		CU_ASSERT_NOT_EQUAL(stat(matrix_path("damaged"), &st), 0);
		tool_free(&output);
		free(frame);
	}
	tool_free(&encoded);
}

static void test_frame_usage(void)
{
	const char *const usages[][4] = {
		{ NULL },
		{ "send", NULL },
		{ "encode", NULL },
		{ "decode", "a", NULL },
		{ "encode", "/nonexistent", NULL },
	};
	for (size_t u = 0; u < sizeof(usages) / sizeof(usages[0]); u++) {
		struct tool_output output;

		tool_run_program(FRAME, usages[u], &output);
		CU_ASSERT_EQUAL(output.status, 2);
		CU_ASSERT_EQUAL(tool_lines(output.err), 1);
		tool_free(&output);
	}
}

/* tools/kernel-matrix with apt-cache answered from data. */
static void matrix_run(const char *data, const char *const *argv,
		       struct tool_output *output)
{
	const char *path = getenv("PATH");
	char *saved = strdup(path ? path : "/usr/bin:/bin"), stub_path[4096];
	char absolute[1024];

	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(data, absolute));
	snprintf(stub_path, sizeof(stub_path), "%s:%s", absolute, saved);
	setenv("PATH", stub_path, 1);
	tool_run_program(MATRIX, argv, output);
	setenv("PATH", saved, 1);
	free(saved);
}

/* The default: each metapackage followed to its image, the newest of each
 * series and flavour, in the order of the matrix. */
static void test_default_kernels(void)
{
	const char *argv[] = { "--list", NULL };
	struct tool_output output;

	matrix_run(APT_DATA, argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(
		output.out, "linux-image-6.1.0-57-cloud-amd64 6.1.192-3\n"
			    "linux-image-6.1.0-57-rt-amd64 6.1.192-3\n"
			    "linux-image-6.12.117+deb12-cloud-amd64 6.12.117-1~deb12u1\n"
			    "linux-image-6.12.117+deb12-rt-amd64 6.12.117-1~deb12u1\n");
	CU_ASSERT_STRING_EQUAL(output.err, "");
	tool_free(&output);
}

/* An archive with no 6.12 rt image and an older 6.1 cloud image behind a
 * second metapackage: the newest is taken, and what is missing is said. */
static void test_archive_without_one(void)
{
	const char *copy[] = { "-r", APT_DATA, matrix_path("apt"), NULL };
	const char *argv[] = { "--list", NULL };
	char dir[300];
	struct tool_output output;
	size_t size;
	char *search, *at;

	tool_run_program("cp", copy, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	tool_free(&output);
	snprintf(dir, sizeof(dir), "%s", matrix_path("apt"));
	search = matrix_read("apt/search.txt", &size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(search);
	search[size] = '\0';
	at = strstr(search, "linux-image-6.12-rt-amd64 - ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	memmove(at, strchr(at, '\n') + 1, strlen(strchr(at, '\n') + 1) + 1);
	strcat(search, "linux-image-6.1-cloud-amd64 - an older one (meta-package)\n");
	matrix_write("apt/search.txt", search, strlen(search));
	free(search);
	FILE *depends = fopen(matrix_path("apt/depends.txt"), "a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(depends);
	fputs("linux-image-6.1-cloud-amd64\n  Depends: linux-image-6.1.0-50-cloud-amd64\n",
	      depends);
	fclose(depends);

	matrix_run(dir, argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(
		output.out,
		"linux-image-6.1.0-57-cloud-amd64 6.1.192-3\n"
		"linux-image-6.1.0-57-rt-amd64 6.1.192-3\n"
		"linux-image-6.12.117+deb12-cloud-amd64 6.12.117-1~deb12u1\n");
	CU_ASSERT_STRING_EQUAL(
		output.err,
		"kernel-matrix: the archive offers no 6.12 rt image: left out\n");
	tool_free(&output);
}

/* A bzImage's header as far as the matrix reads it: "HdrS" at 0x202 and,
 * at 0x20e, where its version string lies (less 0x200). */
static void matrix_fake_vmlinuz(const char *name)
{
	static char image[2048];
	const char version[] = "6.1.0-57-cloud-amd64 (debian-kernel@lists.debian.org) #1";

	memset(image, 0, sizeof(image));
	memcpy(image + 0x202, "HdrS", 4);
	image[0x20e] = 0x00, image[0x20f] = 0x01; /* 0x100: the string at 0x300 */
	memcpy(image + 0x300, version, sizeof(version));
	matrix_write(name, image, sizeof(image));
}

/* Named kernels: a metapackage followed, an image as it is, a vmlinuz by
 * path with the release its header gives. */
static void test_named_kernels(void)
{
	const char *argv[] = { "--list", "linux-image-rt-amd64",
			       "linux-image-6.1.0-50-cloud-amd64", NULL, NULL };
	struct tool_output output;
	char expected[512];

	matrix_fake_vmlinuz("vmlinuz-test");
	argv[3] = matrix_path("vmlinuz-test");
	matrix_run(APT_DATA, argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	snprintf(expected, sizeof(expected),
		 "linux-image-6.1.0-57-rt-amd64 6.1.192-3\n"
		 "linux-image-6.1.0-50-cloud-amd64 6.1.176-1\n"
		 "%s 6.1.0-57-cloud-amd64\n",
		 matrix_path("vmlinuz-test"));
	CU_ASSERT_STRING_EQUAL(output.out, expected);
	tool_free(&output);
}

static void test_bad_input(void)
{
	static const struct {
		const char *argv[4], *message;
	} cases[] = {
		{ { "--frobnicate" }, "unknown option --frobnicate (see --help)" },
		{ { "--boots", "0" },
		  "--boots: \"0\" is not a whole number from 1 to 5" },
		{ { "--boots", "6" },
		  "--boots: \"6\" is not a whole number from 1 to 5" },
		{ { "--timeout", "4" },
		  "--timeout: \"4\" is not whole seconds from 5 to 3600" },
		{ { "--timeout", "1min" }, "--timeout: \"1min\" is not whole seconds" },
		{ { "--accel", "hvf" }, "--accel: \"hvf\" is not auto, tcg or kvm" },
		{ { "--out" }, "--out needs a value (see --help)" },
		{ { "--out=" }, "--out: an empty folder name" },
		{ { "" }, "an empty KERNEL" },
		{ { "linux-image-nope" },
		  "linux-image-nope: no such package in the archive (apt-cache show knows none)" },
		{ { "bash" }, "\"bash\" is neither a linux-image package nor a vmlinuz" },
		{ { "/nonexistent/vmlinuz" },
		  "/nonexistent/vmlinuz: no such readable file" },
		{ { "tests/data/drift-1.json" },
		  "tests/data/drift-1.json: not a vmlinuz (no x86 boot header)" },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct tool_output output;
		char expected[256];

		matrix_run(APT_DATA, cases[c].argv, &output);
		snprintf(expected, sizeof(expected), "kernel-matrix: %s",
			 cases[c].message);
		if (output.status != 2 || strncmp(output.err, expected, strlen(expected)))
			fprintf(stderr, "\n%s: exit %d, %s", cases[c].argv[0],
				output.status, output.err);
		CU_ASSERT_EQUAL(output.status, 2);
		CU_ASSERT_EQUAL(strncmp(output.err, expected, strlen(expected)), 0);
		CU_ASSERT_EQUAL(tool_lines(output.err), 1);
		CU_ASSERT_STRING_EQUAL(output.out, "");
		tool_free(&output);
	}
}

static void test_help(void)
{
	const char *argv[] = { "--help", NULL };
	struct tool_output output;

	matrix_run(APT_DATA, argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_EQUAL(strncmp(output.out, "usage: tools/kernel-matrix", 26), 0);
	for (const char *option =
		     "--list\0--accel\0--timeout\0--boots\0--no-host\0--out\0--cache\0";
	     *option; option += strlen(option) + 1)
		CU_ASSERT_PTR_NOT_NULL(strstr(output.out, option));
	tool_free(&output);
}

void tests_kernel_matrix(void)
{
	CU_pSuite suite = CU_add_suite("kernel matrix", matrix_setup, matrix_cleanup);

	if (!suite) {
		fprintf(stderr, "tests: cannot add suite kernel matrix: %s\n",
			CU_get_error_msg());
		exit(2);
	}
	CU_add_test(suite, "frame: a file across a serial line", test_frame_round_trip);
	CU_add_test(suite, "frame: damage told, nothing kept", test_frame_damaged);
	CU_add_test(suite, "frame: bad usage, exit 2", test_frame_usage);
	CU_add_test(suite, "the default kernels from apt-cache", test_default_kernels);
	CU_add_test(suite, "an image missing, an older one beside",
		    test_archive_without_one);
	CU_add_test(suite, "kernels named: packages and a vmlinuz", test_named_kernels);
	CU_add_test(suite, "bad options and kernels: one line, exit 2", test_bad_input);
	CU_add_test(suite, "--help names every option", test_help);
}
