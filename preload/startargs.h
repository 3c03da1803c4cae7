/* What the program was started with, for the shim's constructor. */
#ifndef SF_STARTARGS_H
#define SF_STARTARGS_H

#include <stdint.h>

/* The environment as the kernel passed it where the C library says (glibc
 * hands it to constructors), else environ. */
char **sf_start_envp(void);

/* The kernel's auxiliary vector after it, or NULL where not known. */
const uint64_t *sf_start_auxv(void);

#endif
