/* sf-run --why: Landlock's denials are an errno to the program, and the
 * kernel tells no one else. With --why, sf-run stops the program at the
 * end of every system call (ptrace), and for a file or socket call that
 * failed with EACCES or EXDEV names the path or port and the right no rule
 * of the policies grants. A diagnosis, not a sandbox feature: it slows the
 * program down. */
#ifndef SF_WHY_H
#define SF_WHY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "stack.h"

/* Takes the rules of s (paths made absolute against the directory sf-run,
 * and so the program, starts in). */
void sf_why_init(const struct sf_stack *s);

/* At a syscall-exit stop of tid: nr, args and the return value. Writes
 * one line (without "sf: ") into out and returns its length, or 0 when
 * nothing is to be said. */
size_t sf_why_exit(pid_t tid, int nr, const uint64_t args[6], long rval, char *out, size_t size);

#endif
