/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tl_compare_gate_parse, compare's --gate [GLOB=]METRIC:CHANGE: an accepted
 * gate is on a metric the rounds carry, with a finite limit of at least 0,
 * a percentage only as a rise against BASE, and the text kept as given; a
 * refused one names the gate in one line.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/compare-gate.h"
#include "fuzz.h"

int tl_fuzz_compare_gate(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), why[512] = "";
	const char *equals = strrchr(text, '=');
	struct tl_compare_gate gate;
	int err = tl_compare_gate_parse(text, &gate, why, sizeof(why));

	FUZZ_CHECK("compare-gate", err == 0 || err == -EINVAL, text);
	if (err) {
		FUZZ_CHECK("compare-gate", fuzz_one_line(why, text), text);
		FUZZ_CHECK("compare-gate", strncmp(why, "--gate \"", 8) == 0, text);
		free(text);
		return err;
	}
	FUZZ_CHECK("compare-gate", tl_metric_is_tested(gate.metric), text);
	FUZZ_CHECK("compare-gate", isfinite(gate.limit) && gate.limit >= 0, text);
	FUZZ_CHECK("compare-gate", !gate.percent || gate.relative, text);
	/* latency gates are rises; counts may be either */
	FUZZ_CHECK("compare-gate", tl_metric_is_count(gate.metric) || gate.relative,
		   text);
	FUZZ_CHECK("compare-gate", strncmp(gate.text, text, sizeof(gate.text) - 1) == 0,
		   text);
	FUZZ_CHECK("compare-gate",
		   strlen(gate.pattern) == (equals ? (size_t)(equals - text) : 0), text);
	free(text);
	return 0;
}

TL_FUZZ_ENTRY(tl_fuzz_compare_gate)
