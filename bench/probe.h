/* Inputs that exercise a syscall's rule, and the instructions a program
 * executes for each syscall number of the native arch. */
#ifndef SF_BENCH_PROBE_H
#define SF_BENCH_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "bpf.h"
#include "policy.h"

#define PROBE_MAX 512

struct probes {
	size_t n;
	struct seccomp_data sd[PROBE_MAX];
};

/* All-zero arguments, then for a rule with conditions: each value its
 * comparisons name (and its neighbours, 0 and all ones) in each compared
 * argument alone, those values in all compared arguments at once, and
 * seeded random mixes of them. */
void probes_for(const struct sf_policy *p, uint32_t nr, struct probes *out);

/* What one syscall number costs: whether some probe is allowed (ALLOW or
 * LOG), and the most instructions executed by a probe of that outcome. */
struct cost {
	uint32_t nr;
	const char *name;
	int allowed;
	size_t insns;
};

/* One cost per entry of the native arch's table; returns the count. The
 * probes are probes_for's and, for each number, the constants prog compares
 * its arguments with after the dispatch (each in one argument alone). */
size_t costs_of(const struct sf_prog *prog, const struct sf_policy *p, struct cost *out,
		size_t max);

/* xorshift64, for deterministic random arguments. */
uint64_t probe_rand(uint64_t *state);

#endif
