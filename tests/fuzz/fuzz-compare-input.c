/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A file given to `timerlab compare`, whatever it holds: tl_compare_input_load
 * tells a timerlab result, cyclictest --json and cyclictest -h text apart
 * and reads it; what loads is then compared with itself and gated, as
 * `timerlab compare FILE FILE --gate p99:+10% --gate early:+0` would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/compare-gate.h"
#include "../../lib/compare-input.h"
#include "cyclictest-check.h"
#include "fuzz.h"

static void compare_itself(struct tl_compare_input *inputs, const char *text)
{
	static const char *const gate_texts[] = { "p99:+10%", "early:+0", "*=max:+1us" };
	struct tl_compare_gate gates[3];
	struct tl_comparison comparison;
	char why[1024] = "";
	int err;

	for (size_t i = 0; i < 3; i++)
		if (tl_compare_gate_parse(gate_texts[i], &gates[i], why, sizeof(why)) < 0)
			abort();
	err = tl_compare_label(inputs, 2, "base,new", why, sizeof(why));
	FUZZ_CHECK("compare-input", err == 0, text);
	err = tl_comparison_build(&comparison, inputs, 2, why, sizeof(why));
	FUZZ_CHECK("compare-input", err == 0 || err == -EINVAL, text);
	if (err) {
		FUZZ_CHECK("compare-input", fuzz_one_line(why, text), text);
		return;
	}
	/* an input compared with itself has no change to trip a gate */
	FUZZ_CHECK("compare-input", tl_compare_gates_judge(&comparison, gates, 3) == 0,
		   text);
	tl_comparison_free(&comparison);
}

int tl_fuzz_compare_input(const uint8_t *data, size_t size)
{
	char path[64], why[1024] = "", *text = fuzz_string(data, size);
	struct tl_compare_input inputs[2];
	int err;

	fuzz_file(data, size, path, sizeof(path));
	err = tl_compare_input_load(path, NULL, &inputs[0], why, sizeof(why));
	fuzz_check_input("compare-input", err, &inputs[0], why, text);
	if (!err) {
		if (tl_compare_input_load(path, NULL, &inputs[1], why, sizeof(why)) == 0)
			compare_itself(inputs, text);
		tl_compare_input_free(&inputs[1]);
	}
	tl_compare_input_free(&inputs[0]);
	free(text);
	return err;
}

TL_FUZZ_ENTRY(tl_fuzz_compare_input)
