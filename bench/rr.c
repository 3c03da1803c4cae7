/* sf-bench-rr N A... -- B...: runs commands A and B one after the other,
 * N times each, round-robin (A, B, A, B, ...), after a few warm-up
 * pairs, and prints in microseconds the median time of A, of B, and the
 * median of the N differences A - B, each pair run back to back: what A
 * adds to B with the machine's drift cancelled pair by pair. A command
 * that fails stops the benchmark. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define WARMUP 20

extern char **environ;

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static double run(char **argv)
{
	double t = now_us();
	pid_t pid;
	int st;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) || waitpid(pid, &st, 0) != pid ||
	    !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "sf-bench-rr: %s failed\n", argv[0]);
		exit(1);
	}
	return now_us() - t;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	char **a = argv + 2, **b = NULL;
	double *ta, *tb, *diff;
	int n;

	for (int i = 2; i < argc && !b; i++)
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			b = argv + i + 1;
		}
	n = argc > 1 ? atoi(argv[1]) : 0;
	if (n < 1 || !b || !*a || !*b) {
		fprintf(stderr, "usage: sf-bench-rr N A... -- B...\n");
		return 2;
	}
	ta = malloc(n * sizeof *ta);
	tb = malloc(n * sizeof *tb);
	diff = malloc(n * sizeof *diff);
	if (!ta || !tb || !diff)
		return 1;
	for (int i = 0; i < WARMUP; i++) {
		run(a);
		run(b);
	}
	for (int i = 0; i < n; i++) {
		ta[i] = run(a);
		tb[i] = run(b);
		diff[i] = ta[i] - tb[i];
	}
	printf("%.1f %.1f %.1f\n", median(ta, n), median(tb, n), median(diff, n));
	return 0;
}
