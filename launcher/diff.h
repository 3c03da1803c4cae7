/* sf-run --diff A B: what one policy allows that the other does not. */
#ifndef SF_DIFF_H
#define SF_DIFF_H

#include <stddef.h>

#include "arch.h"

/* The two policies come from -p (files) and/or the operands (argv).
 * Exit status 0 when they answer alike, 1 when they differ (as diff(1)). */
int sf_mode_diff(enum sf_arch arch, const char *const *files, size_t nfiles, char **argv);

#endif
