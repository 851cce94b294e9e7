/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ktap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 2, 3))) static void ktap_broken(struct ktap_parsed *parsed,
							      const char *format, ...)
{
	va_list args;

	if (!parsed->valid)
		return;
	parsed->valid = false;
	va_start(args, format);
	vsnprintf(parsed->why, sizeof(parsed->why), format, args);
	va_end(args);
}

/* The verdict a result line stands for, from "ok"/"not ok" and its directive. */
static enum tl_verdict ktap_verdict(bool ok, const char *directive)
{
	static const struct {
		const char *word;
		bool ok;
		enum tl_verdict verdict;
	} directives[] = {
		{ "SKIP", true, TL_VERDICT_SKIP },
		{ "XPASS", true, TL_VERDICT_XPASS },
		{ "XFAIL", false, TL_VERDICT_XFAIL },
		{ "ERROR", false, TL_VERDICT_ERROR },
		{ "TIMEOUT", false, TL_VERDICT_TIMEOUT },
	};
	for (size_t i = 0; directive && i < sizeof(directives) / sizeof(directives[0]);
	     i++) {
		size_t length = strlen(directives[i].word);

		if (strncmp(directive, directives[i].word, length) == 0 &&
		    (directive[length] == ' ' || directive[length] == '\0') &&
		    directives[i].ok == ok)
			return directives[i].verdict;
	}
	return ok ? TL_VERDICT_PASS : TL_VERDICT_FAIL;
}

static void ktap_result(struct ktap_parsed *parsed, const char *line)
{
	bool ok = strncmp(line, "ok ", 3) == 0;
	const char *rest = line + (ok ? 3 : 7);
	size_t index = parsed->results;
	char *end;
	unsigned long number = strtoul(rest, &end, 10);
	const char *hash;
	enum tl_verdict verdict;

	if (end == rest || *end != ' ' || number != index + 1)
		return ktap_broken(parsed, "result %zu numbered wrongly: %s", index + 1,
				   line);
	if (index >= KTAP_MAX_RESULTS)
		return ktap_broken(parsed, "too many results");
	rest = end + 1;
	hash = strstr(rest, " # ");
	snprintf(parsed->names[index], sizeof(parsed->names[index]), "%.*s",
		 (int)(hash ? (size_t)(hash - rest) : strlen(rest)), rest);
	if (!parsed->names[index][0] || strchr(parsed->names[index], ' '))
		return ktap_broken(parsed, "bad name in: %s", line);
	verdict = ktap_verdict(ok, hash ? hash + 3 : NULL);
	parsed->verdicts[index] = verdict;
	if (hash) {
		const char *reason = hash + 3;

		if (verdict != TL_VERDICT_PASS && verdict != TL_VERDICT_FAIL)
			reason += strcspn(reason, " ") + (strchr(reason, ' ') ? 1 : 0);
		snprintf(parsed->reasons[index], sizeof(parsed->reasons[index]), "%s",
			 reason);
	}
	parsed->counted[verdict]++;
	parsed->results++;
}

static void ktap_totals(struct ktap_parsed *parsed, const char *line)
{
	size_t *t = parsed->totals;

	if (sscanf(line,
		   "# Totals: pass:%zu fail:%zu xfail:%zu xpass:%zu skip:%zu error:%zu timeout:%zu",
		   &t[TL_VERDICT_PASS], &t[TL_VERDICT_FAIL], &t[TL_VERDICT_XFAIL],
		   &t[TL_VERDICT_XPASS], &t[TL_VERDICT_SKIP], &t[TL_VERDICT_ERROR],
		   &t[TL_VERDICT_TIMEOUT]) != 7)
		ktap_broken(parsed, "bad totals: %s", line);
}

static void ktap_line(struct ktap_parsed *parsed, size_t number, const char *line,
		      bool *totals_seen)
{
	if (*totals_seen)
		return ktap_broken(parsed, "line after the totals: %s", line);
	if (number == 0 && strcmp(line, "KTAP version 1") != 0)
		return ktap_broken(parsed, "no version line");
	if (number == 0)
		return;
	/* a nested document names itself before its plan, as KUnit does */
	if (!parsed->plan_seen && strncmp(line, "# Subtest: ", 11) == 0)
		return;
	if (!parsed->plan_seen && sscanf(line, "1..%zu", &parsed->planned) != 1)
		return ktap_broken(parsed, "no plan line");
	if (!parsed->plan_seen) {
		parsed->plan_seen = true;
		return;
	}
	if (strncmp(line, "ok ", 3) == 0 || strncmp(line, "not ok ", 7) == 0)
		return ktap_result(parsed, line);
	if (strncmp(line, "# Totals: ", 10) == 0) {
		*totals_seen = true;
		return ktap_totals(parsed, line);
	}
	if (strncmp(line, "# Interrupted: ", 15) == 0)
		parsed->interrupted = true;
	else if (strncmp(line, "# ", 2) != 0)
		return ktap_broken(parsed, "neither result nor diagnostic: %s", line);
	parsed->diagnostics++;
}

void ktap_parse(const char *text, struct ktap_parsed *parsed)
{
	ktap_parse_flat(text, true, parsed);
}

void ktap_parse_flat(const char *text, bool totals, struct ktap_parsed *parsed)
{
	char *copy = strdup(text), *next = copy, *line;
	size_t number = 0;
	bool totals_seen = false;

	memset(parsed, 0, sizeof(*parsed));
	parsed->valid = copy != NULL;
	if (copy && (!text[0] || text[strlen(text) - 1] != '\n'))
		ktap_broken(parsed, "does not end with a newline");
	/* strsep, not strtok: an empty line is a line, and not KTAP */
	while (next && *next && (line = strsep(&next, "\n")))
		ktap_line(parsed, number++, line, &totals_seen);
	free(copy);
	if (totals && !totals_seen)
		ktap_broken(parsed, "no totals line");
	if (!parsed->interrupted && parsed->results != parsed->planned)
		ktap_broken(parsed, "planned %zu, %zu results", parsed->planned,
			    parsed->results);
	for (int v = 0; totals && v < TL_VERDICT_COUNT; v++)
		if (parsed->totals[v] != parsed->counted[v])
			ktap_broken(parsed, "totals say %zu %s, the lines %zu",
				    parsed->totals[v],
				    tl_verdict_name((enum tl_verdict)v),
				    parsed->counted[v]);
}

int ktap_find(const struct ktap_parsed *parsed, const char *name)
{
	for (size_t i = 0; i < parsed->results; i++)
		if (strcmp(parsed->names[i], name) == 0)
			return (int)i;
	return -1;
}

/* Append line (without its first two characters) and a newline to text. */
static void ktap_append(char **text, size_t *size, const char *line)
{
	size_t length = strlen(line);

	*text = realloc(*text, *size + length + 2);
	if (!*text)
		return;
	memcpy(*text + *size, line, length);
	(*text)[*size + length] = '\n';
	*size += length + 1;
	(*text)[*size] = '\0';
}

void ktap_parse_document(const char *text, struct ktap_document *document)
{
	char *copy = strdup(text), *next = copy, *line;
	size_t number = 0, open_size = 0;
	char *open = NULL;
	char name[64] = "";

	memset(document, 0, sizeof(*document));
	document->valid = copy != NULL;
#define DOCUMENT_BROKEN(...)                                                             \
	do {                                                                             \
		if (document->valid)                                                     \
			snprintf(document->why, sizeof(document->why), __VA_ARGS__);     \
		document->valid = false;                                                 \
	} while (0)
	while (next && *next && (line = strsep(&next, "\n"))) {
		unsigned long parent;
		char parent_name[64];

		if (number++ == 0) {
			if (strcmp(line, "KTAP version 1") != 0)
				DOCUMENT_BROKEN("no version line");
		} else if (strncmp(line, "  ", 2) == 0) {
			if (sscanf(line, "  # Subtest: %63s", name) == 1 && !open_size)
				DOCUMENT_BROKEN(
					"# Subtest before the nested version line");
			ktap_append(&open, &open_size, line + 2);
		} else if (sscanf(line, "1..%zu", &document->planned) == 1) {
			continue;
		} else if (sscanf(line, "ok %lu %63s", &parent, parent_name) == 2 ||
			   sscanf(line, "not ok %lu %63s", &parent, parent_name) == 2) {
			size_t i = document->subtests;

			if (i >= KTAP_MAX_SUBTESTS || parent != i + 1 || !open ||
			    strcmp(parent_name, name) != 0) {
				DOCUMENT_BROKEN("subtest %zu closed wrongly: %s", i + 1,
						line);
				break;
			}
			snprintf(document->names[i], sizeof(document->names[i]), "%s",
				 name);
			document->ok[i] = line[0] == 'o';
			document->texts[i] = open;
			open = NULL;
			open_size = 0;
			name[0] = '\0';
			document->subtests++;
		} else if (strncmp(line, "# ", 2) != 0) {
			DOCUMENT_BROKEN("neither subtest nor diagnostic: %s", line);
		}
	}
	if (open)
		DOCUMENT_BROKEN("a subtest is never closed");
	if (document->subtests != document->planned)
		DOCUMENT_BROKEN("planned %zu subtests, %zu closed", document->planned,
				document->subtests);
#undef DOCUMENT_BROKEN
	free(open);
	free(copy);
}

void ktap_document_free(struct ktap_document *document)
{
	for (size_t i = 0; i < document->subtests; i++)
		free(document->texts[i]);
}
