/* Policy model to seccomp BPF. */
#ifndef SF_COMPILE_H
#define SF_COMPILE_H

#include "bpf.h"
#include "error.h"
#include "policy.h"

/* How violations are reported. */
enum sf_report {
	SF_REPORT_KILL,	  /* kill-process as written */
	SF_REPORT_TRAP,	  /* kill-process becomes SECCOMP_RET_TRAP carrying a rule id,
			     and rt_sigaction(SIGSYS, act != NULL) is killed unless the
			     upper half of its signal argument (ignored by the kernel,
			     which takes an int) carries sigsys_token: the shim owns
			     SIGSYS, and only the shim knows the token */
	SF_REPORT_PERMIT, /* kill-process, kill-thread and trap become
			     SECCOMP_RET_TRACE carrying a rule id: sf-run, the
			     tracer, tells which rule would have denied the call
			     and lets it run (--permissive; and for reports,
			     the interpreter's way to name the deciding rule) */
};

/* Rule ids carried in SECCOMP_RET_DATA: the policy's index in a stack of
 * filters and the rule's index in that policy. */
#define SF_ID_POLICY_SHIFT 12
#define SF_ID_RULE_MASK 0x0fffu
#define SF_ID_DEFAULT 0x0fffu /* the policy's default decided */
#define SF_ID_SIGSYS 0x0ffeu  /* sf's own guard of the SIGSYS handler */
#define SF_ID_MAX_POLICIES 16

struct sf_compile_opts {
	enum sf_report report;
	unsigned policy_index; /* < SF_ID_MAX_POLICIES, for rule ids */
	uint32_t sigsys_token; /* SF_REPORT_TRAP only; never 0 */
};

int sf_compile(const struct sf_policy *p, const struct sf_compile_opts *opts, struct sf_prog *out,
	       struct sf_error *err);

/* The action the compiled program returns for each id's rule, decoded for
 * reports: which rule (or the default) a SECCOMP_RET_DATA value names. */
const struct sf_rule *sf_rule_from_id(const struct sf_policy *p, uint16_t id);

/* The action a policy takes, as a SECCOMP_RET_* value (report mode decides
 * what kill-process becomes). */
uint32_t sf_action_ret(struct sf_action a, const struct sf_compile_opts *opts, uint16_t id);

#endif
