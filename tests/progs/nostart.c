/* A program with its own _start (built with -nostartfiles): it never calls
 * __libc_start_main, so the shim must have installed the filters before
 * this code runs. Raw system calls only: libc is not initialised. Usage:
 * nostart MARKER; it then tries socket(AF_INET, SOCK_STREAM, 0). */
#include <stddef.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
static long sys3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}
__asm__(".text\n.globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
	"\tcall start_c\n\thlt\n");
#elif defined(__aarch64__)
static long sys3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}
__asm__(".text\n.globl _start\n_start:\n\tmov x0, sp\n\tbl start_c\n\tbrk #0\n");
#endif

static void say(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	sys3(SYS_write, 1, (long)s, (long)n);
}

void start_c(long *sp) __attribute__((used));
void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);

	if (sp[0] > 1) {
		/* AT_FDCWD, O_WRONLY|O_CREAT, 0644 */
		long fd = sys3(SYS_openat, -100, (long)argv[1], 0101);

		if (fd >= 0)
			sys3(SYS_close, fd, 0, 0);
	}
	say("nostart: running\n");
	/* AF_INET, SOCK_STREAM */
	if (sys3(SYS_socket, 2, 1, 0) >= 0)
		say("nostart: socket allowed\n");
	else
		say("nostart: socket failed\n");
	for (;;)
		sys3(SYS_exit_group, 0, 0, 0);
}
