/* sf-run as the program's supervising parent: it starts the program under
 * ptrace, installs the filters into it from outside (the widened stack
 * right after exec, the exact one at the program's entry point), reports
 * every denial the kernel kills a process of the tree for, and exits as
 * the program exits. The kernel enforces; sf-run only installs and tells. */
#ifndef SF_SUPERVISE_H
#define SF_SUPERVISE_H

#include "landlock_stage.h"
#include "stack.h"

struct sf_supervise {
	const char *path; /* the program, as found */
	char **argv, **envp;
	/* In force from the entry point on; from exec on when widen is NULL
	 * (--early) or the program has no loader (static programs). */
	const struct sf_stack *exact;
	/* Each exact policy widened by what exec's dynamic loader needs, in
	 * force from exec until the entry point; landlock_calls: the exact
	 * path rules go in at the entry point, through calls the program is
	 * made to make. NULL for none. */
	const struct sf_stack *(*widen)(void *ctx, int landlock_calls);
	void *ctx;
	int quiet;	/* --kill: no report lines */
	int permissive; /* --permissive: stacks compiled with SF_REPORT_PERMIT */
	int mitigate;	/* keep the kernel's speculation mitigations */
	/* Path, port and scope rules: widened before exec, exact with the
	 * exact stack. */
	struct sf_ll_stage *landlock;
	/* --why: stop at every syscall's end, and name what a path rule
	 * denied (why.c). */
	int why;
};

/* Runs the program and exits with its status (the signal that ended it is
 * raised again); exits 125 when the filters cannot be installed, with the
 * program killed before its code ran. */
__attribute__((noreturn)) void sf_supervise(const struct sf_supervise *s);

#endif
