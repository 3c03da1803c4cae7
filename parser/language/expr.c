/* Expressions, read into a syntax tree with argument names unresolved:
 * the same name can mean a different index and type in each syscall of
 * a rule, so the tree is resolved once per syscall (resolve.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"

/* ---- expressions (syntax tree) ---- */

static int sx_add(struct parser *ps, const struct sx *node)
{
	if (ps->nsx == ps->sx_cap) {
		size_t cap = ps->sx_cap ? ps->sx_cap * 2 : 32;
		struct sx *n = realloc(ps->sx, cap * sizeof(*n));
		if (!n)
			return sf_ps_fail(ps, ps->tok.off, "out of memory");
		ps->sx = n;
		ps->sx_cap = cap;
	}
	ps->sx[ps->nsx] = *node;
	return (int)ps->nsx++;
}

static int sx_binary(struct parser *ps, enum sx_kind kind, int left, int right)
{
	struct sx n = {.kind = kind, .left = left, .right = right};

	return sx_add(ps, &n);
}

static int cmp_op(enum tok t, enum sf_cmp_op *op)
{
	switch (t) {
	case T_EQ:
		*op = SF_CMP_EQ;
		return 1;
	case T_NE:
		*op = SF_CMP_NE;
		return 1;
	case T_LT:
		*op = SF_CMP_LT;
		return 1;
	case T_LE:
		*op = SF_CMP_LE;
		return 1;
	case T_GT:
		*op = SF_CMP_GT;
		return 1;
	case T_GE:
		*op = SF_CMP_GE;
		return 1;
	default:
		return 0;
	}
}

/* ARG in {V, V, ...}: an OR of equalities. */
static int parse_in_set(struct parser *ps, const struct sx *proto)
{
	struct sx eq = *proto;
	int result = -1, node;

	if (sf_ps_next(ps))
		return -1;
	for (;;) {
		eq.kind = SX_CMP;
		eq.op = SF_CMP_EQ;
		eq.value_off = ps->tok.off;
		ps->saw_tilde = 0;
		if (sf_ps_parse_value(ps, &eq.value))
			return -1;
		eq.value_tilde = (unsigned char)ps->saw_tilde;
		node = sx_add(ps, &eq);
		if (node < 0)
			return -1;
		result = result < 0 ? node : sx_binary(ps, SX_OR, result, node);
		if (result < 0)
			return -1;
		if (ps->tok.t == T_RBRACE)
			break;
		if (sf_ps_expect(ps, T_COMMA, "between the values of a set"))
			return -1;
	}
	return sf_ps_next(ps) ? -1 : result;
}

/* The operands of the top-level '|'s of text[off..end), each trimmed, one
 * pair of parentheses around the whole dropped, joined by ", ". */
static void pipe_operands(const char *t, size_t off, size_t end, char *buf, size_t size)
{
	size_t n = 0, i, start;
	int depth = 0;

	for (;;) {
		while (off < end && (t[off] == ' ' || t[off] == '\t'))
			off++;
		while (end > off && (t[end - 1] == ' ' || t[end - 1] == '\t'))
			end--;
		if (end - off < 2 || t[off] != '(' || t[end - 1] != ')')
			break;
		/* "(1) | (2)" is not one group. */
		for (i = off; i < end; i++) {
			depth += t[i] == '(' ? 1 : t[i] == ')' ? -1 : 0;
			if (depth == 0)
				break;
		}
		if (i != end - 1)
			break;
		off++;
		end--;
	}
	buf[0] = 0;
	for (start = i = off, depth = 0; i <= end && n < size; i++) {
		size_t a = start, b = i;

		if (i < end && (t[i] == '(' || t[i] == ')')) {
			depth += t[i] == '(' ? 1 : -1;
			continue;
		}
		if (i < end && (t[i] != '|' || depth))
			continue;
		while (a < b && (t[a] == ' ' || t[a] == '\t'))
			a++;
		while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
			b--;
		n += (size_t)snprintf(buf + n, size - n, "%s%.*s", start == off ? "" : ", ",
				      (int)(b - a), t + a);
		start = i + 1;
	}
}

/* 'fd == 1 | 2' compares fd with 3: '|' joins its operands' bits into one
 * value, where the author likely meant either value. Said by --check
 * when numbers alone are joined (O_WRONLY | O_CREAT is one value). */
static int note_pipe(struct parser *ps, const struct sx *c)
{
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
	const char *t = ps->src->text, *arg = t + c->arg_off;
	char set[160], val[48], hint[224], text[SF_NOTE_SIZE];
	int line, col, len = (int)c->arg_len;

	pipe_operands(t, c->value_off, ps->value_end, set, sizeof set);
	if (c->value >= -4096 && c->value <= 4096)
		snprintf(val, sizeof val, "%lld", (long long)c->value);
	else
		snprintf(val, sizeof val, "%#llx", (unsigned long long)c->value);
	hint[0] = 0;
	if (!c->has_mask && c->op == SF_CMP_EQ)
		snprintf(hint, sizeof hint, "; for any one of them, write '%.*s in {%s}'", len, arg,
			 set);
	else if (!c->has_mask && c->op == SF_CMP_NE)
		snprintf(hint, sizeof hint, "; for none of them, write '!(%.*s in {%s})'", len, arg,
			 set);
	sf_ps_line_col(ps, c->value_off, &line, &col);
	snprintf(text, sizeof text,
		 "%s:%d:%d: '%.*s' is one value, %s ('|' joins the bits of %s): this compares "
		 "%s%.*s%s %s %s%s",
		 ps->src->name, line, col, (int)(ps->value_end - c->value_off), t + c->value_off,
		 val, set, c->has_mask ? "(" : "", len, arg, c->has_mask ? " & MASK)" : "",
		 ops[c->op], val, hint);
	if (sf_policy_add_note(ps->p, text))
		return sf_ps_fail(ps, c->value_off, "out of memory");
	return 0;
}

/* ARG OP VALUE | ARG & MASK | ARG in MASK | ARG in {..}; with has_mask the
 * "ARG & MASK" part has been read already (from "(ARG & MASK) OP VALUE"). */
static int parse_comparison_rest(struct parser *ps, struct sx *c)
{
	c->kind = SX_CMP;
	if (cmp_op(ps->tok.t, &c->op)) {
		if (sf_ps_next(ps))
			return -1;
		c->value_off = ps->tok.off;
		ps->saw_tilde = 0;
		ps->value_pipes = ps->value_names = 0;
		if (sf_ps_parse_value(ps, &c->value))
			return -1;
		c->value_tilde = (unsigned char)ps->saw_tilde;
		if (cmp_op(ps->tok.t, &c->op))
			return sf_ps_fail(ps, ps->tok.off,
					  "comparisons do not chain; join them with '&&'");
		if (ps->value_pipes && !ps->value_names && note_pipe(ps, c))
			return -1;
		return sx_add(ps, c);
	}
	if (c->has_mask) {
		if (ps->tok.t == T_AMP || sf_ps_tok_is(ps, "in"))
			return sf_ps_fail(ps, ps->tok.off,
					  "expected a comparison after '(ARG & MASK)'");
		/* "(ARG & MASK)" alone is "ARG & MASK" in parentheses. */
		c->has_mask = 0;
		c->op = SF_CMP_ANY;
		c->value = c->mask;
		c->value_off = c->mask_off;
		c->value_tilde = c->mask_tilde;
		return sx_add(ps, c);
	}
	if (ps->tok.t == T_AMP) {
		if (sf_ps_next(ps))
			return -1;
		c->op = SF_CMP_ANY;
		c->value_off = ps->tok.off;
		ps->saw_tilde = 0;
		if (sf_ps_parse_value(ps, &c->value))
			return -1;
		c->value_tilde = (unsigned char)ps->saw_tilde;
		if (cmp_op(ps->tok.t, &c->op))
			return sf_ps_fail(
			    ps, ps->tok.off,
			    "ambiguous: write '(ARG & MASK) %s VALUE' with parentheses",
			    sf_ps_tok_name(ps->tok.t));
		return sx_add(ps, c);
	}
	if (sf_ps_tok_is(ps, "in")) {
		if (sf_ps_next(ps))
			return -1;
		if (ps->tok.t == T_LBRACE)
			return parse_in_set(ps, c);
		c->op = SF_CMP_IN;
		c->value_off = ps->tok.off;
		ps->saw_tilde = 0;
		if (sf_ps_parse_value(ps, &c->value))
			return -1;
		c->value_tilde = (unsigned char)ps->saw_tilde;
		return sx_add(ps, c);
	}
	return sf_ps_fail(
	    ps, ps->tok.off,
	    "expected a comparison ('==', '!=', '<', '<=', '>', '>=', '&' or 'in') after "
	    "the argument, found %s",
	    sf_ps_tok_name(ps->tok.t));
}

/* Is the text at ( the start of "(ARG & MASK) OP VALUE"? Not when the
 * parenthesis goes on after the mask: "(ARG & MASK || ...)" groups. */
static int paren_is_mask(struct parser *ps)
{
	struct parser look = *ps;
	struct sf_error scratch;
	wide v;

	look.err = &scratch;
	if (sf_ps_next(&look) || look.tok.t != T_IDENT)
		return 0;
	if (sf_ps_next(&look) || look.tok.t != T_AMP || sf_ps_next(&look))
		return 0;
	/* A bad mask is reported by the real parse. */
	return sf_ps_parse_value(&look, &v) != 0 || look.tok.t == T_RPAREN;
}

static int parse_unary(struct parser *ps)
{
	struct sx c;
	size_t off = ps->tok.off;
	int inner;

	if (ps->tok.t == T_NOT) {
		if (sf_ps_nest(ps) || sf_ps_next(ps))
			return -1;
		inner = parse_unary(ps);
		ps->depth--;
		if (inner < 0)
			return -1;
		return sx_binary(ps, SX_NOT, inner, -1);
	}
	if (ps->tok.t == T_LPAREN) {
		if (sf_ps_nest(ps))
			return -1;
		if (paren_is_mask(ps)) {
			memset(&c, 0, sizeof(c));
			if (sf_ps_next(ps))
				return -1;
			c.arg_off = ps->tok.off;
			c.arg_len = ps->tok.len;
			if (sf_ps_next(ps) || sf_ps_next(ps))
				return -1;
			c.has_mask = 1;
			c.mask_off = ps->tok.off;
			ps->saw_tilde = 0;
			if (sf_ps_parse_value(ps, &c.mask) ||
			    sf_ps_expect(ps, T_RPAREN, "to close '(ARG & MASK'"))
				return -1;
			c.mask_tilde = (unsigned char)ps->saw_tilde;
			ps->depth--;
			return parse_comparison_rest(ps, &c);
		}
		if (sf_ps_next(ps))
			return -1;
		inner = sf_ps_parse_or(ps);
		if (inner < 0 || sf_ps_expect(ps, T_RPAREN, "to close '('"))
			return -1;
		ps->depth--;
		return inner;
	}
	if (ps->tok.t != T_IDENT) {
		if (ps->tok.t == T_NUM)
			return sf_ps_fail(
			    ps, off,
			    "expected an argument name; a bare number is only an action "
			    "(1: allow, 0: deny) on its own");
		return sf_ps_fail(ps, off, "expected an argument name, found %s",
				  sf_ps_tok_name(ps->tok.t));
	}
	memset(&c, 0, sizeof(c));
	c.arg_off = off;
	c.arg_len = ps->tok.len;
	if (sf_ps_next(ps))
		return -1;
	return parse_comparison_rest(ps, &c);
}

static int parse_and(struct parser *ps)
{
	int left = parse_unary(ps), right;

	while (left >= 0 && ps->tok.t == T_ANDAND) {
		if (sf_ps_next(ps))
			return -1;
		right = parse_unary(ps);
		if (right < 0)
			return -1;
		left = sx_binary(ps, SX_AND, left, right);
	}
	return left;
}

int sf_ps_parse_or(struct parser *ps)
{
	int left = parse_and(ps), right;

	while (left >= 0 && ps->tok.t == T_OROR) {
		if (sf_ps_next(ps))
			return -1;
		right = parse_and(ps);
		if (right < 0)
			return -1;
		left = sx_binary(ps, SX_OR, left, right);
	}
	return left;
}
