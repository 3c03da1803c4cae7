/* The strict JSON reader (json.h): recursive descent over the text, one
 * value appended per element, nesting bounded by SF_JSON_MAX_DEPTH. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct reader {
	struct sf_json_doc *d;
	const char *t;
	size_t len, pos;
	char *msg;
	size_t msg_size;
	size_t err_off;
};

static int fail(struct reader *r, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct reader *r, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, r->msg_size, fmt, ap);
	va_end(ap);
	r->err_off = off;
	return -1;
}

static void skip_space(struct reader *r)
{
	while (r->pos < r->len && (r->t[r->pos] == ' ' || r->t[r->pos] == '\t' ||
				   r->t[r->pos] == '\n' || r->t[r->pos] == '\r'))
		r->pos++;
}

static int new_value(struct reader *r, int type)
{
	struct sf_json_doc *d = r->d;
	struct sf_json *v;

	if (d->n == SF_JSON_MAX_VALUES)
		return fail(r, r->pos, "more than %d values", SF_JSON_MAX_VALUES);
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			return fail(r, r->pos, "out of memory");
		d->v = v;
		d->cap = cap;
	}
	v = &d->v[d->n];
	memset(v, 0, sizeof(*v));
	v->type = (unsigned char)type;
	v->off = r->pos;
	v->first = v->next = -1;
	return (int)d->n++;
}

static int hex4(struct reader *r, size_t at, unsigned *out)
{
	unsigned u = 0;

	if (r->len - at < 4)
		return fail(r, at, "\\u needs four hex digits");
	for (size_t i = 0; i < 4; i++) {
		char c = r->t[at + i];
		u <<= 4;
		if (c >= '0' && c <= '9')
			u |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			u |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			u |= (unsigned)(c - 'A' + 10);
		else
			return fail(r, at + i, "\\u needs four hex digits");
	}
	*out = u;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The length of the well-formed UTF-8 sequence at t[at], or 0: no
 * overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_seq(const unsigned char *t, size_t at, size_t len)
{
	unsigned c = t[at], cp;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (len - at < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((t[at + i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (t[at + i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* Decodes the string starting at the opening quote into the document's
 * string space; sets *out and *outlen. A decoded string is never longer
 * than its text with quotes, so the space (the text's length + 1) holds
 * every string of the document with its NUL. */
static int read_string(struct reader *r, const char **out, size_t *outlen)
{
	const unsigned char *t = (const unsigned char *)r->t;
	char *o = r->d->strings + r->d->strings_used, *start = o;
	size_t open = r->pos, n;
	unsigned cp, lo;

	r->pos++; /* the quote */
	for (;;) {
		if (r->pos >= r->len)
			return fail(r, open, "unterminated string");
		if (t[r->pos] == '"')
			break;
		if (t[r->pos] < 0x20)
			return fail(r, r->pos, "control character in a string (escape it)");
		if (t[r->pos] != '\\') {
			n = utf8_seq(t, r->pos, r->len);
			if (!n)
				return fail(r, r->pos, "invalid UTF-8 in a string");
			memcpy(o, t + r->pos, n);
			o += n;
			r->pos += n;
			continue;
		}
		if (r->pos + 1 >= r->len)
			return fail(r, open, "unterminated string");
		switch (t[r->pos + 1]) {
		case '"':
		case '\\':
		case '/':
			*o++ = (char)t[r->pos + 1];
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			if (hex4(r, r->pos + 2, &cp))
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(r, r->pos, "unpaired surrogate \\u%04x", cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (r->len - r->pos < 12 || t[r->pos + 6] != '\\' ||
				    t[r->pos + 7] != 'u' || hex4(r, r->pos + 8, &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					return fail(r, r->pos, "unpaired surrogate \\u%04x", cp);
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				r->pos += 6;
			}
			if (cp == 0)
				return fail(r, r->pos, "\\u0000 in a string");
			o += put_utf8(o, cp);
			r->pos += 4;
			break;
		default:
			return fail(r, r->pos, "unknown escape '\\%c'",
				    t[r->pos + 1] >= 0x20 && t[r->pos + 1] < 0x7f ? t[r->pos + 1]
										  : '?');
		}
		r->pos += 2;
	}
	r->pos++; /* the closing quote */
	*o++ = '\0';
	*out = start;
	*outlen = (size_t)(o - start) - 1;
	r->d->strings_used += (size_t)(o - start);
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int read_number(struct reader *r, struct sf_json *v)
{
	const char *t = r->t;
	size_t p = r->pos;

	v->integer = 1;
	if (p < r->len && t[p] == '-')
		v->negative = 1, p++;
	if (p >= r->len || !is_digit(t[p]))
		return fail(r, r->pos, "malformed number");
	if (t[p] == '0' && p + 1 < r->len && is_digit(t[p + 1]))
		return fail(r, r->pos, "a number with a leading zero");
	for (; p < r->len && is_digit(t[p]); p++) {
		unsigned dgt = (unsigned)(t[p] - '0');
		if (v->magnitude > (UINT64_MAX - dgt) / 10)
			v->overflow = 1;
		else
			v->magnitude = v->magnitude * 10 + dgt;
	}
	if (p < r->len && t[p] == '.') {
		v->integer = 0;
		if (++p >= r->len || !is_digit(t[p]))
			return fail(r, p, "malformed number");
		while (p < r->len && is_digit(t[p]))
			p++;
	}
	if (p < r->len && (t[p] == 'e' || t[p] == 'E')) {
		v->integer = 0;
		p++;
		if (p < r->len && (t[p] == '+' || t[p] == '-'))
			p++;
		if (p >= r->len || !is_digit(t[p]))
			return fail(r, p, "malformed number");
		while (p < r->len && is_digit(t[p]))
			p++;
	}
	r->pos = p;
	return 0;
}

static int read_value(struct reader *r, int depth);

static int read_members(struct reader *r, int self, int depth, char close)
{
	int last = -1, child;
	size_t key_off = 0;
	const char *key = NULL;
	size_t keylen;

	r->pos++; /* the opening bracket */
	skip_space(r);
	if (r->pos < r->len && r->t[r->pos] == close) {
		r->pos++;
		return 0;
	}
	for (;;) {
		skip_space(r);
		if (close == '}') {
			if (r->pos >= r->len || r->t[r->pos] != '"')
				return fail(r, r->pos, "expected a string key");
			key_off = r->pos;
			if (read_string(r, &key, &keylen))
				return -1;
			if (strlen(key) != keylen)
				return fail(r, key_off, "NUL in a key");
			for (int m = r->d->v[self].first; m >= 0; m = r->d->v[m].next)
				if (!strcmp(r->d->v[m].key, key))
					return fail(r, key_off, "duplicate key \"%s\"", key);
			skip_space(r);
			if (r->pos >= r->len || r->t[r->pos] != ':')
				return fail(r, r->pos, "expected ':' after a key");
			r->pos++;
		}
		child = read_value(r, depth + 1);
		if (child < 0)
			return -1;
		r->d->v[child].key = key;
		r->d->v[child].key_off = key_off;
		if (last < 0)
			r->d->v[self].first = child;
		else
			r->d->v[last].next = child;
		last = child;
		r->d->v[self].len++;
		skip_space(r);
		if (r->pos < r->len && r->t[r->pos] == ',') {
			r->pos++;
			continue;
		}
		if (r->pos < r->len && r->t[r->pos] == close) {
			r->pos++;
			return 0;
		}
		return fail(r, r->pos, "expected ',' or '%c'", close);
	}
}

static int literal(struct reader *r, const char *word, int type)
{
	size_t n = strlen(word);

	if (r->len - r->pos < n || memcmp(r->t + r->pos, word, n))
		return fail(r, r->pos, "unexpected character");
	r->pos += n;
	return new_value(r, type);
}

/* Returns the new value's index, or -1. */
static int read_value(struct reader *r, int depth)
{
	int i;

	skip_space(r);
	if (r->pos >= r->len)
		return fail(r, r->pos, "unexpected end of text");
	if (depth > SF_JSON_MAX_DEPTH)
		return fail(r, r->pos, "nested deeper than %d levels", SF_JSON_MAX_DEPTH);
	switch (r->t[r->pos]) {
	case '{':
	case '[':
		i = new_value(r, r->t[r->pos] == '{' ? SF_JSON_OBJECT : SF_JSON_ARRAY);
		if (i < 0 || read_members(r, i, depth, r->t[r->pos] == '{' ? '}' : ']'))
			return -1;
		return i;
	case '"':
		i = new_value(r, SF_JSON_STRING);
		if (i < 0 || read_string(r, &r->d->v[i].str, &r->d->v[i].len))
			return -1;
		return i;
	case 't':
		return literal(r, "true", SF_JSON_TRUE);
	case 'f':
		return literal(r, "false", SF_JSON_FALSE);
	case 'n':
		return literal(r, "null", SF_JSON_NULL);
	default:
		if (r->t[r->pos] != '-' && !is_digit(r->t[r->pos]))
			return fail(r, r->pos, "unexpected character");
		i = new_value(r, SF_JSON_NUMBER);
		if (i < 0 || read_number(r, &r->d->v[i]))
			return -1;
		return i;
	}
}

int sf_json_parse(struct sf_json_doc *d, const char *text, size_t len, char *msg, size_t msg_size,
		  size_t *err_off)
{
	struct reader r = {d, text, len, 0, msg, msg_size, 0};

	memset(d, 0, sizeof(*d));
	d->strings = malloc(len + 1);
	if (!d->strings) {
		snprintf(msg, msg_size, "out of memory");
		*err_off = 0;
		return -1;
	}
	if (read_value(&r, 0) < 0)
		goto fail;
	skip_space(&r);
	if (r.pos < len) {
		fail(&r, r.pos, "text after the JSON value");
		goto fail;
	}
	return 0;
fail:
	*err_off = r.err_off;
	sf_json_free(d);
	return -1;
}

void sf_json_free(struct sf_json_doc *d)
{
	free(d->v);
	free(d->strings);
	memset(d, 0, sizeof(*d));
}

int sf_json_get(const struct sf_json_doc *d, int obj, const char *key)
{
	for (int m = d->v[obj].first; m >= 0; m = d->v[m].next)
		if (!strcmp(d->v[m].key, key))
			return m;
	return -1;
}

void sf_json_linecol(const char *text, size_t len, size_t off, int *line, int *col)
{
	const char *nl;
	size_t start = 0;

	*line = 1;
	if (off > len)
		off = len;
	while ((nl = memchr(text + start, '\n', off - start))) {
		start = (size_t)(nl - text) + 1;
		++*line;
	}
	*col = (int)(off - start) + 1;
}

const char *sf_json_type_name(int type)
{
	switch (type) {
	case SF_JSON_NULL:
		return "null";
	case SF_JSON_FALSE:
	case SF_JSON_TRUE:
		return "a boolean";
	case SF_JSON_NUMBER:
		return "a number";
	case SF_JSON_STRING:
		return "a string";
	case SF_JSON_ARRAY:
		return "an array";
	default:
		return "an object";
	}
}
