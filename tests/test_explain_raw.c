/* --explain-bpf on raw filters sf did not write: libseccomp's (built here
 * with seccomp_rule_add and exported with seccomp_export_bpf, as the users
 * of bwrap --seccomp make theirs) and hand-written ones in the shape
 * minijail emits. Each is read back as --explain-bpf reads a file,
 * explained, the text compiled again, and both programs run in the
 * emulator on random inputs: numbers over the whole 32-bit range (x32 and
 * past the table too), foreign arches, 64-bit arguments near the
 * constants compared. The answers must be the same except where the text
 * announces an approximation in a "# note:" line. Upper halves of 32-bit
 * arguments stay zero: the language compares those on 32 bits.
 *
 * Built with -DSF_HAVE_LIBSECCOMP -lseccomp when tests/tests.mk finds
 * libseccomp; without it the libseccomp part is skipped (and says so). */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef SF_HAVE_LIBSECCOMP
#include <seccomp.h>
#endif

#include "compile.h"
#include "explain.h"
#include "parse.h"
#include "test.h"

#define INPUTS 60000

static uint64_t seed = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static const struct sf_arch_info *native(void)
{
	return sf_arch_info(sf_arch_native());
}

static int compile_text(const char *text, struct sf_policy *p, struct sf_prog *prog)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_error err;

	sf_policy_init(p, sf_arch_native());
	if (sf_parse_text(p, "explained", text, strlen(text), &err) || sf_parse_finish(p, &err) ||
	    sf_compile(p, &opts, prog, &err)) {
		fprintf(stderr, "explained: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* Constants the two programs compare with, and their neighbours. */
struct pool {
	uint32_t k[1024];
	size_t n;
};

static void collect(struct pool *pl, const struct sf_prog *p)
{
	for (size_t i = 0; i < p->len && pl->n + 3 <= sizeof pl->k / sizeof pl->k[0]; i++) {
		uint32_t k = p->insns[i].k;
		if (BPF_CLASS(p->insns[i].code) != BPF_JMP)
			continue;
		pl->k[pl->n++] = k;
		pl->k[pl->n++] = k + 1;
		pl->k[pl->n++] = k - 1;
	}
	if (!pl->n)
		pl->k[pl->n++] = 0;
}

static uint32_t word(const struct pool *pl)
{
	switch (rnd() % 6) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return 0;
	case 2:
		return 0xffffffffu;
	default:
		return pl->k[rnd() % pl->n];
	}
}

static uint64_t pick_arg(const struct pool *pl)
{
	switch (rnd() % 6) {
	case 0:
		return rnd();
	case 1:
		return (uint64_t)(int64_t)(int32_t)word(pl);
	case 2:
		return word(pl);
	default:
		/* Both halves near constants: 64-bit comparisons load each. */
		return (uint64_t)word(pl) << 32 | word(pl);
	}
}

static uint32_t pick_nr(const struct pool *pl)
{
	const struct sf_arch_info *ai = native();
	const struct sf_syscall_table *t = ai->table;

	switch (rnd() % 10) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return (uint32_t)(rnd() % 1100);
	case 2:
		if (ai->x32_end > ai->x32_first)
			return ai->x32_first + (uint32_t)(rnd() % (ai->x32_end - ai->x32_first));
		return (uint32_t)rnd();
	case 3:
		return 0x40000000u + (uint32_t)(rnd() % 0x2000);
	case 4:
		return pl->k[rnd() % pl->n];
	case 5:
		return 0xffffffffu - (uint32_t)(rnd() % 3);
	default:
		return (uint32_t)t->calls[rnd() % t->count].nr;
	}
}

static uint32_t pick_arch(void)
{
	static const uint32_t others[] = {AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64,
					  AUDIT_ARCH_ARM, 0};

	if (rnd() % 8)
		return native()->audit_arch;
	if (rnd() % 4 == 0)
		return (uint32_t)rnd();
	return others[rnd() % (sizeof others / sizeof others[0])];
}

/* Why an input may be answered differently: what the notes announce. */
static const char *excused(const struct seccomp_data *sd, const char *text)
{
	const struct sf_arch_info *ai = native();
	uint32_t nr = (uint32_t)sd->nr;

	if (sd->arch != ai->audit_arch)
		return strstr(text, "# note: the program does not kill other architectures")
			   ? "arch"
			   : NULL;
	if (nr >= ai->x32_first && nr < ai->x32_end)
		return strstr(text, "# note: the program does not kill x32 numbers") ? "x32" : NULL;
	if (nr >= 0x40000000u)
		return strstr(text, "# note: numbers from 0x40000000 up") ? "high" : NULL;
	return NULL;
}

/* The explained text of a raw program, as --explain-bpf gives it. */
static char *explain_file(const char *name, const char *path, struct sf_prog *raw)
{
	char why[512], *text = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	if (sf_prog_read_raw(path, raw, why, sizeof why)) {
		CHECKF(0, "%s: %s", name, why);
		return NULL;
	}
	if (sf_bpf_validate(raw, why, sizeof why)) {
		CHECKF(0, "%s: not a valid program: %s", name, why);
		return NULL;
	}
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	r = sf_explain(f, raw, sf_arch_native(), name, why, sizeof why);
	fclose(f);
	CHECKF(r == 0, "%s: %s", name, why);
	if (r) {
		free(text);
		return NULL;
	}
	return text;
}

/* Explains the raw program in the file and checks the round trip;
 * flags: EXACT (no note but those on arch, x32 and high numbers may
 * appear) and the notes the text must carry. Returns the text. */
#define EXACT 1
#define NOTE_ARCH 2
#define NOTE_HI32 4
#define NOTE_LOSSY 8

static char *check_file(const char *name, const char *path, int flags)
{
	const struct sf_arch_info *ai = native();
	struct sf_prog raw = {NULL, 0}, back = {NULL, 0};
	struct sf_policy p;
	struct pool pl = {{0}, 0};
	char *text = explain_file(name, path, &raw);
	int bad = 0, r;

	if (!text) {
		sf_prog_free(&raw);
		return NULL;
	}
	if (flags & EXACT)
		CHECKF(!strstr(text, "# note: some return values") &&
			   !strstr(text, "# note: where a syscall has more"),
		       "%s: approximated:\n%s", name, text);
	if (flags & NOTE_ARCH)
		CHECKF(strstr(text, "# note: the program does not kill other architectures"),
		       "%s: no note on other arches:\n%s", name, text);
	if (flags & NOTE_HI32)
		CHECKF(strstr(text, "# note: tests on the upper half of 32-bit"),
		       "%s: no note on upper halves:\n%s", name, text);
	if (flags & NOTE_LOSSY)
		CHECKF(strstr(text, "# note: where a syscall has more"), "%s: no lossy note:\n%s",
		       name, text);
	r = compile_text(text, &p, &back);
	CHECKF(r == 0, "%s: the explained policy does not compile:\n%s", name, text);
	if (r)
		goto out;
	collect(&pl, &raw);
	collect(&pl, &back);
	for (int i = 0; i < INPUTS && (flags & EXACT) && bad < 3; i++) {
		struct seccomp_data sd;
		const struct sf_syscall *sc;
		uint32_t a, b;

		memset(&sd, 0, sizeof(sd));
		sd.arch = pick_arch();
		sd.nr = (int)pick_nr(&pl);
		sd.instruction_pointer = rnd();
		sc = sf_syscall_by_nr(ai->table, sd.nr);
		int dual_hi = 0;

		for (int k = 0; k < 6; k++) {
			sd.args[k] = pick_arg(&pl);
			if (sc && k < sc->nargs && !SF_ARGTYPE_IS_64(sc->args[k].type))
				sd.args[k] &= 0xffffffffu;
			/* Nor bits 16..31 of those the kernel reads as 16
			 * (SF_ARGF_16), which libseccomp's filters test. */
			if (sc && k < sc->nargs && (sc->args[k].flags & SF_ARGF_16))
				sd.args[k] &= 0xffffu;
			/* sf also compares the low half of these (SF_ARGF_DUAL). */
			if (sc && k < sc->nargs && (sc->args[k].flags & SF_ARGF_DUAL))
				dual_hi |= (sd.args[k] >> 32) != 0;
		}
		a = sf_bpf_run(&raw, &sd, NULL);
		b = sf_bpf_run(&back, &sd, NULL);
		if (a == b || dual_hi || excused(&sd, text))
			continue;
		bad++;
		CHECKF(0,
		       "%s: arch %#x nr %#x (%s) args %#llx %#llx %#llx %#llx: program %#x, "
		       "explained %#x:\n%s",
		       name, sd.arch, (unsigned)sd.nr, sc ? sc->name : "?",
		       (unsigned long long)sd.args[0], (unsigned long long)sd.args[1],
		       (unsigned long long)sd.args[2], (unsigned long long)sd.args[3], a, b, text);
	}
	if (!bad)
		CHECK(1);
	sf_prog_free(&back);
	sf_policy_free(&p);
out:
	sf_prog_free(&raw);
	return text;
}

static int write_prog(const char *path, const struct sock_filter *f, size_t n)
{
	FILE *out = fopen(path, "wb");

	if (!out)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char b[8] = {(unsigned char)f[i].code,
				      (unsigned char)(f[i].code >> 8),
				      f[i].jt,
				      f[i].jf,
				      (unsigned char)f[i].k,
				      (unsigned char)(f[i].k >> 8),
				      (unsigned char)(f[i].k >> 16),
				      (unsigned char)(f[i].k >> 24)};
		fwrite(b, 1, 8, out);
	}
	return fclose(out);
}

/* ---- minijail's shape, by hand ---- */

/* A tiny assembler: jump targets are labels (0: the next instruction). */
struct ins {
	uint16_t code;
	uint32_t k;
	int jt, jf;
	int label; /* > 0: marks the place of this label, emits nothing */
};

#define LABEL(n)                                                                                   \
	{                                                                                          \
		0, 0, 0, 0, (n)                                                                    \
	}
#define LD_W(off)                                                                                  \
	{                                                                                          \
		BPF_LD | BPF_W | BPF_ABS, (off), 0, 0, 0                                           \
	}
#define JEQ(k, t, f)                                                                               \
	{                                                                                          \
		BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f), 0                                        \
	}
#define JGE(k, t, f)                                                                               \
	{                                                                                          \
		BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f), 0                                        \
	}
#define JGT(k, t, f)                                                                               \
	{                                                                                          \
		BPF_JMP | BPF_JGT | BPF_K, (k), (t), (f), 0                                        \
	}
#define JSET(k, t, f)                                                                              \
	{                                                                                          \
		BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f), 0                                       \
	}
#define JA(l)                                                                                      \
	{                                                                                          \
		BPF_JMP | BPF_JA, (l), 0, 0, 0                                                     \
	}
#define RET(k)                                                                                     \
	{                                                                                          \
		BPF_RET | BPF_K, (k), 0, 0, 0                                                      \
	}
#define ARG_LO(n) ((uint32_t)offsetof(struct seccomp_data, args) + 8 * (n))
#define ARG_HI(n) (ARG_LO(n) + 4)
#define NR ((uint32_t)offsetof(struct seccomp_data, nr))
#define ARCH ((uint32_t)offsetof(struct seccomp_data, arch))

static size_t assemble(const struct ins *in, size_t n, struct sock_filter *out)
{
	size_t at[64] = {0}, len = 0;

	for (size_t i = 0; i < n; i++) {
		if (in[i].label)
			at[in[i].label] = len;
		else
			len++;
	}
	len = 0;
	for (size_t i = 0; i < n; i++) {
		struct sock_filter f = {in[i].code, 0, 0, in[i].k};
		if (in[i].label)
			continue;
		if (BPF_CLASS(f.code) == BPF_JMP && BPF_OP(f.code) == BPF_JA)
			f.k = (uint32_t)(at[in[i].k] - len - 1);
		else if (BPF_CLASS(f.code) == BPF_JMP) {
			f.jt = (uint8_t)(in[i].jt ? at[in[i].jt] - len - 1 : 0);
			f.jf = (uint8_t)(in[i].jf ? at[in[i].jf] - len - 1 : 0);
		}
		out[len++] = f;
	}
	return len;
}

#ifdef __x86_64__
enum {
	ALLOW = 1,
	KILL,
	ENOTTY_,
	EPERM_,
	EAFNO,
	MMAP,
	IOCTL,
	SOCKET,
	LSEEK,
	PRCTL,
	EXIT,
	W2,
	MID,
	HI
};

/* As minijail compiles (for x86_64)
 *
 *   read: 1
 *   write: arg0 == 1 || arg0 == 2
 *   mmap: arg2 in ~PROT_EXEC      (no bit outside the mask)
 *   ioctl: arg1 == TCGETS; return ENOTTY
 *   socket: arg0 == AF_UNIX
 *   lseek: arg1 == 0x100000000
 *   prctl: arg0 & 0x8
 *   exit_group: 1
 *
 * a linear list: arch check, nr loaded, each syscall a jeq; each 64-bit
 * comparison of an argument loads the upper half and then the lower; a
 * failed test jumps to the denial or the next term of an ||; nr is loaded
 * again before the next syscall's test. */
static const struct ins minijail_linear[] = {
    LD_W(ARCH),
    JEQ(AUDIT_ARCH_X86_64, 0, KILL),
    LD_W(NR),
    JEQ(__NR_read, ALLOW, 0),
    JEQ(__NR_write, 0, MMAP),
    /* arg0 == 1 */
    LD_W(ARG_HI(0)),
    JEQ(0, 0, W2),
    LD_W(ARG_LO(0)),
    JEQ(1, ALLOW, 0),
    LABEL(W2),
    /* || arg0 == 2 */
    LD_W(ARG_HI(0)),
    JEQ(0, 0, KILL),
    LD_W(ARG_LO(0)),
    JEQ(2, ALLOW, KILL),
    /* */
    LABEL(MMAP),
    LD_W(NR),
    JEQ(__NR_mmap, 0, IOCTL),
    LD_W(ARG_HI(2)),
    JSET(0xffffffffu, KILL, 0),
    LD_W(ARG_LO(2)),
    JSET(PROT_EXEC, KILL, ALLOW),
    /* */
    LABEL(IOCTL),
    LD_W(NR),
    JEQ(__NR_ioctl, 0, SOCKET),
    LD_W(ARG_HI(1)),
    JEQ(0, 0, ENOTTY_),
    LD_W(ARG_LO(1)),
    JEQ(TCGETS, ALLOW, ENOTTY_),
    /* */
    LABEL(SOCKET),
    LD_W(NR),
    JEQ(__NR_socket, 0, LSEEK),
    LD_W(ARG_HI(0)),
    JEQ(0, 0, KILL),
    LD_W(ARG_LO(0)),
    JEQ(AF_UNIX, ALLOW, KILL),
    /* */
    LABEL(LSEEK),
    LD_W(NR),
    JEQ(__NR_lseek, 0, PRCTL),
    LD_W(ARG_HI(1)),
    JEQ(1, 0, KILL),
    LD_W(ARG_LO(1)),
    JEQ(0, ALLOW, KILL),
    /* */
    LABEL(PRCTL),
    LD_W(NR),
    JEQ(__NR_prctl, 0, EXIT),
    LD_W(ARG_HI(0)),
    JSET(0, ALLOW, 0),
    LD_W(ARG_LO(0)),
    JSET(8, 0, KILL),
    JA(ALLOW),
    /* */
    LABEL(EXIT),
    LD_W(NR),
    JEQ(__NR_exit_group, ALLOW, KILL),
    /* */
    LABEL(ALLOW),
    RET(SECCOMP_RET_ALLOW),
    LABEL(KILL),
    RET(SECCOMP_RET_KILL_PROCESS),
    LABEL(ENOTTY_),
    RET(SECCOMP_RET_ERRNO | ENOTTY),
};

/* A like policy with the numbers dispatched by a binary search (jge on
 * nr, as minijail does past a few dozen syscalls), numbers with the x32
 * bit and above refused first, and a default that fails with EPERM:
 *
 *   read, write, close, mmap, exit_group: 1
 *   socket: arg0 < AF_INET + 1; return EAFNOSUPPORT */
static const struct ins minijail_bst[] = {
    LD_W(ARCH),
    JEQ(AUDIT_ARCH_X86_64, 0, KILL),
    LD_W(NR),
    JGE(0x40000000u, KILL, 0),
    JGE(__NR_socket, HI, 0),
    JGE(__NR_close, MID, 0),
    JEQ(__NR_read, ALLOW, 0),
    JEQ(__NR_write, ALLOW, EPERM_),
    /* */
    LABEL(MID),
    JEQ(__NR_close, ALLOW, 0),
    JEQ(__NR_mmap, ALLOW, EPERM_),
    /* */
    LABEL(HI),
    JGE(__NR_exit_group, EXIT, 0),
    JEQ(__NR_socket, 0, EPERM_),
    LD_W(ARG_HI(0)),
    JEQ(0, 0, EAFNO),
    LD_W(ARG_LO(0)),
    JGE(AF_INET + 1, EAFNO, ALLOW),
    /* */
    LABEL(EXIT),
    JEQ(__NR_exit_group, ALLOW, EPERM_),
    /* */
    LABEL(ALLOW),
    RET(SECCOMP_RET_ALLOW),
    LABEL(KILL),
    RET(SECCOMP_RET_KILL_PROCESS),
    LABEL(EPERM_),
    RET(SECCOMP_RET_ERRNO | EPERM),
    LABEL(EAFNO),
    RET(SECCOMP_RET_ERRNO | EAFNOSUPPORT),
};

static char *check_asm(const char *name, const char *path, const struct ins *in, size_t n,
		       int flags)
{
	struct sock_filter f[128];
	size_t len = assemble(in, n, f);

	CHECK(write_prog(path, f, len) == 0);
	return check_file(name, path, flags);
}
#endif

static void minijail_shapes(void)
{
#ifdef __x86_64__
	char path[] = "/tmp/sf-test-raw-XXXXXX";
	int fd = mkstemp(path);
	char *text;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	text = check_asm("minijail-linear", path, minijail_linear,
			 sizeof minijail_linear / sizeof minijail_linear[0], EXACT | NOTE_HI32);
	if (text) {
		CHECKF(strstr(text, "socket: family == AF_UNIX"), "%s", text);
		CHECKF(strstr(text, "ioctl: cmd == TCGETS; errno ENOTTY"), "%s", text);
	}
	free(text);
	text = check_asm("minijail-bst", path, minijail_bst,
			 sizeof minijail_bst / sizeof minijail_bst[0], EXACT | NOTE_HI32);
	if (text)
		CHECKF(strstr(text, "default: errno EPERM"), "%s", text);
	free(text);
	unlink(path);
#else
	printf("test_explain_raw: minijail shapes skipped: written for x86_64\n");
#endif
}

#ifdef SF_HAVE_LIBSECCOMP

/* ---- libseccomp ---- */

static int rule(scmp_filter_ctx ctx, uint32_t action, const char *call, unsigned n,
		const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(call);
	int r;

	if (nr == __NR_SCMP_ERROR)
		return -1;
	r = seccomp_rule_add_array(ctx, action, nr, n, cmp);
	CHECKF(r == 0, "seccomp_rule_add(%s): %s", call, strerror(-r));
	return r;
}

#define RULE(ctx, act, call, ...)                                                                  \
	do {                                                                                       \
		const struct scmp_arg_cmp c_[] = {__VA_ARGS__};                                    \
		rule(ctx, act, call, sizeof c_ / sizeof c_[0], c_);                                \
	} while (0)
#define RULE0(ctx, act, call) rule(ctx, act, call, 0, NULL)

/* Exports ctx, checks its round trip, frees it; returns the text. */
static char *check_ctx(const char *name, scmp_filter_ctx ctx, int flags)
{
	char path[] = "/tmp/sf-test-raw-XXXXXX";
	int fd = mkstemp(path), r;
	char *text = NULL;

	CHECK(fd >= 0);
	if (fd < 0) {
		seccomp_release(ctx);
		return NULL;
	}
	r = seccomp_export_bpf(ctx, fd);
	close(fd);
	CHECKF(r == 0, "%s: seccomp_export_bpf: %s", name, strerror(-r));
	if (!r)
		text = check_file(name, path, flags);
	unlink(path);
	seccomp_release(ctx);
	return text;
}

static scmp_filter_ctx init(uint32_t def, uint32_t badarch)
{
	scmp_filter_ctx ctx = seccomp_init(def);

	if (!ctx)
		abort();
	CHECK(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, badarch) == 0);
	return ctx;
}

/* An allow list with every comparison, and kill-process for the rest. */
static scmp_filter_ctx allow_list(uint32_t def, uint32_t badarch)
{
	scmp_filter_ctx ctx = init(def, badarch);

	RULE0(ctx, SCMP_ACT_ALLOW, "read");
	RULE0(ctx, SCMP_ACT_ALLOW, "exit_group");
	RULE(ctx, SCMP_ACT_ALLOW, "write", SCMP_A0(SCMP_CMP_LE, 2));
	RULE(ctx, SCMP_ACT_ALLOW, "close", SCMP_A0(SCMP_CMP_GT, 2));
	RULE(ctx, SCMP_ACT_ALLOW, "dup2", SCMP_A0(SCMP_CMP_LT, 3), SCMP_A1(SCMP_CMP_GE, 10));
	RULE(ctx, SCMP_ACT_ALLOW, "socket", SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	RULE(ctx, SCMP_ACT_ALLOW, "socket", SCMP_A0(SCMP_CMP_EQ, AF_INET));
	RULE(ctx, SCMP_ACT_ALLOW, "lseek", SCMP_A1(SCMP_CMP_GT, 0x123456789ull));
	RULE(ctx, SCMP_ACT_ALLOW, "pread64", SCMP_A3(SCMP_CMP_LE, 0xffffffffull));
	RULE(ctx, SCMP_ACT_ALLOW, "pwrite64", SCMP_A3(SCMP_CMP_GE, 0x100000001ull));
	RULE(ctx, SCMP_ACT_ALLOW, "mmap",
	     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_WRITE | PROT_EXEC, PROT_WRITE));
	RULE(ctx, SCMP_ACT_ALLOW, "mmap", SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	RULE(ctx, SCMP_ACT_ALLOW, "mprotect", SCMP_A2(SCMP_CMP_NE, PROT_READ | PROT_EXEC));
	RULE(ctx, SCMP_ACT_ALLOW, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS));
	RULE(ctx, SCMP_ACT_ALLOW, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_GET_SECCOMP));
	RULE(ctx, SCMP_ACT_ALLOW, "personality", SCMP_A0(SCMP_CMP_EQ, PER_LINUX));
	RULE(ctx, SCMP_ACT_ALLOW, "personality", SCMP_A0(SCMP_CMP_EQ, 0xffffffffu));
	RULE(ctx, SCMP_ACT_ALLOW, "clone", SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, 0));
	RULE(ctx, SCMP_ACT_ALLOW, "ioctl", SCMP_A1(SCMP_CMP_EQ, TCGETS));
	RULE(ctx, SCMP_ACT_ALLOW, "ioctl", SCMP_A1(SCMP_CMP_EQ, FIONREAD));
	RULE(ctx, SCMP_ACT_ALLOW, "fcntl", SCMP_A1(SCMP_CMP_EQ, F_GETFL));
	RULE(ctx, SCMP_ACT_ALLOW, "fcntl", SCMP_A1(SCMP_CMP_EQ, F_SETFD));
	RULE(ctx, SCMP_ACT_ALLOW, "openat",
	     SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT, O_RDONLY));
	RULE(ctx, SCMP_ACT_ALLOW, "kill", SCMP_A0(SCMP_CMP_GT, 0), SCMP_A1(SCMP_CMP_NE, 9));
	RULE(ctx, SCMP_ACT_ALLOW, "madvise", SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, 4));
	return ctx;
}

/* A deny list: everything allowed but what the rules take away, each
 * syscall with one outcome besides allow (as sandbox launchers' users
 * write them: bad arches killed, some calls failing with an errno). */
static scmp_filter_ctx deny_list(uint32_t def, uint32_t badarch)
{
	scmp_filter_ctx ctx = init(def, badarch);

	RULE0(ctx, SCMP_ACT_ERRNO(EPERM), "ptrace");
	RULE0(ctx, SCMP_ACT_ERRNO(EPERM), "mount");
	RULE0(ctx, SCMP_ACT_KILL_PROCESS, "kexec_load");
	RULE0(ctx, SCMP_ACT_TRAP, "acct");
	RULE0(ctx, SCMP_ACT_LOG, "uname");
	RULE0(ctx, SCMP_ACT_KILL, "swapon");
	RULE(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socket", SCMP_A0(SCMP_CMP_GE, AF_NETLINK + 1));
	RULE(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socket", SCMP_A0(SCMP_CMP_EQ, AF_INET6));
	RULE(ctx, SCMP_ACT_ERRNO(EPERM), "clone",
	     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
	RULE(ctx, SCMP_ACT_ERRNO(EPERM), "ioctl",
	     SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI));
	RULE(ctx, SCMP_ACT_ERRNO(EPERM), "personality", SCMP_A0(SCMP_CMP_NE, PER_LINUX));
	RULE(ctx, SCMP_ACT_ERRNO(EINVAL), "lseek", SCMP_A1(SCMP_CMP_LT, 0x100000000ull));
	RULE(ctx, SCMP_ACT_KILL_PROCESS, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP));
	RULE(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", );
	return ctx;
}

/* A syscall with two outcomes besides allow: the language has one rule
 * per syscall, so one stands for both, and a note says so. */
static scmp_filter_ctx lossy(void)
{
	scmp_filter_ctx ctx = init(SCMP_ACT_ALLOW, SCMP_ACT_KILL_PROCESS);

	RULE(ctx, SCMP_ACT_ERRNO(EPERM), "socket", SCMP_A0(SCMP_CMP_EQ, AF_INET));
	RULE(ctx, SCMP_ACT_KILL_PROCESS, "socket", SCMP_A0(SCMP_CMP_EQ, AF_NETLINK));
	return ctx;
}

static const char *const random_calls[] = {
    "read",  "write",  "openat",  "close",  "mmap",   "mprotect", "ioctl",	 "fcntl",
    "lseek", "socket", "kill",	  "prctl",  "clone",  "futex",	  "pread64",	 "setpgid",
    "dup3",  "wait4",  "madvise", "getpid", "setuid", "pipe2",	  "personality",
};

/* A random allow list, or a random deny list: per syscall only one
 * outcome besides allow, so that the language can say it exactly. */
static scmp_filter_ctx random_filter(int *nrules)
{
	static const uint32_t denials[] = {SCMP_ACT_KILL_PROCESS,  SCMP_ACT_ERRNO(EPERM),
					   SCMP_ACT_ERRNO(ENOSYS), SCMP_ACT_TRAP,
					   SCMP_ACT_KILL,	   SCMP_ACT_LOG};
	static const uint64_t values[] = {0,
					  1,
					  2,
					  3,
					  0x7f,
					  0x80,
					  0xffff,
					  0x7fffffff,
					  0x80000000,
					  0xffffffff,
					  0x100000000ull,
					  0xffffffff00000000ull,
					  0x8000000000000000ull,
					  0xfffffffffffffffeull};
	int allow = rnd() % 2;
	uint32_t def =
	    allow ? SCMP_ACT_ALLOW : denials[rnd() % (sizeof denials / sizeof denials[0])];
	scmp_filter_ctx ctx = init(def, rnd() % 2 ? SCMP_ACT_KILL : SCMP_ACT_KILL_PROCESS);
	int n = 1 + (int)(rnd() % 12);
	size_t ncalls = sizeof random_calls / sizeof random_calls[0];

	*nrules = 0;
	/* For every syscall: the one action its conditional rules take. */
	for (size_t c = 0; c < ncalls; c++) {
		uint32_t act =
		    allow ? denials[rnd() % (sizeof denials / sizeof denials[0])] : SCMP_ACT_ALLOW;
		for (int i = 0; i < n; i++) {
			struct scmp_arg_cmp cmp[3];
			unsigned ncmp = (unsigned)(rnd() % 4);
			int nr = seccomp_syscall_resolve_name(random_calls[c]);
			const struct sf_syscall *sc =
			    sf_syscall_by_name(native()->table, random_calls[c]);
			unsigned first;

			if (rnd() % ncalls > 3 || nr == __NR_SCMP_ERROR || !sc || !sc->nargs)
				continue;
			/* Only arguments the syscall takes: the language cannot
			 * name the others (and the explanation says it took
			 * them for 0). */
			if (ncmp == 3)
				ncmp = 1;
			if (ncmp > (unsigned)sc->nargs)
				ncmp = (unsigned)sc->nargs;
			first = (unsigned)(rnd() % ((unsigned)sc->nargs - ncmp + 1));
			for (unsigned k = 0; k < ncmp; k++) {
				cmp[k].arg = first + k;
				cmp[k].op = (enum scmp_compare)(SCMP_CMP_NE + rnd() % 7);
				cmp[k].datum_a = values[rnd() % (sizeof values / sizeof values[0])];
				cmp[k].datum_b = values[rnd() % (sizeof values / sizeof values[0])];
				if (rnd() % 3 == 0)
					cmp[k].datum_a += rnd() % 1000;
				/* --explain writes a test on bits 16..31 of an
				 * argument the kernel reads as 16 bits (umode_t)
				 * as it is, a literal the language refuses
				 * there: not explained yet, so not generated
				 * (below 0x8000: '> 0xffff' is written
				 * '>= 0x10000'). */
				if (sc->args[first + k].flags & SF_ARGF_16) {
					cmp[k].datum_a &= 0x7fff;
					cmp[k].datum_b &= 0x7fff;
				}
				if (cmp[k].op == SCMP_CMP_MASKED_EQ)
					cmp[k].datum_b &= cmp[k].datum_a;
			}
			if (!ncmp && rnd() % 2)
				continue;
			/* Unconditional rules may take any action. */
			if (seccomp_rule_add_array(
				ctx,
				ncmp ? act : denials[rnd() % (sizeof denials / sizeof denials[0])],
				nr, ncmp, cmp) == 0)
				(*nrules)++;
		}
	}
	return ctx;
}

static void with_libseccomp(void)
{
	const struct scmp_version *v = seccomp_version();
	char *text;
	char name[64];
	int rules = 0;

	printf("test_explain_raw: libseccomp %u.%u.%u\n", v->major, v->minor, v->micro);
	text =
	    check_ctx("libseccomp allow list",
		      allow_list(SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_PROCESS), EXACT | NOTE_HI32);
	if (text) {
		CHECKF(strstr(text, "default: kill-process"), "%s", text);
		CHECKF(!strstr(text, "# note: the program does not kill other"), "%s", text);
	}
	free(text);
	/* libseccomp's own default for bad arches is kill-thread. */
	free(check_ctx("libseccomp allow list, errno default",
		       allow_list(SCMP_ACT_ERRNO(ENOSYS), SCMP_ACT_KILL), EXACT | NOTE_ARCH));
	free(check_ctx("libseccomp allow list, trap default",
		       allow_list(SCMP_ACT_TRAP, SCMP_ACT_KILL_PROCESS), EXACT));
	free(check_ctx("libseccomp allow list, log default",
		       allow_list(SCMP_ACT_LOG, SCMP_ACT_KILL_PROCESS), EXACT));
	text = check_ctx("libseccomp deny list", deny_list(SCMP_ACT_ALLOW, SCMP_ACT_KILL_PROCESS),
			 EXACT);
	if (text)
		CHECKF(strstr(text, "default: allow"), "%s", text);
	free(text);
	free(check_ctx("libseccomp deny list, bad arches kill-thread",
		       deny_list(SCMP_ACT_ALLOW, SCMP_ACT_KILL), EXACT | NOTE_ARCH));
	/* A filter for two arches: the native part is explained. */
	{
		scmp_filter_ctx ctx = deny_list(SCMP_ACT_ALLOW, SCMP_ACT_KILL_PROCESS);
#ifdef __x86_64__
		CHECK(seccomp_arch_add(ctx, SCMP_ARCH_X86) == 0);
		free(check_ctx("libseccomp deny list, x86_64 and i386", ctx, EXACT | NOTE_ARCH));
#else
		free(check_ctx("libseccomp deny list", ctx, EXACT));
#endif
	}
	/* The binary tree over syscall numbers (libseccomp 2.5). */
	{
		scmp_filter_ctx ctx = allow_list(SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_PROCESS);
		if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) == 0)
			free(check_ctx("libseccomp allow list, binary tree", ctx, EXACT));
		else
			seccomp_release(ctx);
	}
	free(check_ctx("libseccomp, two outcomes besides allow", lossy(), NOTE_LOSSY));
	for (int i = 0; i < 60; i++) {
		scmp_filter_ctx ctx = random_filter(&rules);
		snprintf(name, sizeof name, "libseccomp random filter %d (%d rules)", i, rules);
		if (i % 3 == 0)
			seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
		free(check_ctx(name, ctx, EXACT));
	}
}
#endif

int main(void)
{
	minijail_shapes();
#ifdef SF_HAVE_LIBSECCOMP
	with_libseccomp();
#else
	printf("test_explain_raw: skip: libseccomp filters (built without libseccomp: "
	       "install libseccomp-dev)\n");
#endif
	return test_report("test_explain_raw");
}
