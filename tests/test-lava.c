/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The LAVA test definition (tools/lava/timerlab.yaml) and job
 * (tools/lava/qemu-job.yaml) with LAVA's own code: Debian's lava-common
 * (the schemas) and lava-dispatcher (the lava-* helpers a device runs),
 * fetched with apt-get download into build/lava and unpacked with dpkg -x,
 * not installed (lava-dispatcher pulls in hundreds of packages).
 *
 * The definition runs as a device runs it: lava-test-runner, lava-test-shell
 * and lava-test-case from the package, the run.sh the dispatcher would
 * write (tests/lava.py), /bin/sh, timerlab fetched from a file:// URL. Its
 * <LAVA_SIGNAL_TESTCASE ...> lines are read by the dispatcher's rules and
 * held to the run's own result.json.
 *
 * Without the packages (apt cannot fetch them) the suite's tests are
 * skipped, shown as inactive in the run summary, with the reason on stderr.
 */
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/result.h"
#include "lava-signals.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

#define LAVA_CACHE "build/lava"
#define LAVA_DEBS LAVA_CACHE "/debs"
#define LAVA_ROOT LAVA_CACHE "/root"
#define LAVA_PYTHONPATH LAVA_ROOT "/usr/lib/python3/dist-packages"
#define LAVA_SCRIPTS LAVA_PYTHONPATH "/lava_dispatcher/lava_test_shell"
#define LAVA_DEFINITION "tools/lava/timerlab.yaml"
#define LAVA_JOB "tools/lava/qemu-job.yaml"
/* a folder of our own under /tmp */
#define LAVA_TMP_SIZE 64

static const char *const lava_packages[] = { "lava-dispatcher", "lava-common" };
#define LAVA_PACKAGES (sizeof(lava_packages) / sizeof(lava_packages[0]))

static CU_pSuite lava_suite;

static bool lava_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The .deb of package in the cache, or "" (path has PATH_MAX bytes). */
static void lava_deb(const char *package, char *path)
{
	char pattern[128];
	glob_t found;

	path[0] = '\0';
	snprintf(pattern, sizeof(pattern), "%s/%s_*.deb", LAVA_DEBS, package);
	if (glob(pattern, 0, NULL, &found) == 0)
		snprintf(path, PATH_MAX, "%s", found.gl_pathv[0]);
	globfree(&found);
}

/* A command of the suite's set-up, where CUnit takes no assertion: its
 * status, and why it failed (its last line of output). */
static int lava_sh(const char *command, char *why, size_t why_size)
{
	char line[512], last[512] = "", full[1024];
	FILE *pipe;
	int status;

	snprintf(full, sizeof(full), "%s 2>&1", command);
	fflush(NULL);
	pipe = popen(full, "r");
	if (!pipe) {
		snprintf(why, why_size, "%s: cannot be started", command);
		return -1;
	}
	while (fgets(line, sizeof(line), pipe))
		if (line[0] != '\n')
			snprintf(last, sizeof(last), "%s", line);
	status = pclose(pipe);
	last[strcspn(last, "\n")] = '\0';
	if (status)
		snprintf(why, why_size, "%s: %s", command, last);
	return status;
}

/* apt-get download, once; with the package lists refreshed if they are
 * too old or missing to know the packages. */
static int lava_fetch(char *why, size_t why_size)
{
	char path[PATH_MAX], command[256];
	bool have = true;

	for (size_t i = 0; i < LAVA_PACKAGES; i++) {
		lava_deb(lava_packages[i], path);
		have = have && path[0];
	}
	if (have)
		return 0;
	snprintf(command, sizeof(command),
		 "mkdir -p %s && cd %s && apt-get download -q %s %s", LAVA_DEBS,
		 LAVA_DEBS, lava_packages[0], lava_packages[1]);
	if (lava_sh(command, why, why_size) == 0)
		return 0;
	if (geteuid() != 0 || lava_sh("apt-get update -qq", why, why_size) != 0)
		return -1;
	return lava_sh(command, why, why_size) ? -1 : 0;
}

/* Both packages unpacked into a folder of their own, renamed into place
 * when whole, so that an interrupted unpacking is never taken for one. */
static int lava_unpack(void)
{
	char debs[LAVA_PACKAGES][PATH_MAX], command[3 * PATH_MAX], why[256];

	if (lava_exists(LAVA_ROOT))
		return 0;
	for (size_t i = 0; i < LAVA_PACKAGES; i++)
		lava_deb(lava_packages[i], debs[i]);
	snprintf(
		command, sizeof(command),
		"rm -rf %s.new && dpkg -x %s %s.new && dpkg -x %s %s.new && mv %s.new %s",
		LAVA_ROOT, debs[0], LAVA_ROOT, debs[1], LAVA_ROOT, LAVA_ROOT, LAVA_ROOT);
	if (lava_sh(command, why, sizeof(why))) {
		fprintf(stderr, "\nlava: %s\n", why);
		return -1;
	}
	return 0;
}

/* The suite's set-up: a package apt cannot fetch skips its tests; one that
 * was fetched and does not unpack fails the suite. */
static int lava_setup(void)
{
	char why[512];

	if (lava_fetch(why, sizeof(why)) < 0) {
		fprintf(stderr,
			"\nskipped: the lava suite: apt cannot fetch %s and %s (%s)\n",
			lava_packages[0], lava_packages[1], why);
		for (CU_pTest test = lava_suite->pTest; test; test = test->pNext)
			CU_set_test_active(test, CU_FALSE);
		return 0;
	}
	return lava_unpack() ? 1 : 0;
}

/* tests/lava.py with LAVA's code on the path. */
static void lava_python(const char *const *args, struct tool_output *output)
{
	const char *argv[16] = { "PYTHONPATH=" LAVA_PYTHONPATH,
				 "PYTHONDONTWRITEBYTECODE=1", "/usr/bin/python3",
				 "tests/lava.py" };
	size_t n = 4;

	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	tool_run_program("env", argv, output);
}

/* Whether LAVA's schema takes the file: 0, or 1 (the reason printed
 * unless refusing it was expected). */
static int lava_validate(const char *what, const char *path, int expected)
{
	const char *args[] = { what, path, NULL };
	struct tool_output output;
	int status;

	lava_python(args, &output);
	status = output.status;
	if (status != expected)
		fprintf(stderr, "\ntests/lava.py %s %s: exit %d, %s", what, path, status,
			output.err);
	tool_free(&output);
	return status;
}

/* text with the first from replaced by to, saved as path. */
static void lava_save_changed(const char *text, const char *from, const char *to,
			      const char *path)
{
	const char *at = strstr(text, from);
	FILE *file = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fprintf(file, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	fclose(file);
}

/* Both pass LAVA's schemas, which do refuse what is not LAVA's: a job
 * without visibility, a definition of another format. The job runs the
 * definition, and the README names every placeholder it holds. */
static void test_schemas(void)
{
	char dir[] = "/tmp/timerlab-lava-XXXXXX", path[64];
	char *job = tree_read(LAVA_JOB), *definition = tree_read(LAVA_DEFINITION);
	char *readme = tree_read("tools/lava/README.md");
	const char *remove[] = { "-rf", dir, NULL };
	struct tool_output output;
	size_t placeholders = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(job);
	CU_ASSERT_PTR_NOT_NULL_FATAL(definition);
	CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	CU_ASSERT_EQUAL(lava_validate("validate-definition", LAVA_DEFINITION, 0), 0);
	CU_ASSERT_EQUAL(lava_validate("validate-job", LAVA_JOB, 0), 0);
	snprintf(path, sizeof(path), "%s/job.yaml", dir);
	lava_save_changed(job, "visibility: public\n", "", path);
	CU_ASSERT_EQUAL(lava_validate("validate-job", path, 1), 1);
	snprintf(path, sizeof(path), "%s/definition.yaml", dir);
	lava_save_changed(definition, "Definition 1.0", "Definition 2.0", path);
	CU_ASSERT_EQUAL(lava_validate("validate-definition", path, 1), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(job, "      path: " LAVA_DEFINITION "\n"));
	for (const char *url = strstr(job, "https://"); url;
	     url = strstr(url + 1, "https://")) {
		char placeholder[256];

		sscanf(url, "%255s", placeholder);
		if (!strstr(placeholder, ".invalid/"))
			continue;
		placeholders++;
		if (!strstr(readme, placeholder))
			fprintf(stderr, "\ntools/lava/README.md: %s is not named\n",
				placeholder);
		CU_ASSERT_PTR_NOT_NULL(strstr(readme, placeholder));
	}
	CU_ASSERT_EQUAL(placeholders,
			4); /* kernel, rootfs, the git repository, timerlab */
	tool_run_program("rm", remove, &output);
	tool_free(&output);
	free(job);
	free(definition);
	free(readme);
}

/*
 * The definition, run as a device runs it, with timerlab from url: the
 * runner's output (the signals on stdout) in output, its folder in root
 * (LAVA_TMP_SIZE bytes, removed by lava_device_remove).
 */
static void lava_device_run(const char *url, char *root, struct tool_output *output)
{
	char device[PATH_MAX], parameter[PATH_MAX + 16], runner[PATH_MAX + 32];
	char folder[PATH_MAX + 16];
	const char *layout[] = { "device",	  LAVA_SCRIPTS, device,
				 LAVA_DEFINITION, parameter,	NULL };
	const char *run[] = { "SHELL=/bin/sh", runner, folder, NULL };

	snprintf(root, LAVA_TMP_SIZE, "/tmp/timerlab-lava-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(root));
	snprintf(device, sizeof(device), "%s/device", root);
	snprintf(parameter, sizeof(parameter), "TIMERLAB_URL=%s", url);
	lava_python(layout, output);
	if (output->status)
		fprintf(stderr, "\ntests/lava.py device: %s", output->err);
	CU_ASSERT_EQUAL_FATAL(output->status, 0);
	tool_free(output);
	snprintf(runner, sizeof(runner), "%s/bin/lava-test-runner", device);
	snprintf(folder, sizeof(folder), "%s/lava", device);
	tool_run_program("env", run, output);
	CU_ASSERT_EQUAL(output->status, 0);
}

static void lava_device_remove(const char *root)
{
	const char *remove[] = { "-rf", root, NULL };
	struct tool_output output;

	tool_run_program("rm", remove, &output);
	tool_free(&output);
}

/* The test shell's own folder on the device: where the steps ran. */
static void lava_test_folder(const char *root, char *buf, size_t size)
{
	snprintf(buf, size, "%s/device/lava/tests/0_timerlab", root);
}

/* Every cell and check of the run's result.json has its test case, with
 * the result and the p99 the format's rule gives; nothing else has one. */
static void test_definition_runs(void)
{
	char root[LAVA_TMP_SIZE], binary[PATH_MAX], url[PATH_MAX + 8],
		path[PATH_MAX + 64];
	char test[PATH_MAX], why[512];
	const char *timerlab = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	struct lava_signals signals;
	struct tool_output output;
	struct tl_result result;

	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(timerlab, binary));
	snprintf(url, sizeof(url), "file://%s", binary);
	lava_device_run(url, root, &output);
	lava_signals_parse(output.out, &signals);
	CU_ASSERT_TRUE(signals.started && signals.ended && signals.exited);
	CU_ASSERT_EQUAL(signals.raised, 0);
	lava_test_folder(root, test, sizeof(test));
	snprintf(path, sizeof(path), "%s/timerlab-out/latest/result.json", test);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	CU_ASSERT(result.cell_count >= 10 &&
		  result.check_count >= 50); /* --suite quick --checks */
	CU_ASSERT_EQUAL(signals.count, result.cell_count + result.check_count);
	for (size_t i = 0; i < result.cell_count; i++)
		lava_expect_cell(&signals, &result, &result.cells[i]);
	for (size_t i = 0; i < result.check_count; i++)
		lava_expect_check(&signals, &result.checks[i]);
	tl_result_free(&result);
	tool_free(&output);
	lava_device_remove(root);
}

/* A stand-in for timerlab that writes lava.txt with lines of every wrong
 * shape, among two right ones, and exits 1 (a check failed). */
static const char lava_hostile[] =
	"#!/bin/sh\n"
	"case $1 in --version) echo stand-in; exit 0;; esac\n"
	"while [ $# -gt 1 ] && [ \"$1\" != --out ]; do shift; done\n"
	"mkdir -p \"$2/latest\"\n"
	"cat > \"$2/latest/lava.txt\" <<'LINES'\n"
	"cell.good --result pass --measurement -2.500 --units us\n"
	"check.a;touch PWNED --result pass\n"
	"$(touch PWNED) --result pass\n"
	"`touch PWNED` --result pass\n"
	"x --shell touch PWNED\n"
	"--result pass\n"
	"cell.glob* --result pass\n"
	"check.bad --result maybe\n"
	"check.bad --result pass --measurement 1..2 --units us\n"
	"check.bad --result pass --measurement 1.5 --units ms\n"
	"check.bad --result pass more\n"
	"check.bad\t--result pass\n"
	"\n"
	"check.also-good --result skip\n"
	"LINES\n"
	"exit 1\n";

static void lava_write_program(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fputs(text, file);
	fclose(file);
	CU_ASSERT_EQUAL(chmod(path, 0755), 0);
}

/* Only the right lines reach lava-test-case, none is evaluated, and exit
 * status 1 (a failure the test cases show) does not stop the test shell. */
static void test_hostile_lines(void)
{
	char program[] = "/tmp/timerlab-lava-stand-in-XXXXXX", root[LAVA_TMP_SIZE];
	char url[64], test[PATH_MAX], pwned[PATH_MAX + 16];
	struct lava_signals signals;
	struct tool_output output;
	int fd = mkstemp(program);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	lava_write_program(program, lava_hostile);
	snprintf(url, sizeof(url), "file://%s", program);
	lava_device_run(url, root, &output);
	lava_signals_parse(output.out, &signals);
	CU_ASSERT_TRUE(signals.started && signals.ended && signals.exited);
	CU_ASSERT_EQUAL(signals.count, 2);
	lava_expect_case(&signals, "cell.good", "pass", "-2.500");
	lava_expect_case(&signals, "check.also-good", "skip", NULL);
	lava_test_folder(root, test, sizeof(test));
	snprintf(pwned, sizeof(pwned), "%s/PWNED", test);
	CU_ASSERT_FALSE(lava_exists(pwned));
	CU_ASSERT_FALSE(lava_exists("PWNED"));
	tool_free(&output);
	lava_device_remove(root);
	unlink(program);
}

/* The definition run with a stand-in for timerlab (or with nothing to
 * fetch, for a NULL text): the test shell must end with raised, before
 * any test case. */
static void lava_expect_raise(const char *text, const char *raised)
{
	char program[] = "/tmp/timerlab-lava-stand-in-XXXXXX", root[LAVA_TMP_SIZE];
	char url[64], signal[128];
	struct lava_signals signals;
	struct tool_output output;
	int fd = mkstemp(program);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	if (text)
		lava_write_program(program, text);
	else
		unlink(program);
	snprintf(url, sizeof(url), "file://%s", program);
	lava_device_run(url, root, &output);
	lava_signals_parse(output.out, &signals);
	CU_ASSERT_TRUE(signals.started && !signals.ended && signals.exited);
	CU_ASSERT_EQUAL(signals.count, 0);
	CU_ASSERT_EQUAL(signals.raised, 1);
	snprintf(signal, sizeof(signal), "<LAVA_SIGNAL_TESTRAISE %s>", raised);
	if (!strstr(output.out, signal))
		fprintf(stderr, "\nno %s in:\n%s", signal, output.out);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, signal));
	tool_free(&output);
	lava_device_remove(root);
	unlink(program);
}

/* A binary that cannot be fetched, one that does not run on the device
 * (another architecture, a library missing), or a run that could not do
 * its work (exit 3) end the test shell with lava-test-raise: LAVA then
 * marks the job incomplete, instead of showing no test case as if all were
 * well. */
static void test_cannot_run(void)
{
	lava_expect_raise(NULL, "timerlab: cannot download TIMERLAB_URL");
	lava_expect_raise("#!/bin/sh\nexit 126\n",
			  "timerlab: the binary from TIMERLAB_URL does not run here");
	lava_expect_raise("#!/bin/sh\n[ \"$1\" = --version ] && exit 0\nexit 3\n",
			  "timerlab run exited 3");
}

void tests_lava(void)
{
	lava_suite = CU_add_suite("lava: definition and job", lava_setup, NULL);
	if (!lava_suite) {
		fprintf(stderr, "tests: cannot add the lava suite: %s\n",
			CU_get_error_msg());
		exit(2);
	}
	CU_add_test(lava_suite, "definition and job pass LAVA's schemas", test_schemas);
	CU_add_test(lava_suite, "lava-test-case records every cell and check",
		    test_definition_runs);
	CU_add_test(lava_suite, "a line of another shape is left out, never run",
		    test_hostile_lines);
	CU_add_test(lava_suite, "a run that cannot be done raises", test_cannot_run);
}
