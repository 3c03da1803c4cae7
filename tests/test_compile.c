/* The compiler against the reference interpreter: for every policy, arch
 * and report mode, sf_policy_eval (the model's meaning) and sf_bpf_run on
 * the compiled program (what the kernel will do) must agree on every
 * input. Then the shape of the programs: the kernel's action cache, the
 * depth of the syscall-number tree, long jumps and the size limit. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>

#include "compile.h"
#include "eval.h"
#include "parse.h"
#include "policygen.h"
#include "sort.h"
#include "test.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Inputs per policy, spread over its arches and both report modes. */
#define INPUTS_PER_POLICY 120000
#define RANDOM_POLICIES 40

enum { ALL = 7, X86_64 = 1, I386 = 2, AARCH64 = 4, BITS64 = X86_64 | AARCH64 };

static const enum sf_arch arches[] = {SF_ARCH_X86_64, SF_ARCH_I386, SF_ARCH_AARCH64};
static char freq_path[256];
static unsigned long long total_inputs;
static int mismatches_shown;

/* ---- policies ---- */

struct hand_policy {
	const char *name;
	unsigned arches;
	const char *text;
};

static const struct hand_policy hand[] = {
    {"seed", ALL,
     "sys_read: (fd == 1) || (fd == 2)\nsys_write: (fd == 0)\nsys_exit: 1\nsys_mmap: 0\n"
     "on_next_syscall: 1\n"},
    {"minijail", BITS64,
     "read: arg0 == 0\nmmap: arg2 in ~PROT_EXEC\n"
     "ioctl: arg1 == TCGETS || arg1 == FIONREAD; return ENOTTY\n"},
    {"minijail-all", ALL,
     "read: arg0 == 0\nmprotect: arg2 in ~PROT_EXEC\n"
     "ioctl: arg1 == TCGETS || arg1 == FIONREAD; return ENOTTY\n"},
    {"unsigned32", ALL,
     "read: fd == 3\nwrite: fd != 3\nclose: fd < 3\nfcntl: fd <= 3 || cmd > 1030\n"
     "dup3: oldfd >= 10 && newfd > 0xfffffff0\npersonality: personality >= 0xffffffff\n"
     "flock: cmd < 0x80000000 && cmd > 0x7ffffffe\n"},
    /* umode_t on every arch; i386's setuid takes an old_uid_t. */
    {"unsigned16", ALL,
     "fchmod: mode < 0x8000 && mode > 0x7ffe || mode == -1\n"
     "mkdirat: mode in 0777 || (mode & 0170000) == 0x8000\nsetuid: uid != 0 && uid < 0xffff\n"},
    {"signed32", ALL,
     "kill: pid > 0\ntgkill: tgid < -1 || pid <= -2147483648 || sig >= 32\n"
     "socket: family >= -5 && family < 10\nopenat: dfd == AT_FDCWD || dfd >= 0\n"
     "exit_group: error_code > 2147483647 || error_code < -2147483647\n"
     "futex: op <= -1 && val > 0x7fffffff\n"},
    {"unsigned64", BITS64,
     "read: count > 0xffffffff\nwrite: count < 0x100000000 && count >= 2\n"
     "mmap: addr >= 0x8000000000000000 || len <= 4096\nmunmap: addr != 0x123456789abcdef0\n"
     "brk: brk > 0xfffffffffffffffe || brk < 1\nmprotect: start <= 0x00000000ffffffff\n"},
    {"signed64", BITS64,
     "lseek: offset < 4096 && offset >= -4096\npread64: pos > -1\n"
     "pwrite64: pos < -0x100000000 || pos >= 0x7fffffffffffffff\n"},
    {"signed-mixed", ALL,
     "lseek: offset < 4096 && offset >= -4096\nkill: pid > 0 && sig < 64\n"
     "clock_gettime: which_clock <= -1\n"},
    {"masks", BITS64,
     "openat: (flags & O_ACCMODE) == O_RDONLY\nread: (fd & 0xff00) != 0x100\n"
     "mmap: (prot & PROT_WRITE) == 0 && (off & 0xffffffff00000000) == 0\n"
     "write: (count & 0xffff0000ffff0000) > 0x1000000000000\nkill: (pid & 0xff) < 10\n"
     "lseek: (offset & 0xffffffff00000000) < 0x100000000 || (offset & 0xf0) >= -1\n"
     "munmap: (addr & 0xfff) == 0 && (len & 0xffffffff) <= 0x8000\n"},
    {"masks-all", ALL,
     "openat: (flags & O_ACCMODE) == O_RDONLY && (mode & 0777) != 0\n"
     "kill: (pid & 0xff) < 10 || (sig & 0x80000000) > 0\n"
     "socket: (type & 0xf) >= SOCK_DGRAM && (family & -1) <= -2\n"
     "read: (fd & 0) == 0\nwrite: (count & 0) < 1\nclose: (fd & 0) > 5\n"
     "fcntl: (cmd & 0) != 0 || (fd & 0) >= 0\n"},
    {"any-in", BITS64,
     "ioctl: cmd & 0x80000000\nopenat: flags in O_RDONLY|O_CLOEXEC|O_NONBLOCK\n"
     "mprotect: prot in ~PROT_EXEC\nmmap: off & 0x100000000 || prot in 7\n"
     "munmap: addr & 0xffffffff00000000\nwrite: count in 0xffffffff\nread: count in 0\n"},
    {"any-in-all", ALL,
     "ioctl: cmd & 0x80000000\nopenat: flags in O_RDONLY|O_CLOEXEC|O_NONBLOCK\n"
     "mprotect: prot in ~PROT_EXEC\nread: fd & 0\nwrite: fd in 0\nclose: fd in ~0\n"
     "kill: sig & -1\n"},
    {"sets", ALL,
     "read: fd in {0, 1, 2, 100}\nkill: sig in {SIGTERM, SIGKILL, 0, -1}\n"
     "lseek: whence in {SEEK_SET, SEEK_END}\n"
     "ioctl: cmd in {TCGETS, FIONREAD, 0x5401} || arg in {0, 1}\n"
     "write: count in {0xffffffff, 0x7fffffff}\n"},
    {"sets64", BITS64,
     "read: count in {0xffffffff, 0x100000000, 0xffffffffffffffff, -2}\n"
     "lseek: offset in {-1, 0x7fffffffffffffff, -0x8000000000000000}\n"},
    {"negation", ALL,
     "read: !(fd == 1) && !(!(count < 10) || fd == 7)\n"
     "write: !(fd in {1,2}) || (count > 5 && (fd == 9 || !(count == 100)))\n"
     "close: !!!(fd != 3)\nkill: !(pid > 0) || !(sig & 1)\n"},
    {"nesting", ALL,
     "close: ((fd == 1 || fd == 2) && (fd != 3 || fd == 4)) || (fd > 10 && (fd < 20 || "
     "fd > 30) && !(fd == 25))\n"
     "openat: dfd == 1 && flags == 2 || dfd == 3 && flags == 4 || mode == 5 && (dfd == 6 || "
     "!(flags != 7 && mode < 8))\n"
     "ioctl: (((((fd == 1)))))\n"},
    {"cond-actions", ALL,
     "read: fd == 0; errno EPERM\nwrite: fd == 1; trace 7\nclose: fd == 2; log\n"
     "fcntl: fd == 3; trap\ndup3: oldfd == 4; kill-thread\nioctl: fd == 5; user-notify\n"
     "kill: pid == 6; kill\nlseek: fd == 7; return 4095\nsocket: family == 8; errno 0\n"
     "openat: dfd == 9; 0\npersonality: personality == 10; 1\n"
     "setuid: uid == 11; allow\n"},
    {"uncond-actions", ALL,
     "read: errno 5\nwrite: trace 0\nclose: trap\nfcntl: log\ndup3: kill-thread\n"
     "ioctl: user-notify\nkill: kill-process\nlseek: allow\nsocket: 0\nconnect: 1\n"
     "openat: return EACCES\nsetuid: trace 65535\ndefault: errno EACCES\n"},
    {"default-allow", ALL, "default: allow\nread: fd == 0\nwrite: 0\nclose: errno 9\n"},
    {"default-errno", ALL, "read: fd < 3\nwrite: 0\nclose: fd == 1; trap\ndefault: errno ENOSYS\n"},
    {"default-log", ALL, "@default log\nread: fd == 0\nwrite: 0\n"},
    {"default-trap", ALL, "@default: trap\nread: fd == 0\nwrite: fd == 1; errno 1\n"},
    {"default-trace", ALL, "read: fd == 0\nwrite: 0\ndefault: trace 3\n"},
    {"default-notify", ALL, "default: user-notify\nread: fd == 0\n"},
    {"default-kill-thread", ALL, "default: kill-thread\nread: fd == 0\nwrite: allow\n"},
    {"only-default", ALL, "default: errno 7\n"},
    {"only-default-allow", ALL, "default: allow\n"},
    {"numbers", ALL,
     "0: errno 11\n1000: arg0 == 5 || arg5 > 7\n0x7fffffff: 1\n4294967295: errno 9\n"
     "4294967294: arg3 in {1, 2}\n0x40001000: trace 1\n0x3fffffff: allow\n"
     "0x80000000: arg1 < -1\n2147483649: 0\ndefault: errno 1\n"},
    {"numbers-edges", ALL, "0xffffffff: allow\n0: allow\n"},
    {"numbers-edges2", ALL, "4294967295: allow\ndefault: allow\n1: errno 3\n"},
    {"numbers-edges3", ALL, "0xfffffffe: allow\n0xffffffff: errno 4\n"},
    {"rt_sigaction-cond", ALL, "rt_sigaction: sig == SIGSYS; errno 3\nread: 1\n"},
    {"rt_sigaction-allow", ALL, "rt_sigaction: 1\ndefault: allow\n"},
    {"rt_sigaction-act", ALL, "rt_sigaction: act == 0 || sig != 31\ndefault: errno 2\n"},
    {"rt_sigaction-kill", ALL, "rt_sigaction: kill\nread: fd == 1\n"},
    {"grouped", ALL,
     "{read, write}: fd < 3\nclose, fcntl: fd == 1; errno 4\n{dup3}: 1\n"
     "sys_kill, sys_tgkill, socket: arg0 > 5; trace 9\n"},
    {"values", ALL,
     "openat: mode == 0644 || mode == 0755 || flags == (O_WRONLY|O_CREAT|O_TRUNC)\n"
     "kill: pid == -1 || sig == ~0 || sig == -(2) || pid == -2147483648\n"
     "fcntl: cmd == (F_SETFL) | 0 || cmd == ~~5 || cmd == 0X1F || cmd == 017\n"
     "read: fd == 4294967295 || fd == -2147483648 || fd == ~0x7ffffffe\n"},
    /* Sets of values on one word: a jset cube, runs, chains. */
    {"value-sets", ALL,
     "personality: arg0 == 0 || arg0 == 8 || arg0 == 0x20000 || arg0 == 0x20008 || "
     "arg0 == 0xffffffff\n"
     "socket: family == 1 || family == 2 || family == 10\n"
     "read: fd == 0 || fd == 1 || fd == 2 || fd == 3 || fd == 4294967295 || fd == 4294967294 || "
     "fd == 100 || fd == 102 || fd == 101 || fd == 0x80000000\n"
     "write: fd != 5 && fd != 6 && fd != 7 && fd != 0 && count > 2\n"
     "close: fd == 9 || fd == 11 || fd == 13 || fd == 0x7fffffff || fd == 0x80000001\n"
     "kill: sig == -1 || sig == 0 || sig == 1 || pid == 3 || sig == -2147483648\n"
     "dup: fildes == 4 || fildes == 5 || fildes == 6; errno 3\n"},
    {"value-set-large", ALL, NULL},
    {"extremes64", BITS64,
     "read: count >= 0 && count <= 0xffffffffffffffff\n"
     "lseek: offset > 0x7fffffffffffffff || offset < -0x8000000000000000 || offset >= "
     "-9223372036854775808\n"
     "kill: pid > 2147483647 || pid < -2147483648 || sig <= 2147483647\n"
     "write: count > 18446744073709551615 || count < 1\n"},
    {"continuations", ALL,
     "# a comment\nread: fd == 1 || \\\n  fd == 2 \\\n  || fd == 3  # trailing\n\n"
     "write: \\\n 1\n"},
    {"frequency", ALL, NULL /* built at run time: @frequency and a rule per syscall */},
    {"large-alternatives", ALL, NULL},
    {"large-every-syscall", ALL, NULL},
    {"large-set64", BITS64, NULL},
};

/* The policy text for hand[i] on arch, in b; 0 if it has none there. */
static int hand_text(size_t i, enum sf_arch arch, struct pg_buf *b)
{
	const struct sf_syscall_table *t = sf_arch_info(arch)->table;
	const char *name = hand[i].name;
	size_t k;

	if (!(hand[i].arches & (1u << arch)))
		return 0;
	if (hand[i].text) {
		pg_printf(b, "%s", hand[i].text);
		return 1;
	}
	if (strcmp(name, "frequency") == 0) {
		/* Alternating outcomes, so that the tree has many leaves and
		 * the weights decide its shape. */
		pg_printf(b, "@frequency %s\n", freq_path);
		for (k = 0; k < t->count; k += 2)
			pg_printf(b, "%s: %s\n", t->calls[k].name, k % 4 ? "allow" : "errno 1");
		pg_printf(b, "default: errno 2\n");
		return 1;
	}
	if (strcmp(name, "large-alternatives") == 0) {
		/* 1400 alternatives: each a jeq whose target is far away. */
		pg_printf(b, "ioctl: cmd == 0x5401");
		for (k = 1; k < 1400; k++)
			pg_printf(b, " || cmd == %zu", k * 7919 % 100003);
		pg_printf(b, "\nread: fd == 0\nwrite: fd < 3; errno 5\n");
		return 1;
	}
	if (strcmp(name, "value-set-large") == 0) {
		/* More runs than a pure tree takes: chains at the leaves. */
		pg_printf(b, "ioctl: cmd == 0");
		for (k = 1; k < 300; k++)
			pg_printf(b, " || cmd == %zu", k % 7 == 0 ? k + 1 : k * 5);
		pg_printf(b, " || fd == 7\nread: fd == 0\n");
		return 1;
	}
	if (strcmp(name, "large-every-syscall") == 0) {
		/* Nearly every syscall with arguments gets a condition: a deep
		 * tree and blocks far from it. One in 16 is allowed plainly, so
		 * that Linux 6.18's 382 x86_64 syscalls stay within 4096
		 * instructions. */
		for (k = 0; k < t->count; k++) {
			const struct sf_syscall *sc = &t->calls[k];
			if (!sc->nargs || k % 16 == 15) {
				pg_printf(b, "%s: %s\n", sc->name, k % 3 ? "allow" : "errno 3");
				continue;
			}
			if (k % 3 == 2)
				pg_printf(b, "%s: arg%d > %zu\n", sc->name, sc->nargs - 1, k * 3);
			else
				pg_printf(b, "%s: arg0 < %zu || arg%d == -%zu; errno %zu\n",
					  sc->name, k, sc->nargs - 1, 16 - k % 10, k % 4095 + 1);
		}
		return 1;
	}
	if (strcmp(name, "large-set64") == 0) {
		pg_printf(b, "read: count in {");
		for (k = 0; k < 700; k++)
			pg_printf(b, "%s0x%zx%08zx", k ? ", " : "", k * 13 % 5, k * 0x10001);
		pg_printf(b, "}\nwrite: count > 5\n");
		return 1;
	}
	return 0;
}

/* ---- inputs ---- */

struct pool {
	uint64_t *v;
	size_t n, cap;
};

static void pool_add(struct pool *p, uint64_t v)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->v = realloc(p->v, p->cap * sizeof(*p->v));
		if (!p->v)
			abort();
	}
	p->v[p->n++] = v;
}

static const uint64_t arg_bounds[] = {
    0,
    1,
    (uint64_t)-1,
    1ull << 31,
    (1ull << 31) - 1,
    (1ull << 32) - 1,
    1ull << 32,
    1ull << 63,
    (1ull << 63) - 1,
    0xffffffff80000000ull,
    0xffffffff7fffffffull,
    (1ull << 32) + 1,
    2,
    0x100,
};

static const uint32_t nr_bounds[] = {0,		  0xffffffffu, 0x3fffffffu, 0x40000000u,
				     0x40000fffu, 0x40001000u, 0x7fffffffu, 0x80000000u,
				     0x40000001u, 0x40000ffeu};

static void collect_values(const struct sf_policy *p, struct pool *vals)
{
	size_t i, k;

	for (k = 0; k < COUNT(arg_bounds); k++)
		pool_add(vals, arg_bounds[k]);
	pool_add(vals, SIGSYS);
	for (i = 0; i < p->nnodes; i++) {
		const struct sf_node *n = &p->nodes[i];
		uint64_t v[2] = {n->value, n->mask};
		if (n->kind != SF_NODE_CMP)
			continue;
		for (k = 0; k < 2; k++) {
			pool_add(vals, v[k]);
			pool_add(vals, v[k] + 1);
			pool_add(vals, v[k] - 1);
			pool_add(vals, ~v[k]);
			/* The same low word with each kind of upper half. */
			pool_add(vals, (uint32_t)v[k]);
			pool_add(vals, (uint64_t)(int64_t)(int32_t)(uint32_t)v[k]);
			pool_add(vals, (uint32_t)v[k] | 0xdead000000000000ull);
			pool_add(vals, (v[k] & 0xffffffff00000000ull) | ((uint32_t)v[k] + 1));
		}
	}
}

static uint64_t pick_arg(uint64_t *s, const struct pool *vals)
{
	uint64_t v;

	switch (pg_below(s, 10)) {
	case 0:
		return arg_bounds[pg_below(s, COUNT(arg_bounds))];
	case 1:
		return pg_next(s);
	case 2:
		return pg_below(s, 300);
	case 3:
		/* garbage in the upper half */
		return (pg_next(s) << 32) | (uint32_t)vals->v[pg_below(s, vals->n)];
	case 4:
		return (uint64_t)(int64_t)(int32_t)pg_next(s);
	default:
		v = vals->v[pg_below(s, vals->n)];
		if (pg_below(s, 4) == 0)
			v += pg_below(s, 3) - 1;
		return v;
	}
}

struct target_set {
	int *nr;
	size_t n;
};

static uint32_t pick_nr(uint64_t *s, const struct sf_policy *p, const struct target_set *ts)
{
	const struct sf_syscall_table *t = sf_arch_info(p->arch)->table;
	uint32_t nr;

	switch (pg_below(s, 10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		if (!ts->n)
			return (uint32_t)pg_below(s, 500);
		return (uint32_t)ts->nr[pg_below(s, ts->n)];
	case 4:
		if (!ts->n)
			return (uint32_t)pg_below(s, 500);
		nr = (uint32_t)ts->nr[pg_below(s, ts->n)];
		return pg_below(s, 2) ? nr + 1 : nr - 1;
	case 5:
		return nr_bounds[pg_below(s, COUNT(nr_bounds))];
	case 6:
	case 7:
		return (uint32_t)t->calls[pg_below(s, t->count)].nr;
	case 8:
		return (uint32_t)pg_next(s);
	default:
		return (uint32_t)pg_below(s, 1100);
	}
}

static const char *arch_name(enum sf_arch a)
{
	return sf_arch_info(a)->name;
}

/* Compares the interpreter and the program on n inputs. */
static void agree(const char *name, const struct sf_policy *p, const struct sf_compile_opts *o,
		  const struct sf_prog *prog, uint64_t seed, size_t n)
{
	const struct sf_arch_info *ai = sf_arch_info(p->arch);
	const struct sf_syscall *sigaction = sf_syscall_by_name(ai->table, "rt_sigaction");
	static const uint32_t other_arches[] = {
	    AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM, 0, 0xffffffffu};
	struct target_set ts = {NULL, 0};
	struct pool vals = {NULL, 0, 0};
	uint64_t s = seed;
	size_t i, bad = 0;

	collect_values(p, &vals);
	ts.nr = calloc(p->nrules * 3 + 2, sizeof(*ts.nr));
	if (!ts.nr)
		abort();
	for (i = 0; i < p->nrules; i++)
		ts.nr[ts.n++] = p->rules[i].nr;
	if (sigaction)
		ts.nr[ts.n++] = sigaction->nr;
	for (i = 0; i < n; i++) {
		struct seccomp_data sd;
		uint32_t want, got;

		memset(&sd, 0, sizeof(sd));
		sd.nr = (int)pick_nr(&s, p, &ts);
		sd.arch = pg_below(&s, 16)
			      ? ai->audit_arch
			      : (pg_below(&s, 2) ? other_arches[pg_below(&s, COUNT(other_arches))]
						 : (uint32_t)pg_next(&s));
		sd.instruction_pointer = pg_next(&s);
		for (int k = 0; k < 6; k++)
			sd.args[k] = pick_arg(&s, &vals);
		if (sigaction && sd.nr == sigaction->nr && pg_below(&s, 2)) {
			/* The SIGSYS guard: token or not, act or not. */
			uint64_t hi = pg_below(&s, 2)	? o->sigsys_token
				      : pg_below(&s, 2) ? 0
							: pg_next(&s);
			sd.args[0] =
			    (hi << 32) | (pg_below(&s, 8) ? SIGSYS : (uint32_t)pick_arg(&s, &vals));
			if (pg_below(&s, 2))
				sd.args[1] = pg_below(&s, 2) ? 0 : 1ull << 32;
		}
		want = sf_policy_eval(p, o, &sd);
		got = sf_bpf_run(prog, &sd, NULL);
		if (want != got) {
			bad++;
			if (mismatches_shown++ < 20)
				fprintf(
				    stderr,
				    "%s on %s, %s mode: nr %#x arch %#x args %#llx %#llx %#llx "
				    "%#llx "
				    "%#llx %#llx: interpreter %#x, program %#x\n",
				    name, arch_name(p->arch),
				    o->report == SF_REPORT_TRAP ? "trap" : "kill", (unsigned)sd.nr,
				    sd.arch, (unsigned long long)sd.args[0],
				    (unsigned long long)sd.args[1], (unsigned long long)sd.args[2],
				    (unsigned long long)sd.args[3], (unsigned long long)sd.args[4],
				    (unsigned long long)sd.args[5], want, got);
		}
	}
	CHECKF(bad == 0, "%s on %s: %zu of %zu inputs disagree", name, arch_name(p->arch), bad, n);
	total_inputs += n;
	free(ts.nr);
	free(vals.v);
}

static int parse(struct sf_policy *p, enum sf_arch arch, const char *name, const char *text,
		 struct sf_error *err)
{
	sf_policy_init(p, arch);
	if (sf_parse_text(p, name, text, strlen(text), err))
		return -1;
	return sf_parse_finish(p, err);
}

/* Parses, compiles in both modes and compares; returns the largest
 * program's length, or 0 when the text did not compile. */
static size_t check_policy(const char *name, enum sf_arch arch, const char *text, uint64_t seed,
			   size_t n)
{
	struct sf_policy p;
	struct sf_error err;
	size_t longest = 0;

	if (parse(&p, arch, name, text, &err)) {
		CHECKF(0, "%s on %s does not parse: %s\n%s", name, arch_name(arch), err.msg, text);
		return 0;
	}
	for (int mode = 0; mode < 2; mode++) {
		struct sf_compile_opts o;
		struct sf_prog prog;
		char why[256];

		memset(&o, 0, sizeof(o));
		o.report = mode ? SF_REPORT_TRAP : SF_REPORT_KILL;
		o.policy_index = (unsigned)pg_below(&seed, SF_ID_MAX_POLICIES);
		o.sigsys_token = (uint32_t)pg_next(&seed) | 1;
		if (sf_compile(&p, &o, &prog, &err)) {
			CHECKF(0, "%s on %s does not compile: %s", name, arch_name(arch), err.msg);
			continue;
		}
		CHECKF(sf_bpf_validate(&prog, why, sizeof(why)) == 0,
		       "%s on %s: invalid program: %s", name, arch_name(arch), why);
		if (prog.len > longest)
			longest = prog.len;
		agree(name, &p, &o, &prog, seed + (uint64_t)mode, n);
		sf_prog_free(&prog);
	}
	sf_policy_free(&p);
	return longest;
}

static void test_hand_policies(void)
{
	size_t i, a, longest_large = 0;

	for (i = 0; i < COUNT(hand); i++) {
		unsigned narches = 0;
		for (a = 0; a < COUNT(arches); a++)
			narches += (hand[i].arches >> arches[a]) & 1;
		for (a = 0; a < COUNT(arches); a++) {
			struct pg_buf b = {NULL, 0, 0};
			size_t len;
			if (!hand_text(i, arches[a], &b))
				continue;
			len = check_policy(hand[i].name, arches[a], b.s, 0x5eed0000 + i * 8 + a,
					   INPUTS_PER_POLICY / (2 * narches) + 1);
			if (strncmp(hand[i].name, "large", 5) == 0) {
				CHECKF(len > 2000, "%s on %s: only %zu instructions", hand[i].name,
				       arch_name(arches[a]), len);
				if (len > longest_large)
					longest_large = len;
			}
			pg_free(&b);
		}
	}
	/* At least one is long enough to need trampolines everywhere. */
	CHECKF(longest_large > 3000, "largest program %zu instructions", longest_large);
}

static void test_random_policies(void)
{
	struct pg_opts o = {0, NULL, -1, 25};
	size_t compiled = 0;

	for (int seed = 1; seed <= RANDOM_POLICIES; seed++) {
		for (size_t a = 0; a < COUNT(arches); a++) {
			struct pg_buf b = {NULL, 0, 0};
			char name[64];
			snprintf(name, sizeof(name), "random #%d", seed);
			pg_policy(0x9000 + (uint64_t)seed * 131 + a, arches[a], &o, &b);
			/* Each arch's text is a policy of its own. */
			if (check_policy(name, arches[a], b.s, (uint64_t)seed * 7 + a,
					 INPUTS_PER_POLICY / 2 + 1))
				compiled++;
			pg_free(&b);
		}
	}
	CHECKF(compiled == RANDOM_POLICIES * COUNT(arches), "%zu random policies compiled",
	       compiled);
}

/* ---- structure ---- */

static int compile_text(enum sf_arch arch, const char *text, enum sf_report mode,
			struct sf_policy *p, struct sf_prog *prog, struct sf_error *err)
{
	struct sf_compile_opts o = {mode, 0, 0x5a5a5a5a};

	if (parse(p, arch, "p.txt", text, err))
		return -1;
	if (sf_compile(p, &o, prog, err)) {
		sf_policy_free(p);
		return -1;
	}
	return 0;
}

static int nr_of(enum sf_arch arch, const char *name)
{
	const struct sf_syscall *sc = sf_syscall_by_name(sf_arch_info(arch)->table, name);

	return sc ? sc->nr : -1;
}

/* Every input with this nr gives ALLOW (sampled). */
static int always_allows(const struct sf_prog *prog, uint32_t audit, int nr, uint64_t seed)
{
	for (int i = 0; i < 2000; i++) {
		struct seccomp_data sd = {.nr = nr, .arch = audit};
		for (int k = 0; k < 6; k++)
			sd.args[k] = i < 64 ? (i & 1 ? 1ull << (i / 2 % 64) : 0) : pg_next(&seed);
		sd.args[0] = i % 7 == 0 ? SIGSYS : sd.args[0];
		if (sf_bpf_run(prog, &sd, NULL) != SECCOMP_RET_ALLOW)
			return 0;
	}
	return 1;
}

static void test_const_allow(void)
{
	for (size_t a = 0; a < COUNT(arches); a++) {
		enum sf_arch arch = arches[a];
		uint32_t audit = sf_arch_info(arch)->audit_arch;
		struct sf_policy p;
		struct sf_prog prog;
		struct sf_error err;
		/* fcntl and kill are conditional, but allow either way. */
		const char *allowed[] = {"read", "close", "fcntl", "dup3", "kill"};
		const char *checked[] = {"write", "getpid", "openat", "lseek"};

		if (compile_text(arch,
				 "read: 1\nwrite: fd == 1\nclose: allow\ngetpid: errno 5\n"
				 "fcntl: fd == 1; allow\nkill: pid > 0; 1\ndup3: 1\n"
				 "openat: dfd == AT_FDCWD; errno 1\nlseek: trace 1\n"
				 "default: errno EPERM\n",
				 SF_REPORT_KILL, &p, &prog, &err)) {
			CHECKF(0, "%s", err.msg);
			continue;
		}
		for (size_t i = 0; i < COUNT(allowed); i++) {
			int nr = nr_of(arch, allowed[i]);
			CHECKF(sf_bpf_const_allow(&prog, audit, (uint32_t)nr) == 1,
			       "%s on %s: not cached", allowed[i], arch_name(arch));
			CHECK(always_allows(&prog, audit, nr, 1));
			CHECK(sf_bpf_const_allow(&prog, audit ^ 1, (uint32_t)nr) == 0);
		}
		/* Allowed only with some arguments, or never. */
		for (size_t i = 0; i < COUNT(checked); i++)
			CHECKF(sf_bpf_const_allow(&prog, audit,
						  (uint32_t)nr_of(arch, checked[i])) == 0,
			       "%s on %s: cached", checked[i], arch_name(arch));
		CHECK(sf_bpf_const_allow(&prog, audit, 1000) == 0);
		CHECK(sf_bpf_const_allow(&prog, audit, 0xffffffffu) == 0);
		sf_prog_free(&prog);
		sf_policy_free(&p);

		/* Default allow: unlisted numbers are cached too, except x32. */
		if (compile_text(arch, "default: allow\nwrite: fd == 1; errno 5\nread: kill\n",
				 SF_REPORT_KILL, &p, &prog, &err)) {
			CHECKF(0, "%s", err.msg);
			continue;
		}
		CHECK(sf_bpf_const_allow(&prog, audit, (uint32_t)nr_of(arch, "getppid")) == 1);
		CHECK(sf_bpf_const_allow(&prog, audit, 1000) == 1);
		CHECK(sf_bpf_const_allow(&prog, audit, 0xffffffffu) == 1);
		CHECK(sf_bpf_const_allow(&prog, audit, (uint32_t)nr_of(arch, "write")) == 0);
		CHECK(sf_bpf_const_allow(&prog, audit, (uint32_t)nr_of(arch, "read")) == 0);
		CHECK(sf_bpf_const_allow(&prog, audit, 0x40000000u) == (arch != SF_ARCH_X86_64));
		CHECK(sf_bpf_const_allow(&prog, audit, 0x40000fffu) == (arch != SF_ARCH_X86_64));
		CHECK(sf_bpf_const_allow(&prog, audit, 0x40001000u) == 1);
		sf_prog_free(&prog);
		sf_policy_free(&p);

		/* Report mode: rt_sigaction depends on its arguments (the
		 * guard), whatever the policy says of it. */
		for (int with_rule = 0; with_rule < 2; with_rule++) {
			if (compile_text(arch,
					 with_rule ? "rt_sigaction: 1\nread: 1\ndefault: allow\n"
						   : "read: 1\ndefault: allow\n",
					 SF_REPORT_TRAP, &p, &prog, &err)) {
				CHECKF(0, "%s", err.msg);
				continue;
			}
			CHECK(sf_bpf_const_allow(&prog, audit,
						 (uint32_t)nr_of(arch, "rt_sigaction")) == 0);
			CHECK(sf_bpf_const_allow(&prog, audit, (uint32_t)nr_of(arch, "read")) == 1);
			CHECK(sf_bpf_const_allow(&prog, audit, (uint32_t)nr_of(arch, "getppid")) ==
			      1);
			sf_prog_free(&prog);
			sf_policy_free(&p);
		}
	}
}

static size_t ceil_log2(size_t n)
{
	size_t k = 0;

	while (((size_t)1 << k) < n)
		k++;
	return k;
}

/* One executed count for one number. */
static size_t executed_for(const struct sf_prog *prog, uint32_t audit, int nr)
{
	struct seccomp_data sd = {.nr = nr, .arch = audit};
	size_t n = 0;

	sf_bpf_run(prog, &sd, &n);
	return n;
}

/* The dispatch tree: an optimal alphabetic tree over the intervals of
 * syscall numbers, weighted by the calls that pass. Executed instructions:
 * ld arch, jeq, ld nr, the tree's jges (with a trampoline where a jump is
 * too far), ret. */
static void test_tree_depth(void)
{
	for (size_t a = 0; a < COUNT(arches); a++) {
		enum sf_arch arch = arches[a];
		const struct sf_arch_info *ai = sf_arch_info(arch);
		const struct sf_syscall_table *t = ai->table;
		struct pg_buf b = {NULL, 0, 0};
		struct sf_policy p;
		struct sf_prog prog;
		struct sf_error err;
		struct sf_bpf_stats st;
		size_t bound, plain, k, n = 2 * t->count + 3; /* intervals at most */

		/* A different errno for every syscall: no two merge, no call
		 * passes, all weigh alike, so the tree is balanced. */
		for (k = 0; k < t->count; k++)
			pg_printf(&b, "%s: errno %zu\n", t->calls[k].name, k + 1);
		if (compile_text(arch, b.s, SF_REPORT_KILL, &p, &prog, &err)) {
			CHECKF(0, "%s", err.msg);
			pg_free(&b);
			continue;
		}
		sf_bpf_stats(&prog, arch, &st);
		bound = 3 + ceil_log2(n) + 1 + 3;
		CHECKF(st.worst <= bound,
		       "%s: %zu syscalls, worst %zu instructions (nr %zu), bound %zu",
		       arch_name(arch), t->count, st.worst, st.worst_nr, bound);
		CHECKF(st.worst >= 3 + ceil_log2(t->count) + 1, "%s: worst %zu is impossibly small",
		       arch_name(arch), st.worst);
		CHECK(st.mean <= (double)st.worst && st.mean >= 5.0);
		CHECK(st.insns == prog.len);
		CHECK(st.cache_allow == 0 && st.allow_total == 0);
		sf_prog_free(&prog);
		sf_policy_free(&p);
		pg_free(&b);

		/* Allow and errno alternating: calls that pass weigh more, so
		 * the tree is deeper on the errno side, but still logarithmic. */
		for (k = 0; k < t->count; k++)
			pg_printf(&b, "%s: %s %zu\n", t->calls[k].name,
				  k % 2 && strcmp(t->calls[k].name, "write") ? "errno" : "allow #",
				  k + 1);
		if (compile_text(arch, b.s, SF_REPORT_KILL, &p, &prog, &err)) {
			CHECKF(0, "%s", err.msg);
			pg_free(&b);
			continue;
		}
		sf_bpf_stats(&prog, arch, &st);
		CHECKF(st.worst <= 3 + 2 * ceil_log2(n) + 4, "%s: worst %zu instructions (nr %zu)",
		       arch_name(arch), st.worst, st.worst_nr);
		plain = executed_for(&prog, ai->audit_arch, nr_of(arch, "write"));
		sf_prog_free(&prog);
		sf_policy_free(&p);

		/* With @frequency, write, being hot, is next to the root. */
		pg_printf(&b, "@frequency %s\n", freq_path);
		if (compile_text(arch, b.s, SF_REPORT_KILL, &p, &prog, &err)) {
			CHECKF(0, "%s", err.msg);
			pg_free(&b);
			continue;
		}
		k = executed_for(&prog, ai->audit_arch, nr_of(arch, "write"));
		CHECKF(k <= 3 + 2 + 2 + 1 && k < plain,
		       "%s: write takes %zu instructions with @frequency, %zu without",
		       arch_name(arch), k, plain);
		sf_prog_free(&prog);
		sf_policy_free(&p);
		pg_free(&b);

		/* Many syscalls with one outcome merge into few intervals. */
		for (k = 0; k < t->count; k++)
			pg_printf(&b, "%s: allow\n", t->calls[k].name);
		pg_printf(&b, "default: errno 1\n");
		if (compile_text(arch, b.s, SF_REPORT_KILL, &p, &prog, &err) == 0) {
			sf_bpf_stats(&prog, arch, &st);
			CHECKF(prog.len < 200, "%s: %zu instructions for allow-everything-listed",
			       arch_name(arch), prog.len);
			CHECK(st.cache_allow == t->count);
			sf_prog_free(&prog);
			sf_policy_free(&p);
		} else {
			CHECKF(0, "%s", err.msg);
		}
		pg_free(&b);
	}
}

static size_t count_ja(const struct sf_prog *prog)
{
	size_t n = 0;

	for (size_t i = 0; i < prog->len; i++)
		n += prog->insns[i].code == (BPF_JMP | BPF_JA);
	return n;
}

static void test_large(void)
{
	struct pg_buf b = {NULL, 0, 0};
	struct sf_policy p;
	struct sf_prog prog;
	struct sf_error err;
	char why[256];
	const char *first, *second;
	size_t k;

	/* 1800 alternatives: over 3000 instructions, still under the limit. */
	pg_printf(&b, "read: 1\nioctl: cmd == 1");
	for (k = 2; k <= 1800; k++)
		pg_printf(&b, " || cmd == %zu", k * 3);
	pg_printf(&b, "\n");
	if (compile_text(SF_ARCH_X86_64, b.s, SF_REPORT_KILL, &p, &prog, &err) == 0) {
		CHECKF(prog.len > 3000 && prog.len <= SF_BPF_MAX_INSNS, "%zu instructions",
		       prog.len);
		CHECKF(sf_bpf_validate(&prog, why, sizeof(why)) == 0, "%s", why);
		CHECKF(count_ja(&prog) > 1000, "%zu trampolines", count_ja(&prog));
		/* The first and the last alternative, and a miss. */
		struct seccomp_data sd = {.nr = 16, .arch = AUDIT_ARCH_X86_64, .args = {0, 1}};
		CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_ALLOW);
		sd.args[1] = 5400;
		CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_ALLOW);
		sd.args[1] = 5401;
		CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
		sd.args[1] = 5400 | (7ull << 32); /* cmd is an unsigned int */
		CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_ALLOW);
		sd.nr = 0;
		CHECK(sf_bpf_const_allow(&prog, AUDIT_ARCH_X86_64, 0) == 1);
		sf_prog_free(&prog);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	pg_free(&b);

	/* Over the limit: the error names the costliest rules, most first. */
	pg_printf(&b, "read: fd == 0\nwrite: fd == 1");
	/* Values 3 apart: consecutive ones would make one range test. */
	for (k = 2; k <= 1500; k++)
		pg_printf(&b, " || fd == %zu", 3 * k);
	pg_printf(&b, "\nclose: 1\nioctl: cmd == 1");
	for (k = 2; k <= 4000; k++)
		pg_printf(&b, " || cmd == %zu", 3 * k);
	pg_printf(&b, "\n");
	CHECK(compile_text(SF_ARCH_X86_64, b.s, SF_REPORT_KILL, &p, &prog, &err) == -1);
	CHECKF(strstr(err.msg, "p.txt: error: the policy compiles to ") &&
		   strstr(err.msg, "more than the kernel's limit of 4096"),
	       "%s", err.msg);
	first = strstr(err.msg, "p.txt:4 (");
	second = strstr(err.msg, "p.txt:2 (");
	CHECKF(first && second && first < second, "%s", err.msg);
	CHECKF(!strstr(err.msg, "p.txt:3 ("), "unconditional rule named: %s", err.msg);
	CHECK(prog.insns == NULL && prog.len == 0);

	/* A rule from an included file is named by that file. */
	{
		char inc[256], want[300];
		FILE *f;
		snprintf(inc, sizeof(inc), "/tmp/sf-test-compile-%d.policy", (int)getpid());
		f = fopen(inc, "w");
		if (f) {
			fprintf(f, "# big\n%s", strstr(b.s, "ioctl:"));
			fclose(f);
			pg_free(&b);
			pg_printf(&b, "read: fd == 0\n@include %s\n", inc);
			CHECK(compile_text(SF_ARCH_X86_64, b.s, SF_REPORT_KILL, &p, &prog, &err) ==
			      -1);
			snprintf(want, sizeof(want), "the rules that cost most: %s:2 (", inc);
			CHECKF(strstr(err.msg, "p.txt: error: the policy compiles to") == err.msg &&
				   strstr(err.msg, want) && strstr(err.msg, "p.txt:1 ("),
			       "%s", err.msg);
			unlink(inc);
		}
	}
	pg_free(&b);
}

/* Report mode: kill-process and trap carry the rule's id, which names the
 * rule again; ids past the last distinct one are shared. */
static void test_ids(void)
{
	struct sf_compile_opts o = {SF_REPORT_TRAP, 5, 0x1234};
	struct seccomp_data sd = {.arch = AUDIT_ARCH_X86_64};
	struct pg_buf b = {NULL, 0, 0};
	struct sf_policy p;
	struct sf_prog prog;
	struct sf_error err;
	uint32_t ret;
	size_t k;

	if (parse(&p, SF_ARCH_X86_64, "p.txt",
		  "read: kill\nwrite: fd == 1; trap\nclose: errno 3\nlseek: 0\ndefault: "
		  "kill-process\n",
		  &err)) {
		CHECKF(0, "%s", err.msg);
		return;
	}
	CHECK(sf_compile(&p, &o, &prog, &err) == 0);
	sd.nr = 0; /* read: rule 0 */
	ret = sf_bpf_run(&prog, &sd, NULL);
	CHECKF(ret == (SECCOMP_RET_TRAP | 5u << 12 | 0), "%#x", ret);
	CHECK(sf_rule_from_id(&p, (uint16_t)ret) == &p.rules[0]);
	sd.nr = 1; /* write with fd 2: rule 1's trap */
	sd.args[0] = 2;
	ret = sf_bpf_run(&prog, &sd, NULL);
	CHECKF(ret == (SECCOMP_RET_TRAP | 5u << 12 | 1), "%#x", ret);
	CHECK(sf_rule_from_id(&p, (uint16_t)ret) == &p.rules[1]);
	sd.nr = 8; /* lseek: the denial, which is the default's kill */
	ret = sf_bpf_run(&prog, &sd, NULL);
	CHECKF(ret == (SECCOMP_RET_TRAP | 5u << 12 | 3), "%#x", ret);
	CHECK(sf_rule_from_id(&p, (uint16_t)ret) == &p.rules[3]);
	sd.nr = 1000; /* no rule: the default's id */
	ret = sf_bpf_run(&prog, &sd, NULL);
	CHECKF(ret == (SECCOMP_RET_TRAP | 5u << 12 | SF_ID_DEFAULT), "%#x", ret);
	CHECK(sf_rule_from_id(&p, (uint16_t)ret) == NULL);
	CHECK(sf_rule_from_id(&p, SF_ID_SIGSYS) == NULL);
	CHECK(sf_rule_from_id(&p, 4) == NULL); /* past the rules */
	sf_prog_free(&prog);
	/* Without report mode: kill is kill, trap keeps its own data (0). */
	o.report = SF_REPORT_KILL;
	CHECK(sf_compile(&p, &o, &prog, &err) == 0);
	sd.nr = 0;
	CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	sd.nr = 1;
	CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_TRAP);
	sf_prog_free(&prog);
	o.policy_index = SF_ID_MAX_POLICIES;
	CHECK(sf_compile(&p, &o, &prog, &err) == -1 &&
	      strcmp(err.msg, "error: more than 16 stacked policies") == 0);
	sf_policy_free(&p);

	/* 4200 rules: ids stop at SF_ID_SIGSYS - 1, which names no rule. */
	for (k = 0; k < 4200; k++)
		pg_printf(&b, "%zu: kill\n", 10000 + k);
	if (parse(&p, SF_ARCH_X86_64, "p.txt", b.s, &err) == 0) {
		o.report = SF_REPORT_TRAP;
		o.policy_index = 2;
		sd.nr = 10000 + 4092;
		ret = sf_policy_eval(&p, &o, &sd);
		CHECKF(ret == (SECCOMP_RET_TRAP | 2u << 12 | 4092), "%#x", ret);
		CHECK(sf_rule_from_id(&p, (uint16_t)ret) == &p.rules[4092]);
		sd.nr = 10000 + 4150;
		ret = sf_policy_eval(&p, &o, &sd);
		CHECKF(ret == (SECCOMP_RET_TRAP | 2u << 12 | (SF_ID_SIGSYS - 1)), "%#x", ret);
		CHECK(sf_rule_from_id(&p, (uint16_t)ret) == NULL);
		/* In kill mode they all merge into one interval. */
		o.report = SF_REPORT_KILL;
		CHECK(sf_compile(&p, &o, &prog, &err) == 0 && prog.len < 20);
		sf_prog_free(&prog);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	pg_free(&b);
}

/* The frequency file used by the "frequency" policy and the depth test:
 * write is hot. */
static void make_frequency_file(void)
{
	FILE *f;

	snprintf(freq_path, sizeof(freq_path), "/tmp/sf-test-compile-%d.frequency", (int)getpid());
	f = fopen(freq_path, "w");
	if (!f) {
		perror(freq_path);
		exit(2);
	}
	fprintf(f, "write: 1000000\nread: 5000\nclose: 100\nsys_getppid: 3\n");
	fclose(f);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The radix sort the compiler orders its points with, against qsort, on
 * keys that differ in few bytes, in all of them, or not at all. */
static void test_sort(void)
{
	static uint64_t keys[3000], tmp[3000], want[3000];
	const uint64_t masks[] = {
	    0, 0xff, 0xff00ff, 0xffffffff00000000ull, ~0ull, 0x8000000000000001ull};
	uint64_t seed = 7;

	for (size_t m = 0; m < COUNT(masks); m++) {
		for (size_t n = 0; n <= 3000; n = n ? n * 3 : 1) {
			for (size_t i = 0; i < n; i++)
				want[i] = keys[i] = (pg_next(&seed) & masks[m]) | 0x1234;
			qsort(want, n, sizeof(*want), cmp_u64);
			sf_sort_u64(keys, tmp, n);
			CHECKF(n == 0 || memcmp(keys, want, n * sizeof(*keys)) == 0,
			       "radix sort of %zu keys, mask %zu", n, m);
		}
	}
}

int main(void)
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	make_frequency_file();
	test_sort();
	test_const_allow();
	test_tree_depth();
	test_large();
	test_ids();
	test_hand_policies();
	test_random_policies();
	unlink(freq_path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("compile: %llu inputs checked against the interpreter (%zu hand-written and %d "
	       "random policies, 3 arches, 2 report modes) in %.1f s\n",
	       total_inputs, COUNT(hand), RANDOM_POLICIES,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return test_report("compile");
}
