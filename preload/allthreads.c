/* Every thread of the process under one Landlock ruleset (allthreads.h).
 *
 * Before Landlock ABI 8, landlock_restrict_self restricts the calling
 * thread and the threads it starts later, nothing else. So each other
 * thread is sent SF_ALLTHREADS_SIGNAL with rt_tgsigqueueinfo (tgkill with
 * a payload: it names the broadcast and the thread's slot, which lets the
 * handler tell sf's signal from one the program sends), and its handler
 * sets no_new_privs and calls landlock_restrict_self itself. The handler
 * makes raw system calls only and touches only this file's memory.
 *
 * In two phases, so that a thread that cannot be reached leaves every
 * thread as it was:
 *   1. gather: each thread listed in /proc/self/task gets the signal; its
 *      handler marks its slot arrived and waits (futex) for the caller's
 *      word. /proc/self/task is read again until, with every known thread
 *      waiting in the handler, two readings in a row find no new one.
 *   2. go: the caller says go; each thread restricts itself and writes
 *      its result into its slot; the caller waits for all of them, then
 *      restricts itself last.
 * A thread that has not arrived after TIMEOUT_NS (it blocks the signal,
 * it is stopped, it sleeps in the kernel) makes the caller say abort
 * instead: the waiting threads return to the program unrestricted, and
 * sf_restrict fails having restricted none. Only a failure after go (the
 * kernel refusing one thread's domain) leaves some threads restricted.
 *
 * Why no thread escapes while threads are created and end meanwhile:
 *   - A thread is listed in /proc/self/task from the moment clone links it
 *     into the thread group, before clone returns to its creator: every
 *     thread a waiting thread created is listed.
 *   - A thread waiting in the handler runs none of the program's code, so
 *     it creates no thread (the handler blocks every signal: no handler of
 *     the program runs on top of it). The caller runs none either until it
 *     is restricted: it blocks the program's signals meanwhile, all but
 *     the C libraries' own, 32 to 34 (a set*id call in another thread may
 *     be waiting for their handlers), and SIG, whose handler hands the
 *     program's own signals to the program's handler: one that starts a
 *     thread from a handler of SIG while sf_restrict runs (not something
 *     pthread_create allows) is not covered. So once every listed thread
 *     waits and a reading finds no new one, the set is closed until go.
 *     Two quiet readings, because a thread ending during a reading may
 *     make the kernel skip an entry.
 *   - After go, each thread restricts itself before it returns to the
 *     program, and the caller restricts itself before it does, so a
 *     thread created after go is created by a restricted thread and
 *     inherits its domain. That is why /proc/self/task is not read again
 *     after the caller restricted itself: the reading could only find
 *     such threads, and signalling them would stack a second, identical
 *     domain on them (of the 16 Landlock allows).
 *   - A thread that ends before it answers is fine: it is gone (tgkill
 *     with signal 0 says ESRCH; a main thread that called pthread_exit
 *     stays a zombie, which runs no code).
 *   - The kernel's own threads of a process (io_uring's workers) are
 *     listed but never run a handler: sf_restrict fails while they exist.
 * A thread id freed and handed to a new thread during the broadcast would
 * be taken for the old thread; the kernel hands ids out cyclically, so
 * that takes pid_max thread creations within the broadcast. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "allthreads.h"
#include "fmt.h"
#include "install.h"
#include "landlock.h"
#include "rawsys.h"

#define SIG SF_ALLTHREADS_SIGNAL
#define TIMEOUT_NS 2000000000L /* for every thread to arrive; then to finish */
#define PARK_NS 10000000000L   /* a waiting thread's own limit: the caller may hang */
#define TICK_NS 10000000L      /* how often the caller looks for threads that ended */
#define NSLOTS 65536	       /* threads at most */
#define TAG 0x5fUL	       /* the top byte of sf's payloads */
#define GEN_MASK 0xffffffu
#define STR_(x) #x
#define STR(x) STR_(x)

/* Landlock ABI 8's flag: the kernel restricts every thread itself. */
#define RESTRICT_SELF_TSYNC (1u << 3)

/* The states of a slot and of the go word, with the broadcast's number
 * above them: a thread late for an earlier broadcast matches nothing. */
enum { SENT = 1, ARRIVED, DONE, FAILED, LEFT, GONE, WAIT, GO, ABORT };
#define ST(gen, state) ((int)((gen) << 4 | (state)))

#define NONE "; no thread was restricted"
#define SOME                                                                                       \
	"; other threads may be restricted already and the calling one is not, which cannot be "   \
	"undone: stop the program"

struct slot {
	int tid;
	int state;
	int err; /* the errno of a thread that FAILED */
	int pad;
};

/* The kernel's struct sigaction (x86_64's and aarch64's alike). */
struct ksigaction {
	uintptr_t handler;
	unsigned long flags;
	uintptr_t restorer;
	uint64_t mask;
};

#if defined(__x86_64__)
/* x86_64 signal frames return through the action's restorer, which the C
 * library supplies to its own sigaction: this one is sf's. */
void sf_allthreads_restorer(void) __attribute__((visibility("hidden")));
__asm__(".pushsection .text\n"
	".globl sf_allthreads_restorer\n"
	".hidden sf_allthreads_restorer\n"
	".type sf_allthreads_restorer,@function\n"
	"sf_allthreads_restorer:\n"
	"	mov $15, %eax\n" /* rt_sigreturn */
	"	syscall\n"
	".size sf_allthreads_restorer, .-sf_allthreads_restorer\n"
	".popsection\n");
#define SA_RESTORER_FLAG 0x04000000UL
#define RESTORER ((uintptr_t)sf_allthreads_restorer)
#else
/* aarch64 returns through the vDSO's trampoline. */
#define SA_RESTORER_FLAG 0UL
#define RESTORER ((uintptr_t)0)
#endif

/* Mapped once and never unmapped: a thread late for a broadcast that
 * failed may still write its slot. sf_restrict's lock serialises the
 * callers; the handlers read what the caller wrote before signalling. */
static struct slot *slots;
static unsigned nslots, hint, gen;
static int go, wake;
static int pid, self, rs_fd;
static unsigned rs_flags;
static struct ksigaction saved;

static int load(int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static int cas(int *p, int old, int new)
{
	return __atomic_compare_exchange_n(p, &old, new, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static long now_ns(void)
{
	struct timespec ts = {0, 0};

	sf_raw6(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void futex_wait(int *p, int val, long ns)
{
	struct timespec ts = {ns / 1000000000L, ns % 1000000000L};

	sf_raw6(SYS_futex, (long)p, FUTEX_WAIT_PRIVATE, val, (long)&ts, 0, 0);
}

static void futex_wake(int *p)
{
	sf_raw6(SYS_futex, (long)p, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0);
}

/* Tells the caller that a slot changed. */
static void poke(void)
{
	__atomic_add_fetch(&wake, 1, __ATOMIC_RELEASE);
	futex_wake(&wake);
}

/* ---- In the handler of each other thread ---- */

/* Waits for the caller's word: 1 for go, 0 for abort (or for a caller
 * that does not say it in PARK_NS: this thread then aborts for all). */
static int park(unsigned g)
{
	long end = now_ns() + PARK_NS;

	for (;;) {
		int w = load(&go);

		if (w == ST(g, GO))
			return 1;
		if (w != ST(g, WAIT))
			return 0;
		if (now_ns() >= end) {
			if (cas(&go, w, ST(g, ABORT))) {
				futex_wake(&go);
				poke();
				return 0;
			}
			continue;
		}
		futex_wait(&go, w, TICK_NS * 10);
	}
}

/* What sf_ll_restrict_self does, for this thread: 0 or -errno. */
static long restrict_me(void)
{
	long r = sf_raw_prctl(PR_SET_NO_NEW_PRIVS, 1);

	if (r)
		return r;
	return sf_raw6(SF_NR_landlock_restrict_self, rs_fd, rs_flags, 0, 0, 0, 0);
}

static void answer(struct slot *s, unsigned g)
{
	long r;

	if (!cas(&s->state, ST(g, SENT), ST(g, ARRIVED)))
		return;
	poke();
	if (!park(g)) {
		cas(&s->state, ST(g, ARRIVED), ST(g, LEFT));
		poke();
		return;
	}
	r = restrict_me();
	s->err = (int)-r;
	cas(&s->state, ST(g, ARRIVED), ST(g, r ? FAILED : DONE));
	poke();
}

/* A signal of the program's own that came while sf's action was in
 * place: to the program's handler (on this stack, under this handler's
 * mask, not its own sa_mask or SA_ONSTACK); dropped when the program's
 * action is the default or ignore. */
static void forward(int sig, siginfo_t *si, void *uc)
{
	uintptr_t h = saved.handler;

	if (h == (uintptr_t)SIG_DFL || h == (uintptr_t)SIG_IGN)
		return;
	if (saved.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))h)(sig, si, uc);
	else
		((void (*)(int))h)(sig);
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	uintptr_t v = (uintptr_t)si->si_value.sival_ptr;
	uint32_t i = (uint32_t)v;

	if (si->si_code != SI_QUEUE || si->si_pid != pid || v >> 56 != TAG) {
		forward(sig, si, uc);
		return;
	}
	if (i < NSLOTS && slots[i].tid == (int)sf_raw6(SYS_gettid, 0, 0, 0, 0, 0, 0))
		answer(&slots[i], (unsigned)(v >> 32) & GEN_MASK);
}

/* ---- In the caller ---- */

static long sigaction_raw(const struct ksigaction *sa, struct ksigaction *old)
{
	return sf_raw6(SYS_rt_sigaction, SIG, (long)sa, (long)old, 8, 0, 0);
}

static long install(void)
{
	struct ksigaction sa = {(uintptr_t)on_signal, SA_SIGINFO | SA_RESTART | SA_RESTORER_FLAG,
				RESTORER, ~0ULL};
	long r = sigaction_raw(NULL, &saved);

	return r ? r : sigaction_raw(&sa, NULL);
}

/* The program's action again; with flush, after ignore, which discards
 * the signals still pending in threads that block it (one left pending
 * would reach the program's action later: by default, death). */
static void restore(int flush)
{
	struct ksigaction ign = {(uintptr_t)SIG_IGN, 0, 0, 0};

	if (flush)
		sigaction_raw(&ign, NULL);
	sigaction_raw(&saved, NULL);
}

/* The value of a field of /proc/self/task/TID/status ("\nState:", with
 * its newline) up to the end of its line; "" when it cannot be read. */
static void task_field(int tid, const char *field, char *out, size_t n)
{
	char path[64], buf[4096];
	const char *p = NULL;
	struct sf_buf b;
	long fd, got = 0, r;

	out[0] = 0;
	sf_buf_init(&b, path, sizeof path);
	sf_buf_str(&b, "/proc/self/task/");
	sf_buf_u64(&b, (uint64_t)tid);
	sf_buf_str(&b, "/status");
	if ((fd = sf_raw_openat_ro(path)) < 0)
		return;
	while (got < (long)sizeof buf - 1 &&
	       (r = sf_raw_read((int)fd, buf + got, sizeof buf - 1 - (size_t)got)) > 0)
		got += r;
	sf_raw_close((int)fd);
	buf[got] = 0;
	for (long i = 0; i < got && !p; i++)
		p = sf_skip_prefix(buf + i, field);
	if (!p)
		return;
	while (*p == ' ' || *p == '\t')
		p++;
	sf_buf_init(&b, out, n);
	while (*p && *p != '\n')
		sf_buf_char(&b, *p++);
}

/* Whether a SigBlk mask (hex) has SIG. */
static int blocks(const char *mask)
{
	uint64_t m = 0;

	for (; *mask; mask++)
		m = m << 4 | (uint64_t)(*mask <= '9' ? *mask - '0' : (*mask | 32) - 'a' + 10);
	return (int)(m >> (SIG - 1) & 1);
}

static int gone(int tid)
{
	char state[32];

	if (sf_raw6(SYS_tgkill, pid, tid, 0, 0, 0, 0) == -ESRCH)
		return 1;
	if (tid != pid)
		return 0;
	task_field(tid, "\nState:", state, sizeof state);
	return state[0] == 'Z' || state[0] == 'X';
}

/* Marks the threads that ended before they answered. */
static void reap(void)
{
	for (unsigned i = 0; i < nslots; i++)
		if (load(&slots[i].state) == ST(gen, SENT) && gone(slots[i].tid))
			cas(&slots[i].state, ST(gen, SENT), ST(gen, GONE));
}

/* The first slot in state, or -1. */
static int first(int state)
{
	for (unsigned i = 0; i < nslots; i++)
		if (load(&slots[i].state) == ST(gen, state))
			return (int)i;
	return -1;
}

/* Waits until no slot is in state: 0, or -1 at end or when a waiting
 * thread gave up (go is no longer WAIT while gathering). */
static int wait_while(int state, long end)
{
	long t, reaped = 0;

	for (;;) {
		int w = load(&wake);

		t = now_ns();
		if (state == SENT && t - reaped >= TICK_NS) {
			reap();
			reaped = t;
		}
		if (first(state) < 0)
			return 0;
		if (state == SENT && load(&go) != ST(gen, WAIT))
			return -1;
		if (t >= end)
			return -1;
		futex_wait(&wake, w, end - t < TICK_NS ? end - t : TICK_NS);
	}
}

/* Whether tid has a slot: /proc lists threads in the same order each
 * time, so the search starts after the last one found. */
static int known(int tid)
{
	for (unsigned j = 0; j < nslots; j++) {
		unsigned k = (hint + j) % nslots;

		if (slots[k].tid == tid) {
			hint = k + 1;
			return 1;
		}
	}
	return 0;
}

/* why: "thread TID " (without tid 0), what, " (errno E)" (without err 0),
 * after. Returns -1. */
static int say(char *why, size_t size, int tid, const char *what, long err, const char *after)
{
	struct sf_buf b;

	sf_buf_init(&b, why, size);
	if (tid) {
		sf_buf_str(&b, "thread ");
		sf_buf_u64(&b, (uint64_t)tid);
		sf_buf_char(&b, ' ');
	}
	sf_buf_str(&b, what);
	if (err) {
		sf_buf_str(&b, " (errno ");
		sf_buf_s64(&b, err);
		sf_buf_char(&b, ')');
	}
	sf_buf_str(&b, after);
	return -1;
}

/* A slot for tid, and the signal: 0, or -1 with why. */
static int add(int tid, char *why, size_t size)
{
	struct slot *s = &slots[nslots];
	siginfo_t si;
	long r;

	if (nslots == NSLOTS)
		return say(why, size, 0, "more than " STR(NSLOTS) " threads", 0, NONE);
	s->tid = tid;
	__atomic_store_n(&s->state, ST(gen, SENT), __ATOMIC_RELEASE);
	memset(&si, 0, sizeof si);
	si.si_signo = SIG;
	si.si_code = SI_QUEUE;
	si.si_pid = pid;
	si.si_uid = (uid_t)sf_raw6(SYS_getuid, 0, 0, 0, 0, 0, 0);
	si.si_value.sival_ptr = (void *)(TAG << 56 | (uintptr_t)gen << 32 | nslots);
	nslots++;
	r = sf_raw6(SYS_rt_tgsigqueueinfo, pid, tid, SIG, (long)&si, 0, 0);
	if (r == -ESRCH)
		cas(&s->state, ST(gen, SENT), ST(gen, GONE));
	else if (r < 0)
		return say(why, size, tid, "cannot be sent signal " STR(SIG), -r, NONE);
	return 0;
}

struct dirent_raw {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* The thread id a /proc/self/task entry names, or 0. */
static int tid_of(const char *name)
{
	long n = 0;

	for (; *name >= '0' && *name <= '9' && n < INT_MAX / 10; name++)
		n = n * 10 + (*name - '0');
	return *name ? 0 : (int)n;
}

/* Reads /proc/self/task from the start and signals each thread it does
 * not know yet: how many, or -1 with why. */
static int scan(int dfd, char *why, size_t size)
{
	uint64_t buf[512];
	int added = 0;
	long n;

	if ((n = sf_raw6(SYS_lseek, dfd, 0, SEEK_SET, 0, 0, 0)) < 0)
		return say(why, size, 0, "cannot read /proc/self/task", -n, NONE);
	while ((n = sf_raw6(SYS_getdents64, dfd, (long)buf, sizeof buf, 0, 0, 0)) > 0)
		for (long off = 0; off < n;) {
			struct dirent_raw *d = (struct dirent_raw *)((char *)buf + off);
			int tid = tid_of(d->name);

			off += d->reclen;
			if (tid <= 0 || tid == self || known(tid))
				continue;
			if (add(tid, why, size))
				return -1;
			added++;
		}
	if (n < 0)
		return say(why, size, 0, "cannot read /proc/self/task", -n, NONE);
	return added;
}

/* Why the gathering failed, for the first thread that did not arrive. */
static int missing(char *why, size_t size)
{
	char mask[32], state[32];
	struct sf_buf b;
	int i = first(SENT);

	if (i < 0)
		return say(why, size, 0, "a thread gave up waiting for the others", 0, NONE);
	task_field(slots[i].tid, "\nSigBlk:", mask, sizeof mask);
	if (blocks(mask))
		return say(why, size, slots[i].tid,
			   "blocks signal " STR(SIG) ", by which sf_restrict reaches every thread",
			   0, NONE);
	task_field(slots[i].tid, "\nState:", state, sizeof state);
	say(why, size, slots[i].tid, "did not answer signal " STR(SIG) " within 2 s (state ", 0,
	    "");
	sf_buf_init(&b, why + sf_strlen(why), size - sf_strlen(why));
	sf_buf_str(&b, state[0] ? state : "unknown");
	sf_buf_str(&b, ")" NONE);
	return -1;
}

/* Phase 1: 0 when every thread waits in the handler, or -1 with why. */
static int gather(int dfd, char *why, size_t size)
{
	long end = now_ns() + TIMEOUT_NS;
	int quiet = 0, n;

	while (quiet < 2) {
		if ((n = scan(dfd, why, size)) < 0)
			return -1;
		quiet = n ? 0 : quiet + 1;
		if (wait_while(SENT, end))
			return missing(why, size);
	}
	return 0;
}

/* Phase 2, after go: 0 when every thread restricted itself, or -1 with
 * why. */
static int finish(char *why, size_t size)
{
	int i;

	if (wait_while(ARRIVED, now_ns() + TIMEOUT_NS)) {
		i = first(ARRIVED);
		return say(why, size, i < 0 ? 0 : slots[i].tid,
			   "did not restrict itself within 2 s", 0, SOME);
	}
	if ((i = first(FAILED)) >= 0)
		return say(why, size, slots[i].tid, "could not restrict itself", slots[i].err,
			   SOME);
	return 0;
}

static void start(int fd, int abi)
{
	gen = (gen + 1) & GEN_MASK;
	nslots = hint = 0;
	pid = (int)sf_raw6(SYS_getpid, 0, 0, 0, 0, 0, 0);
	self = (int)sf_raw6(SYS_gettid, 0, 0, 0, 0, 0, 0);
	rs_fd = fd;
	rs_flags = sf_ll_restrict_flags(abi);
	__atomic_store_n(&go, ST(gen, WAIT), __ATOMIC_RELEASE);
}

/* Both phases, then the caller: 0, or -1 with why. */
static int broadcast_masked(int fd, int abi, char *why, size_t size)
{
	long dfd, r;

	if (!slots && !(slots = sf_raw_mmap_anon(NSLOTS * sizeof *slots)))
		return say(why, size, 0, "no memory for the threads' answers", 0, NONE);
	dfd = sf_raw6(SYS_openat, AT_FDCWD, (long)"/proc/self/task",
		      O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
	if (dfd < 0)
		return say(why, size, 0, "cannot open /proc/self/task to find the other threads",
			   -dfd, NONE);
	start(fd, abi);
	if ((r = install()) < 0) {
		sf_raw_close((int)dfd);
		return say(why, size, 0, "cannot take signal " STR(SIG), -r, NONE);
	}
	r = gather((int)dfd, why, size);
	if (!r && !cas(&go, ST(gen, WAIT), ST(gen, GO)))
		r = missing(why, size);
	if (r)
		cas(&go, ST(gen, WAIT), ST(gen, ABORT));
	futex_wake(&go);
	if (!r)
		r = finish(why, size);
	restore(r != 0);
	sf_raw_close((int)dfd);
	if (r)
		return -1;
	if (sf_ll_restrict_self(fd, abi, why, size) == 0)
		return 0;
	r = (long)sf_strlen(why);
	return say(why + r, size - (size_t)r, 0, "", 0,
		   "; every other thread is restricted already, and that cannot be undone: stop "
		   "the program");
}

/* broadcast_masked with the program's signals blocked in the caller (see
 * the top of the file). */
static int broadcast(int fd, int abi, char *why, size_t size)
{
	uint64_t mask = ~(7ULL << 31 | 1ULL << (SIG - 1)), old = 0;
	int r;

	sf_raw6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&mask, (long)&old, 8, 0, 0);
	r = broadcast_masked(fd, abi, why, size);
	sf_raw6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
	return r;
}

/* Landlock ABI 8 and later restrict every thread in the kernel: 0 or
 * -errno; -EINVAL when the kernel does not know the flag after all. */
static long tsync(int fd, int abi)
{
	long r = sf_raw_prctl(PR_SET_NO_NEW_PRIVS, 1);

	if (r)
		return r;
	return sf_raw6(SF_NR_landlock_restrict_self, fd,
		       sf_ll_restrict_flags(abi) | RESTRICT_SELF_TSYNC, 0, 0, 0, 0);
}

int sf_ll_restrict_all(int fd, int abi, char *why, size_t size)
{
	long r;

	/* Alone, the caller is the only thread that could start another. */
	if (sf_self_status_number("\nThreads:") == 1)
		return sf_ll_restrict_self(fd, abi, why, size);
	if (abi >= 8 && (r = tsync(fd, abi)) != -EINVAL)
		return r ? say(why, size, 0, "the kernel refused to restrict every thread", -r, "")
			 : 0;
	return broadcast(fd, abi, why, size);
}
