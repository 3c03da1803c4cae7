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
#include "test.h"

static uint64_t seed = 88172645463325252ull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static int compile_text(const char *name, const char *text, struct sf_policy *p,
			struct sf_prog *prog)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_error err;

	sf_policy_init(p, sf_arch_native());
	if (sf_parse_text(p, name, text, strlen(text), &err) || sf_parse_finish(p, &err) ||
	    sf_compile(p, &opts, prog, &err)) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		return -1;
	}
	return 0;
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
	r = compile_text("explained", text, &p2, &prog2);
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
    "default: trap\nfutex: (op & 0x7f) == FUTEX_WAKE && val < 10\nclone: clone_flags & "
    "CLONE_NEWUSER; "
    "errno EPERM\n",
};

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
	return test_report("test_explain");
}
