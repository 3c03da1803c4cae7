/* The policy language: text to the policy model (policy.h).
 *
 * A statement is one logical line (a trailing backslash continues it).
 * Expressions are first read into a small syntax tree with argument names
 * unresolved, then resolved once per syscall of the rule, because the same
 * name ("fd") can have a different index and type in each syscall. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "constants.h"
#include "groups.h"
#include "parse.h"

#define MAX_INCLUDE_DEPTH 16
#define MAX_NESTING 256
#define MAX_POLICY_BYTES (16u << 20)
#define MAX_NAMES_PER_RULE 1024

typedef __int128 wide;

enum tok {
	T_EOL,
	T_EOF,
	T_IDENT,
	T_NUM,
	T_COLON,
	T_SEMI,
	T_COMMA,
	T_LBRACE,
	T_RBRACE,
	T_LPAREN,
	T_RPAREN,
	T_OROR,
	T_ANDAND,
	T_NOT,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_AMP,
	T_PIPE,
	T_TILDE,
	T_MINUS,
	T_AT,
};

struct token {
	enum tok t;
	size_t off, len;
	wide num;
};

/* One text being read: a file, an included file, or inline rules. */
struct source {
	const char *name;
	int file; /* index into policy->files */
	const char *text;
	size_t len;
	int depth;
	const struct source *parent;
	dev_t dev; /* identity for cycle detection; ino 0 for inline text */
	ino_t ino;
};

/* Syntax tree of one expression, before argument names are resolved. */
enum sx_kind { SX_OR, SX_AND, SX_NOT, SX_CMP };

struct sx {
	enum sx_kind kind;
	enum sf_cmp_op op;
	size_t arg_off, arg_len; /* the argument's name in the text */
	int has_mask;
	/* The text has a '~', which takes the width of the argument: read
	 * again once the argument is known. */
	unsigned char mask_tilde, value_tilde;
	wide mask, value;
	size_t mask_off, value_off;
	int left, right;
};

struct parser {
	struct sf_policy *p;
	const struct sf_arch_info *arch; /* the policy's, asked for at every name */
	const struct source *src;
	struct sf_error *err;
	size_t pos;
	struct token tok;
	struct sx *sx;
	size_t nsx, sx_cap;
	int depth;
	/* The line of the current token and where it starts, kept by next():
	 * a rule records its line, so this is asked for at every rule. */
	int line;
	size_t line_start;
	/* '~' computes at this width (0: not known yet, sets saw_tilde). */
	int tilde_bits, saw_tilde;
	/* Resolving the low-32-bit reading of arguments the audit is not sure
	 * of (SF_ARGF_DUAL); saw_dual: the expression compares one. */
	int read32, saw_dual;
};

static int parse_source(struct sf_policy *p, const struct source *src, struct sf_error *err);

static void parser_init(struct parser *ps, struct sf_policy *p, const struct source *src,
			struct sf_error *err)
{
	memset(ps, 0, sizeof(*ps));
	ps->tok.t = T_EOL; /* the first next() starts line 1 */
	ps->p = p;
	ps->arch = sf_arch_info(p->arch);
	ps->src = src;
	ps->err = err;
}

/* ---- positions and errors ---- */

/* Line and column of an offset at or before the current token. One
 * before the current line (a statement continued with backslashes) is
 * found by walking back over the newlines between. */
static void locate(struct parser *ps, size_t off, int *line, int *col, const char **start)
{
	const char *t = ps->src->text, *nl;
	size_t from = ps->line_start;
	int n = ps->line;

	if (off > ps->src->len)
		off = ps->src->len;
	while (off < from) {
		/* text[from - 1] is the newline that ends the line before. */
		nl = memrchr(t, '\n', from - 1);
		from = nl ? (size_t)(nl - t) + 1 : 0;
		n--;
	}
	*line = n;
	*col = (int)(off - from) + 1;
	*start = t + from;
}

__attribute__((format(printf, 3, 4))) static int fail(struct parser *ps, size_t off,
						      const char *fmt, ...)
{
	char what[768];
	va_list ap;
	int line, col;
	const char *start;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	locate(ps, off, &line, &col, &start);
	sf_error_at(ps->err, ps->src->name, line, col, start, "%s", what);
	return -1;
}

/* The same for the line and column only: a rule records them, mostly
 * for a name on the current line. */
static void line_col(struct parser *ps, size_t off, int *line, int *col)
{
	const char *start;

	if (off >= ps->line_start) {
		*line = ps->line;
		*col = (int)(off - ps->line_start) + 1;
		return;
	}
	locate(ps, off, line, col, &start);
}

static int line_of(struct parser *ps, size_t off)
{
	int line, col;
	const char *start;

	locate(ps, off, &line, &col, &start);
	return line;
}

/* ---- lexer ---- */

/* Character classes, looked up once per byte: the lexer runs in every
 * sandboxed process before main. */
enum {
	C_SPACE = 1,   /* blank between tokens */
	C_IDSTART = 2, /* may start a name */
	C_IDENT = 4,   /* may go on in a name */
	C_COMMENT = 8, /* plain text in a comment: printable ASCII and tab */
	C_SKIP = 16,   /* starts a comment or a continued line */
};

static const unsigned char char_class[256] = {
    ['\t'] = C_SPACE | C_COMMENT,
    [' '] = C_SPACE | C_COMMENT,
    ['!' ... '"'] = C_COMMENT,
    ['#'] = C_SKIP | C_COMMENT,
    ['$' ... '/'] = C_COMMENT,
    ['0' ... '9'] = C_IDENT | C_COMMENT,
    [':' ... '@'] = C_COMMENT,
    ['A' ... 'Z'] = C_IDSTART | C_IDENT | C_COMMENT,
    ['['] = C_COMMENT,
    ['\\'] = C_SKIP | C_COMMENT,
    [']' ... '^'] = C_COMMENT,
    ['_'] = C_IDSTART | C_IDENT | C_COMMENT,
    ['`'] = C_COMMENT,
    ['a' ... 'z'] = C_IDSTART | C_IDENT | C_COMMENT,
    ['{' ... '~'] = C_COMMENT,
};

static int is_ident_char(int c)
{
	return char_class[(unsigned char)c] & C_IDENT;
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static int lex_number(struct parser *ps)
{
	const char *t = ps->src->text;
	size_t i = ps->pos;
	unsigned base = 10, d;
	int any = 0;
	uint64_t v = 0;

	if (t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
		base = 16;
		i += 2;
	} else if (t[i] == '0') {
		base = 8;
	}
	for (; is_ident_char(t[i]); i++) {
		d = (unsigned)digit_value(t[i]);
		if (d >= base)
			return fail(ps, ps->pos, "invalid digit '%c' in %s number", t[i],
				    base == 16	? "hexadecimal"
				    : base == 8 ? "octal"
						: "decimal");
		if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
			return fail(ps, ps->pos, "number does not fit in 64 bits");
		any = 1;
	}
	if (!any)
		return fail(ps, ps->pos, "hexadecimal number without digits");
	ps->tok.t = T_NUM;
	ps->tok.num = v;
	ps->tok.len = i - ps->pos;
	ps->pos = i;
	return 0;
}

/* Checks one UTF-8 sequence at t[i]; returns its length or 0 if invalid. */
static size_t utf8_len(const unsigned char *t, size_t i, size_t end)
{
	unsigned c = t[i];
	size_t n, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (i + n > end)
		return 0;
	for (k = 1; k < n; k++)
		if ((t[i + k] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A token of two characters (|| && != <= >= ==) or of its first one. */
static int one_or_two(struct parser *ps, char second, enum tok one, enum tok two)
{
	if (ps->src->text[ps->pos] == second) {
		ps->pos++;
		ps->tok.t = two;
		ps->tok.len = 2;
		return 0;
	}
	ps->tok.t = one;
	return 0;
}

/* The rest of a comment from text[i], a byte that is not plain ASCII:
 * returns where the comment ends (its newline), or -1 on an error. Kept
 * out of next() so that the common path stays small. */
static __attribute__((noinline)) long comment_rest(struct parser *ps, size_t i)
{
	const char *t = ps->src->text;
	size_t end = ps->src->len, n;

	for (;;) {
		while (char_class[(unsigned char)t[i]] & C_COMMENT)
			i++;
		if (i >= end || t[i] == '\n' || t[i] == '\r')
			return (long)i;
		if (t[i] == '\0')
			return fail(ps, i, "NUL byte in policy text");
		n = utf8_len((const unsigned char *)t, i, end);
		if (!n)
			return fail(ps, i, "invalid UTF-8 in a comment");
		i += n;
	}
}

/* Why the byte at text[i] starts no token. */
static __attribute__((noinline)) int bad_char(struct parser *ps, size_t i)
{
	const char *t = ps->src->text;
	unsigned char c = (unsigned char)t[i];

	if (c == '=')
		return fail(ps, i, "'=' is not an operator; did you mean '=='?");
	if (c == '\r')
		return fail(ps, i,
			    "carriage return: the policy has Windows (CRLF) line endings; "
			    "convert it with dos2unix");
	if (c == '\0')
		return fail(ps, i, "NUL byte in policy text");
	if (c >= 0x80 && !utf8_len((const unsigned char *)t, i, ps->src->len))
		return fail(ps, i, "invalid UTF-8");
	/* Control characters by number: the message goes to a terminal. */
	if (c < 0x20 || c == 0x7f)
		return fail(ps, i, "unexpected control character \\x%02x", (unsigned)c);
	return fail(ps, i, "unexpected character '%s%c'", c >= 0x80 ? "\\x" : "",
		    c >= 0x80 ? '?' : c);
}

/* Blanks, comments and continued lines from text[i], where a comment or
 * a backslash starts: returns where the next token starts, or -1 on an
 * error. Out of next(): most tokens follow a space or nothing. */
static __attribute__((noinline)) long skip_more(struct parser *ps, size_t i)
{
	const char *t = ps->src->text;
	long r;

	for (;;) {
		while (char_class[(unsigned char)t[i]] & C_SPACE)
			i++;
		if (t[i] == '\\' && t[i + 1] == '\n') {
			i += 2;
			ps->line++;
			ps->line_start = i;
			continue;
		}
		if (t[i] != '#')
			return (long)i;
		while (char_class[(unsigned char)t[i]] & C_COMMENT)
			i++;
		if (t[i] != '\n' && i < ps->src->len) {
			r = comment_rest(ps, i);
			if (r < 0)
				return -1;
			i = (size_t)r;
		}
	}
}

/* A token that is not a name, a number, ':' or a newline, at text[i]. */
static int lex_punct(struct parser *ps, size_t i)
{
	const char *t = ps->src->text;

	switch (t[i]) {
	case '\0':
		if (i < ps->src->len)
			return bad_char(ps, i);
		ps->pos = i;
		ps->tok.t = T_EOF;
		ps->tok.len = 0;
		return 0;
	case '|':
		return one_or_two(ps, '|', T_PIPE, T_OROR);
	case '&':
		return one_or_two(ps, '&', T_AMP, T_ANDAND);
	case '!':
		return one_or_two(ps, '=', T_NOT, T_NE);
	case '<':
		return one_or_two(ps, '=', T_LT, T_LE);
	case '>':
		return one_or_two(ps, '=', T_GT, T_GE);
	case '=':
		if (t[i + 1] != '=')
			return bad_char(ps, i);
		return one_or_two(ps, '=', T_EQ, T_EQ);
	case ';':
		ps->tok.t = T_SEMI;
		return 0;
	case ',':
		ps->tok.t = T_COMMA;
		return 0;
	case '{':
		ps->tok.t = T_LBRACE;
		return 0;
	case '}':
		ps->tok.t = T_RBRACE;
		return 0;
	case '(':
		ps->tok.t = T_LPAREN;
		return 0;
	case ')':
		ps->tok.t = T_RPAREN;
		return 0;
	case '~':
		ps->tok.t = T_TILDE;
		return 0;
	case '-':
		ps->tok.t = T_MINUS;
		return 0;
	case '@':
		ps->tok.t = T_AT;
		return 0;
	}
	return bad_char(ps, i);
}

/* Every source's text has a NUL at text[len] (read_file, sf_parse_text):
 * the scans below stop there without a bounds check of their own. The
 * common tokens (a name, a lone digit, ':', a newline) take the short
 * way; everything else is out of line. */
static int next(struct parser *ps)
{
	const char *t = ps->src->text;
	const char *q;
	size_t i = ps->pos, j;
	unsigned char c;
	long r;

	if (ps->tok.t == T_EOL) {
		ps->line++;
		ps->line_start = i;
	}
	while (char_class[(unsigned char)t[i]] & C_SPACE)
		i++;
	if (char_class[(unsigned char)t[i]] & C_SKIP) {
		r = skip_more(ps, i);
		if (r < 0)
			return -1;
		i = (size_t)r;
	}
	c = (unsigned char)t[i];
	if (char_class[c] & C_IDSTART) {
		q = t + i + 1;
		for (;;) {
			while (char_class[(unsigned char)*q] & C_IDENT)
				q++;
			/* Action names are hyphenated (kill-process, user-notify). */
			if (q[0] != '-' || !(char_class[(unsigned char)q[1]] & C_IDSTART))
				break;
			q++;
		}
		j = (size_t)(q - t);
		/* A NUL cuts a name short, and the error would blame what is
		 * left ("unknown syscall 'wri'"): the byte is the error. */
		if (t[j] == '\0' && j < ps->src->len)
			return fail(ps, j, "NUL byte in policy text");
		ps->tok.t = T_IDENT;
		ps->tok.off = i;
		ps->tok.len = j - i;
		ps->pos = j;
		return 0;
	}
	if (c >= '0' && c <= '9') {
		ps->tok.off = i;
		/* Mostly the actions 0 and 1: a digit alone is its value. */
		if (!(char_class[(unsigned char)t[i + 1]] & C_IDENT)) {
			ps->tok.t = T_NUM;
			ps->tok.num = c - '0';
			ps->tok.len = 1;
			ps->pos = i + 1;
			return 0;
		}
		ps->pos = i;
		return lex_number(ps);
	}
	ps->tok.off = i;
	ps->tok.len = 1;
	ps->pos = i + 1;
	if (c == ':') {
		ps->tok.t = T_COLON;
		return 0;
	}
	if (c == '\n') {
		ps->tok.t = T_EOL;
		return 0;
	}
	return lex_punct(ps, i);
}

static int tok_is(const struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	return ps->tok.t == T_IDENT && ps->tok.len == n &&
	       memcmp(ps->src->text + ps->tok.off, word, n) == 0;
}

static int at_end(const struct parser *ps)
{
	return ps->tok.t == T_EOL || ps->tok.t == T_EOF;
}

static const char *tok_name(enum tok t)
{
	static const char *const names[] = {
	    "end of line", "end of file", "name", "number", "':'", "';'",  "','",  "'{'", "'}'",
	    "'('",	   "')'",	  "'||'", "'&&'",   "'!'", "'=='", "'!='", "'<'", "'<='",
	    "'>'",	   "'>='",	  "'&'",  "'|'",    "'~'", "'-'",  "'@'",
	};
	return names[t];
}

static int expect(struct parser *ps, enum tok t, const char *context)
{
	if (ps->tok.t != t)
		return fail(ps, ps->tok.off, "expected %s %s, found %s", tok_name(t), context,
			    tok_name(ps->tok.t));
	return next(ps);
}

static int expect_end(struct parser *ps, const char *context)
{
	if (!at_end(ps))
		return fail(ps, ps->tok.off, "unexpected %s after %s", tok_name(ps->tok.t),
			    context);
	return 0;
}

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

static int parse_value(struct parser *ps, wide *out);

/* A value with '~' is computed at the compared width, modulo 2^width:
 * `dfd == ~0x80000000` is 0x7fffffff. The bits are read as a signed
 * number, which fit() takes back to the argument's type as C converts it:
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
		return next(ps);
	case T_MINUS:
		if (++ps->depth > MAX_NESTING)
			return fail(ps, off, "expression nested too deeply (over %d levels)",
				    MAX_NESTING);
		if (next(ps) || parse_value_atom(ps, out))
			return -1;
		ps->depth--;
		*out = at_width(ps, -*out);
		return 0;
	case T_TILDE:
		if (++ps->depth > MAX_NESTING)
			return fail(ps, off, "expression nested too deeply (over %d levels)",
				    MAX_NESTING);
		if (next(ps) || parse_value_atom(ps, out))
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
		if (++ps->depth > MAX_NESTING)
			return fail(ps, off, "expression nested too deeply (over %d levels)",
				    MAX_NESTING);
		if (next(ps) || parse_value(ps, out))
			return -1;
		ps->depth--;
		return expect(ps, T_RPAREN, "to close '('");
	case T_IDENT:
		c = sf_constant_lookup(ps->src->text + off, ps->tok.len);
		if (c) {
			*out = c->value;
			return next(ps);
		}
		hint = NULL;
		if (constant_names(&names, &n) == 0)
			hint = sf_suggest(ps->src->text + off, ps->tok.len, names, n);
		r = (int)ps->tok.len;
		if (hint)
			return fail(ps, off, "unknown constant '%.*s'; did you mean '%s'?", r,
				    ps->src->text + off, hint);
		return fail(ps, off, "unknown constant '%.*s'", r, ps->src->text + off);
	default:
		return fail(ps, off, "expected a value (a number or a constant name), found %s",
			    tok_name(ps->tok.t));
	}
}

/* VALUE := ATOM ('|' ATOM)* */
static int parse_value(struct parser *ps, wide *out)
{
	wide v;

	if (parse_value_atom(ps, out))
		return -1;
	while (ps->tok.t == T_PIPE) {
		if (next(ps) || parse_value_atom(ps, &v))
			return -1;
		*out = at_width(ps, *out | v);
	}
	return 0;
}

/* ---- expressions (syntax tree) ---- */

static int sx_add(struct parser *ps, const struct sx *node)
{
	if (ps->nsx == ps->sx_cap) {
		size_t cap = ps->sx_cap ? ps->sx_cap * 2 : 32;
		struct sx *n = realloc(ps->sx, cap * sizeof(*n));
		if (!n)
			return fail(ps, ps->tok.off, "out of memory");
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

static int parse_or(struct parser *ps);

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

	if (next(ps))
		return -1;
	for (;;) {
		eq.kind = SX_CMP;
		eq.op = SF_CMP_EQ;
		eq.value_off = ps->tok.off;
		ps->saw_tilde = 0;
		if (parse_value(ps, &eq.value))
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
		if (expect(ps, T_COMMA, "between the values of a set"))
			return -1;
	}
	return next(ps) ? -1 : result;
}

/* ARG OP VALUE | ARG & MASK | ARG in MASK | ARG in {..}; with has_mask the
 * "ARG & MASK" part has been read already (from "(ARG & MASK) OP VALUE"). */
static int parse_comparison_rest(struct parser *ps, struct sx *c)
{
	c->kind = SX_CMP;
	if (cmp_op(ps->tok.t, &c->op)) {
		if (next(ps))
			return -1;
		c->value_off = ps->tok.off;
		ps->saw_tilde = 0;
		if (parse_value(ps, &c->value))
			return -1;
		c->value_tilde = (unsigned char)ps->saw_tilde;
		if (cmp_op(ps->tok.t, &c->op))
			return fail(ps, ps->tok.off,
				    "comparisons do not chain; join them with '&&'");
		return sx_add(ps, c);
	}
	if (c->has_mask) {
		if (ps->tok.t == T_AMP || tok_is(ps, "in"))
			return fail(ps, ps->tok.off, "expected a comparison after '(ARG & MASK)'");
		/* "(ARG & MASK)" alone is "ARG & MASK" in parentheses. */
		c->has_mask = 0;
		c->op = SF_CMP_ANY;
		c->value = c->mask;
		c->value_off = c->mask_off;
		c->value_tilde = c->mask_tilde;
		return sx_add(ps, c);
	}
	if (ps->tok.t == T_AMP) {
		if (next(ps))
			return -1;
		c->op = SF_CMP_ANY;
		c->value_off = ps->tok.off;
		ps->saw_tilde = 0;
		if (parse_value(ps, &c->value))
			return -1;
		c->value_tilde = (unsigned char)ps->saw_tilde;
		if (cmp_op(ps->tok.t, &c->op))
			return fail(ps, ps->tok.off,
				    "ambiguous: write '(ARG & MASK) %s VALUE' with parentheses",
				    tok_name(ps->tok.t));
		return sx_add(ps, c);
	}
	if (tok_is(ps, "in")) {
		if (next(ps))
			return -1;
		if (ps->tok.t == T_LBRACE)
			return parse_in_set(ps, c);
		c->op = SF_CMP_IN;
		c->value_off = ps->tok.off;
		ps->saw_tilde = 0;
		if (parse_value(ps, &c->value))
			return -1;
		c->value_tilde = (unsigned char)ps->saw_tilde;
		return sx_add(ps, c);
	}
	return fail(ps, ps->tok.off,
		    "expected a comparison ('==', '!=', '<', '<=', '>', '>=', '&' or 'in') after "
		    "the argument, found %s",
		    tok_name(ps->tok.t));
}

/* Is the text at ( the start of "(ARG & MASK) OP VALUE"? Not when the
 * parenthesis goes on after the mask: "(ARG & MASK || ...)" groups. */
static int paren_is_mask(struct parser *ps)
{
	struct parser look = *ps;
	struct sf_error scratch;
	wide v;

	look.err = &scratch;
	if (next(&look) || look.tok.t != T_IDENT)
		return 0;
	if (next(&look) || look.tok.t != T_AMP || next(&look))
		return 0;
	/* A bad mask is reported by the real parse. */
	return parse_value(&look, &v) != 0 || look.tok.t == T_RPAREN;
}

static int parse_unary(struct parser *ps)
{
	struct sx c;
	size_t off = ps->tok.off;
	int inner;

	if (ps->tok.t == T_NOT) {
		if (++ps->depth > MAX_NESTING)
			return fail(ps, off, "expression nested too deeply (over %d levels)",
				    MAX_NESTING);
		if (next(ps))
			return -1;
		inner = parse_unary(ps);
		ps->depth--;
		if (inner < 0)
			return -1;
		return sx_binary(ps, SX_NOT, inner, -1);
	}
	if (ps->tok.t == T_LPAREN) {
		if (++ps->depth > MAX_NESTING)
			return fail(ps, off, "expression nested too deeply (over %d levels)",
				    MAX_NESTING);
		if (paren_is_mask(ps)) {
			memset(&c, 0, sizeof(c));
			if (next(ps))
				return -1;
			c.arg_off = ps->tok.off;
			c.arg_len = ps->tok.len;
			if (next(ps) || next(ps))
				return -1;
			c.has_mask = 1;
			c.mask_off = ps->tok.off;
			ps->saw_tilde = 0;
			if (parse_value(ps, &c.mask) ||
			    expect(ps, T_RPAREN, "to close '(ARG & MASK'"))
				return -1;
			c.mask_tilde = (unsigned char)ps->saw_tilde;
			ps->depth--;
			return parse_comparison_rest(ps, &c);
		}
		if (next(ps))
			return -1;
		inner = parse_or(ps);
		if (inner < 0 || expect(ps, T_RPAREN, "to close '('"))
			return -1;
		ps->depth--;
		return inner;
	}
	if (ps->tok.t != T_IDENT) {
		if (ps->tok.t == T_NUM)
			return fail(ps, off,
				    "expected an argument name; a bare number is only an action "
				    "(1: allow, 0: deny) on its own");
		return fail(ps, off, "expected an argument name, found %s", tok_name(ps->tok.t));
	}
	memset(&c, 0, sizeof(c));
	c.arg_off = off;
	c.arg_len = ps->tok.len;
	if (next(ps))
		return -1;
	return parse_comparison_rest(ps, &c);
}

static int parse_and(struct parser *ps)
{
	int left = parse_unary(ps), right;

	while (left >= 0 && ps->tok.t == T_ANDAND) {
		if (next(ps))
			return -1;
		right = parse_unary(ps);
		if (right < 0)
			return -1;
		left = sx_binary(ps, SX_AND, left, right);
	}
	return left;
}

static int parse_or(struct parser *ps)
{
	int left = parse_and(ps), right;

	while (left >= 0 && ps->tok.t == T_OROR) {
		if (next(ps))
			return -1;
		right = parse_and(ps);
		if (right < 0)
			return -1;
		left = sx_binary(ps, SX_OR, left, right);
	}
	return left;
}

/* ---- actions ---- */

/* Other constants share errno's values (SIGKILL is 9, EPOLLIN 1): only
 * names spelt like errno names (E followed by a capital, not the epoll,
 * eventfd or exit families) may name an errno. */
static int is_errno_spelling(const char *name)
{
	return name[0] == 'E' &&
	       ((name[1] >= 'A' && name[1] <= 'Z') || (name[1] >= '0' && name[1] <= '9')) &&
	       strncmp(name, "EPOLL", 5) != 0 && strncmp(name, "EFD_", 4) != 0 &&
	       strncmp(name, "EXIT_", 5) != 0;
}

static int parse_errno_value(struct parser *ps, uint16_t *out)
{
	const struct sf_constant *c;
	size_t off = ps->tok.off;

	if (ps->tok.t == T_NUM) {
		if (ps->tok.num > 4095)
			return fail(ps, off, "errno values go up to 4095");
		*out = (uint16_t)ps->tok.num;
		return next(ps);
	}
	if (ps->tok.t == T_IDENT) {
		c = sf_constant_lookup(ps->src->text + off, ps->tok.len);
		if (c && c->value > 0 && c->value <= 4095 && sf_errno_name((int)c->value) &&
		    is_errno_spelling(c->name)) {
			*out = (uint16_t)c->value;
			return next(ps);
		}
		return fail(ps, off, "'%.*s' is not an errno name (like EPERM or ENOSYS)",
			    (int)ps->tok.len, ps->src->text + off);
	}
	return fail(ps, off, "expected an errno name or number");
}

/* The action the current token names, or -1 if it names none. */
static int action_kind(const struct parser *ps)
{
	if (ps->tok.t == T_NUM)
		return ps->tok.num == 1 ? SF_ACT_ALLOW : ps->tok.num == 0 ? SF_ACT_DENIAL : -1;
	if (ps->tok.t != T_IDENT)
		return -1;
	if (tok_is(ps, "allow"))
		return SF_ACT_ALLOW;
	if (tok_is(ps, "kill") || tok_is(ps, "kill-process"))
		return SF_ACT_KILL_PROCESS;
	if (tok_is(ps, "kill-thread"))
		return SF_ACT_KILL_THREAD;
	if (tok_is(ps, "trap"))
		return SF_ACT_TRAP;
	if (tok_is(ps, "log"))
		return SF_ACT_LOG;
	if (tok_is(ps, "user-notify"))
		return SF_ACT_USER_NOTIF;
	if (tok_is(ps, "errno") || tok_is(ps, "return"))
		return SF_ACT_ERRNO;
	if (tok_is(ps, "trace"))
		return SF_ACT_TRACE;
	return -1;
}

/* Returns 1 and fills *a if the body at the current token is an action
 * ending the statement, 0 if it is not an action (nothing consumed), -1 on
 * error. */
static int parse_action(struct parser *ps, struct sf_action *a, int alone)
{
	/* Where the body starts, to read it again as a condition. */
	enum tok save_t = ps->tok.t;
	size_t off = ps->tok.off, save_line_start = ps->line_start;
	int save_line = ps->line, kind = action_kind(ps);

	if (kind < 0) {
		if (!alone)
			return fail(ps, off,
				    "expected an action (allow, kill-process, kill-thread, trap, "
				    "log, errno N, trace N, user-notify)");
		return 0;
	}
	memset(a, 0, sizeof(*a));
	a->kind = (unsigned char)kind;
	if (next(ps))
		return -1;
	if (kind == SF_ACT_ERRNO) {
		if (at_end(ps))
			return fail(ps, ps->tok.off, "expected an errno name or number");
		if (parse_errno_value(ps, &a->data))
			return -1;
	} else if (kind == SF_ACT_TRACE) {
		if (ps->tok.t != T_NUM || ps->tok.num > 0xffff)
			return fail(ps, ps->tok.off, "expected a number 0..65535 after 'trace'");
		a->data = (uint16_t)ps->tok.num;
		if (next(ps))
			return -1;
	}
	if (at_end(ps))
		return 1;
	if (!alone)
		return fail(ps, ps->tok.off, "unexpected %s after the action", tok_name(ps->tok.t));
	/* "allow" followed by more text: not an action after all. Its
	 * token is read again from where it starts; next() counts a line
	 * only after a newline token, which it was not. */
	ps->pos = off;
	ps->tok.t = save_t;
	ps->line = save_line;
	ps->line_start = save_line_start;
	return next(ps) ? -1 : 0;
}

/* ---- resolving expressions against a syscall ---- */

struct target {
	int nr;
	const struct sf_syscall *sc; /* NULL for a syscall given by number */
	size_t name_off;
	const struct sf_group *group; /* reached through this group, or NULL */
};

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
			return fail(ps, c->arg_off, "argument index %d out of range (arg0..arg5)",
				    i);
		if (i >= nargs) {
			format_signature(tg->sc, sig, sizeof(sig));
			return fail(ps, c->arg_off, "%s takes %d argument%s: %s", tg->sc->name,
				    nargs, nargs == 1 ? "" : "s", sig);
		}
		*index = i;
	} else if (c->arg_len > 3 && memcmp(name, "arg", 3) == 0 && name[3] >= '0' &&
		   name[3] <= '9') {
		return fail(ps, c->arg_off, "argument index out of range (arg0..arg5)");
	} else {
		if (!tg->sc)
			return fail(ps, c->arg_off,
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
				return fail(ps, c->arg_off,
					    "unknown argument '%.*s' for %s; did you mean '%s'?",
					    (int)c->arg_len, name, sig, hint);
			return fail(ps, c->arg_off, "unknown argument '%.*s' for %s",
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

static int fit(struct parser *ps, wide v, size_t off, int type, int pattern,
	       const struct target *tg, const struct sx *c, uint64_t *out)
{
	int is64 = SF_ARGTYPE_IS_64(type);
	char b1[48], b2[48], b3[48];
	wide lo, hi;

	lit_range(type, pattern, &lo, &hi);
	if (v < lo || v > hi)
		return fail(ps, off,
			    "value %s out of range for argument '%.*s' of %s, compared as %s "
			    "%d-bit %s: %s..%s",
			    wide_text(v, b1, sizeof b1), (int)c->arg_len,
			    ps->src->text + c->arg_off, tg->sc ? tg->sc->name : "this syscall",
			    pattern			 ? "a"
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
	return next(&look) || parse_value(&look, out);
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

static int resolve(struct parser *ps, int sxi, const struct target *tg)
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
			acc = resolve(ps, cur, tg);
			while (acc >= 0 && depth > 0) {
				cur = chain[--depth];
				r = resolve(ps, ps->sx[cur].right, tg);
				if (r < 0)
					return -1;
				n.left = acc;
				n.right = r;
				acc = sf_policy_add_node(ps->p, &n);
				if (acc < 0)
					return fail(ps, s->arg_off, "out of memory");
			}
			return acc;
		}
	case SX_NOT:
		l = resolve(ps, s->left, tg);
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
			if (s->has_mask && fit(ps, m, s->mask_off, type, 1, tg, s, &n.mask))
				return -1;
			if (fit(ps, v, s->value_off, type, pattern, tg, s, &n.value))
				return -1;
		}
		break;
	}
	l = sf_policy_add_node(ps->p, &n);
	if (l < 0)
		return fail(ps, s->arg_off, "out of memory");
	return l;
}

/* ---- statements ---- */

static int add_file(struct sf_policy *p, const char *name)
{
	char **files;
	char *copy = strdup(name);

	if (!copy)
		return -1;
	if (p->nfiles == p->files_cap) {
		size_t cap = p->files_cap ? p->files_cap * 2 : 4;
		files = realloc(p->files, cap * sizeof(*files));
		if (!files) {
			free(copy);
			return -1;
		}
		p->files = files;
		p->files_cap = cap;
	}
	p->files[p->nfiles] = copy;
	return (int)p->nfiles++;
}

static const char *const *syscall_names(const struct sf_syscall_table *t, const char **buf)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		buf[i] = t->calls[i].name;
	return buf;
}

/* A syscall given by number. */
static int syscall_number(struct parser *ps, struct target *tg)
{
	if (ps->tok.num > 0xffffffffu)
		return fail(ps, ps->tok.off, "syscall number out of range");
	tg->nr = (int)(uint32_t)ps->tok.num;
	if ((uint32_t)tg->nr >= ps->arch->x32_first && (uint32_t)tg->nr < ps->arch->x32_end)
		return fail(ps, ps->tok.off,
			    "x32 syscall numbers are always killed; they cannot have rules");
	tg->sc = sf_syscall_by_nr(ps->arch->table, tg->nr);
	return next(ps);
}

/* The error for a name not in the table, with a suggestion. Out of
 * parse_syscall_name(), which runs for every rule. */
static __attribute__((noinline)) int unknown_syscall(struct parser *ps, const char *name,
						     size_t len)
{
	const struct sf_syscall_table *table = ps->arch->table;
	char buf[128];
	const char **names;
	const char *hint;

	if (len >= sizeof(buf))
		return fail(ps, ps->tok.off, "syscall name too long");
	memcpy(buf, name, len);
	buf[len] = '\0';
	hint = NULL;
	names = malloc(table->count * sizeof(*names));
	if (names)
		hint = sf_suggest(name, len, syscall_names(table, names), table->count);
	fail(ps, ps->tok.off, "unknown syscall '%s' on %s%s%s%s", buf, ps->arch->name,
	     hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
	free(names);
	return -1;
}

static int parse_syscall_name(struct parser *ps, struct target *tg)
{
	const char *name = ps->src->text + ps->tok.off;
	size_t len = ps->tok.len;

	tg->name_off = ps->tok.off;
	if (ps->tok.t == T_NUM)
		return syscall_number(ps, tg);
	if (ps->tok.t != T_IDENT)
		return fail(ps, ps->tok.off, "expected a syscall name, found %s",
			    tok_name(ps->tok.t));
	if (len > 4 && memcmp(name, "sys_", 4) == 0) {
		name += 4;
		len -= 4;
	}
	tg->sc = sf_syscall_by_name_len(ps->arch->table, name, len);
	if (!tg->sc)
		return unknown_syscall(ps, name, len);
	tg->nr = tg->sc->nr;
	return next(ps);
}

/* @NAME in a list of syscalls: adds the group's members on this arch to
 * targets[*n..]. A member already in the list is kept once, as written
 * explicitly if it was. */
static int parse_group_targets(struct parser *ps, struct target *targets, size_t *n)
{
	const struct sf_syscall_table *table = ps->arch->table;
	const struct sf_group *g;
	unsigned char *seen;
	size_t off = ps->tok.off, k, i;

	if (next(ps))
		return -1;
	if (ps->tok.t != T_IDENT)
		return fail(ps, ps->tok.off,
			    "expected a group name after '@' (see sf-run --groups)");
	g = sf_group_lookup(ps->src->text + ps->tok.off, ps->tok.len);
	if (!g) {
		const char *names[128], *hint;
		size_t count = 0;
		while (count < 128 &&
		       (names[count] = sf_group_at(count) ? sf_group_at(count)->name : NULL))
			count++;
		hint = sf_suggest(ps->src->text + ps->tok.off, ps->tok.len, names, count);
		return fail(ps, ps->tok.off,
			    "unknown syscall group '@%.*s'%s%s%s (see sf-run --groups)",
			    (int)ps->tok.len, ps->src->text + ps->tok.off,
			    hint ? "; did you mean '@" : "", hint ? hint : "", hint ? "'?" : "");
	}
	seen = calloc(table->count ? table->count : 1, 1);
	if (!seen)
		return fail(ps, off, "out of memory");
	sf_group_expand(g, table, seen);
	for (k = 0; k < table->count; k++) {
		if (!seen[k])
			continue;
		for (i = 0; i < *n; i++)
			if (targets[i].nr == table->calls[k].nr)
				break;
		if (i < *n)
			continue;
		if (*n == MAX_NAMES_PER_RULE) {
			free(seen);
			return fail(ps, off, "too many syscalls in one rule");
		}
		targets[*n].nr = table->calls[k].nr;
		targets[*n].sc = &table->calls[k];
		targets[*n].name_off = off;
		targets[*n].group = g;
		(*n)++;
	}
	free(seen);
	return next(ps);
}

static int same_rule(const struct sf_policy *p, const struct sf_rule *a, const struct sf_rule *b)
{
	(void)p;
	return a->expr < 0 && b->expr < 0 && a->on_true.kind == b->on_true.kind &&
	       a->on_true.data == b->on_true.data;
}

static int add_rule(struct parser *ps, const struct target *tg, int expr, struct sf_action on_true,
		    struct sf_action on_false)
{
	struct sf_rule r, *old;
	int added;

	memset(&r, 0, sizeof(r));
	r.nr = tg->nr;
	r.expr = expr;
	r.on_true = on_true;
	r.on_false = on_false;
	r.file = ps->src->file;
	line_col(ps, tg->name_off, &r.line, &r.col);
	r.via_group = tg->group != NULL;
	old = sf_policy_add_new_rule(ps->p, &r, &added);
	if (!old)
		return fail(ps, tg->name_off, "out of memory");
	if (added)
		return 0;
	/* A syscall reached only through a group gives way to a rule that
	 * names it; two groups reaching it must agree. */
	if (tg->group && !old->via_group)
		return 0;
	if (!tg->group && old->via_group) {
		*old = r;
		return 0;
	}
	if (tg->group && old->via_group) {
		if (same_rule(ps->p, old, &r))
			return 0;
		return fail(ps, tg->name_off,
			    "%s is in @%s here and in a group at %s:%d, with a different action; "
			    "give %s a rule of its own to decide",
			    tg->sc->name, tg->group->name, ps->p->files[old->file], old->line,
			    tg->sc->name);
	}
	if (tg->sc)
		return fail(ps, tg->name_off, "%s given twice: first at %s:%d", tg->sc->name,
			    ps->p->files[old->file], old->line);
	return fail(ps, tg->name_off, "syscall %d given twice: first at %s:%d", tg->nr,
		    ps->p->files[old->file], old->line);
}

static int parse_rule(struct parser *ps)
{
	struct target targets[MAX_NAMES_PER_RULE];
	struct sf_action action, allow = {SF_ACT_ALLOW, 0}, denial = {SF_ACT_DENIAL, 0};
	size_t n = 0, i;
	int braced = 0, root = -1, r, expr;

	if (ps->tok.t == T_LBRACE) {
		braced = 1;
		if (next(ps))
			return -1;
	}
	for (;;) {
		if (n == MAX_NAMES_PER_RULE)
			return fail(ps, ps->tok.off, "too many syscalls in one rule");
		if (ps->tok.t == T_AT) {
			if (parse_group_targets(ps, targets, &n))
				return -1;
		} else {
			if (parse_syscall_name(ps, &targets[n]))
				return -1;
			targets[n].group = NULL;
			for (i = 0; i < n; i++)
				if (targets[i].nr == targets[n].nr && !targets[i].group)
					return fail(ps, targets[n].name_off,
						    "syscall listed twice in the same rule");
			/* Named here and reached through a group: as named. */
			for (i = 0; i < n; i++)
				if (targets[i].nr == targets[n].nr)
					break;
			if (i < n)
				targets[i] = targets[n];
			else
				n++;
		}
		if (ps->tok.t != T_COMMA)
			break;
		if (next(ps))
			return -1;
	}
	if (braced && expect(ps, T_RBRACE, "to close the list of syscalls"))
		return -1;
	if (expect(ps, T_COLON, "after the syscall name"))
		return -1;
	if (at_end(ps))
		return fail(ps, ps->tok.off,
			    "expected a condition or an action after ':' (1 allows, 0 denies)");

	r = parse_action(ps, &action, 1);
	if (r < 0)
		return -1;
	if (r == 0) {
		ps->nsx = 0;
		root = parse_or(ps);
		if (root < 0)
			return -1;
		action = denial;
		if (ps->tok.t == T_SEMI) {
			if (next(ps) || parse_action(ps, &action, 0) < 0)
				return -1;
		}
		if (expect_end(ps, "the condition"))
			return -1;
	}
	for (i = 0; i < n; i++) {
		if (root < 0) {
			if (add_rule(ps, &targets[i], -1, action, action))
				return -1;
			continue;
		}
		ps->saw_dual = 0;
		expr = resolve(ps, root, &targets[i]);
		if (expr >= 0 && ps->saw_dual) {
			/* Allowed only if it holds both for the 64-bit value
			 * and for its low 32 bits (SF_ARGF_DUAL). */
			struct sf_node and = {.kind = SF_NODE_AND, .left = expr, .right = -1};

			ps->read32 = 1;
			and.right = resolve(ps, root, &targets[i]);
			ps->read32 = 0;
			expr = and.right < 0 ? -1 : sf_policy_add_node(ps->p, &and);
		}
		if (expr < 0 || add_rule(ps, &targets[i], expr, allow, action))
			return -1;
	}
	return 0;
}

static int read_rest_of_line(struct parser *ps, char *buf, size_t size, const char *what)
{
	const char *t = ps->src->text;
	size_t start, end;

	start = ps->pos;
	while (start < ps->src->len && (t[start] == ' ' || t[start] == '\t'))
		start++;
	end = start;
	while (end < ps->src->len && t[end] != '\n' && t[end] != '#')
		end++;
	ps->pos = end;
	while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\r'))
		end--;
	if (end == start)
		return fail(ps, start, "expected a path after %s", what);
	if (end - start >= size)
		return fail(ps, start, "path too long");
	if (memchr(t + start, '\0', end - start))
		return fail(ps, start, "NUL byte in path");
	memcpy(buf, t + start, end - start);
	buf[end - start] = '\0';
	return (int)start;
}

/* Resolves path relative to the directory of the including source. */
static int relative_path(const struct source *src, const char *path, char *out, size_t size)
{
	const char *slash;
	int n;

	if (path[0] == '/' || src->ino == 0 || !(slash = strrchr(src->name, '/')))
		n = snprintf(out, size, "%s", path);
	else
		n = snprintf(out, size, "%.*s/%s", (int)(slash - src->name), src->name, path);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int read_file(const char *path, char **text, size_t *len, dev_t *dev, ino_t *ino,
		     struct sf_error *err)
{
	struct stat st;
	ssize_t got;
	size_t have = 0;
	char *buf;
	int fd;

	/* O_NONBLOCK: a FIFO without a writer must not hang the sandbox. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		sf_error_set(err, "%s: error: cannot open policy: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		sf_error_set(err, "%s: error: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > MAX_POLICY_BYTES) {
		sf_error_set(err, "%s: error: policy larger than %u bytes", path, MAX_POLICY_BYTES);
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		sf_error_set(err, "%s: error: out of memory", path);
		close(fd);
		return -1;
	}
	while (have < (size_t)st.st_size) {
		got = read(fd, buf + have, (size_t)st.st_size - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		have += (size_t)got;
	}
	if (have != (size_t)st.st_size) {
		sf_error_set(err, "%s: error: cannot read policy: %s", path,
			     have < (size_t)st.st_size ? "short read" : strerror(errno));
		free(buf);
		close(fd);
		return -1;
	}
	close(fd);
	buf[have] = '\0';
	*text = buf;
	*len = have;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 0;
}

static int parse_include(struct parser *ps, const char *path, size_t off)
{
	struct source inc;
	const struct source *s;
	char resolved[PATH_MAX];
	char *text;
	int r;

	if (relative_path(ps->src, path, resolved, sizeof(resolved)))
		return fail(ps, off, "include path too long");
	if (ps->src->depth + 1 > MAX_INCLUDE_DEPTH)
		return fail(ps, off, "includes nested deeper than %d", MAX_INCLUDE_DEPTH);
	memset(&inc, 0, sizeof(inc));
	if (read_file(resolved, &text, &inc.len, &inc.dev, &inc.ino, ps->err)) {
		char why[sizeof(ps->err->msg)];
		snprintf(why, sizeof(why), "%s", ps->err->msg);
		return fail(ps, off, "cannot include: %s", why);
	}
	for (s = ps->src; s; s = s->parent) {
		if (s->ino == inc.ino && s->dev == inc.dev) {
			free(text);
			return fail(ps, off, "include cycle: '%s' is already being read", resolved);
		}
	}
	inc.name = resolved;
	inc.text = text;
	inc.depth = ps->src->depth + 1;
	inc.parent = ps->src;
	inc.file = add_file(ps->p, resolved);
	if (inc.file < 0) {
		free(text);
		return fail(ps, off, "out of memory");
	}
	inc.name = ps->p->files[inc.file];
	r = parse_source(ps->p, &inc, ps->err);
	free(text);
	return r;
}

static int add_freq(struct sf_policy *p, int nr, uint64_t count)
{
	struct sf_freq *n;

	if (p->nfreq == p->freq_cap) {
		size_t cap = p->freq_cap ? p->freq_cap * 2 : 64;
		n = realloc(p->freq, cap * sizeof(*n));
		if (!n)
			return -1;
		p->freq = n;
		p->freq_cap = cap;
	}
	p->freq[p->nfreq].nr = nr;
	p->freq[p->nfreq].count = count;
	p->nfreq++;
	return 0;
}

/* minijail's frequency files: "name: count" per line. */
static int parse_frequency(struct parser *ps, const char *path, size_t off)
{
	struct source fs;
	struct parser fp;
	struct target tg;
	char resolved[PATH_MAX];
	char *text;
	int r = -1;

	if (relative_path(ps->src, path, resolved, sizeof(resolved)))
		return fail(ps, off, "path too long");
	memset(&fs, 0, sizeof(fs));
	if (read_file(resolved, &text, &fs.len, &fs.dev, &fs.ino, ps->err)) {
		char why[sizeof(ps->err->msg)];
		snprintf(why, sizeof(why), "%s", ps->err->msg);
		return fail(ps, off, "cannot read frequency file: %s", why);
	}
	fs.name = resolved;
	fs.text = text;
	parser_init(&fp, ps->p, &fs, ps->err);
	if (next(&fp))
		goto out;
	while (fp.tok.t != T_EOF) {
		if (fp.tok.t == T_EOL) {
			if (next(&fp))
				goto out;
			continue;
		}
		if (parse_syscall_name(&fp, &tg) || expect(&fp, T_COLON, "after the syscall name"))
			goto out;
		if (fp.tok.t != T_NUM) {
			fail(&fp, fp.tok.off, "expected a count");
			goto out;
		}
		if (add_freq(ps->p, tg.nr, (uint64_t)fp.tok.num)) {
			fail(&fp, fp.tok.off, "out of memory");
			goto out;
		}
		if (next(&fp) || expect_end(&fp, "the count"))
			goto out;
	}
	r = 0;
out:
	free(text);
	return r;
}

static int parse_default(struct parser *ps, size_t off)
{
	struct sf_action a;

	if (ps->p->default_set)
		return fail(ps, off, "default given twice: first at %s:%d",
			    ps->p->files[ps->p->default_file], ps->p->default_line);
	if (parse_action(ps, &a, 0) < 0)
		return -1;
	if (a.kind == SF_ACT_DENIAL)
		return fail(ps, off, "'default: 0' is circular; write 'default: kill-process'");
	ps->p->default_action = a;
	ps->p->default_set = 1;
	ps->p->default_file = ps->src->file;
	ps->p->default_line = line_of(ps, off);
	return 0;
}

/* default-unknown: ACTION */
static int parse_default_unknown(struct parser *ps, size_t off)
{
	struct sf_action a;

	if (ps->p->unknown_set)
		return fail(ps, off, "default-unknown given twice: first at %s:%d",
			    ps->p->files[ps->p->unknown_file], ps->p->unknown_line);
	if (parse_action(ps, &a, 0) < 0)
		return -1;
	ps->p->unknown_action = a;
	ps->p->unknown_set = 1;
	ps->p->unknown_file = ps->src->file;
	ps->p->unknown_line = line_of(ps, off);
	return 0;
}

/* Is the statement at '@' a rule for a group ("@network-io: ...",
 * "@clock, read: 1")? @include, @frequency, @default and
 * @default-unknown stay directives; systemd's @default group is reached
 * as "{@default}: ..." or later in a list. */
static int at_is_group_rule(struct parser *ps)
{
	struct parser look = *ps;
	struct sf_error scratch;

	look.err = &scratch;
	if (next(&look) || look.tok.t != T_IDENT)
		return 0;
	if (tok_is(&look, "include") || tok_is(&look, "frequency") || tok_is(&look, "default") ||
	    tok_is(&look, "default-unknown"))
		return 0;
	if (sf_group_lookup(look.src->text + look.tok.off, look.tok.len))
		return 1;
	/* A misspelt group: let the rule parser suggest the right one. */
	return next(&look) == 0 && (look.tok.t == T_COLON || look.tok.t == T_COMMA);
}

static int parse_directive(struct parser *ps)
{
	char path[PATH_MAX];
	size_t off = ps->tok.off;
	int start;

	if (next(ps))
		return -1;
	if (tok_is(ps, "include") || tok_is(ps, "frequency")) {
		int include = tok_is(ps, "include");
		start =
		    read_rest_of_line(ps, path, sizeof(path), include ? "@include" : "@frequency");
		if (start < 0)
			return -1;
		if (include ? parse_include(ps, path, (size_t)start)
			    : parse_frequency(ps, path, (size_t)start))
			return -1;
		return next(ps);
	}
	if (tok_is(ps, "default") || tok_is(ps, "default-unknown")) {
		int unknown = tok_is(ps, "default-unknown");
		if (next(ps))
			return -1;
		if (ps->tok.t == T_COLON && next(ps))
			return -1;
		return unknown ? parse_default_unknown(ps, off) : parse_default(ps, off);
	}
	return fail(ps, ps->tok.off,
		    "unknown directive or group; expected @include, @frequency, @default, "
		    "@default-unknown or a group (see sf-run --groups)");
}

static int parse_statement(struct parser *ps)
{
	size_t off = ps->tok.off;

	if (ps->tok.t == T_AT)
		return at_is_group_rule(ps) ? parse_rule(ps) : parse_directive(ps);
	if (tok_is(ps, "default-unknown")) {
		if (next(ps) || expect(ps, T_COLON, "after 'default-unknown'"))
			return -1;
		return parse_default_unknown(ps, off);
	}
	if (tok_is(ps, "default")) {
		if (next(ps) || expect(ps, T_COLON, "after 'default'"))
			return -1;
		return parse_default(ps, off);
	}
	if (tok_is(ps, "on_next_syscall")) {
		if (next(ps) || expect(ps, T_COLON, "after 'on_next_syscall'"))
			return -1;
		if (ps->tok.t != T_NUM || ps->tok.num != 1)
			return fail(
			    ps, ps->tok.off,
			    "on_next_syscall takes 1 (sf always starts enforcing after exec)");
		if (next(ps))
			return -1;
		return expect_end(ps, "on_next_syscall: 1");
	}
	return parse_rule(ps);
}

static int parse_source(struct sf_policy *p, const struct source *src, struct sf_error *err)
{
	struct parser ps;
	int r = 0;

	parser_init(&ps, p, src, err);
	if (next(&ps))
		return -1;
	while (ps.tok.t != T_EOF) {
		if (ps.tok.t == T_EOL) {
			if (next(&ps)) {
				r = -1;
				break;
			}
			continue;
		}
		ps.depth = 0;
		if (parse_statement(&ps) || (!at_end(&ps) && expect_end(&ps, "the statement")) ||
		    next(&ps)) {
			r = -1;
			break;
		}
	}
	free(ps.sx);
	return r;
}

#define RESERVE_MAX 4096 /* rules reserved ahead at most */

static size_t lines_in(const char *text, size_t len, size_t most)
{
	const char *end = text + len, *nl;
	size_t n = 1;

	while (n < most && (nl = memchr(text, '\n', (size_t)(end - text)))) {
		text = nl + 1;
		n++;
	}
	return n;
}

static int parse_named(struct sf_policy *p, const char *name, const char *text, size_t len,
		       dev_t dev, ino_t ino, struct sf_error *err)
{
	struct source src;

	memset(&src, 0, sizeof(src));
	src.file = add_file(p, name);
	if (src.file < 0) {
		sf_error_set(err, "%s: error: out of memory", name);
		return -1;
	}
	/* About a rule per line: growing the tables rule by rule would copy
	 * them over and over, at every exec in the shim. */
	if (sf_policy_reserve(p, lines_in(text, len, RESERVE_MAX))) {
		sf_error_set(err, "%s: error: out of memory", name);
		return -1;
	}
	src.name = p->files[src.file];
	src.text = text;
	src.len = len;
	src.dev = dev;
	src.ino = ino;
	return parse_source(p, &src, err);
}

int sf_parse_text(struct sf_policy *p, const char *name, const char *text, size_t len,
		  struct sf_error *err)
{
	/* Messages quote the line of an error up to its end or a NUL
	 * (sf_error_at): read a copy that has one after the text. */
	char *copy = malloc(len + 1);
	int r;

	if (!copy) {
		sf_error_set(err, "%s: error: out of memory", name);
		sf_policy_free(p);
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	r = parse_named(p, name, copy, len, 0, 0, err);
	free(copy);
	if (r) {
		sf_policy_free(p);
		return -1;
	}
	return 0;
}

int sf_parse_file(struct sf_policy *p, const char *path, struct sf_error *err)
{
	char *text;
	size_t len;
	dev_t dev;
	ino_t ino;
	int r;

	if (!path[0]) {
		sf_error_set(err, "error: empty policy file name");
		sf_policy_free(p);
		return -1;
	}
	if (read_file(path, &text, &len, &dev, &ino, err)) {
		sf_policy_free(p);
		return -1;
	}
	r = parse_named(p, path, text, len, dev, ino, err);
	free(text);
	if (r)
		sf_policy_free(p);
	return r;
}

static void resolve_denial(struct sf_action *a, struct sf_action denial)
{
	if (a->kind == SF_ACT_DENIAL)
		*a = denial;
}

int sf_parse_finish(struct sf_policy *p, struct sf_error *err)
{
	struct sf_action denial;
	size_t i;

	if (p->nrules == 0 && !p->default_set) {
		sf_error_set(err, "%s: error: the policy is empty (no rules and no default)",
			     p->nfiles ? p->files[0] : "policy");
		sf_policy_free(p);
		return -1;
	}
	denial = sf_policy_denial(p);
	for (i = 0; i < p->nrules; i++) {
		resolve_denial(&p->rules[i].on_true, denial);
		resolve_denial(&p->rules[i].on_false, denial);
	}
	resolve_denial(&p->unknown_action, denial);
	return 0;
}
