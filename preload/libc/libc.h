/* The C library functions libsf.so defines for itself. The shim runs inside
 * a program that may define read, memcpy or malloc: the dynamic linker puts
 * the program first in the global scope, so every libc function the shim
 * imported on its way from SF_POLICY to the installed filter would run the
 * program's code, unconfined, and could hand the parser any policy. These
 * files give the shim its own, built with hidden visibility (Makefile), so
 * that the parser's and the shim's calls bind inside libsf.so. sf-run and
 * the tests link the same parser with the real libc. */
#ifndef SF_LIBC_H
#define SF_LIBC_H

#include <stddef.h>

#include "rawsys.h"

/* errno for the calls below: one per process, not per thread. The shim
 * reads it right after a failing call on the policy path, which runs before
 * the program's threads or under sf_restrict's lock. sf-run links the
 * allocator alone, with the C library's errno (Makefile). */
#ifdef SF_LIBC_REAL_ERRNO
#include <errno.h>
#define sf_libc_errno errno
#else
extern int sf_libc_errno;
#endif

/* A raw system call's result as libc returns it: -1 and errno on error. */
static inline long sf_libc_ret(long r)
{
	if (SF_RAW_ERR(r)) {
		sf_libc_errno = (int)-r;
		return -1;
	}
	return r;
}

#endif
