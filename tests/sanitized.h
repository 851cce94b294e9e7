/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_SANITIZED_H
#define TESTS_SANITIZED_H

/*
 * TESTS_SANITIZED is 1 in a build under AddressSanitizer (make SAN=1),
 * where the tests and the timerlab they start are built alike. There
 * valgrind cannot run the binary, and the sanitizer's own shadow memory
 * makes page-fault counts vary from run to run (mlockall is a no-op under
 * it), so what depends on either is not asserted.
 */
#if defined(__SANITIZE_ADDRESS__)
#define TESTS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TESTS_SANITIZED 1
#endif
#endif
#ifndef TESTS_SANITIZED
#define TESTS_SANITIZED 0
#endif

#endif
