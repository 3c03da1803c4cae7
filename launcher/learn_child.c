/* The child side of --learn: installs the recording filter, hands its
 * listener to the parent and execs the program. Recording starts before
 * exec because a library's constructor runs before the shim's and, under
 * a learned policy, inside the coarse filter, which allows the loader's
 * calls but not, say, libselinux's statfs: such calls need rules too. The
 * parent tells them apart from the loader's by the shim's mark. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "launcher.h"
#include "learn.h"
#include "learn_int.h"

#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the learn filter reads the low word of instruction_pointer first"
#endif

extern char **environ;

/* One system-call instruction of its own. Once the filter is in force,
 * every call waits for the parent, which has no listener yet: the filter
 * lets the hand-over through by the address after this instruction (what
 * the kernel reports as the instruction pointer) and the call number, so
 * nothing else of the child, and nothing after exec, escapes recording. */
long sf_learn_sys(long nr, long a, long b, long c) __attribute__((visibility("hidden")));
extern const char sf_learn_sys_ret[] __attribute__((visibility("hidden")));

#if defined(__x86_64__)
__asm__(".text\n"
	".p2align 4\n"
	".globl sf_learn_sys\n"
	".hidden sf_learn_sys\n"
	".type sf_learn_sys, @function\n"
	"sf_learn_sys:\n"
	"\tmovq %rdi, %rax\n"
	"\tmovq %rsi, %rdi\n"
	"\tmovq %rdx, %rsi\n"
	"\tmovq %rcx, %rdx\n"
	"\tsyscall\n"
	".globl sf_learn_sys_ret\n"
	".hidden sf_learn_sys_ret\n"
	"sf_learn_sys_ret:\n"
	"\tret\n"
	".size sf_learn_sys, . - sf_learn_sys\n");
#elif defined(__aarch64__)
__asm__(".text\n"
	".p2align 2\n"
	".globl sf_learn_sys\n"
	".hidden sf_learn_sys\n"
	".type sf_learn_sys, %function\n"
	"sf_learn_sys:\n"
	"\tmov x8, x0\n"
	"\tmov x0, x1\n"
	"\tmov x1, x2\n"
	"\tmov x2, x3\n"
	"\tsvc #0\n"
	".globl sf_learn_sys_ret\n"
	".hidden sf_learn_sys_ret\n"
	"sf_learn_sys_ret:\n"
	"\tret\n"
	".size sf_learn_sys, . - sf_learn_sys\n");
#else
#error "learn mode has a system-call stub for x86_64 and aarch64 only"
#endif

/* Before the filter: ordinary calls. */
__attribute__((noreturn)) static void fail(const char *what)
{
	fprintf(stderr, "sf: learn mode: %s: %s\n", what, strerror(errno));
	_exit(SF_EXIT_ERROR);
}

/* After it, only the stub gets through. */
__attribute__((noreturn)) static void fail_filtered(const char *msg)
{
	sf_learn_sys(SYS_write, 2, (long)msg, (long)strlen(msg));
	for (;;)
		sf_learn_sys(SYS_exit_group, SF_EXIT_ERROR, 0, 0);
}

static int install(uint32_t audit_arch)
{
	uint64_t ip = (uint64_t)(uintptr_t)sf_learn_sys_ret;
	const uint32_t ipoff = offsetof(struct seccomp_data, instruction_pointer);
	struct sock_filter insns[] = {
	    /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, audit_arch, 0, 9),
	    /* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ipoff),
	    /* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)ip, 0, 7),
	    /* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ipoff + 4),
	    /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(ip >> 32), 0, 5),
	    /* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    /* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_sendmsg, 2, 0),
	    /* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 1, 0),
	    /* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, 0, 1),
	    /* 10 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    /* 11 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = {(unsigned short)(sizeof insns / sizeof insns[0]), insns};
	long r;

	/* The child is single-threaded: no TSYNC. SPEC_ALLOW as for sf's
	 * own filters, where the kernel knows it. */
	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog);
	if (r < 0 && errno == EINVAL)
		r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			    &prog);
	return (int)r;
}

static long send_listener(int sock, int listener, pid_t pid)
{
	struct sf_learn_hello hello;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {&hello, sizeof hello};
	struct msghdr mh;
	long r;

	memset(&hello, 0, sizeof hello);
	memcpy(hello.magic, SF_LEARN_HELLO, sizeof hello.magic);
	hello.pid = (int32_t)pid;
	memset(&ctl, 0, sizeof ctl);
	ctl.h.cmsg_level = SOL_SOCKET;
	ctl.h.cmsg_type = SCM_RIGHTS;
	ctl.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&ctl.h), &listener, sizeof listener);
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof ctl.buf;
	do
		r = sf_learn_sys(SYS_sendmsg, sock, (long)&mh, MSG_NOSIGNAL);
	while (r == -EINTR);
	return r;
}

void sf_learn_child(const struct sf_learn_opts *o, int sock, const struct sf_learn_sigs *old,
		    uint32_t audit_arch)
{
	pid_t pid = getpid();
	int listener;

	sigprocmask(SIG_SETMASK, &old->mask, NULL);
	if (setenv(SF_LEARN_ENV, "1", 1))
		fail("cannot set " SF_LEARN_ENV);
	/* Unprivileged filters need no_new_privs; the normal path sets it
	 * before exec too. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fail("cannot set no_new_privs");
	listener = install(audit_arch);
	if (listener < 0)
		fail("the kernel refused the recording filter (user notification with "
		     "continue needs Linux 5.5 or later)");
	/* The listener is close-on-exec, as the kernel creates it, and so is
	 * the socket: the program inherits neither. */
	if (send_listener(sock, listener, pid) != (long)sizeof(struct sf_learn_hello))
		fail_filtered("sf: learn mode: cannot hand the listener to sf-run\n");
	execve(o->path, o->argv, environ);
	fprintf(stderr, "sf: %s: %s\n", o->path, strerror(errno));
	_exit(errno == ENOENT ? SF_EXIT_NOTFOUND : SF_EXIT_NOEXEC);
}
