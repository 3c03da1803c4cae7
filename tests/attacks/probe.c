/* The attack probe: attack CANARY|- OP...
 *
 * Built for glibc and musl, dynamic and static, so that the same operations
 * meet the filters through every C library and start-up path. main begins
 * with the prologue (attack.h), then creates CANARY, then runs the OPs in
 * order, one line of output each:
 *
 *   sys [L=]NR,A0,...    raw syscall NR (a number or a name below), its
 *                        result printed as "L: ..." (default NR); an
 *                        argument is a number (0x.., negative), @null (a
 *                        descriptor of /dev/null), @pipe (the read end of a
 *                        pipe), @buf (a scratch buffer), @pid (getpid()),
 *                        @pidhigh (getpid() | 1<<32) or @TEXT (a pointer to TEXT)
 *   i386 NR,A0,...       the same through int $0x80 (the i386 ABI)
 *   x32 NR               raw syscall 0x40000000|NR (the x32 ABI)
 *   thread-sys NR,A0,... the raw syscall in a second thread, then
 *                        "main: alive" from the first
 *   libc-kill PID        kill(PID, 0) through the C library
 *   libc-openat PATH     openat(AT_FDCWD, PATH, O_RDONLY) through the C library
 *   libc-lseek OFF       lseek(@null, OFF, SEEK_SET) through the C library
 *   libc-mmap ADDR       mmap(ADDR, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS)
 *   socket, getpid, euid, filters, field NAME, say TEXT, exit N
 *   sigsys-handler       sigaction(SIGSYS, handler)
 *   sigsys-ignore        signal(SIGSYS, SIG_IGN)
 *   sigsys-block         sigprocmask(SIG_BLOCK, {SIGSYS})
 *   sigsys-token         installs its own SIGSYS handler with the key of the
 *                        old SIGSYS guard (from SF_ACTIVE, where it once was)
 *   env NAME             prints NAME's value in the environment
 *   kill-parent SIG      kill(getppid(), SIG): at sf-run, its supervisor
 *   own-filter ACT,NR    stacks a filter of its own answering syscall NR
 *                        with ACT (kill-thread, errno, trap or allow)
 *   untraced-sys NR,...  the raw syscall in a child started with
 *                        clone(CLONE_UNTRACED), whose status is printed
 *   signal               a SIGUSR1 handler that returns (rt_sigreturn)
 *   sleep MS             nanosleep; "sleep: done" after it
 *   thread               pthread_create and join
 *   ctor-go              lets the thread the probe's constructor started
 *                        (ATTACK_CTOR_THREAD=1) try socket()
 *   tiocsti HIGH         TIOCSTI|HIGH<<32 on a new pty: was a byte injected?
 *   io-uring-open PATH   opens PATH (O_DIRECTORY) through io_uring: the openat
 *                        happens in the kernel, not as a system call
 *   vdso-time            clock_gettime through the C library (the vDSO)
 *   setenv NAME=VALUE, unsetenv NAME
 *   exec PATH ARG...     execv (the rest of the arguments are the child's)
 *   dlopen PATH          dlopen(PATH, RTLD_NOW) (dynamic builds)
 *   canary PATH          creates another canary
 *   /...                 skipped: the path of a #! script whose interpreter
 *                        the probe is ("#!/.../probe -") */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/io_uring.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/wait.h>
#ifndef ATTACK_STATIC
#include <dlfcn.h>
#endif

#include "attack.h"

static char scratch[4096];
static int null_fd = -1, pipe_fds[2] = {-1, -1};

static const struct {
	const char *name;
	long nr;
} names[] = {
    {"read", SYS_read},
    {"write", SYS_write},
    {"openat", SYS_openat},
    {"close", SYS_close},
    {"ioctl", SYS_ioctl},
    {"kill", SYS_kill},
    {"lseek", SYS_lseek},
    {"mmap", SYS_mmap},
    {"getpid", SYS_getpid},
    {"getppid", SYS_getppid},
    {"socket", SYS_socket},
    {"mkdirat", SYS_mkdirat},
    {"uname", SYS_uname},
    {"getuid", SYS_getuid},
    {"clock_gettime", SYS_clock_gettime},
    {"dup", SYS_dup},
    {"sched_yield", SYS_sched_yield},
};

static void result(const char *op, long r)
{
	at_result_raw(op, r < 0 ? -errno : r);
}

static long number(const char *s)
{
	if (*s == '-')
		return (long)strtoll(s, NULL, 0);
	return (long)strtoull(s, NULL, 0);
}

static long syscall_nr(const char *s)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(s, names[i].name))
			return names[i].nr;
	return number(s);
}

static long argument(const char *s)
{
	if (*s != '@')
		return number(s);
	if (!strcmp(s, "@null")) {
		if (null_fd < 0)
			null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		return null_fd;
	}
	if (!strcmp(s, "@pipe")) {
		if (pipe_fds[0] < 0 && pipe(pipe_fds))
			return -1;
		return pipe_fds[0];
	}
	if (!strcmp(s, "@buf"))
		return (long)scratch;
	if (!strcmp(s, "@pid"))
		return (long)getpid();
	if (!strcmp(s, "@pidhigh"))
		return (long)(1UL << 32 | (unsigned long)getpid());
	return (long)(s + 1);
}

/* "[LABEL=]NR,A0,A1,..." into a label for the output, nr and args. */
struct call {
	char label[64];
	long nr, a[6];
};

static void parse_call(const char *spec, struct call *c)
{
	char copy[1024], *save = NULL, *tok;
	int i = 0;

	memset(c, 0, sizeof(*c));
	snprintf(copy, sizeof copy, "%s", spec);
	tok = strtok_r(copy, ",", &save);
	if (!tok)
		tok = "?";
	/* LABEL=NR names the output line; NR alone names it too. */
	snprintf(c->label, sizeof c->label, "%.*s", (int)strcspn(tok, "="), tok);
	if (strchr(tok, '='))
		tok = strchr(tok, '=') + 1;
	c->nr = syscall_nr(tok);
	while (i < 6 && (tok = strtok_r(NULL, ",", &save)))
		c->a[i++] = argument(tok);
}

/* A filter of the program's own that answers one call with its own
 * action: the kernel ranks kill-process above every one of them. */
static void own_filter(const char *spec)
{
	const char *comma = strchr(spec, ',');
	uint32_t act = SECCOMP_RET_ALLOW;
	long nr;

	if (!comma) {
		at_puts("own-filter: bad spec\n");
		return;
	}
	if (!strncmp(spec, "kill-thread,", 12))
		act = SECCOMP_RET_KILL_THREAD;
	else if (!strncmp(spec, "errno,", 6))
		act = SECCOMP_RET_ERRNO | 1;
	else if (!strncmp(spec, "trap,", 5))
		act = SECCOMP_RET_TRAP;
	nr = syscall_nr(comma + 1);
	{
		struct sock_filter f[] = {
		    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1),
		    BPF_STMT(BPF_RET | BPF_K, act),
		    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = {4, f};

		at_result_raw("own-filter", at_sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
						    SECCOMP_FILTER_FLAG_TSYNC, &prog));
	}
}

static void raw_call(const char *spec)
{
	struct call c;

	parse_call(spec, &c);
	fflush(stdout);
	at_result_raw(c.label, at_sys6(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]));
}

#if defined(__x86_64__)
/* int $0x80 from a 64-bit process: the kernel takes it as an i386 call
 * (AUDIT_ARCH_I386) with the arguments in ebx, ecx, edx, esi, edi, ebp. */
static long i386_call(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("push %%rbx\n\tmov %2, %%rbx\n\tint $0x80\n\tpop %%rbx"
			 : "=a"(ret)
			 : "a"(nr), "r"(a), "c"(b), "d"(c)
			 : "memory");
	return ret;
}
#endif

/* thread-sys: the second thread's id and whether it came back. */
static volatile long side_tid;
static volatile int side_done;

static void *thread_call(void *spec)
{
	side_tid = at_sys3(SYS_gettid, 0, 0, 0);
	raw_call(spec);
	side_done = 1;
	return NULL;
}

/* Waits for the second thread to return or to die: a thread ended by
 * kill-thread never returns, and musl's pthread_join would wait for ever
 * (the kernel clears the tid word, which musl's join does not watch). */
static int wait_side(void)
{
	struct timespec ms = {0, 1000000};
	char path[64];

	for (int i = 0; i < 5000; i++) {
		if (side_done)
			return 1;
		if (side_tid) {
			snprintf(path, sizeof path, "/proc/self/task/%ld", side_tid);
			if (access(path, F_OK))
				return side_done;
		}
		nanosleep(&ms, NULL);
	}
	return 0;
}

static void *nothing(void *arg)
{
	return arg;
}

static void on_sigsys(int sig)
{
	(void)sig;
	at_puts("sigsys: own handler ran\n");
}

static volatile sig_atomic_t usr1_seen;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_seen = 1;
}

/* The kernel's struct sigaction, for a raw rt_sigaction. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

#if defined(__x86_64__)
void attack_restore_rt(void);
__asm__(".text\n.globl attack_restore_rt\nattack_restore_rt:\n\tmov $15, %rax\n\tsyscall\n");
#endif

static void on_trapped(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	at_puts("sigsys-token: trapped syscall ");
	at_putu((uint64_t)si->si_syscall);
	at_puts("\n");
}

static void sigsys_token(void)
{
	const char *active = getenv("SF_ACTIVE");
	struct ksigaction act = {0};
	unsigned long token;

	/* The old form was HASH:TOKEN; with no token, try a few keys. */
	token = active && strlen(active) == 25 ? strtoul(active + 17, NULL, 16) : 0x1;
	if (!active)
		at_puts("sigsys-token: no SF_ACTIVE\n");
	act.handler = (void *)on_trapped;
	act.flags = SA_SIGINFO | SA_NODEFER;
#if defined(__x86_64__)
	act.flags |= 0x04000000UL; /* SA_RESTORER */
	act.restorer = attack_restore_rt;
#endif
	at_result_raw("sigsys-token",
		      at_sys6(SYS_rt_sigaction, (long)((uint64_t)token << 32 | SIGSYS), (long)&act,
			      0, 8, 0, 0));
}

static void tiocsti(long high)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
	char c = '\n', got; /* a whole line: the pty is in canonical mode */
	long r;

	if (master < 0 || grantpt(master) || unlockpt(master) ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_NONBLOCK)) < 0) {
		at_puts("tiocsti: no pty\n");
		return;
	}
	fflush(stdout);
	r = at_sys3(SYS_ioctl, slave, (unsigned long)high << 32 | TIOCSTI, &c);
	at_result_raw("tiocsti", r);
	at_puts(read(slave, &got, 1) == 1 ? "tiocsti: injected\n" : "tiocsti: nothing injected\n");
}

/* Opens path with IORING_OP_OPENAT: the openat happens inside the kernel,
 * where seccomp does not look. */
static void io_uring_open(const char *path)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqe;
	unsigned *sq_tail, *sq_array, *cq_head, *cq_tail;
	char *sq, *cq;
	long fd, r;

	memset(&p, 0, sizeof p);
	fd = at_sys3(SYS_io_uring_setup, 4, &p, 0);
	if (fd < 0) {
		at_result_raw("io-uring-setup", fd);
		return;
	}
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, (int)fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, (int)fd, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, (int)fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
		at_puts("io-uring: cannot map the rings\n");
		return;
	}
	sq_tail = (unsigned *)(sq + p.sq_off.tail);
	sq_array = (unsigned *)(sq + p.sq_off.array);
	cq_head = (unsigned *)(cq + p.cq_off.head);
	cq_tail = (unsigned *)(cq + p.cq_off.tail);
	memset(&sqes[0], 0, sizeof sqes[0]);
	sqes[0].opcode = IORING_OP_OPENAT;
	sqes[0].fd = AT_FDCWD;
	sqes[0].addr = (unsigned long)path;
	sqes[0].open_flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	sq_array[*sq_tail & (p.sq_entries - 1)] = 0;
	__atomic_store_n(sq_tail, *sq_tail + 1, __ATOMIC_RELEASE);
	r = at_sys6(SYS_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS, 0, 0);
	if (r < 0) {
		at_result_raw("io-uring-enter", r);
		return;
	}
	if (__atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) == *cq_head) {
		at_puts("io-uring: no completion\n");
		return;
	}
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) + (*cq_head & (p.cq_entries - 1));
	at_result_raw("io-uring-open", cqe->res);
}

/* ATTACK_CTOR_THREAD=1: a thread started by the program's own constructor,
 * before main, waiting to be told to call socket(). */
static int ctor_pipe[2] = {-1, -1};
static pthread_t ctor_thread;

static void *ctor_work(void *unused)
{
	char c;

	(void)unused;
	if (read(ctor_pipe[0], &c, 1) != 1)
		return NULL;
	result("ctor-thread socket", socket(AF_INET, SOCK_STREAM, 0));
	return NULL;
}

__attribute__((constructor)) static void start_ctor_thread(void)
{
	const char *want = getenv("ATTACK_CTOR_THREAD");

	if (!want || strcmp(want, "1"))
		return;
	if (pipe(ctor_pipe) || pthread_create(&ctor_thread, NULL, ctor_work, NULL))
		_exit(2);
}

int main(int argc, char **argv)
{
	at_prologue();
	if (argc < 2) {
		at_write(2, "usage: attack CANARY|- OP...\n");
		return 2;
	}
	at_canary(argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *op = argv[i], *arg = i + 1 < argc ? argv[i + 1] : "";

		fflush(stdout);
		if (op[0] == '/') {
			/* A #! script's own path, put there by the kernel. */
			continue;
		} else if (!strcmp(op, "canary")) {
			at_canary(arg);
			i++;
		} else if (!strcmp(op, "say")) {
			at_puts(arg);
			at_puts("\n");
			i++;
		} else if (!strcmp(op, "sys")) {
			raw_call(arg);
			i++;
		} else if (!strcmp(op, "i386")) {
#if defined(__x86_64__)
			struct call c;

			parse_call(arg, &c);
			at_result_raw(c.label, i386_call(c.nr, c.a[0], c.a[1], c.a[2]));
#else
			at_puts("i386: not on this machine\n");
#endif
			i++;
		} else if (!strcmp(op, "x32")) {
			at_result_raw("x32",
				      at_sys6(0x40000000L | syscall_nr(arg), 0, 0, 0, 0, 0, 0));
			i++;
		} else if (!strcmp(op, "thread-sys")) {
			pthread_t t;

			if (pthread_create(&t, NULL, thread_call, (void *)arg))
				at_puts("thread-sys: cannot start a thread\n");
			else if (wait_side())
				pthread_join(t, NULL);
			at_puts("main: alive\n");
			i++;
		} else if (!strcmp(op, "libc-kill")) {
			result(op, kill((pid_t)number(arg), 0));
			i++;
		} else if (!strcmp(op, "libc-openat")) {
			result(op, openat(AT_FDCWD, arg, O_RDONLY | O_CLOEXEC));
			i++;
		} else if (!strcmp(op, "libc-lseek")) {
			result(op,
			       (long)lseek((int)argument("@null"), (off_t)number(arg), SEEK_SET));
			i++;
		} else if (!strcmp(op, "libc-mmap")) {
			void *p = mmap((void *)number(arg), 4096, PROT_READ,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			result(op, p == MAP_FAILED ? -1 : 0);
			i++;
		} else if (!strcmp(op, "socket")) {
			result(op, socket(AF_INET, SOCK_STREAM, 0));
		} else if (!strcmp(op, "getpid")) {
			result(op, getpid());
		} else if (!strcmp(op, "euid")) {
			result(op, (long)geteuid());
		} else if (!strcmp(op, "filters")) {
			at_puts("filters: ");
			at_puts_s(at_status_field("/proc/self/status", "Seccomp_filters"));
			at_puts("\n");
		} else if (!strcmp(op, "field")) {
			at_puts("field ");
			at_puts(arg);
			at_puts(": ");
			at_puts_s(at_status_field("/proc/self/status", arg));
			at_puts("\n");
			i++;
		} else if (!strcmp(op, "own-filter")) {
			own_filter(arg);
			i++;
		} else if (!strcmp(op, "untraced-sys")) {
			long pid;
			int st = 0;

			fflush(stdout);
			/* CLONE_UNTRACED: a tracer's options do not reach it. */
			pid = at_sys6(SYS_clone, 0x00800000 | SIGCHLD, 0, 0, 0, 0, 0);
			if (pid == 0) {
				raw_call(arg);
				_exit(0);
			}
			if (pid < 0 || waitpid((pid_t)pid, &st, 0) != pid)
				at_puts("untraced-sys: no child\n");
			else if (WIFSIGNALED(st))
				at_puts(WTERMSIG(st) == SIGSYS ? "untraced-sys: killed by SIGSYS\n"
							       : "untraced-sys: killed\n");
			else
				at_puts("untraced-sys: exited\n");
			i++;
		} else if (!strcmp(op, "kill-parent")) {
			at_result_raw(op, at_sys3(SYS_kill, getppid(), number(arg), 0));
			i++;
		} else if (!strcmp(op, "env")) {
			const char *v = getenv(arg);

			at_puts("env ");
			at_puts(arg);
			at_puts("=");
			at_puts(v ? v : "(unset)");
			at_puts("\n");
			i++;
		} else if (!strcmp(op, "exit")) {
			return (int)number(arg);
		} else if (!strcmp(op, "sigsys-handler")) {
			struct sigaction sa;

			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_sigsys;
			result(op, sigaction(SIGSYS, &sa, NULL));
		} else if (!strcmp(op, "sigsys-ignore")) {
			result(op, signal(SIGSYS, SIG_IGN) == SIG_ERR ? -1 : 0);
		} else if (!strcmp(op, "sigsys-block")) {
			sigset_t set;

			sigemptyset(&set);
			sigaddset(&set, SIGSYS);
			result(op, sigprocmask(SIG_BLOCK, &set, NULL));
		} else if (!strcmp(op, "sigsys-token")) {
			sigsys_token();
		} else if (!strcmp(op, "signal")) {
			struct sigaction sa;

			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_usr1;
			if (sigaction(SIGUSR1, &sa, NULL) || raise(SIGUSR1))
				at_puts("signal: cannot raise\n");
			at_puts(usr1_seen ? "signal: handled\n" : "signal: not handled\n");
		} else if (!strcmp(op, "sleep")) {
			struct timespec ts = {number(arg) / 1000, (number(arg) % 1000) * 1000000};

			at_puts("sleep: start\n");
			while (nanosleep(&ts, &ts) && errno == EINTR)
				;
			at_puts("sleep: done\n");
			i++;
		} else if (!strcmp(op, "thread")) {
			pthread_t t;
			int e = pthread_create(&t, NULL, nothing, NULL);

			if (!e)
				e = pthread_join(t, NULL);
			errno = e;
			result(op, e ? -1 : 0);
		} else if (!strcmp(op, "ctor-go")) {
			if (ctor_pipe[1] < 0 || write(ctor_pipe[1], "x", 1) != 1)
				at_puts("ctor-go: no constructor thread\n");
			else
				pthread_join(ctor_thread, NULL);
			at_puts("main: alive\n");
		} else if (!strcmp(op, "tiocsti")) {
			tiocsti(number(arg));
			i++;
		} else if (!strcmp(op, "io-uring-open")) {
			io_uring_open(arg);
			i++;
		} else if (!strcmp(op, "vdso-time")) {
			struct timespec ts;

			result(op, clock_gettime(CLOCK_MONOTONIC, &ts));
		} else if (!strcmp(op, "setenv")) {
			char name[256];
			const char *eq = strchr(arg, '=');

			if (!eq || (size_t)(eq - arg) >= sizeof name)
				return 2;
			memcpy(name, arg, (size_t)(eq - arg));
			name[eq - arg] = 0;
			result(op, setenv(name, eq + 1, 1));
			i++;
		} else if (!strcmp(op, "unsetenv")) {
			result(op, unsetenv(arg));
			i++;
		} else if (!strcmp(op, "exec")) {
			fflush(stdout);
			execv(arg, argv + i + 1);
			result(op, -1);
			return 1;
		} else if (!strcmp(op, "dlopen")) {
#ifndef ATTACK_STATIC
			void *h = dlopen(arg, RTLD_NOW);

			at_puts(h ? "dlopen: loaded\n" : "dlopen: failed\n");
#else
			at_puts("dlopen: static build\n");
#endif
			i++;
		} else {
			at_write(2, "attack: unknown op ");
			at_write(2, op);
			at_write(2, "\n");
			return 2;
		}
	}
	return 0;
}
