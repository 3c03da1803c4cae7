/* Part 6 of the benchmarks: the peak resident memory the shim adds to a
 * program. Each run forks, execs the program and reads the child's
 * ru_maxrss from wait4 (before exec the child holds only this program's
 * few anonymous pages, far fewer than the program's own), interleaving
 * the configurations; the figures are medians.
 *
 *   sf-bench-rss RUNS SHIM POLICY SF_RUN PROGRAM */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define MAX_RUNS 201
#define MAX_ENV 4096

extern char **environ;

enum config { R_BARE, R_SHIM, R_SFRUN, R_COUNT };

/* environ without the variables sf reads, plus extra (NULL-terminated). */
static char **env_with(char **extra)
{
	static char *env[MAX_ENV];
	size_t n = 0;

	for (char **e = environ; *e && n + 8 < MAX_ENV; e++)
		if (strncmp(*e, "LD_PRELOAD=", 11) && strncmp(*e, "SF_", 3))
			env[n++] = *e;
	for (; extra && *extra && n + 1 < MAX_ENV; extra++)
		env[n++] = *extra;
	env[n] = NULL;
	return env;
}

static double run(char *const argv[], char **env)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		execve(argv[0], argv, env);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		bench_die("%s did not exit with 0", argv[0]);
	return (double)ru.ru_maxrss;
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char bufs[4][256];
	static int next;
	char *b = bufs[next++ % 4];
	va_list ap;

	va_start(ap, f);
	vsnprintf(b, sizeof bufs[0], f, ap);
	va_end(ap);
	return b;
}

int main(int argc, char **argv)
{
	static double kb[R_COUNT][MAX_RUNS], added[MAX_RUNS];
	char preload[4096], policy[4096];
	int runs;

	if (argc != 6 || (runs = atoi(argv[1])) < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: sf-bench-rss RUNS(1..%d) SHIM POLICY SF_RUN PROGRAM\n",
			MAX_RUNS);
		return 2;
	}
	snprintf(preload, sizeof preload, "LD_PRELOAD=%s", argv[2]);
	snprintf(policy, sizeof policy, "SF_POLICY=%s", argv[3]);
	{
		char *extra[] = {preload, policy, NULL};
		char *bare[] = {argv[5], NULL};
		char *sfrun[] = {argv[4], (char *)"-p", argv[3], argv[5], NULL};
		char **plain_env = NULL, **shim_env = NULL;

		for (int r = 0; r < runs; r++) {
			plain_env = env_with(NULL);
			kb[R_BARE][r] = run(bare, plain_env);
			shim_env = env_with(extra);
			kb[R_SHIM][r] = run(bare, shim_env);
			plain_env = env_with(NULL);
			kb[R_SFRUN][r] = run(sfrun, plain_env);
			added[r] = kb[R_SHIM][r] - kb[R_BARE][r];
		}
	}
	bench_row("6", "peak RSS (KiB): program alone / with the shim / under sf-run",
		  fmt("%.0f / %.0f / %.0f", bench_median(kb[R_BARE], (size_t)runs),
		      bench_median(kb[R_SHIM], (size_t)runs),
		      bench_median(kb[R_SFRUN], (size_t)runs)),
		  "-", "info");
	bench_row("6", "peak RSS added by the shim",
		  fmt("%+.0f KiB", bench_median(added, (size_t)runs)), "-", "info");
	bench_note("memory: %s, ru_maxrss from wait4 of each child, median of %d interleaved "
		   "runs; the shim loads with SF_POLICY=%s.",
		   argv[5], runs, strrchr(argv[3], '/') ? strrchr(argv[3], '/') + 1 : argv[3]);
	return fflush(stdout) ? 1 : 0;
}
