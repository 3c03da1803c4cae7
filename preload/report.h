/* The SIGSYS handler: in report mode a denied call traps instead of
 * killing, the handler writes one line naming the call, its arguments and
 * the rule that decided, and the process then dies as kill-process would
 * have killed it. Everything the handler reads is prepared beforehand. */
#ifndef SF_REPORT_H
#define SF_REPORT_H

#include <stdint.h>

#include "policy.h"

/* Resolves the symbolic names reports use. Call once before the rest. */
void sf_report_prepare(void);

/* Registers the policy installed with policy_index *index (the next free
 * one). 0, or -1 when SF_ID_MAX_POLICIES are in use. The policy must stay
 * allocated for the life of the process. */
int sf_report_add(const struct sf_policy *p, unsigned *index);
/* Forgets the last registered policy (its filter could not be installed). */
void sf_report_drop_last(void);

/* Installs the handler with a raw rt_sigaction whose signal argument
 * carries the token in its upper half. 0, or -1 with -errno in *err. */
int sf_report_install(uint32_t token, long *err);

/* Whether the registered policies are every sf filter in force (none
 * inherited but sf-run's coarse one, which is policy 0 widened): only then
 * can the handler tell a kill-thread from a kill-process of another filter,
 * and end just the thread. */
void sf_report_set_complete(int complete);

/* 1 and the token when the handler is installed in this process. */
int sf_report_token(uint32_t *token);

#endif
