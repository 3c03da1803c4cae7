/* A program with its own _start (built with -nostartfiles): no C library
 * start-up ever runs, so the filters must be in force before its first
 * instruction. nostart CANARY|-: prologue, canary, then socket(). */
#include "attack.h"

#if defined(__x86_64__)
__asm__(".text\n.globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
	"\tcall start_c\n\thlt\n");
#elif defined(__aarch64__)
__asm__(".text\n.globl _start\n_start:\n\tmov x0, sp\n\tbl start_c\n\tbrk #0\n");
#endif

void start_c(long *sp) __attribute__((used, noreturn));
void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);

	at_prologue();
	at_canary(sp[0] > 1 ? argv[1] : "-");
	/* AF_INET, SOCK_STREAM */
	at_result_raw("socket", at_sys3(SYS_socket, 2, 1, 0));
	at_exit(0);
}
