/* Finding PROGRAM the way execvp does, before anything is installed, so
 * that sf-run can answer 127 or 126 itself. */
#ifndef SF_PATH_H
#define SF_PATH_H

#include <stddef.h>

/* Fills out with the file to exec. Returns 0, 127 (not found) or 126
 * (found but not executable), with a reason in why. */
int sf_find_program(const char *name, char *out, size_t size, char *why, size_t why_size);

/* The directory sf-run was run from (/proc/self/exe), into out. 0 or -1. */
int sf_self_dir(char *out, size_t size);

#endif
