/* A direct interpreter of the policy model, no BPF: the reference the
 * compiler is tested against. */
#ifndef SF_EVAL_H
#define SF_EVAL_H

#include <linux/seccomp.h>
#include "compile.h"
#include "policy.h"

/* The SECCOMP_RET_* value the policy means for this input. */
uint32_t sf_policy_eval(const struct sf_policy *p, const struct sf_compile_opts *opts,
			const struct seccomp_data *sd);

#endif
