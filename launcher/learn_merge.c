/* sf-run --learn OUT --merge: one policy from several runs. What this run
 * learned is added to OUT as it is: each rule OUT does not already have,
 * word for word, goes below it. A syscall given twice has its conditions
 * OR'd (docs/policy-language.md), so a call allowed by either run stays
 * allowed, and nothing OUT allowed is taken back.
 *
 * Path rules add up the same way (each grants; a path named twice has
 * both rights), and so do port rules, but only once a policy has one of
 * the kind: the first path rule denies every file it does not grant. So
 * the learned path rules are added only to a policy that has path rules,
 * the port rules only to one that has port rules; merging never narrows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "launcher.h"
#include "learn_int.h"
#include "stack.h"

static char *slurp(FILE *f, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	for (;;) {
		size_t n;

		if (*len + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? 2 * cap : 65536;
			nb = realloc(buf, cap);
			if (!nb)
				sf_fatal("out of memory");
			buf = nb;
		}
		n = fread(buf + *len, 1, cap - *len - 1, f);
		*len += n;
		if (!n)
			break;
	}
	buf[*len] = 0;
	return buf;
}

/* A rule line without its comment and trailing blanks: "NAME: ...". A
 * '#' in a quoted path is the path's, not a comment. */
static size_t rule_part(const char *line, size_t len)
{
	size_t n;
	int quoted = 0;

	for (n = 0; n < len; n++) {
		if (quoted && line[n] == '\\')
			n++;
		else if (line[n] == '"')
			quoted = !quoted;
		else if (!quoted && line[n] == '#')
			break;
	}
	if (n > len)
		n = len;
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	return n;
}

static int is_rule(const char *line, size_t len)
{
	size_t n = rule_part(line, len);

	return n && line[0] != '#' && line[0] != '@' && line[0] != ' ' && line[0] != '\t' &&
	       memchr(line, ':', n) && strncmp(line, "default:", 8) &&
	       strncmp(line, "default-unknown:", 16);
}

/* Which Landlock kind a rule line is of (SF_MERGE_*), or 0: a syscall's.
 * As sf_learn_paths_write writes them. */
static unsigned kind_of(const char *line, size_t n)
{
	if (n > 5 && !strncmp(line, "path ", 5))
		return SF_MERGE_PATHS;
	if ((n > 12 && !strncmp(line, "connect tcp:", 12)) ||
	    (n > 9 && !strncmp(line, "bind tcp:", 9)))
		return SF_MERGE_PORTS;
	return 0;
}

unsigned sf_learn_merge_kinds(const char *path)
{
	struct sf_stack s;
	struct sf_error err;
	unsigned kinds = 0;

	sf_stack_init(&s, sf_arch_native());
	if (sf_stack_add_file(&s, path, &err))
		sf_fatal("%s", err.msg);
	if (s.pol[0].landlock.npaths)
		kinds |= SF_MERGE_PATHS;
	if (s.pol[0].landlock.nports)
		kinds |= SF_MERGE_PORTS;
	sf_stack_free(&s);
	return kinds;
}

/* Whether old has a line with the same rule. */
static int has_rule(const char *old, size_t old_len, const char *line, size_t n)
{
	const char *p = old, *end = old + old_len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (is_rule(p, len) && rule_part(p, len) == n && !memcmp(p, line, n))
			return 1;
		p += len + 1;
	}
	return 0;
}

size_t sf_learn_merge(FILE *out, const char *old_path, FILE *learned, char **argv, unsigned kinds,
		      unsigned *left_out)
{
	FILE *old = fopen(old_path, "r");
	char *old_text, *new_text, stamp[64];
	size_t old_len, new_len, added = 0;
	const char *p, *end;
	time_t now = time(NULL);

	*left_out = 0;
	if (!old)
		sf_fatal("%s: cannot read the policy to merge into: %s", old_path, strerror(errno));
	old_text = slurp(old, &old_len);
	fclose(old);
	rewind(learned);
	new_text = slurp(learned, &new_len);
	fwrite(old_text, 1, old_len, out);
	if (old_len && old_text[old_len - 1] != '\n')
		fputc('\n', out);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M", gmtime(&now));
	for (p = new_text, end = new_text + new_len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		unsigned kind = kind_of(p, len);

		if (kind & ~kinds) {
			*left_out |= kind;
		} else if (is_rule(p, len) && !has_rule(old_text, old_len, p, rule_part(p, len))) {
			if (!added++) {
				fprintf(out, "\n# Merged from a run of");
				for (char **a = argv; *a && a - argv < 8; a++)
					fprintf(out, " %s", *a);
				fprintf(out, " (%s UTC):\n", stamp);
			}
			fwrite(p, 1, len, out);
			fputc('\n', out);
		}
		p += len + 1;
	}
	free(old_text);
	free(new_text);
	return added;
}
