/* strerror for what opening and reading a policy file can fail with, in
 * the C library's words; other values by their errno name. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "constants.h"
#include "libc.h"

char *strerror(int e)
{
	static char unknown[32];
	const char *name;

	switch (e) {
	case EPERM:
		return "Operation not permitted";
	case ENOENT:
		return "No such file or directory";
	case EINTR:
		return "Interrupted system call";
	case EIO:
		return "Input/output error";
	case ENXIO:
		return "No such device or address";
	case EBADF:
		return "Bad file descriptor";
	case EAGAIN:
		return "Resource temporarily unavailable";
	case ENOMEM:
		return "Cannot allocate memory";
	case EACCES:
		return "Permission denied";
	case EFAULT:
		return "Bad address";
	case ENODEV:
		return "No such device";
	case ENOTDIR:
		return "Not a directory";
	case EISDIR:
		return "Is a directory";
	case EINVAL:
		return "Invalid argument";
	case ENFILE:
		return "Too many open files in system";
	case EMFILE:
		return "Too many open files";
	case ETXTBSY:
		return "Text file busy";
	case EFBIG:
		return "File too large";
	case ENAMETOOLONG:
		return "File name too long";
	case ELOOP:
		return "Too many levels of symbolic links";
	case EOVERFLOW:
		return "Value too large for defined data type";
	case ENOSYS:
		return "Function not implemented";
	}
	name = sf_errno_name(e);
	if (name)
		return (char *)name;
	snprintf(unknown, sizeof unknown, "Unknown error %d", e);
	return unknown;
}
