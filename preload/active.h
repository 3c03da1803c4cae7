/* SF_ACTIVE=HASH:TOKEN, what one process of a sandboxed tree tells its
 * descendants: HASH (16 hex digits) names the filter stack in force, and
 * TOKEN (8 hex digits, never 0) is the key of the tree's SIGSYS guard. A
 * HASH of 16 '-' means "token chosen, filters not installed yet": sf-run
 * sets it so the shim installs the exact stack with the same token. The
 * value has a fixed length so the shim can fill in HASH in place. */
#ifndef SF_ACTIVE_H
#define SF_ACTIVE_H

#include <stdint.h>

#define SF_ACTIVE_LEN 25 /* 16 + ':' + 8 */

struct sf_active {
	int has_hash; /* 0 for the pending form */
	uint64_t hash;
	uint32_t token;
};

/* Returns 0, or -1 when s is not of the form above. */
int sf_active_parse(const char *s, struct sf_active *out);
/* Writes SF_ACTIVE_LEN characters and a NUL. */
void sf_active_format(const struct sf_active *a, char out[SF_ACTIVE_LEN + 1]);
/* A random token from the kernel (raw getrandom); 0 when none could be had. */
uint32_t sf_active_new_token(void);

#endif
