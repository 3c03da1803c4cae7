/* sf-run --diff A B: what one policy allows that the other does not. */
#ifndef SF_DIFF_H
#define SF_DIFF_H

#include <stddef.h>

#include "arch.h"
#include "landlock_rules.h"

/* The two policies come from -p (files) and/or the operands (argv).
 * Exit status 0 when they answer alike, 1 when they differ (as diff(1)). */
int sf_mode_diff(enum sf_arch arch, const char *const *files, size_t nfiles, char **argv);

/* The path, port and scope rules only one of a and b has, one line each,
 * and a count line when either has any; returns how many differ
 * (diff_landlock.c). */
size_t sf_diff_landlock(const struct sf_landlock *a, const struct sf_landlock *b);

#endif
