/* Putting every thread of the process under one Landlock ruleset, for
 * sf_restrict: landlock_restrict_self restricts the calling thread only
 * before Landlock ABI 8, so each other thread is made to call it itself,
 * from a signal handler, the way the C libraries make set*id calls
 * process-wide. Raw system calls only (allthreads.c says how and why). */
#ifndef SF_ALLTHREADS_H
#define SF_ALLTHREADS_H

#include <stddef.h>

/* The signal that reaches the other threads, while sf_restrict runs (the
 * program's own action for it is saved and put back): a real-time signal,
 * so that each thread's instance is queued on its own and none is merged,
 * and the middle one of the range (glibc's SIGRTMIN+16, musl's
 * SIGRTMIN+15): 32 to 34 belong to the C libraries themselves
 * (cancellation, set*id, timers), programs count theirs up from SIGRTMIN,
 * and tools down from SIGRTMAX (valgrind keeps SIGRTMAX for itself). A
 * thread that blocks it cannot be restricted: sf_restrict then fails. */
#define SF_ALLTHREADS_SIGNAL 50

/* Restricts every thread of the process with the Landlock ruleset fd,
 * each after setting its own no_new_privs, the calling thread last; abi is
 * the kernel's Landlock ABI. 0 when every thread is restricted. -1 with
 * why (which thread, what went wrong, and which threads were restricted)
 * otherwise: when a thread could not be reached, none was restricted;
 * when one was reached but failed, the others may be, and that cannot be
 * undone. */
int sf_ll_restrict_all(int fd, int abi, char *why, size_t size);

#endif
