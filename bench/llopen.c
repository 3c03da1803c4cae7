/* Part 4 of the benchmarks: nanoseconds per open and close of a file four
 * directories deep, with no Landlock domain and under the domain of a
 * policy's path rules (docker-like-paths: 20 rules), as the shim and
 * sf-run's entry-point stage enforce it. Landlock checks an open against
 * the rules of every directory on the way up, so depth is what costs.
 *
 *   sf-bench-llopen ROUNDS POLICY FILE
 *
 * A domain cannot be left, so each configuration runs in a child of its
 * own, in an order that rotates from round to round; the figures are
 * medians over the rounds. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "common.h"
#include "landlock.h"

#define BATCHES 5
#define ITERS 20000
#define WARMUP 2000
#define MAX_ROUNDS 101

struct job {
	const struct sf_landlock *rules; /* NULL: no domain */
	const char *file;
};

static double per_open(const char *file)
{
	double batch[BATCHES];

	for (int i = 0; i < WARMUP; i++)
		close(open(file, O_RDONLY | O_CLOEXEC));
	for (int b = 0; b < BATCHES; b++) {
		double t0 = bench_now_ns();
		for (int i = 0; i < ITERS; i++) {
			int fd = open(file, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				_exit(3);
			close(fd);
		}
		batch[b] = (bench_now_ns() - t0) / ITERS;
	}
	return bench_median(batch, BATCHES);
}

static void measure(const void *arg, void *out)
{
	const struct job *job = arg;
	char why[256];

	if (job->rules && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
			   sf_ll_enforce(job->rules, sf_ll_abi(0), 1, why, sizeof why)))
		_exit(4);
	*(double *)out = per_open(job->file);
}

int main(int argc, char **argv)
{
	static double ns[2][MAX_ROUNDS];
	struct sf_policy p;
	int rounds;

	if (argc != 4 || (rounds = atoi(argv[1])) < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: sf-bench-llopen ROUNDS(1..%d) POLICY FILE\n", MAX_ROUNDS);
		return 2;
	}
	bench_load(&p, argv[2]);
	if (!p.landlock.npaths)
		bench_die("%s has no path rules", argv[2]);
	if (!sf_ll_abi(0)) {
		bench_note("per open: skipped, the kernel has no Landlock.");
		return 0;
	}
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < 2; i++) {
			int c = (r + i) % 2;
			struct job job = {c ? &p.landlock : NULL, argv[3]};
			if (bench_in_child(measure, &job, &ns[c][r], sizeof ns[c][r]))
				bench_die("the %s child failed", c ? "Landlock" : "plain");
		}
	}
	double none = bench_median(ns[0], (size_t)rounds), ll = bench_median(ns[1], (size_t)rounds);
	char value[96];

	snprintf(value, sizeof value, "%.0f / %.0f (%+.0f)", none, ll, ll - none);
	bench_row("4", "open+close of a file 4 directories deep, ns: no domain / 20 path rules",
		  value, "-", "info");
	return 0;
}
