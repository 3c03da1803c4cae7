/* The parts of loaderpaths.c: the walk over a program's objects, and each
 * loader's search (loaderpaths_glibc.c, loaderpaths_musl.c). */
#ifndef SF_LOADERPATHS_INT_H
#define SF_LOADERPATHS_INT_H

#include <limits.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "elfdyn.h"
#include "ldcache.h"
#include "loaderpaths.h"

/* More objects than any program loads; past it the walk fails. */
#define LP_MAX_OBJECTS 1024

struct lp_obj {
	char *path; /* as opened: $ORIGIN is its directory */
	char *name; /* the name it was asked for by (DT_NEEDED, LD_PRELOAD), or NULL */
	struct sf_elfdyn dyn;
	int needed_by; /* the object that loaded it, or -1 */
	dev_t dev;
	ino_t ino;
};

struct loader;

struct lp_walk {
	const struct loader *loader;
	struct lp_obj *obj;
	size_t nobj, obj_cap;
	char *const *envp;
	int machine;
	const char *interp;    /* PT_INTERP */
	const char *prog;      /* the ELF program's path */
	char origin[PATH_MAX]; /* its directory, symlinks resolved (/proc/self/exe) */
	int origin_errno;      /* origin: 0 not yet, -1 found, else why not */
	struct sf_pathlist *out;
	char *err;
	size_t errlen;
	/* glibc: the cache, opened when a search first reaches it. */
	const struct sf_ldcache *cache; /* sf_ldcache_open_kept's */
	int cache_state;		/* 0 not yet, 1 open, -1 none */
	/* glibc: what its search adds to each directory (loaderpaths_glibc.c),
	 * worked out on first use; what depends on the CPU (cpu_ready) only
	 * where a search meets a directory or cache entry that needs it. */
	int glibc_ready, cpu_ready;
	char lib[32], platform[32];
	char subdirs[24][64]; /* best first, each ending in '/'; "" last */
	size_t nsubdirs;
	const char *hwcaps[4]; /* the glibc-hwcaps names searched, best first, NULL ended */
	char defaults[4][64];  /* the default directories */
	size_t ndefaults;
	/* glibc: the directories searched so far, and whether each is there
	 * and has any subdirectory the search adds. */
	struct lp_dir {
		char *path;
		int kind; /* LP_DIR_* (loaderpaths_glibc.c) */
	} dirs[32];
	size_t ndirs;
	/* musl: the system path, read when a search first reaches it. */
	char *sys_path;
	/* The file lp_usable last found usable, still open (-1: none), for
	 * lp_load to read without opening it again. */
	int held_fd;
	struct stat held_st;
	char *held_path;
};

/* A loader's search for name, asked for by object by (-1: a preload).
 * 0 with the file in path; 1 not found; -1 error (in w->err). */
typedef int lp_find_fn(struct lp_walk *w, int by, const char *name, char *path, size_t size);

lp_find_fn lp_glibc_find;
lp_find_fn lp_musl_find;

/* The object name stands for without a search (already loaded, or the
 * loader itself), or -1. */
int lp_glibc_loaded(const struct lp_walk *w, const char *name);
int lp_musl_loaded(const struct lp_walk *w, const char *name);

/* Loads the preloads, in the loader's order, through lp_load. */
int lp_glibc_preloads(struct lp_walk *w);
int lp_musl_preloads(struct lp_walk *w);

/* Loads name, asked for by object by (-1: nobody), and adds the file
 * found to the result: 0, or -1 (in w->err). */
int lp_load(struct lp_walk *w, int by, const char *name);

/* $ORIGIN of the program, found when first asked (most programs never
 * ask): NULL when it cannot be told, and then the walk fails. */
const char *lp_origin(struct lp_walk *w);

/* The value of an environment variable in w->envp, or NULL. */
const char *lp_getenv(const struct lp_walk *w, const char *name);

/* Adds path to the result once. 0 or -1 (out of memory, in w->err). */
int lp_out(struct lp_walk *w, const char *path, enum sf_loadpath_kind kind, int execute);

/* Whether path is a regular file the loader would take for this
 * program: an ELF file of its class and machine (1), else 0. Sets
 * *exists when the file is there at all. */
int lp_usable(struct lp_walk *w, const char *path, int *exists);

/* The first alen bytes of a, then b, c and d, into out; 0, or -1 when
 * they do not fit. musl's printf costs as much as a system call here. */
int lp_cat(char *out, size_t size, const char *a, size_t alen, const char *b, const char *c,
	   const char *d);

/* dir "/" name into out; 0, or -1 when it does not fit. */
int lp_join(char *out, size_t size, const char *dir, size_t dirlen, const char *name);

#endif
