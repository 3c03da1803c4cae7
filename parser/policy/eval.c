/* The reference meaning of a policy, read straight off the model. It
 * shares nothing with the compiler but sf_action_ret and rule ids, so the
 * two can be checked against each other. */
#include <signal.h>
#include <stddef.h>

#include "eval.h"

static uint64_t argument(const struct seccomp_data *sd, const struct sf_node *n)
{
	uint64_t v = sd->args[n->arg];

	return SF_ARGTYPE_IS_64(n->argtype) ? v : (v & 0xffffffffu);
}

static int compare(const struct sf_node *n, const struct seccomp_data *sd)
{
	uint64_t x = argument(sd, n), v = n->value;
	int is64 = SF_ARGTYPE_IS_64(n->argtype);
	int64_t sx, sv;

	switch (n->op) {
	case SF_CMP_ANY:
		return (x & v) != 0;
	case SF_CMP_IN:
		return (x & ~v & (is64 ? ~(uint64_t)0 : 0xffffffffu)) == 0;
	}
	x &= n->mask;
	if (SF_ARGTYPE_IS_SIGNED(n->argtype)) {
		sx = is64 ? (int64_t)x : (int64_t)(int32_t)(uint32_t)x;
		sv = is64 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
	} else {
		/* Unsigned: compare as uint64, via the offset trick below. */
		sx = (int64_t)(x ^ 0x8000000000000000ull);
		sv = (int64_t)(v ^ 0x8000000000000000ull);
	}
	switch (n->op) {
	case SF_CMP_EQ:
		return x == v;
	case SF_CMP_NE:
		return x != v;
	case SF_CMP_LT:
		return sx < sv;
	case SF_CMP_LE:
		return sx <= sv;
	case SF_CMP_GT:
		return sx > sv;
	default:
		return sx >= sv;
	}
}

static int holds(const struct sf_policy *p, int node, const struct seccomp_data *sd)
{
	const struct sf_node *n = &p->nodes[node];

	/* || and && chains are left-deep: loop down the left spine. */
	while (n->kind == SF_NODE_OR || n->kind == SF_NODE_AND) {
		int r = holds(p, n->right, sd);
		if (n->kind == SF_NODE_OR && r)
			return 1;
		if (n->kind == SF_NODE_AND && !r)
			return 0;
		n = &p->nodes[n->left];
	}
	if (n->kind == SF_NODE_NOT)
		return !holds(p, n->left, sd);
	return compare(n, sd);
}

uint32_t sf_policy_eval(const struct sf_policy *p, const struct sf_compile_opts *opts,
			const struct seccomp_data *sd)
{
	const struct sf_arch_info *arch = sf_arch_info(p->arch);
	const struct sf_syscall *sigaction;
	const struct sf_rule *r;
	uint16_t id;

	if (sd->arch != arch->audit_arch)
		return SECCOMP_RET_KILL_PROCESS;
	if ((uint32_t)sd->nr >= arch->x32_first && (uint32_t)sd->nr < arch->x32_end)
		return SECCOMP_RET_KILL_PROCESS;
	if (opts->report == SF_REPORT_TRAP) {
		sigaction = sf_syscall_by_name(arch->table, "rt_sigaction");
		if (sigaction && sd->nr == sigaction->nr && (uint32_t)sd->args[0] == SIGSYS) {
			if ((uint32_t)(sd->args[0] >> 32) == opts->sigsys_token)
				return SECCOMP_RET_ALLOW;
			if (sd->args[1] != 0)
				return SECCOMP_RET_KILL_PROCESS;
		}
		/* The handler's way to kill-thread (compile.c, sigsys_guard). */
		if (sigaction && sd->nr == sigaction->nr && (uint32_t)sd->args[0] == 0 &&
		    (uint32_t)(sd->args[0] >> 32) == opts->sigsys_token)
			return SECCOMP_RET_KILL_THREAD;
	}
	r = sf_policy_rule_for(p, sd->nr);
	if (!r)
		return sf_action_ret(
		    sf_policy_norule_action(p, (uint32_t)sd->nr), opts,
		    (uint16_t)((opts->policy_index << SF_ID_POLICY_SHIFT) | SF_ID_DEFAULT));
	id = (uint16_t)((opts->policy_index << SF_ID_POLICY_SHIFT) |
			((size_t)(r - p->rules) < SF_ID_SIGSYS ? (size_t)(r - p->rules)
							       : SF_ID_SIGSYS - 1));
	if (r->expr < 0 || holds(p, r->expr, sd))
		return sf_action_ret(r->on_true, opts, id);
	return sf_action_ret(r->on_false, opts, id);
}
