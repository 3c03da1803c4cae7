/* sf-run's supervision of a running program (supervise.h). The program is
 * a child of sf-run, traced from before its exec: the kernel stops it
 * right after exec, before the dynamic loader's first instruction, and
 * sf-run installs the widened stack there; a breakpoint at the program's
 * entry point stops it again once the loader is done, and the exact stack
 * goes in. Kill-class denials are the kernel's own kill-process: nothing
 * the program does can catch, block or outrank them. sf-run learns of
 * each from the exit stop of the killed thread, whose registers the kernel
 * has rolled back to the denied call. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <elf.h>
#include <linux/ptrace.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include "inject.h"
#include "merge.h"
#include "rawsys.h"
#include "launcher.h"
#include "report.h"
#include "supervise.h"
#include "tree.h"
#include "why.h"

#define TRACE_OPTS                                                                                 \
	(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | PTRACE_O_TRACEFORK |    \
	 PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL)

/* Where the program is on its way to its exact filters. */
enum phase {
	BEFORE_EXEC, /* sf-run's child, not yet the program */
	LOADING,     /* widened stack in force, breakpoint at the entry point */
	EXACT,	     /* exact stack in force */
};

static struct {
	const struct sf_supervise *s;
	pid_t main;
	enum phase phase;
	uint64_t entry, saved;
	/* The stacks as installed (each merged into one program where it
	 * fits), and whether the exact one differs from the widened one. */
	struct sf_prog exact[SF_ID_MAX_POLICIES], widened[SF_ID_MAX_POLICIES];
	size_t nexact, nwidened;
	int exact_differs;
	/* The widened stack (NULL: none). */
	const struct sf_stack *wstack;
	/* Every thread being traced, for the detach at the end. */
	pid_t *tids;
	size_t ntids, captids;
	int report_fd;
	int inherited; /* sf-run's own filters, which the program inherits */
	dev_t self_dev;
	ino_t self_ino;
} T;

/* ---- the threads being traced ---- */

static void track(pid_t tid)
{
	if (T.ntids == T.captids) {
		size_t cap = T.captids ? 2 * T.captids : 16;
		pid_t *n = realloc(T.tids, cap * sizeof *n);

		if (!n)
			return; /* only the detach at the end would miss it */
		T.tids = n;
		T.captids = cap;
	}
	T.tids[T.ntids++] = tid;
}

static void untrack(pid_t tid)
{
	for (size_t i = 0; i < T.ntids; i++) {
		if (T.tids[i] == tid) {
			T.tids[i] = T.tids[--T.ntids];
			return;
		}
	}
}

/* ---- reports ---- */

static int read_str(void *ctx, uint64_t addr, char *out, size_t size)
{
	pid_t tid = *(pid_t *)ctx;
	size_t got = 0;

	/* Page by page: a string may end just before an unmapped page. */
	while (got + 1 < size) {
		size_t page_left = 4096 - ((addr + got) & 4095);
		size_t want = size - 1 - got < page_left ? size - 1 - got : page_left;
		struct iovec l = {out + got, want}, r = {(void *)(uintptr_t)(addr + got), want};
		ssize_t n = process_vm_readv(tid, &l, 1, &r, 1, 0);

		if (n <= 0)
			break;
		if (memchr(out + got, 0, (size_t)n)) {
			got += strlen(out + got);
			out[got] = 0;
			return (int)got;
		}
		got += (size_t)n;
	}
	if (!got)
		return -1;
	out[got] = 0;
	return (int)got;
}

/* One line to where the user reads sf-run's errors, never waiting on a
 * pipe the program filled: the report must not hold up the tree. */
static void open_report_fd(void);

static void say(const char *line, size_t len)
{
	if (T.report_fd < 0)
		open_report_fd();
	for (int tries = 0; len && tries < 100; tries++) {
		ssize_t n = write(T.report_fd, line, len);

		if (n > 0) {
			line += n;
			len -= (size_t)n;
		} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
			return;
		} else {
			usleep(10000);
		}
	}
}

static void open_report_fd(void)
{
	struct stat st;
	int fd;

	T.report_fd = 2;
	if (fstat(2, &st) || !(S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode)))
		return;
	/* A description of our own, so that O_NONBLOCK is not the program's. */
	fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0)
		T.report_fd = fd;
}

static void comm_of(pid_t tid, char *out, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/comm", (int)tid);
	snprintf(out, size, "?");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, out, size - 1);
	close(fd);
	if (n <= 0)
		return;
	out[n] = 0;
	out[strcspn(out, "\n")] = 0;
}

/* The policies in force in the program now. */
static const struct sf_stack *in_force(void)
{
	return T.phase == EXACT || !T.wstack ? T.s->exact : T.wstack;
}

/* A thread stopped at its exit with status: when seccomp killed it, the
 * registers are those of the denied call. */
static void report_exit(pid_t tid, unsigned long status)
{
	struct sf_report_src src = sf_report_src_of(in_force(), read_str, &tid);
	char line[1400], comm[32];
	uint64_t args[6];
	uint32_t arch;
	int nr, n, rolled_back;

	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS || T.s->quiet)
		return;
	if (sf_tracee_syscall(tid, &nr, args, &arch, &rolled_back))
		return;
	/* A call our policies allow, with the registers as seccomp leaves
	 * them: a filter of the program's (sf_restrict, a shim's) killed it. */
	if (!sf_report_denies(&src, nr, arch, args) && !rolled_back)
		return;
	comm_of(tid, comm, sizeof comm);
	n = snprintf(line, sizeof line, "sf: %s[%d]: ", comm, (int)tid);
	sf_report_format(line + n, sizeof line - (size_t)n - 1, &src, nr, arch, args);
	n = (int)strlen(line);
	line[n++] = '\n';
	say(line, (size_t)n);
}

/* ---- permissive mode ---- */

static void resume(pid_t tid, int sig);

/* One kind of call the policies would have denied: reported when first
 * seen, counted, and summed up at the end. */
struct would {
	int nr;
	uint32_t arch;
	char what[160]; /* "NAME by FILE:LINE (ACTION)" */
	unsigned long count;
};

static struct {
	struct would *w;
	size_t n, cap;
} W;

static struct would *would_find(int nr, uint32_t arch, const char *what)
{
	for (size_t i = 0; i < W.n; i++)
		if (W.w[i].nr == nr && W.w[i].arch == arch && !strcmp(W.w[i].what, what))
			return &W.w[i];
	if (W.n == W.cap) {
		size_t cap = W.cap ? 2 * W.cap : 16;
		struct would *n = realloc(W.w, cap * sizeof *n);

		if (!n)
			return NULL;
		W.w = n;
		W.cap = cap;
	}
	memset(&W.w[W.n], 0, sizeof W.w[W.n]);
	W.w[W.n].nr = nr;
	W.w[W.n].arch = arch;
	snprintf(W.w[W.n].what, sizeof W.w[W.n].what, "%s", what);
	return &W.w[W.n++];
}

/* A seccomp stop in permissive mode: a call the policies would deny runs,
 * reported the first time. A policy's own trace rule answers as it does
 * without permissive mode (no tracer asks for it): ENOSYS. */
static void on_permit(pid_t tid)
{
	struct sf_report_src src = sf_report_src_of(in_force(), read_str, &tid);
	const struct sf_arch_info *ai = sf_arch_info(sf_arch_native());
	const struct sf_syscall *sc;
	char line[1400], comm[32], by[96], what[160];
	struct would *w;
	uint64_t args[6];
	uint32_t arch;
	int nr, rolled, n;

	if (sf_tracee_syscall(tid, &nr, args, &arch, &rolled)) {
		resume(tid, 0);
		return;
	}
	if (!sf_report_denies(&src, nr, arch, args)) {
		sf_tracee_skip_syscall(tid, -ENOSYS);
		resume(tid, 0);
		return;
	}
	/* A kind of call: its name and the rule that denies it. */
	sf_report_by(by, sizeof by, &src, nr, arch, args);
	sc = arch == ai->audit_arch ? sf_syscall_by_nr(ai->table, nr) : NULL;
	if (sc)
		snprintf(what, sizeof what, "%s %s", sc->name, by);
	else
		snprintf(what, sizeof what, "syscall %d %s", nr, by);
	w = would_find(nr, arch, what);
	if (w && w->count++ == 0 && !T.s->quiet) {
		char out[1500];

		sf_report_format(line, sizeof line, &src, nr, arch, args);
		comm_of(tid, comm, sizeof comm);
		n = snprintf(out, sizeof out, "sf: permissive: %s[%d]: would have %s\n", comm,
			     (int)tid, line);
		say(out, (size_t)(n < (int)sizeof out ? n : (int)sizeof out - 1));
	}
	resume(tid, 0);
}

static void permit_summary(void)
{
	char out[256];
	int n;

	for (size_t i = 0; i < W.n; i++) {
		n = snprintf(out, sizeof out, "sf: permissive: %lu× %s\n", W.w[i].count,
			     W.w[i].what);
		say(out, (size_t)(n < (int)sizeof out ? n : (int)sizeof out - 1));
	}
	if (!W.n) {
		n = snprintf(out, sizeof out, "sf: permissive: no call would have been blocked\n");
		say(out, (size_t)n);
	}
}

/* ---- installing ---- */

static __attribute__((noreturn)) void give_up(const char *what, const char *why)
{
	kill(T.main, SIGKILL);
	sf_fatal("%s: %s; the program was killed %s", what, why,
		 T.phase == BEFORE_EXEC ? "before its first instruction" : "at its entry point");
}

/* The program's entry point, and where its dynamic loader is (0: none, a
 * static program), as the kernel told it at exec. */
static uint64_t entry_point(pid_t pid, uint64_t *loader)
{
	char path[64];
	uint64_t aux[2 * 64], entry = 0;
	ssize_t n;
	int fd;

	*loader = 0;
	snprintf(path, sizeof path, "/proc/%d/auxv", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, aux, sizeof aux);
	close(fd);
	for (ssize_t i = 0; i + 1 < n / 8; i += 2) {
		if (aux[i] == AT_ENTRY)
			entry = aux[i + 1];
		else if (aux[i] == AT_BASE)
			*loader = aux[i + 1];
	}
	return entry;
}

/* A number field of /proc/PID/status ("Tgid:"), or -1. */
static long status_number(pid_t pid, const char *field)
{
	char path[64], buf[4096], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, field);
	return p ? atol(p + strlen(field)) : -1;
}

/* The kernel's count of the filters in force in pid. */
static int filter_count(pid_t pid)
{
	return (int)status_number(pid, "\nSeccomp_filters:");
}

/* The exact Landlock domains, before the exact filters (which may deny
 * Landlock's calls). Code of the program that ran before (the loader's,
 * library constructors) must have left nothing that could answer for the
 * kernel or escape: no filter of its own (one could fake the calls'
 * success) and no other thread (Landlock restricts the calling thread). */
static void install_landlock(pid_t pid, uint64_t at, int *sig)
{
	char why[512];

	*sig = 0;
	if (!T.s->landlock || !T.s->landlock->abi)
		return;
	/* The rules before exec were the exact ones: nothing to add. */
	if (!T.s->landlock->widened)
		return;
	if (T.phase == LOADING) {
		if (status_number(pid, "\nThreads:") != 1)
			give_up("cannot enforce the exact path rules",
				"code before the entry point started a thread, which Landlock "
				"would not restrict");
		if (filter_count(pid) != T.inherited + (int)T.nwidened)
			give_up("cannot enforce the exact path rules",
				"code before the entry point installed a seccomp filter of its "
				"own, which could fake Landlock's answers");
	}
	if (sf_ll_stage_inject(T.s->landlock, T.s->exact, pid, at, sig, why, sizeof why))
		give_up("cannot enforce the exact path rules", why);
}

/* Installs and checks that the kernel counts each filter: an outer filter
 * may answer seccomp() with a fake success. */
static void install(pid_t pid, uint64_t at, const struct sf_prog *progs, size_t n, int *sig,
		    const char *what)
{
	char why[256];
	/* Right after exec the program has sf-run's own filters, no more. */
	int before = T.phase == BEFORE_EXEC ? T.inherited : filter_count(pid), after;

	if (sf_inject_filters(pid, at, progs, n, T.s->mitigate, sig, why, sizeof why))
		give_up(what, why);
	after = filter_count(pid);
	if (before < 0 || after != before + (int)n)
		give_up(what, "the kernel does not count them as installed (an outer filter "
			      "that answers seccomp() without installing?)");
}

/* The first exec of the program: stopped before the loader's first
 * instruction. */
static int at_first_exec(pid_t pid)
{
	uint64_t pc, loader;
	int sig = 0, sig2 = 0;

	if (sf_tracee_finish_syscall(pid, &sig) || sf_tracee_pc(pid, &pc))
		give_up("cannot stop the program after exec", strerror(errno));
	/* The child's widened rulesets are in force: sf-run's copies go. */
	if (T.s->landlock)
		sf_ll_stage_close(T.s->landlock);
	if (!sf_tracee_is_64bit(pid))
		give_up("cannot run the program", "it is a 32-bit program, and sf-run supervises "
						  "64-bit programs only");
	T.entry = entry_point(pid, &loader);
	/* No loader (a static program): its first instruction is its own. */
	if (!T.wstack || !loader) {
		install_landlock(pid, pc, &sig2);
		sig = sig2 ? sig2 : sig;
		install(pid, pc, T.exact, T.nexact, &sig2, "cannot install the filters");
		T.phase = EXACT;
		return sig2 ? sig2 : sig;
	}
	install(pid, pc, T.widened, T.nwidened, &sig2, "cannot install the filters");
	if (!T.exact_differs) {
		T.phase = EXACT;
		return sig2 ? sig2 : sig;
	}
	if (!T.entry || sf_breakpoint_set(pid, T.entry, &T.saved))
		give_up("cannot stop the program at its entry point", "no AT_ENTRY or no access");
	T.phase = LOADING;
	return sig2 ? sig2 : sig;
}

static int is_self(pid_t pid);

/* Resumes the program once its filters are in. A program that is sf-run
 * itself is let go: it supervises its own program, which it could not
 * trace while traced by us (its fork would be ours). Its reports of our
 * filters' denials say "by a filter sf-run did not install". */
static void go_on(pid_t tid, int sig)
{
	if (T.phase == EXACT && tid == T.main && is_self(tid)) {
		untrack(tid);
		if (ptrace(PTRACE_DETACH, tid, 0, sig))
			give_up("cannot let the nested sf-run go", strerror(errno));
		return;
	}
	if (ptrace(T.s->why ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, sig))
		give_up("cannot resume the program", strerror(errno));
}

/* The loader is done: the exact stack goes in before the program's first
 * instruction. */
static void at_entry(pid_t tid)
{
	int sig = 0, sig2 = 0;

	if (sf_breakpoint_clear(tid, T.entry, T.saved))
		give_up("cannot restore the program's entry point", strerror(errno));
	install_landlock(tid, T.entry, &sig);
	install(tid, T.entry, T.exact, T.nexact, &sig2, "cannot install the exact filters");
	T.phase = EXACT;
	go_on(tid, sig2 ? sig2 : sig);
}

/* Code that ran before the entry point (a library's constructor, an IFUNC
 * resolver) forked or exec'd: the new process would never get the exact
 * filters. The whole program is stopped, with a line that says why. */
static __attribute__((noreturn)) void stop_early(pid_t tid, const char *what)
{
	char comm[32];

	comm_of(tid, comm, sizeof comm);
	kill(T.main, SIGKILL);
	sf_fatal("%s[%d] %s before its entry point, before its exact policies were in force: "
		 "killed",
		 comm, (int)tid, what);
}

/* Whether pid's program is sf-run itself: a nested sf-run supervises its
 * own child, which it can only while no one else traces it. */
static int is_self(pid_t pid)
{
	char path[64];
	struct stat st;

	if (!T.self_ino) {
		if (stat("/proc/self/exe", &st))
			return 0;
		T.self_dev = st.st_dev;
		T.self_ino = st.st_ino;
	}
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	return stat(path, &st) == 0 && st.st_dev == T.self_dev && st.st_ino == T.self_ino;
}

/* ---- the loop ---- */

static void resume(pid_t tid, int sig)
{
	/* ESRCH: it was killed meanwhile, and its exit will be reported. */
	ptrace(T.s->why ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, sig);
}

/* --why: the end of a system call; a path or port rule's denial is said. */
static void on_syscall_stop(pid_t tid)
{
	struct ptrace_syscall_info info;
	char line[PATH_MAX * 2 + 512], comm[32];
	uint64_t args[6];
	uint32_t arch;
	int nr, rolled, n;
	size_t len;

	memset(&info, 0, sizeof info);
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) > 0 &&
	    info.op == PTRACE_SYSCALL_INFO_EXIT && info.exit.is_error &&
	    !sf_tracee_syscall(tid, &nr, args, &arch, &rolled) &&
	    arch == sf_arch_info(sf_arch_native())->audit_arch) {
		comm_of(tid, comm, sizeof comm);
		n = snprintf(line, sizeof line, "sf: %s[%d]: ", comm, (int)tid);
		len = sf_why_exit(tid, nr, args, (long)info.exit.rval, line + n,
				  sizeof line - (size_t)n - 1);
		if (len) {
			len += (size_t)n;
			line[len++] = '\n';
			say(line, len);
		}
	}
	resume(tid, 0);
}

static void on_event(pid_t tid, int status)
{
	int event = status >> 16, sig = WSTOPSIG(status);
	unsigned long msg = 0;

	switch (event) {
	case 0:
		if (sig == (SIGTRAP | 0x80)) {
			on_syscall_stop(tid);
			return;
		}
		if (sig == SIGTRAP && T.phase == LOADING && sf_breakpoint_hit(tid, T.entry)) {
			at_entry(tid);
			return;
		}
		resume(tid, sig);
		return;
	case PTRACE_EVENT_EXEC:
		if (T.phase == BEFORE_EXEC && tid == T.main) {
			go_on(tid, at_first_exec(tid));
			return;
		}
		if (T.phase == LOADING) {
			stop_early(tid, "exec'd another program");
			return;
		}
		if (is_self(tid)) {
			untrack(tid);
			ptrace(PTRACE_DETACH, tid, 0, 0);
			return;
		}
		resume(tid, 0);
		return;
	case PTRACE_EVENT_EXIT:
		if (!ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg))
			report_exit(tid, msg);
		resume(tid, 0);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		if (T.phase == LOADING) {
			stop_early(tid, "started another process");
			return;
		}
		/* fall through */
	case PTRACE_EVENT_CLONE:
		if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg)) {
			resume(tid, 0);
			return;
		}
		/* clone() with another exit signal than SIGCHLD makes a process
		 * too, reported as a clone: only threads may start early. */
		if (T.phase == LOADING && event == PTRACE_EVENT_CLONE &&
		    status_number((pid_t)msg, "Tgid:") != T.main) {
			stop_early(tid, "started another process");
			return;
		}
		track((pid_t)msg);
		resume(tid, 0);
		return;
	case PTRACE_EVENT_SECCOMP:
		if (T.s->permissive) {
			on_permit(tid);
			return;
		}
		resume(tid, 0);
		return;
	case PTRACE_EVENT_STOP:
		/* A group-stop (SIGSTOP, ^Z) is kept until SIGCONT; the
		 * other such stop is a new tracee's first. */
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
			ptrace(PTRACE_LISTEN, tid, 0, 0);
		else
			resume(tid, 0);
		return;
	default:
		resume(tid, 0);
	}
}

/* The program has exited: its remaining descendants go on untraced. */
static void detach_all(void)
{
	for (size_t i = 0; i < T.ntids;) {
		if (ptrace(PTRACE_INTERRUPT, T.tids[i], 0, 0) && errno == ESRCH)
			T.tids[i] = T.tids[--T.ntids];
		else
			i++;
	}
	while (T.ntids) {
		int status, event, sig;
		unsigned long msg;
		pid_t tid = waitpid(-1, &status, __WALL);

		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		untrack(tid);
		if (!WIFSTOPPED(status))
			continue;
		event = status >> 16;
		sig = WSTOPSIG(status);
		if (event == PTRACE_EVENT_EXIT && !ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg))
			report_exit(tid, msg);
		if ((event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
		     event == PTRACE_EVENT_CLONE) &&
		    !ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg))
			track((pid_t)msg);
		ptrace(PTRACE_DETACH, tid, 0, event == 0 && sig != SIGTRAP ? sig : 0);
	}
}

/* What the child tells through the error pipe: which step failed, or
 * that the exact path rules deny exec or the loader a file (WIDEN: sf-run
 * starts another child with the rules widened). */
enum child_step { EXECVE, NO_NEW_PRIVS, LANDLOCK, WIDEN };

struct child_error {
	enum child_step step;
	int err;
};

struct child_args {
	const struct sf_supervise *s;
	int go, go_w, err;
};

/* The child shares sf-run's memory until it execs (no page tables to
 * copy): it makes raw system calls only, and touches nothing of sf-run's
 * but its own arguments. */
static int child(void *arg)
{
	const struct child_args *a = arg;
	const struct sf_ll_stage *ll =
	    a->s->landlock && a->s->landlock->abi ? a->s->landlock : NULL;
	struct child_error ce = {NO_NEW_PRIVS, 0};
	long r;
	char c;

	sf_raw6(SYS_close, a->go_w, 0, 0, 0, 0, 0);
	/* no_new_privs: the filters need it, and a setuid program must not
	 * gain privileges under them. */
	r = sf_raw6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	if (r || sf_raw6(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0, 0) != 1) {
		ce.err = r < 0 ? (int)-r : EPERM;
		sf_raw6(SYS_write, a->err, (long)&ce, sizeof ce, 0, 0, 0);
		sf_raw6(SYS_exit_group, SF_EXIT_ERROR, 0, 0, 0, 0, 0);
	}
	/* The path rules, in force from exec on. */
	if (ll && (r = sf_ll_stage_child(ll))) {
		ce.step = LANDLOCK;
		ce.err = (int)-r;
		sf_raw6(SYS_write, a->err, (long)&ce, sizeof ce, 0, 0, 0);
		sf_raw6(SYS_exit_group, SF_EXIT_ERROR, 0, 0, 0, 0, 0);
	}
	/* Exec only once traced: without sf-run there are no filters. */
	if (sf_raw6(SYS_read, a->go, (long)&c, 1, 0, 0, 0) != 1)
		sf_raw6(SYS_exit_group, SF_EXIT_ERROR, 0, 0, 0, 0, 0);
	/* Exact rules that deny the loader a file: widened ones instead. */
	ce.step = WIDEN;
	if (ll && !ll->widened && sf_ll_stage_loader_denied(ll)) {
		sf_raw6(SYS_write, a->err, (long)&ce, sizeof ce, 0, 0, 0);
		sf_raw6(SYS_exit_group, SF_EXIT_ERROR, 0, 0, 0, 0, 0);
	}
	r = sf_raw6(SYS_execve, (long)a->s->path, (long)a->s->argv, (long)a->s->envp, 0, 0, 0);
	if (!(ll && !ll->widened && r == -EACCES))
		ce.step = EXECVE;
	ce.err = (int)-r;
	sf_raw6(SYS_write, a->err, (long)&ce, sizeof ce, 0, 0, 0);
	sf_raw6(SYS_exit_group, ce.err == ENOENT ? SF_EXIT_NOTFOUND : SF_EXIT_NOEXEC, 0, 0, 0, 0,
		0);
	return 0;
}

/* Whether prog lets seccomp() install a filter the way sf-run does. */
static int lets_seccomp(const struct sf_prog *prog, enum sf_arch arch)
{
	static const unsigned long flags[] = {
	    SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_TSYNC};
	struct seccomp_data sd;

	memset(&sd, 0, sizeof sd);
	sd.nr = SYS_seccomp;
	sd.arch = sf_arch_info(arch)->audit_arch;
	sd.args[0] = SECCOMP_SET_MODE_FILTER;
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		uint32_t ret;

		sd.args[1] = flags[i];
		ret = sf_bpf_run(prog, &sd, NULL) & SECCOMP_RET_ACTION_FULL;
		/* A permissive filter's trace stops sf-run's own call, which
		 * it then lets run (inject.c). */
		if (ret != SECCOMP_RET_ALLOW && ret != SECCOMP_RET_LOG &&
		    !(T.s->permissive && ret == SECCOMP_RET_TRACE))
			return 0;
	}
	return 1;
}

/* Appends progs to list in the order they can be installed: a filter that
 * denies seccomp() must be the last one (the injected calls go through
 * every filter already in). */
static void order(struct sf_prog *list, size_t *n, const struct sf_stack *st)
{
	const struct sf_prog *last = NULL;
	struct sf_prog merged;
	struct sf_error err;

	/* One filter for the whole stack: the kernel's answers, each policy
	 * in its place, whatever denies seccomp(), and one install. */
	if (st->n > 1 && !sf_prog_merge(st->prog, st->n, &merged, &err)) {
		list[(*n)++] = merged;
		return;
	}
	/* Too large as one: each its own filter, the one that denies
	 * seccomp() (the injected calls go through the filters already in)
	 * last. */
	for (size_t i = 0; i < st->n; i++) {
		if (lets_seccomp(&st->prog[i], st->arch)) {
			list[(*n)++] = st->prog[i];
			continue;
		}
		if (last)
			sf_fatal("two policies deny seccomp(), and the stack is too large to be "
				 "merged into one filter: after one that denies seccomp() no other "
				 "can go in");
		last = &st->prog[i];
	}
	if (last)
		list[(*n)++] = *last;
}

/* What the child said through the error pipe, if anything: exits. */
static void child_failed(const struct sf_supervise *s, const struct child_error *ce)
{
	if (ce->step == LANDLOCK)
		sf_fatal("cannot enforce the path rules before exec (landlock_restrict_self: %s)",
			 strerror(ce->err));
	if (ce->step == NO_NEW_PRIVS)
		sf_fatal("cannot set no_new_privs: %s", strerror(ce->err));
	sf_fatal_status(ce->err == ENOENT ? SF_EXIT_NOTFOUND : SF_EXIT_NOEXEC, "%s: %s", s->path,
			strerror(ce->err));
}

/* What the child said through the error pipe: 0, or -1 for nothing. */
static int child_said(int err, struct child_error *ce)
{
	return read(err, ce, sizeof *ce) == sizeof *ce ? 0 : -1;
}

static void plan(const struct sf_supervise *s)
{
	order(T.exact, &T.nexact, s->exact);
	if (!T.wstack)
		return;
	order(T.widened, &T.nwidened, T.wstack);
	/* Exact path rules narrower than the widened ones go in at the entry
	 * point, whatever the filters. */
	T.exact_differs = s->landlock && s->landlock->abi && s->landlock->widened;
	/* The exact stack goes in whole at the entry point, so that equal
	 * answers of its policies rank as the kernel ranks them in order;
	 * unless every policy is its widened form already: never the same
	 * program twice. */
	for (size_t i = 0; i < s->exact->n; i++) {
		const struct sf_prog *e = &s->exact->prog[i], *w = &T.wstack->prog[i];

		T.exact_differs |=
		    w->len != e->len || memcmp(w->insns, e->insns, e->len * sizeof *e->insns);
	}
}

/* Starts the program's child, traced and let go to exec; its error pipe
 * into *err. */
static void start(const struct sf_supervise *s, int *errp)
{
	static char child_stack[64 * 1024] __attribute__((aligned(16)));
	static struct child_args args;
	struct child_error ce;
	int go[2], err[2], status, e;
	pid_t pid;

	if (pipe2(go, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		sf_fatal("cannot make a pipe: %s", strerror(errno));
	fflush(NULL);
	args.s = s;
	args.go = go[0];
	args.go_w = go[1];
	args.err = err[1];
	pid = clone(child, child_stack + sizeof child_stack, CLONE_VM | SIGCHLD, &args);
	if (pid < 0)
		sf_fatal("cannot start the program: %s", strerror(errno));
	close(go[0]);
	close(err[1]);
	T.main = pid;
	if (ptrace(PTRACE_SEIZE, pid, 0,
		   TRACE_OPTS | (s->permissive ? PTRACE_O_TRACESECCOMP : 0))) {
		e = errno;
		kill(pid, SIGKILL);
		/* The child may have failed first (no_new_privs) and be gone. */
		close(go[1]);
		waitpid(pid, &status, 0);
		if (!child_said(err[0], &ce))
			child_failed(s, &ce);
		sf_fatal("cannot trace the program (ptrace: %s): sf-run installs its filters and "
			 "reports denials through ptrace; a program already traced, or a system "
			 "without ptrace, can use the shim alone",
			 strerror(e));
	}
	track(pid);
	sf_tree_forward(pid);
	if (write(go[1], "g", 1) != 1)
		give_up("cannot start the program", strerror(errno));
	close(go[1]);
	*errp = err[0];
}

/* The child is gone before exec because the exact path rules denied
 * exec or the loader a file: a second child, under rules widened by the
 * loader's files, with the exact rules at the entry point. 1 when it
 * started. */
static int restart_widened(const struct sf_supervise *s, int *err)
{
	struct sf_ll_stage *ll = s->landlock;
	struct child_error ce;

	if (child_said(*err, &ce))
		return 0;
	if (ce.step != WIDEN)
		child_failed(s, &ce);
	close(*err);
	sf_ll_stage_widen(ll);
	T.wstack = s->widen ? s->widen(s->ctx, 1) : NULL;
	T.nexact = T.nwidened = 0;
	plan(s);
	start(s, err);
	return 1;
}

void sf_supervise(const struct sf_supervise *s)
{
	int err, status = 0;

	T.s = s;
	if (s->why)
		sf_why_init(s->exact);
	/* Counted only where there is something to count: every run pays. */
	T.inherited = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2 ? filter_count(getpid()) : 0;
	T.wstack = s->widen ? s->widen(s->ctx, 0) : NULL;
	plan(s);
	T.report_fd = -1;
	start(s, &err);
	for (;;) {
		pid_t tid = waitpid(-1, &status, __WALL);

		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (WIFSTOPPED(status)) {
			on_event(tid, status);
			continue;
		}
		untrack(tid);
		if (tid == T.main && T.phase == BEFORE_EXEC && s->landlock && s->landlock->abi &&
		    !s->landlock->widened && restart_widened(s, &err))
			continue;
		if (tid == T.main)
			break;
	}
	sf_tree_forget();
	if (T.phase == LOADING && !s->quiet) {
		char line[256];
		int n = snprintf(line, sizeof line,
				 "sf: warning: %s ended before its entry point: it ran under the "
				 "policies widened for the dynamic loader only\n",
				 s->path);

		say(line, (size_t)n);
	}
	if (T.phase == BEFORE_EXEC) {
		struct child_error ce;

		if (!child_said(err, &ce))
			child_failed(s, &ce);
		sf_fatal("the program ended before it could be started");
	}
	detach_all();
	if (s->permissive && !s->quiet)
		permit_summary();
	sf_tree_exit_as(status);
}
