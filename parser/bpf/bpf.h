/* Classic BPF seccomp programs: the emulator, the kernel's checks re-done
 * in user space, the action-cache analysis and the disassembler. */
#ifndef SF_BPF_H
#define SF_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "arch.h"

#define SF_BPF_MAX_INSNS 4096 /* BPF_MAXINSNS, the kernel's limit */

struct sf_prog {
	struct sock_filter *insns;
	size_t len;
};

void sf_prog_free(struct sf_prog *prog);

/* Whether a conditional jump (BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET) with
 * accumulator a and operand k is taken: the one definition the emulator,
 * the compiler's constant folding and --explain all use. */
static inline int sf_bpf_jump_taken(uint16_t op, uint32_t a, uint32_t k)
{
	switch (op) {
	case BPF_JEQ:
		return a == k;
	case BPF_JGT:
		return a > k;
	case BPF_JGE:
		return a >= k;
	case BPF_JSET:
		return (a & k) != 0;
	}
	return 0;
}

/* Runs the program on one input, as the kernel would. Returns the
 * SECCOMP_RET_* value; *executed (if not NULL) gets the number of
 * instructions executed. An invalid program gives SECCOMP_RET_KILL_PROCESS
 * (the kernel would have refused it): run sf_bpf_validate first. */
uint32_t sf_bpf_run(const struct sf_prog *prog, const struct seccomp_data *sd, size_t *executed);

/* The checks the kernel makes before it accepts a seccomp program
 * (sk_chk_filter + seccomp_check_filter). Returns 0 or -1 with a reason. */
int sf_bpf_validate(const struct sf_prog *prog, char *why, size_t why_size);

/* The kernel's action cache (kernel/seccomp.c, seccomp_is_const_allow):
 * 1 when the program provably returns SECCOMP_RET_ALLOW for this syscall
 * number and arch whatever the arguments, else 0. */
int sf_bpf_const_allow(const struct sf_prog *prog, uint32_t arch, uint32_t nr);

/* Readable disassembly with labels and, for comparisons against nr, the
 * syscall name from the arch's table. */
void sf_bpf_disasm(FILE *out, const struct sf_prog *prog, enum sf_arch arch);

/* Worst and mean instructions executed, and the count of numbers the
 * kernel cache skips, over every syscall number of the arch's table. */
struct sf_bpf_stats {
	size_t insns;
	size_t worst, worst_nr;
	double mean;
	size_t cache_allow, allow_total;
};
void sf_bpf_stats(const struct sf_prog *prog, enum sf_arch arch, struct sf_bpf_stats *st);

#endif
