/* Part 3 of the benchmarks: nanoseconds per system call under no filter,
 * under sf's filters as sf-run leaves them (the widened filter installed
 * after exec, and the exact one at the entry point unless it is the same
 * program), under sf's exact filter alone, and under the same rules built
 * with libseccomp's binary tree.
 *
 *   sf-bench-nscall ROUNDS POLICY
 *
 * Filters cannot be removed, so each configuration runs in a child of its
 * own; a round forks one child per configuration, in an order that rotates
 * from round to round, and the figures are medians over the rounds. Every
 * filter is installed with SECCOMP_FILTER_FLAG_SPEC_ALLOW (libseccomp:
 * SCMP_FLTATR_CTL_SSB=1) and TSYNC, the flags sf's installer uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"
#include "lsc.h"

#define BATCHES 5
#define ITERS 20000
#define WARMUP 2000
#define MAX_ROUNDS 101

enum config { C_NONE, C_SF, C_SF_EXACT, C_LSC, C_COUNT };
enum call { K_GETPPID, K_PERSONALITY, K_COUNT };

static const char *const config_name[C_COUNT] = {"no filter", "sf as sf-run leaves it",
						 "sf exact alone", "libseccomp tree"};

struct filters {
	struct sf_prog pre, exact;
	int same; /* sf-run installs the exact program only when it differs */
	struct bench_lsc *lsc;
};

static long call(enum call k)
{
	if (k == K_GETPPID)
		return syscall(SYS_getppid);
	return syscall(SYS_personality, (unsigned long)0xffffffffu);
}

static double per_call(enum call k)
{
	double batch[BATCHES];

	for (int i = 0; i < WARMUP; i++)
		call(k);
	for (int b = 0; b < BATCHES; b++) {
		double t0 = bench_now_ns();
		for (int i = 0; i < ITERS; i++)
			if (call(k) < 0)
				_exit(3);
		batch[b] = (bench_now_ns() - t0) / ITERS;
	}
	return bench_median(batch, BATCHES);
}

static void install(enum config c, const struct filters *f)
{
	switch (c) {
	case C_SF:
		if (bench_install(&f->pre) || (!f->same && bench_install(&f->exact)))
			_exit(4);
		break;
	case C_SF_EXACT:
		if (bench_install(&f->exact))
			_exit(4);
		break;
	case C_LSC:
		if (bench_lsc_load(f->lsc))
			_exit(4);
		break;
	default:
		break;
	}
}

struct job {
	enum config config;
	const struct filters *filters;
};

/* In a child: install the configuration's filters and time each call. */
static void measure(const void *arg, void *out)
{
	const struct job *job = arg;
	double *ns = out;

	install(job->config, job->filters);
	for (int k = 0; k < K_COUNT; k++)
		ns[k] = per_call((enum call)k);
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char bufs[8][256];
	static int next;
	char *b = bufs[next++ % 8];
	va_list ap;

	va_start(ap, f);
	vsnprintf(b, sizeof bufs[0], f, ap);
	va_end(ap);
	return b;
}

int main(int argc, char **argv)
{
	static double ns[C_COUNT][K_COUNT][MAX_ROUNDS], ratio[K_COUNT][MAX_ROUNDS],
	    alone[MAX_ROUNDS], cached[MAX_ROUNDS];
	double med[C_COUNT][K_COUNT];
	const char *call_name[K_COUNT] = {"getppid (cache-served)", "personality(0xffffffff)"};
	struct sf_policy p;
	struct filters f;
	char why[256];
	int rounds, nconf = C_COUNT;

	if (argc != 3 || (rounds = atoi(argv[1])) < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: sf-bench-nscall ROUNDS(1..%d) POLICY\n", MAX_ROUNDS);
		return 2;
	}
	bench_load(&p, argv[2]);
	bench_compile(&p, &f.exact);
	f.lsc = bench_lsc_build(&p, why, sizeof why);
	if (!f.lsc) {
		nconf = C_LSC;
		if (!bench_lsc_available())
			bench_note("ns/call: the libseccomp column is skipped: <seccomp.h> was not "
				   "found when bench.mk ran (install libseccomp-dev).");
		else
			bench_note("ns/call: no %s column: %s.", bench_lsc_name(), why);
	}
	bench_widen(&p);
	bench_compile(&p, &f.pre);
	f.same = f.pre.len == f.exact.len &&
		 !memcmp(f.pre.insns, f.exact.insns, f.pre.len * sizeof *f.pre.insns);

	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nconf; i++) {
			enum config c = (enum config)((r + i) % nconf);
			double out[K_COUNT];
			struct job job = {c, &f};
			if (bench_in_child(measure, &job, out, sizeof out))
				bench_die("the %s child failed", config_name[c]);
			for (int k = 0; k < K_COUNT; k++)
				ns[c][k][r] = out[k];
		}
		for (int k = 0; k < K_COUNT; k++)
			ratio[k][r] = nconf > C_LSC ? ns[C_SF][k][r] / ns[C_LSC][k][r] : 0;
		alone[r] = nconf > C_LSC
			       ? ns[C_SF_EXACT][K_PERSONALITY][r] / ns[C_LSC][K_PERSONALITY][r]
			       : 0;
		cached[r] = ns[C_SF][K_GETPPID][r] / ns[C_NONE][K_GETPPID][r];
	}
	for (int c = 0; c < nconf; c++)
		for (int k = 0; k < K_COUNT; k++)
			med[c][k] = bench_median(ns[c][k], (size_t)rounds);

	for (int k = 0; k < K_COUNT; k++) {
		if (nconf > C_LSC)
			bench_row(
			    "3",
			    fmt("%s ns/call: no filter / sf as sf-run leaves it / sf exact alone / "
				"libseccomp tree",
				call_name[k]),
			    fmt("%.0f / %.0f / %.0f / %.0f", med[C_NONE][k], med[C_SF][k],
				med[C_SF_EXACT][k], med[C_LSC][k]),
			    "-", "info");
		else
			bench_row(
			    "3",
			    fmt("%s ns/call: no filter / sf as sf-run leaves it / sf exact alone",
				call_name[k]),
			    fmt("%.0f / %.0f / %.0f", med[C_NONE][k], med[C_SF][k],
				med[C_SF_EXACT][k]),
			    "-", "info");
	}
	bench_row("3", "getppid: sf as sf-run leaves it ÷ no filter",
		  fmt("%.2f×", bench_median(cached, (size_t)rounds)), "-", "info");
	bench_row(
	    "3", "personality(0xffffffff): sf-run -p adds, ns (filters as sf-run leaves them)",
	    fmt("+%.0f (%s)", med[C_SF][K_PERSONALITY] - med[C_NONE][K_PERSONALITY],
		f.same ? "one filter: widened = exact" : "two filters"),
	    "≤ +45", bench_verdict(med[C_SF][K_PERSONALITY] - med[C_NONE][K_PERSONALITY], 45));
	if (nconf > C_LSC) {
		double m = bench_median(ratio[K_PERSONALITY], (size_t)rounds);
		bench_row("3", "getppid: sf as sf-run leaves it ÷ libseccomp tree",
			  fmt("%.2f×", bench_median(ratio[K_GETPPID], (size_t)rounds)), "-",
			  "info");
		bench_row("3", "personality(0xffffffff): sf exact alone ÷ libseccomp tree",
			  fmt("%.2f×", bench_median(alone, (size_t)rounds)), "-", "info");
		bench_row("3", "personality(0xffffffff): sf as sf-run leaves it ÷ libseccomp tree",
			  fmt("%.2f×", m), "≤ 1.10×", bench_verdict(m, 1.10));
	} else {
		bench_row("3", "personality(0xffffffff): sf as sf-run leaves it ÷ libseccomp tree",
			  "skipped", "≤ 1.10×", "skipped");
	}
	bench_note("ns/call: median over %d rounds; each child times %d batches of %d calls "
		   "after %d warm-up calls and reports its median batch. Ratios are medians of "
		   "the per-round ratios.",
		   rounds, BATCHES, ITERS, WARMUP);
	sf_prog_free(&f.pre);
	sf_prog_free(&f.exact);
	bench_lsc_free(f.lsc);
	sf_policy_free(&p);
	return fflush(stdout) ? 1 : 0;
}
