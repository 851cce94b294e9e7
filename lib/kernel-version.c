/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "kernel-version.h"

#include <errno.h>
#include <stdio.h>
#include <sys/utsname.h>

/* A decimal number of at most 9 digits (no kernel number comes close). */
static const char *kernel_version_number(const char *text, unsigned *value)
{
	unsigned parsed = 0;
	int digits = 0;

	while (*text >= '0' && *text <= '9') {
		if (++digits > 9)
			return NULL;
		parsed = parsed * 10 + (unsigned)(*text++ - '0');
	}
	if (!digits)
		return NULL;
	*value = parsed;
	return text;
}

int tl_kernel_version_parse(const char *release, struct tl_kernel_version *version)
{
	struct tl_kernel_version parsed = { 0, 0, 0 };
	const char *p;

	if (!release)
		return -EINVAL;
	p = kernel_version_number(release, &parsed.major);
	if (!p || *p != '.')
		return -EINVAL;
	p = kernel_version_number(p + 1, &parsed.minor);
	if (!p)
		return -EINVAL;
	/* a third number only when a digit follows the dot: "6.1.0-28" has one,
	 * in "6.13.rc1" (not a real spelling, but harmless) it would not */
	if (p[0] == '.' && p[1] >= '0' && p[1] <= '9') {
		p = kernel_version_number(p + 1, &parsed.patch);
		if (!p)
			return -EINVAL;
	}
	*version = parsed;
	return 0;
}

int tl_kernel_version_compare(const struct tl_kernel_version *a,
			      const struct tl_kernel_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

int tl_kernel_range_contains(const struct tl_kernel_range *range,
			     const struct tl_kernel_version *version)
{
	struct tl_kernel_version bound;

	if (range->since) {
		if (tl_kernel_version_parse(range->since, &bound) < 0)
			return -EINVAL;
		if (tl_kernel_version_compare(version, &bound) < 0)
			return 0;
	}
	if (range->until) {
		if (tl_kernel_version_parse(range->until, &bound) < 0)
			return -EINVAL;
		if (tl_kernel_version_compare(version, &bound) >= 0)
			return 0;
	}
	return 1;
}

void tl_kernel_range_describe(const struct tl_kernel_range *range, char *buf, size_t size)
{
	if (range->since && range->until)
		snprintf(buf, size, "from %s before %s", range->since, range->until);
	else if (range->since)
		snprintf(buf, size, "from %s", range->since);
	else if (range->until)
		snprintf(buf, size, "before %s", range->until);
	else
		snprintf(buf, size, "on every kernel");
}

int tl_kernel_version_running(struct tl_kernel_version *version, char *release,
			      size_t release_size)
{
	struct utsname name;

	if (uname(&name) < 0)
		return -errno;
	if (release && release_size)
		snprintf(release, release_size, "%s", name.release);
	return tl_kernel_version_parse(name.release, version);
}
