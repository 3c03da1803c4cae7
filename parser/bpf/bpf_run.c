/* The classic BPF interpreter, with the semantics the kernel gives seccomp
 * filters once it has converted them to eBPF. */
#include <stdlib.h>
#include <string.h>

#include "bpf.h"

void sf_prog_free(struct sf_prog *prog)
{
	if (!prog)
		return;
	free(prog->insns);
	prog->insns = NULL;
	prog->len = 0;
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t operand)
{
	switch (op) {
	case BPF_ADD:
		return a + operand;
	case BPF_SUB:
		return a - operand;
	case BPF_MUL:
		return a * operand;
	case BPF_DIV:
		return a / operand;
	case BPF_MOD:
		return a % operand;
	case BPF_AND:
		return a & operand;
	case BPF_OR:
		return a | operand;
	case BPF_XOR:
		return a ^ operand;
	/* The kernel's interpreter and JITs use only the low five bits of a
	 * 32-bit shift count; the validator rejects larger constants. */
	case BPF_LSH:
		return a << (operand & 31);
	case BPF_RSH:
		return a >> (operand & 31);
	}
	return 0;
}

uint32_t sf_bpf_run(const struct sf_prog *prog, const struct seccomp_data *sd, size_t *executed)
{
	/* The eBPF conversion starts with A and X cleared; M[] needs no reset
	 * because a valid program stores before it loads. */
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {0};
	size_t pc = 0, count = 0;
	uint32_t ret = SECCOMP_RET_KILL_PROCESS;

	while (pc < prog->len) {
		const struct sock_filter *insn = &prog->insns[pc];
		uint16_t code = insn->code;
		uint32_t k = insn->k;

		count++;
		pc++;
		switch (code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k >= sizeof(*sd) || k % 4)
				goto out;
			/* Straight from the struct in memory: host byte order. */
			memcpy(&a, (const unsigned char *)sd + k, sizeof(a));
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			a = sizeof(*sd);
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			x = sizeof(*sd);
			break;
		case BPF_LD | BPF_IMM:
			a = k;
			break;
		case BPF_LDX | BPF_IMM:
			x = k;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				goto out;
			if (code == (BPF_LD | BPF_MEM))
				a = mem[k];
			else if (code == (BPF_LDX | BPF_MEM))
				x = mem[k];
			else
				mem[k] = code == BPF_ST ? a : x;
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_ALU | BPF_NEG:
			a = -a;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (k == 0)
				goto out; /* the kernel refuses this program */
			a = alu(BPF_OP(code), a, k);
			break;
		case BPF_ALU | BPF_DIV | BPF_X:
		case BPF_ALU | BPF_MOD | BPF_X:
			if (x == 0) {
				/* The eBPF conversion guards a division by X
				 * with "if X == 0 return 0", and 0 is
				 * SECCOMP_RET_KILL_THREAD. */
				ret = 0;
				goto out;
			}
			a = alu(BPF_OP(code), a, x);
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
		case BPF_ALU | BPF_SUB | BPF_K:
		case BPF_ALU | BPF_MUL | BPF_K:
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_ALU | BPF_OR | BPF_K:
		case BPF_ALU | BPF_XOR | BPF_K:
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			a = alu(BPF_OP(code), a, k);
			break;
		case BPF_ALU | BPF_ADD | BPF_X:
		case BPF_ALU | BPF_SUB | BPF_X:
		case BPF_ALU | BPF_MUL | BPF_X:
		case BPF_ALU | BPF_AND | BPF_X:
		case BPF_ALU | BPF_OR | BPF_X:
		case BPF_ALU | BPF_XOR | BPF_X:
		case BPF_ALU | BPF_LSH | BPF_X:
		case BPF_ALU | BPF_RSH | BPF_X:
			a = alu(BPF_OP(code), a, x);
			break;
		case BPF_JMP | BPF_JA:
			if (k >= prog->len - pc)
				goto out;
			pc += k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += sf_bpf_jump_taken(BPF_OP(code), a, k) ? insn->jt : insn->jf;
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_X:
			pc += sf_bpf_jump_taken(BPF_OP(code), a, x) ? insn->jt : insn->jf;
			break;
		case BPF_RET | BPF_K:
			ret = k;
			goto out;
		case BPF_RET | BPF_A:
			ret = a;
			goto out;
		default:
			goto out;
		}
	}
out:
	if (executed)
		*executed = count;
	return ret;
}
