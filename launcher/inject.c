/* seccomp() called in a traced process by its tracer. The tracee is made
 * to run one system call instruction, placed over its own code for the
 * time of the call, with arguments set in its registers and the filter
 * written below its stack pointer; then its code and registers are put
 * back. Only x86_64 is supported: elsewhere sf-run refuses to run a
 * program rather than run it without the filters. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/ptrace.h>
#include <linux/seccomp.h>

#include "inject.h"

#define FLAGS (SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW)

static int fail(char *why, size_t size, const char *what)
{
	snprintf(why, size, "%s%s%s", what, errno ? ": " : "", errno ? strerror(errno) : "");
	return -1;
}

#if defined(__x86_64__)

#define SYSCALL_INSN 0x050fUL /* 0f 05 */
#define SYSCALL_MASK 0xffffUL
#define BREAK_INSN 0xccUL /* int3 */
#define BREAK_MASK 0xffUL

int sf_tracee_is_64bit(pid_t tid)
{
	struct user_regs_struct r;
	struct iovec io = {&r, sizeof r};

	/* The kernel gives a 32-bit tracee's registers in the 32-bit layout. */
	if (ptrace(PTRACE_GETREGSET, tid, (void *)1 /* NT_PRSTATUS */, &io))
		return 1;
	return io.iov_len == sizeof r;
}

int sf_tracee_pc(pid_t tid, uint64_t *pc)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r))
		return -1;
	*pc = r.rip;
	return 0;
}

int sf_tracee_set_pc(pid_t tid, uint64_t pc)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r))
		return -1;
	r.rip = pc;
	return ptrace(PTRACE_SETREGS, tid, 0, &r) ? -1 : 0;
}

int sf_tracee_syscall(pid_t tid, int *nr, uint64_t args[6], uint32_t *arch, int *rolled_back)
{
	struct user_regs_struct r;
	struct ptrace_syscall_info info;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r))
		return -1;
	/* -1 is "no system call", unless the registers were rolled back to
	 * a call of number -1 (rax then holds the number too). */
	if ((long long)r.orig_rax < 0 && r.rax != r.orig_rax)
		return -1;
	memset(&info, 0, sizeof info);
	/* The arch of the call (int 0x80 from a 64-bit program is i386's);
	 * the kernel fills it in at every stop. */
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) <= 0 || !info.arch)
		info.arch = AUDIT_ARCH_X86_64;
	*arch = info.arch;
	*nr = (int)r.orig_rax;
	*rolled_back = r.rax == r.orig_rax;
	if (info.arch == AUDIT_ARCH_I386) {
		uint64_t a[6] = {r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp};

		for (int i = 0; i < 6; i++)
			args[i] = a[i] & 0xffffffffu;
	} else {
		uint64_t a[6] = {r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9};

		memcpy(args, a, sizeof a);
	}
	return 0;
}

static long peek(pid_t tid, uint64_t at, long *word)
{
	errno = 0;
	*word = ptrace(PTRACE_PEEKTEXT, tid, at, 0);
	return errno ? -1 : 0;
}

int sf_breakpoint_set(pid_t tid, uint64_t at, uint64_t *saved)
{
	long w;

	if (peek(tid, at, &w))
		return -1;
	*saved = (uint64_t)w;
	return ptrace(PTRACE_POKETEXT, tid, at, (w & ~BREAK_MASK) | BREAK_INSN) ? -1 : 0;
}

int sf_breakpoint_clear(pid_t tid, uint64_t at, uint64_t saved)
{
	return ptrace(PTRACE_POKETEXT, tid, at, saved) ? -1 : 0;
}

int sf_breakpoint_hit(pid_t tid, uint64_t at)
{
	uint64_t pc;

	if (sf_tracee_pc(tid, &pc) || pc != at + 1)
		return 0;
	return sf_tracee_set_pc(tid, at) == 0;
}

/* Waits for tid's next syscall stop (op: PTRACE_SYSCALL_INFO_ENTRY or
 * _EXIT). Signals that arrive meanwhile are kept for later. */
static int next_syscall_stop(pid_t tid, int op, struct ptrace_syscall_info *info, int *pending_sig)
{
	for (;;) {
		int st;

		if (ptrace(PTRACE_SYSCALL, tid, 0, 0))
			return -1;
		if (waitpid(tid, &st, __WALL) != tid)
			return -1;
		if (!WIFSTOPPED(st)) {
			errno = ESRCH;
			return -1;
		}
		if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			memset(info, 0, sizeof *info);
			if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof *info, info) <= 0)
				return -1;
			if (info->op == op)
				return 0;
			errno = EPROTO;
			return -1;
		}
		/* sf-run's own call meeting a permissive filter's trace. */
		if ((st >> 16) == PTRACE_EVENT_SECCOMP)
			continue;
		if (st >> 16) {
			/* An event (exit, say): the tracee is going away. */
			errno = ESRCH;
			return -1;
		}
		*pending_sig = WSTOPSIG(st);
	}
}

int sf_tracee_skip_syscall(pid_t tid, long ret)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, tid, 0, &r))
		return -1;
	r.orig_rax = (unsigned long long)-1;
	r.rax = (unsigned long long)ret;
	return ptrace(PTRACE_SETREGS, tid, 0, &r) ? -1 : 0;
}

int sf_tracee_finish_syscall(pid_t tid, int *pending_sig)
{
	struct ptrace_syscall_info info;

	*pending_sig = 0;
	return next_syscall_stop(tid, PTRACE_SYSCALL_INFO_EXIT, &info, pending_sig);
}

/* One system call made by tid from the instruction at `at`: its return
 * value, or -EIO when the tracee could not be made to run it. */
static long call_syscall(pid_t tid, const struct user_regs_struct *base, uint64_t at, long nr,
			 const uint64_t args[3], int *pending_sig)
{
	struct user_regs_struct r = *base;
	struct ptrace_syscall_info info;

	r.rip = at;
	r.rax = (unsigned long long)nr;
	r.orig_rax = (unsigned long long)-1;
	r.rdi = args[0];
	r.rsi = args[1];
	r.rdx = args[2];
	if (ptrace(PTRACE_SETREGS, tid, 0, &r))
		return -EIO;
	if (next_syscall_stop(tid, PTRACE_SYSCALL_INFO_ENTRY, &info, pending_sig))
		return -EIO;
	if (info.entry.nr != (uint64_t)nr || info.arch != AUDIT_ARCH_X86_64) {
		errno = EPROTO;
		return -EIO;
	}
	if (next_syscall_stop(tid, PTRACE_SYSCALL_INFO_EXIT, &info, pending_sig))
		return -EIO;
	return info.exit.rval;
}

static long call_seccomp(pid_t tid, const struct user_regs_struct *base, uint64_t at,
			 unsigned long flags, uint64_t fprog, int *pending_sig)
{
	const uint64_t args[3] = {SECCOMP_SET_MODE_FILTER, flags, fprog};

	/* With TSYNC, a positive value is a thread that could not be
	 * synchronised (nothing was installed). */
	return call_syscall(tid, base, at, SYS_seccomp, args, pending_sig);
}

int sf_inject_begin(struct sf_inject *in, pid_t tid, uint64_t at, char *why, size_t size)
{
	struct user_regs_struct *saved = (struct user_regs_struct *)in->regs;
	long code;

	_Static_assert(sizeof in->regs >= sizeof(struct user_regs_struct), "room for registers");
	errno = 0;
	in->tid = tid;
	in->at = at;
	in->pending_sig = 0;
	if (ptrace(PTRACE_GETREGS, tid, 0, saved))
		return fail(why, size, "cannot read the program's registers");
	/* Below the red zone, on the stack the kernel mapped at exec. */
	in->sp = (saved->rsp - 1024) & ~(uint64_t)15;
	if (peek(tid, at, &code))
		return fail(why, size, "cannot read the program's code");
	in->code = code;
	if (ptrace(PTRACE_POKETEXT, tid, at, (code & ~(long)SYSCALL_MASK) | (long)SYSCALL_INSN))
		return fail(why, size, "cannot place a system call in the program's code");
	return 0;
}

uint64_t sf_inject_push(struct sf_inject *in, const void *data, size_t len)
{
	struct iovec local = {(void *)data, len}, remote;

	in->sp = (in->sp - len) & ~(uint64_t)15;
	remote.iov_base = (void *)(uintptr_t)in->sp;
	remote.iov_len = len;
	if (process_vm_writev(in->tid, &local, 1, &remote, 1, 0) != (ssize_t)len)
		return 0;
	return in->sp;
}

long sf_inject_call(struct sf_inject *in, long nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const uint64_t args[3] = {a0, a1, a2};
	int sig = 0;
	long r = call_syscall(in->tid, (const struct user_regs_struct *)in->regs, in->at, nr, args,
			      &sig);

	if (sig)
		in->pending_sig = sig;
	return r;
}

int sf_inject_end(struct sf_inject *in, char *why, size_t size)
{
	struct user_regs_struct now = *(const struct user_regs_struct *)in->regs;

	errno = 0;
	if (ptrace(PTRACE_POKETEXT, in->tid, in->at, in->code))
		return fail(why, size, "cannot restore the program's code");
	now.orig_rax = (unsigned long long)-1;
	if (ptrace(PTRACE_SETREGS, in->tid, 0, &now))
		return fail(why, size, "cannot restore the program's registers");
	return 0;
}

int sf_inject_filters(pid_t tid, uint64_t at, const struct sf_prog *progs, size_t n, int mitigate,
		      int *pending_sig, char *why, size_t size)
{
	struct user_regs_struct saved, now;
	struct sock_fprog fp[16];
	struct iovec local[32], remote;
	uint64_t addr, need = 0, off;
	unsigned long flags = mitigate ? FLAGS & ~SECCOMP_FILTER_FLAG_SPEC_ALLOW : FLAGS;
	long code, r = 0;
	size_t k = 0;

	errno = 0;
	*pending_sig = 0;
	if (n > sizeof fp / sizeof fp[0])
		return fail(why, size, "too many filters to install");
	if (ptrace(PTRACE_GETREGS, tid, 0, &saved))
		return fail(why, size, "cannot read the program's registers");
	for (size_t i = 0; i < n; i++)
		need += progs[i].len * sizeof(struct sock_filter) + sizeof(struct sock_fprog);
	/* Below the red zone, on the stack the kernel mapped at exec. */
	addr = (saved.rsp - 1024 - need) & ~(uint64_t)15;
	off = addr;
	for (size_t i = 0; i < n; i++) {
		fp[i].len = (unsigned short)progs[i].len;
		fp[i].filter = (struct sock_filter *)(uintptr_t)off;
		local[k].iov_base = progs[i].insns;
		local[k++].iov_len = progs[i].len * sizeof(struct sock_filter);
		off += progs[i].len * sizeof(struct sock_filter);
	}
	for (size_t i = 0; i < n; i++) {
		local[k].iov_base = &fp[i];
		local[k++].iov_len = sizeof fp[i];
	}
	remote.iov_base = (void *)(uintptr_t)addr;
	remote.iov_len = need;
	if (process_vm_writev(tid, local, k, &remote, 1, 0) != (ssize_t)need)
		return fail(why, size, "cannot write the filters into the program's memory");
	if (peek(tid, at, &code))
		return fail(why, size, "cannot read the program's code");
	if (ptrace(PTRACE_POKETEXT, tid, at, (code & ~(long)SYSCALL_MASK) | (long)SYSCALL_INSN))
		return fail(why, size, "cannot place a system call in the program's code");
	for (size_t i = 0; i < n && !r; i++) {
		uint64_t fprog = off + i * sizeof(struct sock_fprog);

		r = call_seccomp(tid, &saved, at, flags, fprog, pending_sig);
		/* Kernels without SPEC_ALLOW refuse the flag. */
		if (r == -EINVAL && (flags & SECCOMP_FILTER_FLAG_SPEC_ALLOW)) {
			flags &= ~SECCOMP_FILTER_FLAG_SPEC_ALLOW;
			r = call_seccomp(tid, &saved, at, flags, fprog, pending_sig);
		}
	}
	if (r == -EIO)
		return fail(why, size,
			    "the program stopped being traceable while its filters "
			    "were installed");
	if (ptrace(PTRACE_POKETEXT, tid, at, code))
		return fail(why, size, "cannot restore the program's code");
	now = saved;
	now.orig_rax = (unsigned long long)-1;
	if (ptrace(PTRACE_SETREGS, tid, 0, &now))
		return fail(why, size, "cannot restore the program's registers");
	if (r > 0) {
		errno = 0;
		snprintf(why, size,
			 "cannot install the filter on every thread (returned %ld: a thread "
			 "whose filters differ)",
			 r);
		return -1;
	}
	if (r < 0) {
		errno = 0;
		snprintf(why, size, "the kernel refused the filter (errno %ld, %s)", -r,
			 strerror((int)-r));
		return -1;
	}
	return 0;
}

#else

int sf_inject_filters(pid_t tid, uint64_t at, const struct sf_prog *progs, size_t n, int mitigate,
		      int *pending_sig, char *why, size_t size)
{
	(void)tid, (void)at, (void)progs, (void)n, (void)mitigate;
	*pending_sig = 0;
	errno = 0;
	return fail(why, size, "sf-run installs filters into programs on x86_64 only");
}

int sf_tracee_pc(pid_t tid, uint64_t *pc)
{
	(void)tid, (void)pc;
	return -1;
}

int sf_inject_begin(struct sf_inject *in, pid_t tid, uint64_t at, char *why, size_t size)
{
	(void)in, (void)tid, (void)at;
	errno = 0;
	return fail(why, size, "sf-run injects system calls on x86_64 only");
}

uint64_t sf_inject_push(struct sf_inject *in, const void *data, size_t len)
{
	(void)in, (void)data, (void)len;
	return 0;
}

long sf_inject_call(struct sf_inject *in, long nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	(void)in, (void)nr, (void)a0, (void)a1, (void)a2;
	return -EIO;
}

int sf_inject_end(struct sf_inject *in, char *why, size_t size)
{
	(void)in, (void)why, (void)size;
	return 0;
}

int sf_tracee_is_64bit(pid_t tid)
{
	(void)tid;
	return 1;
}

int sf_tracee_finish_syscall(pid_t tid, int *pending_sig)
{
	(void)tid;
	*pending_sig = 0;
	return -1;
}

int sf_tracee_skip_syscall(pid_t tid, long ret)
{
	(void)tid, (void)ret;
	return -1;
}

int sf_tracee_set_pc(pid_t tid, uint64_t pc)
{
	(void)tid, (void)pc;
	return -1;
}

int sf_tracee_syscall(pid_t tid, int *nr, uint64_t args[6], uint32_t *arch, int *rolled_back)
{
	(void)tid, (void)nr, (void)args, (void)arch, (void)rolled_back;
	return -1;
}

int sf_breakpoint_set(pid_t tid, uint64_t at, uint64_t *saved)
{
	(void)tid, (void)at, (void)saved;
	return -1;
}

int sf_breakpoint_clear(pid_t tid, uint64_t at, uint64_t saved)
{
	(void)tid, (void)at, (void)saved;
	return -1;
}

int sf_breakpoint_hit(pid_t tid, uint64_t at)
{
	(void)tid, (void)at;
	return 0;
}

#endif
