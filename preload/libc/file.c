/* The file calls the parser reads policy files with, straight to the
 * kernel. */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libc.h"

int sf_libc_errno;

int *__errno_location(void)
{
	return &sf_libc_errno;
}

int openat(int dfd, const char *path, int flags, ...)
{
	long mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return (int)sf_libc_ret(sf_raw6(SYS_openat, dfd, (long)path, flags, mode, 0, 0));
}

int open(const char *path, int flags, ...)
{
	long mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return (int)sf_libc_ret(sf_raw6(SYS_openat, AT_FDCWD, (long)path, flags, mode, 0, 0));
}

ssize_t read(int fd, void *buf, size_t len)
{
	return sf_libc_ret(sf_raw_read(fd, buf, len));
}

int close(int fd)
{
	return (int)sf_libc_ret(sf_raw_close(fd));
}

/* On x86_64 and aarch64 the C libraries' struct stat is the kernel's. The
 * system call is the one the C library makes (and its loader, on every
 * library it opens), so that policies need no other: glibc's fstat is
 * newfstatat with an empty path, musl's is fstat. */
int fstat(int fd, struct stat *st)
{
#ifdef __GLIBC__
	return (int)sf_libc_ret(
	    sf_raw6(SYS_newfstatat, fd, (long)"", (long)st, AT_EMPTY_PATH, 0, 0));
#else
	return (int)sf_libc_ret(sf_raw6(SYS_fstat, fd, (long)st, 0, 0, 0, 0));
#endif
}
