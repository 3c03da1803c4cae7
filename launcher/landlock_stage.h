/* sf-run's two Landlock stages, like its two seccomp stages: before exec,
 * its child restricts itself with each policy's rules widened by what
 * exec and the dynamic loader need; at the program's entry point (at exec
 * for static programs and --early) sf-run adds the exact rules from
 * outside, before the exact filters. */
#ifndef SF_LANDLOCK_STAGE_H
#define SF_LANDLOCK_STAGE_H

#include <stdint.h>
#include <sys/types.h>

#include "stack.h"

struct sf_ll_stage {
	int abi;    /* 0: nothing to enforce (no rules, or no Landlock) */
	int strict; /* refuse what the kernel cannot enforce */
	/* The widened rulesets, one a policy with rules: the child's. */
	int fds[SF_ID_MAX_POLICIES];
	size_t nfds;
	/* Each exact policy's paths, opened before the program runs: the
	 * exact rules at the entry point are for these inodes, whatever the
	 * program's code did to the paths meanwhile. */
	int *paths[SF_ID_MAX_POLICIES];
	/* Some policy does not grant what exec and the loader need: the
	 * widened rulesets differ from the exact ones, which go in at the
	 * entry point. Otherwise the rules before exec are the exact ones,
	 * and nothing is added later. */
	int widened;
};

/* Negotiates with the kernel for every policy of exact (stops sf-run with
 * 125 under strict where it cannot enforce) and builds the widened
 * rulesets for prog. cap: SF_LANDLOCK_ABI's, 0 for none. */
void sf_ll_stage_plan(struct sf_ll_stage *st, const struct sf_stack *exact, const char *prog,
		      int strict, int cap);

/* In sf-run's child before exec, which shares sf-run's memory: raw calls
 * only. 0, or -errno. */
long sf_ll_stage_child(const struct sf_ll_stage *st);

/* sf-run's copies of the widened rulesets, once the child has exec'd. */
void sf_ll_stage_close(struct sf_ll_stage *st);

/* The exact rules of each policy as one more domain of tid, stopped where
 * code may be placed at `at` and single-threaded: the ruleset is created
 * by tid, filled by sf-run through a copy of its descriptor (pidfd_getfd),
 * and enforced by tid. 0, or -1 with why. */
int sf_ll_stage_inject(const struct sf_ll_stage *st, const struct sf_stack *exact, pid_t tid,
		       uint64_t at, int *pending_sig, char *why, size_t size);

#endif
