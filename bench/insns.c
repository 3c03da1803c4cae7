/* Parts 1 and 2 of the benchmarks: instructions sf's filter executes per
 * syscall (sf's emulator over every syscall number of the native arch),
 * and what the kernel's seccomp action cache proves constant-allow.
 *
 *   sf-bench-insns [-t] [-c] [-l] LABEL POLICY
 *
 * -t holds the allowed calls to the docker-like targets, -c adds the cache
 * analysis, -l the same rules built by libseccomp's binary tree. A policy
 * with @frequency hints also gets its ten hottest calls measured. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "dispatch.h"
#include "lsc.h"
#include "probe.h"
#include "bound.h"

#define MAX_CALLS 1024

struct summary {
	size_t n, worst;
	const char *worst_name;
	double mean;
};

static void summarize(const struct cost *c, size_t n, int which, struct summary *s)
{
	double total = 0;

	memset(s, 0, sizeof(*s));
	s->worst_name = "-";
	for (size_t i = 0; i < n; i++) {
		if (which >= 0 && c[i].allowed != which)
			continue;
		s->n++;
		total += (double)c[i].insns;
		if (c[i].insns > s->worst) {
			s->worst = c[i].insns;
			s->worst_name = c[i].name;
		}
	}
	s->mean = s->n ? total / (double)s->n : 0;
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];
	va_list ap;

	va_start(ap, f);
	vsnprintf(b, sizeof bufs[0], f, ap);
	va_end(ap);
	return b;
}

/* "7:12 8:150 9:126": how many calls take each count. */
static void histogram(char *out, size_t size, const size_t *vals, size_t n)
{
	size_t len = 0, max = 0;

	out[0] = 0;
	for (size_t i = 0; i < n; i++)
		if (vals[i] > max)
			max = vals[i];
	for (size_t v = 0; v <= max && len < size; v++) {
		size_t count = 0;
		for (size_t i = 0; i < n; i++)
			count += vals[i] == v;
		if (count)
			len += (size_t)snprintf(out + len, size - len, "%s%zu:%zu", len ? " " : "",
						v, count);
	}
}

static size_t log2_ceil(size_t n)
{
	size_t d = 0;

	while (((size_t)1 << d) < n)
		d++;
	return d;
}

static void shape_note(const char *label, const struct sf_prog *prog, const struct cost *c,
		       size_t n)
{
	uint32_t arch = sf_arch_info(sf_arch_native())->audit_arch;
	size_t *paths = calloc(n, sizeof(*paths)), *depths = calloc(n, sizeof(*depths));
	size_t k = 0, jumps, wl = 0, wmax = 0;
	char hp[512], hd[512], worst[512];
	struct intervals iv;
	struct bounds best;

	if (!paths || !depths)
		bench_die("out of memory");
	dispatch_intervals(prog, arch, &iv);
	for (size_t i = 0; i < n; i++) {
		if (!c[i].allowed)
			continue;
		dispatch_leaf(prog, arch, c[i].nr, &jumps);
		paths[k] = c[i].insns;
		depths[k++] = jumps;
		if (c[i].insns > wmax)
			wmax = c[i].insns;
	}
	worst[0] = 0;
	for (size_t i = 0; i < n; i++)
		if (c[i].allowed && c[i].insns == wmax && wl < sizeof worst)
			wl += (size_t)snprintf(worst + wl, sizeof worst - wl, "%s%s",
					       wl ? ", " : "", c[i].name);
	histogram(hp, sizeof hp, paths, k);
	histogram(hd, sizeof hd, depths, k);
	bench_note("%s: %zu instructions. The dispatch on nr tells apart %zu intervals of "
		   "numbers: %zu end in ret ALLOW, %zu in argument checks, %zu in other rets "
		   "(a tree of %zu leaves is %zu jumps deep somewhere; %zu allowed leaves alone "
		   "need %zu). Fixed cost of any call: ld arch, jeq arch, ld nr, and the ret.",
		   label, prog->len, iv.total, iv.allow, iv.checked, iv.other, iv.total,
		   log2_ceil(iv.total), iv.allow + iv.checked, log2_ceil(iv.allow + iv.checked));
	if (tree_bounds(prog, &iv, c, n, NULL, &best))
		bench_note("%s, bounds for these intervals and this code after the dispatch: the "
			   "best alphabetic tree (jge splits only) weighted by allowed calls gives "
			   "allowed mean %.2f "
			   "(this one: %.2f); the best tree for the allowed worst gives %zu (this "
			   "one: %zu). Reaching them is a matter of tree shape; going below them "
			   "takes fewer intervals, cheaper code after the dispatch or tests other "
			   "than jge.",
			   label, best.mean, best.cur_mean, best.worst, best.cur_worst);
	dispatch_intervals_free(&iv);
	bench_note("%s, allowed calls: instructions executed {insns:calls} = {%s}; jumps on "
		   "nr {jumps:calls} = {%s}; worst: %s.",
		   label, hp, hd, worst);
	free(paths);
	free(depths);
}

static int cmp_freq(const void *a, const void *b)
{
	const struct sf_freq *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

/* The least sum of count x depth over leaves of any binary tree that has
 * one leaf per count and one more (count 0) for everything else: Huffman's
 * code, which Kraft's inequality bounds every tree by. */
static double huffman_cost(double *w, size_t n)
{
	double cost = 0;

	while (n > 1) {
		size_t a = 0, b = 1, i;

		if (w[b] < w[a])
			a = 1, b = 0;
		for (i = 2; i < n; i++) {
			if (w[i] < w[a])
				b = a, a = i;
			else if (w[i] < w[b])
				b = i;
		}
		cost += w[a] + w[b];
		w[a] += w[b];
		w[b] = w[--n];
	}
	return cost;
}

/* A bound on the ten calls' mean, each call weighted by wt (0 for calls not
 * among them), for any tree of two-way tests on nr whose leaves are the
 * dispatch intervals: the fixed ld arch, jeq arch, ld nr and ret, plus the
 * Huffman depths of the intervals that hold them. */
static double kraft_bound(const struct intervals *iv, const struct cost *c, size_t n,
			  const double *wt)
{
	double w[16], sum = 0;
	size_t group[16], m = 0, i, j;

	for (j = 0; j < n; j++) {
		size_t g;

		if (wt[j] <= 0)
			continue;
		g = dispatch_interval_of(iv, c[j].nr);
		for (i = 0; i < m && group[i] != g; i++)
			;
		if (i == m) {
			if (m == 14)
				return 0;
			group[m] = g;
			w[m++] = 0;
		}
		w[i] += wt[j];
		sum += wt[j];
	}
	if (iv->total > m)
		w[m++] = 0;
	return 4.0 + huffman_cost(w, m) / sum;
}

static void hottest(const char *label, const struct sf_policy *p, const struct sf_prog *prog,
		    const struct cost *c, size_t n)
{
	unsigned char sel[MAX_CALLS] = {0};
	double once[MAX_CALLS] = {0}, made[MAX_CALLS] = {0};
	struct intervals iv;
	struct bounds best;
	struct sf_freq *f = malloc(p->nfreq * sizeof(*f));
	char list[1024];
	size_t len = 0, k = 0;
	double total = 0, weighted = 0, counts = 0;

	if (!f)
		bench_die("out of memory");
	memcpy(f, p->freq, p->nfreq * sizeof(*f));
	qsort(f, p->nfreq, sizeof(*f), cmp_freq);
	list[0] = 0;
	for (size_t i = 0; i < p->nfreq && k < 10; i++) {
		for (size_t j = 0; j < n; j++) {
			if (c[j].nr != (uint32_t)f[i].nr)
				continue;
			total += (double)c[j].insns;
			weighted += (double)f[i].count * (double)c[j].insns;
			counts += (double)f[i].count;
			sel[j] = 1;
			once[j] = 1;
			made[j] = (double)f[i].count;
			k++;
			if (len < sizeof list)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%s %zu",
							len ? ", " : "", c[j].name, c[j].insns);
			break;
		}
	}
	free(f);
	if (!k)
		return;
	bench_row("1", fmt("ten hottest calls (@frequency), mean insns [%s]", label),
		  fmt("%.2f", total / (double)k), "≤ 6", bench_verdict(total / (double)k, 6.0));
	if (counts > 0)
		bench_row("1",
			  fmt("ten hottest calls, mean insns per call made (weighted by their "
			      "@frequency counts) [%s]",
			      label),
			  fmt("%.2f", weighted / counts), "-", "info");
	bench_note("%s, ten hottest calls: %s.", label, list);
	dispatch_intervals(prog, sf_arch_info(sf_arch_native())->audit_arch, &iv);
	if (tree_bounds(prog, &iv, c, n, sel, &best))
		bench_note("%s, bound: the best alphabetic tree (jge splits only) for these ten "
			   "calls over the same intervals and leaf code gives them a mean of %.2f; "
			   "below that takes other tests, such as jeq on a hot number.",
			   label, best.mean);
	bench_note("%s, bound for any tree of two-way tests on nr whose leaves are these "
		   "intervals (Kraft's inequality: Huffman's code over the intervals that hold the "
		   "ten calls and one leaf for the rest, plus ld arch, jeq arch, ld nr and ret): a "
		   "mean of %.2f; weighted by their @frequency counts, %.2f.",
		   label, kraft_bound(&iv, c, n, once), kraft_bound(&iv, c, n, made));
	dispatch_intervals_free(&iv);
}

static void part1(const char *label, const struct sf_policy *p, const struct sf_prog *prog,
		  int targets, int with_lsc)
{
	static struct cost c[MAX_CALLS];
	size_t n = costs_of(prog, p, c, MAX_CALLS);
	struct summary al, de, all;

	summarize(c, n, 1, &al);
	summarize(c, n, 0, &de);
	summarize(c, n, -1, &all);
	if (targets) {
		bench_row("1", fmt("allowed calls (%zu): worst insns [%s]", al.n, label),
			  fmt("%zu (%s)", al.worst, al.worst_name), "≤ 10",
			  bench_verdict((double)al.worst, 10));
		bench_row("1", fmt("allowed calls: mean insns [%s]", label), fmt("%.2f", al.mean),
			  "≤ 8.5", bench_verdict(al.mean, 8.5));
	} else {
		bench_row("1", fmt("allowed calls (%zu): worst / mean insns [%s]", al.n, label),
			  fmt("%zu / %.2f", al.worst, al.mean), "-", "info");
	}
	if (targets) {
		struct sf_prog kill;
		static struct cost ck[MAX_CALLS];
		struct summary ka;
		size_t nk;

		bench_compile_trap(p, &kill);
		nk = costs_of(&kill, p, ck, MAX_CALLS);
		summarize(ck, nk, 1, &ka);
		bench_row("1",
			  fmt("allowed calls: worst / mean insns, with the old in-process "
			      "report mode's SIGSYS guard [%s]",
			      label),
			  fmt("%zu / %.2f", ka.worst, ka.mean), "-", "info");
		sf_prog_free(&kill);
	}
	bench_row("1", fmt("denied calls (%zu): worst / mean insns [%s]", de.n, label),
		  fmt("%zu / %.2f", de.worst, de.mean), "-", "info");
	bench_row("1", fmt("all calls (%zu): worst / mean insns [%s]", all.n, label),
		  fmt("%zu / %.2f", all.worst, all.mean), "-", "info");
	shape_note(label, prog, c, n);
	if (p->nfreq)
		hottest(label, p, prog, c, n);

	if (with_lsc && bench_lsc_available()) {
		char why[256];
		struct bench_lsc *l = bench_lsc_build(p, why, sizeof why);
		struct sf_prog lp;

		if (!l || bench_lsc_export(l, &lp)) {
			bench_note("%s: no %s column: %s", label, bench_lsc_name(),
				   l ? "cannot export the filter" : why);
			bench_lsc_free(l);
			return;
		}
		n = costs_of(&lp, p, c, MAX_CALLS);
		summarize(c, n, 1, &al);
		summarize(c, n, -1, &all);
		bench_row("1",
			  fmt("same rules, %s tree: allowed worst / mean, all worst / mean [%s]",
			      bench_lsc_name(), label),
			  fmt("%zu / %.2f, %zu / %.2f", al.worst, al.mean, all.worst, all.mean),
			  "-", "info");
		bench_note("%s, %s tree: %zu instructions.", label, bench_lsc_name(), lp.len);
		sf_prog_free(&lp);
		bench_lsc_free(l);
	}
}

/* ---- part 2: the kernel's action cache ---- */

/* Allowed whatever the arguments, as the policy says. */
static int outright(const struct sf_policy *p, const struct sf_syscall *sc)
{
	const struct sf_rule *r = sf_policy_rule_for(p, sc->nr);

	if (!r)
		return 0;
	if (r->expr >= 0 &&
	    (r->on_true.kind != r->on_false.kind || r->on_true.data != r->on_false.data))
		return 0;
	return r->on_true.kind == SF_ACT_ALLOW;
}

static void cache_share(const char *what, const char *label, const struct sf_policy *p,
			const struct sf_prog *const *progs, size_t nprogs, int target)
{
	const struct sf_syscall_table *t = sf_arch_info(sf_arch_native())->table;
	uint32_t arch = sf_arch_info(sf_arch_native())->audit_arch;
	size_t total = 0, cached = 0, len = 0;
	char missed[1024];

	missed[0] = 0;
	for (size_t i = 0; i < t->count; i++) {
		int all = 1;
		if (!outright(p, &t->calls[i]))
			continue;
		total++;
		for (size_t j = 0; j < nprogs; j++)
			all &= sf_bpf_const_allow(progs[j], arch, (uint32_t)t->calls[i].nr);
		cached += all;
		if (!all && len < sizeof missed)
			len += (size_t)snprintf(missed + len, sizeof missed - len, "%s%s",
						len ? ", " : "", t->calls[i].name);
	}
	bench_row("2", fmt("kernel cache: outright-allowed calls proven, %s [%s]", what, label),
		  fmt("%zu/%zu = %.1f%%", cached, total, total ? 100.0 * cached / total : 0),
		  target ? "100%" : "-", target ? (cached == total ? "PASS" : "MISS") : "info");
	if (cached != total)
		bench_note("%s, %s: outright-allowed but not cached: %s.", label, what, missed);
}

/* Every number the cache calls constant-allow really is ALLOW for any
 * arguments: random ones, all zero and all ones, a random ip. */
static void false_positives(const char *label, const struct sf_prog *const *progs,
			    const char *const *names, size_t nprogs)
{
	uint32_t arch = sf_arch_info(sf_arch_native())->audit_arch;
	const struct sf_arch_info *ai = sf_arch_info(sf_arch_native());
	uint64_t seed = 0x243f6a8885a308d3ULL;
	size_t yes = 0, bad = 0, inputs = 66;
	char which[512];
	size_t len = 0;

	which[0] = 0;
	for (size_t j = 0; j < nprogs; j++) {
		for (uint64_t n = 0; n < 1024 + 4; n++) {
			uint32_t nr = n < 1024	  ? (uint32_t)n
				      : n == 1024 ? ai->x32_first
				      : n == 1025 ? ai->x32_first + 1
				      : n == 1026 ? ai->x32_end - 1
						  : 0xffffffffu;
			if (!sf_bpf_const_allow(progs[j], arch, nr))
				continue;
			yes++;
			for (size_t k = 0; k < inputs; k++) {
				struct seccomp_data sd;
				memset(&sd, 0, sizeof sd);
				sd.nr = (int)nr;
				sd.arch = arch;
				sd.instruction_pointer = probe_rand(&seed);
				for (int a = 0; a < 6; a++)
					sd.args[a] = k == 0   ? 0
						     : k == 1 ? ~(uint64_t)0
							      : probe_rand(&seed) >>
								    (probe_rand(&seed) % 64);
				if (sf_bpf_run(progs[j], &sd, NULL) != SECCOMP_RET_ALLOW) {
					bad++;
					if (len < sizeof which)
						len += (size_t)snprintf(
						    which + len, sizeof which - len, "%s%s nr %u",
						    len ? ", " : "", names[j], nr);
					break;
				}
			}
		}
	}
	bench_row("2", fmt("kernel cache: false positives, both filters [%s]", label),
		  fmt("%zu (of %zu yes, %zu inputs each)", bad, yes, inputs), "0",
		  bad ? "MISS" : "PASS");
	if (bad)
		bench_note("%s: constant-allow but not ALLOW for some arguments: %s.", label,
			   which);
}

static void part2(const char *label, const char *path, const struct sf_policy *p,
		  const struct sf_prog *exact)
{
	struct sf_policy wide;
	struct sf_prog pre;
	const struct sf_prog *both[2] = {&pre, exact};
	const char *names[2] = {"pre-exec", "exact"};

	bench_load(&wide, path);
	bench_widen(&wide);
	bench_compile(&wide, &pre);
	cache_share("exact filter", label, p, &exact, 1, 1);
	cache_share("pre-exec filter (widened)", label, &wide, both, 1, 1);
	cache_share("both stacked, as sf-run leaves them", label, p, both, 2, 0);
	false_positives(label, both, names, 2);
	sf_prog_free(&pre);
	sf_policy_free(&wide);
}

int main(int argc, char **argv)
{
	int targets = 0, cache = 0, lsc = 0, c;
	struct sf_policy p;
	struct sf_prog prog;

	while ((c = getopt(argc, argv, "tcl")) != -1) {
		switch (c) {
		case 't':
			targets = 1;
			break;
		case 'c':
			cache = 1;
			break;
		case 'l':
			lsc = 1;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: sf-bench-insns [-t] [-c] [-l] LABEL POLICY\n");
		return 2;
	}
	bench_load(&p, argv[optind + 1]);
	bench_compile(&p, &prog);
	part1(argv[optind], &p, &prog, targets, lsc);
	if (cache)
		part2(argv[optind], argv[optind + 1], &p, &prog);
	sf_prog_free(&prog);
	sf_policy_free(&p);
	return fflush(stdout) ? 1 : 0;
}
