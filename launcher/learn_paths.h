/* sf-run --learn (unless --learn-no-paths): the files and TCP ports the
 * program used, read from its memory at each call, for the path and port
 * rules of a learned policy (learn_paths_write.c writes them, folded by
 * pathfold.c).
 *
 * What is recorded is advice, not enforcement: a path is read from the
 * caller's memory while the call waits, and the caller (or another thread
 * sharing its memory) may change it before the kernel reads it; a
 * relative path is resolved against the caller's working directory or
 * descriptor as they are at that moment; ".." is resolved by the name,
 * not through symlinks. The enforcement is Landlock's, on what the kernel
 * finally opens. */
#ifndef SF_LEARN_PATHS_H
#define SF_LEARN_PATHS_H

#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>

#include "pathfold.h"
#include "syscalls.h"

#define SF_LEARN_PATHS_NR_LIMIT 4096

struct sf_learn_paths {
	struct sf_pathset files;
	unsigned char connect[65536 / 8], bind[65536 / 8]; /* TCP ports, a bit each */
	unsigned char op[SF_LEARN_PATHS_NR_LIMIT];	   /* what each call number does */
	uint64_t unread; /* calls whose path or address could not be read */
};

void sf_learn_paths_init(struct sf_learn_paths *p, const struct sf_syscall_table *t);
void sf_learn_paths_free(struct sf_learn_paths *p);

/* Records what the call req (pending on listener) does to files and
 * ports, if anything. Nothing is recorded when the call is no longer
 * pending once its arguments are read (the caller died, and its pid may
 * be another process's by now). */
void sf_learn_paths_see(struct sf_learn_paths *p, int listener, const struct seccomp_notif *req);

/* Writes the path and port rules, folded (never wider than home, which
 * may be NULL), after a comment heading. */
void sf_learn_paths_write(FILE *f, const struct sf_learn_paths *p, const char *home);

/* A path as the policy language takes it: plain, or double-quoted with C
 * escapes when it holds a blank, ',', ':', '#', a quote, a backslash, a
 * control character or a byte outside ASCII. */
void sf_put_path(FILE *f, const char *path);

#endif
