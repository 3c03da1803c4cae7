/* A descriptor of another process's, copied through a pidfd (Linux 5.6):
 * sf-run reads the program's sockets (learn mode) and fills the rulesets
 * the program creates (the Landlock stage) this way, as its tracer. The
 * C libraries sf-run is built with may not wrap these calls; the numbers
 * are the same on x86_64 and aarch64. */
#ifndef SF_PIDFD_H
#define SF_PIDFD_H

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#define SF_NR_pidfd_open 434
#define SF_NR_pidfd_getfd 438

/* A pidfd of pid, or -1 with errno. */
static inline int sf_pidfd_open(pid_t pid)
{
	return (int)syscall(SF_NR_pidfd_open, pid, 0);
}

/* A copy of the process's descriptor fd, or -1 with errno. */
static inline int sf_pidfd_getfd(int pidfd, int fd)
{
	return (int)syscall(SF_NR_pidfd_getfd, pidfd, fd, 0);
}

#endif
