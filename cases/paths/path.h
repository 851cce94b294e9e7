/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A path: one way for a program to create a timer and wait for it. Each path
 * lives in cases/paths/<name>.c, exports one const struct tl_path, and is
 * listed in cases/paths/path-list.h (cases/README.md says how to add one).
 * The measurement loop (harness/loop.c) is written once
 * and drives every path through these four calls; a path supplies only its
 * mechanism.
 *
 * Choices the words of cases/README.md leave open:
 * - A path without a choice of waiting mechanism has variants == NULL
 *   (shown as "-", left out of the cell key).
 * - signals lists the signals a path can deliver, default first; NULL for
 *   paths that deliver none. The key carries the signal whenever the path
 *   has one (posix-timer:handler:rtmin, setitimer:handler:alrm).
 * - Path state is private to the path's file: open() points probe->state at
 *   it. One process measures one cell at a time (the runner forks a child
 *   per cell and round), so a path may keep that state in a static.
 * - What a mechanism cannot do natively but the path emulates is a flag
 *   per arm (TL_PATH_EMULATES), so that every output can say so.
 * - A mechanism that arms only in coarse steps (alarm: whole seconds) says
 *   so in granularity_ns; the plan (harness/plan.c) rounds the interval up
 *   to it rather than refusing the cell.
 */
#ifndef TL_PATH_H
#define TL_PATH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

enum tl_arm {
	TL_ARM_ABS, /* expiry k armed at start + k x interval */
	TL_ARM_REL, /* each expiry armed as a delay of one interval */
	TL_ARM_PERIODIC, /* armed once, reloaded by the kernel */
};
#define TL_ARM_COUNT 3

struct tl_path;

/* The unit that is measured, reported and compared. */
struct tl_cell {
	const struct tl_path *path;
	unsigned variant; /* index into path->variants; 0 when it has none */
	unsigned signal; /* index into path->signals; 0 when it has none */
	clockid_t clock;
	enum tl_arm arm;
	int64_t interval_ns;
};

/*
 * The page shared between a measuring child and the runner. The child only
 * stores to it (relaxed atomics: a plain mov on x86), the runner only reads,
 * so the loop never writes to a file or a pipe while it measures.
 */
struct tl_shared {
	_Atomic uint64_t wakes; /* wakeups so far, warm-up included */
	_Atomic uint64_t stray; /* signals that served no deadline of ours */
};

struct tl_probe {
	struct tl_cell cell;
	void *state; /* the path's own, set by open() */
	struct tl_shared *shared;
};

/* What one wakeup tells the loop. */
struct tl_wake {
	int64_t wake_ns; /* first instruction after the wake, cell's clock */
	uint64_t expirations; /* deadlines this wake serves, >= 1 */
};

/*
 * An arm the mechanism does not have, which the path emulates: the cell and
 * every output say "abs (emulated)", "periodic (emulated)". setitimer takes
 * only delays: abs is armed as deadline - now, rounded up to the
 * microsecond, and periodic's first expiry the same way, so the kernel's
 * schedule sits a constant offset (under 1 us of round-up plus the time
 * from the loop's clock read to the kernel's) after the loop's deadlines:
 * latency is over-stated by it, never under.
 */
#define TL_PATH_EMULATES(arm) (1u << (arm))

struct tl_path {
	const char *name; /* "timerfd" */
	const char *summary; /* one line for `timerlab list` */
	const char *const *variants; /* NULL-terminated, default first, or NULL */
	const char *const *signals; /* NULL-terminated, default first, or NULL */
	unsigned flags; /* TL_PATH_EMULATES(arm) for each arm emulated */
	/*
	 * The step the mechanism arms in, or 0 for any interval. The plan
	 * rounds a finer --interval up to it; a cell coarsened that way runs
	 * at most 3 samples and no warm-up, unless --path names the path and
	 * the sample count was asked for (alarm: whole seconds, so a default
	 * run stays short).
	 */
	int64_t granularity_ns;
	/* NULL if the cell can be measured, else why not ("alarm: whole seconds,
	 * no abs"). Called in the runner, before any child exists. */
	const char *(*unsupported)(const struct tl_cell *cell);
	/* Create the timer, install handlers; 0 or -errno. */
	int (*open)(struct tl_probe *probe);
	/*
	 * abs: arm for the absolute deadline; rel: arm a delay of one interval
	 * (the loop read the clock right before this call and set deadline_ns
	 * to that time + interval); periodic: called once, first expiry at
	 * deadline_ns (absolute where the mechanism allows), then every
	 * interval. 0 or -errno.
	 */
	int (*arm)(struct tl_probe *probe, int64_t deadline_ns);
	/* Block until the timer wakes us; fill in *wake. 0 or -errno. Signals
	 * or events that serve no deadline of ours are counted in
	 * shared->stray and waited past, never returned as a wake. */
	int (*wait)(struct tl_probe *probe, struct tl_wake *wake);
	/* Undo open: timers deleted, handlers, masks and fds restored. */
	void (*close)(struct tl_probe *probe);
};

#endif
