/* Named constants (errno, O_*, AT_*, ioctl requests, ...), generated at
 * build time from the system headers by gen/gen-constants.sh. */
#ifndef SF_CONSTANTS_H
#define SF_CONSTANTS_H

#include <stddef.h>
#include <stdint.h>

/* The name is stored in place: a pointer would cost the shim a relocation
 * (and each sandboxed exec a copy-on-write page) per constant. */
#define SF_CONSTANT_NAME_SIZE 48

struct sf_constant {
	char name[SF_CONSTANT_NAME_SIZE];
	int64_t value;
};

/* Sorted by name (strcmp order). */
extern const struct sf_constant sf_constants[];
extern const size_t sf_constants_count;

const struct sf_constant *sf_constant_lookup(const char *name, size_t len);
/* The same in any table sorted by name. */
const struct sf_constant *sf_constant_search(const struct sf_constant *t, size_t count,
					     const char *name, size_t len);
/* errno names, sorted by value, one (the usual) name per value. */
extern const struct sf_constant sf_errnos[];
extern const size_t sf_errnos_count;

/* The errno name for a value, or NULL. */
const char *sf_errno_name(int value);

#endif
