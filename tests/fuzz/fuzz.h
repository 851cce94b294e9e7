/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz targets: one file per parser a user can feed (fuzz-<topic>.c), each a
 * function tl_fuzz_<topic>() that takes any bytes, runs the parser the way
 * timerlab runs it, checks what must hold of its answer and frees what it
 * made. libFuzzer calls it through LLVMFuzzerTestOneInput (`make fuzz`
 * builds each file with TL_LIBFUZZER); the test binary calls the same
 * function on every input a finding left in tests/data/fuzz-regressions/.
 */
#ifndef TL_FUZZ_H
#define TL_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each returns what its parser returned: 0 or -errno. */
int tl_fuzz_duration(const uint8_t *data, size_t size);
int tl_fuzz_cell_spec(const uint8_t *data, size_t size);
int tl_fuzz_suite(const uint8_t *data, size_t size);
int tl_fuzz_gate(const uint8_t *data, size_t size);
int tl_fuzz_compare_gate(const uint8_t *data, size_t size);
int tl_fuzz_result(const uint8_t *data, size_t size);
int tl_fuzz_cyclictest_json(const uint8_t *data, size_t size);
int tl_fuzz_cyclictest_histogram(const uint8_t *data, size_t size);
int tl_fuzz_cyclictest_options(const uint8_t *data, size_t size);
int tl_fuzz_compare_input(const uint8_t *data, size_t size);

/* The bytes as a string, NUL-terminated (malloc'd; aborts without memory).
 * A NUL inside ends the string early, as it would on a command line. */
char *fuzz_string(const uint8_t *data, size_t size);

/*
 * What the parsers promise of a refusal: a message, one line. A parser may
 * quote what it was given, so a newline in the input may come back; one it
 * wrote itself may not.
 */
bool fuzz_one_line(const char *why, const char *input);

/* A broken promise: under libFuzzer, the message and abort() (a finding);
 * in the test binary, the message and one more fuzz_failures. */
extern unsigned fuzz_failures;
void fuzz_fail(const char *target, const char *what, const char *input);
#define FUZZ_CHECK(target, condition, input)                                             \
	do {                                                                             \
		if (!(condition))                                                        \
			fuzz_fail(target, #condition, input);                            \
	} while (0)

/* The file the loaders take a path to: the bytes in a memfd, as
 * /proc/self/fd/N (the same fd every call; path holds at least 32). */
int fuzz_file(const uint8_t *data, size_t size, char *path, size_t path_size);

#ifdef TL_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#define TL_FUZZ_ENTRY(function)                                                          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                     \
	{                                                                                \
		function(data, size);                                                    \
		return 0;                                                                \
	}
#else
#define TL_FUZZ_ENTRY(function)
#endif

#endif
