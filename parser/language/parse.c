/* Policy texts and files: statements and directives (@include,
 * @frequency, default:), and the parser's entry points (parse.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse_int.h"

static void parser_init(struct parser *ps, struct sf_policy *p, const struct source *src,
			struct sf_error *err)
{
	memset(ps, 0, sizeof(*ps));
	ps->tok.t = T_EOL; /* the first sf_ps_next() starts line 1 */
	ps->p = p;
	ps->arch = sf_arch_info(p->arch);
	ps->src = src;
	ps->err = err;
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
		return sf_ps_fail(ps, start, "expected a path after %s", what);
	if (end - start >= size)
		return sf_ps_fail(ps, start, "path too long");
	if (memchr(t + start, '\0', end - start))
		return sf_ps_fail(ps, start, "NUL byte in path");
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

int sf_ps_read_file(const char *path, char **text, size_t *len, dev_t *dev, ino_t *ino,
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

/* An absolute @include that is not there: minijail policies name where
 * their distribution installs the common file (/usr/share/policy/...),
 * which a packager moves. Each directory of the include path (sf-run -I,
 * SF_INCLUDE_PATH) is tried as a root for the whole path, then as the
 * directory of its last part. out keeps path when none has it. The path is
 * set, not read from the environment here: the shim's parser imports
 * nothing from the C library. */
static const char *include_path;

void sf_parse_set_include_path(const char *dirs)
{
	include_path = dirs && dirs[0] ? dirs : NULL;
}

/* With open(), which the shim's own C library has (it has no stat()). */
static int exists(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static void search_include(const char *path, char *out, size_t size)
{
	const char *dirs = include_path, *base = strrchr(path, '/') + 1;
	size_t n;
	int k;

	if (!dirs || exists(path))
		return;
	for (; *dirs; dirs += n + (dirs[n] == ':')) {
		n = strcspn(dirs, ":");
		if (n == 0)
			continue;
		for (k = 0; k < 2; k++) {
			int w = snprintf(out, size, "%.*s/%s", (int)n, dirs, k ? base : path + 1);
			if (w > 0 && (size_t)w < size && exists(out))
				return;
		}
	}
	snprintf(out, size, "%s", path);
}

static int parse_include(struct parser *ps, const char *path, size_t off)
{
	struct source inc;
	const struct source *s;
	char resolved[PATH_MAX];
	char *text;
	int r;

	if (relative_path(ps->src, path, resolved, sizeof(resolved)))
		return sf_ps_fail(ps, off, "include path too long");
	if (path[0] == '/')
		search_include(path, resolved, sizeof(resolved));
	if (ps->src->depth + 1 > MAX_INCLUDE_DEPTH)
		return sf_ps_fail(ps, off, "includes nested deeper than %d", MAX_INCLUDE_DEPTH);
	memset(&inc, 0, sizeof(inc));
	if (sf_ps_read_file(resolved, &text, &inc.len, &inc.dev, &inc.ino, ps->err)) {
		char why[sizeof(ps->err->msg)];
		snprintf(why, sizeof(why), "%s", ps->err->msg);
		if (path[0] == '/')
			return sf_ps_fail(
			    ps, off,
			    "cannot include: %s (an absolute path is also looked for "
			    "in the directories of SF_INCLUDE_PATH, sf-run -I DIR%s%s)",
			    why, include_path ? ": " : "", include_path ? include_path : "");
		return sf_ps_fail(ps, off, "cannot include: %s", why);
	}
	for (s = ps->src; s; s = s->parent) {
		if (s->ino == inc.ino && s->dev == inc.dev) {
			free(text);
			return sf_ps_fail(ps, off, "include cycle: '%s' is already being read",
					  resolved);
		}
	}
	inc.collect = ps->src->collect;
	inc.name = resolved;
	inc.text = text;
	inc.depth = ps->src->depth + 1;
	inc.parent = ps->src;
	inc.file = sf_ps_add_file(ps->p, resolved);
	if (inc.file < 0) {
		free(text);
		return sf_ps_fail(ps, off, "out of memory");
	}
	inc.name = ps->p->files[inc.file];
	r = sf_ps_parse_source(ps->p, &inc, ps->err);
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
		return sf_ps_fail(ps, off, "path too long");
	memset(&fs, 0, sizeof(fs));
	if (sf_ps_read_file(resolved, &text, &fs.len, &fs.dev, &fs.ino, ps->err)) {
		char why[sizeof(ps->err->msg)];
		snprintf(why, sizeof(why), "%s", ps->err->msg);
		return sf_ps_fail(ps, off, "cannot read frequency file: %s", why);
	}
	fs.name = resolved;
	fs.text = text;
	parser_init(&fp, ps->p, &fs, ps->err);
	if (sf_ps_next(&fp))
		goto out;
	while (fp.tok.t != T_EOF) {
		if (fp.tok.t == T_EOL) {
			if (sf_ps_next(&fp))
				goto out;
			continue;
		}
		if (sf_ps_parse_syscall_name(&fp, &tg) ||
		    sf_ps_expect(&fp, T_COLON, "after the syscall name"))
			goto out;
		if (fp.tok.t != T_NUM) {
			sf_ps_fail(&fp, fp.tok.off, "expected a count");
			goto out;
		}
		if (add_freq(ps->p, tg.nr, (uint64_t)fp.tok.num)) {
			sf_ps_fail(&fp, fp.tok.off, "out of memory");
			goto out;
		}
		if (sf_ps_next(&fp) || sf_ps_expect_end(&fp, "the count"))
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

	if (ps->p->denylist)
		return sf_ps_fail(ps, off, "a @denylist policy (%s:%d) has the default allow",
				  ps->p->files[ps->p->default_file], ps->p->default_line);
	if (ps->p->default_set)
		return sf_ps_fail(ps, off, "default given twice: first at %s:%d",
				  ps->p->files[ps->p->default_file], ps->p->default_line);
	if (sf_ps_parse_action(ps, &a, 0) < 0)
		return -1;
	if (a.kind == SF_ACT_DENIAL)
		return sf_ps_fail(ps, off,
				  "'default: 0' is circular; write 'default: kill-process'");
	ps->p->default_action = a;
	ps->p->default_set = 1;
	ps->p->default_file = ps->src->file;
	ps->p->default_line = sf_ps_line_of(ps, off);
	return 0;
}

/* minijail's @denylist: the policy allows what it does not name. Before
 * any rule and default, so that no rule was read as the other kind. */
static int parse_denylist(struct parser *ps, size_t off)
{
	if (ps->p->default_set)
		return sf_ps_fail(ps, off,
				  "@denylist after a default (at %s:%d): a denylist's "
				  "default is allow",
				  ps->p->files[ps->p->default_file], ps->p->default_line);
	if (ps->p->nrules)
		return sf_ps_fail(ps, off,
				  "@denylist must come before the policy's first rule "
				  "(at %s:%d)",
				  ps->p->files[ps->p->rules[0].file], ps->p->rules[0].line);
	ps->p->default_action = (struct sf_action){SF_ACT_ALLOW, 0};
	ps->p->default_set = 1;
	ps->p->denylist = 1;
	ps->p->default_file = ps->src->file;
	ps->p->default_line = sf_ps_line_of(ps, off);
	return 0;
}

/* default-unknown: ACTION */
static int parse_default_unknown(struct parser *ps, size_t off)
{
	struct sf_action a;

	if (ps->p->unknown_set)
		return sf_ps_fail(ps, off, "default-unknown given twice: first at %s:%d",
				  ps->p->files[ps->p->unknown_file], ps->p->unknown_line);
	if (sf_ps_parse_action(ps, &a, 0) < 0)
		return -1;
	ps->p->unknown_action = a;
	ps->p->unknown_set = 1;
	ps->p->unknown_file = ps->src->file;
	ps->p->unknown_line = sf_ps_line_of(ps, off);
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
	if (sf_ps_next(&look) || look.tok.t != T_IDENT)
		return 0;
	if (sf_ps_tok_is(&look, "include") || sf_ps_tok_is(&look, "frequency") ||
	    sf_ps_tok_is(&look, "default") || sf_ps_tok_is(&look, "default-unknown") ||
	    sf_ps_tok_is(&look, "denylist"))
		return 0;
	if (sf_group_lookup(look.src->text + look.tok.off, look.tok.len))
		return 1;
	/* A misspelt group: let the rule parser suggest the right one. */
	return sf_ps_next(&look) == 0 && (look.tok.t == T_COLON || look.tok.t == T_COMMA);
}

static int parse_directive(struct parser *ps)
{
	char path[PATH_MAX];
	size_t off = ps->tok.off;
	int start;

	if (sf_ps_next(ps))
		return -1;
	if (sf_ps_tok_is(ps, "include") || sf_ps_tok_is(ps, "frequency")) {
		int include = sf_ps_tok_is(ps, "include");
		start =
		    read_rest_of_line(ps, path, sizeof(path), include ? "@include" : "@frequency");
		if (start < 0)
			return -1;
		if (include ? parse_include(ps, path, (size_t)start)
			    : parse_frequency(ps, path, (size_t)start))
			return -1;
		return sf_ps_next(ps);
	}
	if (sf_ps_is_path_group(ps))
		return sf_ps_parse_path_group(ps);
	if (sf_ps_tok_is(ps, "denylist")) {
		if (sf_ps_next(ps))
			return -1;
		return parse_denylist(ps, off);
	}
	if (sf_ps_tok_is(ps, "default") || sf_ps_tok_is(ps, "default-unknown")) {
		int unknown = sf_ps_tok_is(ps, "default-unknown");
		if (sf_ps_next(ps))
			return -1;
		if (ps->tok.t == T_COLON && sf_ps_next(ps))
			return -1;
		return unknown ? parse_default_unknown(ps, off) : parse_default(ps, off);
	}
	return sf_ps_fail(ps, ps->tok.off,
			  "unknown directive or group; expected @include, @frequency, @default, "
			  "@default-unknown, @denylist, a syscall group or a path group (see "
			  "sf-run --groups)");
}

static int parse_statement(struct parser *ps)
{
	size_t off = ps->tok.off;

	if (ps->tok.t == T_AT)
		return at_is_group_rule(ps) ? sf_ps_parse_rule(ps) : parse_directive(ps);
	if (sf_ps_tok_is(ps, "default-unknown")) {
		if (sf_ps_next(ps) || sf_ps_expect(ps, T_COLON, "after 'default-unknown'"))
			return -1;
		return parse_default_unknown(ps, off);
	}
	if (sf_ps_tok_is(ps, "default")) {
		if (sf_ps_next(ps) || sf_ps_expect(ps, T_COLON, "after 'default'"))
			return -1;
		return parse_default(ps, off);
	}
	if (sf_ps_tok_is(ps, "on_next_syscall")) {
		if (sf_ps_next(ps) || sf_ps_expect(ps, T_COLON, "after 'on_next_syscall'"))
			return -1;
		if (ps->tok.t != T_NUM || ps->tok.num != 1)
			return sf_ps_fail(
			    ps, ps->tok.off,
			    "on_next_syscall takes 1 (sf always starts enforcing after exec)");
		if (sf_ps_next(ps))
			return -1;
		return sf_ps_expect_end(ps, "on_next_syscall: 1");
	}
	if (sf_ps_is_landlock_statement(ps))
		return sf_ps_parse_landlock(ps);
	return sf_ps_parse_rule(ps);
}

/* After an error, when the source collects them: hands the message on
 * (unless an included file's parse did already) and moves to the end of
 * the statement that starts at text[start], a logical line. 0 when
 * reading stops. */
static int recover(struct parser *ps, size_t start, int before)
{
	const struct source *src = ps->src;
	const char *t = src->text;
	size_t i = start, k;

	if (!src->collect)
		return 0;
	if (src->collect->count == before) {
		src->collect->each(src->collect->ctx, ps->err->msg);
		src->collect->count++;
	}
	if (src->collect->count >= MAX_COLLECTED_ERRORS)
		return 0;
	while (i < src->len && t[i] != '\n') {
		if (t[i] == '\\' && t[i + 1] == '\n')
			i++;
		i++;
	}
	if (i >= src->len)
		return 0;
	/* The lexer counts lines as it goes: count them again to here. */
	ps->line = 1;
	ps->line_start = 0;
	for (k = 0; k < i; k++)
		if (t[k] == '\n') {
			ps->line++;
			ps->line_start = k + 1;
		}
	ps->pos = i;
	ps->tok.t = T_COMMA; /* not T_EOL: the newline ahead counts the line */
	return sf_ps_next(ps) == 0;
}

int sf_ps_parse_source(struct sf_policy *p, const struct source *src, struct sf_error *err)
{
	struct parser ps;
	size_t start;
	int r = 0, before;

	parser_init(&ps, p, src, err);
	start = 0;
	before = src->collect ? src->collect->count : 0;
	if (sf_ps_next(&ps)) {
		r = -1;
		if (!recover(&ps, start, before))
			goto out;
	}
	while (ps.tok.t != T_EOF) {
		before = src->collect ? src->collect->count : 0;
		if (ps.tok.t == T_EOL) {
			start = ps.pos;
			if (sf_ps_next(&ps) == 0)
				continue;
		} else {
			start = ps.tok.off;
			ps.depth = 0;
			if (!(parse_statement(&ps) ||
			      (!sf_ps_at_end(&ps) && sf_ps_expect_end(&ps, "the statement")) ||
			      sf_ps_next(&ps)))
				continue;
		}
		r = -1;
		if (!recover(&ps, start, before))
			break;
	}
out:
	if (src->collect && src->collect->count)
		r = -1;
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
		       dev_t dev, ino_t ino, struct sf_error *err, struct collect *collect)
{
	struct source src;

	memset(&src, 0, sizeof(src));
	src.collect = collect;
	src.file = sf_ps_add_file(p, name);
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
	return sf_ps_parse_source(p, &src, err);
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
	r = parse_named(p, name, copy, len, 0, 0, err, NULL);
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
	if (sf_ps_read_file(path, &text, &len, &dev, &ino, err)) {
		sf_policy_free(p);
		return -1;
	}
	r = parse_named(p, path, text, len, dev, ino, err, NULL);
	free(text);
	if (r)
		sf_policy_free(p);
	return r;
}

int sf_parse_file_each(struct sf_policy *p, const char *path,
		       void (*each)(void *ctx, const char *msg), void *ctx)
{
	struct collect c = {each, ctx, 0};
	struct sf_error err;
	char *text;
	size_t len;
	dev_t dev;
	ino_t ino;

	if (!path[0]) {
		each(ctx, "error: empty policy file name");
		return 1;
	}
	if (sf_ps_read_file(path, &text, &len, &dev, &ino, &err)) {
		each(ctx, err.msg);
		return 1;
	}
	if (parse_named(p, path, text, len, dev, ino, &err, &c) && c.count == 0) {
		each(ctx, err.msg); /* out of memory before the first statement */
		c.count = 1;
	}
	free(text);
	if (c.count >= MAX_COLLECTED_ERRORS)
		each(ctx, "error: too many errors; stopped");
	if (c.count == 0 && sf_parse_finish(p, &err)) {
		each(ctx, err.msg);
		return 1;
	}
	return c.count;
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

	if (p->nrules == 0 && !p->default_set && !sf_landlock_any(&p->landlock)) {
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
