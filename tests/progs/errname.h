/* The names of the errnos the tests look for, printed by the probes
 * (probe.c, fsprobe.c): musl has no strerrorname_np. */
#ifndef SF_TEST_ERRNAME_H
#define SF_TEST_ERRNAME_H

#include <errno.h>
#include <stddef.h>

static const char *errno_name(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {{EPERM, "EPERM"},	 {ENOENT, "ENOENT"},	     {EACCES, "EACCES"},
		     {EEXIST, "EEXIST"}, {EXDEV, "EXDEV"},	     {ECONNREFUSED, "ECONNREFUSED"},
		     {EBADF, "EBADF"},	 {EADDRINUSE, "EADDRINUSE"}, {ESRCH, "ESRCH"},
		     {ENOSYS, "ENOSYS"}, {EINVAL, "EINVAL"},	     {EROFS, "EROFS"}};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].e == e)
			return names[i].name;
	return "other";
}

#endif
