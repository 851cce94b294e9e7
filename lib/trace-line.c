/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "trace-line.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool tl_trace_next_line(const char *text, size_t size, size_t *at, const char **line,
			size_t *line_size)
{
	const char *start, *end;

	if (*at >= size)
		return false;
	start = text + *at;
	end = memchr(start, '\n', size - *at);
	if (!end)
		end = text + size;
	*line = start;
	*line_size = (size_t)(end - start);
	*at = (size_t)(end - text) + (end < text + size);
	return true;
}

/* "[001]" at p: the CPU, and where it ends; NULL if p is not one. */
static const char *line_cpu(const char *p, const char *end, int *cpu)
{
	const char *q = p + 1;
	int value = 0;

	if (*p != '[' || q >= end || !isdigit((unsigned char)*q))
		return NULL;
	for (; q < end && isdigit((unsigned char)*q); q++)
		value = value * 10 + (*q - '0');
	if (q >= end || *q != ']')
		return NULL;
	*cpu = value;
	return q + 1;
}

/* "comm-pid" before the CPU, padded with spaces on both sides. */
static int line_task(const char *start, const char *end, struct tl_trace_line *line)
{
	const char *dash;
	size_t comm_size;

	while (start < end && *start == ' ')
		start++;
	while (end > start && end[-1] == ' ')
		end--;
	for (dash = end; dash > start && dash[-1] != '-'; dash--)
		if (!isdigit((unsigned char)dash[-1]))
			return -EINVAL;
	if (dash == start || dash == end)
		return -EINVAL;
	line->pid = atoi(dash);
	comm_size = (size_t)(dash - 1 - start);
	if (comm_size >= sizeof(line->comm))
		comm_size = sizeof(line->comm) - 1;
	memcpy(line->comm, start, comm_size);
	line->comm[comm_size] = '\0';
	return 0;
}

/* "10705.958536:" at p: the time in ns, and where it ends; NULL if not. */
static const char *line_time(const char *p, const char *end, int64_t *ns)
{
	int64_t seconds = 0, micros = 0;
	int digits = 0;

	if (p >= end || !isdigit((unsigned char)*p))
		return NULL;
	for (; p < end && isdigit((unsigned char)*p); p++)
		seconds = seconds * 10 + (*p - '0');
	if (p >= end || *p++ != '.')
		return NULL;
	for (; p < end && isdigit((unsigned char)*p); p++, digits++)
		micros = micros * 10 + (*p - '0');
	if (digits != 6 || p >= end || *p != ':')
		return NULL;
	*ns = seconds * 1000000000 + micros * 1000;
	return p + 1;
}

int tl_trace_line_parse(const char *text, size_t size, struct tl_trace_line *line,
			bool *lost)
{
	const char *end = text + size, *p, *after = NULL, *name;

	*lost = false;
	memset(line, 0, sizeof(*line));
	for (p = text; p < end && *p == ' '; p++)
		;
	if (p == end || *p == '#')
		return -EINVAL;
	if (strncmp(p, "CPU:", 4) == 0 && memmem(p, (size_t)(end - p), "[LOST", 5)) {
		*lost = true;
		return -EINVAL;
	}
	/* the first " [digits]" is the CPU (a comm with " [0]" in it is not
	 * told apart: the kernel's own format cannot be) */
	for (p = text; p < end; p++)
		if (*p == '[' && p > text && p[-1] == ' ' &&
		    (after = line_cpu(p, end, &line->cpu)))
			break;
	if (!after || line_task(text, p, line) < 0)
		return -EINVAL;
	for (p = after; p < end && *p == ' '; p++)
		;
	/* the context flags (irq-info), then the time */
	after = line_time(p, end, &line->ns);
	if (!after) {
		while (p < end && *p != ' ')
			p++;
		while (p < end && *p == ' ')
			p++;
		after = line_time(p, end, &line->ns);
	}
	if (!after)
		return -EINVAL;
	for (name = after; name < end && *name == ' '; name++)
		;
	for (p = name; p < end && *p != ':' && *p != ' '; p++)
		;
	if (p >= end || *p != ':' || p == name ||
	    (size_t)(p - name) >= sizeof(line->event))
		return -EINVAL;
	memcpy(line->event, name, (size_t)(p - name));
	for (p++; p < end && *p == ' '; p++)
		;
	line->fields = p;
	line->fields_size = (size_t)(end - p);
	return 0;
}

/* Where "key=" starts a field (at the start or after a space), or NULL. */
static const char *field_value(const struct tl_trace_line *line, const char *key)
{
	const char *p = line->fields, *end = line->fields + line->fields_size;
	size_t length = strlen(key);

	for (; p + length + 1 <= end; p++) {
		if ((p == line->fields || p[-1] == ' ') && memcmp(p, key, length) == 0 &&
		    p[length] == '=')
			return p + length + 1;
	}
	return NULL;
}

/* Whether p starts another field: "name=" or "==>". */
static bool field_starts(const char *p, const char *end)
{
	if (end - p >= 3 && memcmp(p, "==>", 3) == 0)
		return true;
	while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	return p < end && *p == '=';
}

bool tl_trace_field_text(const struct tl_trace_line *line, const char *key, char *buf,
			 size_t size)
{
	const char *value = field_value(line, key), *end, *p;
	size_t length;

	if (!value || !size)
		return false;
	end = line->fields + line->fields_size;
	for (p = value; p < end; p++)
		if (*p == ' ' && field_starts(p + 1, end))
			break;
	length = (size_t)(p - value);
	if (length >= size)
		length = size - 1;
	memcpy(buf, value, length);
	buf[length] = '\0';
	return true;
}

bool tl_trace_field_int(const struct tl_trace_line *line, const char *key, int64_t *value)
{
	char text[32], *end;
	long long number;

	if (!tl_trace_field_text(line, key, text, sizeof(text)))
		return false;
	number = strtoll(text, &end, 10);
	if (end == text)
		return false;
	*value = number;
	return true;
}
