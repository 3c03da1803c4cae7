/* Shared by the attack probes. Everything here goes to the kernel directly:
 * a probe must say exactly which registers reached the kernel, whatever the
 * C library does with argument types, and the prologue must also work in a
 * program whose C library was never initialised (its own _start).
 *
 * Every probe's main (or _start) begins with at_prologue(): it reads
 * /proc/self/status and prints "prologue: NoNewPrivs=N Seccomp=M"; anything
 * but 1 and 2 means the probe's own code ran unconfined, and it exits 99
 * before doing anything else. Then at_canary() creates the canary file a
 * REFUSED run must not leave behind. Results are one line each:
 * "OP: ok VALUE" or "OP: errno NAME". */
#ifndef SF_ATTACK_H
#define SF_ATTACK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#define AT_EXIT_UNCONFINED 99

/* The same raw system call the shim makes (preload/rawsys.h). */
#include "rawsys.h"
#define at_sys6 sf_raw6

#define at_sys3(nr, a, b, c) at_sys6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

static inline size_t at_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static inline int at_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static inline void at_write(int fd, const char *s)
{
	at_sys3(SYS_write, fd, s, at_strlen(s));
}

static inline void at_puts(const char *s)
{
	at_write(1, s);
}

static inline void at_putu(uint64_t v)
{
	char tmp[24];
	int n = sizeof tmp;

	tmp[--n] = 0;
	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	at_puts(tmp + n);
}

static inline void at_puts_s(int64_t v)
{
	if (v < 0) {
		at_puts("-");
		at_putu(-(uint64_t)v);
	} else {
		at_putu((uint64_t)v);
	}
}

__attribute__((noreturn)) static inline void at_exit(int status)
{
	for (;;)
		at_sys3(SYS_exit_group, status, 0, 0);
}

/* The names the tests look for; the rest print as numbers. */
static inline const char *at_errno_name(long e)
{
	switch (e) {
	case 1:
		return "EPERM";
	case 2:
		return "ENOENT";
	case 3:
		return "ESRCH";
	case 5:
		return "EIO";
	case 9:
		return "EBADF";
	case 11:
		return "EAGAIN";
	case 12:
		return "ENOMEM";
	case 13:
		return "EACCES";
	case 14:
		return "EFAULT";
	case 22:
		return "EINVAL";
	case 25:
		return "ENOTTY";
	case 38:
		return "ENOSYS";
	case 95:
		return "EOPNOTSUPP";
	default:
		return NULL;
	}
}

/* One line for a raw result: the kernel's -4095..-1 are errors. */
static inline void at_result_raw(const char *op, long r)
{
	at_puts(op);
	if ((unsigned long)r > -4096UL) {
		const char *name = at_errno_name(-r);

		at_puts(": errno ");
		if (name)
			at_puts(name);
		else
			at_putu((uint64_t)-r);
	} else {
		at_puts(": ok ");
		at_puts_s(r);
	}
	at_puts("\n");
}

/* The value of one "Name:\tvalue" field of a /proc status file, or -1. */
static inline long at_status_field(const char *file, const char *field)
{
	char buf[4096];
	long fd, n, got = 0;
	size_t flen = at_strlen(field);

	/* AT_FDCWD, O_RDONLY|O_CLOEXEC */
	fd = at_sys6(SYS_openat, -100, (long)file, 02000000, 0, 0, 0);
	if (fd < 0)
		return -1;
	while (got < (long)sizeof buf - 1 &&
	       (n = at_sys3(SYS_read, fd, buf + got, sizeof buf - 1 - (size_t)got)) > 0)
		got += n;
	at_sys3(SYS_close, fd, 0, 0);
	buf[got] = 0;
	for (long i = 0; i < got; i++) {
		if ((i == 0 || buf[i - 1] == '\n') && (size_t)(got - i) > flen) {
			size_t k = 0;

			while (k < flen && buf[i + (long)k] == field[k])
				k++;
			if (k == flen && buf[i + (long)k] == ':') {
				long v = 0, j = i + (long)k + 1;

				while (buf[j] == ' ' || buf[j] == '\t')
					j++;
				if (buf[j] < '0' || buf[j] > '9')
					return -1;
				while (buf[j] >= '0' && buf[j] <= '9')
					v = v * 10 + (buf[j++] - '0');
				return v;
			}
		}
	}
	return -1;
}

/* The first thing every probe does: is its own code confined? */
static inline void at_prologue(void)
{
	long nnp = at_status_field("/proc/self/status", "NoNewPrivs");
	long mode = at_status_field("/proc/self/status", "Seccomp");

	at_puts("prologue: NoNewPrivs=");
	at_puts_s(nnp);
	at_puts(" Seccomp=");
	at_puts_s(mode);
	at_puts("\n");
	if (nnp != 1 || mode != 2) {
		at_puts("prologue: UNCONFINED\n");
		at_exit(AT_EXIT_UNCONFINED);
	}
}

/* The canary: a file only a probe that got past its prologue creates. */
static inline void at_canary(const char *path)
{
	long fd;

	if (!path || at_streq(path, "-"))
		return;
	/* AT_FDCWD, O_WRONLY|O_CREAT|O_CLOEXEC, 0644 */
	fd = at_sys6(SYS_openat, -100, (long)path, 01 | 0100 | 02000000, 0644, 0, 0);
	if (fd >= 0)
		at_sys3(SYS_close, fd, 0, 0);
}

#endif
