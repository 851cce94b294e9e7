/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running the three kinds of measurer and reading what each reports. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/hist.h"
#include "../../lib/result.h"
#include "../../lib/time.h"
#include "bench.h"

/* How long a run may take: three times what it should, plus 30 s. */
static int64_t bench_limit_ns(int64_t interval_ns, uint64_t samples)
{
	return 3 * (int64_t)(samples + 10) * interval_ns + 30 * TL_NS_PER_S;
}

int bench_exec(char *const *argv, char *path, struct rusage *usage, int64_t limit_ns)
{
	int64_t deadline = tl_now_ns(CLOCK_MONOTONIC) + limit_ns;
	struct timespec pause = { 0, 20 * TL_NS_PER_MS };
	int fd, status;
	pid_t pid, done;

	strcpy(path, "/tmp/timerlab-bench-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fd, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd);
	if (pid < 0)
		return -1;
	while ((done = wait4(pid, &status, WNOHANG, usage)) == 0) {
		if (tl_now_ns(CLOCK_MONOTONIC) > deadline)
			kill(pid, SIGKILL);
		nanosleep(&pause, NULL);
	}
	if (done < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void bench_fail(struct bench_side *side, const char *what, int status)
{
	side->ok = false;
	snprintf(side->why, sizeof(side->why), "%s exited with status %d", what, status);
}

static void bench_from_hist(struct bench_side *side, const struct tl_hist *hist)
{
	side->p50_ns = tl_hist_percentile(hist, TL_P50);
	side->p99_ns = tl_hist_percentile(hist, TL_P99);
	side->samples = hist->count;
	side->ok = hist->count > 0;
	if (!side->ok)
		snprintf(side->why, sizeof(side->why), "no samples");
}

void bench_timerlab(const struct bench_config *config, const char *path, const char *arm,
		    int64_t interval_ns, uint64_t samples, struct bench_side *side)
{
	char interval[32], count[32], cpu[16], priority[16], file[64], why[512];
	char *argv[] = { (char *)config->timerlab,
			 "run",
			 "--path",
			 (char *)path,
			 "--clock",
			 "monotonic",
			 "--arm",
			 (char *)arm,
			 "--interval",
			 interval,
			 "--samples",
			 count,
			 "--rounds",
			 "1",
			 "--warmup",
			 "10",
			 "--cpu",
			 cpu,
			 "--priority",
			 priority,
			 "--out",
			 "-",
			 "--quiet",
			 NULL,
			 NULL,
			 NULL };
	struct tl_result result;
	struct rusage usage;
	int status;

	memset(side, 0, sizeof(*side));
	tl_duration_format(interval_ns, interval, sizeof(interval));
	snprintf(count, sizeof(count), "%llu", (unsigned long long)samples);
	snprintf(cpu, sizeof(cpu), "%d", config->cpu);
	snprintf(priority, sizeof(priority), "%d", config->priority);
	if (config->trace_over) {
		argv[sizeof(argv) / sizeof(argv[0]) - 3] = "--trace-over";
		argv[sizeof(argv) / sizeof(argv[0]) - 2] = (char *)config->trace_over;
	}
	status = bench_exec(argv, file, &usage, bench_limit_ns(interval_ns, samples));
	if (status != 0) {
		bench_fail(side, "timerlab", status);
	} else if (tl_result_load(file, &result, why, sizeof(why)) < 0) {
		snprintf(side->why, sizeof(side->why), "%s", why);
	} else {
		const struct tl_cell_result *cell =
			result.cell_count ? &result.cells[0] : NULL;

		side->ok =
			cell && cell->samples && !cell->error && cell->round_count == 1;
		if (side->ok) {
			side->p50_ns = cell->p50_ns;
			side->p99_ns = cell->p99_ns;
			side->samples = cell->samples;
			side->cpu_ns = cell->rounds[0].cpu_ns;
			side->max_rss_kb = cell->rounds[0].max_rss_kb;
			side->traced = result.env.traced;
		} else {
			snprintf(side->why, sizeof(side->why), "%s",
				 cell && cell->error ? cell->error : "no measured cell");
		}
		tl_result_free(&result);
	}
	unlink(file);
}

void bench_timerlab_traced(const struct bench_config *config, const char *path,
			   const char *arm, int64_t interval_ns, uint64_t samples,
			   struct bench_side *side)
{
	struct bench_config traced = *config;

	traced.trace_over = "500us";
	bench_timerlab(&traced, path, arm, interval_ns, samples, side);
	/* a run that could not trace measured the same as B: no comparison */
	if (side->ok && !side->traced) {
		side->ok = false;
		snprintf(side->why, sizeof(side->why),
			 "--trace-over could not trace here (root and tracefs needed)");
	}
}

/* "cpu_ns max_rss_kb missed" then one latency per line. */
static int bench_read_minimal(const char *file, struct bench_side *side,
			      struct tl_hist *hist)
{
	FILE *stream = fopen(file, "r");
	long long cpu_ns, rss_kb, missed, latency;

	if (!stream)
		return -errno;
	if (fscanf(stream, "%lld %lld %lld", &cpu_ns, &rss_kb, &missed) != 3) {
		fclose(stream);
		return -EINVAL;
	}
	side->cpu_ns = cpu_ns;
	side->max_rss_kb = rss_kb;
	while (fscanf(stream, "%lld", &latency) == 1)
		tl_hist_record(hist, latency);
	fclose(stream);
	return 0;
}

void bench_minimal(const struct bench_config *config, const char *path, const char *arm,
		   int64_t interval_ns, uint64_t samples, struct bench_side *side)
{
	char program[512], interval[32], count[32], cpu[16], priority[16], file[64];
	char *argv[] = { program, "monotonic", (char *)arm, interval, count,
			 "10",	  cpu,	       priority,    NULL };
	struct tl_hist *hist = malloc(sizeof(*hist));
	struct rusage usage;
	int status;

	memset(side, 0, sizeof(*side));
	snprintf(program, sizeof(program), "%s/minimal-%s", config->minimal_dir, path);
	snprintf(interval, sizeof(interval), "%lld", (long long)interval_ns);
	snprintf(count, sizeof(count), "%llu", (unsigned long long)samples);
	snprintf(cpu, sizeof(cpu), "%d", config->cpu);
	snprintf(priority, sizeof(priority), "%d", config->priority);
	if (!hist)
		return;
	tl_hist_init(hist);
	status = bench_exec(argv, file, &usage, bench_limit_ns(interval_ns, samples));
	if (status != 0)
		bench_fail(side, program, status);
	else if (bench_read_minimal(file, side, hist) < 0)
		snprintf(side->why, sizeof(side->why), "%s: unreadable output", program);
	else
		bench_from_hist(side, hist);
	unlink(file);
	free(hist);
}

/* cyclictest -N -h: "latency_ns count" lines (1 ns buckets) and a
 * "# Histogram Overflows:" count beyond the histogram's range. */
static int bench_read_cyclictest(const char *file, struct tl_hist *hist, int64_t range_ns)
{
	FILE *stream = fopen(file, "r");
	char line[256];
	long long value, count;

	if (!stream)
		return -errno;
	while (fgets(line, sizeof(line), stream)) {
		if (sscanf(line, "# Histogram Overflows: %lld", &count) == 1) {
			/* beyond the range: recorded at its edge, so the
			 * percentiles below it stay exact */
			for (long long i = 0; i < count; i++)
				tl_hist_record(hist, range_ns);
			continue;
		}
		if (line[0] == '#' || sscanf(line, "%lld %lld", &value, &count) != 2)
			continue;
		for (long long i = 0; i < count; i++)
			tl_hist_record(hist, value);
	}
	fclose(stream);
	return 0;
}

void bench_cyclictest(const struct bench_config *config, int64_t interval_ns,
		      uint64_t samples, struct bench_side *side)
{
	/* 1 ms of 1-ns buckets: 8 MB of counters, allocated before it measures */
	const int64_t range_ns = TL_NS_PER_MS;
	char interval[32], loops[32], cpu[16], priority[32], histogram[32], histfile[96],
		file[64];
	char *argv[] = { "cyclictest", "-m", priority,	cpu,  "-t1",	interval,
			 loops,	       "-N", histogram, "-q", histfile, NULL };
	struct tl_hist *hist = malloc(sizeof(*hist));
	struct rusage usage;
	int status;
	char hist_path[] = "/tmp/timerlab-bench-cyclictest-XXXXXX";
	int fd = mkstemp(hist_path);

	memset(side, 0, sizeof(*side));
	if (!hist || fd < 0) {
		free(hist);
		return;
	}
	close(fd);
	tl_hist_init(hist);
	snprintf(priority, sizeof(priority), "-p%d", config->priority);
	snprintf(cpu, sizeof(cpu), "-a%d", config->cpu);
	snprintf(interval, sizeof(interval), "-i%lld",
		 (long long)(interval_ns / TL_NS_PER_US));
	snprintf(loops, sizeof(loops), "-l%llu", (unsigned long long)samples);
	snprintf(histogram, sizeof(histogram), "-h%lld", (long long)range_ns);
	snprintf(histfile, sizeof(histfile), "--histfile=%s", hist_path);
	status = bench_exec(argv, file, &usage, bench_limit_ns(interval_ns, samples));
	if (status != 0)
		bench_fail(side, "cyclictest", status);
	else if (bench_read_cyclictest(hist_path, hist, range_ns) < 0)
		snprintf(side->why, sizeof(side->why), "cyclictest: no histogram");
	else
		bench_from_hist(side, hist);
	side->cpu_ns =
		tl_ns_from_timeval(&usage.ru_utime) + tl_ns_from_timeval(&usage.ru_stime);
	side->max_rss_kb = usage.ru_maxrss;
	unlink(file);
	unlink(hist_path);
	free(hist);
}
