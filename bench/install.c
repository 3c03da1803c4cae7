/* Part 4 of the benchmarks, the kernel's share of start-up: how long
 * seccomp(SECCOMP_SET_MODE_FILTER) takes for a one-instruction program, for
 * the policy's exact filter, and for the pre-exec and exact filters stacked
 * as sf-run leaves a program. No shim can start a program faster than its
 * dynamic loader plus these calls.
 *
 *   sf-bench-install ROUNDS POLICY [TRUE_US]
 *
 * A filter cannot be removed, so every timing runs in a fresh child (a
 * fresh filter stack, as at exec); figures are medians over the rounds.
 * TRUE_US, /bin/true's start-up in µs from the same run, adds a row giving
 * the exact filter's install as a share of it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include "common.h"

#define MAX_ROUNDS 201

enum kind { I_ONE, I_EXACT, I_BOTH, I_COUNT };

struct set {
	const struct sf_prog *progs[2];
	size_t n;
};

/* In a child: microseconds to install the set's programs one after the
 * other as sf's installer does (bench_install). */
static void timed_install(const void *arg, void *out)
{
	const struct set *set = arg;
	double t0 = bench_now_ns();

	for (size_t i = 0; i < set->n; i++)
		if (bench_install(set->progs[i]))
			_exit(4);
	*(double *)out = (bench_now_ns() - t0) / 1000;
}

int main(int argc, char **argv)
{
	static double us[I_COUNT][MAX_ROUNDS];
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sf_prog one = {&allow, 1}, exact, pre;
	const struct set sets[I_COUNT] = {{{&one}, 1}, {{&exact}, 1}, {{&pre, &exact}, 2}};
	double med[I_COUNT], true_us = argc > 3 ? atof(argv[3]) : 0;
	struct sf_policy p;
	int rounds;

	if (argc < 3 || argc > 4 || (rounds = atoi(argv[1])) < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: sf-bench-install ROUNDS(1..%d) POLICY [TRUE_US]\n",
			MAX_ROUNDS);
		return 2;
	}
	bench_load(&p, argv[2]);
	bench_compile(&p, &exact);
	bench_widen(&p);
	bench_compile(&p, &pre);
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < I_COUNT; i++) {
			enum kind k = (enum kind)((r + i) % I_COUNT);

			/* docker-like allows the child's write and exit_group. */
			if (bench_in_child(timed_install, &sets[k], &us[k][r], sizeof us[k][r]))
				bench_die("a child could not install its filters");
		}
	for (int k = 0; k < I_COUNT; k++)
		med[k] = bench_median(us[k], (size_t)rounds);
	printf("ROW\t4\tkernel: installing a filter, µs: 1 instruction / docker-like exact (%zu "
	       "insns) / pre-exec (%zu) + exact\t%.0f / %.0f / %.0f\t-\tinfo\n",
	       exact.len, pre.len, med[I_ONE], med[I_EXACT], med[I_BOTH]);
	if (true_us > 0)
		printf("ROW\t4\tkernel: installing docker-like's exact filter ÷ /bin/true's "
		       "start-up\t%.2f\t-\tinfo\n",
		       med[I_EXACT] / true_us);
	printf("NOTE\tkernel install (bench/install.c): each figure is the median over %d "
	       "fresh children of no_new_privs and one seccomp() call (two for the stacked pair) "
	       "with sf's flags. "
	       "It is the kernel's own work on a filter: checking, converting to eBPF, JIT "
	       "compiling, and precomputing the action cache.\n",
	       rounds);
	return 0;
}
