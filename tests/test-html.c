/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report as a reader gets it: written by run, reproduced by
 * report from the JSON alone, well-formed XML with unique ids, a plot for
 * every clock and cell, honest without gnuplot, and opened in a real
 * browser (Debian's headless Chromium): every SVG there and drawn, and no
 * request but file:// made by the page (a page with an http image shows
 * that such a request would be seen).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/result.h"
#include "tests.h"
#include "tool.h"
#include "tree.h"

/* A quick run, kept for the suite's tests: dir/latest/{index.html,...}. */
static char html_dir[] = "/tmp/timerlab-html-XXXXXX";

static const char *html_page(void)
{
	static char path[128];

	if (!path[0]) {
		const char *run[] = { "run",	  "--suite",   "quick",
				      "--format", "json,html", "--out",
				      html_dir,	  "--quiet",   NULL };
		struct tool_output output;

		CU_ASSERT_PTR_NOT_NULL_FATAL(tree_temporary(html_dir));
		tool_run(run, &output);
		CU_ASSERT_EQUAL(output.status, 0);
		tool_free(&output);
		snprintf(path, sizeof(path), "%s/latest/index.html", html_dir);
	}
	return path;
}

static size_t html_count(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* Every id="..." and id='...' once only. */
static void html_ids_unique(const char *text)
{
	size_t count = 0, capacity = 4096;
	char **ids = calloc(capacity, sizeof(*ids));

	CU_ASSERT_PTR_NOT_NULL_FATAL(ids);
	for (const char *p = text; (p = strstr(p, " id=")); p += 4) {
		char quote = p[4];
		const char *end = strchr(p + 5, quote);

		if ((quote != '"' && quote != '\'') || !end || count == capacity)
			continue;
		char *id = strndup(p + 5, (size_t)(end - p - 5));
		for (size_t i = 0; i < count; i++)
			if (strcmp(ids[i], id) == 0) {
				fprintf(stderr, "\nindex.html: id %s twice\n", id);
				CU_FAIL("an id twice");
				break;
			}
		ids[count++] = id;
	}
	CU_ASSERT(count > 10);
	for (size_t i = 0; i < count; i++)
		free(ids[i]);
	free(ids);
}

static void test_page_well_formed(void)
{
	char json[160], *page;
	struct tl_result result;
	size_t plots = 0, clocks = 0;
	char why[512];

	page = tree_read(html_page());
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	if (tool_have("xmllint")) {
		const char *lint[] = { "--noout", html_page(), NULL };
		struct tool_output output;

		tool_run_program("xmllint", lint, &output);
		CU_ASSERT_EQUAL(output.status, 0);
		CU_ASSERT_STRING_EQUAL(output.err, "");
		tool_free(&output);
	}
	/* one XML declaration, the page's; nothing fetched from elsewhere */
	CU_ASSERT_EQUAL(html_count(page, "<?xml"), 1);
	CU_ASSERT_EQUAL(html_count(page, "src="), 0);
	CU_ASSERT_EQUAL(html_count(page, "href=\"http"), 0);
	CU_ASSERT_EQUAL(html_count(page, "gnuplot_svg.js"), 0);
	html_ids_unique(page);
	/* a plot per clock and two per measured cell */
	snprintf(json, sizeof(json), "%s/latest/result.json", html_dir);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(json, &result, why, sizeof(why)), 0);
	for (size_t i = 0; i < result.cell_count; i++)
		plots += result.cells[i].unsupported ? 0 : 2;
	clocks = 1; /* the quick suite runs one clock */
	CU_ASSERT_EQUAL(html_count(page, "<svg"), plots + clocks);
	CU_ASSERT_PTR_NOT_NULL(strstr(page, "latency by percentile, every cell"));
	CU_ASSERT_PTR_NOT_NULL(strstr(page, "fewer than 10 samples above"));
	tl_result_free(&result);
	free(page);
}

/* `report --format html` from the JSON alone gives the same page. */
static void test_report_reproduces_page(void)
{
	char json[160], again[160], path[200];
	char *ran, *reported;

	snprintf(json, sizeof(json), "%s/latest/result.json", html_dir);
	snprintf(again, sizeof(again), "%s/again", html_dir);
	const char *report[] = {
		"report", "--format", "html", "--out", again, json, NULL
	};
	struct tool_output output;

	html_page();
	tool_run(report, &output);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/index.html", again);
	ran = tree_read(html_page());
	reported = tree_read(path);
	CU_ASSERT_FATAL(ran && reported);
	CU_ASSERT(strcmp(ran, reported) == 0);
	free(ran);
	free(reported);
}

/* Without gnuplot the page says so and keeps the tables. */
static void test_without_gnuplot(void)
{
	char json[160], out[160], path[200], *page;
	const char *saved = getenv("PATH");
	char *keep = saved ? strdup(saved) : NULL;

	snprintf(json, sizeof(json), "%s/latest/result.json", html_dir);
	snprintf(out, sizeof(out), "%s/bare", html_dir);
	const char *report[] = { "report", "--format", "html", "--out", out, json, NULL };
	struct tool_output output;

	html_page();
	setenv("PATH", "/nonexistent", 1);
	tool_run(report, &output);
	if (keep)
		setenv("PATH", keep, 1);
	free(keep);
	CU_ASSERT_EQUAL(output.status, 0);
	tool_free(&output);
	snprintf(path, sizeof(path), "%s/index.html", out);
	page = tree_read(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	CU_ASSERT_PTR_NOT_NULL(strstr(page, "gnuplot is not installed here"));
	CU_ASSERT_PTR_NOT_NULL(strstr(page, "<h2>Side by side</h2>"));
	CU_ASSERT_EQUAL(html_count(page, "<svg"), 0);
	free(page);
}

/* Chromium, headless, as root, for at most a minute (it takes 2 to 3 s
 * here, with the machine loaded too): what it prints or shows of url, with
 * one more flag (what) and maybe another (also). */
static void html_chromium(const char *url, const char *what, const char *also,
			  const char *profile, struct tool_output *output)
{
	char user_data[160];
	const char *argv[] = { "60",
			       "chromium",
			       "--headless",
			       "--no-sandbox",
			       "--disable-gpu",
			       "--disable-background-networking",
			       "--disable-component-update",
			       "--disable-sync",
			       "--no-first-run",
			       "--window-size=1280,2000",
			       user_data,
			       what,
			       also ? also : url,
			       also ? url : NULL,
			       NULL };

	snprintf(user_data, sizeof(user_data), "--user-data-dir=%s/%s", html_dir,
		 profile);
	tool_run_program("timeout", argv, output);
}

/* The page without its plots, to tell a drawn page from a blank one. */
static void html_strip_svgs(const char *from, const char *to)
{
	char *page = tree_read(from), *p;
	FILE *out = fopen(to, "w");

	CU_ASSERT_FATAL(page && out);
	for (p = page; *p;) {
		char *svg = strstr(p, "<svg"), *end = svg ? strstr(svg, "</svg>") : NULL;

		if (!svg || !end) {
			fputs(p, out);
			break;
		}
		fwrite(p, 1, (size_t)(svg - p), out);
		p = end + strlen("</svg>");
	}
	fclose(out);
	free(page);
}

/* A URL request's start in Chromium's net log: whether the page asked for
 * it. A request carries its initiator, the origin that asked: a file://
 * page's is opaque ("null"), and its frame's site is file://. What Chromium
 * asks on its own (time, updates, accounts: by version and by network, not
 * by the page) has none ("not an origin"). */
static bool html_by_page(json_t *params)
{
	const char *initiator = json_string_value(json_object_get(params, "initiator"));
	const char *site = json_string_value(json_object_get(params, "site_for_cookies"));
	const char *key =
		json_string_value(json_object_get(params, "network_isolation_key"));

	return (initiator &&
		(!strcmp(initiator, "null") || !strncmp(initiator, "file://", 7))) ||
	       (site && strstr(site, "site=file://")) ||
	       (key && !strncmp(key, "file://", 7));
}

/* The requests the page made in Chromium's net log that are not files (each
 * printed if say); -1 if the log is not one. */
static int html_page_fetches(const char *netlog, bool say)
{
	json_t *log = json_load_file(netlog, 0, NULL), *event;
	json_t *types =
		json_object_get(json_object_get(log, "constants"), "logEventTypes");
	json_t *start = json_object_get(types, "URL_REQUEST_START_JOB");
	json_t *events = json_object_get(log, "events");
	int fetches = 0, own = 0;
	size_t i;

	if (!json_is_integer(start) || !json_is_array(events)) {
		fprintf(stderr, "\n%s: not a net log with URL requests\n", netlog);
		json_decref(log);
		return -1;
	}
	json_array_foreach(events, i, event)
	{
		json_t *params = json_object_get(event, "params");
		const char *url = json_string_value(json_object_get(params, "url"));

		if (!url || json_integer_value(json_object_get(event, "type")) !=
				    json_integer_value(start))
			continue;
		if (!html_by_page(params)) {
			own++;
			continue;
		}
		if (strncmp(url, "file://", 7) != 0) {
			if (say)
				fprintf(stderr, "\nthe page requested %s\n", url);
			fetches++;
		}
	}
	if (say)
		fprintf(stderr, "(%d request(s) of Chromium's own, not the page's) ",
			own);
	json_decref(log);
	return fetches;
}

static void test_in_chromium(void)
{
	char url[200], bare[200], bare_url[220], shot[200], bare_shot[200], what[220],
		netlog[200], log_flag[220];
	struct tool_output output;

	snprintf(url, sizeof(url), "file://%s", html_page());
	snprintf(bare, sizeof(bare), "%s/latest/no-plots.html", html_dir);
	snprintf(bare_url, sizeof(bare_url), "file://%s", bare);
	html_strip_svgs(html_page(), bare);

	/* the DOM: every plot there, and each one drawn (paths, not empty) */
	snprintf(netlog, sizeof(netlog), "%s/netlog.json", html_dir);
	snprintf(log_flag, sizeof(log_flag), "--log-net-log=%s", netlog);
	html_chromium(url, "--dump-dom", log_flag, "dom", &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_EQUAL(html_page_fetches(netlog, true), 0);
	size_t svgs = html_count(output.out, "<svg");
	CU_ASSERT(svgs >= 3);
	for (const char *p = output.out; (p = strstr(p, "<svg")); p++) {
		const char *end = strstr(p, "</svg>");

		CU_ASSERT_FATAL(end != NULL);
		CU_ASSERT(strstr(p, "<path") && strstr(p, "<path") < end);
	}
	tool_free(&output);

	/* the plots are drawn: the page differs from the page without them */
	snprintf(shot, sizeof(shot), "%s/with.png", html_dir);
	snprintf(bare_shot, sizeof(bare_shot), "%s/without.png", html_dir);
	snprintf(what, sizeof(what), "--screenshot=%s", shot);
	html_chromium(url, what, NULL, "shot", &output);
	tool_free(&output);
	snprintf(what, sizeof(what), "--screenshot=%s", bare_shot);
	html_chromium(bare_url, what, NULL, "shot", &output);
	tool_free(&output);
	FILE *a = fopen(shot, "rb"), *b = fopen(bare_shot, "rb");
	CU_ASSERT_FATAL(a && b);
	bool same = true;
	long bytes = 0;
	for (int ca = 0, cb = 0; ca != EOF || cb != EOF; bytes++) {
		ca = fgetc(a);
		cb = fgetc(b);
		same &= ca == cb;
	}
	fclose(a);
	fclose(b);
	CU_ASSERT(bytes > 10000); /* a real picture */
	CU_ASSERT_FALSE(same);
}

/* The judge of the net log sees a fetch: a page with an image over http,
 * whose host cannot resolve (.invalid), is caught asking for it. */
static void test_chromium_fetch_seen(void)
{
	char page[200], url[220], netlog[200], log_flag[220];
	struct tool_output output;
	FILE *file;

	html_page(); /* the folder */
	snprintf(page, sizeof(page), "%s/fetches.html", html_dir);
	snprintf(url, sizeof(url), "file://%s", page);
	file = fopen(page, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fputs("<html><body><p>one image</p><img src=\"http://example.invalid/x.png\" alt=\"x\"/></body></html>\n",
	      file);
	fclose(file);
	snprintf(netlog, sizeof(netlog), "%s/netlog-fetches.json", html_dir);
	snprintf(log_flag, sizeof(log_flag), "--log-net-log=%s", netlog);
	html_chromium(url, "--dump-dom", log_flag, "fetches", &output);
	CU_ASSERT_EQUAL(output.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "one image"));
	CU_ASSERT_EQUAL(html_page_fetches(netlog, false), 1);
	tool_free(&output);
}

/* compare's page: the same result twice, a plot per measured cell with a
 * curve per result, well-formed. */
static void test_compare_page(void)
{
	char json[160], path[200], why[512];
	struct tl_result result;
	size_t measured = 0;
	struct tool_output output;
	FILE *file;

	html_page();
	snprintf(json, sizeof(json), "%s/latest/result.json", html_dir);
	const char *compare[] = { "compare", "--format", "html", json, json, NULL };

	tool_run(compare, &output);
	CU_ASSERT_EQUAL_FATAL(output.status, 0);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(json, &result, why, sizeof(why)), 0);
	for (size_t i = 0; i < result.cell_count; i++)
		measured += !result.cells[i].unsupported;
	CU_ASSERT_EQUAL(html_count(output.out, "<svg"), measured);
	CU_ASSERT_EQUAL(html_count(output.out, "<?xml"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(output.out, "<h2>Side by side</h2>"));
	html_ids_unique(output.out);
	snprintf(path, sizeof(path), "%s/compare.html", html_dir);
	file = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	fputs(output.out, file);
	fclose(file);
	if (tool_have("xmllint")) {
		const char *lint[] = { "--noout", path, NULL };
		struct tool_output lint_output;

		tool_run_program("xmllint", lint, &lint_output);
		CU_ASSERT_EQUAL(lint_output.status, 0);
		tool_free(&lint_output);
	}
	tl_result_free(&result);
	tool_free(&output);
}

void tests_html(void)
{
	CU_pSuite suite = tests_suite("report: html");

	CU_add_test(suite, "index.html: well-formed, a plot each", test_page_well_formed);
	CU_add_test(suite, "report reproduces it from the JSON",
		    test_report_reproduces_page);
	CU_add_test(suite, "without gnuplot: tables and a word", test_without_gnuplot);
	CU_add_test(suite, "in headless Chromium: drawn, nothing fetched",
		    test_in_chromium);
	CU_add_test(suite, "in headless Chromium: a page's fetch is seen",
		    test_chromium_fetch_seen);
	CU_add_test(suite, "compare's page: a plot per cell", test_compare_page);
}
