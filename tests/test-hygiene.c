/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Resource hygiene: a run of hundreds of cells leaves timerlab's open
 * descriptors and children as they were, cell after cell.
 *
 * No hook in timerlab: the test watches the real program from outside,
 * polling /proc/<pid>/fd and /proc/<pid>/task/<tid>/children every half
 * millisecond while it runs. Each measuring child (a fork of timerlab, same
 * comm) marks a cell; for each, the fewest descriptors the parent held while
 * it ran, and what they were, but for the pipes and sockets made during that
 * cell (its pipe to the child is open for all but a moment of it); one made
 * in an earlier cell and still open counts. The last cells must show the set
 * the first cells showed, so a descriptor lost per cell shows as hundreds
 * (a dup() or a pipe() leaked on purpose in each cell does); at no moment may
 * two measuring children live at once (one outliving its cell); and when
 * the run is over, no orphan is left (the test is a child subreaper, so one
 * would be its child).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/result.h"
#include "processes.h"
#include "tests.h"
#include "tree.h"

#define HYGIENE_CHILDREN 2048 /* room for the run's measuring children */
#define HYGIENE_WINDOW 10 /* cells at each end compared */
#define HYGIENE_INODES 8192 /* pipes and sockets told apart */

/* One measuring child, as the parent's descriptors were while it ran. */
struct hygiene_cell {
	pid_t child;
	int fewest_fds; /* of those that were open before the cell began */
	char fds[1024]; /* the set at that moment, "0:/dev/null 3:pipe ..." */
};

/* A pipe or socket, by inode, and the cell it was first seen in. */
struct hygiene_inode {
	unsigned long inode;
	size_t cell;
};

struct hygiene_watch {
	pid_t pid;
	int progress_fd; /* its stderr, where "measuring" starts the cells */
	bool measuring;
	bool between_cells; /* measuring, and no child at this look */
	char said[256]; /* the line being read */
	size_t said_length;
	struct hygiene_cell *cells;
	size_t cell_count;
	struct hygiene_inode *inodes;
	size_t inode_count;
	int most_fds, most_children, observations;
	int first_count, last_count; /* at the first look (about the exec), the last */
};

/* Whether a pipe or socket target ("pipe:[123]") was first seen in the cell
 * being measured: the cell's own, which a cell opens and closes each time.
 * One opened in an earlier cell and still open is a leak: it stays. */
static bool hygiene_new_in_cell(struct hygiene_watch *watch, const char *target)
{
	const char *bracket = strchr(target, '[');
	unsigned long inode;

	if (!bracket ||
	    (strncmp(target, "pipe:", 5) != 0 && strncmp(target, "socket:", 7) != 0))
		return false;
	inode = strtoul(bracket + 1, NULL, 10);
	for (size_t i = 0; i < watch->inode_count; i++)
		if (watch->inodes[i].inode == inode)
			return watch->measuring &&
			       watch->inodes[i].cell == watch->cell_count;
	/* one made between two cells is the next one's */
	if (watch->inode_count < HYGIENE_INODES)
		watch->inodes[watch->inode_count++] =
			(struct hygiene_inode){ inode, watch->cell_count +
							       watch->between_cells };
	return watch->measuring && !watch->between_cells;
}

/*
 * The process's descriptors in fd order, into set, but for the pipes and
 * sockets of the cell being measured (the cell's pipe is open for all but
 * a moment of it); a pipe's inode is left out, as it is new each time.
 * Returns how many it holds in all, or -1 when it is gone; kept is how many
 * are in set.
 */
static int hygiene_fds(struct hygiene_watch *watch, char *set, size_t size, int *kept)
{
	char path[64], link[384], target[256];
	struct dirent **entries;
	int count, used = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)watch->pid);
	count = scandir(path, &entries, NULL, versionsort);
	set[0] = '\0';
	*kept = 0;
	if (count < 0)
		return -1;
	for (int i = 0; i < count; i++) {
		const char *name = entries[i]->d_name;
		ssize_t n;

		snprintf(link, sizeof(link), "%s/%s", path, name);
		n = name[0] == '.' ? -1 : readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		if (n > 0 && !hygiene_new_in_cell(watch, target)) {
			if (strchr(target, '['))
				*strchr(target, '[') = '\0';
			used += snprintf(set + used,
					 used < (int)size ? size - (size_t)used : 0,
					 "%s:%s ", name, target);
			++*kept;
		}
		free(entries[i]);
	}
	free(entries);
	return count - 2; /* "." and ".." */
}

/* Whether pid's comm is comm. */
static bool hygiene_comm_is(pid_t pid, const char *comm)
{
	char path[64], seen[64] = "";
	FILE *file;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	file = fopen(path, "r");
	if (file) {
		if (fgets(seen, sizeof(seen), file))
			seen[strcspn(seen, "\n")] = '\0';
		fclose(file);
	}
	return strcmp(seen, comm) == 0;
}

/* pid's children that are timerlab's own forks, up to capacity; how many
 * (a gzip or gnuplot it runs is not one). */
static int hygiene_children(pid_t pid, pid_t *children, int capacity)
{
	char path[64], comm[64] = "timerlab";
	int count = 0, child;
	DIR *tasks;
	struct dirent *task;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	tasks = opendir(path);
	while (tasks && (task = readdir(tasks))) {
		char file_path[384];
		FILE *file;

		if (task->d_name[0] == '.')
			continue;
		snprintf(file_path, sizeof(file_path), "/proc/%d/task/%s/children",
			 (int)pid, task->d_name);
		file = fopen(file_path, "r");
		while (file && fscanf(file, "%d", &child) == 1)
			if (hygiene_comm_is(child, comm) && count < capacity)
				children[count++] = child;
		if (file)
			fclose(file);
	}
	if (tasks)
		closedir(tasks);
	return count;
}

/* One look at the process. */
static void hygiene_observe(struct hygiene_watch *watch)
{
	char set[1024];
	pid_t children[8];
	int count = hygiene_children(watch->pid, children, 8), kept;
	struct hygiene_cell *cell =
		watch->cell_count ? &watch->cells[watch->cell_count - 1] : NULL;

	/* a new child: a new cell, before its pipe is looked at */
	if (count == 1 && watch->measuring && (!cell || cell->child != children[0]) &&
	    watch->cell_count < HYGIENE_CHILDREN) {
		cell = &watch->cells[watch->cell_count++];
		cell->child = children[0];
		cell->fewest_fds = INT_MAX;
	}
	watch->between_cells = watch->measuring && count == 0;
	int fds = hygiene_fds(watch, set, sizeof(set), &kept);
	if (fds < 0)
		return;
	watch->observations++;
	if (watch->observations == 1)
		watch->first_count = fds;
	watch->last_count = fds;
	if (count > watch->most_children)
		watch->most_children = count;
	if (count != 1 || !watch->measuring || cell->child != children[0])
		return; /* the forks that probe the machine come first */
	if (fds > watch->most_fds)
		watch->most_fds = fds;
	if (kept < cell->fewest_fds) {
		cell->fewest_fds = kept;
		snprintf(cell->fds, sizeof(cell->fds), "%s", set);
	}
}

/* What timerlab said on stderr so far: from when it says it is measuring
 * to its last cell's progress line, the children are the cells'. */
static void hygiene_listen(struct hygiene_watch *watch)
{
	char chunk[4096];
	ssize_t n;

	while ((n = read(watch->progress_fd, chunk, sizeof(chunk))) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] != '\n') {
				if (watch->said_length < sizeof(watch->said) - 1)
					watch->said[watch->said_length++] = chunk[i];
				continue;
			}
			watch->said[watch->said_length] = '\0';
			watch->said_length = 0;
			unsigned long done, of;
			if (strncmp(watch->said, "timerlab: measuring ", 20) == 0)
				watch->measuring = true;
			/* after the last cell, what forks is no cell's (the leak
			 * checker of a sanitizer build clones itself at exit) */
			if (sscanf(watch->said, "timerlab: [%lu/%lu]", &done, &of) == 2 &&
			    done == of)
				watch->measuring = false;
		}
}

/* The cells of a window: the one with the fewest descriptors. */
static const struct hygiene_cell *hygiene_fewest(const struct hygiene_watch *watch,
						 size_t from, size_t to)
{
	const struct hygiene_cell *best = &watch->cells[from];

	for (size_t i = from; i < to; i++)
		if (watch->cells[i].fewest_fds < best->fewest_fds)
			best = &watch->cells[i];
	return best;
}

static void test_hundreds_of_cells(void)
{
	const char *program = getenv("TIMERLAB") ? getenv("TIMERLAB") : "build/timerlab";
	char out[] = "/tmp/timerlab-hygiene-XXXXXX", path[300], why[512];
	struct hygiene_watch watch = { 0 };
	struct tl_result result;
	size_t measured = 0;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	watch.cells = calloc(HYGIENE_CHILDREN, sizeof(*watch.cells));
	watch.inodes = calloc(HYGIENE_INODES, sizeof(*watch.inodes));
	CU_ASSERT_FATAL(watch.cells && watch.inodes);
	int progress[2];
	CU_ASSERT_FATAL(pipe2(progress, O_CLOEXEC) == 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(NULL);
	watch.pid = fork();
	CU_ASSERT_FATAL(watch.pid >= 0);
	if (watch.pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		dup2(null, STDOUT_FILENO);
		dup2(progress[1], STDERR_FILENO);
		/* every path but alarm (whole seconds), every variant, clock and
		 * arm, three intervals: about 430 cells of 3 samples */
		execl(program, program, "run", "--path",
		      "clock-nanosleep,timerfd,posix-timer,setitimer", "--variants",
		      "all", "--clock", "all", "--arm", "all", "--interval",
		      "100us,200us,300us", "--samples", "3", "--warmup", "1", "--rounds",
		      "1", "--format", "table,json", "--out", out, (char *)NULL);
		_exit(127);
	}
	close(progress[1]);
	watch.progress_fd = progress[0];
	fcntl(watch.progress_fd, F_SETFL, O_NONBLOCK);
	while (waitpid(watch.pid, &status, WNOHANG) != watch.pid) {
		struct timespec tick = { 0, 500000 };

		hygiene_listen(&watch);
		hygiene_observe(&watch);
		nanosleep(&tick, NULL);
	}
	close(watch.progress_fd);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL(processes_strays(true), 0);
	prctl(PR_SET_CHILD_SUBREAPER, 0);

	snprintf(path, sizeof(path), "%s/latest/result.json", out);
	CU_ASSERT_EQUAL_FATAL(tl_result_load(path, &result, why, sizeof(why)), 0);
	for (size_t i = 0; i < result.cell_count; i++)
		measured += !result.cells[i].unsupported && result.cells[i].samples == 3;
	tl_result_free(&result);
	CU_ASSERT(measured >= 300);
	/* a child per measured cell, and most of them seen */
	CU_ASSERT(watch.cell_count >= measured / 2);
	CU_ASSERT(watch.cell_count <= measured);
	CU_ASSERT_EQUAL(watch.most_children, 1);
	CU_ASSERT_FATAL(watch.cell_count >= 2 * HYGIENE_WINDOW);

	const struct hygiene_cell *first = hygiene_fewest(&watch, 0, HYGIENE_WINDOW);
	const struct hygiene_cell *last = hygiene_fewest(
		&watch, watch.cell_count - HYGIENE_WINDOW, watch.cell_count);
	fprintf(stderr,
		"(%zu cells measured, %zu children seen in %d looks; parent fds: %d at start, %d at the first cells, %d at the last, at most %d, %d at exit; at most %d child at once) ",
		measured, watch.cell_count, watch.observations, watch.first_count,
		first->fewest_fds, last->fewest_fds, watch.most_fds, watch.last_count,
		watch.most_children);
	if (strcmp(first->fds, last->fds) != 0)
		fprintf(stderr, "\nfirst cells: %s\nlast cells:  %s\n", first->fds,
			last->fds);
	CU_ASSERT_EQUAL(first->fewest_fds, last->fewest_fds);
	CU_ASSERT_STRING_EQUAL(first->fds, last->fds);
	/* a cell's pipe, and its ends while the child starts */
	CU_ASSERT(watch.most_fds <= first->fewest_fds + 3);
	/* what it started with is all it holds while it measures, but for
	 * the cell's pipe and what the run holds open throughout */
	CU_ASSERT(first->fewest_fds <= watch.first_count + 3);
	free(watch.cells);
	free(watch.inodes);
	tree_remove(out);
}

void tests_hygiene(void)
{
	CU_pSuite suite = tests_suite("hygiene");

	CU_add_test(suite, "hundreds of cells: no descriptor or child left behind",
		    test_hundreds_of_cells);
	tests_hygiene_left_as_found(suite);
}
