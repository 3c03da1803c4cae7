/* --explain round trip: policy -> program -> explained text -> program
 * must answer every input as the first program did (emulator, random
 * inputs biased to the programs' constants). Also: default-unknown and
 * groups mean the same to the compiler and the reference interpreter, and
 * constants get the names a reader expects. */
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "constname.h"
#include "eval.h"
#include "explain.h"
#include "parse.h"
#include "policygen.h"
#include "test.h"

static uint64_t seed = 88172645463325252ull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static int compile_arch(enum sf_arch arch, const char *name, const char *text, struct sf_policy *p,
			struct sf_prog *prog)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_error err;

	sf_policy_init(p, arch);
	if (sf_parse_text(p, name, text, strlen(text), &err) || sf_parse_finish(p, &err) ||
	    sf_compile(p, &opts, prog, &err)) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		return -1;
	}
	return 0;
}

static int compile_text(const char *name, const char *text, struct sf_policy *p,
			struct sf_prog *prog)
{
	return compile_arch(sf_arch_native(), name, text, p, prog);
}

static uint64_t pick(const struct sf_prog *p)
{
	uint32_t k = p->insns[rnd() % p->len].k;

	switch (rnd() % 8) {
	case 0:
		return rnd();
	case 1:
		return k;
	case 2:
		return (uint32_t)(k + 1);
	case 3:
		return (uint32_t)(k - 1);
	case 4:
		return (uint64_t)(int64_t)(int32_t)k;
	case 5:
		return (uint64_t)k << 32 | (rnd() & 1);
	case 6:
		return rnd() % 4096;
	default:
		return 0;
	}
}

static uint32_t pick_nr(const struct sf_arch_info *ai)
{
	switch (rnd() % 4) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return (uint32_t)(rnd() % 1100);
	default:
		return (uint32_t)ai->table->calls[rnd() % ai->table->count].nr;
	}
}

/* Same answers on n random inputs (the upper halves of 32-bit arguments
 * zero: the language cannot test them, and sf never does). */
static int same(const struct sf_policy *pol, const struct sf_prog *a, const struct sf_prog *b,
		int n, struct seccomp_data *bad)
{
	const struct sf_arch_info *ai = sf_arch_info(pol->arch);

	for (int i = 0; i < n; i++) {
		struct seccomp_data sd;
		const struct sf_syscall *sc;
		memset(&sd, 0, sizeof(sd));
		sd.arch = ai->audit_arch;
		sd.nr = (int)pick_nr(ai);
		sc = sf_syscall_by_nr(ai->table, sd.nr);
		for (int k = 0; k < 6; k++) {
			sd.args[k] = pick(rnd() & 1 ? a : b);
			if (sc && k < sc->nargs && !SF_ARGTYPE_IS_64(sc->args[k].type))
				sd.args[k] &= 0xffffffffu;
		}
		if (sf_bpf_run(a, &sd, NULL) != sf_bpf_run(b, &sd, NULL)) {
			*bad = sd;
			return 0;
		}
	}
	return 1;
}

static void round_trip(const char *name, const struct sf_policy *pol, const struct sf_prog *prog)
{
	struct sf_policy p2;
	struct sf_prog prog2 = {NULL, 0};
	struct seccomp_data bad;
	char *text = NULL, why[512];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int r;

	r = sf_explain(f, prog, pol->arch, name, why, sizeof why);
	fclose(f);
	CHECKF(r == 0, "%s: %s", name, why);
	if (r) {
		free(text);
		return;
	}
	r = compile_arch(pol->arch, "explained", text, &p2, &prog2);
	CHECKF(r == 0, "%s: the explained policy does not compile:\n%s", name, text);
	if (!r) {
		r = same(pol, prog, &prog2, 20000, &bad);
		CHECKF(r, "%s: differs at nr %d args %llx %llx %llx:\n%s", name, bad.nr,
		       (unsigned long long)bad.args[0], (unsigned long long)bad.args[1],
		       (unsigned long long)bad.args[2], text);
	}
	sf_prog_free(&prog2);
	sf_policy_free(&p2);
	free(text);
}

static void file_round_trip(const char *path)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_policy p;
	struct sf_prog prog = {NULL, 0};
	struct sf_error err;

	sf_policy_init(&p, sf_arch_native());
	if (sf_parse_file(&p, path, &err) || sf_parse_finish(&p, &err) ||
	    sf_compile(&p, &opts, &prog, &err)) {
		CHECKF(0, "%s: %s", path, err.msg);
		return;
	}
	round_trip(path, &p, &prog);
	sf_prog_free(&prog);
	sf_policy_free(&p);
}

static const char *const texts[] = {
    "default: errno EPERM\nread: fd == 0 || fd > 100\nwrite: fd != 1; errno EBADF\n",
    "default: allow\nkill: pid > 0 && pid < 100; errno EPERM\nlseek: offset < -5\n",
    "default: kill\nmmap: (prot & PROT_EXEC) == 0 && len >= 0x100000000\n"
    "mprotect: prot in PROT_READ|PROT_WRITE\nioctl: cmd & 0x80000000\n",
    "default: log\nsetpgid: pid <= -2 || pgid >= 7\nlseek: offset > 0x123456789\n"
    "pread64: pos <= -0x100000000\n",
    "@system-service: 1\nsocket: family in {AF_UNIX, AF_INET}\ndefault-unknown: errno ENOSYS\n",
    "default: allow\ndefault-unknown: errno ENOSYS\n1000: errno EPERM\n500: kill\n",
    "{@default}: 1\n@network-io: errno EPERM\n@dynamic-loader: 1\n",
    /* A bit test after an equality on the same argument. */
    "default: kill\nmmap: prot == 3 && prot & 4\nmprotect: prot == 3 && !(prot & 2)\n"
    "munmap: len == 5 && (len & 4) == 4 && len < 6\n",
    "default: trap\nfutex: (op & 0x7f) == FUTEX_WAKE && val < 10\nclone: clone_flags & "
    "CLONE_NEWUSER; "
    "errno EPERM\n",
};

/* ---- random policies ---- */

#define RANDOM_POLICIES 150
#define RANDOM_INPUTS 6000

struct vals {
	uint64_t v[1024];
	size_t n;
};

static void add(struct vals *vs, uint64_t v)
{
	if (vs->n < sizeof vs->v / sizeof vs->v[0])
		vs->v[vs->n++] = v;
}

/* The values a condition can change its answer at: the policy's, the
 * words both programs compare with, their neighbours, in either half. */
static void collect(struct vals *vs, const struct sf_policy *p, const struct sf_prog *a,
		    const struct sf_prog *b)
{
	const struct sf_prog *progs[2] = {a, b};
	static const uint64_t bounds[] = {
	    0,		 1,	     ~0ull,	 0x80000000u,	   0x7fffffffu,
	    0xffffffffu, 1ull << 32, 1ull << 63, (1ull << 63) - 1, 0xffffffff80000000ull};

	for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
		add(vs, bounds[i]);
	for (size_t i = 0; i < p->nnodes; i++) {
		const struct sf_node *n = &p->nodes[i];
		if (n->kind != SF_NODE_CMP)
			continue;
		add(vs, n->value);
		add(vs, n->value + 1);
		add(vs, n->value - 1);
		add(vs, n->mask);
		add(vs, n->value | ~n->mask);
	}
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < progs[k]->len; i++) {
			uint32_t w = progs[k]->insns[i].k;
			if (BPF_CLASS(progs[k]->insns[i].code) != BPF_JMP)
				continue;
			add(vs, w);
			add(vs, (uint32_t)(w + 1));
			add(vs, (uint32_t)(w - 1));
			add(vs, (uint64_t)w << 32);
			add(vs, (uint64_t)(w + 1) << 32);
			add(vs, (uint64_t)(int64_t)(int32_t)w);
		}
}

static uint64_t pick_arg(uint64_t *s, const struct vals *vs)
{
	uint64_t v = vs->v[pg_below(s, vs->n)];

	switch (pg_below(s, 8)) {
	case 0:
		return pg_next(s);
	case 1:
		/* one value's upper half, another's lower one */
		return (v & 0xffffffff00000000ull) | (uint32_t)vs->v[pg_below(s, vs->n)];
	case 2:
		return v | (uint64_t)1 << pg_below(s, 64);
	case 3:
		return v & ~((uint64_t)1 << pg_below(s, 64));
	default:
		return v;
	}
}

static uint32_t pick_rule_nr(uint64_t *s, const struct sf_policy *p)
{
	const struct sf_arch_info *ai = sf_arch_info(p->arch);

	switch (pg_below(s, 8)) {
	case 0:
		return (uint32_t)pg_next(s);
	case 1:
		return (uint32_t)ai->table->calls[pg_below(s, ai->table->count)].nr;
	case 2:
		return (uint32_t)pg_below(s, 1200);
	case 3:
		return (uint32_t)ai->x32_first + (uint32_t)pg_below(s, 600);
	default:
		if (!p->nrules)
			return (uint32_t)pg_below(s, 500);
		return (uint32_t)p->rules[pg_below(s, p->nrules)].nr + (uint32_t)pg_below(s, 3) -
		       (pg_below(s, 4) ? 1 : 0) * (uint32_t)pg_below(s, 2);
	}
}

/* Whether a and b answer n inputs alike (any upper halves: sf compares a
 * 32-bit argument on its low half in both). */
static int agree(const struct sf_policy *p, const struct sf_prog *a, const struct sf_prog *b,
		 uint64_t seed, int n, struct seccomp_data *bad)
{
	const struct sf_arch_info *ai = sf_arch_info(p->arch);
	struct vals *vs = calloc(1, sizeof(*vs));
	uint64_t s = seed;
	int ok = 1;

	if (!vs)
		abort();
	collect(vs, p, a, b);
	for (int i = 0; i < n && ok; i++) {
		struct seccomp_data sd;
		memset(&sd, 0, sizeof(sd));
		sd.arch = pg_below(&s, 32)
			      ? ai->audit_arch
			      : sf_arch_info((enum sf_arch)pg_below(&s, SF_ARCH_COUNT))->audit_arch;
		sd.nr = (int)pick_rule_nr(&s, p);
		sd.instruction_pointer = pg_next(&s);
		for (int k = 0; k < 6; k++)
			sd.args[k] = pick_arg(&s, vs);
		if (sf_bpf_run(a, &sd, NULL) != sf_bpf_run(b, &sd, NULL)) {
			*bad = sd;
			ok = 0;
		}
	}
	free(vs);
	return ok;
}

/* Random policies (tests/policygen.h) on x86_64 and aarch64: the
 * explanation compiles to a program that answers as the first one does,
 * unless it says in a note that it approximates. */
static void random_round_trips(void)
{
	static const enum sf_arch arches[] = {SF_ARCH_X86_64, SF_ARCH_AARCH64};
	struct pg_opts o = {0, NULL, -1, 20};
	int noted = 0, total = 0;

	for (int i = 0; i < RANDOM_POLICIES; i++)
		for (size_t a = 0; a < sizeof arches / sizeof arches[0]; a++) {
			struct pg_buf b = {NULL, 0, 0};
			struct sf_policy p, p2;
			struct sf_prog prog = {NULL, 0}, prog2 = {NULL, 0};
			struct seccomp_data bad;
			char *text = NULL, why[512];
			size_t len = 0;
			FILE *f;
			int r;

			pg_policy(0xe4a1a000 + (uint64_t)i * 7 + a, arches[a], &o, &b);
			if (compile_arch(arches[a], "random", b.s, &p, &prog)) {
				CHECKF(0, "random #%d does not compile:\n%s", i, b.s);
				pg_free(&b);
				continue;
			}
			f = open_memstream(&text, &len);
			if (!f)
				abort();
			r = sf_explain(f, &prog, arches[a], "random", why, sizeof why);
			fclose(f);
			CHECKF(r == 0, "random #%d on %s: %s\n%s", i, sf_arch_info(arches[a])->name,
			       why, b.s);
			total++;
			if (!r && strstr(text, "\n# note:")) {
				noted++;
			} else if (!r) {
				r = compile_arch(arches[a], "explained", text, &p2, &prog2);
				CHECKF(r == 0, "random #%d: the explanation does not compile:\n%s",
				       i, text);
				if (!r) {
					CHECKF(agree(&p, &prog, &prog2, 0x5eed + (uint64_t)i,
						     RANDOM_INPUTS, &bad),
					       "random #%d on %s differs at nr %d args %llx %llx "
					       "%llx %llx:\npolicy:\n%s\nexplained:\n%s",
					       i, sf_arch_info(arches[a])->name, bad.nr,
					       (unsigned long long)bad.args[0],
					       (unsigned long long)bad.args[1],
					       (unsigned long long)bad.args[2],
					       (unsigned long long)bad.args[3], b.s, text);
					sf_prog_free(&prog2);
					sf_policy_free(&p2);
				}
			}
			free(text);
			sf_prog_free(&prog);
			sf_policy_free(&p);
			pg_free(&b);
		}
	/* A note is for what the language cannot say, which sf's own
	 * programs hardly ever need. */
	CHECKF(noted * 20 <= total, "%d of %d explanations approximate", noted, total);
}

/* The compiler and the reference interpreter agree on default-unknown. */
static void eval_agrees(const char *text)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_policy p;
	struct sf_prog prog = {NULL, 0};
	int bad = 0;

	if (compile_text("eval", text, &p, &prog)) {
		CHECK(0);
		return;
	}
	for (int i = 0; i < 20000; i++) {
		struct seccomp_data sd;
		memset(&sd, 0, sizeof(sd));
		sd.arch = sf_arch_info(p.arch)->audit_arch;
		sd.nr = (int)pick_nr(sf_arch_info(p.arch));
		for (int k = 0; k < 6; k++)
			sd.args[k] = pick(&prog);
		bad += sf_bpf_run(&prog, &sd, NULL) != sf_policy_eval(&p, &opts, &sd);
	}
	CHECKF(bad == 0, "%d inputs differ for:\n%s", bad, text);
	sf_prog_free(&prog);
	sf_policy_free(&p);
}

static void unknown_numbers(void)
{
	const struct sf_arch_info *ai = sf_arch_info(sf_arch_native());
	struct sf_policy p;
	struct sf_prog prog = {NULL, 0};
	struct seccomp_data sd;
	uint32_t first;

	if (compile_text("unknown", "default: kill\ndefault-unknown: errno ENOSYS\n1000: allow\n",
			 &p, &prog)) {
		CHECK(0);
		return;
	}
	first = sf_policy_unknown_first(&p);
	memset(&sd, 0, sizeof(sd));
	sd.arch = ai->audit_arch;
	sd.nr = (int)first;
	CHECK(sf_bpf_run(&prog, &sd, NULL) == (SECCOMP_RET_ERRNO | ENOSYS));
	sd.nr = (int)first - 1;
	CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	sd.nr = 1000;
	CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_ALLOW);
	sd.nr = -1;
	CHECK(sf_bpf_run(&prog, &sd, NULL) == (SECCOMP_RET_ERRNO | ENOSYS));
	if (ai->x32_end > ai->x32_first) {
		sd.nr = (int)ai->x32_first + 5;
		CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	}
	sf_prog_free(&prog);
	sf_policy_free(&p);
}

/* The names explain and learn mode give values: one per value, the usual
 * one among aliases, bits ORed, none where a part has no name. */
static void const_names(void)
{
	char buf[256];
	const char *n;

	n = sf_const_name(sf_const_domain("socket", "family"), 1);
	CHECKF(n && !strcmp(n, "AF_UNIX"), "%s", n ? n : "(none)");
	n = sf_const_name(sf_const_domain("ioctl", "cmd"), 0x541b);
	CHECKF(n && !strcmp(n, "FIONREAD"), "%s", n ? n : "(none)");
	n = sf_const_name(sf_const_domain("prctl", "option"), 15);
	CHECKF(n && !strcmp(n, "PR_SET_NAME"), "%s", n ? n : "(none)");
	n = sf_const_name(sf_const_domain("kill", "sig"), 6);
	CHECKF(n && !strcmp(n, "SIGABRT"), "%s", n ? n : "(none)");
	CHECK(sf_const_name(sf_const_domain("socket", "family"), 4000) == NULL);
	CHECK(sf_const_domain("read", "fd") == SF_DOM_NONE);
	CHECK(
	    sf_const_format(sf_const_domain("clone", "clone_flags"), 0x10020000, buf, sizeof buf) &&
	    !strcmp(buf, "CLONE_NEWNS|CLONE_NEWUSER"));
	CHECK(sf_const_format(sf_const_domain("openat", "flags"), 0x43, buf, sizeof buf) &&
	      !strcmp(buf, "O_ACCMODE|O_CREAT"));
	CHECK(sf_const_format(sf_const_domain("mmap", "prot"), 0, buf, sizeof buf) &&
	      !strcmp(buf, "0"));
	CHECK(!sf_const_format(sf_const_domain("mmap", "prot"), 0x1000, buf, sizeof buf));
	CHECK(!sf_const_format(SF_DOM_NONE, 1, buf, sizeof buf));
	CHECK(!sf_const_format(sf_const_domain("clone", "clone_flags"), 0x10020000, buf, 8));
	/* Flags whose prefix other calls share: msync's MS_SYNC is not
	 * mount's MS_NODEV (both 4), nor wait4's WEXITED a LOCK_NB. */
	static const struct {
		const char *call, *arg;
		uint64_t value;
		const char *want;
	} named[] = {
	    {"getrandom", "flags", 3, "GRND_NONBLOCK|GRND_RANDOM"},
	    {"mount", "flags", 0x5000, "MS_BIND|MS_REC"},
	    {"mount", "flags", 4, "MS_NODEV"},
	    {"msync", "flags", 4, "MS_SYNC"},
	    {"clock_gettime", "which_clock", 1, "CLOCK_MONOTONIC"},
	    {"shutdown", "how", 1, "SHUT_WR"},
	    {"epoll_ctl", "op", 2, "EPOLL_CTL_DEL"},
	    {"flock", "cmd", 6, "LOCK_EX|LOCK_NB"},
	    {"wait4", "options", 1, "WNOHANG"},
	    {"memfd_create", "flags", 1, "MFD_CLOEXEC"},
	    {"renameat2", "flags", 2, "RENAME_EXCHANGE"},
	    {"fallocate", "mode", 3, "FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE"},
	    {"pipe2", "flags", 02000000, "O_CLOEXEC"},
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		int ok = sf_const_format(sf_const_domain(named[i].call, named[i].arg),
					 named[i].value, buf, sizeof buf);
		CHECKF(ok && !strcmp(buf, named[i].want), "%s %s %#llx: %s", named[i].call,
		       named[i].arg, (unsigned long long)named[i].value, ok ? buf : "(none)");
	}
}

int main(void)
{
	const char *patterns[] = {"bats/policies/*.policy", "examples/*.policy",
				  "bench/policies/*.policy"};
	size_t files = 0;

	for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
		glob_t g;
		if (glob(patterns[i], 0, NULL, &g) != 0)
			continue;
		for (size_t k = 0; k < g.gl_pathc; k++, files++)
			file_round_trip(g.gl_pathv[k]);
		globfree(&g);
	}
	CHECKF(files >= 5, "only %zu corpus files found (run from the source root)", files);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct sf_policy p;
		struct sf_prog prog = {NULL, 0};
		if (compile_text("text", texts[i], &p, &prog)) {
			CHECKF(0, "does not compile: %s", texts[i]);
			continue;
		}
		round_trip(texts[i], &p, &prog);
		sf_prog_free(&prog);
		sf_policy_free(&p);
		eval_agrees(texts[i]);
	}
	unknown_numbers();
	const_names();
	random_round_trips();
	return test_report("test_explain");
}
