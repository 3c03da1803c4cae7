/* Sets of values: `arg0 == 0 || arg0 == 8 || ...` on one 32-bit word,
 * or `!=` joined by `&&`, tested as a set instead of one jeq a value. */
#ifndef SF_VALUESET_H
#define SF_VALUESET_H

#include <stddef.h>
#include <stdint.h>

#include "emit.h"
#include "policy.h"

/* Takes out of the operands ops[0..*nops) of an OR (kind SF_NODE_OR) or an
 * AND the largest set on one argument word: its values go to vals (sorted,
 * distinct; room for *nops), the argument to *arg; returns how many values,
 * 0 (and ops untouched) when fewer than 3 would make one. */
size_t sf_set_take(const struct sf_policy *p, int *ops, int *nops, int kind, uint32_t *vals,
		   int *arg);

/* Jumps to in when the word at off is one of v[0..n) (sorted, distinct),
 * else to out. */
void sf_set_emit(struct emitter *em, uint32_t off, uint32_t *v, size_t n, int in, int out);

#endif
