/* System calls made without libc. The shim runs inside programs that may
 * define their own syscall, prctl, getenv, sigaction...: with -z now every
 * call the shim made through libc's names could land in the program's code,
 * so everything that decides whether and how a filter is installed goes
 * straight to the kernel. */
#ifndef SF_RAWSYS_H
#define SF_RAWSYS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
static inline long sf_raw6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
static inline long sf_raw6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc 0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}
#else
#error "the shim makes raw system calls on x86_64 and aarch64 only"
#endif

/* Kernel return values -4095..-1 are errors (-errno). */
#define SF_RAW_ERR(r) ((unsigned long)(r) > -4096UL)

static inline long sf_raw_write(int fd, const void *buf, size_t len)
{
	return sf_raw6(SYS_write, fd, (long)buf, (long)len, 0, 0, 0);
}

static inline long sf_raw_read(int fd, void *buf, size_t len)
{
	return sf_raw6(SYS_read, fd, (long)buf, (long)len, 0, 0, 0);
}

static inline long sf_raw_prctl(int option, unsigned long a2)
{
	return sf_raw6(SYS_prctl, option, (long)a2, 0, 0, 0, 0);
}

static inline long sf_raw_seccomp(unsigned op, unsigned flags, const void *args)
{
	return sf_raw6(SYS_seccomp, op, flags, (long)args, 0, 0, 0);
}

static inline long sf_raw_openat_ro(const char *path)
{
	/* AT_FDCWD, O_RDONLY|O_CLOEXEC: spelled as numbers so this header
	 * needs no libc header that might disagree with the kernel. */
	return sf_raw6(SYS_openat, -100, (long)path, 02000000, 0, 0, 0);
}

static inline long sf_raw_close(int fd)
{
	return sf_raw6(SYS_close, fd, 0, 0, 0, 0, 0);
}

static inline void *sf_raw_mmap_anon(size_t len)
{
	/* PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS */
	long r = sf_raw6(SYS_mmap, 0, (long)len, 3, 0x22, -1, 0);

	return SF_RAW_ERR(r) ? NULL : (void *)r;
}

__attribute__((noreturn)) static inline void sf_raw_exit_group(int status)
{
	for (;;)
		sf_raw6(SYS_exit_group, status, 0, 0, 0, 0, 0);
}

#endif
