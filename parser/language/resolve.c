/* A syntax tree resolved against one syscall: argument names to indexes
 * and types, literals checked against the argument's range and compared
 * as the kernel reads the argument. */
#include <stdio.h>
#include <string.h>

#include "parse_int.h"

/* ---- resolving expressions against a syscall ---- */

static void format_signature(const struct sf_syscall *sc, char *buf, size_t size)
{
	size_t n;
	int i;

	n = (size_t)snprintf(buf, size, "%s(", sc->name);
	for (i = 0; i < sc->nargs && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", sc->args[i].name);
	if (n < size)
		snprintf(buf + n, size - n, ")");
}

static int resolve_arg(struct parser *ps, const struct target *tg, const struct sx *c, int *index,
		       int *type)
{
	const char *name = ps->src->text + c->arg_off;
	const char *cands[6];
	const char *hint;
	char sig[256];
	int i, nargs;

	nargs = tg->sc ? tg->sc->nargs : 6;
	/* The kernel's name wins: prctl's arg2 is its second argument, as
	 * the kernel names it (--check says so). */
	for (i = 0; tg->sc && i < nargs; i++)
		if (strlen(tg->sc->args[i].name) == c->arg_len &&
		    memcmp(tg->sc->args[i].name, name, c->arg_len) == 0)
			break;
	if (tg->sc && i < nargs) {
		*index = i;
	} else if (c->arg_len == 4 && memcmp(name, "arg", 3) == 0 && name[3] >= '0' &&
		   name[3] <= '9') {
		i = name[3] - '0';
		if (i > 5)
			return sf_ps_fail(ps, c->arg_off,
					  "argument index %d out of range (arg0..arg5)", i);
		if (i >= nargs) {
			format_signature(tg->sc, sig, sizeof(sig));
			return sf_ps_fail(ps, c->arg_off, "%s takes %d argument%s: %s",
					  tg->sc->name, nargs, nargs == 1 ? "" : "s", sig);
		}
		*index = i;
	} else if (c->arg_len > 3 && memcmp(name, "arg", 3) == 0 && name[3] >= '0' &&
		   name[3] <= '9') {
		return sf_ps_fail(ps, c->arg_off, "argument index out of range (arg0..arg5)");
	} else {
		if (!tg->sc)
			return sf_ps_fail(ps, c->arg_off,
					  "syscall %d has no known argument names; use arg0..arg5",
					  tg->nr);
		for (i = 0; i < nargs; i++) {
			cands[i] = tg->sc->args[i].name;
			if (strlen(cands[i]) == c->arg_len &&
			    memcmp(cands[i], name, c->arg_len) == 0)
				break;
		}
		if (i == nargs) {
			format_signature(tg->sc, sig, sizeof(sig));
			hint = sf_suggest(name, c->arg_len, cands, (size_t)nargs);
			if (hint)
				return sf_ps_fail(
				    ps, c->arg_off,
				    "unknown argument '%.*s' for %s; did you mean '%s'?",
				    (int)c->arg_len, name, sig, hint);
			return sf_ps_fail(ps, c->arg_off, "unknown argument '%.*s' for %s",
					  (int)c->arg_len, name, sig);
		}
		*index = i;
	}
	if (tg->sc)
		*type = tg->sc->args[*index].type;
	else
		*type = ps->arch->is_64bit ? SF_ARG_U64 : SF_ARG_U32;
	return 0;
}

/* What a literal may be. A bit pattern (a mask, `&`, `in`) is any value
 * of the compared width; a value compared with the argument is one of its
 * type as the kernel reads it, a negative one on an unsigned type taken as
 * C converts it (-1: all ones). */
static void lit_range(int type, int pattern, wide *lo, wide *hi)
{
	int w = SF_ARGTYPE_IS_64(type) ? 64 : 32;

	*lo = -((wide)1 << (w - 1));
	*hi =
	    pattern || !SF_ARGTYPE_IS_SIGNED(type) ? ((wide)1 << w) - 1 : ((wide)1 << (w - 1)) - 1;
}

static char *wide_text(wide v, char *buf, size_t size)
{
	unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
	char *q = buf + size;

	*--q = 0;
	do
		*--q = (char)('0' + (int)(u % 10));
	while ((u /= 10) != 0);
	if (v < 0)
		*--q = '-';
	return q;
}

int sf_ps_fit(struct parser *ps, wide v, size_t off, int type, int pattern, const struct target *tg,
	      const struct sx *c, uint64_t *out)
{
	int is64 = SF_ARGTYPE_IS_64(type);
	char b1[48], b2[48], b3[48];
	wide lo, hi;

	lit_range(type, pattern, &lo, &hi);
	if (v < lo || v > hi)
		return sf_ps_fail(ps, off,
				  "value %s out of range for argument '%.*s' of %s, compared as %s "
				  "%d-bit %s: %s..%s",
				  wide_text(v, b1, sizeof b1), (int)c->arg_len,
				  ps->src->text + c->arg_off,
				  tg->sc ? tg->sc->name : "this syscall",
				  pattern		       ? "a"
				  : SF_ARGTYPE_IS_SIGNED(type) ? "a signed"
							       : "an unsigned",
				  is64 ? 64 : 32, pattern ? "bit pattern" : "value",
				  wide_text(lo, b2, sizeof b2), wide_text(hi, b3, sizeof b3));
	*out = is64 ? (uint64_t)v : (uint64_t)(uint32_t)v;
	return 0;
}

/* A value of the expression again, '~' now at the argument's width. */
static int reread(struct parser *ps, size_t off, int type, wide *out)
{
	struct parser look = *ps;

	look.pos = off;
	look.tok.t = T_COMMA; /* not T_EOL: the line is not counted again */
	look.tilde_bits = SF_ARGTYPE_IS_64(type) ? 64 : 32;
	look.depth = 0;
	return sf_ps_next(&look) || sf_ps_parse_value(&look, out);
}

/* A comparison on the low 32 bits of an argument the audit is not sure of,
 * read with its C type; type is the 64-bit one. Out of the 32-bit range,
 * the answer is known: a node comparing (ARG & 0) with 0 or 1. */
static int cmp_low32(struct parser *ps, const struct sx *s, int type, struct sf_node *n)
{
	int pattern = s->op == SF_CMP_ANY || s->op == SF_CMP_IN, holds;
	wide v = s->value, m = s->mask, lo, hi;

	n->argtype = SF_ARGTYPE_IS_SIGNED(type) ? SF_ARG_S32 : SF_ARG_U32;
	if ((s->value_tilde && reread(ps, s->value_off, type, &v)) ||
	    (s->has_mask && s->mask_tilde && reread(ps, s->mask_off, type, &m)))
		return -1;
	n->mask = s->has_mask ? (uint64_t)m & 0xffffffffu : 0xffffffffu;
	if (pattern) {
		n->value = (uint64_t)v & 0xffffffffu;
		return 0;
	}
	lit_range(n->argtype, s->has_mask, &lo, &hi);
	if (v >= lo && v <= hi) {
		n->value = (uint64_t)(uint32_t)v;
		return 0;
	}
	switch (s->op) {
	case SF_CMP_EQ:
		holds = 0;
		break;
	case SF_CMP_NE:
		holds = 1;
		break;
	case SF_CMP_LT:
	case SF_CMP_LE:
		holds = v > hi;
		break;
	default:
		holds = v < lo;
		break;
	}
	n->op = SF_CMP_EQ;
	n->mask = 0;
	n->value = !holds;
	return 0;
}

/* An argument the kernel reads as 16 bits (i386's old_uid_t, umode_t):
 * setuid(0x10000) is setuid(0), so the node sees bits 0..15 alone. A value
 * is one of the 16-bit type (-1 is 0xffff), a bit set leaves the upper
 * bits free, a mask keeps its low 16 bits. */
static int narrow16(struct parser *ps, const struct sx *s, int pattern, wide v, struct sf_node *n)
{
	char b[48];

	n->mask &= 0xffffu;
	if (s->op == SF_CMP_IN)
		n->value |= 0xffff0000u;
	else if (s->op == SF_CMP_ANY)
		n->value &= 0xffffu;
	else if (!pattern) {
		if (v < -0x8000 || v > 0xffff)
			return sf_ps_fail(ps, s->value_off,
					  "value %s out of range for argument '%.*s', read by the "
					  "kernel as 16 bits: -32768..65535",
					  wide_text(v, b, sizeof b), (int)s->arg_len,
					  ps->src->text + s->arg_off);
		n->value &= 0xffffu;
	}
	return 0;
}

int sf_ps_resolve(struct parser *ps, int sxi, const struct target *tg)
{
	const struct sx *s = &ps->sx[sxi];
	struct sf_node n;
	int arg = 0, type = 0, l, r;

	memset(&n, 0, sizeof(n));
	n.left = n.right = -1;
	switch (s->kind) {
	case SX_OR:
	case SX_AND:
		/* Chains of || and && are left-deep: walk them without
		 * recursion so 20,000 alternatives do not exhaust the stack. */
		n.kind = s->kind == SX_OR ? SF_NODE_OR : SF_NODE_AND;
		{
			int chain[64], depth = 0, cur = sxi, acc;

			while ((ps->sx[cur].kind == s->kind) && depth < 64) {
				chain[depth++] = cur;
				cur = ps->sx[cur].left;
			}
			acc = sf_ps_resolve(ps, cur, tg);
			while (acc >= 0 && depth > 0) {
				cur = chain[--depth];
				r = sf_ps_resolve(ps, ps->sx[cur].right, tg);
				if (r < 0)
					return -1;
				n.left = acc;
				n.right = r;
				acc = sf_policy_add_node(ps->p, &n);
				if (acc < 0)
					return sf_ps_fail(ps, s->arg_off, "out of memory");
			}
			return acc;
		}
	case SX_NOT:
		l = sf_ps_resolve(ps, s->left, tg);
		if (l < 0)
			return -1;
		n.kind = SF_NODE_NOT;
		n.left = l;
		break;
	case SX_CMP:
		if (resolve_arg(ps, tg, s, &arg, &type))
			return -1;
		n.kind = SF_NODE_CMP;
		n.op = (unsigned char)s->op;
		n.arg = (unsigned char)arg;
		n.argtype = (unsigned char)type;
		n.mask = SF_ARGTYPE_IS_64(type) ? ~(uint64_t)0 : 0xffffffffu;
		if (tg->sc && (tg->sc->args[arg].flags & SF_ARGF_DUAL)) {
			ps->saw_dual = 1;
			if (ps->read32) {
				if (cmp_low32(ps, s, type, &n))
					return -1;
				break;
			}
		}
		{
			wide v = s->value, m = s->mask;
			int pattern = s->has_mask || s->op == SF_CMP_ANY || s->op == SF_CMP_IN;

			if ((s->value_tilde && reread(ps, s->value_off, type, &v)) ||
			    (s->has_mask && s->mask_tilde && reread(ps, s->mask_off, type, &m)))
				return -1;
			if (s->has_mask && sf_ps_fit(ps, m, s->mask_off, type, 1, tg, s, &n.mask))
				return -1;
			if (sf_ps_fit(ps, v, s->value_off, type, pattern, tg, s, &n.value))
				return -1;
			if (tg->sc && (tg->sc->args[arg].flags & SF_ARGF_16) &&
			    narrow16(ps, s, pattern, v, &n))
				return -1;
		}
		break;
	}
	l = sf_policy_add_node(ps->p, &n);
	if (l < 0)
		return sf_ps_fail(ps, s->arg_off, "out of memory");
	return l;
}
