/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `timerlab run --help`: every run option, grouped as a user looks for them. */
#include <stdio.h>

#include "options.h"
#include "output.h"

void tl_run_usage(FILE *out)
{
	fprintf(out,
		"usage: timerlab run [options]\n"
		"\n"
		"Measure wakeup latency of every selected cell (path, variant, clock, arm),\n"
		"one child process per cell, and print them side by side.\n"
		"\n"
		"Selection:\n"
		"  --path LIST       cell specs path[:variant[:signal]], comma-separated\n"
		"                    (default: every path, default variant); see timerlab list\n"
		"  --clock LIST      monotonic, realtime, boottime, tai, or all\n"
		"                    (default: monotonic,realtime)\n"
		"  --arm LIST        abs, rel, periodic, or all (default: all)\n"
		"  --variants all    every variant and signal of each path (default: the\n"
		"                    first of each, unless the spec names one)\n"
		"  --interval LIST   time between deadlines, e.g. 250us,1ms (default: 1ms;\n"
		"                    from 1us to 60s)\n"
		"  --samples N       wakeups recorded per cell (default: %d; at most 10^9)\n"
		"  --duration DUR    instead of --samples: samples = DUR / interval\n"
		"  --warmup N        wakeups before recording, per round (default: %d)\n"
		"                    alarm takes whole seconds: with a finer --interval it\n"
		"                    runs at 1s, 3 samples, no warm-up, unless --path names\n"
		"                    it and --samples, --duration or --warmup asks\n"
		"  --rounds R        split each cell's samples into R blocks, run\n"
		"                    round-robin across cells (default: %d)\n"
		"  --suite NAME|FILE a named plan (quick, default, full, ci: see\n"
		"                    timerlab list --suites) or a JSON suite file;\n"
		"                    options given on the command line win\n"
		"\n"
		"Gates (exit 1 when one trips, naming the cell and the limit):\n"
		"  --fail-on-early         any wakeup before its deadline\n"
		"  --max-latency [GLOB=]DUR  max latency above DUR (cells whose key matches\n"
		"                          GLOB, e.g. 'timerfd:*=200us'; repeatable)\n"
		"  --max-p99 [GLOB=]DUR    p99 above DUR (repeatable)\n"
		"\n"
		"Realtime (what is obtained is recorded; what cannot be applied is a warning):\n"
		"  --policy P        fifo (default), rr or other\n"
		"  --priority N      priority 1-99 for fifo and rr (default: %d)\n"
		"  --cpu N           CPU the measuring child runs on (default: the last one)\n"
		"  --smp             measure every cell on every CPU at once, one pinned\n"
		"                    child per CPU (like cyclictest -t -a); keys end /cpuN\n"
		"  --no-mlock        do not lock memory (mlockall) in the measuring child\n"
		"  --dma-latency US  hold /dev/cpu_dma_latency at US microseconds for the run\n"
		"                    (default: 0 where it can be opened; -1: leave it)\n"
		"  --timer-slack NS  PR_SET_TIMERSLACK for the child (matters for --policy other)\n"
		"\n"
		"Conditions:\n"
		"  --load SPEC       background load while measuring: stress-ng stressors\n"
		"                    as name:count (cpu:1,io:1,vm:1), or raw stress-ng\n"
		"                    arguments ('--cpu 2 --cpu-load 50')\n"
		"\n"
		"Output:\n"
		"  --out DIR         report folder: DIR/<date>-<host>-<kernel>/, DIR/latest\n"
		"                    points at it (default: reports); - writes JSON to stdout\n",
		TL_DEFAULT_SAMPLES, TL_DEFAULT_WARMUP, TL_DEFAULT_ROUNDS,
		TL_DEFAULT_PRIORITY);
	tl_output_help_formats(out, TL_COMMAND_RUN, "what --out writes", true);
	tl_output_help_kcidb(out);
	fprintf(out,
		"  --hist-max US     hist: rows of 1 us from 0 to US - 1 (default 400, as\n"
		"                    OSADL's cyclictest -h400 plots; at most 1000000)\n"
		"  --checks          after the cells, run the conformance checks (KTAP on\n"
		"                    stdout, as timerlab check) into the same result\n"
		"  --destructive     with --checks: also the checks that set CLOCK_REALTIME\n"
		"                    (they put it back); for virtual machines, never a shared host\n"
		"  --details         after the table, each round's attribution: context\n"
		"                    switches, faults, migrations, interrupts, softirqs, steal\n"
		"  --quiet           no progress on stderr\n"
		"  --help            this text\n"
		"\n"
		"Durations take a unit: ns, us, ms, s, min (\"1.5ms\"). Lists are\n"
		"comma-separated, without empty elements. A plan that would take more than\n"
		"7 days is refused.\n");
}
