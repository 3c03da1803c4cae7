/* sf-run --explain: a compiled seccomp program (sf's own, or a raw one
 * from libseccomp, minijail, bwrap) turned back into sf policy text that
 * compiles to an equivalent filter. */
#ifndef SF_EXPLAIN_H
#define SF_EXPLAIN_H

#include <stdio.h>

#include "bpf.h"

/* Writes the policy for prog on arch to out; source names the program in
 * the header comment. What the language cannot say (e.g. a test on the
 * upper half of a 32-bit argument) is approximated and listed in "# note:"
 * lines. 0, or -1 with why. */
int sf_explain(FILE *out, const struct sf_prog *prog, enum sf_arch arch, const char *source,
	       char *why, size_t size);

/* sf-run --explain (each policy of the stack, compiled in kill mode) and
 * --explain-bpf FILE: return the exit status. */
struct sf_stack;
int sf_mode_explain(const struct sf_stack *s);
int sf_mode_explain_bpf(const char *path, enum sf_arch arch);

/* Reads a raw filter: a little-endian array of struct sock_filter. */
int sf_prog_read_raw(const char *path, struct sf_prog *out, char *why, size_t size);

#endif
