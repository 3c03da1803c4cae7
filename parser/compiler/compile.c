/* Policy model to seccomp BPF.
 *
 * Layout: check arch, load nr, a balanced tree of `jge` over syscall-number
 * intervals (neighbours with the same outcome merged), then the argument
 * checks of the syscalls that have conditions, then the shared `ret`s.
 * Unconditional outcomes are reached loading nothing but arch and nr, so
 * the kernel's action cache can prove them.
 *
 * Code is emitted against symbolic labels (emit.c); one fix-up pass lays it
 * out and inserts a `ja` trampoline wherever a conditional jump is too far
 * for its 8-bit offset. Sets of values compile in valueset.c. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "emit.h"
#include "sort.h"
#include "valueset.h"

#define SF_IMPLICIT_MAX 8 /* sf_policy_implicit's numbers per arch, at most */

/* ---- actions and ids ---- */

/* Inlined into the rules' loop; sf_action_ret is the same for others. */
static inline uint32_t action_ret(struct sf_action a, const struct sf_compile_opts *opts,
				  uint16_t id)
{
	if (opts->report == SF_REPORT_PERMIT &&
	    (a.kind == SF_ACT_KILL_PROCESS || a.kind == SF_ACT_KILL_THREAD ||
	     a.kind == SF_ACT_TRAP))
		return SECCOMP_RET_TRACE | id;
	switch (a.kind) {
	case SF_ACT_KILL_PROCESS:
		if (opts->report == SF_REPORT_TRAP)
			return SECCOMP_RET_TRAP | id;
		return SECCOMP_RET_KILL_PROCESS;
	case SF_ACT_KILL_THREAD:
		/* The kernel ranks kill-thread above trap: were a kill-process
		 * of another stacked filter a trap, it would lose, and only the
		 * thread would die. In report mode the handler ranks the two
		 * and ends the thread through the guard (sigsys_guard). */
		if (opts->report == SF_REPORT_TRAP)
			return SECCOMP_RET_TRAP | id;
		return SECCOMP_RET_KILL_THREAD;
	case SF_ACT_TRAP:
		/* In report mode sf owns SIGSYS: a trap is reported like a kill. */
		return SECCOMP_RET_TRAP | (opts->report == SF_REPORT_TRAP ? id : a.data);
	case SF_ACT_ERRNO:
		return SECCOMP_RET_ERRNO | (a.data & SECCOMP_RET_DATA);
	case SF_ACT_USER_NOTIF:
		return SECCOMP_RET_USER_NOTIF;
	case SF_ACT_TRACE:
		return SECCOMP_RET_TRACE | a.data;
	case SF_ACT_LOG:
		return SECCOMP_RET_LOG;
	case SF_ACT_ALLOW:
		return SECCOMP_RET_ALLOW;
	default:
		return SECCOMP_RET_KILL_PROCESS;
	}
}

uint32_t sf_action_ret(struct sf_action a, const struct sf_compile_opts *opts, uint16_t id)
{
	return action_ret(a, opts, id);
}

static uint16_t rule_id(const struct sf_compile_opts *opts, size_t index)
{
	size_t rule = index < SF_ID_SIGSYS ? index : SF_ID_SIGSYS - 1;

	return (uint16_t)((opts->policy_index << SF_ID_POLICY_SHIFT) | rule);
}

static uint16_t default_id(const struct sf_compile_opts *opts)
{
	return (uint16_t)((opts->policy_index << SF_ID_POLICY_SHIFT) | SF_ID_DEFAULT);
}

const struct sf_rule *sf_rule_from_id(const struct sf_policy *p, uint16_t id)
{
	size_t rule = id & SF_ID_RULE_MASK;

	if (rule >= SF_ID_SIGSYS - 1 || rule >= p->nrules)
		return NULL;
	return &p->rules[rule];
}

/* ---- conditions ---- */

static uint32_t lo_off(int arg)
{
	return (uint32_t)offsetof(struct seccomp_data, args) + 8u * (uint32_t)arg;
}

static uint32_t hi_off(int arg)
{
	return lo_off(arg) + 4;
}

/* Compares one 32-bit word of an argument: A = (word & mask) ^ flip, then
 * `jop k`. A mask of 0 makes the word a known constant. */
static void cmp_word(struct emitter *em, uint32_t off, uint32_t mask, uint32_t flip, uint16_t jop,
		     uint32_t k, int t, int f)
{
	if (mask == 0) {
		sf_em_jump(em, sf_bpf_jump_taken(jop, flip, k) ? t : f);
		return;
	}
	if (jop == BPF_JSET && (k & mask) == 0) {
		sf_em_jump(em, f);
		return;
	}
	sf_em_load(em, off);
	if (mask != 0xffffffffu)
		sf_em_alu(em, BPF_AND, mask);
	if (flip)
		sf_em_alu(em, BPF_XOR, flip);
	sf_em_emit(em, BPF_JMP | jop | BPF_K, k, t, f);
}

/* (ARG & mask) OP value for an argument 32 bits wide. */
static void cmp32(struct emitter *em, const struct sf_node *n, int t, int f)
{
	uint32_t off = lo_off(n->arg), v = (uint32_t)n->value, m = (uint32_t)n->mask;
	uint32_t flip = SF_ARGTYPE_IS_SIGNED(n->argtype) ? 0x80000000u : 0;

	switch (n->op) {
	case SF_CMP_EQ:
		cmp_word(em, off, m, 0, BPF_JEQ, v, t, f);
		break;
	case SF_CMP_NE:
		cmp_word(em, off, m, 0, BPF_JEQ, v, f, t);
		break;
	case SF_CMP_GT:
		cmp_word(em, off, m, flip, BPF_JGT, v ^ flip, t, f);
		break;
	case SF_CMP_GE:
		cmp_word(em, off, m, flip, BPF_JGE, v ^ flip, t, f);
		break;
	case SF_CMP_LT:
		cmp_word(em, off, m, flip, BPF_JGE, v ^ flip, f, t);
		break;
	case SF_CMP_LE:
		cmp_word(em, off, m, flip, BPF_JGT, v ^ flip, f, t);
		break;
	case SF_CMP_ANY:
		cmp_word(em, off, 0xffffffffu, 0, BPF_JSET, v, t, f);
		break;
	case SF_CMP_IN:
		cmp_word(em, off, 0xffffffffu, 0, BPF_JSET, ~v, f, t);
		break;
	}
}

/* (ARG & mask) OP value for a 64-bit argument: the high words decide unless
 * they are equal, then the low words (always unsigned) do. */
static void cmp64(struct emitter *em, const struct sf_node *n, int t, int f)
{
	uint32_t vh = (uint32_t)(n->value >> 32), vl = (uint32_t)n->value;
	uint32_t mh = (uint32_t)(n->mask >> 32), ml = (uint32_t)n->mask;
	uint32_t flip = SF_ARGTYPE_IS_SIGNED(n->argtype) ? 0x80000000u : 0;
	uint32_t hi = hi_off(n->arg), lo = lo_off(n->arg);
	int op = n->op, swap = 0, low;
	uint16_t last;

	switch (op) {
	case SF_CMP_NE:
		swap = 1;
		/* fall through */
	case SF_CMP_EQ:
		low = sf_em_label(em);
		cmp_word(em, hi, mh, 0, BPF_JEQ, vh, low, swap ? t : f);
		sf_em_place(em, low);
		cmp_word(em, lo, ml, 0, BPF_JEQ, vl, swap ? f : t, swap ? t : f);
		return;
	case SF_CMP_ANY:
		low = sf_em_label(em);
		cmp_word(em, hi, 0xffffffffu, 0, BPF_JSET, vh, t, low);
		sf_em_place(em, low);
		cmp_word(em, lo, 0xffffffffu, 0, BPF_JSET, vl, t, f);
		return;
	case SF_CMP_IN:
		low = sf_em_label(em);
		cmp_word(em, hi, 0xffffffffu, 0, BPF_JSET, ~vh, f, low);
		sf_em_place(em, low);
		cmp_word(em, lo, 0xffffffffu, 0, BPF_JSET, ~vl, f, t);
		return;
	case SF_CMP_LT: /* !(x >= v) */
		swap = 1;
		/* fall through */
	case SF_CMP_GE:
		last = BPF_JGE;
		break;
	case SF_CMP_LE: /* !(x > v) */
		swap = 1;
		/* fall through */
	default:
		last = BPF_JGT;
		break;
	}
	if (swap) {
		int tmp = t;
		t = f;
		f = tmp;
	}
	low = sf_em_label(em);
	if (mh == 0) {
		/* The high word of (x & mask) is 0: a known constant. */
		uint32_t a = flip, k = vh ^ flip;
		sf_em_jump(em, a > k ? t : a < k ? f : low);
	} else {
		int equal = sf_em_label(em);
		cmp_word(em, hi, mh, flip, BPF_JGT, vh ^ flip, t, equal);
		sf_em_place(em, equal);
		sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, vh ^ flip, low, f);
	}
	sf_em_place(em, low);
	cmp_word(em, lo, ml, 0, last, vl, t, f);
}

/* Emits code that jumps to t when node holds and to f when not (either
 * may be NEXT). Chains of one operator are walked without recursion. */
static void cond(struct emitter *em, const struct sf_policy *p, int node, int t, int f)
{
	const struct sf_node *n = &p->nodes[node];
	int *ops, nops = 0, cap = 16, cur, i, after, kind, set_arg = 0;
	uint32_t *vals;
	size_t nvals;

	switch (n->kind) {
	case SF_NODE_CMP:
		if (SF_ARGTYPE_IS_64(n->argtype))
			cmp64(em, n, t, f);
		else
			cmp32(em, n, t, f);
		return;
	case SF_NODE_NOT:
		cond(em, p, n->left, f, t);
		return;
	}
	kind = n->kind;
	ops = malloc((size_t)cap * sizeof(*ops));
	if (!ops) {
		em->oom = 1;
		return;
	}
	for (cur = node; p->nodes[cur].kind == kind; cur = p->nodes[cur].left) {
		if (nops + 2 > cap) {
			int *more = realloc(ops, (size_t)(cap *= 2) * sizeof(*ops));
			if (!more) {
				free(ops);
				em->oom = 1;
				return;
			}
			ops = more;
		}
		ops[nops++] = p->nodes[cur].right;
	}
	ops[nops++] = cur;
	/* A set takes three operands at least; most chains are shorter. */
	vals = nops >= 3 ? malloc((size_t)nops * sizeof(*vals)) : NULL;
	if (nops >= 3 && !vals) {
		free(ops);
		em->oom = 1;
		return;
	}
	nvals = vals ? sf_set_take(p, ops, &nops, kind, vals, &set_arg) : 0;
	if (nvals) {
		/* The set first: it is the cheap part. */
		after = nops ? sf_em_label(em) : (kind == SF_NODE_OR ? f : t);
		if (kind == SF_NODE_OR)
			sf_set_emit(em, lo_off(set_arg), vals, nvals, t, after);
		else
			sf_set_emit(em, lo_off(set_arg), vals, nvals, f, after);
		if (nops)
			sf_em_place(em, after);
	}
	free(vals);
	if (nops == 0) {
		free(ops);
		return;
	}
	/* ops holds the operands last to first. */
	for (i = nops - 1; i > 0; i--) {
		after = sf_em_label(em);
		if (kind == SF_NODE_OR)
			cond(em, p, ops[i], t, after);
		else
			cond(em, p, ops[i], after, f);
		sf_em_place(em, after);
	}
	cond(em, p, ops[0], t, f);
	free(ops);
}

/* ---- dispatch ---- */

/* What a syscall number leads to: a `ret`, a block of argument checks,
 * or the SIGSYS guard (which never merges with a neighbour). */
struct outcome {
	int label;
	uint32_t ret; /* meaningful when is_ret */
	unsigned char is_ret;
	unsigned char guard;
	unsigned char extra; /* about how many instructions follow the dispatch
				(up to EXTRA_MAX), for its weight */
};

struct interval {
	uint32_t first; /* runs up to the next interval's first */
	struct outcome out;
};

/* A ret's label stands for its value (sf_em_ret shares them), any other
 * label for one block; the guard's is no other outcome's, so it never
 * merges. */
static int same_outcome(const struct outcome *a, const struct outcome *b)
{
	return a->label == b->label;
}

/* Small: one per rule, and every one is written, at every exec. */
struct point {
	uint64_t end; /* one past the last number (a range for x32) */
	uint32_t nr;
	int rule;  /* index of the policy's rule, or -1 */
	int inner; /* for the guard: where rt_sigaction goes next */
	int insns; /* the length of the rule's block, or -1: none */
	struct outcome out;
};

/* Appends an interval from first on, merged into the last one when the
 * outcome is the same. */
static inline void push_interval(struct interval *iv, size_t *niv, uint64_t first,
				 const struct outcome *out)
{
	if (*niv && same_outcome(&iv[*niv - 1].out, out))
		return;
	iv[*niv].first = (uint32_t)first;
	iv[*niv].out = *out;
	(*niv)++;
}

/* The numbers [from, to) that no rule names: the default, and from
 * unknown_first on default-unknown's action. */
static void push_gap(struct interval *iv, size_t *niv, uint64_t from, uint64_t to,
		     const struct outcome *def, const struct outcome *unk, uint64_t unknown_first)
{
	if (from >= to)
		return;
	if (from < unknown_first)
		push_interval(iv, niv, from, def);
	if (to > unknown_first)
		push_interval(iv, niv, from > unknown_first ? from : unknown_first, unk);
}

/* Numbers below SMALL_NR are sorted by counting; any others (x32's range,
 * a number written by hand) by the generic radix sort, after them. */
#define SMALL_NR 1024

/* The points' order by number, ties in the order added, in linear time: a
 * policy may have thousands of rules. Returns the indexes of the points in
 * that order (an index is 32 bits, as the radix sort's keys hold them), or
 * NULL when out of memory. Numbers are mostly small and nearly all
 * distinct: counting them costs a pass over the numbers up to the largest,
 * where the radix sort would take four passes over 256 buckets. */
static uint32_t *sort_points(const struct point *pts, size_t n)
{
	uint32_t *order, *count, max = 0, sum, c;
	size_t i, nbig = 0;
	uint64_t *keys;

	for (i = 0; i < n; i++) {
		if (pts[i].nr >= SMALL_NR)
			nbig++;
		else if (pts[i].nr > max)
			max = pts[i].nr;
	}
	/* One block: the order, then (8-aligned) the keys, then the counts. */
	order = malloc(((n + 1) & ~(size_t)1) * sizeof(*order) + 2 * nbig * sizeof(*keys) +
		       (max + 1) * sizeof(*count));
	if (!order)
		return NULL;
	keys = (uint64_t *)(order + ((n + 1) & ~(size_t)1));
	count = (uint32_t *)(keys + 2 * nbig);
	memset(count, 0, (max + 1) * sizeof(*count));
	for (i = 0; i < n; i++)
		if (pts[i].nr < SMALL_NR)
			count[pts[i].nr]++;
	for (i = 0, sum = 0; i <= max; i++) {
		c = count[i];
		count[i] = sum;
		sum += c;
	}
	for (i = 0, c = 0; i < n; i++) {
		if (pts[i].nr < SMALL_NR)
			order[count[pts[i].nr]++] = (uint32_t)i;
		else
			keys[c++] = (uint64_t)pts[i].nr << 32 | i;
	}
	if (nbig) {
		sf_sort_u64(keys, keys + nbig, nbig);
		for (i = 0; i < nbig; i++)
			order[sum + i] = (uint32_t)keys[i];
	}
	return order;
}

/* Choosing the dispatch tree: the split of every subtree [lo, hi)
 * minimises the sum over intervals of weight x depth (the optimal
 * alphabetic tree), by dynamic programming with Knuth's bound on the root
 * (root[lo][hi-1] <= root[lo][hi] <= root[lo+1][hi]), O(n^2). Calls that
 * get through weigh most: they are the ones a working program makes. Past
 * OPTIMAL_MAX intervals the tables would grow with the square: split where
 * the weights balance until a subtree has WINDOW_MAX intervals, and plan
 * each such window optimally, so that time grows linearly with the policy. */
#define OPTIMAL_MAX 128 /* at most 255: roots are stored in a byte */
#define WINDOW_MAX 48

struct tree_plan {
	size_t n;
	const uint64_t *weight; /* prefix sums of the weights */
	unsigned char *root;	/* root[cell(lo, hi)], or NULL */
	unsigned char *chain;	/* chain[cell(lo, hi)]: a chain leaf, see below */
	size_t *chain_end;	/* the longest chain starting at each interval */
	void *mem;		/* what root and chain are in */
};

/* A chain leaf: a run of one `ret` broken by single numbers with other
 * outcomes ("allowed but for 101 and 103", or but for rt_sigaction's
 * guard) costs one `jeq` per hole instead of two more intervals for the
 * tree. chain_end[i] is one past the
 * longest such run starting at interval i (i + 1 when there is none). */
static void find_chains(const struct interval *iv, size_t n, size_t *chain_end)
{
	size_t i, t;

	for (i = 0; i < n; i++) {
		chain_end[i] = i + 1;
		if (!iv[i].out.is_ret || iv[i].out.guard)
			continue;
		for (t = i + 1; t + 1 < n; t += 2) {
			if (iv[t + 1].first - iv[t].first != 1 ||
			    !same_outcome(&iv[t + 1].out, &iv[i].out))
				break;
			chain_end[i] = t + 2;
		}
	}
}

/* The index of subtree [lo, hi), 0 <= lo < hi <= n, in a triangular table
 * of n (n + 1) / 2 cells. */
static size_t cell(size_t lo, size_t hi)
{
	return hi * (hi - 1) / 2 + lo;
}

static int plan_tree(struct tree_plan *plan)
{
	const uint64_t *prefix = plan->weight;
	const size_t *chain_end = plan->chain_end;
	size_t lo, hi, k, kmax, a, n = plan->n, cells = n * (n + 1) / 2;
	size_t start[OPTIMAL_MAX + 1]; /* start[k] = cell(0, k) */
	uint64_t *cost, *col, best, c, total;
	unsigned char *root, *rcol, *rprev, *chcol, r;

	plan->root = NULL;
	plan->chain = NULL;
	plan->mem = NULL;
	if (n > OPTIMAL_MAX || n < 3)
		return 0;
	/* Triangular (lo < hi only), in one block, and not zeroed: the loops
	 * below write every cell they read, and a chain flag is written, and
	 * read (is_chain), only where a chain could be. Fewer pages to touch
	 * is less time in the shim, which compiles at every exec. */
	plan->mem = malloc(cells * (sizeof(*cost) + 2));
	if (!plan->mem)
		return -1;
	cost = plan->mem;
	root = plan->root = (unsigned char *)(cost + cells);
	plan->chain = root + cells;
	/* Column by column (hi up), each from the bottom (lo down): every
	 * cell a split reads is done by then, cost(k, hi) and root(lo + 1,
	 * hi) in this column, cost(lo, k) and root(lo, hi - 1) in those
	 * before. A column is contiguous, so only cost(lo, k) needs the
	 * triangle's arithmetic, a step of k from one k to the next. The
	 * leaves (len 1) cost nothing; a pair (len 2) has but one split. */
	for (k = 1; k <= n; k++)
		start[k] = cell(0, k);
	cost[0] = 0;
	for (hi = 2; hi <= n; hi++) {
		col = cost + cell(0, hi);
		rcol = root + cell(0, hi);
		rprev = root + cell(0, hi - 1);
		chcol = plan->chain + cell(0, hi);
		total = prefix[hi];
		col[hi - 1] = 0;
		col[hi - 2] = total - prefix[hi - 2];
		rcol[hi - 2] = (unsigned char)(hi - 1);
		r = (unsigned char)(hi - 1);
		for (lo = hi - 2; lo-- > 0;) {
			/* Knuth's bound (the last r is root(lo + 1, hi)); ties
			 * go to the first k. */
			kmax = r;
			k = rprev[lo];
			a = start[k] + lo;
			best = cost[a] + col[k];
			r = (unsigned char)k;
			while (k < kmax) {
				a += k++;
				c = cost[a] + col[k];
				if (c < best) {
					best = c;
					r = (unsigned char)k;
				}
			}
			rcol[lo] = r;
			best += total - prefix[lo];
			/* Every call of a chain passes its holes' jeqs at most. */
			if (hi <= chain_end[lo] && (hi - lo) % 2 == 1) {
				c = ((hi - lo) / 2) * (total - prefix[lo]);
				chcol[lo] = c < best;
				if (c < best)
					best = c;
			}
			col[lo] = best;
		}
	}
	return 0;
}

/* Whether the plan makes [lo, hi) a chain: only the cells where one could
 * be have a flag. */
static int is_chain(const struct tree_plan *plan, size_t lo, size_t hi)
{
	return plan->chain && hi <= plan->chain_end[lo] && (hi - lo) % 2 == 1 &&
	       plan->chain[cell(lo, hi)];
}

static size_t split_of(const struct tree_plan *plan, size_t lo, size_t hi)
{
	uint64_t total, left, diff, best = UINT64_MAX;
	size_t k, m = lo + 1;

	if (plan->root)
		return plan->root[cell(lo, hi)];
	total = plan->weight[hi] - plan->weight[lo];
	for (k = lo + 1; k < hi; k++) {
		left = plan->weight[k] - plan->weight[lo];
		diff = left * 2 > total ? left * 2 - total : total - left * 2;
		if (diff < best) {
			best = diff;
			m = k;
		}
	}
	return m;
}

static void tree(struct emitter *em, const struct tree_plan *plan, const struct interval *iv,
		 size_t lo, size_t hi, int label);

/* The subtree [lo, hi) of a plan too big for the tables, planned alone. */
static void tree_window(struct emitter *em, const struct tree_plan *plan, const struct interval *iv,
			size_t lo, size_t hi, int label)
{
	struct tree_plan sub = {hi - lo, plan->weight + lo, NULL, NULL, NULL, NULL};
	size_t i;

	sub.chain_end = malloc(sub.n * sizeof(*sub.chain_end));
	if (!sub.chain_end) {
		em->oom = 1;
		return;
	}
	for (i = 0; i < sub.n; i++)
		sub.chain_end[i] =
		    (plan->chain_end[lo + i] < hi ? plan->chain_end[lo + i] : hi) - lo;
	if (plan_tree(&sub)) {
		free(sub.chain_end);
		em->oom = 1;
		return;
	}
	tree(em, &sub, iv + lo, 0, sub.n, label);
	free(sub.mem);
	free(sub.chain_end);
}

static void tree(struct emitter *em, const struct tree_plan *plan, const struct interval *iv,
		 size_t lo, size_t hi, int label)
{
	size_t m;
	int right_label, left_label;

	if (hi - lo == 1)
		return;
	if (is_chain(plan, lo, hi)) {
		sf_em_place(em, label);
		for (m = lo + 1; m < hi; m += 2)
			sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, iv[m].first, iv[m].out.label,
				   m + 2 == hi ? iv[lo].out.label : NEXT);
		return;
	}
	if (!plan->root && hi - lo >= 3 && hi - lo <= WINDOW_MAX) {
		tree_window(em, plan, iv, lo, hi, label);
		return;
	}
	m = split_of(plan, lo, hi);
	right_label = hi - m == 1 ? iv[m].out.label : sf_em_label(em);
	left_label = m - lo == 1 ? iv[lo].out.label : NEXT;
	sf_em_place(em, label);
	sf_em_emit(em, BPF_JMP | BPF_JGE | BPF_K, iv[m].first, right_label, left_label);
	if (m - lo > 1)
		tree(em, plan, iv, lo, m, NEXT);
	if (hi - m > 1)
		tree(em, plan, iv, m, hi, right_label);
}

/* The index of the arch's first syscall numbered nr or more, from the one
 * at from on (all before it are below nr): intervals come in order, and
 * most hold a few calls, so a gallop, then halving. */
static size_t first_call_at(const struct sf_syscall_table *t, size_t from, uint64_t nr)
{
	size_t lo = from, hi = from, step = 1, mid;

	while (hi < t->count && (uint64_t)(uint32_t)t->calls[hi].nr < nr) {
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	if (hi > t->count)
		hi = t->count;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((uint64_t)(uint32_t)t->calls[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint64_t freq_of(const struct sf_policy *p, uint32_t first, uint32_t end)
{
	uint64_t w = 0;
	size_t i;

	for (i = 0; i < p->nfreq; i++)
		if ((uint32_t)p->freq[i].nr >= first && (uint32_t)p->freq[i].nr < end)
			w += p->freq[i].count;
	return w;
}

/* How many comparisons the expression at node makes, up to EXTRA_MAX: a
 * rough cost of its code. Left-deep chains of thousands are walked with a
 * small stack, stopping at the cap. */
#define EXTRA_MAX 4
#define LIFT 32 /* a comparison ahead weighs as much as one call */

static int comparisons(const struct sf_policy *p, int node)
{
	int stack[32], n = 0, count = 0;

	stack[n++] = node;
	while (n > 0) {
		const struct sf_node *x = &p->nodes[stack[--n]];

		if (x->kind == SF_NODE_CMP) {
			if (++count >= EXTRA_MAX)
				return EXTRA_MAX;
			continue;
		}
		if (n + 2 > (int)(sizeof(stack) / sizeof(stack[0])))
			return EXTRA_MAX;
		if (x->kind != SF_NODE_NOT)
			stack[n++] = x->right;
		stack[n++] = x->left;
	}
	return count;
}

/* ---- putting it together ---- */

struct rule_cost {
	size_t rule, insns;
};

static int cmp_cost(const void *a, const void *b)
{
	const struct rule_cost *x = a, *y = b;

	return x->insns < y->insns ? 1 : x->insns > y->insns ? -1 : 0;
}

/* The table of costs by rule is made only here, the compile having
 * failed: rules without a block cost 0. */
static void too_large(const struct sf_policy *p, size_t total, const struct point *pts, size_t npts,
		      struct sf_error *err)
{
	struct rule_cost *costs = calloc(p->nrules + 1, sizeof(*costs));
	size_t n, i, shown, ncosts = p->nrules;
	const struct sf_rule *r;

	if (!costs) {
		sf_error_set(err, "error: out of memory");
		return;
	}
	for (i = 0; i < npts; i++) {
		if (pts[i].insns < 0)
			continue;
		costs[pts[i].rule].rule = (size_t)pts[i].rule;
		costs[pts[i].rule].insns = (size_t)pts[i].insns;
	}
	sf_sort(costs, ncosts, sizeof(*costs), cmp_cost);
	n = (size_t)snprintf(
	    err->msg, sizeof(err->msg),
	    "%s: error: the policy compiles to %zu BPF instructions, more than the "
	    "kernel's limit of %d; the rules that cost most:",
	    p->nfiles ? p->files[0] : "policy", total, SF_BPF_MAX_INSNS);
	shown = ncosts < 3 ? ncosts : 3;
	for (i = 0; i < shown && n < sizeof(err->msg); i++) {
		r = &p->rules[costs[i].rule];
		n += (size_t)snprintf(err->msg + n, sizeof(err->msg) - n, "%s %s:%d (%zu)",
				      i ? "," : "", p->files[r->file], r->line, costs[i].insns);
	}
	free(costs);
}

/* rt_sigaction(SIGSYS, act) belongs to the shim in report mode: with the
 * token in the upper half of signum it is allowed, with an act from anyone
 * else it kills. rt_sigaction(0) with the token is the handler asking for
 * kill-thread, the one action user space cannot take for itself. Anything
 * else goes on to the policy's own rule. */
static void sigsys_guard(struct emitter *em, const struct sf_compile_opts *opts, int rule)
{
	int token = sf_em_label(em), act = sf_em_label(em), act_lo = sf_em_label(em);
	int zero = sf_em_label(em);
	int kill = sf_em_ret(em, SECCOMP_RET_KILL_PROCESS),
	    allow = sf_em_ret(em, SECCOMP_RET_ALLOW);
	int kill_thread = sf_em_ret(em, SECCOMP_RET_KILL_THREAD);

	sf_em_load(em, lo_off(0));
	sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, SIGSYS, token, NEXT);
	sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, 0, zero, rule);
	sf_em_place(em, zero);
	sf_em_load(em, hi_off(0));
	sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, opts->sigsys_token, kill_thread, rule);
	sf_em_place(em, token);
	sf_em_load(em, hi_off(0));
	sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, opts->sigsys_token, allow, act);
	sf_em_place(em, act);
	sf_em_load(em, hi_off(1));
	sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, 0, act_lo, kill);
	sf_em_place(em, act_lo);
	sf_em_load(em, lo_off(1));
	sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, 0, rule, kill);
}

int sf_compile(const struct sf_policy *p, const struct sf_compile_opts *opts, struct sf_prog *out,
	       struct sf_error *err)
{
	const struct sf_arch_info *arch = sf_arch_info(p->arch);
	const struct sf_syscall *guarded = NULL;
	struct emitter em;
	struct point *pts;
	uint32_t *order = NULL;
	struct interval *iv = NULL;
	struct point *guard_pt = NULL;
	struct outcome def, kill, unk;
	uint64_t unknown_first = 0x100000000ull;
	size_t npts = 0, niv = 0, i, nimplicit;
	const int *implicit;
	uint64_t next_free;
	struct tree_plan plan = {0, NULL, NULL, NULL, NULL, NULL};
	uint64_t *weight;
	size_t pts_cap = p->nrules + 3 + SF_IMPLICIT_MAX, iv_cap = 3 * pts_cap + 2, at;
	int r = -1, root, last_label, guard_nr;
	uint32_t last_ret;
	void *mem = NULL, *wmem = NULL;

	sf_em_init(&em);
	memset(out, 0, sizeof(*out));
	if (opts->policy_index >= SF_ID_MAX_POLICIES) {
		sf_error_set(err, "error: more than %d stacked policies", SF_ID_MAX_POLICIES);
		return -1;
	}
	if (opts->report == SF_REPORT_TRAP)
		guarded = sf_syscall_by_name(arch->table, "rt_sigaction");

	/* One block for the points and then the intervals, not zeroed: each
	 * is written whole where it is added, and the intervals' room (for
	 * the worst case) is mostly never touched. What is touched is
	 * contiguous: in the shim, every first-touched page costs time. */
	mem = malloc(pts_cap * sizeof(*pts) + iv_cap * sizeof(*iv));
	if (!mem) {
		sf_error_set(err, "error: out of memory");
		goto out;
	}
	pts = mem;
	iv = (struct interval *)(pts + pts_cap);

	/* Prologue: a foreign arch kills, whatever the policy says. */
	memset(&kill, 0, sizeof(kill));
	memset(&def, 0, sizeof(def));
	kill.is_ret = 1;
	kill.ret = SECCOMP_RET_KILL_PROCESS;
	kill.label = sf_em_ret(&em, kill.ret);
	sf_em_load(&em, offsetof(struct seccomp_data, arch));
	sf_em_emit(&em, BPF_JMP | BPF_JEQ | BPF_K, arch->audit_arch, NEXT, kill.label);
	sf_em_load(&em, offsetof(struct seccomp_data, nr));
	root = sf_em_label(&em);

	def.is_ret = 1;
	def.ret = sf_action_ret(p->default_action, opts, default_id(opts));
	def.label = sf_em_ret(&em, def.ret);
	unk = def;
	if (p->unknown_set) {
		unknown_first = sf_policy_unknown_first(p);
		unk.ret = sf_action_ret(p->unknown_action, opts, default_id(opts));
		unk.label = sf_em_ret(&em, unk.ret);
	}

	/* Outcomes of the numbers the policy names. */
	guard_nr = guarded ? guarded->nr : -1;
	last_ret = def.ret;
	last_label = def.label;
	for (i = 0; i < p->nrules; i++) {
		const struct sf_rule *rule = &p->rules[i];
		struct point *pt = &pts[npts++];
		pt->nr = (uint32_t)rule->nr;
		pt->end = (uint64_t)pt->nr + 1;
		pt->rule = (int)i;
		pt->out.guard = 0;
		pt->inner = 0;
		pt->insns = -1;
		if (rule->expr < 0 || (rule->on_true.kind == rule->on_false.kind &&
				       rule->on_true.data == rule->on_false.data)) {
			pt->out.is_ret = 1;
			pt->out.ret = action_ret(rule->on_true, opts, rule_id(opts, i));
			/* Rules in a row mostly share their ret. */
			if (pt->out.ret != last_ret) {
				last_ret = pt->out.ret;
				last_label = sf_em_ret(&em, last_ret);
			}
			pt->out.label = last_label;
			pt->out.extra = 0;
		} else {
			pt->out.is_ret = 0;
			pt->out.ret = 0;
			pt->out.label = sf_em_label(&em); /* placed with the blocks */
			pt->out.extra = (unsigned char)comparisons(p, rule->expr);
		}
		/* The guard goes before the last rule for rt_sigaction. */
		if (rule->nr == guard_nr)
			guard_pt = pt;
	}
	/* The calls allowed unless a rule says otherwise (policy.h). */
	nimplicit = sf_policy_implicit(p->arch, &implicit);
	for (i = 0; i < nimplicit && i < SF_IMPLICIT_MAX; i++) {
		struct point *pt;

		if (sf_policy_rule_for(p, implicit[i]))
			continue;
		pt = &pts[npts++];
		pt->nr = (uint32_t)implicit[i];
		pt->end = (uint64_t)pt->nr + 1;
		pt->rule = -1;
		pt->out = def;
		pt->out.ret = SECCOMP_RET_ALLOW;
		pt->out.label = sf_em_ret(&em, SECCOMP_RET_ALLOW);
		pt->inner = 0;
		pt->insns = -1;
	}
	if (arch->x32_end > arch->x32_first) {
		struct point *pt = &pts[npts++];
		pt->nr = arch->x32_first;
		pt->end = arch->x32_end;
		pt->rule = -1;
		pt->out = kill;
		pt->inner = 0;
		pt->insns = -1;
	}
	if (guarded) {
		struct point *pt = guard_pt;
		if (!pt) {
			pt = &pts[npts++];
			pt->nr = (uint32_t)guarded->nr;
			pt->end = (uint64_t)pt->nr + 1;
			pt->rule = -1;
			pt->out = def;
			pt->insns = -1;
		}
		pt->inner = pt->out.label;
		pt->out.is_ret = 0;
		pt->out.guard = 1;
		pt->out.extra = EXTRA_MAX;
		pt->out.label = sf_em_label(&em);
	}
	order = sort_points(pts, npts);
	if (!order) {
		sf_error_set(err, "error: out of memory");
		goto out;
	}

	/* Intervals over all 2^32 numbers, neighbours merged. */
	next_free = 0;
	for (i = 0; i < npts; i++) {
		const struct point *pt = &pts[order[i]];
		push_gap(iv, &niv, next_free, pt->nr, &def, &unk, unknown_first);
		push_interval(iv, &niv, pt->nr, &pt->out);
		next_free = pt->end;
	}
	push_gap(iv, &niv, next_free, 0x100000000ull, &def, &unk, unknown_first);
	if (iv[0].first != 0) {
		/* Cannot happen: the first interval starts at 0. */
		sf_error_set(err, "error: internal: intervals do not start at 0");
		goto out;
	}

	/* Weights: the calls in each interval, or the @frequency hints; with
	 * the chains, sized now that the intervals are known. */
	wmem = malloc((niv + 1) * sizeof(*weight) + niv * sizeof(*plan.chain_end));
	if (!wmem) {
		sf_error_set(err, "error: out of memory");
		goto out;
	}
	weight = wmem;
	plan.chain_end = (size_t *)(weight + niv + 1);
	weight[0] = 0;
	for (i = 0, at = 0; i < niv; i++) {
		uint64_t end = i + 1 < niv ? iv[i + 1].first : 0x100000000ull, w;
		int passes = !iv[i].out.is_ret || iv[i].out.ret == SECCOMP_RET_ALLOW;
		if (p->nfreq) {
			w = freq_of(p, iv[i].first, end);
		} else {
			size_t next = first_call_at(arch->table, at, end);
			w = next - at;
			at = next;
		}
		/* A call that has argument checks ahead is lifted a little,
		 * so that the worst path stays short. */
		weight[i + 1] =
		    weight[i] +
		    (passes ? 1 + 32 * w + (p->nfreq ? 0 : LIFT * (uint64_t)iv[i].out.extra) : 1);
	}
	plan.n = niv;
	plan.weight = weight;
	find_chains(iv, niv, plan.chain_end);
	if (plan_tree(&plan)) {
		sf_error_set(err, "error: out of memory");
		goto out;
	}
	if (niv == 1) {
		sf_em_place(&em, root);
		sf_em_jump(&em, iv[0].out.label);
	} else {
		tree(&em, &plan, iv, 0, niv, root);
	}

	for (i = 0; i < npts; i++) {
		struct point *pt = &pts[order[i]];
		const struct sf_rule *rule;
		size_t before = em.n;
		if (pt->out.is_ret)
			continue; /* neither the guard nor a block */
		if (pt->out.guard) {
			sf_em_place(&em, pt->out.label);
			sigsys_guard(&em, opts, pt->inner);
		}
		if (pt->rule < 0)
			continue;
		rule = &p->rules[pt->rule];
		if (rule->expr < 0 || (rule->on_true.kind == rule->on_false.kind &&
				       rule->on_true.data == rule->on_false.data))
			continue;
		/* Argument checks, one block per conditional rule. */
		sf_em_place(&em, pt->out.guard ? pt->inner : pt->out.label);
		cond(&em, p, rule->expr,
		     sf_em_ret(&em,
			       sf_action_ret(rule->on_true, opts, rule_id(opts, (size_t)pt->rule))),
		     sf_em_ret(&em, sf_action_ret(rule->on_false, opts,
						  rule_id(opts, (size_t)pt->rule))));
		pt->insns = (int)(em.n - before);
	}

	sf_em_flush(&em);
	for (i = 0; i < em.nrets; i++) {
		sf_em_place(&em, em.rets[i].label);
		sf_em_emit(&em, BPF_RET | BPF_K, em.rets[i].value, NEXT, NEXT);
	}
	if (em.oom) {
		sf_error_set(err, "error: out of memory");
		goto out;
	}
	if (sf_em_layout(&em, out, err))
		goto out;
	if (out->len > SF_BPF_MAX_INSNS) {
		too_large(p, out->len, pts, npts, err);
		sf_prog_free(out);
		goto out;
	}
	r = 0;
out:
	free(plan.mem);
	free(order);
	free(wmem);
	free(mem);
	sf_em_free(&em);
	return r;
}
