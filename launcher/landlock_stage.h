/* sf-run's two Landlock stages, like its two seccomp stages: before exec,
 * its child restricts itself with each policy's rules widened by what
 * exec and the dynamic loader need; at the program's entry point (at exec
 * for static programs and --early) sf-run adds the exact rules from
 * outside, before the exact filters. */
#ifndef SF_LANDLOCK_STAGE_H
#define SF_LANDLOCK_STAGE_H

#include <stdint.h>
#include <sys/types.h>

#include "landlock.h"
#include "stack.h"

struct sf_ll_stage {
	int abi;    /* 0: nothing to enforce (no rules, or no Landlock) */
	int strict; /* refuse what the kernel cannot enforce */
	const struct sf_stack *exact;
	/* Each policy's ruleset (-1: none), made by sf-run, filled with the
	 * policy's paths by the child and with the loader's files by sf-run
	 * meanwhile: the child restricts itself with it before exec. */
	int fds[SF_ID_MAX_POLICIES];
	/* The inode each policy's path held in the child's rules. */
	struct sf_ll_inode *seen[SF_ID_MAX_POLICIES];
	/* What exec and the loader open for the program, and the
	 * descriptors through which the rulesets grant it. */
	struct sf_landlock loader;
	int *loader_fds;
	/* Each exact policy's paths for the rules at the entry point, opened
	 * before the program runs: they hold these inodes, whatever the
	 * program's code does to the paths meanwhile. */
	int *paths[SF_ID_MAX_POLICIES];
	/* Some policy does not grant what exec and the loader need: the
	 * rulesets before exec are wider than the exact ones, which go in
	 * at the entry point. Otherwise the loader's rules grant nothing
	 * the policy's do not, and nothing is added later. */
	int widened;
};

/* The stage, in the order it runs (sf-run's child shares its memory):
 *   sf-run: sf_ll_stage_plan, then starts the child;
 *   child:  sf_ll_stage_fill      sf-run: sf_ll_stage_loader
 *   child:  waits for sf-run, sf_ll_stage_child, execs;
 *   sf-run, while the kernel execs: sf_ll_stage_settle.
 * The policy's paths and the loader's search, the two slow parts, run
 * side by side; what only decides the entry point waits for exec. */

/* Negotiates with the kernel for every policy of exact (stops sf-run with
 * 125 under strict where it cannot enforce) and makes the rulesets, with
 * their port rules. cap: SF_LANDLOCK_ABI's, 0 for none. */
void sf_ll_stage_plan(struct sf_ll_stage *st, const struct sf_stack *exact, int strict, int cap);

/* In sf-run's child: the policies' path rules into the rulesets, noting
 * their inodes. Raw calls only. 0, or -1 with why. */
int sf_ll_stage_fill(struct sf_ll_stage *st, char *why, size_t size);

/* In sf-run before the child execs: the files exec and the loader open
 * for prog into the rulesets of policies with path rules. Stops sf-run
 * on an error. */
void sf_ll_stage_loader(struct sf_ll_stage *st, const char *prog);

/* In sf-run's child before exec, after the two above: raw calls only. 0,
 * or -errno. */
long sf_ll_stage_child(const struct sf_ll_stage *st);

/* In sf-run once the child has filled the rulesets: whether the loader's
 * rules widened them (st->widened), and if so the exact paths opened for
 * the entry point. Stops sf-run on an error. */
void sf_ll_stage_settle(struct sf_ll_stage *st);

/* sf-run's copies of the widened rulesets, once the child has exec'd. */
void sf_ll_stage_close(struct sf_ll_stage *st);

/* The exact rules of each policy as one more domain of tid, stopped where
 * code may be placed at `at` and single-threaded: the ruleset is created
 * by tid, filled by sf-run through a copy of its descriptor (pidfd_getfd),
 * and enforced by tid. 0, or -1 with why. */
int sf_ll_stage_inject(const struct sf_ll_stage *st, const struct sf_stack *exact, pid_t tid,
		       uint64_t at, int *pending_sig, char *why, size_t size);

#endif
