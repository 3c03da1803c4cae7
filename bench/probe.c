#include <stddef.h>
#include <string.h>

#include "dispatch.h"
#include "probe.h"

#define CANDS 24

struct cands {
	size_t n[6];
	uint64_t v[6][CANDS];
	int used[6];
};

uint64_t probe_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void add(struct cands *c, int arg, uint64_t v)
{
	for (size_t i = 0; i < c->n[arg]; i++)
		if (c->v[arg][i] == v)
			return;
	if (c->n[arg] < CANDS)
		c->v[arg][c->n[arg]++] = v;
	c->used[arg] = 1;
}

static void collect(const struct sf_policy *p, int root, struct cands *c)
{
	int stack[256], top = 0;

	stack[top++] = root;
	while (top > 0) {
		const struct sf_node *n = &p->nodes[stack[--top]];

		if (n->kind == SF_NODE_CMP) {
			add(c, n->arg, n->value);
			add(c, n->arg, n->value + 1);
			add(c, n->arg, n->value - 1);
			add(c, n->arg, n->value & n->mask);
			add(c, n->arg, ~n->value);
			add(c, n->arg, 0);
			add(c, n->arg, ~(uint64_t)0);
			continue;
		}
		if (n->left >= 0 && top < 256)
			stack[top++] = n->left;
		if (n->kind != SF_NODE_NOT && n->right >= 0 && top < 256)
			stack[top++] = n->right;
	}
}

static struct seccomp_data *next(struct probes *out, uint32_t nr)
{
	struct seccomp_data *sd;

	if (out->n == PROBE_MAX)
		return NULL;
	sd = &out->sd[out->n++];
	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)nr;
	sd->arch = sf_arch_info(sf_arch_native())->audit_arch;
	return sd;
}

void probes_for(const struct sf_policy *p, uint32_t nr, struct probes *out)
{
	const struct sf_rule *r = sf_policy_rule_for(p, (int)nr);
	struct seccomp_data *sd;
	struct cands c;
	uint64_t seed = 0x9e3779b97f4a7c15ULL ^ nr;
	size_t most = 0;

	out->n = 0;
	next(out, nr);
	if (!r || r->expr < 0)
		return;
	memset(&c, 0, sizeof(c));
	collect(p, r->expr, &c);
	for (int a = 0; a < 6; a++) {
		if (c.n[a] > most)
			most = c.n[a];
		for (size_t i = 0; i < c.n[a]; i++)
			if ((sd = next(out, nr)))
				sd->args[a] = c.v[a][i];
	}
	for (size_t k = 0; k < most; k++) {
		if (!(sd = next(out, nr)))
			return;
		for (int a = 0; a < 6; a++)
			if (c.used[a])
				sd->args[a] = c.v[a][k % c.n[a]];
	}
	for (int i = 0; i < 64; i++) {
		if (!(sd = next(out, nr)))
			return;
		for (int a = 0; a < 6; a++)
			if (c.used[a])
				sd->args[a] = c.v[a][probe_rand(&seed) % c.n[a]];
	}
}

/* The program's own constants, for what it checks that the policy does
 * not say (sf's SIGSYS guard on rt_sigaction, another compiler's checks):
 * after the dispatch leaf of nr, each constant a jump compares with an
 * argument's half just loaded, and its neighbours, in that argument alone.
 * Constants of other calls' blocks further on come too; they only add
 * inputs. */
static void probes_from_prog(const struct sf_prog *prog, uint32_t nr, struct probes *out)
{
	const uint32_t args = offsetof(struct seccomp_data, args);
	uint32_t arch = sf_arch_info(sf_arch_native())->audit_arch;
	size_t jumps;
	long leaf = dispatch_leaf(prog, arch, nr, &jumps);
	int arg = -1, high = 0;

	if (leaf < 0)
		return;
	for (size_t i = (size_t)leaf; i < prog->len; i++) {
		const struct sock_filter *in = &prog->insns[i];

		if (in->code == (BPF_LD | BPF_W | BPF_ABS)) {
			arg =
			    in->k >= args && in->k < args + 6 * 8 ? (int)((in->k - args) / 8) : -1;
			high = arg >= 0 && (in->k - args) % 8 == 4;
			continue;
		}
		if (arg < 0 || BPF_CLASS(in->code) != BPF_JMP || BPF_OP(in->code) == BPF_JA ||
		    BPF_SRC(in->code) != BPF_K)
			continue;
		for (int d = -1; d <= 1; d++) {
			uint32_t half = in->k + (uint32_t)d;
			struct seccomp_data *sd = next(out, nr);

			if (!sd)
				return;
			sd->args[arg] = high ? (uint64_t)half << 32 : half;
		}
	}
}

size_t costs_of(const struct sf_prog *prog, const struct sf_policy *p, struct cost *out, size_t max)
{
	const struct sf_syscall_table *t = sf_arch_info(sf_arch_native())->table;
	static struct probes pr;
	size_t n = 0;

	for (size_t i = 0; i < t->count && n < max; i++) {
		struct cost *c = &out[n++];
		size_t worst[2] = {0, 0};
		int seen[2] = {0, 0};

		c->nr = (uint32_t)t->calls[i].nr;
		c->name = t->calls[i].name;
		probes_for(p, c->nr, &pr);
		probes_from_prog(prog, c->nr, &pr);
		for (size_t j = 0; j < pr.n; j++) {
			size_t ex = 0;
			uint32_t ret = sf_bpf_run(prog, &pr.sd[j], &ex) & SECCOMP_RET_ACTION_FULL;
			int ok = ret == SECCOMP_RET_ALLOW || ret == SECCOMP_RET_LOG;

			seen[ok] = 1;
			if (ex > worst[ok])
				worst[ok] = ex;
		}
		c->allowed = seen[1];
		c->insns = worst[seen[1]];
	}
	return n;
}
