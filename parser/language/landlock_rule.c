/* Path, port and scope rules, and `landlock:` (Landlock's part of a policy):
 *
 *	path /usr, "/srv/my files": read execute
 *	connect tcp: 443, 8080
 *	bind tcp: 8080
 *	scope: signal, abstract-unix
 *	landlock: strict
 *	@loader
 *
 * Paths are read byte by byte, not by the lexer: they hold '/', '.' and
 * '-', which are no tokens. A path with blanks, ',', ':', '#', '"' or '\'
 * is double-quoted, with C's escapes. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"
#include "pathgroups.h"

#define RIGHTS_LIST "read, write, execute, create, remove, refer or ioctl"

/* Whether the statement at the current token is one of ours: `path`,
 * `scope`, `landlock` followed by ':' or a path, or `connect`/`bind`
 * followed by a word (`connect: expr` stays the syscall rule). */
int sf_ps_is_landlock_statement(struct parser *ps)
{
	const char *t = ps->src->text;
	size_t i = ps->pos;

	if (ps->tok.t != T_IDENT)
		return 0;
	if (sf_ps_tok_is(ps, "path") || sf_ps_tok_is(ps, "scope") || sf_ps_tok_is(ps, "landlock"))
		return 1;
	if (!sf_ps_tok_is(ps, "connect") && !sf_ps_tok_is(ps, "bind"))
		return 0;
	while (t[i] == ' ' || t[i] == '\t')
		i++;
	return (t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z');
}

/* Blanks and continued lines from text[i]; counts the lines as the
 * lexer does. */
static size_t skip_blanks(struct parser *ps, size_t i)
{
	const char *t = ps->src->text;

	for (;;) {
		while (t[i] == ' ' || t[i] == '\t')
			i++;
		if (t[i] != '\\' || t[i + 1] != '\n')
			return i;
		i += 2;
		ps->line++;
		ps->line_start = i;
	}
}

/* One escape after the backslash at text[*i]: its byte in *out. */
static int unescape(struct parser *ps, size_t *i, char *out)
{
	const char *t = ps->src->text;
	size_t at = *i;
	unsigned v = 0;
	int k, d;

	switch (t[at + 1]) {
	case '\\':
	case '"':
	case '\'':
		*out = t[at + 1];
		*i = at + 2;
		return 0;
	case 'n':
		*out = '\n';
		*i = at + 2;
		return 0;
	case 't':
		*out = '\t';
		*i = at + 2;
		return 0;
	case 'r':
		*out = '\r';
		*i = at + 2;
		return 0;
	case 'x':
		for (k = 0; k < 2 && (d = sf_ps_digit_value(t[at + 2 + k])) < 16; k++)
			v = v * 16 + (unsigned)d;
		if (k == 0)
			return sf_ps_fail(ps, at, "'\\x' without hexadecimal digits");
		*i = at + 2 + (size_t)k;
		break;
	default:
		if (t[at + 1] < '0' || t[at + 1] > '7')
			return sf_ps_fail(ps, at,
					  "unknown escape '\\%c' in a path (\\\\, \\\", \\n, \\t, "
					  "\\r, \\xHH, \\OOO)",
					  t[at + 1] >= 0x20 && t[at + 1] < 0x7f ? t[at + 1] : '?');
		for (k = 0; k < 3 && t[at + 1 + k] >= '0' && t[at + 1 + k] <= '7'; k++)
			v = v * 8 + (unsigned)(t[at + 1 + k] - '0');
		if (v > 0xff)
			return sf_ps_fail(ps, at, "octal escape above \\377");
		*i = at + 1 + (size_t)k;
	}
	if (v == 0)
		return sf_ps_fail(ps, at, "a path cannot hold a NUL byte");
	*out = (char)v;
	return 0;
}

/* Whether c ends a path that is not quoted. */
static int ends_bare_path(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
	       c == ':' || c == '#';
}

/* One path at text[*i], quoted or not, into buf. */
static int read_path(struct parser *ps, size_t *i, char *buf, size_t size)
{
	const char *t = ps->src->text;
	size_t start = *i, j = *i, n = 0;
	int quoted = t[j] == '"';

	if (quoted)
		j++;
	for (;;) {
		unsigned char c = (unsigned char)t[j];
		char out = (char)c;

		if (quoted ? c == '"' : ends_bare_path((char)c) || (c == '\\' && t[j + 1] == '\n'))
			break;
		if (c == '\0' && j < ps->src->len)
			return sf_ps_fail(ps, j, "NUL byte in policy text");
		if (quoted && (c == '\n' || c == '\0'))
			return sf_ps_fail(ps, start,
					  "unterminated quoted path (a '\"' is missing)");
		if (c < 0x20 || c == 0x7f)
			return sf_ps_fail(ps, j,
					  "control character \\x%02x in a path; quote it and "
					  "write it as an escape",
					  c);
		if (!quoted && (c == '"' || c == '\\'))
			return sf_ps_fail(ps, j,
					  "'%c' inside a path: quote the whole path (\"...\") and "
					  "escape it",
					  c);
		if (quoted && c == '\\') {
			if (unescape(ps, &j, &out))
				return -1;
		} else {
			j++;
		}
		if (n + 1 >= size)
			return sf_ps_fail(ps, start, "path longer than %zu bytes", size - 1);
		buf[n++] = out;
	}
	if (quoted)
		j++;
	buf[n] = '\0';
	if (n == 0)
		return sf_ps_fail(ps, start,
				  quoted ? "empty path"
					 : "expected a path (a quoted path if it has "
					   "blanks, ',', ':' or '#')");
	*i = j;
	return 0;
}

/* The word at the current token among words (a NULL-ended list); its
 * bits, or an error naming what was expected and the likeliest word. */
static int read_word(struct parser *ps, const struct sf_ll_word *words, const char *what,
		     const char *list, uint64_t *bits)
{
	const char *names[16], *hint;
	size_t n = 0;

	if (ps->tok.t != T_IDENT)
		return sf_ps_fail(ps, ps->tok.off, "expected %s (%s), found %s", what, list,
				  sf_ps_tok_name(ps->tok.t));
	for (const struct sf_ll_word *w = words; w->name; w++) {
		if (sf_ps_tok_is(ps, w->name)) {
			*bits |= w->bits;
			return sf_ps_next(ps);
		}
		names[n++] = w->name;
	}
	hint = sf_suggest(ps->src->text + ps->tok.off, ps->tok.len, names, n);
	if (hint)
		return sf_ps_fail(ps, ps->tok.off, "unknown %s '%.*s'; did you mean '%s'?", what,
				  (int)ps->tok.len, ps->src->text + ps->tok.off, hint);
	return sf_ps_fail(ps, ps->tok.off, "unknown %s '%.*s' (%s)", what, (int)ps->tok.len,
			  ps->src->text + ps->tok.off, list);
}

/* Words to the end of the statement, blank- or comma-separated. */
static int read_words(struct parser *ps, const struct sf_ll_word *words, const char *what,
		      const char *list, uint64_t *bits)
{
	if (sf_ps_at_end(ps))
		return sf_ps_fail(ps, ps->tok.off, "expected a %s after ':' (%s)", what, list);
	while (!sf_ps_at_end(ps)) {
		if (read_word(ps, words, what, list, bits))
			return -1;
		if (ps->tok.t == T_COMMA && sf_ps_next(ps))
			return -1;
	}
	return 0;
}

struct pending_path {
	size_t off;
	char *path;
};

/* path P[, P...]: RIGHTS */
static int parse_path_rule(struct parser *ps)
{
	const char *t = ps->src->text;
	struct pending_path list[64];
	char buf[PATH_MAX];
	uint64_t access = 0;
	size_t n = 0, i = skip_blanks(ps, ps->pos);
	int r = -1;

	for (;;) {
		if (t[i] == ':' || t[i] == '\n' || t[i] == '#' || t[i] == '\0' || t[i] == ',') {
			sf_ps_fail(ps, i,
				   n ? "expected a path after ','"
				     : "expected a path after 'path'");
			goto out;
		}
		if (n == sizeof list / sizeof list[0]) {
			sf_ps_fail(ps, i,
				   "more than %zu paths in one rule; write another 'path' rule",
				   sizeof list / sizeof list[0]);
			goto out;
		}
		list[n].off = i;
		if (read_path(ps, &i, buf, sizeof buf))
			goto out;
		list[n].path = strdup(buf);
		if (!list[n].path) {
			sf_ps_fail(ps, list[n].off, "out of memory");
			goto out;
		}
		n++;
		i = skip_blanks(ps, i);
		if (t[i] == ':')
			break;
		if (t[i] != ',') {
			sf_ps_fail(
			    ps, i,
			    t[i] == '\n' || t[i] == '\0' || t[i] == '#'
				? "expected ':' and rights after the path (path P: read)"
				: "expected ',' or ':' after a path (a path with blanks, ',', "
				  "':' or '#' is double-quoted)");
			goto out;
		}
		i = skip_blanks(ps, i + 1);
	}
	ps->pos = i + 1;
	if (sf_ps_next(ps) || read_words(ps, sf_ll_rights, "right", RIGHTS_LIST, &access))
		goto out;
	for (size_t k = 0; k < n; k++) {
		int line, col;

		sf_ps_line_col(ps, list[k].off, &line, &col);
		if (sf_landlock_add_path(&ps->p->landlock, list[k].path, access, ps->src->file,
					 line, col, 0)) {
			sf_ps_fail(ps, list[k].off, "out of memory");
			goto out;
		}
	}
	r = 0;
out:
	for (size_t k = 0; k < n; k++)
		free(list[k].path);
	return r;
}

/* connect tcp: PORT[, PORT...] and bind tcp: ... */
static int parse_port_rule(struct parser *ps)
{
	int bind = sf_ps_tok_is(ps, "bind");
	const char *verb = bind ? "bind" : "connect";

	if (sf_ps_next(ps))
		return -1;
	if (!sf_ps_tok_is(ps, "tcp"))
		return sf_ps_fail(ps, ps->tok.off,
				  "Landlock restricts TCP ports only: '%s tcp: PORT'%s", verb,
				  sf_ps_tok_is(ps, "udp") ? " (UDP cannot be restricted by port; "
							    "see docs/limits.md)"
							  : "");
	if (sf_ps_next(ps) || sf_ps_expect(ps, T_COLON, "after 'tcp'"))
		return -1;
	if (sf_ps_at_end(ps))
		return sf_ps_fail(ps, ps->tok.off, "expected a port number after ':'");
	while (!sf_ps_at_end(ps)) {
		if (ps->tok.t != T_NUM)
			return sf_ps_fail(ps, ps->tok.off, "expected a port number, found %s",
					  sf_ps_tok_name(ps->tok.t));
		if (ps->tok.num > 65535)
			return sf_ps_fail(ps, ps->tok.off, "port out of range (0 to 65535)");
		if (sf_landlock_add_port(&ps->p->landlock, (uint16_t)ps->tok.num, bind,
					 ps->src->file, ps->line))
			return sf_ps_fail(ps, ps->tok.off, "out of memory");
		if (sf_ps_next(ps))
			return -1;
		if (ps->tok.t == T_COMMA && sf_ps_next(ps))
			return -1;
	}
	return 0;
}

/* landlock: strict | best-effort */
static int parse_mode(struct parser *ps, size_t off)
{
	struct sf_landlock *l = &ps->p->landlock;
	int strict;

	if (l->mode_set)
		return sf_ps_fail(ps, off, "'landlock:' given twice: first at %s:%d",
				  ps->p->files[l->mode_file], l->mode_line);
	if (sf_ps_tok_is(ps, "strict"))
		strict = 1;
	else if (sf_ps_tok_is(ps, "best-effort"))
		strict = 0;
	else
		return sf_ps_fail(ps, ps->tok.off,
				  "expected 'strict' or 'best-effort' after 'landlock:'");
	l->strict = strict;
	l->mode_set = 1;
	l->mode_file = ps->src->file;
	l->mode_line = sf_ps_line_of(ps, off);
	return sf_ps_next(ps);
}

int sf_ps_parse_landlock(struct parser *ps)
{
	size_t off = ps->tok.off;

	if (sf_ps_tok_is(ps, "path"))
		return parse_path_rule(ps);
	if (sf_ps_tok_is(ps, "connect") || sf_ps_tok_is(ps, "bind"))
		return parse_port_rule(ps);
	if (sf_ps_tok_is(ps, "scope")) {
		if (sf_ps_next(ps) || sf_ps_expect(ps, T_COLON, "after 'scope'"))
			return -1;
		return read_words(ps, sf_ll_scopes, "scope", "signal or abstract-unix",
				  &ps->p->landlock.scopes);
	}
	if (sf_ps_next(ps) || sf_ps_expect(ps, T_COLON, "after 'landlock'"))
		return -1;
	return parse_mode(ps, off);
}

int sf_ps_is_path_group(const struct parser *ps)
{
	return ps->tok.t == T_IDENT &&
	       sf_path_group_lookup(ps->src->text + ps->tok.off, ps->tok.len) != NULL;
}

/* @NAME of a path group, at its name: each member becomes a path rule. */
int sf_ps_parse_path_group(struct parser *ps)
{
	const struct sf_path_group *g =
	    sf_path_group_lookup(ps->src->text + ps->tok.off, ps->tok.len);
	int line, col;

	sf_ps_line_col(ps, ps->tok.off, &line, &col);
	for (const struct sf_path_member *m = g->members; m->path; m++)
		if (sf_landlock_add_path(&ps->p->landlock, m->path, m->access, ps->src->file, line,
					 col, 1))
			return sf_ps_fail(ps, ps->tok.off, "out of memory");
	return sf_ps_next(ps);
}
