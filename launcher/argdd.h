/* A syscall's answer as a decision diagram over the bits of its six
 * arguments (arg0's bit 63 first, arg5's bit 0 last), with answers at the
 * leaves: the exact meaning of sf's rules, stacks included, in a form that
 * can be cut into the per-argument comparisons a container profile
 * (emit_oci.c) is made of. Nodes are shared (hash-consed), so two
 * diagrams are equal exactly when their roots are. */
#ifndef SF_ARGDD_H
#define SF_ARGDD_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"

#define DD_VARS (6 * 64)
#define DD_FALSE 0u /* the leaves of a condition's diagram */
#define DD_TRUE 1u

struct dd_node {
	uint16_t var;	 /* arg * 64 + (63 - bit); DD_VARS for a leaf */
	uint32_t lo, hi; /* children for bit 0 and bit 1; a leaf's value in lo */
};

struct dd {
	struct dd_node *node;
	size_t len, cap;
	uint32_t *slot; /* unique table: node index + 1 */
	size_t slot_cap;
	struct dd_memo {
		uint32_t op, a, b, r;
	} * memo; /* lossy cache of operations */
	size_t memo_cap;
	int oom;
};

void dd_init(struct dd *d);
void dd_free(struct dd *d);

/* The leaf with value v, and a node testing var (reduced: lo == hi is lo). */
uint32_t dd_leaf(struct dd *d, uint32_t v);
uint32_t dd_mk(struct dd *d, unsigned var, uint32_t lo, uint32_t hi);

static inline int dd_is_leaf(const struct dd *d, uint32_t u)
{
	return d->node[u].var == DD_VARS;
}

/* The condition a policy's expression node states, DD_TRUE/DD_FALSE leaves. */
uint32_t dd_expr(struct dd *d, const struct sf_policy *p, int node);
uint32_t dd_and(struct dd *d, uint32_t a, uint32_t b);
uint32_t dd_or(struct dd *d, uint32_t a, uint32_t b);
/* Each leaf v replaced by the leaf map[v] (v < nmap). */
uint32_t dd_map(struct dd *d, uint32_t a, const uint32_t *map, size_t nmap);
/* Leaf by leaf, the answer of a stack: old's leaf, or new's where
 * newer_wins(new, old) says the kernel keeps the newer filter's answer. */
uint32_t dd_stack(struct dd *d, uint32_t old, uint32_t newer,
		  int (*newer_wins)(uint32_t newer, uint32_t old, void *ctx), void *ctx);

#endif
