#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "landlock_rules.h"
#include "policy.h"

const struct sf_ll_word sf_ll_rights[] = {
    {"read", SF_LL_FS_READ_FILE | SF_LL_FS_READ_DIR},
    {"write", SF_LL_FS_WRITE_FILE | SF_LL_FS_TRUNCATE},
    {"execute", SF_LL_FS_EXECUTE},
    {"create", SF_LL_FS_MAKE_REG | SF_LL_FS_MAKE_DIR | SF_LL_FS_MAKE_SYM | SF_LL_FS_MAKE_FIFO |
		   SF_LL_FS_MAKE_SOCK},
    {"remove", SF_LL_FS_REMOVE_FILE | SF_LL_FS_REMOVE_DIR},
    {"refer", SF_LL_FS_REFER},
    {"ioctl", SF_LL_FS_IOCTL_DEV},
    {NULL, 0},
};

const struct sf_ll_word sf_ll_scopes[] = {
    {"signal", SF_LL_SCOPE_SIGNAL},
    {"abstract-unix", SF_LL_SCOPE_ABSTRACT_UNIX},
    {NULL, 0},
};

int sf_landlock_any(const struct sf_landlock *l)
{
	return l->npaths || l->nports || l->scopes;
}

int sf_landlock_add_path(struct sf_landlock *l, const char *path, uint64_t access, int file,
			 int line, int col, int via_group)
{
	struct sf_path_rule *r;
	char *copy;

	if (sf_policy_grow((void **)&l->paths, &l->paths_cap, l->npaths + 1, sizeof *r))
		return -1;
	copy = strdup(path);
	if (!copy)
		return -1;
	r = &l->paths[l->npaths++];
	r->path = copy;
	r->access = access;
	r->file = file;
	r->line = line;
	r->col = col;
	r->via_group = (unsigned char)via_group;
	return 0;
}

int sf_landlock_add_port(struct sf_landlock *l, uint16_t port, int bind, int file, int line)
{
	struct sf_port_rule *r;

	if (sf_policy_grow((void **)&l->ports, &l->ports_cap, l->nports + 1, sizeof *r))
		return -1;
	r = &l->ports[l->nports++];
	r->port = port;
	r->bind = (unsigned char)!!bind;
	r->file = file;
	r->line = line;
	return 0;
}

void sf_landlock_free(struct sf_landlock *l)
{
	for (size_t i = 0; i < l->npaths; i++)
		free(l->paths[i].path);
	free(l->paths);
	free(l->ports);
	memset(l, 0, sizeof *l);
}

int sf_landlock_copy(struct sf_landlock *dst, const struct sf_landlock *src)
{
	*dst = *src;
	dst->paths = NULL;
	dst->npaths = dst->paths_cap = 0;
	dst->ports = NULL;
	dst->nports = dst->ports_cap = 0;
	for (size_t i = 0; i < src->npaths; i++) {
		const struct sf_path_rule *r = &src->paths[i];

		if (sf_landlock_add_path(dst, r->path, r->access, r->file, r->line, r->col,
					 r->via_group))
			goto fail;
	}
	for (size_t i = 0; i < src->nports; i++)
		if (sf_landlock_add_port(dst, src->ports[i].port, src->ports[i].bind,
					 src->ports[i].file, src->ports[i].line))
			goto fail;
	return 0;
fail:
	sf_landlock_free(dst);
	return -1;
}

void sf_ll_format_access(uint64_t access, char *buf, size_t size)
{
	size_t n = 0;

	if (size)
		buf[0] = '\0';
	for (const struct sf_ll_word *w = sf_ll_rights; w->name && n < size; w++) {
		if ((access & w->bits) != w->bits)
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "", w->name);
		access &= ~w->bits;
	}
	if (access && n < size)
		snprintf(buf + n, size - n, "%s0x%llx", n ? " " : "", (unsigned long long)access);
}

/* A byte a bare path may hold: printable ASCII other than the language's
 * separators and quoting characters. */
static int bare_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr(",:#\"\\", c);
}

/* Appends to buf at *n, as snprintf would, counting what does not fit. */
__attribute__((format(printf, 4, 5))) static void put(char *buf, size_t size, size_t *n,
						      const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf + (*n < size ? *n : size), *n < size ? size - *n : 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		*n += (size_t)r;
}

static void put_path(char *buf, size_t size, size_t *n, const char *path)
{
	const unsigned char *c;
	int bare = *path != 0;

	for (c = (const unsigned char *)path; *c && bare; c++)
		bare = bare_byte(*c);
	if (bare) {
		put(buf, size, n, "%s", path);
		return;
	}
	put(buf, size, n, "\"");
	for (c = (const unsigned char *)path; *c; c++) {
		if (*c == '"' || *c == '\\')
			put(buf, size, n, "\\%c", *c);
		else if (*c < 0x20 || *c >= 0x7f) /* the text stays ASCII */
			put(buf, size, n, "\\x%02x", *c);
		else
			put(buf, size, n, "%c", *c);
	}
	put(buf, size, n, "\"");
}

size_t sf_ll_format_path(const char *path, char *buf, size_t size)
{
	size_t n = 0;

	if (size)
		buf[0] = 0;
	put_path(buf, size, &n, path);
	return n;
}

size_t sf_landlock_format(const struct sf_landlock *l, char *buf, size_t size)
{
	char words[128];
	size_t n = 0;

	if (size)
		buf[0] = 0;
	for (size_t i = 0; i < l->npaths; i++) {
		sf_ll_format_access(l->paths[i].access, words, sizeof words);
		put(buf, size, &n, "path ");
		put_path(buf, size, &n, l->paths[i].path);
		put(buf, size, &n, ": %s\n", words);
	}
	for (int bind = 0; bind < 2; bind++) {
		const char *sep = bind ? "bind tcp: " : "connect tcp: ";

		for (size_t i = 0; i < l->nports; i++) {
			if (l->ports[i].bind != bind)
				continue;
			put(buf, size, &n, "%s%u", sep, l->ports[i].port);
			sep = ", ";
		}
		if (sep[0] == ',')
			put(buf, size, &n, "\n");
	}
	if (l->scopes) {
		const char *sep = "scope: ";

		for (const struct sf_ll_word *w = sf_ll_scopes; w->name; w++)
			if (l->scopes & w->bits) {
				put(buf, size, &n, "%s%s", sep, w->name);
				sep = ", ";
			}
		put(buf, size, &n, "\n");
	}
	if (l->mode_set)
		put(buf, size, &n, "landlock: %s\n", l->strict ? "strict" : "best-effort");
	return n;
}
