/* The names a container profile uses: libseccomp's actions, comparison
 * operators and architectures, Linux capabilities, and the syscalls
 * libseccomp knows only on architectures sf does not compile for. */
#ifndef SF_OCI_NAMES_H
#define SF_OCI_NAMES_H

#include <stddef.h>
#include "policy.h"

struct sf_oci_action {
	const char *name; /* "SCMP_ACT_ERRNO" */
	int kind;	  /* enum sf_action_kind, or -1: refused */
	int takes_errno;  /* errnoRet gives the data (ERRNO, TRACE) */
};

const struct sf_oci_action *sf_oci_action_by_name(const char *name);

/* The operator, as enum sf_cmp_op; SCMP_CMP_MASKED_EQ is SF_CMP_EQ with a
 * mask (*masked set). -1 when unknown. */
int sf_oci_op_by_name(const char *name, int *masked);

/* Whether name is an SCMP_ARCH_* name libseccomp knows; and whether it
 * names sf's architecture arch. */
int sf_oci_scmp_arch_known(const char *name);
int sf_oci_scmp_arch_is(const char *name, enum sf_arch arch);

/* The same for the Go architecture names (GOARCH, "amd64") that Docker's
 * includes.arches and excludes.arches use. */
int sf_oci_goarch_known(const char *name);
int sf_oci_goarch_is(const char *name, enum sf_arch arch);

/* The index of a capability ("CAP_SYS_ADMIN" or "SYS_ADMIN", any case),
 * or -1. */
int sf_oci_cap_index(const char *name, size_t len);
#define SF_OCI_CAP_COUNT 41

/* A syscall libseccomp knows only on an architecture sf does not compile
 * for (arm's "breakpoint", s390's "s390_runtime_instr"): a profile naming
 * it means nothing on sf's architectures. */
int sf_oci_foreign_syscall(const char *name);

/* Candidates for "did you mean" among the names above. */
extern const char *const sf_oci_action_names[];
extern const size_t sf_oci_action_count;
extern const char *const sf_oci_op_names[];
extern const size_t sf_oci_op_count;

#endif
