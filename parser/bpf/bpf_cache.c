/* The kernel's seccomp action cache (kernel/seccomp.c, since 5.11): when a
 * filter is attached, seccomp_is_const_allow() emulates it with only nr and
 * arch known, and numbers it proves allowed skip the filter from then on.
 * This is that emulation, instruction for instruction, so that sf can say
 * which calls of a policy the kernel will cache. */
#include <stddef.h>

#include "bpf.h"

int sf_bpf_const_allow(const struct sf_prog *prog, uint32_t arch, uint32_t nr)
{
	uint32_t reg_value = 0;

	if (!prog || !prog->insns)
		return 0;
	/* Like the kernel, jumps are trusted to stay inside the program (it
	 * validated them) and the pc only has to stay below len. */
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *insn = &prog->insns[pc];
		uint16_t code = insn->code;
		uint32_t k = insn->k;
		int op_res;

		switch (code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k == offsetof(struct seccomp_data, nr))
				reg_value = nr;
			else if (k == offsetof(struct seccomp_data, arch))
				reg_value = arch;
			else
				return 0; /* an argument or the ip: not constant */
			break;
		case BPF_RET | BPF_K:
			return k == SECCOMP_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			switch (BPF_OP(code)) {
			case BPF_JEQ:
				op_res = reg_value == k;
				break;
			case BPF_JGE:
				op_res = reg_value >= k;
				break;
			case BPF_JGT:
				op_res = reg_value > k;
				break;
			default:
				op_res = (reg_value & k) != 0;
				break;
			}
			pc += op_res ? insn->jt : insn->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			reg_value &= k;
			break;
		default:
			return 0; /* anything else is beyond the emulation */
		}
	}
	return 0; /* ran off the end: the kernel warns and does not cache */
}
