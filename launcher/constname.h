/* Naming the values of syscall arguments: which constants an argument
 * takes (socket's family: AF_*, clone's flags: CLONE_* bits), and the name
 * a reader expects for a value among them. Shared by the policies learn
 * mode writes and those --explain writes. */
#ifndef SF_LAUNCHER_CONSTNAME_H
#define SF_LAUNCHER_CONSTNAME_H

#include <stddef.h>
#include <stdint.h>

enum sf_const_domain {
	SF_DOM_NONE,
	/* One value each. */
	SF_DOM_FAMILY,	  /* AF_* */
	SF_DOM_SOCKTYPE,  /* SOCK_STREAM, ... */
	SF_DOM_IOCTL,	  /* TC*, TIOC*, FIO* */
	SF_DOM_PRCTL,	  /* PR_* options */
	SF_DOM_FCNTL,	  /* F_* commands */
	SF_DOM_SIGNAL,	  /* SIG* */
	SF_DOM_WHENCE,	  /* SEEK_* */
	SF_DOM_MADVISE,	  /* MADV_* */
	SF_DOM_PERSONA,	  /* PER_*, UNAME26, ADDR_NO_RANDOMIZE, ... */
	SF_DOM_DIRFD,	  /* AT_FDCWD (negative, so by value alone) */
	SF_DOM_CLOCK,	  /* CLOCK_* */
	SF_DOM_SHUT,	  /* SHUT_* */
	SF_DOM_EPOLL_CTL, /* EPOLL_CTL_* */
	/* Bit sets: values are ORs of single-bit constants. */
	SF_DOM_PROT,   /* PROT_* */
	SF_DOM_MAP,    /* MAP_* */
	SF_DOM_CLONE,  /* CLONE_* */
	SF_DOM_OPEN,   /* O_* (and O_ACCMODE) */
	SF_DOM_GRND,   /* GRND_* */
	SF_DOM_EFD,    /* EFD_* */
	SF_DOM_MFD,    /* MFD_* */
	SF_DOM_RENAME, /* RENAME_* */
	SF_DOM_MOUNT,  /* MS_* of mount(2) */
	SF_DOM_MSYNC,  /* MS_ASYNC, MS_SYNC, MS_INVALIDATE */
	SF_DOM_MCL,    /* MCL_* */
	SF_DOM_MREMAP, /* MREMAP_* */
	SF_DOM_SPLICE, /* SPLICE_F_* */
	SF_DOM_FALLOC, /* FALLOC_FL_* */
	SF_DOM_LOCK,   /* LOCK_* of flock(2) */
	SF_DOM_WAIT,   /* WNOHANG, WEXITED, ... */
};

/* The constants that name call's argument arg, or SF_DOM_NONE. */
enum sf_const_domain sf_const_domain(const char *call, const char *arg);

/* The canonical constant for value in a one-value domain (AF_UNIX, not
 * AF_LOCAL), or NULL when none or several names fit equally. */
const char *sf_const_name(enum sf_const_domain domain, uint64_t value);

/* Writes value as a domain would name it: a constant, or in a bit-set
 * domain the ORed names of its bits ("PROT_READ|PROT_WRITE"). Returns 1,
 * or 0 (buf untouched) when some part has no name. */
int sf_const_format(enum sf_const_domain domain, uint64_t value, char *buf, size_t size);

#endif
