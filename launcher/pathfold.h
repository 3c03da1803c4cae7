/* Learned paths folded into directories: where every file under a
 * directory was used with the same rights, one rule for the directory
 * stands for them. Pure: the directories are listed through a callback,
 * so that the fold can be tested on made-up trees (tests/test_pathfold.c). */
#ifndef SF_PATHFOLD_H
#define SF_PATHFOLD_H

#include <stddef.h>

/* The rights, as the policy language words them ("read write ..."). */
enum {
	SF_PR_READ = 1u << 0,
	SF_PR_WRITE = 1u << 1,
	SF_PR_EXECUTE = 1u << 2,
	SF_PR_CREATE = 1u << 3,
	SF_PR_REMOVE = 1u << 4,
	SF_PR_REFER = 1u << 5,
	SF_PR_IOCTL = 1u << 6,
};

struct sf_pathrule {
	char *path; /* absolute, without "." or ".." components, no trailing '/' */
	unsigned rights;
};

struct sf_pathset {
	struct sf_pathrule *v;
	size_t n, cap;
};

/* Adds rights to path's (added when new). 0, or -1: out of memory. */
int sf_pathset_add(struct sf_pathset *s, const char *path, unsigned rights);
/* The rights recorded for path, or 0. */
unsigned sf_pathset_get(const struct sf_pathset *s, const char *path);
void sf_pathset_sort(struct sf_pathset *s);
void sf_pathset_free(struct sf_pathset *s);

/* "read write", the words of rights in the language's order. */
void sf_rights_words(unsigned rights, char *buf, size_t size);

struct sf_fold_entry {
	char name[256];
	int is_dir; /* a directory, not a symlink to one */
};

/* Lists dir into e (at most max entries, "." and ".." left out): how
 * many, max + 1 when there are more, -1 when dir cannot be listed. */
typedef long sf_fold_lister(void *ctx, const char *dir, struct sf_fold_entry *e, size_t max);

/* The file system's lister (ctx unused). */
long sf_fold_list_fs(void *ctx, const char *dir, struct sf_fold_entry *e, size_t max);

/* Folds the records rec into out (empty on entry), sorted by path. A
 * directory D takes the place of the records beneath it when D has at
 * least two entries, each of which is either recorded with the same
 * rights R or a directory that folds to R itself, and D is not recorded
 * with other rights. D is never "/", home, or a directory above home
 * (home may be NULL). A record is never widened otherwise. 0, or -1: out
 * of memory. */
int sf_path_fold(const struct sf_pathset *rec, const char *home, sf_fold_lister *list, void *ctx,
		 struct sf_pathset *out);

#endif
