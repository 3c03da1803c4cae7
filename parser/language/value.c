/* Values in rules: numbers, symbolic constants, and the small arithmetic
 * the language allows on them ('|', '&', '~', '-'), at full width until
 * the argument they are compared with is known. */
#include <stdlib.h>

#include "parse_int.h"

/* ---- values ---- */

static int constant_names(const char ***out, size_t *n)
{
	static const char **names;
	size_t i;

	if (!names) {
		names = malloc(sf_constants_count * sizeof(*names));
		if (!names)
			return -1;
		for (i = 0; i < sf_constants_count; i++)
			names[i] = sf_constants[i].name;
	}
	*out = names;
	*n = sf_constants_count;
	return 0;
}

/* A value with '~' is computed at the compared width, modulo 2^width:
 * `dfd == ~0x80000000` is 0x7fffffff. The bits are read as a signed
 * number, which sf_ps_fit() takes back to the argument's type as C converts it:
 * `fd == ~0` is -1 on an int, 0xffffffff on an unsigned int, and `-~4` is
 * 5 on both. */
static wide at_width(const struct parser *ps, wide v)
{
	wide top = (wide)1 << ps->tilde_bits;

	if (!ps->tilde_bits)
		return v;
	v &= top - 1;
	return v >= top / 2 ? v - top : v;
}

static int parse_value_atom(struct parser *ps, wide *out)
{
	const struct sf_constant *c;
	const char **names;
	const char *hint;
	size_t off = ps->tok.off, n;
	int r;

	switch (ps->tok.t) {
	case T_NUM:
		*out = ps->tok.num;
		ps->value_end = ps->pos;
		return sf_ps_next(ps);
	case T_MINUS:
		if (sf_ps_nest(ps))
			return -1;
		if (sf_ps_next(ps) || parse_value_atom(ps, out))
			return -1;
		ps->depth--;
		*out = at_width(ps, -*out);
		return 0;
	case T_TILDE:
		if (sf_ps_nest(ps))
			return -1;
		if (sf_ps_next(ps) || parse_value_atom(ps, out))
			return -1;
		ps->depth--;
		if (!ps->tilde_bits) {
			ps->saw_tilde = 1;
			*out = ~*out;
			return 0;
		}
		*out = at_width(ps, ~*out);
		return 0;
	case T_LPAREN:
		if (sf_ps_nest(ps))
			return -1;
		if (sf_ps_next(ps) || sf_ps_parse_value(ps, out))
			return -1;
		ps->depth--;
		ps->value_end = ps->pos;
		return sf_ps_expect(ps, T_RPAREN, "to close '('");
	case T_IDENT:
		c = sf_arch_constant_lookup(ps->arch, ps->src->text + off, ps->tok.len);
		if (c) {
			*out = c->value;
			ps->value_names++;
			ps->value_end = ps->pos;
			return sf_ps_next(ps);
		}
		/* The build's, but not this arch's (x86's MAP_32BIT on aarch64). */
		r = (int)ps->tok.len;
		if (ps->arch && sf_constant_lookup(ps->src->text + off, ps->tok.len))
			return sf_ps_fail(ps, off, "constant '%.*s' is not defined on %s", r,
					  ps->src->text + off, ps->arch->name);
		hint = NULL;
		if (constant_names(&names, &n) == 0)
			hint = sf_suggest(ps->src->text + off, ps->tok.len, names, n);
		if (hint)
			return sf_ps_fail(ps, off, "unknown constant '%.*s'; did you mean '%s'?", r,
					  ps->src->text + off, hint);
		return sf_ps_fail(ps, off, "unknown constant '%.*s'", r, ps->src->text + off);
	default:
		return sf_ps_fail(ps, off,
				  "expected a value (a number or a constant name), found %s",
				  sf_ps_tok_name(ps->tok.t));
	}
}

/* VALUE := ATOM ('|' ATOM)* */
int sf_ps_parse_value(struct parser *ps, wide *out)
{
	wide v;

	if (parse_value_atom(ps, out))
		return -1;
	while (ps->tok.t == T_PIPE) {
		ps->value_pipes++;
		if (sf_ps_next(ps) || parse_value_atom(ps, &v))
			return -1;
		*out = at_width(ps, *out | v);
	}
	return 0;
}
