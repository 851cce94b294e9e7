/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

unsigned fuzz_failures;

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

bool fuzz_one_line(const char *why, const char *input)
{
	/* as it is, or as JSON escapes it */
	static const char *const newlines[] = { "\n", "\\n", "\\u000a", "\\u000A" };
	bool quoted = false;

	for (size_t i = 0; input && i < sizeof(newlines) / sizeof(newlines[0]); i++)
		quoted |= strstr(input, newlines[i]) != NULL;
	return why[0] && (!strchr(why, '\n') || quoted);
}

void fuzz_fail(const char *target, const char *what, const char *input)
{
	fprintf(stderr, "fuzz-%s: broken: %s (input \"%.200s\")\n", target, what,
		input ? input : "");
	fuzz_failures++;
#ifdef TL_LIBFUZZER
	abort();
#endif
}

int fuzz_file(const uint8_t *data, size_t size, char *path, size_t path_size)
{
	static int fd = -1;

	if (fd < 0)
		fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, 0) < 0 ||
	    (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort(); /* the machine, not the parser */
	snprintf(path, path_size, "/proc/self/fd/%d", fd);
	return 0;
}
