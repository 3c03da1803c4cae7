#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pathfold.h"

/* Entries one directory may have to be folded, and entries a fold may
 * list in all: past them, no fold (a learned policy is not worth a walk
 * of the whole file system). */
#define MAX_ENTRIES 4096
#define MAX_LISTED 200000
#define MAX_DEPTH 32
#define NO_FOLD 0x80000000u

int sf_pathset_add(struct sf_pathset *s, const char *path, unsigned rights)
{
	for (size_t i = 0; i < s->n; i++) {
		if (!strcmp(s->v[i].path, path)) {
			s->v[i].rights |= rights;
			return 0;
		}
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 32;
		struct sf_pathrule *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].path = strdup(path);
	if (!s->v[s->n].path)
		return -1;
	s->v[s->n++].rights = rights;
	return 0;
}

unsigned sf_pathset_get(const struct sf_pathset *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].path, path))
			return s->v[i].rights;
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct sf_pathrule *)a)->path, ((const struct sf_pathrule *)b)->path);
}

void sf_pathset_sort(struct sf_pathset *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), by_path);
}

void sf_pathset_free(struct sf_pathset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void sf_rights_words(unsigned rights, char *buf, size_t size)
{
	static const char *const words[] = {"read",   "write", "execute", "create",
					    "remove", "refer", "ioctl"};
	size_t len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (rights & (1u << i) && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "",
						words[i]);
}

long sf_fold_list_fs(void *ctx, const char *dir, struct sf_fold_entry *e, size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	(void)ctx;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[4096];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == max) {
			n++;
			break;
		}
		snprintf(e[n].name, sizeof e[n].name, "%s", de->d_name);
		if (de->d_type != DT_UNKNOWN) {
			e[n].is_dir = de->d_type == DT_DIR;
		} else {
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			e[n].is_dir = !lstat(path, &st) && S_ISDIR(st.st_mode);
		}
		n++;
	}
	closedir(d);
	return (long)n;
}

struct fold {
	const struct sf_pathset *rec; /* sorted */
	const char *home;
	sf_fold_lister *list;
	void *ctx;
	struct sf_pathset memo; /* directory -> its fold, or NO_FOLD */
	size_t listed;
};

/* Whether a fold may end at dir: not /, not home, not above home. */
static int may_fold(const struct fold *f, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return 0;
	if (!f->home)
		return 1;
	return !(!strncmp(f->home, dir, n) && (f->home[n] == 0 || f->home[n] == '/'));
}

/* How many records lie strictly beneath dir. */
static size_t records_beneath(const struct fold *f, const char *dir)
{
	size_t n = strlen(dir), count = 0;

	for (size_t i = 0; i < f->rec->n; i++) {
		const char *p = f->rec->v[i].path;

		if (!strncmp(p, dir, n) && p[n] == '/' && p[n + 1])
			count++;
	}
	return count;
}

static unsigned fold_dir(struct fold *f, const char *dir, int depth);

static unsigned fold_entries(struct fold *f, const char *dir, int depth)
{
	struct sf_fold_entry *e;
	unsigned r = NO_FOLD;
	long n;

	/* Each entry accounts for one record beneath at least. */
	if (depth > MAX_DEPTH || f->listed > MAX_LISTED)
		return NO_FOLD;
	e = malloc(sizeof(*e) * (MAX_ENTRIES + 1));
	if (!e)
		return NO_FOLD;
	n = f->list(f->ctx, dir, e, MAX_ENTRIES);
	if (n < 2 || n > MAX_ENTRIES || records_beneath(f, dir) < (size_t)n)
		goto out;
	f->listed += (size_t)n;
	for (long i = 0; i < n; i++) {
		char path[4096];
		unsigned er;

		if ((size_t)snprintf(path, sizeof path, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "",
				     e[i].name) >= sizeof path) {
			r = NO_FOLD;
			goto out;
		}
		er = sf_pathset_get(f->rec, path);
		if (!er && e[i].is_dir)
			er = fold_dir(f, path, depth + 1);
		if (!er || er == NO_FOLD || (i && er != r)) {
			r = NO_FOLD;
			goto out;
		}
		r = er;
	}
	if (sf_pathset_get(f->rec, dir) && sf_pathset_get(f->rec, dir) != r)
		r = NO_FOLD;
out:
	free(e);
	return r;
}

/* The rights every entry beneath dir was used with, or NO_FOLD. */
static unsigned fold_dir(struct fold *f, const char *dir, int depth)
{
	unsigned r;

	for (size_t i = 0; i < f->memo.n; i++)
		if (!strcmp(f->memo.v[i].path, dir))
			return f->memo.v[i].rights;
	r = fold_entries(f, dir, depth);
	if (sf_pathset_add(&f->memo, dir, r))
		return NO_FOLD;
	return r;
}

/* A rule beneath a directory's rule that grants all its rights says
 * nothing more: the directory's rights hold beneath it. out is sorted, so
 * a directory comes before what lies beneath it. */
static void drop_covered(struct sf_pathset *out)
{
	size_t k = 0;

	for (size_t i = 0; i < out->n; i++) {
		const struct sf_pathrule *q = &out->v[i];
		int covered = 0;

		for (size_t j = 0; j < k && !covered; j++) {
			size_t n = strlen(out->v[j].path);

			covered = !strncmp(q->path, out->v[j].path, n) &&
				  (q->path[n] == '/' || !strcmp(out->v[j].path, "/")) &&
				  (q->rights & ~out->v[j].rights) == 0;
		}
		if (covered)
			free(q->path);
		else
			out->v[k++] = *q;
	}
	out->n = k;
}

int sf_path_fold(const struct sf_pathset *rec, const char *home, sf_fold_lister *list, void *ctx,
		 struct sf_pathset *out)
{
	struct sf_pathset sorted = {0};
	struct fold f = {&sorted, home, list, ctx, {0}, 0};
	int r = 0;

	for (size_t i = 0; i < rec->n && !r; i++)
		r = sf_pathset_add(&sorted, rec->v[i].path, rec->v[i].rights);
	sf_pathset_sort(&sorted);
	for (size_t i = 0; i < sorted.n && !r; i++) {
		const char *p = sorted.v[i].path;
		char dir[4096];
		const char *at = NULL;

		/* The topmost directory above p that folds to p's rights. */
		for (const char *s = strchr(p + 1, '/'); s && !at; s = strchr(s + 1, '/')) {
			if ((size_t)(s - p) >= sizeof dir)
				break;
			memcpy(dir, p, (size_t)(s - p));
			dir[s - p] = 0;
			if (may_fold(&f, dir) && fold_dir(&f, dir, 0) == sorted.v[i].rights)
				at = dir;
		}
		r = sf_pathset_add(out, at ? at : p, sorted.v[i].rights);
	}
	sf_pathset_sort(out);
	drop_covered(out);
	sf_pathset_free(&sorted);
	sf_pathset_free(&f.memo);
	return r;
}
