/* A stack merged into one program (parser/compiler/merge.c) against the
 * stack itself: on every input the merged program answers what the kernel
 * answers for the programs stacked (the most severe, the newest among
 * equals), the kernel's checks accept it, and the calls every program
 * allows outright stay provable for the kernel's action cache. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/audit.h>

#include "compile.h"
#include "merge.h"
#include "parse.h"
#include "policygen.h"
#include "test.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define RANDOM_STACKS 120
#define INPUTS 3000

static const enum sf_arch arches[] = {SF_ARCH_X86_64, SF_ARCH_I386, SF_ARCH_AARCH64};

/* kernel/seccomp.c: from the newest filter to the oldest, a result only
 * replaces the kept one when its action ranks strictly lower. */
static uint32_t stacked(const struct sf_prog *progs, size_t n, const struct seccomp_data *sd)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	for (size_t i = n; i-- > 0;) {
		uint32_t cur = sf_bpf_run(&progs[i], sd, NULL);

		if ((int32_t)(cur & SECCOMP_RET_ACTION_FULL) < (int32_t)(ret & SECCOMP_RET_ACTION_FULL))
			ret = cur;
	}
	return ret;
}

static int compile(enum sf_arch arch, const char *text, struct sf_prog *prog)
{
	struct sf_compile_opts o = {SF_REPORT_KILL, 0, 1};
	struct sf_policy p;
	struct sf_error err;
	int r;

	sf_policy_init(&p, arch);
	r = sf_parse_text(&p, "p", text, strlen(text), &err) || sf_parse_finish(&p, &err) ||
	    sf_compile(&p, &o, prog, &err);
	if (r)
		fprintf(stderr, "%s\n", err.msg);
	sf_policy_free(&p);
	return r ? -1 : 0;
}

static void input(uint64_t *s, enum sf_arch arch, struct seccomp_data *sd)
{
	const struct sf_arch_info *ai = sf_arch_info(arch);
	uint64_t pick = pg_below(s, 10);

	memset(sd, 0, sizeof *sd);
	sd->arch = pick == 0 ? AUDIT_ARCH_X86_64 ^ ai->audit_arch ^ AUDIT_ARCH_I386 : ai->audit_arch;
	sd->nr = pick == 1 ? (int)pg_next(s) : (int)pg_below(s, 460);
	for (int k = 0; k < 6; k++) {
		uint64_t v = pg_next(s);

		switch (pg_below(s, 4)) {
		case 0:
			v = pg_below(s, 8);
			break;
		case 1:
			v = (uint64_t)-(int64_t)pg_below(s, 4);
			break;
		case 2:
			v &= 0xffffffffu;
			break;
		}
		sd->args[k] = v;
	}
}

/* Merges progs and compares; returns 1 when the stack merged. */
static int check_stack(const char *name, enum sf_arch arch, const struct sf_prog *progs, size_t n,
		       uint64_t seed)
{
	const struct sf_arch_info *ai = sf_arch_info(arch);
	struct sf_prog merged;
	struct sf_error err;
	char why[256];
	int shown = 0;

	if (sf_prog_merge(progs, n, &merged, &err)) {
		/* Only a stack too large for one program may be refused. */
		size_t total = 0;

		for (size_t i = 0; i < n; i++)
			total += progs[i].len;
		CHECKF(total > SF_BPF_MAX_INSNS / 2, "%s: %s", name, err.msg);
		return 0;
	}
	CHECKF(sf_bpf_validate(&merged, why, sizeof why) == 0, "%s: the kernel would refuse: %s",
	       name, why);
	for (int i = 0; i < INPUTS; i++) {
		struct seccomp_data sd;
		uint32_t want, got;

		input(&seed, arch, &sd);
		want = stacked(progs, n, &sd);
		got = sf_bpf_run(&merged, &sd, NULL);
		if (want != got && shown++ < 3)
			fprintf(stderr, "%s: nr %d: stacked %#x, merged %#x\n", name, sd.nr, want,
				got);
		CHECK(want == got || shown > 3);
	}
	for (uint32_t nr = 0; nr < 460; nr++) {
		int all = 1;

		for (size_t i = 0; i < n; i++)
			all &= sf_bpf_const_allow(&progs[i], ai->audit_arch, nr);
		if (sf_bpf_const_allow(&merged, ai->audit_arch, nr) != all && shown++ < 3)
			fprintf(stderr, "%s: nr %u: cached %d, every program %d\n", name, nr,
				!all, all);
		CHECK(sf_bpf_const_allow(&merged, ai->audit_arch, nr) == all || shown > 3);
	}
	sf_prog_free(&merged);
	return 1;
}

static void test_random_stacks(void)
{
	struct pg_opts o = {0, NULL, -1, 20};
	int merged = 0;

	for (int seed = 1; seed <= RANDOM_STACKS; seed++) {
		enum sf_arch arch = arches[seed % COUNT(arches)];
		size_t n = 1 + (size_t)(seed % 4);
		struct sf_prog progs[4];
		char name[64];
		size_t got = 0;

		for (size_t i = 0; i < n; i++) {
			struct pg_buf b = {NULL, 0, 0};

			pg_policy(0x3e70 + (uint64_t)seed * 17 + i, arch, &o, &b);
			if (!compile(arch, b.s, &progs[got]))
				got++;
			pg_free(&b);
		}
		CHECKF(got == n, "stack #%d: %zu of %zu compiled", seed, got, n);
		snprintf(name, sizeof name, "stack #%d (%zu)", seed, got);
		merged += check_stack(name, arch, progs, got, (uint64_t)seed * 977);
		for (size_t i = 0; i < got; i++)
			sf_prog_free(&progs[i]);
	}
	CHECKF(merged > RANDOM_STACKS * 3 / 4, "%d stacks merged", merged);
}

/* Stacks whose answer the kernel's ranking decides, written out. */
static void test_ranking(void)
{
	static const struct {
		const char *a, *b;
		const char *call;
		uint32_t want;
	} cases[] = {
	    /* equal actions: the newer filter's data */
	    {"default: allow\nread: errno 5", "default: allow\nread: errno 7", "read", SECCOMP_RET_ERRNO | 7},
	    {"default: allow\nread: errno 7", "default: allow\nread: errno 5", "read", SECCOMP_RET_ERRNO | 5},
	    /* the more severe, whichever is newer */
	    {"default: allow\nread: kill-process", "default: allow\nread: errno 5", "read", SECCOMP_RET_KILL_PROCESS},
	    {"default: allow\nread: errno 5", "default: allow\nread: kill-thread", "read", SECCOMP_RET_KILL_THREAD},
	    {"default: allow\nread: log", "default: allow\nread: errno 1", "read", SECCOMP_RET_ERRNO | 1},
	    {"default: allow\nread: log", "default: allow", "read", SECCOMP_RET_LOG},
	    {"default: allow\nread: trace 3", "default: allow\nread: log", "read", SECCOMP_RET_TRACE | 3},
	    {"default: allow", "default: allow", "read", SECCOMP_RET_ALLOW},
	    /* one that denies seccomp() and another that does */
	    {"default: allow\nseccomp: 0", "default: allow\nseccomp: errno 1", "seccomp", SECCOMP_RET_KILL_PROCESS},
	};

	for (size_t a = 0; a < COUNT(arches); a++) {
		for (size_t i = 0; i < COUNT(cases); i++) {
			const struct sf_syscall *sc =
			    sf_syscall_by_name(sf_arch_info(arches[a])->table, cases[i].call);
			struct seccomp_data sd = {.arch = sf_arch_info(arches[a])->audit_arch};
			struct sf_prog progs[2], merged;
			struct sf_error err;

			if (!sc || compile(arches[a], cases[i].a, &progs[0]))
				continue;
			if (compile(arches[a], cases[i].b, &progs[1])) {
				sf_prog_free(&progs[0]);
				continue;
			}
			sd.nr = sc->nr;
			CHECK(stacked(progs, 2, &sd) == cases[i].want);
			CHECKF(sf_prog_merge(progs, 2, &merged, &err) == 0, "%s", err.msg);
			CHECKF(sf_bpf_run(&merged, &sd, NULL) == cases[i].want, "case %zu: %#x", i,
			       sf_bpf_run(&merged, &sd, NULL));
			sf_prog_free(&merged);
			sf_prog_free(&progs[0]);
			sf_prog_free(&progs[1]);
		}
	}
}

int main(void)
{
	test_ranking();
	test_random_stacks();
	return test_report("merge");
}
