/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel releases as uname -r spells them ("6.18.44-fc-v782",
 * "6.1.0-28-cloud-amd64", "6.12.57+deb13-rt-amd64", "6.13-rc1"), compared
 * numerically so that a check can say on which kernels its failure is known.
 */
#ifndef TL_KERNEL_VERSION_H
#define TL_KERNEL_VERSION_H

#include <stdbool.h>
#include <stddef.h>

struct tl_kernel_version {
	unsigned major;
	unsigned minor;
	unsigned patch; /* 0 when the release has none ("6.13-rc1") */
};

/*
 * Parse the leading MAJOR.MINOR[.PATCH] of a release; whatever follows the
 * numbers (a "-rc1", "+deb13" or "-fc-v782" suffix) is ignored, so "6.13-rc1"
 * is 6.13.0: the release candidates of 6.13 already carry what its merge
 * window brought, which is what a known-failure range is about. -EINVAL when
 * there is no MAJOR.MINOR or a number overflows.
 */
int tl_kernel_version_parse(const char *release, struct tl_kernel_version *version);

/* <0, 0, >0 as a is older than, the same as, newer than b. */
int tl_kernel_version_compare(const struct tl_kernel_version *a,
			      const struct tl_kernel_version *b);

/*
 * A range of releases, [since, until): since NULL means from the first
 * kernel, until NULL means still today. Both parse with the rule above.
 */
struct tl_kernel_range {
	const char *since;
	const char *until;
};

/* 1 when version lies in the range, 0 when not, -EINVAL when a bound of the
 * range does not parse (a mistake in a check's declaration). */
int tl_kernel_range_contains(const struct tl_kernel_range *range,
			     const struct tl_kernel_version *version);

/* "before 6.13", "from 6.3", "from 6.3 before 6.6", "on every kernel". */
void tl_kernel_range_describe(const struct tl_kernel_range *range, char *buf,
			      size_t size);

/* The running kernel's release (uname -r) parsed; 0 or -errno. */
int tl_kernel_version_running(struct tl_kernel_version *version, char *release,
			      size_t release_size);

#endif
