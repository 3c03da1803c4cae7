/* Sets of values on one 32-bit word (valueset.h). */
#include <stdlib.h>

#include "sort.h"
#include "valueset.h"

/*
 *
 * `arg0 == 0 || arg0 == 8 || arg0 == 0x20000 || ...` on one 32-bit word
 * is a set test. A chain of jeq costs one jump per value; instead the
 * values that form a cube (every combination of a few bits, 0 included)
 * take one jset, and the rest a search tree over runs of consecutive
 * values, so the worst path grows with log2 of the runs. */

#define SET_CUBE_BITS 5 /* at most 2^5 values checked to form a cube */
#define SET_SPLIT_TRIES 64
#define SET_TREE_MAX 32 /* runs searched by a pure tree */
#define SET_CHAIN 8	/* past that, runs per jeq chain at the leaves */

struct run {
	uint32_t a, b; /* a..b inclusive */
};

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static int in_sorted(const uint32_t *v, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] == x)
			return 1;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Every value v with (v & ~m) == 0 is in v[0..n). */
static int is_cube(const uint32_t *v, size_t n, uint32_t m)
{
	uint32_t sub = 0;

	do {
		if (!in_sorted(v, n, sub))
			return 0;
		sub = (sub - m) & m; /* the next subset of m's bits */
	} while (sub != 0);
	return 1;
}

/* The bits of the largest cube grown greedily from 0 (0 when none). */
static uint32_t find_cube(const uint32_t *v, size_t n)
{
	uint32_t m = 0, grown;
	size_t i;

	if (n < 3 || v[0] != 0)
		return 0;
	for (i = 1; i < n; i++) {
		grown = m | v[i];
		if (grown == m || __builtin_popcount(grown) > SET_CUBE_BITS)
			continue;
		if (is_cube(v, n, grown))
			m = grown;
	}
	return __builtin_popcount(m) >= 2 ? m : 0;
}

/* Jumps on the worst path of range_tree below, without emitting. */
static int range_depth(const struct run *r, size_t k, uint32_t lo, uint32_t hi, int *split_end)
{
	size_t m;
	int d1, d2, x;

	if (k == 0)
		return 0;
	if (k == 1) {
		int need_a = r[0].a > lo, need_b = r[0].b < hi;
		return need_a && need_b && r[0].a != r[0].b ? 2 : need_a || need_b;
	}
	m = k / 2;
	/* Split where the right half starts, or just past the left half. */
	d1 = range_depth(r, m, lo, r[m].a - 1, &x);
	x = range_depth(r + m, k - m, r[m].a, hi, &x);
	d1 = 1 + (d1 > x ? d1 : x);
	d2 = range_depth(r, m, lo, r[m - 1].b, &x);
	x = range_depth(r + m, k - m, r[m - 1].b + 1, hi, &x);
	d2 = 1 + (d2 > x ? d2 : x);
	if (split_end)
		*split_end = d2 < d1;
	return d2 < d1 ? d2 : d1;
}

/* A in lo..hi: jumps to in when A is in one of the runs r[0..k), else out. */
static void range_tree(struct emitter *em, const struct run *r, size_t k, uint32_t lo, uint32_t hi,
		       int in, int out, size_t chain)
{
	size_t m;
	uint32_t at;
	int right, split_end = 0;

	if (k == 0) {
		sf_em_jump(em, out);
		return;
	}
	if (k == 1) {
		int need_a = r[0].a > lo, need_b = r[0].b < hi;

		if (!need_a && !need_b) {
			sf_em_jump(em, in);
		} else if (need_a && need_b && r[0].a == r[0].b) {
			sf_em_emit(em, BPF_JMP | BPF_JEQ | BPF_K, r[0].a, in, out);
		} else if (!need_b) {
			sf_em_emit(em, BPF_JMP | BPF_JGE | BPF_K, r[0].a, in, out);
		} else if (!need_a) {
			sf_em_emit(em, BPF_JMP | BPF_JGT | BPF_K, r[0].b, out, in);
		} else {
			int upper = sf_em_label(em);
			sf_em_emit(em, BPF_JMP | BPF_JGE | BPF_K, r[0].a, upper, out);
			sf_em_place(em, upper);
			sf_em_emit(em, BPF_JMP | BPF_JGT | BPF_K, r[0].b, out, in);
		}
		return;
	}
	if (k <= chain) {
		for (m = 0; m < k; m++) {
			int next = m + 1 == k ? out : sf_em_label(em);

			range_tree(em, r + m, 1, lo, hi, in, next, chain);
			if (m + 1 < k)
				sf_em_place(em, next);
		}
		return;
	}
	m = k / 2;
	if (k <= SET_SPLIT_TRIES)
		range_depth(r, k, lo, hi, &split_end);
	at = split_end ? r[m - 1].b + 1 : r[m].a;
	right = sf_em_label(em);
	sf_em_emit(em, BPF_JMP | BPF_JGE | BPF_K, at, right, NEXT);
	range_tree(em, r, m, lo, at - 1, in, out, chain);
	sf_em_place(em, right);
	range_tree(em, r + m, k - m, at, hi, in, out, chain);
}

/* Jumps to in when the word at off is one of v[0..n) (sorted, distinct),
 * else to out. */
void sf_set_emit(struct emitter *em, uint32_t off, uint32_t *v, size_t n, int in, int out)
{
	uint32_t cube = find_cube(v, n);
	struct run *runs;
	size_t i, k = 0;

	runs = malloc(n * sizeof(*runs) + 1);
	if (!runs) {
		em->oom = 1;
		return;
	}
	sf_em_load(em, off);
	if (cube) {
		int rest = sf_em_label(em);

		sf_em_emit(em, BPF_JMP | BPF_JSET | BPF_K, ~cube, rest, in);
		sf_em_place(em, rest);
	}
	for (i = 0; i < n; i++) {
		if (cube && (v[i] & ~cube) == 0)
			continue;
		if (k && runs[k - 1].b != UINT32_MAX && runs[k - 1].b + 1 == v[i])
			runs[k - 1].b = v[i];
		else
			runs[k++] = (struct run){v[i], v[i]};
	}
	/* A tree costs about two instructions a value, a chain one: big sets
	 * end in chains of SET_CHAIN, to stay clear of the kernel's limit. */
	range_tree(em, runs, k, 0, UINT32_MAX, in, out, k > SET_TREE_MAX ? SET_CHAIN : 1);
	free(runs);
}

/* In an OR, `arg == value` on the same 32-bit word; in an AND, `!=`. */
static int set_member(const struct sf_node *n, int kind, int arg)
{
	return n->kind == SF_NODE_CMP && !SF_ARGTYPE_IS_64(n->argtype) &&
	       (uint32_t)n->mask == 0xffffffffu &&
	       n->op == (kind == SF_NODE_OR ? SF_CMP_EQ : SF_CMP_NE) && (arg < 0 || n->arg == arg);
}

/* Takes the operands of ops[0..*nops) that form the largest set test out of
 * the list, into vals (sorted, distinct); returns how many values, 0 when
 * fewer than 3 would. The order of an OR's or an AND's operands does not
 * matter: they have no side effects. */
size_t sf_set_take(const struct sf_policy *p, int *ops, int *nops, int kind, uint32_t *vals,
		   int *arg)
{
	int best_arg = -1, a, i, j, count, best = 0;
	size_t n = 0, u;

	for (a = 0; a < 6; a++) {
		for (i = count = 0; i < *nops; i++)
			count += set_member(&p->nodes[ops[i]], kind, a);
		if (count > best) {
			best = count;
			best_arg = a;
		}
	}
	if (best < 3)
		return 0;
	for (i = j = 0; i < *nops; i++) {
		if (set_member(&p->nodes[ops[i]], kind, best_arg))
			vals[n++] = (uint32_t)p->nodes[ops[i]].value;
		else
			ops[j++] = ops[i];
	}
	*nops = j;
	sf_sort(vals, n, sizeof(*vals), cmp_u32);
	for (i = 0, u = 0; (size_t)i < n; i++)
		if (u == 0 || vals[u - 1] != vals[i])
			vals[u++] = vals[i];
	*arg = best_arg;
	return u;
}
