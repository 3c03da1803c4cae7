/* A stack of seccomp programs as one program. The kernel runs every filter
 * of a stack and keeps the most severe answer (the newest filter's among
 * equals); the merged program computes the same answer for every input,
 * so a stack can be installed with one seccomp() call: one that denies
 * seccomp() no longer keeps the others out, and the kernel checks, JITs
 * and runs one program instead of several. */
#ifndef SF_MERGE_H
#define SF_MERGE_H

#include <stddef.h>

#include "bpf.h"
#include "error.h"

/* progs[0] is the oldest (installed first). The programs may use neither
 * the scratch memory nor `ret a` (sf's compiler emits neither). Calls
 * every program allows outright stay outright allowed (the kernel's
 * action cache still proves them). 0, or -1 with err (too large, or a
 * program it cannot merge). */
int sf_prog_merge(const struct sf_prog *progs, size_t n, struct sf_prog *out,
		  struct sf_error *err);

#endif
