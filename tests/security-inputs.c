/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hostile results rendered: printf conversions and every format's special
 * characters in the host, a cell key, a check's name and reason, and a
 * cell's error; a key that climbs out of the output folder
 * ("../../escaped"); gnuplot commands in a clock and a key; and the int64
 * extremes in every latency field. Every format renders them, escaped as
 * it must be, nothing is written outside --out, and gnuplot runs nothing.
 * Under ASan and UBSan (make SAN=1) these also check the writers' memory
 * and arithmetic.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "security.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* printf conversions, then what each format must escape */
#define HOSTILE "%n%s%s%s%x <b>&amp;\"quoted\"</b> 'it' a|b, c;d\\e\nnext line"

static security_folder_fn *inputs_folder;
static security_result_fn *inputs_result;

size_t security_count_files(const char *dir)
{
	DIR *stream = opendir(dir);
	struct dirent *entry;
	size_t count = 0;

	if (!stream)
		return 0;
	while ((entry = readdir(stream))) {
		char path[PATH_MAX];
		struct stat st;

		if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			count += security_count_files(path);
		else
			count++;
	}
	closedir(stream);
	return count;
}

static json_t *inputs_cell(json_t *root, size_t i)
{
	return json_array_get(json_object_get(root, "cells"), i);
}

static void inputs_hostile(json_t *root, void *arg)
{
	json_t *check = json_array_get(json_object_get(root, "checks"), 0);

	(void)arg;
	json_object_set_new(json_object_get(root, "env"), "hostname",
			    json_string(HOSTILE));
	json_object_set_new(inputs_cell(root, 0), "key", json_string("k0 " HOSTILE));
	json_object_set_new(inputs_cell(root, 1), "error", json_string("e1 " HOSTILE));
	json_object_set_new(check, "name", json_string("c0 " HOSTILE));
	json_object_set_new(check, "reason", json_string("r0 " HOSTILE));
}

static char *inputs_read(const char *dir, const char *name)
{
	char path[PATH_MAX + 64];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = tree_read(path);
	if (!text)
		fprintf(stderr, "\n%s was not written\n", path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	return text;
}

/* Fields of each CSV record (RFC 4180: quotes double, a quoted field may
 * hold a line break); every record must have as many as the header. */
static void inputs_check_csv(const char *text)
{
	size_t fields = 1, header = 0, records = 0;
	bool quoted = false, bad = false;

	for (const char *c = text; *c; c++) {
		if (quoted) {
			if (*c == '"' && c[1] == '"')
				c++;
			else if (*c == '"')
				quoted = false;
		} else if (*c == '"') {
			quoted = true;
		} else if (*c == ',') {
			fields++;
		} else if (*c == '\n') {
			if (!records++)
				header = fields;
			bad |= fields != header;
			fields = 1;
		}
	}
	CU_ASSERT(records > 1);
	CU_ASSERT_FALSE(quoted);
	CU_ASSERT_FALSE(bad);
}

/* Every line of the LAVA file is words lava-test-case takes unquoted. */
static void inputs_check_lava(const char *text)
{
	static const char words[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._- \n";

	CU_ASSERT_EQUAL(strspn(text, words), strlen(text));
}

/* The Markdown tables: a row has as many unescaped "|" as its header. */
static void inputs_check_md(const char *text)
{
	char *copy = strdup(text), *save = NULL;
	size_t header = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	for (char *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t pipes = 0;

		if (line[0] != '|') {
			header = 0;
			continue;
		}
		for (char *c = line; *c; c++)
			pipes += *c == '|' && (c == line || c[-1] != '\\');
		if (!header)
			header = pipes;
		CU_ASSERT_EQUAL(pipes, header);
	}
	free(copy);
}

static void inputs_check_xml(const char *dir, const char *name)
{
	char path[PATH_MAX + 64];
	struct tool_output output;

	if (!tool_have("xmllint"))
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	const char *argv[] = { "--noout", path, NULL };
	tool_run_program("xmllint", argv, &output);
	if (output.status)
		fprintf(stderr, "\n%s: %s\n", name, output.err);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
}

static void test_hostile_strings(void)
{
	static const char *const verbatim[] = { "table.txt", "summary.md", "cells.csv",
						"result.ktap", "kcidb.json" };
	char dir[PATH_MAX], result[PATH_MAX + 16], out[PATH_MAX + 8];
	struct tool_output output;

	inputs_folder("hostile", dir, sizeof(dir));
	snprintf(result, sizeof(result), "%s/hostile.json", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	inputs_result(result, inputs_hostile, NULL);
	const char *argv[] = {
		"report",	  "--format", "table,md,html,junit,ktap,csv,kcidb,lava",
		"--kcidb-origin", "timerlab", "--kcidb-build-id",
		"timerlab:1",	  "--out",    out,
		result,		  NULL
	};
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	tool_free(&output);
	/* the conversions are text, never a format: they reach every file */
	for (size_t i = 0; i < sizeof(verbatim) / sizeof(verbatim[0]); i++) {
		char *text = inputs_read(out, verbatim[i]);

		if (!strstr(text, "%n%s%s%s%x"))
			fprintf(stderr, "\n%s lost the conversions\n", verbatim[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "%n%s%s%s%x"));
		free(text);
	}
	char *html = inputs_read(out, "index.html");
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "%n%s%s%s%x &lt;b&gt;&amp;amp;"));
	CU_ASSERT_PTR_NULL(strstr(html, "<b>&amp;"));
	free(html);
	inputs_check_xml(out, "index.html");
	inputs_check_xml(out, "junit.xml");
	char *csv = inputs_read(out, "cells.csv"), *md = inputs_read(out, "summary.md");
	char *lava = inputs_read(out, "lava.txt"),
	     *ktap = inputs_read(out, "result.ktap");
	inputs_check_csv(csv);
	inputs_check_md(md);
	inputs_check_lava(lava);
	/* a line break in a name never starts a KTAP line of its own */
	CU_ASSERT_PTR_NULL(strstr(ktap, "\nnext line"));
	free(csv);
	free(md);
	free(lava);
	free(ktap);
	json_t *kcidb = json_load_file(strcat(out, "/kcidb.json"), 0, NULL);
	CU_ASSERT_PTR_NOT_NULL(kcidb);
	json_decref(kcidb);
}

/* Keys that would climb out of --out were they taken as file names. */
static void inputs_climbing(json_t *root, void *arg)
{
	(void)arg;
	json_object_set_new(inputs_cell(root, 0), "key", json_string("../../escaped"));
	json_object_set_new(inputs_cell(root, 1), "key",
			    json_string("../../../../../../../../tmp/timerlab-escaped"));
	json_object_set_new(inputs_cell(root, 2), "key", json_string(".."));
	json_object_set_new(json_object_get(root, "options"), "suite",
			    json_string("../../etc/passwd"));
	json_object_set_new(json_object_get(root, "env"), "load_command",
			    json_string("stress-ng --log-file ../../escaped.log"));
}

static void test_result_names_no_file(void)
{
	char dir[PATH_MAX], result[PATH_MAX + 16], out[PATH_MAX + 8], path[PATH_MAX + 64];
	struct tool_output output;

	inputs_folder("climbing", dir, sizeof(dir));
	snprintf(result, sizeof(result), "%s/climbing.json", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	inputs_result(result, inputs_climbing, NULL);
	unlink("/tmp/timerlab-escaped.hgrm");
	const char *argv[] = { "report", "--format", "table,json,hgrm,html,csv",
			       "--out",	 out,	     result,
			       NULL };
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	/* what it wrote is in out, every name of a cell's file one word */
	CU_ASSERT_EQUAL(security_count_files(dir), 1 + security_count_files(out));
	CU_ASSERT(access("/tmp/timerlab-escaped.hgrm", F_OK) < 0);
	snprintf(path, sizeof(path), "%s/hgrm", out);
	CU_ASSERT(security_count_files(path) >= 3);
	snprintf(path, sizeof(path), "%s/hgrm/_._.._escaped.hgrm", out);
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
}

/* gnuplot commands in a clock and in keys: the HTML report's plots must
 * not run them (gnuplot's system() starts a shell). */
static void inputs_gnuplot(json_t *root, void *dir)
{
	char command[PATH_MAX + 64];

	snprintf(command, sizeof(command),
		 "monotonic'; system('touch %s/clock'); print '", (const char *)dir);
	for (size_t i = 0; i < json_array_size(json_object_get(root, "cells")); i++)
		if (!strcmp(json_string_value(
				    json_object_get(inputs_cell(root, i), "clock")),
			    "monotonic"))
			json_object_set_new(inputs_cell(root, i), "clock",
					    json_string(command));
	snprintf(command, sizeof(command), "k\nsystem('touch %s/key')\n",
		 (const char *)dir);
	json_object_set_new(inputs_cell(root, 0), "key", json_string(command));
	snprintf(command, sizeof(command), "k' . system('touch %s/dot') . '",
		 (const char *)dir);
	json_object_set_new(inputs_cell(root, 1), "key", json_string(command));
	snprintf(command, sizeof(command), "`touch %s/backquote`", (const char *)dir);
	json_object_set_new(inputs_cell(root, 2), "key", json_string(command));
}

static void test_gnuplot_runs_nothing(void)
{
	char dir[PATH_MAX], result[PATH_MAX + 16], out[PATH_MAX + 8];
	struct tool_output output;

	inputs_folder("gnuplot", dir, sizeof(dir));
	snprintf(result, sizeof(result), "%s/gnuplot.json", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	inputs_result(result, inputs_gnuplot, dir);
	const char *argv[] = { "report", "--format", "html", "--out", out, result, NULL };
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	/* the result, and index.html: nothing that a command touched */
	CU_ASSERT_EQUAL(security_count_files(dir), 2);
	if (!tool_have("gnuplot"))
		return; /* without gnuplot no plot is drawn: nothing could run */
	char *html = inputs_read(out, "index.html");
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "<svg"));
	free(html);
}

static void inputs_extremes(json_t *root, void *arg)
{
	json_t *cell = inputs_cell(root, 0);

	(void)arg;
	json_object_set_new(cell, "min_ns", json_integer(INT64_MIN));
	json_object_set_new(cell, "p50_ns", json_integer(INT64_MIN));
	json_object_set_new(cell, "p99_ns", json_integer(INT64_MAX));
	json_object_set_new(cell, "p999_ns", json_integer(INT64_MAX));
	json_object_set_new(cell, "max_ns", json_integer(INT64_MAX));
	json_object_set_new(cell, "mean_ns", json_real(4e18));
	json_object_set_new(cell, "stddev_ns", json_real(4e18));
	json_object_set_new(cell, "interval_ns", json_integer(INT64_MAX));
	json_t *round = json_array_get(json_object_get(cell, "rounds"), 0);
	json_object_set_new(round, "p50_ns", json_integer(INT64_MIN));
	json_object_set_new(round, "max_ns", json_integer(INT64_MAX));
}

/* Every writer, and compare both ways, on the extremes: no overflow (UBSan
 * would abort), no NaN or infinity (the JSON writers would fail). */
static void test_extremes_render(void)
{
	char dir[PATH_MAX], result[PATH_MAX + 16], good[PATH_MAX + 16], out[PATH_MAX + 8];
	struct tool_output output;

	inputs_folder("extremes", dir, sizeof(dir));
	snprintf(result, sizeof(result), "%s/extremes.json", dir);
	snprintf(good, sizeof(good), "%s/good.json", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	inputs_result(result, inputs_extremes, NULL);
	inputs_result(good, NULL, NULL);
	const char *argv[] = {
		"report",
		"--format",
		"table,json,ktap,junit,csv,hist,hgrm,html,md,kcidb,bmf,gab,lava",
		"--kcidb-origin",
		"timerlab",
		"--kcidb-build-id",
		"timerlab:1",
		"--out",
		out,
		result,
		NULL
	};
	tool_run(argv, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	tool_free(&output);
	for (int way = 0; way < 2; way++) {
		const char *compare[] = { "compare",
					  "--format",
					  "table,json,junit,md,html",
					  way ? result : good,
					  way ? good : result,
					  NULL };
		tool_run(compare, &output);
		CU_ASSERT(output.status == 0 || output.status == 1);
		CU_ASSERT_PTR_NULL(strstr(output.err, "runtime error"));
		tool_free(&output);
	}
}

void tests_security_inputs(CU_pSuite suite, security_folder_fn *folder,
			   security_result_fn *result)
{
	inputs_folder = folder;
	inputs_result = result;
	CU_add_test(suite, "hostile strings: no format, escaped in every format",
		    test_hostile_strings);
	CU_add_test(suite, "a result names no file: ../../ keys stay in --out",
		    test_result_names_no_file);
	CU_add_test(suite, "gnuplot commands in a result run nothing",
		    test_gnuplot_runs_nothing);
	CU_add_test(suite, "the int64 extremes render in every format",
		    test_extremes_render);
}
