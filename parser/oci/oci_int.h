/* What the profile reader's files share: the reading context, its error
 * and JSON-path helpers. */
#ifndef SF_OCI_INT_H
#define SF_OCI_INT_H

#include <stdint.h>

#include "json.h"
#include "oci.h"

struct oci {
	struct sf_policy *p;
	int file;
	const char *name, *text;
	size_t len;
	struct sf_json_doc d;
	struct sf_error *err;
	const struct sf_arch_info *ai;
	char path[256]; /* where in the document we are: "syscalls[3].args[0]" */
	size_t plen;
	/* Read on first use: the capability set and the running kernel. */
	int have_caps, have_kernel;
	uint64_t caps; /* bit i: capability i */
	unsigned kernel[3];
};

int sf_oci_fail(struct oci *o, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "unknown WHAT \"NAME\"" for the string value v, with the closest of
 * cands (n of them; NULL for none) as a suggestion. */
int sf_oci_fail_unknown(struct oci *o, int v, const char *what, const char *const *cands, size_t n);

/* Appends ".key" (or "key" at the top) or "[i]" to the path; returns the
 * old length for sf_oci_pop. */
size_t sf_oci_push_key(struct oci *o, const char *key);
size_t sf_oci_push_index(struct oci *o, size_t i);
void sf_oci_pop(struct oci *o, size_t old);

/* The member key of object obj, or -1 when absent or null (Go's JSON
 * decoding reads null as the zero value). */
int sf_oci_member(struct oci *o, int obj, const char *key);

/* Fails unless value v has the type. */
int sf_oci_want(struct oci *o, int v, int type);

/* Fails unless every key of object obj is one of allowed. */
int sf_oci_check_keys(struct oci *o, int obj, const char *const *allowed, size_t n);

/* The includes/excludes filter of syscall entry `entry` (Docker's): 1 when
 * the entry applies, 0 when it does not, -1 on error. */
int sf_oci_entry_applies(struct oci *o, int entry);

#endif
