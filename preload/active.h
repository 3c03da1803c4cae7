/* SF_ACTIVE=HASH, what one process of a sandboxed tree tells its
 * descendants: HASH (16 hex digits) names the filter stack in force. A
 * descendant whose policies compile to the same stack, under a filter with
 * no_new_privs, installs nothing again. 16 '-' mean "not installed yet":
 * the shim fills in HASH in place once its filters are in. It grants
 * nothing: a forged HASH can only keep a process from adding filters it
 * would have stacked on the same ones. */
#ifndef SF_ACTIVE_H
#define SF_ACTIVE_H

#include <stdint.h>

#define SF_ACTIVE_LEN 16

struct sf_active {
	int has_hash; /* 0 for the pending form */
	uint64_t hash;
};

/* Returns 0, or -1 when s is not of the form above. */
int sf_active_parse(const char *s, struct sf_active *out);
/* Writes SF_ACTIVE_LEN characters and a NUL. */
void sf_active_format(const struct sf_active *a, char out[SF_ACTIVE_LEN + 1]);

#endif
