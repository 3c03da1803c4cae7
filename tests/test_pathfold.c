/* The fold of learned paths (launcher/pathfold.c) on made-up trees: cases
 * by hand, then properties over random trees and records: every record is
 * covered with its rights (a recorded directory's may hold more); a file a folded rule covers was
 * recorded with those rights (or lies beneath a directory that was); a fold never ends at "/", at
 * home or above it; no rule lies beneath another that grants all its rights; the result is sorted
 * and has each path once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathfold.h"
#include "test.h"

#define MAX_NODES 512

struct tree {
	char *path[MAX_NODES];
	int is_dir[MAX_NODES];
	size_t n;
};

static void node(struct tree *t, const char *path, int is_dir)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->path[i], path))
			return;
	if (t->n < MAX_NODES) {
		t->path[t->n] = strdup(path);
		t->is_dir[t->n++] = is_dir;
	}
}

/* A file and the directories above it. */
static void file(struct tree *t, const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof buf, "%s", path);
	for (char *s = strchr(buf + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		node(t, buf, 1);
		*s = '/';
	}
	node(t, path, 0);
}

static void tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->path[i]);
	t->n = 0;
}

static long list_tree(void *ctx, const char *dir, struct sf_fold_entry *e, size_t max)
{
	const struct tree *t = ctx;
	size_t dl = strlen(dir), n = 0;
	int found = !strcmp(dir, "/");

	for (size_t i = 0; i < t->n; i++) {
		const char *p = t->path[i];
		size_t base = !strcmp(dir, "/") ? 1 : dl + 1;

		if (!strcmp(p, dir) && t->is_dir[i])
			found = 1;
		if (strncmp(p, dir, dl) || (strcmp(dir, "/") && p[dl] != '/') || !p[base - 1] ||
		    strchr(p + base, '/') || !p[base])
			continue;
		if (n == max)
			return (long)max + 1;
		snprintf(e[n].name, sizeof e[n].name, "%s", p + base);
		e[n++].is_dir = t->is_dir[i];
	}
	return found ? (long)n : -1;
}

static int beneath(const char *p, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return p[0] == '/';
	return !strncmp(p, dir, n) && (p[n] == '/' || !p[n]);
}

static void fold(const struct tree *t, const struct sf_pathset *rec, const char *home,
		 struct sf_pathset *out)
{
	memset(out, 0, sizeof(*out));
	CHECK(sf_path_fold(rec, home, list_tree, (void *)t, out) == 0);
}

static const char *rule_text(const struct sf_pathset *s)
{
	static char buf[8192];
	size_t len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < s->n; i++) {
		char w[128];

		sf_rights_words(s->v[i].rights, w, sizeof w);
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s: %s", i ? "; " : "",
					s->v[i].path, w);
	}
	return buf;
}

static void expect(const struct tree *t, const struct sf_pathset *rec, const char *home,
		   const char *want)
{
	struct sf_pathset out;

	fold(t, rec, home, &out);
	CHECKF(!strcmp(rule_text(&out), want), "got '%s', want '%s'", rule_text(&out), want);
	sf_pathset_free(&out);
}

static void by_hand(void)
{
	struct tree t = {0};
	struct sf_pathset rec = {0};

	file(&t, "/srv/www/a");
	file(&t, "/srv/www/b");
	file(&t, "/srv/www/sub/x");
	file(&t, "/srv/www/sub/y");
	file(&t, "/srv/other");
	sf_pathset_add(&rec, "/srv/www/a", SF_PR_READ);
	sf_pathset_add(&rec, "/srv/www/b", SF_PR_READ);
	sf_pathset_add(&rec, "/srv/www/sub/x", SF_PR_READ);
	expect(&t, &rec, NULL, "/srv/www/a: read; /srv/www/b: read; /srv/www/sub/x: read");
	sf_pathset_add(&rec, "/srv/www/sub/y", SF_PR_READ);
	/* /srv holds an unused file: the fold stops at /srv/www. */
	expect(&t, &rec, NULL, "/srv/www: read");
	sf_pathset_add(&rec, "/srv/other", SF_PR_READ);
	/* Every file under / used alike: never "/". */
	expect(&t, &rec, NULL, "/srv: read");
	sf_pathset_add(&rec, "/srv/www/b", SF_PR_WRITE);
	expect(&t, &rec, NULL,
	       "/srv/other: read; /srv/www/a: read; /srv/www/b: read write; /srv/www/sub: read");
	sf_pathset_free(&rec);
	tree_free(&t);

	/* Home and above: never a fold; below it, yes. */
	file(&t, "/home/u/a");
	file(&t, "/home/u/b");
	file(&t, "/home/u/d/x");
	file(&t, "/home/u/d/y");
	sf_pathset_add(&rec, "/home/u/a", SF_PR_READ);
	sf_pathset_add(&rec, "/home/u/b", SF_PR_READ);
	sf_pathset_add(&rec, "/home/u/d/x", SF_PR_READ);
	sf_pathset_add(&rec, "/home/u/d/y", SF_PR_READ);
	expect(&t, &rec, "/home/u", "/home/u/a: read; /home/u/b: read; /home/u/d: read");
	expect(&t, &rec, "/home/u/", "/home/u/a: read; /home/u/b: read; /home/u/d: read");
	expect(&t, &rec, NULL, "/home/u: read"); /* /home has one entry */
	/* A directory recorded with other rights than its files keeps its
	 * own rule, and its files theirs. */
	sf_pathset_add(&rec, "/home/u/d", SF_PR_CREATE);
	expect(&t, &rec, "/home/u",
	       "/home/u/a: read; /home/u/b: read; /home/u/d: create; /home/u/d/x: read; "
	       "/home/u/d/y: read");
	sf_pathset_free(&rec);
	tree_free(&t);

	/* One file in a directory is no reason to grant the directory. */
	file(&t, "/etc/app/only");
	file(&t, "/etc/passwd");
	sf_pathset_add(&rec, "/etc/app/only", SF_PR_READ);
	expect(&t, &rec, NULL, "/etc/app/only: read");
	/* Words in the language's order. */
	{
		char w[128];

		sf_rights_words(SF_PR_IOCTL | SF_PR_READ | SF_PR_REFER | SF_PR_EXECUTE |
				    SF_PR_CREATE | SF_PR_REMOVE | SF_PR_WRITE,
				w, sizeof w);
		CHECK(!strcmp(w, "read write execute create remove refer ioctl"));
	}
	sf_pathset_free(&rec);
	tree_free(&t);
}

static unsigned rnd_state = 12345;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static void properties(int rounds)
{
	static const unsigned rights[] = {SF_PR_READ, SF_PR_READ | SF_PR_WRITE, SF_PR_CREATE};
	static const char *const homes[] = {NULL, "/h", "/h/u", "/a/b"};
	int folds = 0;

	for (int round = 0; round < rounds; round++) {
		struct tree t = {0};
		struct sf_pathset rec = {0}, out;
		const char *home = homes[rnd(4)];
		unsigned bad = 0;

		/* Paths from a small alphabet, so that directories fill up. */
		for (int i = 0, nf = 2 + (int)rnd(30); i < nf; i++) {
			char p[256] = "";
			int depth = 1 + (int)rnd(4);

			for (int d = 0; d < depth; d++) {
				static const char *const names[] = {"a", "b", "h", "u"};

				strcat(p, "/");
				strcat(p, names[rnd(4)]);
			}
			/* A file where a directory already is would be odd. */
			int clash = 0;

			for (size_t k = 0; k < t.n; k++)
				if (beneath(t.path[k], p) ||
				    (beneath(p, t.path[k]) && !t.is_dir[k]))
					clash = 1;
			if (!clash)
				file(&t, p);
		}
		unsigned r0 = rights[rnd(3)];

		for (size_t k = 0; k < t.n; k++) {
			/* Most files get the same rights, some others, some none;
			 * now and then a directory is recorded. */
			unsigned c = rnd(10);

			if (!t.is_dir[k] && c < 7)
				sf_pathset_add(&rec, t.path[k], c < 6 ? r0 : rights[rnd(3)]);
			else if (t.is_dir[k] && c == 0)
				sf_pathset_add(&rec, t.path[k], r0);
		}
		fold(&t, &rec, home, &out);
		/* Each record covered with its rights: by a rule of its own
		 * rights, or by one a recorded directory above it has, which
		 * holds them all. */
		for (size_t i = 0; i < rec.n; i++) {
			const struct sf_pathrule *x = &rec.v[i];
			int covered = 0;

			for (size_t k = 0; k < out.n; k++) {
				if (!beneath(x->path, out.v[k].path))
					continue;
				covered |= out.v[k].rights == x->rights;
				for (size_t d = 0; d < rec.n; d++)
					covered |= beneath(x->path, rec.v[d].path) &&
						   beneath(rec.v[d].path, out.v[k].path) &&
						   rec.v[d].rights == out.v[k].rights &&
						   !(x->rights & ~out.v[k].rights);
			}
			bad |= !covered;
		}
		for (size_t k = 0; k < out.n; k++)
			if (!sf_pathset_get(&rec, out.v[k].path)) {
				folds++;
				break;
			}
		for (size_t k = 0; k < out.n; k++) {
			const char *q = out.v[k].path;
			unsigned r = out.v[k].rights;
			int folded = !sf_pathset_get(&rec, q) || sf_pathset_get(&rec, q) != r;

			/* Sorted, each path once. */
			bad |= (k && strcmp(out.v[k - 1].path, q) >= 0) << 1;
			/* Never / or home or above it, unless recorded so. */
			if (folded)
				bad |= (!strcmp(q, "/") || (home && beneath(home, q))) << 2;
			/* No widening: each file beneath q was recorded with r, or
			 * lies beneath a directory recorded with r that is q or
			 * beneath it. */
			for (size_t n = 0; n < t.n; n++) {
				const char *x = t.path[n];
				int ok = 0;

				if (t.is_dir[n] || !beneath(x, q))
					continue;
				for (size_t i = 0; i < rec.n; i++)
					ok |= beneath(x, rec.v[i].path) &&
					      beneath(rec.v[i].path, q) && rec.v[i].rights == r;
				bad |= !ok << 3;
			}
			/* Nothing beneath another rule that grants all of it. */
			for (size_t j = 0; j < out.n; j++)
				bad |= (j != k && beneath(q, out.v[j].path) &&
					(r & ~out.v[j].rights) == 0)
				       << 4;
		}
		CHECKF(!bad, "round %d: property %#x fails: records '%s'", round, bad,
		       rule_text(&rec));
		if (bad)
			fprintf(stderr, "  folded: %s\n", rule_text(&out));
		sf_pathset_free(&out);
		sf_pathset_free(&rec);
		tree_free(&t);
	}
	/* The properties mean something only where folds happen. */
	CHECKF(folds > rounds / 10, "%d rounds of %d folded anything", folds, rounds);
	printf("properties: %d rounds, %d with a fold\n", rounds, folds);
}

/* The file system's lister on a real directory. */
static void real_dir(void)
{
	char dir[] = "/tmp/sf-pathfold.XXXXXX", p[256];
	struct sf_fold_entry e[8];
	long n;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(p, sizeof p, "%s/f", dir);
	fclose(fopen(p, "w"));
	snprintf(p, sizeof p, "%s/d", dir);
	mkdir(p, 0700);
	n = sf_fold_list_fs(NULL, dir, e, 8);
	CHECK(n == 2);
	CHECK(n == 2 && ((!strcmp(e[0].name, "d") && e[0].is_dir && !e[1].is_dir) ||
			 (!strcmp(e[1].name, "d") && e[1].is_dir && !e[0].is_dir)));
	CHECK(sf_fold_list_fs(NULL, dir, e, 1) == 2);
	CHECK(sf_fold_list_fs(NULL, "/nonexistent", e, 8) == -1);
	rmdir(p);
	snprintf(p, sizeof p, "%s/f", dir);
	unlink(p);
	rmdir(dir);
}

int main(void)
{
	by_hand();
	properties(3000);
	real_dir();
	return test_report("test_pathfold");
}
