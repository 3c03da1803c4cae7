#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pathcheck.h"

static struct {
	const struct sf_stack *s;
	/* Each rule's path made canonical (NULL: not there, it grants
	 * nothing, as sf_ll_add_rules leaves it out). */
	char **canon[SF_ID_MAX_POLICIES];
} C;

void sf_pathcheck_init(const struct sf_stack *s)
{
	C.s = s;
	for (size_t p = 0; p < s->n; p++) {
		const struct sf_landlock *l = &s->pol[p].landlock;

		C.canon[p] = calloc(l->npaths + 1, sizeof *C.canon[p]);
		for (size_t k = 0; C.canon[p] && k < l->npaths; k++)
			C.canon[p][k] = realpath(l->paths[k].path, NULL);
	}
}

const char *sf_pathcheck_name(int i)
{
	const struct sf_policy *p = &C.s->pol[i];

	return p->nfiles ? p->files[0] : "policy";
}

int sf_pathcheck_canonical(const char *base, const char *path, char *out, size_t size)
{
	char abs[2 * PATH_MAX + 2], *slash, *c;

	if (path[0] != '/' && base)
		snprintf(abs, sizeof abs, "%s/%s", base, path);
	else
		snprintf(abs, sizeof abs, "%s", path);
	if ((c = realpath(abs, NULL))) {
		snprintf(out, size, "%s", c);
		free(c);
		return 0;
	}
	slash = strrchr(abs, '/');
	if (slash)
		*slash = 0;
	c = realpath(!slash ? "." : abs[0] ? abs : "/", NULL);
	if (!c)
		return -1;
	snprintf(out, size, "%s/%s", strcmp(c, "/") ? c : "", slash ? slash + 1 : abs);
	free(c);
	return 0;
}

/* Whether rule path r covers p (r itself, or beneath it). */
static int covers(const char *r, const char *p)
{
	size_t n = strlen(r);

	if (!strcmp(r, "/"))
		return 1;
	return !strncmp(r, p, n) && (p[n] == 0 || p[n] == '/');
}

int sf_pathcheck_lacking(const char *p, uint64_t need, uint64_t *granted,
			 const struct sf_path_rule **rule)
{
	for (size_t i = 0; i < C.s->n; i++) {
		const struct sf_landlock *l = &C.s->pol[i].landlock;

		if (!l->npaths || !C.canon[i])
			continue;
		*granted = 0;
		*rule = NULL;
		for (size_t k = 0; k < l->npaths; k++) {
			if (!C.canon[i][k] || !covers(C.canon[i][k], p))
				continue;
			*granted |= l->paths[k].access;
			if (l->paths[k].access & need)
				*rule = &l->paths[k];
		}
		if (need & ~*granted)
			return (int)i;
	}
	return -1;
}

int sf_pathcheck_port(uint16_t port, int bind)
{
	for (size_t i = 0; i < C.s->n; i++) {
		const struct sf_landlock *l = &C.s->pol[i].landlock;
		int granted = 0;

		if (!l->nports)
			continue;
		for (size_t k = 0; k < l->nports; k++)
			granted |= l->ports[k].bind == bind && l->ports[k].port == port;
		if (!granted)
			return (int)i;
	}
	return -1;
}

void sf_pathcheck_missing(uint64_t need, uint64_t granted, char *out, size_t size)
{
	uint64_t miss = need & ~granted;
	size_t n = 0;

	out[0] = 0;
	for (const struct sf_ll_word *w = sf_ll_rights; w->name && n < size; w++)
		if (miss & w->bits)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "", w->name);
}
