/* Filters installed into a traced process from outside: sf-run, its
 * tracer, makes the process call seccomp() at a stop of sf-run's choosing
 * (right after exec, at the program's entry point), so no code of the
 * program decides whether or what is installed. */
#ifndef SF_INJECT_H
#define SF_INJECT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf.h"

/* Installs progs[0..n) in order with seccomp(SECCOMP_SET_MODE_FILTER, TSYNC
 * and, unless mitigate, SPEC_ALLOW). tid is in a ptrace stop at which its
 * registers may be replaced (a syscall-exit or signal-delivery stop); at is
 * an address of its executable code where a system call instruction may be
 * placed for the time of the calls. The registers and code are restored.
 * A signal that arrives meanwhile is returned in *pending_sig (0: none) for
 * the caller to deliver. 0, or -1 with a one-line reason in why. */
int sf_inject_filters(pid_t tid, uint64_t at, const struct sf_prog *progs, size_t n, int mitigate,
		      int *pending_sig, char *why, size_t size);

/* Other system calls made by a stopped tracee, one after another: begin
 * saves its registers and places a system call instruction at `at`;
 * push copies data below its stack pointer (the address, 0 on failure);
 * call runs one call (its return value; -EIO when the tracee could not be
 * made to run it); end restores code and registers. A signal that arrives
 * meanwhile is left in pending_sig for the caller to deliver. */
struct sf_inject {
	pid_t tid;
	uint64_t at, sp;
	long code;
	int pending_sig;
	unsigned long long regs[32]; /* struct user_regs_struct */
};
int sf_inject_begin(struct sf_inject *in, pid_t tid, uint64_t at, char *why, size_t size);
uint64_t sf_inject_push(struct sf_inject *in, const void *data, size_t len);
long sf_inject_call(struct sf_inject *in, long nr, uint64_t a0, uint64_t a1, uint64_t a2);
int sf_inject_end(struct sf_inject *in, char *why, size_t size);

/* Lets tid, stopped at an event inside a system call (exec), run to that
 * call's exit stop, where its registers may be replaced. */
int sf_tracee_finish_syscall(pid_t tid, int *pending_sig);

/* At a seccomp stop: the call is not made, and returns ret (-errno). */
int sf_tracee_skip_syscall(pid_t tid, long ret);

/* 0 for a tracee running a 32-bit program. */
int sf_tracee_is_64bit(pid_t tid);

/* The program counter of a stopped tracee, and setting it. */
int sf_tracee_pc(pid_t tid, uint64_t *pc);
int sf_tracee_set_pc(pid_t tid, uint64_t pc);

/* The system call a tracee stopped in (or that a seccomp kill rolled its
 * registers back to): number, arguments and AUDIT_ARCH; *rolled_back says
 * whether the registers look rolled back (as seccomp leaves them for a
 * kill-process or a trap). -1 when the tracee is not in a system call. */
int sf_tracee_syscall(pid_t tid, int *nr, uint64_t args[6], uint32_t *arch, int *rolled_back);

/* The breakpoint instruction and its length, for the entry-point stop. */
int sf_breakpoint_set(pid_t tid, uint64_t at, uint64_t *saved);
int sf_breakpoint_clear(pid_t tid, uint64_t at, uint64_t saved);
/* Whether a SIGTRAP stop is the breakpoint at `at` (and moves the program
 * counter back onto it). */
int sf_breakpoint_hit(pid_t tid, uint64_t at);

#endif
