/* sf-run's Landlock stage. Its child restricts itself with each policy's
 * exact rules and asks the kernel, by opening them, whether they let the
 * loader read its files (execve checks the program itself): if so, the
 * program runs under the exact rules from exec on. If not, a second child
 * runs under the rules widened by what exec and the dynamic loader need,
 * and at the program's entry point (at exec for static programs and
 * --early) sf-run adds the exact rules from outside, before the exact
 * filters, as it does the seccomp stages. */
#ifndef SF_LANDLOCK_STAGE_H
#define SF_LANDLOCK_STAGE_H

#include <stdint.h>
#include <sys/types.h>

#include "stack.h"

struct sf_ll_stage {
	int abi;    /* 0: nothing to enforce (no rules, or no Landlock) */
	int strict; /* refuse what the kernel cannot enforce */
	const struct sf_stack *exact;
	/* Each policy's ruleset (-1: none): the child's before exec. */
	int fds[SF_ID_MAX_POLICIES];
	/* What exec and the loader open for the program, as path rules. */
	struct sf_landlock loader;
	/* The rulesets are widened by the loader's files: the exact ones go
	 * in at the entry point, with each policy's paths as opened here,
	 * before the program ran. */
	int widened;
	int *paths[SF_ID_MAX_POLICIES];
};

/* Negotiates with the kernel for every policy of exact (stops sf-run with
 * 125 under strict where it cannot enforce), makes the exact rulesets and
 * finds what exec and the loader open for prog. cap: SF_LANDLOCK_ABI's, 0
 * for none. */
void sf_ll_stage_plan(struct sf_ll_stage *st, const struct sf_stack *exact, const char *prog,
		      int strict, int cap);

/* In sf-run's child, under the exact rulesets, before exec, sharing
 * sf-run's memory (raw calls only): whether they deny the loader a file
 * it reads. The kernel answers, as it will answer the loader: when it
 * denies none (and execve then denies neither the program nor its
 * interpreter), the program runs under the exact rules from exec on. */
int sf_ll_stage_loader_denied(const struct sf_ll_stage *st);

/* Widens the rulesets by the loader's files, for a second child: the
 * exact rules then go in at the entry point. */
void sf_ll_stage_widen(struct sf_ll_stage *st);

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
