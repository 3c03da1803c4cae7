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
			hint = sf_man_argname(tg->sc, name, c->arg_len);
			if (hint)
				return sf_ps_fail(
				    ps, c->arg_off,
				    "unknown argument '%.*s' for %s; did you mean '%s' "
				    "(the man page's '%.*s')?",
				    (int)c->arg_len, name, sig, hint, (int)c->arg_len, name);
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
static void lit_range(int type, int width, int pattern, wide *lo, wide *hi)
{
	*lo = -((wide)1 << (width - 1));
	*hi = pattern || !SF_ARGTYPE_IS_SIGNED(type) ? ((wide)1 << width) - 1
						     : ((wide)1 << (width - 1)) - 1;
}

/* How many bits of the argument the kernel reads: 16 where the syscall's
 * wrapper casts the register to old_uid_t or umode_t (i386's setuid(0x10000)
 * is setuid(0)), otherwise the type's. */
static int read_width(const struct target *tg, int arg, int type)
{
	if (tg->sc && (tg->sc->args[arg].flags & SF_ARGF_16))
		return 16;
	return SF_ARGTYPE_IS_64(type) ? 64 : 32;
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

int sf_ps_fit(struct parser *ps, wide v, size_t off, int type, int width, int pattern,
	      const struct target *tg, const struct sx *c, uint64_t *out)
{
	char b1[48], b2[48], b3[48];
	wide lo, hi;

	lit_range(type, width, pattern, &lo, &hi);
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
				  width, pattern ? "bit pattern" : "value",
				  wide_text(lo, b2, sizeof b2), wide_text(hi, b3, sizeof b3));
	*out = width == 64 ? (uint64_t)v : (uint64_t)v & (((uint64_t)1 << width) - 1);
	return 0;
}

/* A value of the expression again, '~' now at the argument's width. */
static int reread(struct parser *ps, size_t off, int width, wide *out)
{
	struct parser look = *ps;

	look.pos = off;
	look.tok.t = T_COMMA; /* not T_EOL: the line is not counted again */
	look.tilde_bits = width;
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
	if ((s->value_tilde && reread(ps, s->value_off, 32, &v)) ||
	    (s->has_mask && s->mask_tilde && reread(ps, s->mask_off, 32, &m)))
		return -1;
	n->mask = s->has_mask ? (uint64_t)m & 0xffffffffu : 0xffffffffu;
	if (pattern) {
		n->value = (uint64_t)v & 0xffffffffu;
		return 0;
	}
	lit_range(n->argtype, 32, s->has_mask, &lo, &hi);
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

int sf_ps_resolve(struct parser *ps, int sxi, const struct target *tg)
{
	const struct sx *s = &ps->sx[sxi];
	struct sf_node n;
	int arg = 0, type = 0, width, l, r;

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
		width = read_width(tg, arg, type);
		n.mask = width == 64 ? ~(uint64_t)0 : ((uint64_t)1 << width) - 1;
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

			if ((s->value_tilde && reread(ps, s->value_off, width, &v)) ||
			    (s->has_mask && s->mask_tilde && reread(ps, s->mask_off, width, &m)))
				return -1;
			if (s->has_mask &&
			    sf_ps_fit(ps, m, s->mask_off, type, width, 1, tg, s, &n.mask))
				return -1;
			if (sf_ps_fit(ps, v, s->value_off, type, width, pattern, tg, s, &n.value))
				return -1;
			/* 'in' tests the bits of the type's width (there is no
			 * mask): those the kernel does not read are free. */
			if (width == 16 && s->op == SF_CMP_IN)
				n.value |= 0xffff0000u;
		}
		break;
	}
	l = sf_policy_add_node(ps->p, &n);
	if (l < 0)
		return sf_ps_fail(ps, s->arg_off, "out of memory");
	return l;
}
