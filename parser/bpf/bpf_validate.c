/* The checks the kernel makes before it accepts a seccomp filter:
 * bpf_check_classic() (net/core/filter.c) and then seccomp_check_filter()
 * (kernel/seccomp.c), in that order, with a reason for each refusal. */
#include <stdarg.h>
#include <stdlib.h>

#include "bpf.h"

static int refuse(char *why, size_t why_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t why_size, const char *fmt, ...)
{
	va_list ap;

	if (why && why_size) {
		va_start(ap, fmt);
		vsnprintf(why, why_size, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Every opcode classic BPF knows (chk_code_allowed). */
static int classic_code_known(uint16_t code)
{
	switch (code) {
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_B | BPF_MSH:
	case BPF_LDX | BPF_IMM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return 1;
	}
	return 0;
}

static int is_conditional_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* The subset seccomp_check_filter() lets through: no packet loads but the
 * 32-bit word of seccomp_data, no modulo. */
static int seccomp_code_allowed(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return 1;
	}
	return 0;
}

/* check_load_and_stores(): M[] is not cleared between runs, so a load must
 * follow a store to that cell on every path. Straight-line flow and jumps
 * both narrow the set of written cells a target may assume. Like the
 * kernel, flow is assumed to continue past a RET into the next
 * instruction, which only ever makes the check stricter. */
static int check_memory_use(const struct sf_prog *prog, char *why, size_t why_size)
{
	uint16_t *valid_at = malloc(prog->len * sizeof(*valid_at));
	uint16_t valid = 0;
	int rc = 0;

	if (!valid_at)
		return refuse(why, why_size, "out of memory");
	for (size_t pc = 0; pc < prog->len; pc++)
		valid_at[pc] = 0xffff;
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *insn = &prog->insns[pc];

		valid &= valid_at[pc];
		if (insn->code == BPF_ST || insn->code == BPF_STX) {
			valid |= 1u << insn->k;
		} else if (insn->code == (BPF_LD | BPF_MEM) || insn->code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & (1u << insn->k))) {
				rc = refuse(
				    why, why_size,
				    "instruction %zu: M[%u] may be read before it is written", pc,
				    insn->k);
				break;
			}
		} else if (insn->code == (BPF_JMP | BPF_JA)) {
			valid_at[pc + 1 + insn->k] &= valid;
			valid = 0xffff;
		} else if (is_conditional_jump(insn->code)) {
			valid_at[pc + 1 + insn->jt] &= valid;
			valid_at[pc + 1 + insn->jf] &= valid;
			valid = 0xffff;
		}
	}
	free(valid_at);
	return rc;
}

static int check_classic(const struct sf_prog *prog, char *why, size_t why_size)
{
	size_t len = prog->len;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *insn = &prog->insns[pc];
		uint16_t code = insn->code;
		uint32_t k = insn->k;

		if (!classic_code_known(code))
			return refuse(why, why_size, "instruction %zu: unknown opcode 0x%04x", pc,
				      code);
		switch (code) {
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (k == 0)
				return refuse(why, why_size,
					      "instruction %zu: division by constant zero", pc);
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (k >= 32)
				return refuse(why, why_size,
					      "instruction %zu: shift by %u, not below 32", pc, k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return refuse(why, why_size,
					      "instruction %zu: memory slot M[%u] out of range "
					      "(%d slots)",
					      pc, k, BPF_MEMWORDS);
			break;
		case BPF_JMP | BPF_JA:
			if (k >= len - pc - 1)
				return refuse(why, why_size,
					      "instruction %zu: ja +%u jumps past the end", pc, k);
			break;
		case BPF_LD | BPF_W | BPF_ABS:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			/* Ancillary loads (SKF_AD_OFF and up) are for sockets;
			 * seccomp refuses every such offset below anyway. */
			break;
		default:
			if (is_conditional_jump(code) &&
			    (pc + insn->jt + 1 >= len || pc + insn->jf + 1 >= len))
				return refuse(why, why_size,
					      "instruction %zu: jump +%u/+%u past the end", pc,
					      insn->jt, insn->jf);
			break;
		}
	}
	switch (prog->insns[len - 1].code) {
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
		return check_memory_use(prog, why, why_size);
	}
	return refuse(why, why_size, "the last instruction (%zu) is not a ret", len - 1);
}

static int check_seccomp(const struct sf_prog *prog, char *why, size_t why_size)
{
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *insn = &prog->insns[pc];

		if (!seccomp_code_allowed(insn->code))
			return refuse(why, why_size,
				      "instruction %zu: opcode 0x%04x is not allowed in seccomp "
				      "filters",
				      pc, insn->code);
		if (insn->code == (BPF_LD | BPF_W | BPF_ABS) &&
		    (insn->k >= sizeof(struct seccomp_data) || insn->k & 3))
			return refuse(why, why_size,
				      "instruction %zu: load at offset %u is not an aligned word "
				      "of seccomp_data",
				      pc, insn->k);
	}
	return 0;
}

int sf_bpf_validate(const struct sf_prog *prog, char *why, size_t why_size)
{
	if (why && why_size)
		why[0] = '\0';
	if (!prog || !prog->insns || prog->len == 0)
		return refuse(why, why_size, "empty program");
	if (prog->len > SF_BPF_MAX_INSNS)
		return refuse(why, why_size, "%zu instructions, more than the kernel's %d",
			      prog->len, SF_BPF_MAX_INSNS);
	if (check_classic(prog, why, why_size) < 0)
		return -1;
	return check_seccomp(prog, why, why_size);
}
