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
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "common.h"

#define MAX_ROUNDS 201

enum kind { I_ONE, I_EXACT, I_BOTH, I_COUNT };

/* Microseconds to install progs[0..n) one after the other, as sf's
 * installer does (its flags), in a child; -1 on failure. */
static double timed_child(const struct sf_prog *const *progs, size_t n)
{
	int fds[2], status;
	double us = -1;
	pid_t pid;

	if (pipe(fds))
		bench_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		double t0;

		close(fds[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(4);
		t0 = bench_now_ns();
		for (size_t i = 0; i < n; i++) {
			struct sock_fprog fprog = {(unsigned short)progs[i]->len, progs[i]->insns};

			if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				    SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW,
				    &fprog))
				_exit(4);
		}
		us = (bench_now_ns() - t0) / 1000;
		/* write is allowed by every filter measured here (docker-like). */
		_exit(write(fds[1], &us, sizeof us) == (ssize_t)sizeof us ? 0 : 5);
	}
	close(fds[1]);
	if (read(fds[0], &us, sizeof us) != (ssize_t)sizeof us)
		us = -1;
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return us;
}

int main(int argc, char **argv)
{
	static double us[I_COUNT][MAX_ROUNDS];
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sf_prog one = {&allow, 1}, exact, pre;
	const struct sf_prog *sets[I_COUNT][2] = {{&one}, {&exact}, {&pre, &exact}};
	const size_t counts[I_COUNT] = {1, 1, 2};
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

			us[k][r] = timed_child(sets[k], counts[k]);
			if (us[k][r] < 0)
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
	       "fresh children of one seccomp() call (two for the stacked pair) with sf's flags. "
	       "It is the kernel's own work on a filter: checking, converting to eBPF, JIT "
	       "compiling, and precomputing the action cache.\n",
	       rounds);
	return 0;
}
