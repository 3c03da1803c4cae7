/* Compiled policies installed for real: each case runs in a forked child
 * that installs the program (PR_SET_NO_NEW_PRIVS, then seccomp
 * SECCOMP_SET_MODE_FILTER), makes raw syscalls with chosen arguments and
 * records what they returned in memory shared with the parent; the parent
 * sees deaths by SIGSYS in the wait status. Then a property loop: policies
 * whose every outcome is an errno (or allows a call that is harmless
 * whatever its arguments) meet hundreds of calls, and the kernel's answer
 * must be what sf_bpf_run predicted. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compile.h"
#include "eval.h"
#include "parse.h"
#include "policygen.h"
#include "test.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_CALLS 512
/* Arguments the child replaces with its own pid (without and with an
 * upper half of ones) before it installs the filter. */
#define SELF_PID 0x5e1f5e1f5e1f5e1ful
#define SELF_PID_HI 0x5e1f5e1f5e1f5e20ul

struct call {
	long nr;
	unsigned long a[6];
};

/* What the child did: filled in the child, read by the parent. */
struct shared {
	int started; /* calls begun: the last one is the one that killed */
	long ret[MAX_CALLS];
	int err[MAX_CALLS];
};

static struct shared *sh;
static struct call child_calls[MAX_CALLS];
static pid_t last_child;
static int pipefd[2]; /* a pipe every child inherits, for fd arguments */
static enum sf_arch native;
static uint32_t native_audit;
static unsigned long long kernel_calls;
static unsigned long long loop_by_action[3]; /* property loop: ran, errno, ENOSYS actions */

struct outcome {
	int status;    /* from waitpid */
	char err[256]; /* what the child wrote to stderr */
};

static int killed_by_sigsys(const struct outcome *o)
{
	return WIFSIGNALED(o->status) && WTERMSIG(o->status) == SIGSYS;
}

static int exited(const struct outcome *o)
{
	return WIFEXITED(o->status) && WEXITSTATUS(o->status) == 0;
}

/* Runs calls in a child under prog; returns 0, or -1 if the child could
 * not be run at all. */
static int run_calls(const struct sf_prog *prog, const struct call *calls, int n,
		     struct outcome *out)
{
	int errpipe[2];
	pid_t pid;
	ssize_t got;

	memset(sh, 0, sizeof(*sh));
	memset(out, 0, sizeof(*out));
	if (pipe(errpipe))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct sock_fprog fprog = {.len = (unsigned short)prog->len, .filter = prog->insns};
		struct rlimit no_core = {0, 0};

		/* The child's stderr goes to the parent, which checks that a
		 * denied write did not get there. */
		close(errpipe[0]);
		dup2(errpipe[1], 2);
		setrlimit(RLIMIT_CORE, &no_core);
		signal(SIGSYS, SIG_DFL);
		alarm(20);
		for (int i = 0; i < n && i < MAX_CALLS; i++) {
			child_calls[i] = calls[i];
			for (int k = 0; k < 6; k++) {
				if (calls[i].a[k] == SELF_PID)
					child_calls[i].a[k] = (unsigned long)getpid();
				else if (calls[i].a[k] == SELF_PID_HI)
					child_calls[i].a[k] =
					    (unsigned long)getpid() | 0xffffffff00000000ul;
			}
		}
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(120);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog))
			_exit(121);
		for (int i = 0; i < n; i++) {
			long r;
			sh->started = i + 1;
			errno = 0;
			r = syscall(child_calls[i].nr, child_calls[i].a[0], child_calls[i].a[1],
				    child_calls[i].a[2], child_calls[i].a[3], child_calls[i].a[4],
				    child_calls[i].a[5]);
			sh->ret[i] = r;
			sh->err[i] = r == -1 ? errno : 0;
		}
		/* exit_group directly: no libc or sanitizer exit path. */
		syscall(SYS_exit_group, 0);
		_exit(0);
	}
	close(errpipe[1]);
	last_child = pid;
	if (waitpid(pid, &out->status, 0) != pid)
		out->status = -1;
	got = read(errpipe[0], out->err, sizeof(out->err) - 1);
	out->err[got > 0 ? got : 0] = '\0';
	close(errpipe[0]);
	return 0;
}

/* Compiles text (with "exit_group: 1" added, so that the child can end)
 * for the native arch. */
static int compile(const char *text, enum sf_report mode, uint32_t token, struct sf_policy *p,
		   struct sf_prog *prog)
{
	struct sf_compile_opts o = {mode, 0, token};
	struct sf_error err;
	struct pg_buf b = {NULL, 0, 0};
	int r = -1;

	pg_printf(&b, "%s\nexit_group: 1\n", text);
	sf_policy_init(p, native);
	if (sf_parse_text(p, "k.txt", b.s, b.len, &err) || sf_parse_finish(p, &err)) {
		CHECKF(0, "%s: %s", text, err.msg);
	} else if (sf_compile(p, &o, prog, &err)) {
		CHECKF(0, "%s: %s", text, err.msg);
		sf_policy_free(p);
	} else {
		r = 0;
	}
	pg_free(&b);
	return r;
}

/* The emulator on one input (the last child's pid for SELF_PID). */
static uint32_t predict(const struct sf_prog *prog, const struct call *c)
{
	struct seccomp_data sd = {.nr = (int)c->nr, .arch = native_audit};

	for (int k = 0; k < 6; k++) {
		sd.args[k] = c->a[k];
		if (c->a[k] == SELF_PID)
			sd.args[k] = (uint64_t)last_child;
		else if (c->a[k] == SELF_PID_HI)
			sd.args[k] = (uint64_t)last_child | 0xffffffff00000000ull;
	}
	return sf_bpf_run(prog, &sd, NULL);
}

#define CALL(nr, ...)                                                                              \
	{                                                                                          \
		(long)(nr),                                                                        \
		{                                                                                  \
			__VA_ARGS__                                                                \
		}                                                                                  \
	}

/* Expected results: ERRNO(e), OK (returned >= 0), FAILS(e) (the call ran
 * and the kernel refused it with e). */
#define OK (-1000)
#define ANY (-1001)

/* Runs text's calls; each expect[i] is an errno, OK or ANY; died: the
 * child is to be killed by SIGSYS at call died_at (1-based), or 0. */
static void check_calls(const char *name, const char *text, enum sf_report mode, uint32_t token,
			const struct call *calls, const int *expect, int n, int died_at)
{
	struct sf_policy p;
	struct sf_prog prog;
	struct outcome o;

	if (compile(text, mode, token, &p, &prog))
		return;
	if (run_calls(&prog, calls, n, &o)) {
		CHECKF(0, "%s: no child", name);
		goto out;
	}
	kernel_calls += (unsigned long long)sh->started;
	if (died_at) {
		CHECKF(killed_by_sigsys(&o) && sh->started == died_at,
		       "%s: status %#x after %d calls, want death by SIGSYS at call %d", name,
		       o.status, sh->started, died_at);
		n = died_at - 1;
	} else {
		CHECKF(exited(&o) && sh->started == n, "%s: status %#x after %d of %d calls (%s)",
		       name, o.status, sh->started, n, o.err);
	}
	for (int i = 0; i < n && i < sh->started; i++) {
		uint32_t want = predict(&prog, &calls[i]), action = want & SECCOMP_RET_ACTION_FULL;
		int ok, runs = action == SECCOMP_RET_ALLOW || action == SECCOMP_RET_LOG;
		if (expect[i] == ANY)
			continue;
		/* The emulator means what the case expects... */
		if (action == SECCOMP_RET_ERRNO)
			CHECKF(expect[i] == (int)(want & SECCOMP_RET_DATA),
			       "%s: call %d: emulator %#x", name, i + 1, want);
		else if (action == SECCOMP_RET_TRACE || action == SECCOMP_RET_USER_NOTIF)
			CHECKF(expect[i] == ENOSYS, "%s: call %d: emulator %#x", name, i + 1, want);
		else
			CHECKF(runs, "%s: call %d: emulator %#x", name, i + 1, want);
		/* ... and so does the kernel. */
		if (expect[i] == OK)
			ok = sh->ret[i] >= 0 && runs;
		else if (expect[i] == 0)
			ok = sh->ret[i] == 0;
		else
			ok = sh->ret[i] == -1 && sh->err[i] == expect[i];
		CHECKF(ok,
		       "%s: call %d (nr %#lx, %#lx, %#lx, %#lx): returned %ld errno %d, want %d",
		       name, i + 1, (unsigned long)calls[i].nr, calls[i].a[0], calls[i].a[1],
		       calls[i].a[2], sh->ret[i], sh->err[i], expect[i]);
	}
out:
	sf_prog_free(&prog);
	sf_policy_free(&p);
}

#define CASE(name, text, mode, token, died_at, ...)                                                \
	do {                                                                                       \
		const struct {                                                                     \
			struct call c;                                                             \
			int expect;                                                                \
		} cases_[] = {__VA_ARGS__};                                                        \
		struct call calls_[COUNT(cases_)];                                                 \
		int expect_[COUNT(cases_)];                                                        \
		for (size_t i_ = 0; i_ < COUNT(cases_); i_++) {                                    \
			calls_[i_] = cases_[i_].c;                                                 \
			expect_[i_] = cases_[i_].expect;                                           \
		}                                                                                  \
		check_calls(name, text, mode, token, calls_, expect_, (int)COUNT(cases_),          \
			    died_at);                                                              \
	} while (0)

static char buf[64];
static long parent_pid;

static void test_width_and_sign(void)
{
	unsigned long rd = (unsigned long)pipefd[0], wr = (unsigned long)pipefd[1];
	struct call c[8];
	int e[8];
	struct sf_policy p;
	struct sf_prog prog;
	struct outcome o;

	/* write's fd is an unsigned int: 0x100000002 is stderr to the
	 * kernel, so the condition must see 2 too. */
	c[0] = (struct call)CALL(SYS_write, 0x100000002ul, (unsigned long)buf, 1);
	c[1] = (struct call)CALL(SYS_write, 0xffffffff00000002ul, (unsigned long)buf, 1);
	c[2] = (struct call)CALL(SYS_write, 2, (unsigned long)buf, 1);
	c[3] = (struct call)CALL(SYS_write, wr, (unsigned long)buf, 1);
	c[4] = (struct call)CALL(SYS_write, wr | 0x500000000ul, (unsigned long)buf, 1);
	c[5] = (struct call)CALL(SYS_write, 0xfffffffful, (unsigned long)buf, 1);
	e[0] = e[1] = e[2] = 77;
	e[3] = e[4] = OK;
	e[5] = EBADF;
	if (compile("write: fd != 2; errno 77\ndefault: errno 99", SF_REPORT_KILL, 1, &p, &prog) ==
	    0) {
		CHECK(run_calls(&prog, c, 6, &o) == 0);
		CHECKF(exited(&o) && sh->started == 6, "status %#x", o.status);
		CHECKF(o.err[0] == '\0', "wrote to stderr: '%s'", o.err);
		for (int i = 0; i < 6; i++)
			CHECKF(e[i] == OK ? sh->ret[i] == 1
					  : sh->ret[i] == -1 && sh->err[i] == e[i],
			       "write call %d: %ld errno %d, want %d", i + 1, sh->ret[i],
			       sh->err[i], e[i]);
		kernel_calls += 6;
		sf_prog_free(&prog);
		sf_policy_free(&p);
	}
	{
		char drain[16];
		while (read(rd, drain, sizeof(drain)) == (ssize_t)sizeof(drain))
			;
	}

	/* ioctl's cmd is an unsigned int: bits 32..63 do not hide FIONREAD. */
	CASE("ioctl", "ioctl: cmd != FIONREAD; errno 78\ndefault: errno 99", SF_REPORT_KILL, 1, 0,
	     {CALL(SYS_ioctl, rd, FIONREAD | (1ul << 32), (unsigned long)buf), 78},
	     {CALL(SYS_ioctl, rd, FIONREAD | 0xffffffff00000000ul, (unsigned long)buf), 78},
	     {CALL(SYS_ioctl, rd, FIONREAD, (unsigned long)buf), 78},
	     {CALL(SYS_ioctl, rd, TCGETS | (1ul << 32), (unsigned long)buf), ENOTTY},
	     {CALL(SYS_ioctl, rd, TCGETS, (unsigned long)buf), ENOTTY});

	/* openat's dfd is an int: AT_FDCWD with any upper half. */
	CASE("openat", "openat: dfd == AT_FDCWD; errno 79\ndefault: errno 99", SF_REPORT_KILL, 1, 0,
	     {CALL(SYS_openat, 0xffffffffffffff9cul, (unsigned long)".", O_RDONLY), OK},
	     {CALL(SYS_openat, 0x00000000ffffff9cul, (unsigned long)".", O_RDONLY), OK},
	     {CALL(SYS_openat, 0x12345678ffffff9cul, (unsigned long)".", O_RDONLY), OK},
	     {CALL(SYS_openat, 0xffffff9cul + 1, (unsigned long)".", O_RDONLY), 79},
	     {CALL(SYS_openat, rd, (unsigned long)".", O_RDONLY), 79},
	     {CALL(SYS_openat, 0xffffff9c00000000ul, (unsigned long)".", O_RDONLY), 79});

	/* kill's pid is a signed int: -1 and 0 are not > 0, whatever the
	 * upper half says. */
	{
		struct call kc[] = {
		    CALL(SYS_kill, (unsigned long)-1, 0),
		    CALL(SYS_kill, 0, 0),
		    CALL(SYS_kill, 0xfffffffful, 0),
		    CALL(SYS_kill, 0x80000000ul, 0),
		    CALL(SYS_kill, 0x100000000ul, 0),
		    CALL(SYS_kill, SELF_PID, 0),
		    CALL(SYS_kill, SELF_PID_HI, 0),
		    CALL(SYS_kill, (unsigned long)parent_pid, 0),
		    CALL(SYS_kill, (unsigned long)parent_pid | 0xffffffff00000000ul, 0),
		};
		int ke[] = {80, 80, 80, 80, 80, 0, 0, 0, 0};
		check_calls("kill", "kill: pid > 0; errno 80\ndefault: errno 99", SF_REPORT_KILL, 1,
			    kc, ke, (int)COUNT(kc), 0);
	}

	/* lseek's offset is a signed 64-bit off_t: 2^32 is not < 4096, -1 is. */
	CASE("lseek", "lseek: offset < 4096; errno 81\ndefault: errno 99", SF_REPORT_KILL, 1, 0,
	     {CALL(SYS_lseek, rd, 0x100000000ul, SEEK_SET), 81},
	     {CALL(SYS_lseek, rd, 0xfffffffful, SEEK_SET), 81},
	     {CALL(SYS_lseek, rd, 0x7ffffffffffffffful, SEEK_SET), 81},
	     {CALL(SYS_lseek, rd, 4096, SEEK_SET), 81},
	     {CALL(SYS_lseek, rd, 4095, SEEK_SET), ESPIPE},
	     {CALL(SYS_lseek, rd, (unsigned long)-1, SEEK_SET), ESPIPE},
	     {CALL(SYS_lseek, rd, 0x8000000000000000ul, SEEK_SET), ESPIPE});

	/* mmap's addr is 64 bits: 0x100000000 is not 0. */
	CASE("mmap", "mmap: addr == 0; errno 82\ndefault: errno 99", SF_REPORT_KILL, 1, 0,
	     {CALL(SYS_mmap, 0x100000000ul, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		   (unsigned long)-1, 0),
	      82},
	     {CALL(SYS_mmap, 0xffffffff00000000ul, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		   (unsigned long)-1, 0),
	      82},
	     {CALL(SYS_mmap, 0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, (unsigned long)-1, 0),
	      OK});
}

static void test_numbers(void)
{
#if defined(__x86_64__)
	/* x32 numbers are killed even when the default allows. */
	static const long x32[] = {0x40000000 | SYS_getpid, 0x40000000, 0x40000fff};
	for (size_t i = 0; i < COUNT(x32); i++) {
		struct call c[] = {CALL(SYS_getppid, 0), CALL(x32[i], 0), CALL(SYS_getppid, 0)};
		int e[] = {OK, 0, 0};
		check_calls("x32", "default: allow\nread: 1", SF_REPORT_KILL, 1, c, e, 3, 2);
	}
	CASE("x32 end", "default: allow\nread: 1", SF_REPORT_KILL, 1, 0,
	     {CALL(0x40001000, 0), ENOSYS}, {CALL(0x3fffffff, 0), ENOSYS});
#endif
	/* Numbers no syscall has get the default. */
	CASE("unknown numbers", "default: errno 83\nread: 1", SF_REPORT_KILL, 1, 0,
	     {CALL(1000, 0), 83}, {CALL(0x7fffffff, 1, 2), 83}, {CALL(0x80000000u, 0), 83},
	     {CALL(4095, 0), 83}, {CALL(SYS_getppid, 0), 83});
	CASE("unknown numbers, allowed", "default: allow\nwrite: 0", SF_REPORT_KILL, 1, 0,
	     {CALL(1000, 0), ENOSYS}, {CALL(0x7fffffff, 0), ENOSYS}, {CALL(SYS_getppid, 0), OK});
	CASE("unknown number, killed", "read: 1", SF_REPORT_KILL, 1, 2,
	     {CALL(SYS_read, 0xffffffff, (unsigned long)buf, 0), EBADF}, {CALL(1000, 0), ANY});
	CASE("numbers as names",
	     "1000: errno 84\n0x7fffffff: arg0 == 5; errno 85\ndefault: errno 86", SF_REPORT_KILL,
	     1, 0, {CALL(1000, 0), 84}, {CALL(0x7fffffff, 5), ENOSYS},
	     {CALL(0x7fffffff, 0x100000005ul), 85}, {CALL(0x7fffffff, 6), 85}, {CALL(1001, 0), 86});
}

static void test_actions(void)
{
	/* Every action the kernel can show without a tracer or listener. */
	CASE("actions",
	     "getppid: errno 84\ngetuid: return EPERM\ngetgid: errno 0\ngeteuid: errno 4095\n"
	     "getegid: trace 5\ngetpgid: user-notify\nsched_yield: log\ngetsid: pid == 0\n"
	     "default: errno 99",
	     SF_REPORT_KILL, 1, 0, {CALL(SYS_getppid, 0), 84}, {CALL(SYS_getuid, 0), EPERM},
	     {CALL(SYS_getgid, 0), 0}, {CALL(SYS_geteuid, 0), 4095}, {CALL(SYS_getegid, 0), ENOSYS},
	     {CALL(SYS_getpgid, 0), ENOSYS}, {CALL(SYS_sched_yield, 0), OK},
	     {CALL(SYS_getsid, 0), OK}, {CALL(SYS_getsid, 1ul << 32), OK},
	     {CALL(SYS_getsid, 1), 99}, {CALL(SYS_gettid, 0), 99});
	/* The ones that end the process. */
	static const struct {
		const char *text;
		enum sf_report mode;
	} deaths[] = {
	    {"getpgid: kill-process\ndefault: errno 99", SF_REPORT_KILL},
	    {"getpgid: kill\ndefault: errno 99", SF_REPORT_KILL},
	    {"getpgid: kill-thread\ndefault: errno 99", SF_REPORT_KILL},
	    {"getpgid: trap\ndefault: errno 99", SF_REPORT_KILL},
	    {"getuid: 1\ngetpgid: 0\ndefault: kill-process", SF_REPORT_KILL},
	    {"getuid: 1\ngetpgid: pid == 1\ndefault: kill", SF_REPORT_KILL},
	    {"default: kill-process\ngetuid: 1", SF_REPORT_KILL},
	    {"getpgid: kill-process\ndefault: errno 99", SF_REPORT_TRAP}, /* TRAP | id */
	    {"getpgid: pid == 1; trap\ndefault: errno 99", SF_REPORT_TRAP},
	};
	for (size_t i = 0; i < COUNT(deaths); i++) {
		struct call c[] = {CALL(SYS_getuid, 0), CALL(SYS_getpgid, 7), CALL(SYS_getuid, 0)};
		int e[] = {ANY, ANY, ANY};
		check_calls(deaths[i].text, deaths[i].text, deaths[i].mode, 0x1234, c, e, 3, 2);
	}
}

/* Report mode: rt_sigaction(SIGSYS, act) needs the token in the upper
 * half of the signal number. */
static void test_sigsys_guard(void)
{
	static unsigned long act[4]; /* a kernel sigaction: SIG_DFL, no flags */
	static unsigned long old[4];
	const unsigned long token = 0x5157a9ed;
	struct call c[] = {
	    CALL(SYS_rt_sigaction, SIGSYS, 0, (unsigned long)old, 8),
	    CALL(SYS_rt_sigaction, SIGSYS | (0x1234ul << 32), 0, (unsigned long)old, 8),
	    CALL(SYS_rt_sigaction, SIGSYS | (token << 32), (unsigned long)act, 0, 8),
	    CALL(SYS_rt_sigaction, SIGUSR1, (unsigned long)act, 0, 8),
	    CALL(SYS_rt_sigaction, SIGSYS, (unsigned long)act, 0, 8),
	};
	int e[] = {87, 87, 0, 87, ANY};

	check_calls("sigsys guard", "rt_sigaction: errno 87\ndefault: allow", SF_REPORT_TRAP,
		    (uint32_t)token, c, e, (int)COUNT(c), 5);
	e[0] = e[1] = OK;
	e[3] = OK;
	check_calls("sigsys guard, allowed", "rt_sigaction: sig != 12\ndefault: allow",
		    SF_REPORT_TRAP, (uint32_t)token, c, e, (int)COUNT(c), 5);
	/* Without report mode there is no guard. */
	e[0] = e[1] = e[2] = e[3] = e[4] = 87;
	check_calls("no guard", "rt_sigaction: errno 87\ndefault: allow", SF_REPORT_KILL,
		    (uint32_t)token, c, e, (int)COUNT(c), 0);
}

/* ---- the property loop ---- */

/* clang-format off */
static const char *const harmless[] = {
    "getppid", "getpid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getpgrp",
    "getpgid", "getsid", "getpriority", "ioprio_get", "umask", "personality", "close",
    "dup", "munlock", "readahead", "fadvise64", "sched_yield", NULL,
};
/* clang-format on */

/* Never called with random arguments, whatever the filter: if it were
 * wrong, these could hurt more than the child. */
/* clang-format off */
static const char *const dangerous[] = {
    "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal",
    "reboot", "exit", "exit_group", "fork", "vfork", "clone", "clone3", "execve",
    "execveat", "ptrace", "kexec_load", "kexec_file_load", "process_vm_writev", "mmap",
    "munmap", "mremap", "mprotect", "madvise", "brk", "write", "pwrite64", "writev",
    "pwritev", "pwritev2", "ftruncate", "truncate", "fallocate", "lseek", "fcntl", "ioctl",
    "shutdown", "flock", "prctl", "arch_prctl", "seccomp", "iopl", "ioperm", "setrlimit",
    "prlimit64", "set_tid_address", "set_robust_list", "rt_sigreturn", "rt_sigaction",
    "rt_sigprocmask", "sigaltstack", "sendfile", "splice", "tee", "vmsplice",
    "copy_file_range", "setpriority", "sched_setscheduler", "sched_setparam",
    "sched_setaffinity", "swapoff", "swapon", "umount2", "mount", "pivot_root", "unshare",
    "setns", "futex", "pause", "rt_sigsuspend", "read", "readv", "pread64", "preadv",
    "preadv2", "recvfrom", "recvmsg", "recvmmsg", "accept", "accept4", "nanosleep",
    "clock_nanosleep", "select", "pselect6", "poll", "ppoll", "epoll_wait", "epoll_pwait",
    "epoll_pwait2", "msgrcv", "semop", "semtimedop", "wait4", "waitid", "mlock", "mlock2",
    "mlockall", "msync", "remap_file_pages", "pkey_mprotect", "userfaultfd",
    "io_uring_enter", "io_uring_setup", "bpf", "perf_event_open", "keyctl", "add_key",
    "request_key", "sync", "syncfs", "fsync", "fdatasync", "exit", "modify_ldt",
    "memfd_secret", "process_madvise", "set_mempolicy", "mbind", "migrate_pages",
    "move_pages", "sched_setattr", "setsid", "setpgid", "vhangup", "acct", "quotactl",
    "init_module", "finit_module", "delete_module", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "syslog", "uselib",
    "lookup_dcookie", "io_setup", "io_submit", "io_getevents", "io_pgetevents", "signalfd4",
    "timer_create", "alarm", "setitimer", "timer_settime", "timerfd_settime",
};
/* clang-format on */

/* Numbers recent kernels run without asking the filter: x86_64's
 * uretprobe (335) and uprobe (336), which only the kernel's own
 * trampolines may call (anyone else gets SIGILL or ENXIO). */
static int unfiltered(long nr)
{
#if defined(__x86_64__)
	return nr == 335 || nr == 336;
#else
	(void)nr;
	return 0;
#endif
}

static int listed(const char *const *list, size_t n, const struct sf_syscall *sc)
{
	for (size_t i = 0; sc && i < n && list[i]; i++)
		if (strcmp(list[i], sc->name) == 0)
			return 1;
	return 0;
}

/* Whether the kernel's answer is what the filter's value means; known:
 * the number is a syscall of the arch's table (else running it gives
 * ENOSYS). */
static int agrees(uint32_t want, long r, int e, int known)
{
	switch (want & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ERRNO:
		if ((want & SECCOMP_RET_DATA) == 0)
			return r == 0;
		return r == -1 && e == (int)(want & SECCOMP_RET_DATA);
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_USER_NOTIF:
		return r == -1 && e == ENOSYS; /* no tracer, no listener */
	case SECCOMP_RET_ALLOW:
	case SECCOMP_RET_LOG:
		/* The call ran: whatever it returned, not one of the
		 * policy's errnos (100 up) nor ENOSYS. */
		return r != -1 || (e < 100 && (e != ENOSYS || !known));
	}
	return 0;
}

static const char *const kernel_hand[] = {
    "getpgid: pid == 5 || pid > 7; errno 101\ndefault: errno 100",
    "personality: personality == 0xffffffff\ngetpgid: pid > 0 && pid < 100; errno 102\n"
    "getsid: (pid & 0xff) == 1; return 103\ndefault: return 104",
    "close: fd in {100, 101, 0xffffffff}; errno 104\numask: mask in 0777; errno 105\n"
    "default: errno 106",
    "munlock: start > 0x100000000 || len == 0; errno 106\nreadahead: offset < -1; errno 107\n"
    "dup: fildes >= 3 && fildes != 0xffffffff; errno 108\ndefault: errno 109",
    "getpriority: which == 0 && who < 0; errno 109\nioprio_get: which != 1; errno 110\n"
    "readahead: !(fd & 1) && (count & 0xffffffff00000000) == 0x100000000; errno 111\n"
    "default: errno 112",
    "munlock: start < 1 || len > 0x7fffffffffffffff; errno 113\n"
    "getpriority: who in {0, 1, -1, -2}; errno 114\n"
    "umask: mask in ~0xff00; trace 77\nioprio_get: who & 0x80000000; user-notify\n"
    "1000: arg0 == 1; errno 115\ndefault: errno 116",
    "munlock: len in 0xffff || start & 0x8000000000000000; errno 117\n"
    "readahead: count in ~0xff00000000 && offset != -1; errno 118\n"
    "fadvise64: (offset & 0xffffffff00000000) >= 0x100000000 || len <= 0xffffffff; errno 119\n"
    "getsid: pid <= -2147483648 || pid >= 2147483647; errno 120\ndefault: errno 121",
};

static void property_child_run(const char *name, const char *text, uint64_t seed, int ncalls)
{
	const struct sf_syscall_table *t = sf_arch_info(native)->table;
	struct sf_policy p;
	struct sf_prog prog;
	struct outcome o;
	struct call *calls = calloc(MAX_CALLS, sizeof(*calls));
	uint32_t *want = calloc(MAX_CALLS, sizeof(*want));
	uint64_t pool[256];
	size_t npool = 0;
	int n = 0, bad = 0;

	if (!calls || !want)
		abort();
	if (compile(text, SF_REPORT_KILL, 1, &p, &prog)) {
		free(calls);
		free(want);
		return;
	}
	{
		static const uint64_t bounds[] = {0,
						  1,
						  2,
						  3,
						  5,
						  7,
						  100,
						  0xffffffff,
						  0x100000000,
						  0x7fffffff,
						  0x80000000,
						  (uint64_t)-1,
						  1ull << 63,
						  (1ull << 63) - 1,
						  0xffffffff80000000ull};
		for (size_t i = 0; i < COUNT(bounds); i++)
			pool[npool++] = bounds[i];
		for (size_t i = 0; i < p.nnodes && npool + 4 < COUNT(pool); i++) {
			if (p.nodes[i].kind != SF_NODE_CMP)
				continue;
			pool[npool++] = p.nodes[i].value;
			pool[npool++] = p.nodes[i].value + 1;
			pool[npool++] = p.nodes[i].value - 1;
			pool[npool++] = (uint32_t)p.nodes[i].value | (pg_next(&seed) << 32);
		}
	}
	while (n < ncalls) {
		struct call c;
		const struct sf_syscall *sc;
		uint32_t w;
		int r = (int)pg_below(&seed, 10);

		memset(&c, 0, sizeof(c));
		if (r < 4 && p.nrules) {
			c.nr = p.rules[pg_below(&seed, p.nrules)].nr;
		} else if (r < 7) {
			sc = sf_syscall_by_name(t, harmless[pg_below(&seed, COUNT(harmless) - 1)]);
			if (!sc)
				continue;
			c.nr = sc->nr;
		} else if (r < 9) {
			c.nr = (long)pg_below(&seed, 460);
		} else {
			static const long big[] = {1000, 0x7fffffff, 4095, 0x80000000l,
						   0xfffffffel};
			c.nr = big[pg_below(&seed, COUNT(big))];
		}
		c.nr = (long)(uint32_t)c.nr; /* numbers as the kernel sees them */
		sc = sf_syscall_by_nr(t, (int)c.nr);
		if (listed(dangerous, COUNT(dangerous), sc) || unfiltered(c.nr) ||
		    ((uint32_t)c.nr >= sf_arch_info(native)->x32_first &&
		     (uint32_t)c.nr < sf_arch_info(native)->x32_end))
			continue;
		for (int k = 0; k < 6; k++)
			c.a[k] = pg_below(&seed, 4) ? pool[pg_below(&seed, npool)] : pg_next(&seed);
		w = predict(&prog, &c);
		{
			struct seccomp_data sd = {.nr = (int)c.nr, .arch = native_audit};
			struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
			memcpy(sd.args, c.a, sizeof(sd.args));
			CHECKF(sf_policy_eval(&p, &opts, &sd) == w,
			       "%s: interpreter and program differ", name);
		}
		/* Only harmless calls may run. */
		if (((w & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW ||
		     (w & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG) &&
		    !listed(harmless, COUNT(harmless), sc))
			continue;
		if ((w & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ERRNO &&
		    (w & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRACE &&
		    (w & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_USER_NOTIF &&
		    (w & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW &&
		    (w & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_LOG)
			continue;
		want[n] = w;
		calls[n++] = c;
		w &= SECCOMP_RET_ACTION_FULL;
		loop_by_action[w == SECCOMP_RET_ERRNO				? 1
			       : w == SECCOMP_RET_ALLOW || w == SECCOMP_RET_LOG ? 0
										: 2]++;
	}
	if (run_calls(&prog, calls, n, &o) == 0) {
		CHECKF(exited(&o) && sh->started == n, "%s: status %#x after %d of %d calls (%s)",
		       name, o.status, sh->started, n, o.err);
		kernel_calls += (unsigned long long)sh->started;
		for (int i = 0; i < sh->started && i < n; i++) {
			if (agrees(want[i], sh->ret[i], sh->err[i],
				   sf_syscall_by_nr(t, (int)calls[i].nr) != NULL))
				continue;
			if (bad++ < 5)
				fprintf(stderr,
					"%s: nr %#lx args %#lx %#lx %#lx %#lx %#lx %#lx: kernel "
					"%ld errno %d, "
					"emulator %#x\n",
					name, (unsigned long)calls[i].nr, calls[i].a[0],
					calls[i].a[1], calls[i].a[2], calls[i].a[3], calls[i].a[4],
					calls[i].a[5], sh->ret[i], sh->err[i], want[i]);
		}
		CHECKF(bad == 0, "%s: %d of %d calls differ from the emulator\n%s", name, bad, n,
		       text);
	}
	sf_prog_free(&prog);
	sf_policy_free(&p);
	free(calls);
	free(want);
}

static void test_property(void)
{
	struct pg_opts o = {1, harmless, -1, 12};
	size_t i;

	o.avoid_nr = sf_syscall_by_name(sf_arch_info(native)->table, "exit_group")->nr;
	for (i = 0; i < COUNT(kernel_hand); i++) {
		char name[32];
		snprintf(name, sizeof(name), "kernel policy %zu", i);
		property_child_run(name, kernel_hand[i], 0xabc0 + i, 400);
	}
	for (i = 0; i < 16; i++) {
		struct pg_buf b = {NULL, 0, 0};
		char name[32];
		snprintf(name, sizeof(name), "random kernel policy %zu", i);
		pg_policy(0x77000 + i, native, &o, &b);
		property_child_run(name, b.s, 0xdef0 + i, 400);
		pg_free(&b);
	}
}

/* Whether this process may install filters at all. */
static int seccomp_usable(void)
{
	struct sf_policy p;
	struct sf_prog prog;
	struct outcome o;
	int ok;

	if (compile("default: allow", SF_REPORT_KILL, 1, &p, &prog))
		return 0;
	ok = run_calls(&prog, NULL, 0, &o) == 0 && exited(&o);
	sf_prog_free(&prog);
	sf_policy_free(&p);
	return ok;
}

int main(void)
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	native = sf_arch_native();
	native_audit = sf_arch_info(native)->audit_arch;
	parent_pid = (long)getpid();
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || pipe(pipefd)) {
		perror("setup");
		return 2;
	}
	fcntl(pipefd[1], F_SETFL, O_NONBLOCK);
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	if (!seccomp_usable()) {
		printf("kernel: seccomp unavailable here, kernel checks skipped\n");
		return test_report("kernel");
	}
	test_width_and_sign();
	test_numbers();
	test_actions();
	test_sigsys_guard();
	test_property();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("kernel: %llu syscalls made under installed filters (property loop: %llu ran, %llu "
	       "errno, %llu trace/user-notify) in %.1f s\n",
	       kernel_calls, loop_by_action[0], loop_by_action[1], loop_by_action[2],
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	munmap(sh, sizeof(*sh));
	return test_report("kernel");
}
