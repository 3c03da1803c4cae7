/* The shape of a compiled program, seen from the syscall number alone. */
#ifndef SF_BENCH_DISPATCH_H
#define SF_BENCH_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "bpf.h"

/* Runs prog knowing only arch and nr (as the kernel's cache analysis does)
 * up to the first instruction that needs more: a `ret` or a load of an
 * argument. Returns that instruction's index (the leaf of the dispatch),
 * or -1; *jumps gets the conditional jumps made on nr on the way. */
long dispatch_leaf(const struct sf_prog *prog, uint32_t arch, uint32_t nr, size_t *jumps);

/* The intervals of syscall numbers (over all 2^32) that lead to different
 * leaves, what a dispatch tree has to tell apart, by the kind of leaf:
 * `ret ALLOW`, argument checks, any other `ret`. */
struct intervals {
	size_t total, allow, checked, other;
	uint32_t *first; /* where each interval starts, ascending */
};
void dispatch_intervals(const struct sf_prog *prog, uint32_t arch, struct intervals *out);
void dispatch_intervals_free(struct intervals *iv);
/* Which interval of iv holds nr. */
size_t dispatch_interval_of(const struct intervals *iv, uint32_t nr);

/* The most instructions any path through prog executes (all jumps go
 * forward, so the program is a DAG). */
size_t longest_path(const struct sf_prog *prog);

#endif
