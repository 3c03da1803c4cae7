/* A stack of policies as the entries of an OCI `linux.seccomp` object (the
 * format of Docker's, Podman's and runc's profiles): what the profile says
 * for every call, computed from the policies' meaning, not their text. */
#ifndef SF_OCI_PROFILE_H
#define SF_OCI_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "stack.h"

/* The comparisons a profile entry is written with (runc hands them to
 * libseccomp, which compares all 64 bits, unsigned). */
enum sf_oci_op {
	SF_OCI_EQ,
	SF_OCI_NE,
	SF_OCI_LE,
	SF_OCI_GE,
	SF_OCI_MASKED_EQ, /* (arg & value) == value_two */
};

struct sf_oci_cond {
	unsigned char arg, op;
	uint64_t value, value_two;
};

/* One entry: the call, the answer, and comparisons on distinct arguments,
 * all of which must hold. Entries for one call never overlap. */
struct sf_oci_entry {
	int nr;
	struct sf_action action;
	unsigned char nconds;
	struct sf_oci_cond cond[6];
};

struct sf_oci_profile {
	enum sf_arch arch;
	struct sf_action default_action;
	struct sf_oci_entry *e;
	size_t n, cap;
};

/* The profile that answers every call of the stack's arch as the stack
 * does, or a fatal error naming the rule (file:line) that a profile cannot
 * state exactly. With approx, a call whose conditions need too many
 * entries is given its most severe answer instead, with a warning: the
 * profile then never allows more than the stack. */
void sf_oci_profile_build(const struct sf_stack *s, int approx, struct sf_oci_profile *out);
void sf_oci_profile_free(struct sf_oci_profile *p);

/* For messages: the name of a policy's file number file, and where
 * syscall nr's answer is decided (its first rule's FILE:LINE, else the
 * first policy's default). */
const char *sf_oci_file(const struct sf_policy *p, int file);
void sf_oci_where(const struct sf_stack *s, int nr, char *buf, size_t size);

/* "SCMP_ACT_ALLOW", ...; the errno or trace value goes in errnoRet. */
const char *sf_oci_action_name(struct sf_action a);
const char *sf_oci_op_name(enum sf_oci_op op);
const char *sf_oci_arch_name(enum sf_arch arch);

#endif
