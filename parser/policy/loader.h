/* The calls exec and the dynamic loader make before the shim takes over:
 * sf-run's pre-exec filter is the policy widened by these. */
#ifndef SF_LOADER_H
#define SF_LOADER_H

#include "error.h"
#include "policy.h"

/* Widens p in place: each call the loader needs is allowed (openat only
 * read-only), every other call keeps the policy's own rule and action. */
int sf_policy_widen_for_loader(struct sf_policy *p, struct sf_error *err);

/* The same for a stack installed right after exec (sf-run injects it):
 * execve keeps the policy's own rule, since exec is done. (The filters
 * stay in force after the exact ones join them, so they can only ever
 * allow more than the policy, never less: sf-run itself stops a second
 * exec before the entry point.) */
int sf_policy_widen_after_exec(struct sf_policy *p, struct sf_error *err);

/* Allows landlock_create_ruleset and landlock_restrict_self, which sf-run
 * makes the program call at its entry point. */
int sf_policy_widen_for_landlock(struct sf_policy *p, struct sf_error *err);

/* Writes into buf the comma-separated names of calls a static program makes
 * at start-up (after execve) that p does not allow; returns their count. */
int sf_policy_missing_startup(const struct sf_policy *p, char *buf, size_t size);

#endif
