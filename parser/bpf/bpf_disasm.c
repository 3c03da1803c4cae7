/* Reading a compiled program: a disassembly a person can check against the
 * policy, and the cost figures sf reports for it. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "constants.h"

/* What the accumulator holds, for naming the constants it is compared to.
 * Tracked in program order, not per path: a compiled policy loads nr or
 * arch right before the comparisons that test it. */
enum acc_holds { ACC_OTHER, ACC_NR, ACC_ARCH };

static const char *field_name(uint32_t offset, char *buf, size_t size)
{
	size_t args = offsetof(struct seccomp_data, args);
	size_t ip = offsetof(struct seccomp_data, instruction_pointer);

	/* The low word of a 64-bit field comes first on the little-endian
	 * hosts sf supports. */
	if (offset == offsetof(struct seccomp_data, nr))
		return "nr";
	if (offset == offsetof(struct seccomp_data, arch))
		return "arch";
	if (offset == ip || offset == ip + 4)
		return offset == ip ? "ip.lo" : "ip.hi";
	if (offset >= args && offset < sizeof(struct seccomp_data) && offset % 4 == 0) {
		snprintf(buf, size, "args[%zu].%s", (offset - args) / 8,
			 (offset - args) % 8 ? "hi" : "lo");
		return buf;
	}
	snprintf(buf, size, "0x%" PRIx32, offset);
	return buf;
}

static void print_ret(FILE *out, uint32_t k)
{
	uint32_t data = k & SECCOMP_RET_DATA;
	const char *name;

	switch (k & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		name = "KILL_PROCESS";
		break;
	case SECCOMP_RET_KILL_THREAD:
		name = "KILL_THREAD";
		break;
	case SECCOMP_RET_TRAP:
		fprintf(out, "TRAP(0x%" PRIx32 ")", data);
		return;
	case SECCOMP_RET_ERRNO: {
		const char *errno_name = sf_errno_name((int)data);

		fprintf(out, "ERRNO(%" PRIu32 ")", data);
		if (errno_name)
			fprintf(out, " %s", errno_name);
		return;
	}
	case SECCOMP_RET_USER_NOTIF:
		name = "USER_NOTIF";
		break;
	case SECCOMP_RET_TRACE:
		fprintf(out, "TRACE(%" PRIu32 ")", data);
		return;
	case SECCOMP_RET_LOG:
		name = "LOG";
		break;
	case SECCOMP_RET_ALLOW:
		name = "ALLOW";
		break;
	default:
		/* The kernel kills the process for an action it does not know. */
		fprintf(out, "#0x%08" PRIx32 " (unknown action: KILL_PROCESS)", k);
		return;
	}
	fputs(name, out);
	if (data)
		fprintf(out, " #0x%" PRIx32, data);
}

/* The name of a constant an accumulator holding nr or arch is compared to. */
static const char *constant_name(enum acc_holds acc, uint32_t k, enum sf_arch arch)
{
	if (acc == ACC_NR) {
		const struct sf_arch_info *info = sf_arch_info(arch);
		const struct sf_syscall *call;

		if (!info || !info->table || k > INT32_MAX)
			return NULL;
		call = sf_syscall_by_nr(info->table, (int)k);
		return call ? call->name : NULL;
	}
	if (acc == ACC_ARCH) {
		for (int a = 0; a < SF_ARCH_COUNT; a++) {
			const struct sf_arch_info *info = sf_arch_info((enum sf_arch)a);

			if (info && info->audit_arch == k)
				return info->name;
		}
	}
	return NULL;
}

static const char *alu_name(uint16_t op)
{
	switch (op) {
	case BPF_ADD:
		return "add";
	case BPF_SUB:
		return "sub";
	case BPF_MUL:
		return "mul";
	case BPF_DIV:
		return "div";
	case BPF_MOD:
		return "mod";
	case BPF_AND:
		return "and";
	case BPF_OR:
		return "or";
	case BPF_XOR:
		return "xor";
	case BPF_LSH:
		return "lsh";
	case BPF_RSH:
		return "rsh";
	case BPF_NEG:
		return "neg";
	}
	return NULL;
}

static const char *jump_name(uint16_t op)
{
	switch (op) {
	case BPF_JA:
		return "ja";
	case BPF_JEQ:
		return "jeq";
	case BPF_JGT:
		return "jgt";
	case BPF_JGE:
		return "jge";
	case BPF_JSET:
		return "jset";
	}
	return NULL;
}

static const char *size_suffix(uint16_t size)
{
	return size == BPF_W ? "" : size == BPF_H ? "h" : size == BPF_B ? "b" : "?";
}

/* Prints one instruction's mnemonic and operands; returns what the
 * accumulator holds afterwards. */
static enum acc_holds print_insn(FILE *out, const struct sock_filter *insn, size_t pc,
				 enum acc_holds acc, enum sf_arch arch)
{
	uint16_t code = insn->code;
	uint32_t k = insn->k;
	char buf[32];

	switch (BPF_CLASS(code)) {
	case BPF_LD:
	case BPF_LDX: {
		const char *reg = BPF_CLASS(code) == BPF_LD ? "ld" : "ldx";
		enum acc_holds now = ACC_OTHER;

		switch (BPF_MODE(code)) {
		case BPF_ABS:
			fprintf(out, "%s%-*s [%s]", reg, 5 - (int)strlen(reg),
				size_suffix(BPF_SIZE(code)), field_name(k, buf, sizeof(buf)));
			if (code == (BPF_LD | BPF_W | BPF_ABS))
				now = k == offsetof(struct seccomp_data, nr)	 ? ACC_NR
				      : k == offsetof(struct seccomp_data, arch) ? ACC_ARCH
										 : ACC_OTHER;
			break;
		case BPF_IND:
			fprintf(out, "%s%-*s [x + 0x%" PRIx32 "]", reg, 5 - (int)strlen(reg),
				size_suffix(BPF_SIZE(code)), k);
			break;
		case BPF_IMM:
			fprintf(out, "%-5s #0x%" PRIx32, reg, k);
			break;
		case BPF_MEM:
			fprintf(out, "%-5s M[%" PRIu32 "]", reg, k);
			break;
		case BPF_LEN:
			fprintf(out, "%-5s len", reg);
			break;
		case BPF_MSH:
			fprintf(out, "%-5s 4*([0x%" PRIx32 "]&0xf)", "ldxb", k);
			break;
		default:
			fprintf(out, "%-5s ?0x%04x", reg, code);
			break;
		}
		return BPF_CLASS(code) == BPF_LD ? now : acc;
	}
	case BPF_ST:
		fprintf(out, "%-5s M[%" PRIu32 "]", "st", k);
		return acc;
	case BPF_STX:
		fprintf(out, "%-5s M[%" PRIu32 "]", "stx", k);
		return acc;
	case BPF_ALU: {
		const char *name = alu_name(BPF_OP(code));

		if (!name)
			fprintf(out, "%-5s 0x%04x", ".insn", code);
		else if (BPF_OP(code) == BPF_NEG)
			fputs(name, out);
		else if (BPF_SRC(code) == BPF_X)
			fprintf(out, "%-5s x", name);
		else
			fprintf(out, "%-5s #0x%" PRIx32, name, k);
		return ACC_OTHER;
	}
	case BPF_JMP: {
		const char *name = jump_name(BPF_OP(code));
		const char *constant;

		if (!name) {
			fprintf(out, "%-5s 0x%04x", ".insn", code);
			return acc;
		}
		if (BPF_OP(code) == BPF_JA) {
			fprintf(out, "%-5s L%zu", name, pc + 1 + k);
			return acc;
		}
		if (BPF_SRC(code) == BPF_X) {
			fprintf(out, "%-5s x", name);
		} else {
			fprintf(out, "%-5s #0x%" PRIx32, name, k);
			constant = BPF_OP(code) == BPF_JSET ? NULL : constant_name(acc, k, arch);
			if (constant)
				fprintf(out, " %s", constant);
		}
		fprintf(out, ", L%zu, L%zu", pc + 1 + insn->jt, pc + 1 + insn->jf);
		return acc;
	}
	case BPF_RET:
		fprintf(out, "%-5s ", "ret");
		if (BPF_RVAL(code) == BPF_A)
			fputs("a", out);
		else if (BPF_RVAL(code) == BPF_K)
			print_ret(out, k);
		else
			fprintf(out, "?0x%04x", code);
		return acc;
	case BPF_MISC:
		if (BPF_MISCOP(code) == BPF_TAX) {
			fputs("tax", out);
			return acc;
		}
		if (BPF_MISCOP(code) == BPF_TXA) {
			fputs("txa", out);
			return ACC_OTHER;
		}
		fprintf(out, "%-5s 0x%04x", ".insn", code);
		return acc;
	}
	return acc;
}

void sf_bpf_disasm(FILE *out, const struct sf_prog *prog, enum sf_arch arch)
{
	unsigned char *is_target;
	enum acc_holds acc = ACC_OTHER;

	if (!prog || !prog->insns || prog->len == 0)
		return;
	is_target = calloc(prog->len, 1);
	if (!is_target)
		return;
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *insn = &prog->insns[pc];
		uint16_t code = insn->code;
		size_t targets[2];
		size_t count = 0;

		if (BPF_CLASS(code) != BPF_JMP)
			continue;
		if (BPF_OP(code) == BPF_JA) {
			targets[count++] = pc + 1 + (size_t)insn->k;
		} else {
			targets[count++] = pc + 1 + insn->jt;
			targets[count++] = pc + 1 + insn->jf;
		}
		for (size_t t = 0; t < count; t++)
			if (targets[t] < prog->len)
				is_target[targets[t]] = 1;
	}
	for (size_t pc = 0; pc < prog->len; pc++) {
		char label[24] = "";

		if (is_target[pc])
			snprintf(label, sizeof(label), "L%zu:", pc);
		fprintf(out, "%4zu  %-6s ", pc, label);
		acc = print_insn(out, &prog->insns[pc], pc, acc, arch);
		fputc('\n', out);
	}
	free(is_target);
}

void sf_bpf_stats(const struct sf_prog *prog, enum sf_arch arch, struct sf_bpf_stats *st)
{
	const struct sf_arch_info *info = sf_arch_info(arch);
	size_t total = 0, numbers = 0;

	memset(st, 0, sizeof(*st));
	st->insns = prog->len;
	if (!info || !info->table)
		return;
	for (size_t i = 0; i < info->table->count; i++) {
		uint32_t nr = (uint32_t)info->table->calls[i].nr;
		/* Arguments all zero: allow_total counts numbers allowed for
		 * that input, not for every input. */
		struct seccomp_data sd = {.nr = (int)nr, .arch = info->audit_arch};
		size_t executed = 0;
		uint32_t ret = sf_bpf_run(prog, &sd, &executed);

		total += executed;
		numbers++;
		if (executed > st->worst) {
			st->worst = executed;
			st->worst_nr = nr;
		}
		if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW)
			st->allow_total++;
		if (sf_bpf_const_allow(prog, info->audit_arch, nr))
			st->cache_allow++;
	}
	st->mean = numbers ? (double)total / (double)numbers : 0.0;
}
