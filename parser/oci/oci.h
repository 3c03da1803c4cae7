/* Container seccomp profiles (the OCI runtime spec's linux.seccomp object,
 * which Docker's profile files are) read into the policy model, with the
 * meaning runc and crun give them through libseccomp. */
#ifndef SF_OCI_H
#define SF_OCI_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "policy.h"

/* Whether text is JSON rather than policy language: its first byte other
 * than white space is '{' and the next one '"' or '}' (a policy's `{read,
 * write}: 1` names a syscall there, never a string). */
int sf_oci_is_json(const char *text, size_t len);

/* Reads the profile text (len bytes) into p, which must hold nothing but
 * p->files[file], the file's name for messages and rules. 0, or -1 with
 * err set (one line: "FILE:LINE:COL: error: JSON.PATH: what"); the caller
 * then frees p. */
int sf_oci_read(struct sf_policy *p, int file, const char *text, size_t len, struct sf_error *err);

/* Whether p, read from a profile, asks for the kernel's speculation
 * mitigation: the engines install with SECCOMP_FILTER_FLAG_SPEC_ALLOW only
 * when the profile's flags list it. */
int sf_oci_spec_mitigate(const struct sf_policy *p);

/* The capabilities that select includes.caps and excludes.caps entries
 * (Docker's filtering by the container's bounding set): a comma-separated
 * list of names (with or without CAP_), "all", or "" for none. NULL (the
 * default) is Docker's default set for a container. Kept, not copied. */
void sf_oci_set_caps(const char *list);

/* The set a list names (NULL: Docker's default), a bit per capability
 * (CAP_CHOWN is bit 0): 0, or -1 with *bad and *badlen the unknown name. */
int sf_oci_caps_parse(const char *list, uint64_t *set, const char **bad, size_t *badlen);

/* Docker's default capability set, as the text of a list. */
extern const char sf_oci_docker_caps[];

#endif
