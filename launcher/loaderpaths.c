/* The walk: the scripts and the program exec opens, then the program's
 * objects breadth first, as both loaders load them (the program, the
 * preloads, then each object's DT_NEEDED in turn), each name resolved by
 * the loader's own search (loaderpaths_glibc.c, loaderpaths_musl.c). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loaderpaths_int.h"

/* The kernel follows at most this many "#!" lines (BINPRM's limit). */
#define MAX_SCRIPT_DEPTH 4

struct loader {
	lp_find_fn *find;
	int (*loaded)(const struct lp_walk *w, const char *name);
	int (*preloads)(struct lp_walk *w);
};

static const struct loader glibc_loader = {lp_glibc_find, lp_glibc_loaded, lp_glibc_preloads};
static const struct loader musl_loader = {lp_musl_find, lp_musl_loaded, lp_musl_preloads};

const char *lp_origin(struct lp_walk *w)
{
	char *slash;

	if (w->origin_errno > 0)
		return NULL;
	if (w->origin_errno)
		return w->origin;
	/* The loaders read /proc/self/exe, which the kernel gives with
	 * symlinks resolved. */
	if (!realpath(w->prog, w->origin)) {
		w->origin_errno = errno ? errno : EINVAL;
		return NULL;
	}
	w->origin_errno = -1;
	slash = strrchr(w->origin, '/');
	if (slash == w->origin)
		slash[1] = 0; /* the program is in / */
	else if (slash)
		*slash = 0;
	return w->origin;
}

const char *lp_getenv(const struct lp_walk *w, const char *name)
{
	size_t len = strlen(name);

	for (char *const *e = w->envp; e && *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}

int lp_out(struct lp_walk *w, const char *path, enum sf_loadpath_kind kind, int execute)
{
	struct sf_pathlist *l = w->out;

	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i].path, path)) {
			l->v[i].execute |= execute;
			return 0;
		}
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct sf_loadpath *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			goto oom;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].path = strdup(path);
	if (!l->v[l->n].path)
		goto oom;
	l->v[l->n].kind = kind;
	l->v[l->n].execute = execute;
	l->n++;
	return 0;
oom:
	snprintf(w->err, w->errlen, "out of memory");
	return -1;
}

int lp_cat(char *out, size_t size, const char *a, size_t alen, const char *b, const char *c,
	   const char *d)
{
	size_t nb = strlen(b), nc = strlen(c), nd = strlen(d);

	if (alen >= size || nb >= size - alen || nc >= size - alen - nb ||
	    nd >= size - alen - nb - nc)
		return -1;
	memcpy(out, a, alen);
	memcpy(out + alen, b, nb);
	memcpy(out + alen + nb, c, nc);
	memcpy(out + alen + nb + nc, d, nd + 1);
	return 0;
}

int lp_join(char *out, size_t size, const char *dir, size_t dirlen, const char *name)
{
	return lp_cat(out, size, dir, dirlen, "/", name, "");
}

static void let_go(struct lp_walk *w)
{
	if (w->held_fd >= 0)
		close(w->held_fd);
	free(w->held_path);
	w->held_fd = -1;
	w->held_path = NULL;
}

int lp_usable(struct lp_walk *w, const char *path, int *exists)
{
	unsigned char h[sizeof(Elf64_Ehdr)];
	struct stat st;
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC), usable;
	ssize_t n;

	*exists = 0;
	if (fd < 0)
		return 0;
	*exists = 1;
	n = fstat(fd, &st) || !S_ISREG(st.st_mode) ? -1 : pread(fd, h, sizeof h, 0);
	usable = n == (ssize_t)sizeof h && !memcmp(h, ELFMAG, SELFMAG) &&
		 h[EI_CLASS] == ELFCLASS64 && ((const Elf64_Ehdr *)h)->e_machine == w->machine;
	let_go(w);
	/* The search's answer, most often: lp_load reads it through fd. */
	if (usable && (w->held_path = strdup(path))) {
		w->held_fd = fd;
		w->held_st = st;
	} else {
		close(fd);
	}
	return usable;
}

/* The descriptor of path if lp_usable holds it (its fstat in *st), or -1. */
static int take(struct lp_walk *w, const char *path, struct stat *st)
{
	int fd = w->held_fd;

	if (fd < 0 || strcmp(w->held_path, path))
		return -1;
	*st = w->held_st;
	w->held_fd = -1;
	let_go(w);
	return fd;
}

/* Adds the object at path; its dynamic section is *have when given (read
 * already, taken over), else read now, through fd when it is open (and
 * closed then). */
static int add_object(struct lp_walk *w, const char *path, const char *name, int by,
		      const struct stat *st, struct sf_elfdyn *have, int fd)
{
	struct lp_obj *o;
	int r = 0;

	if (w->nobj == LP_MAX_OBJECTS) {
		snprintf(w->err, w->errlen, "%s: more than %d shared objects", w->obj[0].path,
			 LP_MAX_OBJECTS);
		r = -1;
	} else if (w->nobj == w->obj_cap) {
		size_t cap = w->obj_cap ? 2 * w->obj_cap : 16;
		struct lp_obj *v = realloc(w->obj, cap * sizeof(*v));

		if (v) {
			w->obj = v;
			w->obj_cap = cap;
		} else {
			snprintf(w->err, w->errlen, "out of memory");
			r = -1;
		}
	}
	o = &w->obj[w->nobj];
	if (!r && have) {
		o->dyn = *have;
		memset(have, 0, sizeof *have);
	} else if (!r) {
		r = fd >= 0 ? sf_elfdyn_read_fd(fd, st, path, &o->dyn, w->err, w->errlen)
			    : sf_elfdyn_read(path, &o->dyn, w->err, w->errlen);
	}
	if (fd >= 0)
		close(fd);
	if (r)
		return -1;
	o->path = strdup(path);
	o->name = name ? strdup(name) : NULL;
	if (!o->path || (name && !o->name)) {
		snprintf(w->err, w->errlen, "out of memory");
		free(o->path);
		free(o->name);
		sf_elfdyn_free(&o->dyn);
		return -1;
	}
	o->needed_by = by;
	o->dev = st->st_dev;
	o->ino = st->st_ino;
	w->nobj++;
	return 0;
}

/* Both loaders load a name once: as the object it stands for, or as the
 * file the search finds, unless that file is loaded already (both compare
 * device and inode). */
int lp_load(struct lp_walk *w, int by, const char *name)
{
	const struct loader *L = w->loader;
	char path[PATH_MAX];
	struct stat st;
	int r, fd;

	if (L->loaded(w, name) >= 0)
		return 0;
	r = L->find(w, by, name, path, sizeof path);
	if (r)
		return r < 0 ? -1 : 0;
	fd = take(w, path, &st);
	if (fd < 0 && stat(path, &st))
		return 0;
	for (size_t i = 0; i < w->nobj; i++)
		if (w->obj[i].dev == st.st_dev && w->obj[i].ino == st.st_ino) {
			if (fd >= 0)
				close(fd);
			return 0;
		}
	if (add_object(w, path, name, by, &st, NULL, fd))
		return -1;
	return lp_out(w, path, SF_LOADPATH_LIBRARY, 0);
}

static const struct loader *loader_for(const char *interp)
{
	const char *base = strrchr(interp, '/');

	base = base ? base + 1 : interp;
	if (!strncmp(base, "ld-linux", 8))
		return &glibc_loader;
	if (!strncmp(base, "ld-musl-", 8))
		return &musl_loader;
	return NULL;
}

static int walk_objects(struct lp_walk *w, const char *prog, struct sf_elfdyn *d)
{
	const struct loader *L = loader_for(w->interp);
	struct stat st;
	int fd;

	if (!L) {
		snprintf(w->err, w->errlen,
			 "%s: its loader %s is neither glibc's nor musl's: sf cannot tell what "
			 "it opens",
			 prog, w->interp);
		return -1;
	}
	w->loader = L;
	w->prog = prog;
	st.st_dev = d->dev;
	st.st_ino = d->ino;
	if (add_object(w, prog, NULL, -1, &st, d, -1))
		return -1;
	/* The loader is an object too: glibc's answers to its soname. One
	 * that cannot be opened the kernel cannot exec either. */
	fd = openat(AT_FDCWD, w->interp, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st)) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0 && add_object(w, w->interp, NULL, -1, &st, NULL, fd))
		return -1;
	if (L->preloads(w))
		return -1;
	for (size_t i = 0; i < w->nobj; i++)
		for (size_t k = 0; k < w->obj[i].dyn.nneeded; k++)
			if (lp_load(w, (int)i, w->obj[i].dyn.needed[k]))
				return -1;
	/* A search that needed $ORIGIN and could not have it may have
	 * missed a file. */
	if (w->origin_errno > 0) {
		snprintf(w->err, w->errlen, "%s: %s", prog, strerror(w->origin_errno));
		return -1;
	}
	return 0;
}

/* The interpreter of a "#!" line, into out; -1 when there is none. */
static int script_interp(const char *path, char *out, size_t size)
{
	char line[256];
	size_t i = 2, n = 0;
	ssize_t len;
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	len = read(fd, line, sizeof line - 1);
	close(fd);
	if (len < 2 || line[0] != '#' || line[1] != '!')
		return -1;
	while (i < (size_t)len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (i < (size_t)len && line[i] != ' ' && line[i] != '\t' && line[i] != '\n' &&
	       n + 1 < size)
		out[n++] = line[i++];
	out[n] = 0;
	return n ? 0 : -1;
}

static void free_walk(struct lp_walk *w)
{
	let_go(w);
	for (size_t i = 0; i < w->nobj; i++) {
		free(w->obj[i].path);
		free(w->obj[i].name);
		sf_elfdyn_free(&w->obj[i].dyn);
	}
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	free(w->sys_path);
	free(w->obj);
}

int sf_loader_paths(const char *prog, char *const envp[], struct sf_pathlist *out, char *err,
		    size_t errlen)
{
	/* On the stack: a few kilobytes, allocated and freed at no cost. */
	struct lp_walk walk, *w = &walk;
	char path[PATH_MAX], next[PATH_MAX];
	struct sf_elfdyn d;
	int r = -1;

	memset(w, 0, sizeof *w);
	w->held_fd = -1;
	w->envp = envp;
	w->out = out;
	w->err = err;
	w->errlen = errlen;
	if (lp_cat(path, sizeof path, prog, strlen(prog), "", "", "")) {
		snprintf(err, errlen, "%s: %s", prog, strerror(ENAMETOOLONG));
		return -1;
	}
	for (int depth = 0;; depth++) {
		if (sf_elfdyn_read(path, &d, err, errlen))
			goto done;
		if (d.is_elf)
			break;
		if (script_interp(path, next, sizeof next)) {
			snprintf(err, errlen, "%s: neither an ELF program nor a #! script", path);
			goto done;
		}
		if (depth == MAX_SCRIPT_DEPTH) {
			snprintf(err, errlen, "%s: too many levels of #! interpreters", prog);
			goto done;
		}
		if (lp_out(w, path, SF_LOADPATH_SCRIPT, 1))
			goto done;
		memcpy(path, next, sizeof next);
	}
	if (d.elfclass != ELFCLASS64) {
		snprintf(err, errlen, "%s: not a 64-bit program", path);
	} else if (!lp_out(w, path, SF_LOADPATH_PROGRAM, 1)) {
		w->machine = d.machine;
		w->interp = d.interp;
		if (!d.interp)
			r = 0;
		else if (!lp_out(w, d.interp, SF_LOADPATH_INTERP, 1))
			r = walk_objects(w, path, &d);
	}
	sf_elfdyn_free(&d);
done:
	free_walk(w);
	if (r)
		sf_pathlist_free(out);
	return r;
}

void sf_pathlist_free(struct sf_pathlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
