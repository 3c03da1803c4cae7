/* Decision diagrams over the argument bits (argdd.h). A comparison of one
 * argument is built bit by bit from the most significant one, exactly as
 * the reference interpreter (parser/policy/eval.c) reads it: the width
 * the kernel reads, the mask, the sign. */
#include <stdlib.h>
#include <string.h>

#include "argdd.h"

enum { OP_AND = 1, OP_OR, OP_MAP, OP_STACK };

void dd_init(struct dd *d)
{
	memset(d, 0, sizeof(*d));
}

void dd_free(struct dd *d)
{
	free(d->node);
	free(d->slot);
	free(d->memo);
	memset(d, 0, sizeof(*d));
}

static size_t hash3(uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t h = (uint64_t)a * 0x9e3779b97f4a7c15ull;

	h ^= (uint64_t)b * 0xc2b2ae3d27d4eb4full + (h >> 29);
	h ^= (uint64_t)c * 0x165667b19e3779f9ull + (h >> 31);
	return (size_t)(h ^ (h >> 32));
}

static int grow_slots(struct dd *d)
{
	size_t cap = d->slot_cap ? 2 * d->slot_cap : 1024;
	uint32_t *s = calloc(cap, sizeof *s);

	if (!s)
		return -1;
	for (size_t i = 0; i < d->len; i++) {
		const struct dd_node *n = &d->node[i];
		size_t j = hash3(n->var, n->lo, n->hi) & (cap - 1);

		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = (uint32_t)i + 1;
	}
	free(d->slot);
	d->slot = s;
	d->slot_cap = cap;
	return 0;
}

static uint32_t intern(struct dd *d, unsigned var, uint32_t lo, uint32_t hi)
{
	size_t j;

	if (d->oom)
		return 0;
	if (2 * (d->len + 1) > d->slot_cap && grow_slots(d))
		goto oom;
	for (j = hash3(var, lo, hi) & (d->slot_cap - 1); d->slot[j];
	     j = (j + 1) & (d->slot_cap - 1)) {
		const struct dd_node *n = &d->node[d->slot[j] - 1];

		if (n->var == var && n->lo == lo && n->hi == hi)
			return d->slot[j] - 1;
	}
	if (d->len == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 1024;
		struct dd_node *n = realloc(d->node, cap * sizeof *n);

		if (!n)
			goto oom;
		d->node = n;
		d->cap = cap;
	}
	d->node[d->len] = (struct dd_node){(uint16_t)var, lo, hi};
	d->slot[j] = (uint32_t)d->len + 1;
	return (uint32_t)d->len++;
oom:
	d->oom = 1;
	return 0;
}

uint32_t dd_leaf(struct dd *d, uint32_t v)
{
	return intern(d, DD_VARS, v, 0);
}

uint32_t dd_mk(struct dd *d, unsigned var, uint32_t lo, uint32_t hi)
{
	return lo == hi ? lo : intern(d, var, lo, hi);
}

/* The cache: a miss only costs the work again. */
static struct dd_memo *memo_at(struct dd *d, uint32_t op, uint32_t a, uint32_t b)
{
	if (!d->memo) {
		d->memo_cap = 1 << 16;
		d->memo = calloc(d->memo_cap, sizeof *d->memo);
		if (!d->memo) {
			d->oom = 1;
			return NULL;
		}
	}
	return &d->memo[hash3(op, a, b) & (d->memo_cap - 1)];
}

static int memo_get(struct dd *d, uint32_t op, uint32_t a, uint32_t b, uint32_t *r)
{
	struct dd_memo *m = memo_at(d, op, a, b);

	if (m && m->op == op && m->a == a && m->b == b) {
		*r = m->r;
		return 1;
	}
	return 0;
}

static uint32_t memo_put(struct dd *d, uint32_t op, uint32_t a, uint32_t b, uint32_t r)
{
	struct dd_memo *m = memo_at(d, op, a, b);

	if (m)
		*m = (struct dd_memo){op, a, b, r};
	return r;
}

struct applying {
	uint32_t op;
	const uint32_t *map;
	size_t nmap;
	int (*newer_wins)(uint32_t, uint32_t, void *);
	void *ctx;
};

static uint32_t leaf_op(struct dd *d, const struct applying *ap, uint32_t a, uint32_t b)
{
	uint32_t va = d->node[a].lo, vb = d->node[b].lo;

	switch (ap->op) {
	case OP_AND:
		return dd_leaf(d, va && vb);
	case OP_OR:
		return dd_leaf(d, va || vb);
	default:
		return dd_leaf(d, ap->newer_wins(vb, va, ap->ctx) ? vb : va);
	}
}

static uint32_t apply(struct dd *d, const struct applying *ap, uint32_t a, uint32_t b)
{
	uint32_t r, lo, hi, la, ha, lb, hb;
	unsigned va, vb, v;

	if (d->oom)
		return 0;
	if (dd_is_leaf(d, a) && dd_is_leaf(d, b))
		return leaf_op(d, ap, a, b);
	/* Shortcuts that keep conditions small. */
	if (ap->op == OP_AND || ap->op == OP_OR) {
		uint32_t absorbing = ap->op == OP_AND ? DD_FALSE : DD_TRUE;

		if (a == b)
			return a;
		if (dd_is_leaf(d, a))
			return d->node[a].lo == absorbing ? a : b;
		if (dd_is_leaf(d, b))
			return d->node[b].lo == absorbing ? b : a;
	}
	if (memo_get(d, ap->op, a, b, &r))
		return r;
	va = d->node[a].var;
	vb = d->node[b].var;
	v = va < vb ? va : vb;
	la = va == v ? d->node[a].lo : a;
	ha = va == v ? d->node[a].hi : a;
	lb = vb == v ? d->node[b].lo : b;
	hb = vb == v ? d->node[b].hi : b;
	lo = apply(d, ap, la, lb);
	hi = apply(d, ap, ha, hb);
	return memo_put(d, ap->op, a, b, dd_mk(d, v, lo, hi));
}

uint32_t dd_and(struct dd *d, uint32_t a, uint32_t b)
{
	struct applying ap = {OP_AND, NULL, 0, NULL, NULL};

	return apply(d, &ap, a, b);
}

uint32_t dd_or(struct dd *d, uint32_t a, uint32_t b)
{
	struct applying ap = {OP_OR, NULL, 0, NULL, NULL};

	return apply(d, &ap, a, b);
}

uint32_t dd_stack(struct dd *d, uint32_t old, uint32_t newer,
		  int (*newer_wins)(uint32_t newer, uint32_t old, void *ctx), void *ctx)
{
	struct applying ap = {OP_STACK, NULL, 0, newer_wins, ctx};

	/* The memo is keyed by op alone: a new rule of precedence would
	 * need its own op, and there is one. */
	return apply(d, &ap, old, newer);
}

/* The memo is not used: maps are applied to small diagrams, each once. */
static uint32_t map_rec(struct dd *d, uint32_t a, const uint32_t *map, size_t nmap, uint32_t *seen)
{
	uint32_t r;

	if (d->oom)
		return 0;
	if (dd_is_leaf(d, a)) {
		uint32_t v = d->node[a].lo;
		return v < nmap ? map[v] : a;
	}
	if (seen[a])
		return seen[a] - 1;
	r = dd_mk(d, d->node[a].var, map_rec(d, d->node[a].lo, map, nmap, seen),
		  map_rec(d, d->node[a].hi, map, nmap, seen));
	seen[a] = r + 1;
	return r;
}

uint32_t dd_map(struct dd *d, uint32_t a, const uint32_t *map, size_t nmap)
{
	uint32_t *seen = calloc(d->len + 1, sizeof *seen), r;

	if (!seen) {
		d->oom = 1;
		return 0;
	}
	/* Nodes made while mapping are newer than a and never looked up. */
	r = map_rec(d, a, map, nmap, seen);
	free(seen);
	return r;
}

/* One comparison, built from bit 0 up (the diagram reads bit 63 first):
 * y = the compared bits of the argument, t = the value, both with the
 * sign bit flipped for a signed ordering, so that it is unsigned. */
struct cmp_bits {
	unsigned arg;
	uint64_t used;			  /* bits of the argument in y (the others are 0) */
	uint64_t flip;			  /* bits of y inverted (the sign bit) */
	uint64_t t;			  /* the value compared with */
	int on_below, on_equal, on_above; /* the answer for y < t, ==, > */
};

static uint32_t cmp_rec(struct dd *d, const struct cmp_bits *c)
{
	uint32_t r = dd_leaf(d, (uint32_t)c->on_equal);
	uint32_t lt = dd_leaf(d, (uint32_t)c->on_below), gt = dd_leaf(d, (uint32_t)c->on_above);

	/* r: the answer when the bits above this one are equal. */
	for (int bit = 0; bit < 64; bit++) {
		uint64_t m = (uint64_t)1 << bit;
		unsigned tb = (c->t & m) != 0;
		/* y's bit when the argument's bit is 0, and when it is 1. */
		unsigned y0 = (c->flip & m) != 0, y1 = y0 ^ ((c->used & m) != 0);
		uint32_t for0 = y0 == tb ? r : y0 < tb ? lt : gt;
		uint32_t for1 = y1 == tb ? r : y1 < tb ? lt : gt;

		r = dd_mk(d, c->arg * 64 + (unsigned)(63 - bit), for0, for1);
	}
	return r;
}

/* As eval.c's compare(): x is the argument, its low 32 bits for a 32-bit
 * type; `&` and `in` test bits, the others compare (x & mask) with the
 * value, signed for a signed type. */
static uint32_t dd_cmp(struct dd *d, const struct sf_node *n)
{
	int is64 = SF_ARGTYPE_IS_64(n->argtype);
	uint64_t width = is64 ? ~(uint64_t)0 : 0xffffffffu;
	uint64_t sign = is64 ? (uint64_t)1 << 63 : (uint64_t)1 << 31;
	struct cmp_bits c = {n->arg, width & n->mask, 0, n->value, 0, 0, 0};

	switch (n->op) {
	case SF_CMP_ANY: /* (x & v) != 0 */
		c.used = width & n->value;
		c.t = 0;
		c.on_above = 1;
		return cmp_rec(d, &c);
	case SF_CMP_IN: /* (x & ~v & width) == 0 */
		c.used = width & ~n->value;
		c.t = 0;
		c.on_equal = 1;
		return cmp_rec(d, &c);
	case SF_CMP_EQ:
		c.on_equal = 1;
		return cmp_rec(d, &c);
	case SF_CMP_NE:
		c.on_below = c.on_above = 1;
		return cmp_rec(d, &c);
	}
	if (SF_ARGTYPE_IS_SIGNED(n->argtype)) {
		c.flip = sign;
		c.t = n->value ^ sign;
	}
	c.on_below = n->op == SF_CMP_LT || n->op == SF_CMP_LE;
	c.on_equal = n->op == SF_CMP_LE || n->op == SF_CMP_GE;
	c.on_above = n->op == SF_CMP_GT || n->op == SF_CMP_GE;
	return cmp_rec(d, &c);
}

uint32_t dd_expr(struct dd *d, const struct sf_policy *p, int node)
{
	static const uint32_t negate[] = {DD_TRUE, DD_FALSE};
	const struct sf_node *n = &p->nodes[node];
	uint32_t map[2];

	switch (n->kind) {
	case SF_NODE_OR:
		return dd_or(d, dd_expr(d, p, n->left), dd_expr(d, p, n->right));
	case SF_NODE_AND:
		return dd_and(d, dd_expr(d, p, n->left), dd_expr(d, p, n->right));
	case SF_NODE_NOT:
		map[0] = dd_leaf(d, negate[0]);
		map[1] = dd_leaf(d, negate[1]);
		return dd_map(d, dd_expr(d, p, n->left), map, 2);
	default:
		return dd_cmp(d, n);
	}
}
