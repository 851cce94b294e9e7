/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tl_gate_parse, run's --max-latency and --max-p99 [GLOB=]DUR: an accepted
 * gate keeps the glob before the last '=' as it was written and a limit of
 * at least 1 ns, the one lib/time.h's parser gives the rest; a refused one
 * says why in one line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/gate.h"
#include "../../lib/time.h"
#include "fuzz.h"

int tl_fuzz_gate(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), why[256] = "";
	const char *equals = strrchr(text, '=');
	struct tl_gate gate;
	int64_t limit_ns;
	int err;

	gate.rule = TL_GATE_MAX_P99;
	err = tl_gate_parse(text, &gate, why, sizeof(why));
	FUZZ_CHECK("gate", err == 0 || err == -EINVAL, text);
	if (err) {
		FUZZ_CHECK("gate", fuzz_one_line(why, text), text);
		free(text);
		return err;
	}
	FUZZ_CHECK("gate", gate.limit_ns > 0, text);
	FUZZ_CHECK("gate",
		   tl_duration_parse(equals ? equals + 1 : text, 0, &limit_ns, NULL) ==
				   0 &&
			   limit_ns == gate.limit_ns,
		   text);
	FUZZ_CHECK("gate", strlen(gate.pattern) < sizeof(gate.pattern), text);
	if (equals)
		FUZZ_CHECK("gate",
			   strlen(gate.pattern) == (size_t)(equals - text) &&
				   strncmp(gate.pattern, text, strlen(gate.pattern)) == 0,
			   text);
	else
		FUZZ_CHECK("gate", gate.pattern[0] == '\0', text);
	free(text);
	return 0;
}

TL_FUZZ_ENTRY(tl_fuzz_gate)
