/* One word test of a path, ((word & m) ^ x) OP k, as an sf expression on
 * the argument the word belongs to. Equality and bit tests become masked
 * comparisons; orderings are written plainly when the argument's type
 * compares the same way (unsigned, or the sign-flip sf itself emits for a
 * signed one), and otherwise as the equivalent OR of masked equalities on
 * bit prefixes, which mean the same whatever the argument's type. */
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>

#include "constname.h"
#include "explain_int.h"

#define FULL 0xffffffffu

struct term {
	uint64_t mask, value;
};

static void put_true(FILE *out, const char *name)
{
	fprintf(out, "(%s & 0) == 0", name);
}

static void put_false(FILE *out, const char *name)
{
	fprintf(out, "(%s & 0) == 1", name);
}

/* A value as the argument's domain names it (in parentheses when it is
 * an OR of names), else small ones in decimal and others in hex. */
static void put_value(FILE *out, enum sf_const_domain dom, uint64_t v)
{
	char name[256];

	if (sf_const_format(dom, v, name, sizeof name))
		fprintf(out, strchr(name, '|') ? "(%s)" : "%s", name);
	else if (v < 4096)
		fprintf(out, "%" PRIu64, v);
	else
		fprintf(out, "0x%" PRIx64, v);
}

/* (name & mask) ==/!= value, mask already placed on the argument. The
 * value of a whole 32-bit argument is named in any domain; a masked one
 * only where the domain is a bit set. */
static void put_eq(FILE *out, const char *name, int is64, uint64_t mask, uint64_t value, int eq,
		   enum sf_const_domain dom, int sgn)
{
	int bits = dom >= SF_DOM_PROT;
	char dirfd[16];

	if (!is64 && mask == FULL) {
		fprintf(out, "%s %s ", name, eq ? "==" : "!=");
		/* A literal must fit a signed argument: 0x80000000 is -2^31. */
		if (dom == SF_DOM_DIRFD && sf_const_format(dom, value, dirfd, sizeof dirfd))
			fputs(dirfd, out);
		else if (sgn && value >= 0x80000000u)
			fprintf(out, "%" PRId64, (int64_t)(int32_t)(uint32_t)value);
		else
			put_value(out, dom, value);
		return;
	}
	fprintf(out, "(%s & ", name);
	put_value(out, bits ? dom : SF_DOM_NONE, mask);
	fprintf(out, ") %s ", eq ? "==" : "!=");
	/* The access mode is a number in two bits, not flags. */
	/* The kernel's O_ACCMODE: musl's also holds O_PATH. */
	if (dom == SF_DOM_OPEN && mask == 3 && value <= O_RDWR)
		fputs(value == O_RDONLY	  ? "O_RDONLY"
		      : value == O_WRONLY ? "O_WRONLY"
					  : "O_RDWR",
		      out);
	else
		put_value(out, bits ? dom : SF_DOM_NONE, value);
}

/* The terms (u & P) == Q, ORed, that say u >= t, moved from u to the word
 * w (u = (w & m) ^ x). Returns the count, or -1 when some term is always
 * true. */
static int prefix_terms(uint32_t t, uint32_t m, uint32_t x, int shift, struct term *terms)
{
	int n = 0;

	for (int i = -1; i < 32; i++) {
		uint32_t p, q, pm;
		if (i < 0) {
			p = FULL;
			q = t;
		} else {
			if (t & (1u << i))
				continue;
			p = ~((1u << i) - 1);
			q = (t & p) | (1u << i);
		}
		if ((x ^ q) & p & ~m)
			continue; /* a bit outside m is the constant x, and not q's */
		pm = p & m;
		if (!pm)
			return -1;
		terms[n].mask = (uint64_t)pm << shift;
		terms[n].value = (uint64_t)((q ^ x) & pm) << shift;
		n++;
	}
	return n;
}

/* word >= t, unsigned, for the word at shift of a signed argument: the
 * argument is at least t << shift or negative (t below 2^31), or between
 * the negative (int32)t << shift and 0 (t from 2^31). */
static void put_unsigned_ge(FILE *out, const char *name, uint32_t t, int shift, int held)
{
	if (t < 0x80000000u) {
		uint64_t b = (uint64_t)t << shift;
		if (held)
			fprintf(out, "(%s >= 0x%" PRIx64 " || %s < 0)", name, b, name);
		else
			fprintf(out, "(%s >= 0 && %s < 0x%" PRIx64 ")", name, name, b);
	} else {
		int64_t b = (int64_t)(int32_t)t * ((int64_t)1 << shift);
		if (held)
			fprintf(out, "(%s >= %" PRId64 " && %s < 0)", name, b, name);
		else
			fprintf(out, "(%s < %" PRId64 " || %s >= 0)", name, b, name);
	}
}

static void put_ge(FILE *out, const struct sf_wcond *c, uint64_t t, int held, const char *name,
		   unsigned char type, int shift)
{
	int is64 = SF_ARGTYPE_IS_64(type), n;
	struct term terms[33];
	const char *op = held ? ">=" : "<";

	if (t > FULL) {
		(held ? put_false : put_true)(out, name);
		return;
	}
	if (t == 0) {
		(held ? put_true : put_false)(out, name);
		return;
	}
	if (c->m == FULL && c->x == 0) {
		if (!shift && type == SF_ARG_U32) {
			fprintf(out, "%s %s ", name, op);
			put_value(out, SF_DOM_NONE, t);
			return;
		}
		/* The low half alone is never negative. */
		if (!shift && is64) {
			fprintf(out, "(%s & 0xffffffff) %s ", name, op);
			put_value(out, SF_DOM_NONE, t);
			return;
		}
		if (shift && type == SF_ARG_U64) {
			fprintf(out, "(%s & 0xffffffff00000000) %s 0x%" PRIx64, name, op, t << 32);
			return;
		}
		/* An unsigned test of a signed argument's high word (or of a
		 * whole int): negative values are the large ones. */
		if ((!shift && type == SF_ARG_S32) || (shift && type == SF_ARG_S64)) {
			put_unsigned_ge(out, name, (uint32_t)t, shift, held);
			return;
		}
	}
	if (c->m == FULL && c->x == 0x80000000u) {
		int64_t s = (int32_t)((uint32_t)t ^ 0x80000000u);
		if (!shift && type == SF_ARG_S32) {
			fprintf(out, "%s %s %" PRId64, name, op, s);
			return;
		}
		if (shift && type == SF_ARG_S64) {
			fprintf(out, "(%s & 0xffffffff00000000) %s %" PRId64, name, op,
				(int64_t)(s * 4294967296LL));
			return;
		}
	}
	n = prefix_terms((uint32_t)t, c->m, c->x, shift, terms);
	if (n < 0) {
		(held ? put_true : put_false)(out, name);
		return;
	}
	if (n == 0) {
		(held ? put_false : put_true)(out, name);
		return;
	}
	fputs(held ? "(" : "!(", out);
	for (int i = 0; i < n; i++) {
		if (i)
			fputs(" || ", out);
		put_eq(out, name, 1, terms[i].mask, terms[i].value, 1, SF_DOM_NONE, 0);
	}
	fputs(")", out);
}

void sf_wcond_text(FILE *out, const struct sf_wcond *c, int held, const char *name,
		   unsigned char type, enum sf_const_domain dom)
{
	uint32_t rel = c->off - (uint32_t)offsetof(struct seccomp_data, args);
	int shift = rel % 8 ? 32 : 0, is64 = SF_ARGTYPE_IS_64(type);
	uint64_t m = (uint64_t)c->m << shift;

	switch (c->op) {
	case BPF_JEQ:
		if ((c->k ^ c->x) & ~c->m)
			(held ? put_false : put_true)(out, name);
		else
			put_eq(out, name, is64, m, (uint64_t)((c->k ^ c->x) & c->m) << shift, held,
			       dom, type == SF_ARG_S32);
		return;
	case BPF_JSET: {
		uint64_t c1 = (uint64_t)(c->k & c->m & ~c->x) << shift;
		uint64_t c0 = (uint64_t)(c->k & c->m & c->x) << shift;
		if (c->k & ~c->m & c->x) {
			(held ? put_true : put_false)(out, name);
			return;
		}
		if (!c1 && !c0) {
			(held ? put_false : put_true)(out, name);
			return;
		}
		fputs("(", out);
		if (c1)
			put_eq(out, name, 1, c1, 0, !held, dom, 0);
		if (c1 && c0)
			fputs(held ? " || " : " && ", out);
		if (c0)
			put_eq(out, name, 1, c0, c0, !held, dom, 0);
		fputs(")", out);
		return;
	}
	case BPF_JGT:
		put_ge(out, c, (uint64_t)c->k + 1, held, name, type, shift);
		return;
	default:
		put_ge(out, c, c->k, held, name, type, shift);
		return;
	}
}
