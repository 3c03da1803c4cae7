/* Arguments compared as the kernel reads them (parser/gen/arg-audit.txt).
 *
 * For every argument of every syscall of x86_64, aarch64 and i386, rules of
 * each shape (==, !=, <, >, masks, sets) with constants of the argument's
 * type are compiled, and the program (sf_bpf_run) and the reference
 * interpreter (sf_policy_eval) must answer as C does on the argument read
 * at the table's width: inputs that differ only in the upper half get the
 * same answer wherever the table says 32 bits, and only in bits 16..63
 * where it says 16 (SF_ARGF_16: umode_t, i386's old_uid_t). Where the audit is not sure
 * (SF_ARGF_DUAL), a call is allowed only if the rule holds both for the
 * 64-bit value and for its low 32 bits. Then: every syscall with arguments
 * is in the audit, and the readings the issue named. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "eval.h"
#include "parse.h"
#include "test.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* splitmix64: reproducible inputs. */
static uint64_t pg_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t pg_below(uint64_t *s, uint64_t n)
{
	return pg_next(s) % n;
}

typedef __int128 wide;

enum shape { EQ, NE, LT, GT, ANY, IN, MASK_EQ, MASK_LT, SET, NSHAPES };

static const char *const shape_name[] = {"==", "!=", "<", ">", "&", "in", "(&)==", "(&)<", "{}"};

static const wide consts[] = {
    0,
    1,
    7,
    -1,
    0x7fffffff,
    -(wide)0x80000000,
    0x80000000,
    0xffffffff,
    0x100000002,
    0x7fff,
    0x8000,
    0xffff,
    0x10000,
    -0x8000,
    -0x8001,
    0x7fffffffffffffff,
    -(wide)0x7fffffffffffffff - 1,
    0xffffffff00000000,
    0x8000000000000000,
};

/* The range a literal may take for a type read as w bits (resolve.c,
 * lit_range). */
static int fits(wide c, int w, int sgn, int pattern)
{
	wide lo = -((wide)1 << (w - 1));
	wide hi = pattern || !sgn ? ((wide)1 << w) - 1 : ((wide)1 << (w - 1)) - 1;

	return c >= lo && c <= hi;
}

static int pattern_shape(int s)
{
	return s == ANY || s == IN || s == MASK_EQ || s == MASK_LT;
}

/* The value of x as C reads it in a type of width 16, 32 or 64. */
static wide read_as(uint64_t x, int w, int sgn)
{
	if (w == 64)
		return sgn ? (wide)(int64_t)x : (wide)x;
	if (w == 16)
		return sgn ? (wide)(int16_t)(uint16_t)x : (wide)(uint16_t)x;
	return sgn ? (wide)(int32_t)(uint32_t)x : (wide)(uint32_t)x;
}

/* c converted to the type, as C converts a constant for the comparison. */
static wide conv(wide c, int w, int sgn)
{
	return read_as((uint64_t)c, w, sgn);
}

/* The bits of an argument the kernel reads. */
static int width(const struct sf_sysarg *a)
{
	if (a->flags & SF_ARGF_16)
		return 16;
	return SF_ARGTYPE_IS_64(a->type) ? 64 : 32;
}

/* Whether the rule holds for x read at that width and sign. */
static int holds(int s, wide c, uint64_t x, int w, int sgn)
{
	uint64_t full = w == 64 ? ~(uint64_t)0 : ((uint64_t)1 << w) - 1;
	uint64_t xw = x & full, cw = (uint64_t)c & full;
	wide xv = read_as(x, w, sgn), cv;

	switch (s) {
	case ANY:
		return (xw & cw) != 0;
	case IN:
		return (xw & ~cw & full) == 0;
	case MASK_EQ:
		return (xw & cw) == (cw & 0xf0f0f0f0u);
	case MASK_LT:
		return read_as(xw & cw, w, sgn) < 16;
	}
	/* A value outside the narrower reading's range (a 64-bit
	 * constant on the low 32 bits) compares as a number. */
	cv = fits(c, w, sgn, 0) ? conv(c, w, sgn) : c;
	switch (s) {
	case EQ:
		return xv == cv;
	case NE:
		return xv != cv;
	case LT:
		return xv < cv;
	case GT:
		return xv > cv;
	default:
		return xv == cv || xv == 1 || xv == 7;
	}
}

static void put_wide(char *buf, size_t size, wide v)
{
	if (v < 0)
		snprintf(buf, size, "-%#llx", (unsigned long long)-v);
	else
		snprintf(buf, size, "%#llx", (unsigned long long)v);
}

static void rule_text(char *buf, size_t size, const char *name, int s, wide c)
{
	char cs[48], vs[48];

	put_wide(cs, sizeof cs, c);
	switch (s) {
	case EQ:
	case NE:
	case LT:
	case GT:
		snprintf(buf, size, "%s %s %s", name, shape_name[s], cs);
		break;
	case ANY:
		snprintf(buf, size, "%s & %s", name, cs);
		break;
	case IN:
		snprintf(buf, size, "%s in %s", name, cs);
		break;
	case MASK_EQ:
		put_wide(vs, sizeof vs, (wide)((uint64_t)c & 0xf0f0f0f0u));
		snprintf(buf, size, "(%s & %s) == %s", name, cs, vs);
		break;
	case MASK_LT:
		snprintf(buf, size, "(%s & %s) < 16", name, cs);
		break;
	default:
		snprintf(buf, size, "%s in {%s, 1, 7}", name, cs);
		break;
	}
}

/* Whether the rule's constant is one the argument takes. */
static int takes(const struct sf_sysarg *a, int s, wide c)
{
	int w = width(a), sgn = SF_ARGTYPE_IS_SIGNED(a->type);

	if (s == SET && !fits(1, w, sgn, 0))
		return 0;
	if (s == MASK_EQ && !fits((wide)((uint64_t)c & 0xf0f0f0f0u), w, sgn, 1))
		return 0;
	return fits(c, w, sgn, pattern_shape(s));
}

static uint64_t inputs[64];
static size_t ninputs;

static void make_inputs(uint64_t *seed, wide c)
{
	static const uint32_t lows[] = {0,	    1,		2,	    6,		7,
					8,	    15,		16,	    0x7fffffff, 0x80000000,
					0xffffffff, 0xfffffffe, 0x7ffffffe, 0x80000001, 0x7fff,
					0x8000,	    0xffff,	0x10000,    0x1ffff};
	static const uint32_t highs[] = {0, 1, 0xffffffff, 0x80000000, 0x7fffffff};
	uint32_t cl = (uint32_t)(uint64_t)c, ch = (uint32_t)((uint64_t)c >> 32);

	ninputs = 0;
	for (size_t i = 0; i < 24; i++) {
		uint32_t lo = i < COUNT(lows) ? lows[i] : (uint32_t)pg_next(seed);
		uint32_t hi = highs[pg_below(seed, COUNT(highs))];

		if (pg_below(seed, 4) == 0)
			hi = (uint32_t)pg_next(seed);
		inputs[ninputs++] = (uint64_t)hi << 32 | lo;
	}
	/* The constant itself and its neighbours, with and without its
	 * upper half. */
	for (int d = -1; d <= 1; d++) {
		inputs[ninputs++] = (uint64_t)ch << 32 | (uint32_t)(cl + (uint32_t)d);
		inputs[ninputs++] = (uint32_t)(cl + (uint32_t)d);
		inputs[ninputs++] =
		    (uint64_t)(uint32_t)pg_next(seed) << 32 | (uint32_t)(cl + (uint32_t)d);
	}
}

static unsigned long long runs, policies;

/* One policy: the rule on argument i of every other syscall that takes it
 * (all of them would outgrow the kernel's 4096 instructions). */
static void check_rule(enum sf_arch arch, int i, int s, wide c, size_t part, uint64_t *seed)
{
	const struct sf_syscall_table *t = sf_arch_info(arch)->table;
	const struct sf_arch_info *ai = sf_arch_info(arch);
	struct sf_compile_opts o = {SF_REPORT_KILL, 0, 1};
	size_t size = 1 << 16, len = 0;
	char *text = malloc(size), rule[160];
	struct sf_policy p;
	struct sf_error err;
	struct sf_prog prog;
	int n = 0, shown = 0;

	if (!text)
		abort();
	len += (size_t)snprintf(text, size, "default: errno 1\n");
	for (size_t k = 0; k < t->count; k++) {
		const struct sf_syscall *sc = &t->calls[k];

		if (k % 2 != part || i >= sc->nargs || !takes(&sc->args[i], s, c))
			continue;
		rule_text(rule, sizeof rule, sc->args[i].name, s, c);
		len += (size_t)snprintf(text + len, size - len, "%s: %s\n", sc->name, rule);
		n++;
	}
	if (!n || len >= size) {
		CHECK(len < size);
		free(text);
		return;
	}
	policies++;
	sf_policy_init(&p, arch);
	if (sf_parse_text(&p, "args", text, len, &err) || sf_parse_finish(&p, &err)) {
		CHECKF(0, "%s: %s", ai->name, err.msg);
		free(text);
		return;
	}
	if (sf_compile(&p, &o, &prog, &err)) {
		CHECKF(0, "%s: %s", ai->name, err.msg);
		sf_policy_free(&p);
		free(text);
		return;
	}
	make_inputs(seed, c);
	for (size_t k = 0; k < t->count; k++) {
		const struct sf_syscall *sc = &t->calls[k];
		const struct sf_sysarg *a;
		int w, sgn, bad = 0;
		uint32_t narrow_ret = 0;

		if (k % 2 != part || i >= sc->nargs || !takes(&sc->args[i], s, c))
			continue;
		a = &sc->args[i];
		w = width(a);
		sgn = SF_ARGTYPE_IS_SIGNED(a->type);
		for (size_t j = 0; j < ninputs && !bad; j++) {
			struct seccomp_data sd;
			uint32_t got, ref;
			int want;

			memset(&sd, 0, sizeof sd);
			sd.nr = sc->nr;
			sd.arch = ai->audit_arch;
			sd.args[i] = inputs[j];
			got = sf_bpf_run(&prog, &sd, NULL);
			ref = sf_policy_eval(&p, &o, &sd);
			if (a->flags & SF_ARGF_DUAL)
				want = holds(s, c, inputs[j], 64, sgn) &&
				       holds(s, c, inputs[j], 32, sgn);
			else
				want = holds(s, c, inputs[j], w, sgn);
			runs++;
			bad = (got == SECCOMP_RET_ALLOW) != want || got != ref;
			if (!bad && w < 64 && !(a->flags & SF_ARGF_DUAL)) {
				/* The same bits read with the others zero. */
				sd.args[i] = inputs[j] & (((uint64_t)1 << w) - 1);
				narrow_ret = sf_bpf_run(&prog, &sd, NULL);
				bad = narrow_ret != got;
			}
			if (bad && shown++ < 3)
				CHECKF(0,
				       "%s: %s(%s = %#llx) under '%s: %s': filter %#x, "
				       "interpreter %#x, wanted %s",
				       ai->name, sc->name, a->name, (unsigned long long)inputs[j],
				       sc->name,
				       (rule_text(rule, sizeof rule, a->name, s, c), rule), got,
				       ref, want ? "allow" : "deny");
		}
		CHECK(!bad);
	}
	sf_prog_free(&prog);
	sf_policy_free(&p);
	free(text);
}

static void property(void)
{
	static const enum sf_arch arches[] = {SF_ARCH_X86_64, SF_ARCH_AARCH64, SF_ARCH_I386};
	uint64_t seed = 0x5f2a6b1d;

	for (size_t a = 0; a < COUNT(arches); a++)
		for (int i = 0; i < 6; i++)
			for (int s = 0; s < NSHAPES; s++)
				for (size_t c = 0; c < COUNT(consts); c++)
					for (size_t part = 0; part < 2; part++)
						check_rule(arches[a], i, s, consts[c], part, &seed);
	printf("args: %llu policies, %llu inputs checked\n", policies, runs);
}

/* Every syscall with arguments of the 64-bit arches is in the audit, and
 * each argument's reading was audited: a syscall added to the tables
 * without an audit fails here. */
static void audited(void)
{
	static const enum sf_arch arches[] = {SF_ARCH_X86_64, SF_ARCH_I386, SF_ARCH_AARCH64};
	FILE *f = fopen("parser/gen/arg-audit.txt", "r");
	char line[512], *names = NULL;
	size_t len = 0, cap = 0;

	CHECKF(f != NULL, "parser/gen/arg-audit.txt: run from the source tree");
	if (!f)
		return;
	/* " name " for every name the audit has a line for. */
	while (fgets(line, sizeof line, f)) {
		char *w = strtok(line, " \t\n#");
		int exact = w && strcmp(w, "exact") == 0;

		if (!w || line[0] == '#')
			continue;
		for (; w; w = exact ? strtok(NULL, " \t\n") : NULL) {
			char *br = strchr(w, '[');
			size_t n;

			if (br)
				*br = 0;
			if (exact && w == line)
				continue;
			n = strlen(w);
			if (len + n + 3 > cap) {
				cap = cap ? cap * 2 : 4096;
				names = realloc(names, cap);
				if (!names)
					abort();
			}
			len += (size_t)snprintf(names + len, cap - len, " %s ", w);
		}
	}
	fclose(f);
	for (size_t a = 0; a < COUNT(arches); a++) {
		const struct sf_arch_info *ai = sf_arch_info(arches[a]);

		for (size_t k = 0; k < ai->table->count; k++) {
			const struct sf_syscall *sc = &ai->table->calls[k];
			char key[64];

			for (int i = 0; i < sc->nargs; i++)
				CHECKF(sc->args[i].flags & SF_ARGF_AUDITED,
				       "%s: %s's %s not audited", ai->name, sc->name,
				       sc->args[i].name);
			if (!sc->nargs || arches[a] == SF_ARCH_I386)
				continue;
			snprintf(key, sizeof key, " %s ", sc->name);
			CHECKF(names && strstr(names, key),
			       "%s: %s is not in parser/gen/arg-audit.txt", ai->name, sc->name);
		}
	}
	free(names);
}

static void reading(enum sf_arch arch, const char *call, const char *arg, int type, int flags)
{
	const struct sf_syscall *sc = sf_syscall_by_name(sf_arch_info(arch)->table, call);
	int i;

	CHECKF(sc != NULL, "%s missing", call);
	if (!sc)
		return;
	for (i = 0; i < sc->nargs && strcmp(sc->args[i].name, arg); i++)
		;
	CHECKF(i < sc->nargs, "%s has no %s", call, arg);
	if (i == sc->nargs)
		return;
	CHECKF(sc->args[i].type == type &&
		   (sc->args[i].flags & (SF_ARGF_NARROW | SF_ARGF_DUAL)) == flags,
	       "%s: %s's %s is type %d flags %d, not %d %d", sf_arch_info(arch)->name, call, arg,
	       sc->args[i].type, sc->args[i].flags, type, flags);
}

/* The readings the audit must keep: those the kernel truncates, those it
 * does not (pointers, offsets, lengths), and those it is not sure of. */
static void readings(void)
{
	static const enum sf_arch arches[] = {SF_ARCH_X86_64, SF_ARCH_AARCH64};

	for (size_t a = 0; a < COUNT(arches); a++) {
		enum sf_arch ar = arches[a];
		static const char *const fd32[] = {"readv",   "writev",	  "preadv", "preadv2",
						   "pwritev", "pwritev2", "mmap"};

		for (size_t k = 0; k < COUNT(fd32); k++)
			reading(ar, fd32[k], "fd", SF_ARG_U32, SF_ARGF_NARROW);
		reading(ar, "mmap", "prot", SF_ARG_U32, SF_ARGF_NARROW);
		reading(ar, "clone", "clone_flags", SF_ARG_U32, SF_ARGF_NARROW);
		reading(ar, "mmap", "len", SF_ARG_U64, 0);
		reading(ar, "mmap", "addr", SF_ARG_U64, 0);
		reading(ar, "lseek", "offset", SF_ARG_S64, 0);
		reading(ar, "pread64", "pos", SF_ARG_S64, 0);
		reading(ar, "fallocate", "offset", SF_ARG_S64, 0);
		reading(ar, "fallocate", "len", SF_ARG_S64, 0);
		reading(ar, "mprotect", "prot", SF_ARG_U64, 0);
		reading(ar, "ioctl", "arg", SF_ARG_U64, SF_ARGF_DUAL);
		reading(ar, "fcntl", "arg", SF_ARG_U64, SF_ARGF_DUAL);
		reading(ar, "prctl", "arg2", SF_ARG_U64, SF_ARGF_DUAL);
	}
}

static uint32_t answer_on(enum sf_arch arch, const char *text, const char *call, uint64_t a0,
			  uint64_t a1, uint64_t a2)
{
	const struct sf_arch_info *ai = sf_arch_info(arch);
	struct sf_compile_opts o = {SF_REPORT_KILL, 0, 1};
	struct seccomp_data sd;
	struct sf_policy p;
	struct sf_error err;
	struct sf_prog prog;
	uint32_t r;

	sf_policy_init(&p, arch);
	if (sf_parse_text(&p, "p", text, strlen(text), &err) || sf_parse_finish(&p, &err) ||
	    sf_compile(&p, &o, &prog, &err)) {
		CHECKF(0, "%s: %s", text, err.msg);
		return 0xdead;
	}
	memset(&sd, 0, sizeof sd);
	sd.arch = ai->audit_arch;
	sd.nr = sf_syscall_by_name(ai->table, call)->nr;
	sd.args[0] = a0;
	sd.args[1] = a1;
	sd.args[2] = a2;
	r = sf_bpf_run(&prog, &sd, NULL);
	sf_prog_free(&prog);
	sf_policy_free(&p);
	return r;
}

static uint32_t answer(const char *text, const char *call, uint64_t a0, uint64_t a1, uint64_t a2)
{
	return answer_on(SF_ARCH_X86_64, text, call, a0, a1, a2);
}

/* The calls of the issue, and names that collide with positional ones. */
static void examples(void)
{
	CHECK(answer("default: allow\nwritev: fd != 2\n", "writev", 0x100000002, 0, 1) ==
	      answer("default: allow\nwritev: fd != 2\n", "writev", 2, 0, 1));
	CHECK(answer("default: allow\nwritev: fd != 2\n", "writev", 0x100000002, 0, 1) !=
	      SECCOMP_RET_ALLOW);
	CHECK(answer("default: allow\nmmap: prot != PROT_READ|PROT_WRITE|PROT_EXEC\n", "mmap", 0,
		     4096, 7 | 1ull << 32) != SECCOMP_RET_ALLOW);
	CHECK(answer("default: allow\nclone: clone_flags != SIGCHLD\n", "clone", 17 | 1ull << 32, 0,
		     0) != SECCOMP_RET_ALLOW);
	/* prctl's arg2 is its second argument, as the kernel names it. */
	CHECK(answer("default: errno 1\nprctl: arg2 == 5\n", "prctl", 1, 5, 0) ==
	      SECCOMP_RET_ALLOW);
	CHECK(answer("default: errno 1\nprctl: arg2 == 5\n", "prctl", 1, 0, 5) !=
	      SECCOMP_RET_ALLOW);
	CHECK(answer("default: errno 1\nprctl: arg1 == 5\n", "prctl", 1, 5, 0) ==
	      SECCOMP_RET_ALLOW);
	/* Not sure: both readings must hold. */
	CHECK(answer("default: allow\nioctl: arg != 5\n", "ioctl", 1, 2, 5 | 1ull << 32) !=
	      SECCOMP_RET_ALLOW);
	CHECK(answer("default: allow\nioctl: arg != 5\n", "ioctl", 1, 2, 6 | 1ull << 32) ==
	      SECCOMP_RET_ALLOW);
	/* i386's setuid takes an old_uid_t: setuid(0x10000) is setuid(0). */
	CHECK(answer_on(SF_ARCH_I386, "default: allow\nsetuid: uid != 0\n", "setuid", 0x10000, 0,
			0) != SECCOMP_RET_ALLOW);
	CHECK(answer_on(SF_ARCH_I386, "default: allow\nsetuid: uid != 0\n", "setuid", 0x10001, 0,
			0) == SECCOMP_RET_ALLOW);
	/* setuid32 takes a uid_t. */
	CHECK(answer_on(SF_ARCH_I386, "default: allow\nsetuid32: uid != 0\n", "setuid32", 0x10000,
			0, 0) == SECCOMP_RET_ALLOW);
	/* umode_t on every arch: fchmod(fd, 0x10000 | 0755) is
	 * fchmod(fd, 0755). */
	CHECK(answer("default: allow\nfchmod: mode in 0777\n", "fchmod", 3, 0x10000 | 0755, 0) ==
	      SECCOMP_RET_ALLOW);
	CHECK(answer("default: allow\nfchmod: mode != 0\n", "fchmod", 3, 0x10000, 0) !=
	      SECCOMP_RET_ALLOW);
}

/* No two arguments of a syscall answer to one name, on any arch: the
 * kernel's name and a positional argN of another index never meet in one
 * rule without the kernel's winning (parse.c) and --check saying so. */
static void collisions(void)
{
	static const enum sf_arch arches[] = {SF_ARCH_X86_64, SF_ARCH_I386, SF_ARCH_AARCH64};
	int found = 0;

	for (size_t a = 0; a < COUNT(arches); a++) {
		const struct sf_syscall_table *t = sf_arch_info(arches[a])->table;

		for (size_t k = 0; k < t->count; k++) {
			const struct sf_syscall *sc = &t->calls[k];

			for (int i = 0; i < sc->nargs; i++) {
				const char *n = sc->args[i].name;

				for (int j = i + 1; j < sc->nargs; j++)
					CHECKF(strcmp(n, sc->args[j].name) != 0,
					       "%s: two arguments named %s", sc->name, n);
				if (strncmp(n, "arg", 3) == 0 && n[3] >= '0' && n[3] <= '9' &&
				    n[3] != '0' + i)
					found |= strcmp(sc->name, "prctl") == 0;
			}
		}
	}
	CHECK(found);
}

int main(void)
{
	audited();
	readings();
	examples();
	collisions();
	property();
	return test_report("args");
}
