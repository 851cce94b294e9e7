/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the kernel matrix tells the end of a boot, without a virtual machine:
 * tools/matrix/outcome over the files a boot leaves (a result, a panic, a
 * timeout, a damaged transfer, a qemu that failed), and tools/kernel-matrix
 * itself over a stand-in qemu (tests/data/kernel-matrix) that acts out
 * those ends: each becomes that kernel's result, the matrix goes on to its
 * comparison, and no stand-in is left running. The real boots are `make
 * matrix-test`'s.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"
#include "tool.h"
#include "tree.h"

#define OUTCOME "tools/matrix/outcome"
#define STUB_QEMU "tests/data/kernel-matrix"
#define BOOT_TIMEOUT "15" /* --timeout, in the hang's error too */

static char boot_dir[] = "/tmp/timerlab-matrix-boot-XXXXXX";

static int boot_setup(void)
{
	return mkdtemp(boot_dir) ? 0 : 1;
}

/* no assertion here: CUnit has no current test while a suite cleans up */
static int boot_cleanup(void)
{
	tree_remove(boot_dir);
	return 0;
}

static const char *boot_path(const char *name)
{
	static char paths[4][320];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", boot_dir, name);
	return path;
}

static void boot_write(const char *name, const char *text)
{
	FILE *file = fopen(boot_path(name), "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fputs(text, file);
	fclose(file);
}

static bool boot_exists(const char *name)
{
	struct stat st;

	return stat(boot_path(name), &st) == 0;
}

/* One boot's folder as tools/kernel-matrix leaves it, then outcome over it. */
struct boot_case {
	const char *what;
	const char *console, *transfer, *qemu;
	int status, timed_out;
	int exit; /* outcome's exit status */
	const char *said; /* its line, from the start */
};

static void boot_frame(const char *name, const char *content, char **frame)
{
	const char *argv[] = { "encode", boot_path(name), NULL };
	struct tool_output output;

	boot_write(name, content);
	tool_run_program("tools/matrix/frame", argv, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	*frame = output.out;
	free(output.err);
}

static void boot_judge(const struct boot_case *c)
{
	char dir[320], text[256];
	const char *argv[] = { dir, NULL };
	struct tool_output output;

	snprintf(dir, sizeof(dir), "%s", boot_path("boot"));
	tree_remove(dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
	boot_write("boot/console.log", c->console);
	boot_write("boot/transfer.log", c->transfer);
	boot_write("boot/qemu.log", c->qemu);
	snprintf(text, sizeof(text), "status %d\ntimed_out %d\nlimit 300\nseconds 12.5\n",
		 c->status, c->timed_out);
	boot_write("boot/boot.txt", text);
	tool_run_program(OUTCOME, argv, &output);
	if (output.status != c->exit || strncmp(output.out, c->said, strlen(c->said)))
		fprintf(stderr, "\n%s: exit %d, %s%s", c->what, output.status, output.out,
			output.err);
	CU_ASSERT_EQUAL(output.status, c->exit);
	CU_ASSERT_EQUAL(strncmp(output.out, c->said, strlen(c->said)), 0);
	CU_ASSERT_EQUAL(tool_lines(output.out), 1);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	/* a result only from a whole frame */
	CU_ASSERT_EQUAL(boot_exists("boot/result.json"), c->exit == 0);
	tool_free(&output);
}

static void test_outcome(void)
{
	static const char panic[] =
		"[    1.52] Run /init as init process\r\n"
		"[    1.61] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00007f00\r\n"
		"[    1.61] ---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x00007f00 ]---\r\n";
	/* a firmware's screen: escape sequences around the last line */
	static const char rom[] =
		"\033c\033[?7l\033[2J\033[0mSeaBIOS (version 1.16.2)\r\n"
		"Booting from ROM..\033c\033[?7l\033[2J\r\n";
	char *frame, *garbled, *cut;

	boot_frame("payload", "{\"schema\": \"timerlab.result/1\"}\n", &frame);
	/* one base64 character for another: the same length, another sha256 */
	garbled = strdup(frame);
	*(strchr(garbled, '\n') + 1) ^= 'A' ^ 'B';
	cut = strdup(frame);
	*strstr(cut, "TIMERLAB-FILE-END") = '\0';
	const struct boot_case cases[] = {
		{ "a result", "[ 1.5] Run /init\r\n", frame, "", 0, 0, 0, "result" },
		{ "a result, then a hang past the limit", "", frame, "", 137, 1, 0,
		  "result" },
		{ "a sha256 mismatch", "", garbled, "", 0, 0, 1, "transfer: " },
		{ "a frame cut short", "", cut, "", 0, 0, 1, "transfer: " },
		{ "a panic", panic, "", "", 0, 0, 1,
		  "panic: Kernel panic - not syncing: Attempted to kill init! exitcode=0x00007f00\n" },
		{ "a panic, then a hang to the limit", panic, "", "", 137, 1, 1,
		  "panic: Kernel panic - not syncing: Attempted to kill init!" },
		{ "a timeout", rom, "", "", 137, 1, 1,
		  "timeout: still running after 300 s, qemu killed; last console line \"Booting from ROM..\"\n" },
		{ "timerlab wrote nothing", "",
		  "TIMERLAB-STATUS 3\r\nTIMERLAB-NORESULT timerlab run exited 3 and wrote no result\r\n",
		  "", 0, 0, 1, "no result: timerlab run exited 3 and wrote no result\n" },
		{ "qemu failed", "", "",
		  "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed.\n",
		  134, 0, 1,
		  "boot failure: qemu exited 134: qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion" },
		{ "qemu ended with nothing", "[ 0.9] Linux version 6.1\r\n", "", "", 0, 0,
		  1,
		  "boot failure: qemu exited 0 with no result; last console line \"[ 0.9] Linux version 6.1\"\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		boot_judge(&cases[i]);
	free(frame);
	free(garbled);
	free(cut);
}

/* the sha256 mismatch in outcome's words, and nothing else kept */
static void test_outcome_sha(void)
{
	char dir[320];
	const char *argv[] = { dir, NULL };
	struct tool_output output;
	char *frame, *at;

	boot_frame("payload", "a result of some length, enough for one line\n", &frame);
	at = strchr(frame, '\n') + 3;
	*at = *at == 'Q' ? 'R' : 'Q';
	snprintf(dir, sizeof(dir), "%s", boot_path("boot"));
	tree_remove(dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
	boot_write("boot/console.log", "");
	boot_write("boot/transfer.log", frame);
	boot_write("boot/boot.txt", "status 0\ntimed_out 0\nlimit 60\n");
	tool_run_program(OUTCOME, argv, &output);
	CU_ASSERT_EQUAL(output.status, 1);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(output.out, "the sha256 of what arrived is not the sender's"));
	CU_ASSERT_FALSE(boot_exists("boot/result.json"));
	CU_ASSERT_FALSE(boot_exists("boot/result.json.part"));
	CU_ASSERT_FALSE(boot_exists("boot/.discard"));
	tool_free(&output);
	free(frame);
}

static void test_outcome_usage(void)
{
	const char *none[] = { NULL };
	const char *missing[] = { "/nonexistent", NULL };
	struct tool_output output;

	tool_run_program(OUTCOME, none, &output);
	CU_ASSERT_EQUAL(output.status, 2);
	CU_ASSERT_EQUAL(tool_lines(output.err), 1);
	tool_free(&output);
	tool_run_program(OUTCOME, missing, &output);
	CU_ASSERT_EQUAL(output.status, 2);
	CU_ASSERT_EQUAL(tool_lines(output.err), 1);
	tool_free(&output);
}

/* A bzImage header as far as the matrix reads it, with its release. */
static void boot_fake_vmlinuz(const char *name, const char *release)
{
	static char image[2048];
	FILE *file;

	memset(image, 0, sizeof(image));
	memcpy(image + 0x202, "HdrS", 4);
	image[0x20e] = 0x00, image[0x20f] = 0x01; /* the string at 0x300 */
	snprintf(image + 0x300, 256, "%s (debian-kernel@lists.debian.org) #1", release);
	file = fopen(boot_path(name), "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fwrite(image, 1, sizeof(image), file);
	fclose(file);
}

static char *boot_read(const char *name)
{
	return tree_read(boot_path(name));
}

/* Four kernels, four ends: one result and three kernels that gave none,
 * each its own column, and the matrix whole. */
static void test_matrix_over_stub(void)
{
	static const char *const kernels[][2] = {
		{ "vmlinuz-result", "6.1.0-1-result" },
		{ "vmlinuz-panic", "6.1.0-2-panic" },
		{ "vmlinuz-hang", "6.1.0-3-hang" },
		{ "vmlinuz-garbled", "6.1.0-4-garbled" },
	};
	/* every stand-in but the hanging one ends at once, yet under a
	 * loaded machine not within bash's whole SECONDS of a 5 s limit (4 to
	 * 5 s in truth): 15 s leaves them room */
	const char *argv[] = { "--timeout", BOOT_TIMEOUT, "--no-host", "--out", NULL,
			       NULL,	    NULL,	  NULL,	       NULL,	NULL };
	char stub[1024], path[4096], result[1024], out[320], *text, *pids;
	const char *old_path = getenv("PATH");
	struct tool_output output;
	pid_t pid;

	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(STUB_QEMU, stub));
	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath("tests/data/lava-result.json", result));
	snprintf(out, sizeof(out), "%s", boot_path("out"));
	argv[4] = out;
	for (int k = 0; k < 4; k++) {
		boot_fake_vmlinuz(kernels[k][0], kernels[k][1]);
		argv[5 + k] = strdup(boot_path(kernels[k][0]));
	}
	snprintf(path, sizeof(path), "%s:%s", stub,
		 old_path ? old_path : "/usr/bin:/bin");
	char *saved = strdup(old_path ? old_path : "/usr/bin:/bin");
	setenv("PATH", path, 1);
	setenv("STUB_RESULT", result, 1);
	setenv("STUB_PIDS", boot_path("pids"), 1);
	/* the initramfs wants a static program for timerlab: any will do,
	 * the stand-in never boots it */
	setenv("TIMERLAB_STATIC", "/bin/busybox", 1);
	tool_run_program("tools/kernel-matrix", argv, &output);
	setenv("PATH", saved, 1);
	unsetenv("TIMERLAB_STATIC");
	free(saved);

	/* some kernel gave no result: 1, and the comparison all the same */
	if (output.status != 1)
		fprintf(stderr, "\nkernel-matrix: exit %d\n%s%s", output.status,
			output.out, output.err);
	CU_ASSERT_EQUAL(output.status, 1);
	/* the KVM probe's failure is told and TCG taken */
	if (access("/dev/kvm", R_OK | W_OK) == 0) {
		CU_ASSERT_PTR_NOT_NULL(strstr(
			output.err,
			"accel: tcg (the KVM probe failed: boot failure: qemu exited 134"));
	} else {
		CU_ASSERT_PTR_NOT_NULL(
			strstr(output.err, "accel: tcg (no read-write /dev/kvm)"));
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "timerlab compare: 4 results"));
	for (int k = 1; k < 4; k++)
		CU_ASSERT_PTR_NOT_NULL(strstr(output.out, kernels[k][1]));
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "6.18.44-fc-v1045"));

	text = boot_read("out/vmlinuz-panic/error.txt");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(
		strncmp(text,
			"panic: Kernel panic - not syncing: Attempted to kill init!", 58),
		0);
	free(text);
	text = boot_read("out/vmlinuz-hang/error.txt");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_STRING_EQUAL(
		text, "timeout: still running after " BOOT_TIMEOUT
		      " s, qemu killed; last console line \"Booting from ROM..\"\n");
	free(text);
	text = boot_read("out/vmlinuz-garbled/error.txt");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "the sha256 of what arrived is not the sender's"));
	free(text);
	CU_ASSERT_FALSE(boot_exists("out/vmlinuz-result/error.txt"));
	/* a kernel that gave none has a result all the same: every check an
	 * error, with why, and how it was booted */
	text = boot_read("out/vmlinuz-hang/result.json");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"verdict\": \"error\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "the kernel gave no result: timeout: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"accel\": \"tcg\""));
	free(text);
	/* the comparison's files */
	CU_ASSERT_TRUE(boot_exists("out/compare.txt"));
	CU_ASSERT_TRUE(boot_exists("out/compare.md"));
	CU_ASSERT_TRUE(boot_exists("out/compare.html"));

	/* the hanging stand-in was killed and reaped: no such process now */
	pids = boot_read("pids");
	CU_ASSERT_PTR_NOT_NULL_FATAL(pids);
	pid = (pid_t)atoi(pids);
	CU_ASSERT_TRUE(pid > 0);
	CU_ASSERT_EQUAL(kill(pid, 0), -1);
	CU_ASSERT_EQUAL(errno, ESRCH);
	free(pids);
	for (int k = 0; k < 4; k++)
		free((char *)argv[5 + k]);
	tool_free(&output);
}

void tests_kernel_matrix_boot(void)
{
	CU_pSuite suite = CU_add_suite("kernel matrix: boots", boot_setup, boot_cleanup);

	if (!suite) {
		fprintf(stderr, "tests: cannot add suite kernel matrix: boots: %s\n",
			CU_get_error_msg());
		exit(2);
	}
	CU_add_test(suite, "outcome: result, panic, timeout, transfer, failure",
		    test_outcome);
	CU_add_test(suite, "outcome: a sha256 mismatch, nothing kept", test_outcome_sha);
	CU_add_test(suite, "outcome: bad usage, exit 2", test_outcome_usage);
	CU_add_test(suite, "the matrix over a stand-in qemu: every end a column",
		    test_matrix_over_stub);
}
