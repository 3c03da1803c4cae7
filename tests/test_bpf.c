/* The BPF emulator, validator, cache analysis and disassembler, and the
 * proof that the emulator and validator agree with the running kernel. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf.h"
#include "test.h"

#if defined(__x86_64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_I386
#else
#error "sf supports x86_64, i386 and aarch64"
#endif

/* Offsets into seccomp_data; 64-bit fields keep their low word first on
 * every host sf supports. */
#define OFF_NR offsetof(struct seccomp_data, nr)
#define OFF_ARCH offsetof(struct seccomp_data, arch)
#define OFF_IP offsetof(struct seccomp_data, instruction_pointer)
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (ARG_LO(i) + 4)

#define LD_ABS(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(k) BPF_STMT(BPF_RET | BPF_K, (k))
#define RET_A BPF_STMT(BPF_RET | BPF_A, 0)

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define PROG(name, ...)                                                                            \
	struct sock_filter name##_insns[] = {__VA_ARGS__};                                         \
	struct sf_prog name = {name##_insns, COUNT(name##_insns)}

static uint32_t run(const struct sf_prog *p, const struct seccomp_data *sd, size_t *executed)
{
	return sf_bpf_run(p, sd, executed);
}

static void test_loads(void)
{
	struct seccomp_data sd = {
	    .nr = 257,
	    .arch = NATIVE_AUDIT_ARCH,
	    .instruction_pointer = 0x1122334455667788ull,
	    .args = {1, 0xaabbccdd00112233ull, 3, 4, 5, 0xfedcba9876543210ull},
	};
	size_t n = 0;

	PROG(nr, LD_ABS(OFF_NR), RET_A);
	CHECK(run(&nr, &sd, &n) == 257 && n == 2);
	PROG(arch, LD_ABS(OFF_ARCH), RET_A);
	CHECK(run(&arch, &sd, NULL) == NATIVE_AUDIT_ARCH);
	PROG(ip_lo, LD_ABS(OFF_IP), RET_A);
	CHECK(run(&ip_lo, &sd, NULL) == 0x55667788u);
	PROG(ip_hi, LD_ABS(OFF_IP + 4), RET_A);
	CHECK(run(&ip_hi, &sd, NULL) == 0x11223344u);
	PROG(a1_lo, LD_ABS(ARG_LO(1)), RET_A);
	CHECK(run(&a1_lo, &sd, NULL) == 0x00112233u);
	PROG(a1_hi, LD_ABS(ARG_HI(1)), RET_A);
	CHECK(run(&a1_hi, &sd, NULL) == 0xaabbccddu);
	PROG(a5_hi, LD_ABS(ARG_HI(5)), RET_A);
	CHECK(run(&a5_hi, &sd, NULL) == 0xfedcba98u);

	PROG(imm, BPF_STMT(BPF_LD | BPF_IMM, 5), RET_A);
	CHECK(run(&imm, &sd, NULL) == 5);
	PROG(ldx_txa, BPF_STMT(BPF_LDX | BPF_IMM, 7), BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A);
	CHECK(run(&ldx_txa, &sd, NULL) == 7);
	PROG(tax, BPF_STMT(BPF_LD | BPF_IMM, 9), BPF_STMT(BPF_MISC | BPF_TAX, 0),
	     BPF_STMT(BPF_LD | BPF_IMM, 0), BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A);
	CHECK(run(&tax, &sd, &n) == 9 && n == 5);
	PROG(len, BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_A);
	CHECK(run(&len, &sd, NULL) == 64);
	PROG(ldx_len, BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_MISC | BPF_TXA, 0),
	     RET_A);
	CHECK(run(&ldx_len, &sd, NULL) == 64);
	/* A and X start at zero. */
	PROG(zero_a, RET_A);
	CHECK(run(&zero_a, &sd, NULL) == 0);
	PROG(zero_x, BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A);
	CHECK(run(&zero_x, &sd, NULL) == 0);

	PROG(mem, BPF_STMT(BPF_LD | BPF_IMM, 3), BPF_STMT(BPF_ST, 2),
	     BPF_STMT(BPF_LDX | BPF_IMM, 4), BPF_STMT(BPF_STX, 15), BPF_STMT(BPF_LD | BPF_IMM, 0),
	     BPF_STMT(BPF_LDX | BPF_IMM, 0), BPF_STMT(BPF_LD | BPF_MEM, 15),
	     BPF_STMT(BPF_MISC | BPF_TAX, 0), BPF_STMT(BPF_LD | BPF_MEM, 2),
	     BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0), RET_A);
	CHECK(run(&mem, &sd, &n) == 7 && n == 11);
	PROG(ldx_mem, BPF_STMT(BPF_LD | BPF_IMM, 11), BPF_STMT(BPF_ST, 0),
	     BPF_STMT(BPF_LDX | BPF_MEM, 0), BPF_STMT(BPF_MISC | BPF_TXA, 0), RET_A);
	CHECK(run(&ldx_mem, &sd, NULL) == 11);
}

struct alu_case {
	uint16_t op;
	uint32_t a, operand, expect;
};

static void test_alu(void)
{
	static const struct alu_case cases[] = {
	    {BPF_ADD, 0xfffffff0u, 0x20, 0x10},
	    {BPF_SUB, 5, 7, 0xfffffffeu},
	    {BPF_MUL, 0x10000u, 0x10001u, 0x10000u},
	    {BPF_DIV, 100, 7, 14},
	    {BPF_DIV, 0xffffffffu, 2, 0x7fffffffu}, /* unsigned */
	    {BPF_MOD, 100, 7, 2},
	    {BPF_AND, 0xff00ff00u, 0x0ff00ff0u, 0x0f000f00u},
	    {BPF_OR, 0xf0, 0x0f, 0xff},
	    {BPF_XOR, 0xff, 0x0f, 0xf0},
	    {BPF_LSH, 1, 31, 0x80000000u},
	    {BPF_RSH, 0x80000000u, 31, 1}, /* logical, not arithmetic */
	};
	struct seccomp_data sd = {0};

	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct alu_case *c = &cases[i];
		PROG(with_k, BPF_STMT(BPF_LD | BPF_IMM, c->a),
		     BPF_STMT(BPF_ALU | c->op | BPF_K, c->operand), RET_A);
		PROG(with_x, BPF_STMT(BPF_LDX | BPF_IMM, c->operand),
		     BPF_STMT(BPF_LD | BPF_IMM, c->a), BPF_STMT(BPF_ALU | c->op | BPF_X, 0), RET_A);

		CHECKF(run(&with_k, &sd, NULL) == c->expect, "op 0x%x k", c->op);
		CHECKF(run(&with_x, &sd, NULL) == c->expect, "op 0x%x x", c->op);
	}
	PROG(neg, BPF_STMT(BPF_LD | BPF_IMM, 1), BPF_STMT(BPF_ALU | BPF_NEG, 0), RET_A);
	CHECK(run(&neg, &sd, NULL) == 0xffffffffu);

	/* A shift count in X only has its low five bits used, as in the
	 * kernel (the cross-check below tests this against it). */
	PROG(lsh_33, BPF_STMT(BPF_LDX | BPF_IMM, 33), BPF_STMT(BPF_LD | BPF_IMM, 3),
	     BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0), RET_A);
	CHECK(run(&lsh_33, &sd, NULL) == 6);

	/* Division by X == 0 ends the program with 0: KILL_THREAD. */
	size_t n = 0;
	PROG(div0, BPF_STMT(BPF_LDX | BPF_IMM, 0), BPF_STMT(BPF_LD | BPF_IMM, 5),
	     BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0), RET(SECCOMP_RET_ALLOW));
	CHECK(run(&div0, &sd, &n) == SECCOMP_RET_KILL_THREAD && n == 3);
	PROG(mod0, BPF_STMT(BPF_LDX | BPF_IMM, 0), BPF_STMT(BPF_LD | BPF_IMM, 5),
	     BPF_STMT(BPF_ALU | BPF_MOD | BPF_X, 0), RET(SECCOMP_RET_ALLOW));
	CHECK(run(&mod0, &sd, NULL) == SECCOMP_RET_KILL_THREAD);
}

struct jump_case {
	uint16_t op;
	uint32_t a, operand;
	int taken;
};

static void test_jumps(void)
{
	static const struct jump_case cases[] = {
	    {BPF_JEQ, 5, 5, 1},
	    {BPF_JEQ, 5, 6, 0},
	    {BPF_JGT, 6, 5, 1},
	    {BPF_JGT, 5, 5, 0},
	    {BPF_JGT, 0x80000000u, 1, 1}, /* unsigned */
	    {BPF_JGE, 5, 5, 1},
	    {BPF_JGE, 4, 5, 0},
	    {BPF_JSET, 6, 2, 1},
	    {BPF_JSET, 6, 1, 0},
	    {BPF_JGE, 0xffffffffu, 0xffffffffu, 1},
	};
	struct seccomp_data sd = {0};
	size_t n = 0;

	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct jump_case *c = &cases[i];
		PROG(with_k, BPF_STMT(BPF_LD | BPF_IMM, c->a),
		     BPF_JUMP(BPF_JMP | c->op | BPF_K, c->operand, 0, 1), RET(1), RET(2));
		PROG(with_x, BPF_STMT(BPF_LDX | BPF_IMM, c->operand),
		     BPF_STMT(BPF_LD | BPF_IMM, c->a), BPF_JUMP(BPF_JMP | c->op | BPF_X, 0, 1, 0),
		     RET(2), RET(1));

		CHECKF(run(&with_k, &sd, NULL) == (c->taken ? 1u : 2u), "case %zu k", i);
		CHECKF(run(&with_x, &sd, NULL) == (c->taken ? 1u : 2u), "case %zu x", i);
	}
	PROG(ja, BPF_STMT(BPF_JMP | BPF_JA, 2), RET(1), RET(2), RET(3));
	CHECK(run(&ja, &sd, &n) == 3 && n == 2);
	/* Long conditional jumps skip the instructions between. */
	PROG(far, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0), RET(1), RET(2), RET(3), RET(4));
	CHECK(run(&far, &sd, &n) == 4 && n == 2);
}

static void test_run_invalid(void)
{
	struct seccomp_data sd = {0};
	size_t n = 0;

	PROG(falls_off, BPF_STMT(BPF_LD | BPF_IMM, 1));
	CHECK(run(&falls_off, &sd, &n) == SECCOMP_RET_KILL_PROCESS && n == 1);
	PROG(halfword, BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_A);
	CHECK(run(&halfword, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	PROG(unaligned, LD_ABS(2), RET_A);
	CHECK(run(&unaligned, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	PROG(past_end, LD_ABS(64), RET_A);
	CHECK(run(&past_end, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	PROG(ja_out, BPF_STMT(BPF_JMP | BPF_JA, 5), RET(1));
	CHECK(run(&ja_out, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	PROG(jeq_out, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 9, 0), RET(1));
	CHECK(run(&jeq_out, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	PROG(mem_out, BPF_STMT(BPF_ST, 16), RET(1));
	CHECK(run(&mem_out, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
	PROG(bad_code, BPF_STMT(0xffff, 0), RET(1));
	CHECK(run(&bad_code, &sd, NULL) == SECCOMP_RET_KILL_PROCESS);
}

/* ---- validation, each case also put to the kernel ---- */

struct validate_case {
	const char *name;
	int ok;
	size_t len;
	struct sock_filter insns[8];
};

#define VCASE(ok, name, ...)                                                                       \
	{                                                                                          \
		name, ok, COUNT(((struct sock_filter[]){__VA_ARGS__})),                            \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}

static const struct validate_case validate_cases[] = {
    VCASE(1, "ret allow", RET(SECCOMP_RET_ALLOW)),
    VCASE(1, "nr check", LD_ABS(OFF_NR), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
	  RET(SECCOMP_RET_ALLOW), RET(SECCOMP_RET_KILL_PROCESS)),
    VCASE(1, "last arg word", LD_ABS(ARG_HI(5)), RET(SECCOMP_RET_ALLOW)),
    VCASE(1, "ip word", LD_ABS(OFF_IP + 4), RET(SECCOMP_RET_ALLOW)),
    VCASE(1, "len loads", BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
	  BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(1, "shift by 31", BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 31),
	  BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 31), RET(SECCOMP_RET_ALLOW)),
    VCASE(1, "ja to the last", BPF_STMT(BPF_JMP | BPF_JA, 1), RET(SECCOMP_RET_KILL_PROCESS),
	  RET(SECCOMP_RET_ALLOW)),
    VCASE(1, "store on both paths", LD_ABS(OFF_NR), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
	  BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_JMP | BPF_JA, 1), BPF_STMT(BPF_STX, 0),
	  BPF_STMT(BPF_LD | BPF_MEM, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(1, "unreachable load after a store", BPF_STMT(BPF_ST, 0), RET(SECCOMP_RET_ALLOW),
	  BPF_STMT(BPF_LDX | BPF_MEM, 0), RET(SECCOMP_RET_ALLOW)),
    /* The kernel's check lets flow continue past a ret: instruction 5 is
     * only reached from 3, after the store, yet what reaches 4 (nothing
     * stored) flows on into it, and the kernel refuses the load. */
    VCASE(0, "flow past ret", LD_ABS(OFF_NR), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
	  BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_JMP | BPF_JA, 1), RET(SECCOMP_RET_KILL_PROCESS),
	  BPF_STMT(BPF_LD | BPF_MEM, 0), RET_A),
    VCASE(1, "store before a ja 0", BPF_STMT(BPF_ST, 3), BPF_STMT(BPF_JMP | BPF_JA, 0),
	  BPF_STMT(BPF_LD | BPF_MEM, 3), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "unknown opcode", BPF_STMT(0xffff, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "neg with x", BPF_STMT(BPF_ALU | BPF_NEG | BPF_X, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ret x", BPF_STMT(BPF_RET | BPF_X, 0)),
    VCASE(0, "ld h abs", BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ld b abs", BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ld w ind", BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ld b ind", BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ldx msh", BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "mod k", BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "mod x", BPF_STMT(BPF_ALU | BPF_MOD | BPF_X, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "unaligned load", LD_ABS(2), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "load past the data", LD_ABS(64), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ancillary load", LD_ABS(SKF_AD_OFF + SKF_AD_PROTOCOL), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "jt past the end", BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
	  RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "jf past the end", BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 1),
	  RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ja past the end", BPF_STMT(BPF_JMP | BPF_JA, 1), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "last is not ret", RET(SECCOMP_RET_ALLOW), LD_ABS(OFF_NR)),
    VCASE(0, "ld M[16]", BPF_STMT(BPF_LD | BPF_MEM, 16), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "ldx M[16]", BPF_STMT(BPF_LDX | BPF_MEM, 16), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "st M[16]", BPF_STMT(BPF_ST, 16), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "stx M[16]", BPF_STMT(BPF_STX, 16), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "div by constant 0", BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "lsh by 32", BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "rsh by 32", BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 32), RET(SECCOMP_RET_ALLOW)),
    VCASE(0, "load before store", BPF_STMT(BPF_LD | BPF_MEM, 0), RET_A),
    VCASE(0, "store on one path", LD_ABS(OFF_NR), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
	  BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_LD | BPF_MEM, 0), RET_A),
    VCASE(0, "store to another cell", BPF_STMT(BPF_ST, 1), BPF_STMT(BPF_LDX | BPF_MEM, 0), RET_A),
    VCASE(0, "store skipped by ja", BPF_STMT(BPF_JMP | BPF_JA, 1), BPF_STMT(BPF_ST, 0),
	  BPF_STMT(BPF_LD | BPF_MEM, 0), RET_A),
};

/* 1 if the kernel accepts the filter, 0 if it refuses it with EINVAL, -1
 * if the question could not be asked. Installing changes the caller for
 * good, so a child does it. */
static int kernel_accepts(const struct sock_filter *insns, size_t len)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct sock_fprog fprog = {.len = (unsigned short)len,
					   .filter = (struct sock_filter *)insns};
		struct rlimit no_core = {0, 0};

		/* Once installed, the filter may refuse the exit itself:
		 * _exit then faults, which must kill rather than reach a
		 * sanitizer's handler; the alarm covers anything else. */
		setrlimit(RLIMIT_CORE, &no_core);
		signal(SIGSEGV, SIG_DFL);
		signal(SIGSYS, SIG_DFL);
		alarm(10);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(11);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog))
			_exit(errno == EINVAL ? 10 : 11);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 10)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 11)
		return -1;
	return 1;
}

static int kernel_usable;

static void check_validate(const char *name, const struct sf_prog *p, int ok)
{
	char why[256] = "(unset)";
	int rc = sf_bpf_validate(p, why, sizeof(why));

	CHECKF((rc == 0) == ok, "%s: validate says %d (%s)", name, rc, why);
	if (rc < 0)
		CHECKF(why[0] != '\0', "%s: no reason given", name);
	if (kernel_usable) {
		int kernel = kernel_accepts(p->insns, p->len);

		CHECKF(kernel == ok, "%s: kernel says %d, expected %d", name, kernel, ok);
	}
}

static void test_validate(void)
{
	char why[256];

	for (size_t i = 0; i < COUNT(validate_cases); i++) {
		const struct validate_case *c = &validate_cases[i];
		struct sf_prog p = {(struct sock_filter *)c->insns, c->len};

		check_validate(c->name, &p, c->ok);
	}

	/* Every opcode seccomp allows, together in one valid program. */
	PROG(all, LD_ABS(OFF_NR), BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
	     BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_LD | BPF_IMM, 1),
	     BPF_STMT(BPF_LDX | BPF_IMM, 1), BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_STX, 1),
	     BPF_STMT(BPF_LD | BPF_MEM, 0), BPF_STMT(BPF_LDX | BPF_MEM, 1),
	     BPF_STMT(BPF_MISC | BPF_TAX, 0), BPF_STMT(BPF_MISC | BPF_TXA, 0),
	     BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_MUL | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_AND | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_OR | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_RSH | BPF_X, 0),
	     BPF_STMT(BPF_ALU | BPF_NEG, 0), BPF_STMT(BPF_JMP | BPF_JA, 0),
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0),
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0),
	     BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 1, 0, 0),
	     BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0),
	     BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 1, 0, 0),
	     BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 0),
	     BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1),
	     BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 0), RET_A, RET(SECCOMP_RET_ALLOW));
	check_validate("every seccomp opcode", &all, 1);

	/* The length limits. */
	struct sf_prog empty = {all_insns, 0};
	check_validate("empty", &empty, 0);
	struct sock_filter *many = calloc(SF_BPF_MAX_INSNS + 1, sizeof(*many));
	CHECK(many != NULL);
	if (many) {
		for (size_t i = 0; i <= SF_BPF_MAX_INSNS; i++)
			many[i] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
		struct sf_prog max = {many, SF_BPF_MAX_INSNS};
		struct sf_prog over = {many, SF_BPF_MAX_INSNS + 1};
		check_validate("4096 insns", &max, 1);
		check_validate("4097 insns", &over, 0);
		free(many);
	}
	struct sf_prog null_prog = {NULL, 1};
	CHECK(sf_bpf_validate(&null_prog, why, sizeof(why)) < 0);
	CHECK(sf_bpf_validate(&empty, NULL, 0) < 0); /* why is optional */

	/* The reasons name what is wrong. */
	struct sf_prog store = {
	    (struct sock_filter *)validate_cases[COUNT(validate_cases) - 1].insns,
	    validate_cases[COUNT(validate_cases) - 1].len};
	sf_bpf_validate(&store, why, sizeof(why));
	CHECKF(strstr(why, "M[0]") != NULL, "%s", why);
	PROG(unaligned, LD_ABS(2), RET_A);
	sf_bpf_validate(&unaligned, why, sizeof(why));
	CHECKF(strstr(why, "offset 2") != NULL, "%s", why);
}

/* ---- the action cache ---- */

static void test_const_allow(void)
{
	const uint32_t native = NATIVE_AUDIT_ARCH;
	const uint32_t other = native == AUDIT_ARCH_I386 ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_I386;

	/* An arch check, then a tree on nr: 1 and 100..199 are allowed, 2
	 * depends on an argument, 3 gets an errno, the rest are killed. */
	PROG(tree, LD_ABS(OFF_ARCH),				/* 0 */
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, native, 1, 0), /* 1: 3 or 2 */
	     RET(SECCOMP_RET_KILL_PROCESS),			/* 2 */
	     LD_ABS(OFF_NR),					/* 3 */
	     BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 100, 5, 0),	/* 4: 10 or 5 */
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 8, 0),	/* 5: 14 or 6 */
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 3, 6, 0),	/* 6: 13 or 7 */
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 3),	/* 7: 8 or 11 */
	     LD_ABS(ARG_LO(0)),					/* 8 */
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 4, 3),	/* 9: 14 or 13 */
	     BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 199, 0, 1),	/* 10: 11 or 12 */
	     RET(SECCOMP_RET_KILL_PROCESS),			/* 11 */
	     BPF_STMT(BPF_JMP | BPF_JA, 1),			/* 12: 14 */
	     RET(SECCOMP_RET_ERRNO | 1),			/* 13 */
	     RET(SECCOMP_RET_ALLOW));				/* 14 */

	CHECK(sf_bpf_const_allow(&tree, native, 1) == 1);
	CHECK(sf_bpf_const_allow(&tree, native, 100) == 1);
	CHECK(sf_bpf_const_allow(&tree, native, 199) == 1);
	CHECK(sf_bpf_const_allow(&tree, native, 200) == 0);
	CHECK(sf_bpf_const_allow(&tree, native, 2) == 0); /* loads an argument */
	CHECK(sf_bpf_const_allow(&tree, native, 3) == 0); /* errno */
	CHECK(sf_bpf_const_allow(&tree, native, 4) == 0); /* kill */
	CHECK(sf_bpf_const_allow(&tree, other, 150) == 0);

	/* Whatever it says yes to, the program allows for any arguments. */
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	for (uint32_t nr = 0; nr < 260; nr++) {
		if (!sf_bpf_const_allow(&tree, native, nr))
			continue;
		for (int i = 0; i < 20; i++) {
			struct seccomp_data sd = {.nr = (int)nr, .arch = native};

			for (int j = 0; j < 6; j++) {
				seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
				sd.args[j] = seed;
			}
			CHECK(run(&tree, &sd, NULL) == SECCOMP_RET_ALLOW);
		}
	}

	PROG(masked, LD_ABS(OFF_NR), BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1), RET(SECCOMP_RET_ALLOW),
	     RET(SECCOMP_RET_KILL_PROCESS));
	CHECK(sf_bpf_const_allow(&masked, native, 0x101) == 1);
	CHECK(sf_bpf_const_allow(&masked, native, 0x102) == 0);

	PROG(jset, LD_ABS(OFF_NR), BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x40000000, 0, 1),
	     RET(SECCOMP_RET_KILL_PROCESS), RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&jset, native, 5) == 1);
	CHECK(sf_bpf_const_allow(&jset, native, 0x40000005) == 0);

	/* Any ALU other than AND gives up, even when the result is constant. */
	PROG(or_zero, LD_ABS(OFF_NR), BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 0),
	     RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&or_zero, native, 1) == 0);
	/* So does X, memory, ret A and the instruction pointer. */
	PROG(ldx, BPF_STMT(BPF_LDX | BPF_IMM, 0), RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&ldx, native, 1) == 0);
	PROG(ret_a, BPF_STMT(BPF_LD | BPF_IMM, SECCOMP_RET_ALLOW), RET_A);
	CHECK(sf_bpf_const_allow(&ret_a, native, 1) == 0);
	PROG(ip, LD_ABS(OFF_IP), RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&ip, native, 1) == 0);
	PROG(jeq_x, LD_ABS(OFF_NR), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0),
	     RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&jeq_x, native, 1) == 0);
	/* An argument loaded on a path that never compares it still gives
	 * up: the kernel does not look at what the load is for. */
	PROG(unused_arg, LD_ABS(ARG_LO(0)), RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&unused_arg, native, 1) == 0);
	/* The action must be exactly ALLOW, data included; LOG is not. */
	PROG(allow_data, RET(SECCOMP_RET_ALLOW | 1));
	CHECK(sf_bpf_const_allow(&allow_data, native, 1) == 0);
	PROG(log, RET(SECCOMP_RET_LOG));
	CHECK(sf_bpf_const_allow(&log, native, 1) == 0);
	PROG(plain, RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&plain, native, 1) == 1);
	CHECK(sf_bpf_const_allow(&plain, other, 1) == 1);
	PROG(falls_off, LD_ABS(OFF_NR));
	CHECK(sf_bpf_const_allow(&falls_off, native, 1) == 0);
	PROG(ja, BPF_STMT(BPF_JMP | BPF_JA, 1), RET(SECCOMP_RET_KILL_PROCESS),
	     RET(SECCOMP_RET_ALLOW));
	CHECK(sf_bpf_const_allow(&ja, native, 1) == 1);
}

/* ---- disassembly and statistics ---- */

static char *disasm(const struct sf_prog *p, enum sf_arch arch)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	sf_bpf_disasm(out, p, arch);
	fclose(out);
	return text;
}

static int has_line(const char *text, const char *a, const char *b)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[256];

		snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
		if (strstr(buf, a) && (!b || strstr(buf, b)))
			return 1;
		line = end ? end + 1 : NULL;
	}
	return 0;
}

static void test_disasm(void)
{
	enum sf_arch arch = sf_arch_native();
	const struct sf_arch_info *info = sf_arch_info(arch);
	const struct sf_syscall *openat = sf_syscall_by_name(info->table, "openat");
	const struct sf_syscall *read_call = sf_syscall_by_name(info->table, "read");
	char want[64];

	CHECK(openat != NULL && read_call != NULL);
	if (!openat || !read_call)
		return;
	PROG(p, LD_ABS(OFF_ARCH),						 /* 0 */
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, info->audit_arch, 1, 0),	 /* 1 */
	     RET(SECCOMP_RET_KILL_PROCESS),					 /* 2 */
	     LD_ABS(OFF_NR),							 /* 3 */
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)openat->nr, 4, 0),	 /* 4 */
	     BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 5, 0),		 /* 5 */
	     LD_ABS(ARG_LO(1)),							 /* 6 */
	     BPF_JUMP(BPF_JEQ | BPF_JMP | BPF_K, (uint32_t)read_call->nr, 4, 0), /* 7 */
	     LD_ABS(ARG_HI(1)),							 /* 8 */
	     RET(SECCOMP_RET_ALLOW),						 /* 9 */
	     RET(SECCOMP_RET_ERRNO | 1),					 /* 10 */
	     RET(SECCOMP_RET_TRAP | 0x1005),					 /* 11 */
	     BPF_STMT(BPF_JMP | BPF_JA, 3),					 /* 12 */
	     RET(SECCOMP_RET_LOG), RET(SECCOMP_RET_TRACE | 7), RET(SECCOMP_RET_USER_NOTIF),
	     RET(SECCOMP_RET_KILL_THREAD), BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
	     BPF_STMT(BPF_ST, 3), BPF_STMT(BPF_LDX | BPF_MEM, 3),
	     BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0), RET_A);
	char *text = disasm(&p, arch);

	CHECK(text != NULL);
	if (!text)
		return;
	CHECKF(has_line(text, "[arch]", NULL), "%s", text);
	CHECKF(has_line(text, "[nr]", NULL), "%s", text);
	CHECKF(has_line(text, "[args[1].lo]", NULL), "%s", text);
	CHECKF(has_line(text, "[args[1].hi]", NULL), "%s", text);
	snprintf(want, sizeof(want), "#0x%x %s", info->audit_arch, info->name);
	CHECKF(has_line(text, want, NULL), "want %s in\n%s", want, text);
	snprintf(want, sizeof(want), "#0x%x openat, L9, L5", openat->nr);
	CHECKF(has_line(text, want, NULL), "want %s in\n%s", want, text);
	/* After a load of an argument, a number is just a number. */
	snprintf(want, sizeof(want), "#0x%x read", read_call->nr);
	CHECKF(!has_line(text, want, NULL), "unwanted %s in\n%s", want, text);
	CHECKF(has_line(text, "jge", "#0x40000000, L11, L6"), "%s", text);
	CHECKF(has_line(text, "L9:", "ALLOW"), "%s", text);
	CHECKF(has_line(text, "L11:", "TRAP(0x1005)"), "%s", text);
	CHECKF(has_line(text, "ERRNO(1) EPERM", NULL), "%s", text);
	CHECKF(has_line(text, "  2 ", "KILL_PROCESS"), "%s", text);
	CHECKF(has_line(text, "ja", "L16"), "%s", text);
	CHECKF(has_line(text, "L16:", "KILL_THREAD"), "%s", text);
	CHECKF(has_line(text, "LOG", NULL), "%s", text);
	CHECKF(has_line(text, "TRACE(7)", NULL), "%s", text);
	CHECKF(has_line(text, "USER_NOTIF", NULL), "%s", text);
	CHECKF(has_line(text, "and", "#0xff"), "%s", text);
	CHECKF(has_line(text, "st", "M[3]"), "%s", text);
	CHECKF(has_line(text, "ldx", "M[3]"), "%s", text);
	CHECKF(has_line(text, "add", "x"), "%s", text);
	CHECKF(has_line(text, "ret", " a"), "%s", text);
	/* One line per instruction. */
	size_t lines = 0;
	for (const char *c = text; *c; c++)
		lines += *c == '\n';
	CHECK(lines == p.len);
	free(text);

	/* Garbage disassembles without a crash. */
	PROG(bad, BPF_STMT(0xffff, 0), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 200, 200),
	     BPF_STMT(BPF_JMP | BPF_JA, 0xffffffffu));
	text = disasm(&bad, arch);
	CHECK(text != NULL);
	free(text);
}

static void test_stats(void)
{
	enum sf_arch arch = sf_arch_native();
	const struct sf_arch_info *info = sf_arch_info(arch);
	const struct sf_syscall *openat = sf_syscall_by_name(info->table, "openat");
	const struct sf_syscall *read_call = sf_syscall_by_name(info->table, "read");
	struct sf_bpf_stats st;

	if (!openat || !read_call)
		return;
	PROG(p, LD_ABS(OFF_ARCH), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, info->audit_arch, 0, 5),
	     LD_ABS(OFF_NR), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)openat->nr, 4, 0),
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)read_call->nr, 0, 2), LD_ABS(ARG_LO(0)),
	     BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), RET(SECCOMP_RET_ERRNO | 1),
	     RET(SECCOMP_RET_ALLOW));
	size_t count = info->table->count;

	sf_bpf_stats(&p, arch, &st);
	CHECK(st.insns == 9);
	CHECK(st.worst == 8 && st.worst_nr == (size_t)read_call->nr);
	/* openat runs 5, read 8, everything else 6. */
	double mean = (5.0 + 8.0 + 6.0 * (double)(count - 2)) / (double)count;
	CHECKF(st.mean > mean - 1e-9 && st.mean < mean + 1e-9, "mean %f, want %f", st.mean, mean);
	CHECK(st.cache_allow == 1);
	CHECK(st.allow_total == 2); /* read passes too with its argument 0 */
}

/* ---- the emulator against the kernel ---- */

#define ERRNO_BITS 0xfffu

struct builder {
	struct sock_filter insns[96];
	size_t len;
};

static void emit(struct builder *b, struct sock_filter insn)
{
	if (b->len < COUNT(b->insns))
		b->insns[b->len++] = insn;
}

/* The program tested: getppid gets the body's result, bits shift..shift+11
 * of it, as its errno; every other call is allowed. */
static void build(struct builder *b, const struct sock_filter *body, size_t body_len,
		  unsigned shift)
{
	b->len = 0;
	emit(b, (struct sock_filter)LD_ABS(OFF_NR));
	emit(b, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 1, 0));
	emit(b, (struct sock_filter)RET(SECCOMP_RET_ALLOW));
	for (size_t i = 0; i < body_len; i++)
		emit(b, body[i]);
	emit(b, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, shift));
	emit(b, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ERRNO_BITS));
	emit(b, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO));
	emit(b, (struct sock_filter)RET_A);
}

static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* Values that find edges: zero, signs, shift counts around 32, the
 * constants the bodies compare with. */
static uint64_t interesting(uint64_t *state)
{
	static const uint64_t special[] = {
	    0,
	    1,
	    2,
	    7,
	    31,
	    32,
	    33,
	    63,
	    64,
	    0x1234,
	    0x7fffffff,
	    0x80000000,
	    0xffffffff,
	    0x100000000ull,
	    0xffffffff00000000ull,
	    0x8000000000000000ull,
	    0xdeadbeef,
	    0x55555555,
	};
	uint64_t r = next_random(state);

	switch (r % 4) {
	case 0:
		return special[(r >> 8) % COUNT(special)];
	case 1:
		return (r >> 8) % 70; /* small: shift counts, divisors */
	default:
		return next_random(state);
	}
}

/* In a child: installs the filter, makes the calls and compares each errno
 * with the emulator's. Exits with the number of mismatches (capped). */
static void cross_check_child(const struct sf_prog *prog, int calls, uint64_t seed, int nonzero_x)
{
	struct sock_fprog fprog = {.len = (unsigned short)prog->len, .filter = prog->insns};
	int mismatches = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog))
		_exit(120);
	for (int i = 0; i < calls; i++) {
		struct seccomp_data sd = {.nr = SYS_getppid, .arch = NATIVE_AUDIT_ARCH};
		unsigned long a[6];

		for (int j = 0; j < 6; j++) {
			a[j] = (unsigned long)interesting(&seed);
			if (i % 5 == 1 && j == 1)
				a[1] = a[0]; /* equal operands for the comparisons */
			if (nonzero_x && j == 1 && (uint32_t)a[1] == 0)
				a[1] |= 1;
			sd.args[j] = a[j];
		}
		errno = 0;
		long r = syscall(SYS_getppid, a[0], a[1], a[2], a[3], a[4], a[5]);
		long kernel = r == -1 ? errno : r == 0 ? 0 : -1; /* -1: the call ran */
		uint32_t ret = sf_bpf_run(prog, &sd, NULL);
		long emulated = (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO
				    ? (long)(ret & SECCOMP_RET_DATA)
				    : -2;

		if (kernel != emulated) {
			if (mismatches < 5)
				fprintf(stderr,
					"args %#lx %#lx %#lx: kernel errno %ld, emulator %ld\n",
					a[0], a[1], a[2], kernel, emulated);
			mismatches++;
		}
	}
	_exit(mismatches > 100 ? 100 : mismatches);
}

static void cross_check(const char *name, const struct sock_filter *body, size_t body_len,
			int nonzero_x)
{
	static const unsigned shifts[] = {0, 12, 20};

	for (size_t s = 0; s < COUNT(shifts); s++) {
		struct builder b;
		char why[256];
		int status = 0;
		pid_t pid;

		build(&b, body, body_len, shifts[s]);
		struct sf_prog prog = {b.insns, b.len};
		CHECKF(sf_bpf_validate(&prog, why, sizeof(why)) == 0, "%s: %s", name, why);
		fflush(NULL);
		pid = fork();
		if (pid == 0)
			cross_check_child(&prog, 300, 0x243f6a8885a308d3ull + s, nonzero_x);
		CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
		CHECKF(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		       "%s, bits from %u: status 0x%x", name, shifts[s], status);
	}
}

#define BODY(name, nonzero_x, ...)                                                                 \
	do {                                                                                       \
		static const struct sock_filter body_[] = {__VA_ARGS__};                           \
		cross_check(name, body_, COUNT(body_), nonzero_x);                                 \
	} while (0)

/* A = args[0].lo, X = args[1].lo, then one operation. */
#define ALU_X(op)                                                                                  \
	LD_ABS(ARG_LO(1)), BPF_STMT(BPF_MISC | BPF_TAX, 0), LD_ABS(ARG_LO(0)),                     \
	    BPF_STMT(BPF_ALU | (op) | BPF_X, 0)

/* Sets bit `bit` of M[0] when the jump on A = M[1] is taken. */
#define JUMP_BIT(jump, bit)                                                                        \
	BPF_STMT(BPF_LD | BPF_MEM, 1), jump, BPF_STMT(BPF_LD | BPF_MEM, 0),                        \
	    BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 1u << (bit)), BPF_STMT(BPF_ST, 0)

static void test_kernel_cross_check(void)
{
	BODY("add x", 0, ALU_X(BPF_ADD));
	BODY("sub x", 0, ALU_X(BPF_SUB));
	BODY("mul x", 0, ALU_X(BPF_MUL));
	BODY("div x", 1, ALU_X(BPF_DIV));
	BODY("and x", 0, ALU_X(BPF_AND));
	BODY("or x", 0, ALU_X(BPF_OR));
	BODY("xor x", 0, ALU_X(BPF_XOR));
	BODY("lsh x", 0, ALU_X(BPF_LSH));
	BODY("rsh x", 0, ALU_X(BPF_RSH));
	BODY("alu k", 0, LD_ABS(ARG_LO(0)), BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 0x12345678),
	     BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 0x9e3779b9), BPF_STMT(BPF_ST, 2),
	     BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, 0xdeadbeef),
	     BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 0x1000), BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 7),
	     BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 0x10), BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 3),
	     BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffff0ff),
	     BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 1), BPF_STMT(BPF_ALU | BPF_NEG, 0),
	     BPF_STMT(BPF_LDX | BPF_MEM, 2), BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0));
	/* High words, the other arguments, arch, nr and len. */
	BODY("words", 0, LD_ABS(ARG_HI(0)), BPF_STMT(BPF_MISC | BPF_TAX, 0), LD_ABS(ARG_HI(1)),
	     BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0), BPF_STMT(BPF_MISC | BPF_TAX, 0),
	     LD_ABS(ARG_LO(5)), BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
	     BPF_STMT(BPF_MISC | BPF_TAX, 0), LD_ABS(ARG_HI(4)),
	     BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 0), BPF_STMT(BPF_MISC | BPF_TAX, 0),
	     LD_ABS(OFF_ARCH), BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
	     BPF_STMT(BPF_MISC | BPF_TAX, 0), LD_ABS(OFF_NR),
	     BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0), BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
	     BPF_STMT(BPF_ALU | BPF_MUL | BPF_X, 0), BPF_STMT(BPF_MISC | BPF_TAX, 0),
	     BPF_STMT(BPF_STX, 4), BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
	     BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1), BPF_STMT(BPF_LDX | BPF_MEM, 4),
	     BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0), BPF_STMT(BPF_MISC | BPF_TAX, 0),
	     LD_ABS(ARG_LO(3)), BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0));
	/* Every conditional jump with K and X, each result one bit. */
	BODY("jumps", 0, LD_ABS(ARG_LO(1)), BPF_STMT(BPF_MISC | BPF_TAX, 0),
	     BPF_STMT(BPF_LD | BPF_IMM, 0), BPF_STMT(BPF_ST, 0), LD_ABS(ARG_LO(0)),
	     BPF_STMT(BPF_ST, 1), JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1234, 0, 3), 0),
	     JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x7fffffff, 0, 3), 1),
	     JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x80000000, 0, 3), 2),
	     JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x10, 0, 3), 3),
	     JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 3), 4),
	     JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 3), 5),
	     JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 3), 6),
	     JUMP_BIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 3), 7),
	     /* Inverted sense and a ja: bit 8 when A < 32. */
	     BPF_STMT(BPF_LD | BPF_MEM, 1), BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 32, 4, 0),
	     BPF_STMT(BPF_LD | BPF_MEM, 0), BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 1u << 8),
	     BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_JMP | BPF_JA, 0), BPF_STMT(BPF_LD | BPF_MEM, 0));

	/* Division by X == 0 kills the thread, which is the whole child. */
	static const struct sock_filter div_body[] = {ALU_X(BPF_DIV)};
	struct builder b;
	int status = 0;

	build(&b, div_body, COUNT(div_body), 0);
	struct sf_prog prog = {b.insns, b.len};
	struct seccomp_data sd = {.nr = SYS_getppid, .arch = NATIVE_AUDIT_ARCH, .args = {5, 0}};
	CHECK(sf_bpf_run(&prog, &sd, NULL) == SECCOMP_RET_KILL_THREAD);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_fprog fprog = {.len = (unsigned short)prog.len, .filter = prog.insns};
		struct rlimit no_core = {0, 0};

		setrlimit(RLIMIT_CORE, &no_core);
		signal(SIGSYS, SIG_DFL);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog))
			_exit(120);
		syscall(SYS_getppid, 5L, 0L, 0L, 0L, 0L, 0L);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECKF(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS, "status 0x%x", status);
}

/* Whether this process may install filters at all (a container may have
 * seccomp off). */
static int probe_kernel(void)
{
	static const struct sock_filter allow[] = {RET(SECCOMP_RET_ALLOW)};

	return kernel_accepts(allow, 1) == 1;
}

int main(void)
{
	test_loads();
	test_alu();
	test_jumps();
	test_run_invalid();
	kernel_usable = probe_kernel();
	if (!kernel_usable)
		printf("bpf: seccomp unavailable here, kernel cross-checks skipped\n");
	test_validate();
	test_const_allow();
	test_disasm();
	test_stats();
	if (kernel_usable)
		test_kernel_cross_check();
	return test_report("bpf");
}
