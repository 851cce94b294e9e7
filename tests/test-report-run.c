/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `run` writes and `report` writes again from the JSON alone: every
 * deterministic format reproduced byte for byte, the samples a run keeps,
 * and the measuring loop no more faulting with samples kept.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/result.h"
#include "ktap.h"
#include "sanitized.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

static void run_load(const char *path, struct tl_result *result)
{
	char why[512];

	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, result, why, sizeof(why)), 0);
}

/* The same file under both folders, byte for byte. */
static void run_same_file(const char *a, const char *b, const char *name)
{
	char pa[512], pb[512];
	char *ta, *tb;

	snprintf(pa, sizeof(pa), "%s/%s", a, name);
	snprintf(pb, sizeof(pb), "%s/%s", b, name);
	ta = tree_read(pa);
	tb = tree_read(pb);
	CU_ASSERT_PTR_NOT_NULL(ta);
	CU_ASSERT_PTR_NOT_NULL(tb);
	if (ta && tb && strcmp(ta, tb) != 0)
		fprintf(stderr, "\n%s and %s differ\n", pa, pb);
	CU_ASSERT(ta && tb && strcmp(ta, tb) == 0);
	free(ta);
	free(tb);
}

/* `run --suite quick` in every format, then `report --out` from its JSON. */
static void test_report_reproduces_run(void)
{
	static const char *const files[] = { "table.txt",  "cells.csv", "histogram.txt",
					     "summary.md", "junit.xml", "result.ktap" };
	char dir[] = "/tmp/timerlab-reproduce-XXXXXX", ran[128], json[160], again[128];
	const char *run[] = { "run",
			      "--suite",
			      "quick",
			      "--format",
			      "table,json,csv,junit,ktap,hist,hgrm,md",
			      "--out",
			      dir,
			      "--quiet",
			      NULL };
	const char *report[] = {
		"report", "--format", "table,csv,junit,ktap,hist,hgrm,md", "--out", again,
		json,	  NULL
	};
	struct tool_output output;
	struct tl_result result;
	struct ktap_document document;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(run, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	tool_free(&output);
	snprintf(ran, sizeof(ran), "%s/latest", dir);
	snprintf(json, sizeof(json), "%s/result.json", ran);
	snprintf(again, sizeof(again), "%s/again", dir);
	tool_run(report, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_STRING_EQUAL(output.err, "");
	tool_free(&output);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		run_same_file(ran, again, files[i]);
	/* a .hgrm per measured cell, the same in both */
	run_load(json, &result);
	for (size_t i = 0; i < result.cell_count; i++) {
		char name[256], file[300];

		if (result.cells[i].unsupported)
			continue;
		snprintf(name, sizeof(name), "%s", result.cells[i].key);
		for (char *c = name; *c; c++)
			*c = *c == ':' || *c == '/' || *c == '@' ? '_' : *c;
		snprintf(file, sizeof(file), "hgrm/%s.hgrm", name);
		run_same_file(ran, again, file);
	}
	tl_result_free(&result);
	/* the KTAP of a run without checks: the cells' subtest alone */
	char path[256], *text;
	snprintf(path, sizeof(path), "%s/result.ktap", ran);
	text = tree_read(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	ktap_parse_document(text, &document);
	CU_ASSERT_TRUE(document.valid);
	CU_ASSERT_EQUAL(document.subtests, 1);
	ktap_document_free(&document);
	free(text);
	/* JUnit is XML its readers parse */
	if (tool_have("xmllint")) {
		char junit[256];
		const char *lint[] = { "--noout", junit, NULL };

		snprintf(junit, sizeof(junit), "%s/junit.xml", ran);
		tool_run_program("xmllint", lint, &output);
		CU_ASSERT_EQUAL(output.status, 0);
		tool_free(&output);
	}
}

/* Two results, one folder each under --out, named after their folders. */
static void test_report_several(void)
{
	char dir[] = "/tmp/timerlab-several-XXXXXX", a[128], b[128], out[128], path[256];
	const char *run[] = { "run",	  "--path",    "clock-nanosleep",
			      "--clock",  "monotonic", "--arm",
			      "abs",	  "--samples", "20",
			      "--rounds", "1",	       "--out",
			      dir,	  "--quiet",   NULL };
	struct tool_output output;
	struct stat st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	tool_run(run, &output);
	tool_free(&output);
	snprintf(a, sizeof(a), "%s/latest/result.json", dir);
	snprintf(b, sizeof(b), "%s/b.json", dir);
	char *text = tree_read(a);
	FILE *copy = fopen(b, "w");
	CU_ASSERT_FATAL(text && copy);
	fputs(text, copy);
	fclose(copy);
	free(text);
	snprintf(out, sizeof(out), "%s/out", dir);
	const char *report[] = { "report", "--format", "csv", "--out", out, a, b, NULL };
	tool_run(report, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/b/cells.csv", out);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	DIR *folder = opendir(out);
	size_t folders = 0;
	for (struct dirent *entry; folder && (entry = readdir(folder));)
		folders += entry->d_name[0] != '.';
	if (folder)
		closedir(folder);
	CU_ASSERT_EQUAL(folders, 2);
	/* a per-cell format cannot go to stdout */
	const char *stdout_hgrm[] = { "report", "--format", "hgrm", a, NULL };
	tool_expect_usage_error(stdout_hgrm,
				"hgrm writes a file per cell: give --out DIR");
	const char *samples[] = {
		"report", "--format", "samples", "--out", out, a, NULL
	};
	tool_expect_usage_error(samples, "samples are not kept in the result");
}

/* Every sample, once, as measured: rows per cell equal its samples, the
 * index runs 0 .. n-1 across its rounds, latency = wake - deadline. */
static void run_check_samples(const char *csv, const struct tl_result *result)
{
	char *text = tree_read(csv), *next, *line;
	size_t rows = 0;
	uint64_t expect_index[8] = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	next = text;
	line = strsep(&next, "\n");
	CU_ASSERT_STRING_EQUAL(
		line, "cell,round,index,deadline_ns,wake_ns,latency_ns,missed\r");
	while ((line = strsep(&next, "\n")) && line[0]) {
		char key[128];
		unsigned long long round, index, missed;
		long long deadline, wake, latency;
		size_t c = 0;

		CU_ASSERT_EQUAL_FATAL(
			sscanf(line, "%127[^,],%llu,%llu,%lld,%lld,%lld,%llu\r", key,
			       &round, &index, &deadline, &wake, &latency, &missed),
			7);
		while (c < result->cell_count && strcmp(result->cells[c].key, key) != 0)
			c++;
		CU_ASSERT_FATAL(c < result->cell_count && c < 8);
		CU_ASSERT_EQUAL(index, expect_index[c]++);
		CU_ASSERT(round >= 1 && round <= 2);
		CU_ASSERT_EQUAL(latency, wake - deadline);
		CU_ASSERT(latency >= 0); /* never early */
		rows++;
	}
	uint64_t total = 0;
	for (size_t c = 0; c < result->cell_count && c < 8; c++) {
		CU_ASSERT_EQUAL(expect_index[c], result->cells[c].samples);
		total += result->cells[c].samples;
	}
	CU_ASSERT_EQUAL(rows, total);
	free(text);
}

/* With and without samples: the loop's own page faults do not grow (0
 * here, where the child runs locked), and the samples are all there. */
static void test_samples_and_faults(void)
{
	char dir[] = "/tmp/timerlab-samples-XXXXXX", path[160];
	char *formats[] = { "json", "json,samples" };
	int64_t faults[2][4];

	CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(dir));
	for (int f = 0; f < 2; f++) {
		const char *run[] = { "run",	  "--path",    "timerfd,clock-nanosleep",
				      "--clock",  "monotonic", "--arm",
				      "abs",	  "--samples", "200",
				      "--rounds", "2",	       "--format",
				      formats[f], "--out",     dir,
				      "--quiet",  NULL };
		struct tool_output output;
		struct tl_result result;

		tool_run(run, &output);
		CU_ASSERT_EQUAL_FATAL(output.status, 0);
		tool_free(&output);
		snprintf(path, sizeof(path), "%s/latest/result.json", dir);
		run_load(path, &result);
		CU_ASSERT_EQUAL_FATAL(result.cell_count, 2);
		for (size_t c = 0; c < 2; c++)
			for (size_t r = 0; r < 2; r++)
				faults[f][c * 2 + r] =
					result.cells[c].rounds[r].loop_minor_faults;
		if (f == 1) {
			snprintf(path, sizeof(path), "%s/latest/samples.csv", dir);
			run_check_samples(path, &result);
		}
		tl_result_free(&result);
	}
	/* The loop takes no page fault in a plain build, so keeping samples
	 * must not add one. Under ASan mlockall is a no-op and the shadow
	 * memory faults 0 or 1 a round, alike with and without samples but
	 * varying from run to run: there the counts are only checked read. */
	bool quiet = true;

	for (int i = 0; i < 4; i++) {
		CU_ASSERT(faults[0][i] >= 0 && faults[1][i] >= 0);
		quiet = quiet && faults[0][i] == 0;
	}
	if (TESTS_SANITIZED) {
		fprintf(stderr, "(a sanitizer build: fault counts not compared) ");
	} else if (quiet) {
		for (int i = 0; i < 4; i++)
			CU_ASSERT_EQUAL(faults[1][i], 0);
	} else {
		fprintf(stderr, "(the loop faults without samples too: not compared) ");
	}
	/* a block bigger than the samples buffer may be is refused up front */
	const char *huge[] = { "run", "--path",	   "clock-nanosleep", "--interval",
			       "1us", "--samples", "3000000",	      "--rounds",
			       "1",   "--format",  "samples",	      "--out",
			       dir,   NULL };
	tool_expect_usage_error(huge,
				"--format samples keeps a block's samples in memory");
}

void tests_report_run(void)
{
	CU_pSuite suite = tests_suite("report: run and report");

	CU_add_test(suite, "report reproduces what run wrote",
		    test_report_reproduces_run);
	CU_add_test(suite, "several results, a folder each", test_report_several);
	CU_add_test(suite, "samples kept, no faults added", test_samples_and_faults);
}
