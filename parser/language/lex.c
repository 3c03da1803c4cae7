/* The policy language's lexer, and where an offset is in the text (for
 * errors that say file:line:col). It runs in every sandboxed process the
 * shim starts, before main: it reads a byte at a time through a class
 * table, with the text's NUL as its sentinel. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parse_int.h"

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

__attribute__((format(printf, 3, 4))) int sf_ps_fail(struct parser *ps, size_t off, const char *fmt,
						     ...)
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
void sf_ps_line_col(struct parser *ps, size_t off, int *line, int *col)
{
	const char *start;

	if (off >= ps->line_start) {
		*line = ps->line;
		*col = (int)(off - ps->line_start) + 1;
		return;
	}
	locate(ps, off, line, col, &start);
}

int sf_ps_line_of(struct parser *ps, size_t off)
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

int sf_ps_digit_value(int c)
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
		d = (unsigned)sf_ps_digit_value(t[i]);
		if (d >= base)
			return sf_ps_fail(ps, ps->pos, "invalid digit '%c' in %s number", t[i],
					  base == 16  ? "hexadecimal"
					  : base == 8 ? "octal"
						      : "decimal");
		if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
			return sf_ps_fail(ps, ps->pos, "number does not fit in 64 bits");
		any = 1;
	}
	if (!any)
		return sf_ps_fail(ps, ps->pos, "hexadecimal number without digits");
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
 * out of sf_ps_next() so that the common path stays small. */
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
			return sf_ps_fail(ps, i, "NUL byte in policy text");
		n = utf8_len((const unsigned char *)t, i, end);
		if (!n)
			return sf_ps_fail(ps, i, "invalid UTF-8 in a comment");
		i += n;
	}
}

/* Why the byte at text[i] starts no token. */
static __attribute__((noinline)) int bad_char(struct parser *ps, size_t i)
{
	const char *t = ps->src->text;
	unsigned char c = (unsigned char)t[i];

	if (c == '=')
		return sf_ps_fail(ps, i, "'=' is not an operator; did you mean '=='?");
	if (c == '\r')
		return sf_ps_fail(ps, i,
				  "carriage return: the policy has Windows (CRLF) line endings; "
				  "convert it with dos2unix");
	if (c == '\0')
		return sf_ps_fail(ps, i, "NUL byte in policy text");
	if (c >= 0x80 && !utf8_len((const unsigned char *)t, i, ps->src->len))
		return sf_ps_fail(ps, i, "invalid UTF-8");
	/* Control characters by number: the message goes to a terminal. */
	if (c < 0x20 || c == 0x7f)
		return sf_ps_fail(ps, i, "unexpected control character \\x%02x", (unsigned)c);
	return sf_ps_fail(ps, i, "unexpected character '%s%c'", c >= 0x80 ? "\\x" : "",
			  c >= 0x80 ? '?' : c);
}

/* Blanks, comments and continued lines from text[i], where a comment or
 * a backslash starts: returns where the next token starts, or -1 on an
 * error. Out of sf_ps_next(): most tokens follow a space or nothing. */
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

/* Every source's text has a NUL at text[len] (sf_ps_read_file, sf_parse_text):
 * the scans below stop there without a bounds check of their own. The
 * common tokens (a name, a lone digit, ':', a newline) take the short
 * way; everything else is out of line. */
int sf_ps_next(struct parser *ps)
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
			return sf_ps_fail(ps, j, "NUL byte in policy text");
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

int sf_ps_tok_is(const struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	return ps->tok.t == T_IDENT && ps->tok.len == n &&
	       memcmp(ps->src->text + ps->tok.off, word, n) == 0;
}

int sf_ps_at_end(const struct parser *ps)
{
	return ps->tok.t == T_EOL || ps->tok.t == T_EOF;
}

const char *sf_ps_tok_name(enum tok t)
{
	static const char *const names[] = {
	    "end of line", "end of file", "name", "number", "':'", "';'",  "','",  "'{'", "'}'",
	    "'('",	   "')'",	  "'||'", "'&&'",   "'!'", "'=='", "'!='", "'<'", "'<='",
	    "'>'",	   "'>='",	  "'&'",  "'|'",    "'~'", "'-'",  "'@'",
	};
	return names[t];
}

int sf_ps_expect(struct parser *ps, enum tok t, const char *context)
{
	if (ps->tok.t != t)
		return sf_ps_fail(ps, ps->tok.off, "expected %s %s, found %s", sf_ps_tok_name(t),
				  context, sf_ps_tok_name(ps->tok.t));
	return sf_ps_next(ps);
}

int sf_ps_nest(struct parser *ps)
{
	if (++ps->depth > MAX_NESTING)
		return sf_ps_fail(ps, ps->tok.off, "expression nested too deeply (over %d levels)",
				  MAX_NESTING);
	return 0;
}

int sf_ps_expect_end(struct parser *ps, const char *context)
{
	if (!sf_ps_at_end(ps))
		return sf_ps_fail(ps, ps->tok.off, "unexpected %s after %s",
				  sf_ps_tok_name(ps->tok.t), context);
	return 0;
}
