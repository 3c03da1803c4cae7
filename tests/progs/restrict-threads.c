/* sf_restrict with path rules in a process with threads, as an attacker
 * would check it: restrict-threads MODE GRANTED DENIED RULES.
 *
 * Four threads start; thread 1 calls sf_restrict(RULES) while the others
 * wait (three in a barrier, thread 4 spinning without a system call);
 * then the main thread and each thread open GRANTED and DENIED, and the
 * main thread prints one line each: "t1: granted ok, denied EACCES".
 * MODE:
 *   all      just that
 *   block    thread 2 blocks every signal first (sf_restrict must fail and
 *            restrict no thread), then unblocks them (the process must live)
 *   after    four more threads start after sf_restrict returned
 *   churn    two more threads start threads all along, which wait for
 *            sf_restrict to return and then try DENIED: one that opens it
 *            counts as a leak
 *   handler  the program's own handler of signal 50 (the one sf_restrict
 *            borrows) must be in place and run afterwards
 *   leader   the main thread ends first (pthread_exit); thread 1 prints
 *   twice    thread 1 calls sf_restrict(RULES) twice: the second call
 *            must find the threads under the first call's domain
 *   stuck    thread 3 sits in vfork for 3 s (a wait no signal breaks)
 *            while thread 1 calls sf_restrict: it must time out and
 *            restrict no thread
 *   deep     thread 3 has 16 Landlock domains already, so the kernel
 *            refuses it a 17th: sf_restrict must fail and say so
 *   forward  as stuck, and the program's own handler of signal 50: the
 *            vfork child sends signal 50 to thread 1 while sf_restrict
 *            waits there, which must reach the program's handler */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sf.h"

#define WORKERS 4
#define SIG 50 /* SF_ALLTHREADS_SIGNAL */

static const char *mode, *granted, *denied, *rules;
static pthread_barrier_t barrier;
static char result[WORKERS * 2 + 1][96];
static char restrict_says[2200];
static volatile int spin_go, stop;
static int restricted, children, leaks, live, own_handler_ran, t1_tid;

static const char *try_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return "ok";
	}
	return errno == EACCES ? "EACCES" : strerror(errno);
}

static void record(int i)
{
	const char *g = try_open(granted);

	snprintf(result[i], sizeof result[i], "granted %s, denied %s", g, try_open(denied));
}

static void call_restrict(void)
{
	size_t len = strlen(restrict_says);
	char err[2048];

	if (sf_restrict(rules, err, sizeof err))
		snprintf(restrict_says + len, sizeof restrict_says - len, "%srestrict: error: %s",
			 len ? "\n" : "", err);
	else
		snprintf(restrict_says + len, sizeof restrict_says - len, "%srestrict: ok",
			 len ? "\n" : "");
	if (!len && !strcmp(mode, "twice")) {
		call_restrict();
		return;
	}
	__atomic_store_n(&restricted, 1, __ATOMIC_SEQ_CST);
	spin_go = 1;
}

static void print_all(void)
{
	int n = !strcmp(mode, "after") ? WORKERS * 2 : WORKERS;

	printf("%s\n", restrict_says);
	if (strcmp(mode, "leader"))
		printf("main: %s\n", result[0]);
	for (int i = 1; i <= n; i++)
		printf("t%d: %s\n", i, result[i]);
	if (!strcmp(mode, "churn"))
		printf("churn: %d threads, %d leaks\n", children, leaks);
	if (!strcmp(mode, "handler") || !strcmp(mode, "forward"))
		printf("own handler: %s\n", own_handler_ran ? "ran" : "did not run");
	fflush(stdout);
}

/* 16 Landlock domains on the calling thread (the kernel's limit), each
 * denying only the making of sockets files. */
static void sixteen_domains(void)
{
	unsigned long long make_sock = 1ULL << 10;
	long fd = syscall(444, &make_sock, sizeof make_sock, 0);

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	for (int i = 0; i < 16; i++)
		if (syscall(446, fd, 0) != 0)
			perror("landlock_restrict_self");
	close((int)fd);
}

/* Blocks this thread in vfork for 3 s: the parent waits for the child's
 * exec or exit in a sleep that signals do not break. */
static void vfork_wait(void)
{
	pid_t p = vfork();

	if (p == 0) {
		if (!strcmp(mode, "forward")) {
			syscall(SYS_nanosleep, &(struct timespec){1, 0}, NULL);
			syscall(SYS_tgkill, getppid(), t1_tid, SIG);
		}
		syscall(SYS_nanosleep, &(struct timespec){3, 0}, NULL);
		_exit(0);
	}
}

static void *worker(void *arg)
{
	int i = (int)(long)arg;
	sigset_t all;

	sigfillset(&all);
	if (i == 2 && !strcmp(mode, "block"))
		pthread_sigmask(SIG_BLOCK, &all, NULL);
	if (i == 3 && !strcmp(mode, "deep"))
		sixteen_domains();
	if (i == 1)
		t1_tid = (int)syscall(SYS_gettid);
	if (i == 4) {
		/* in user code, no system call, while sf_restrict runs */
		pthread_barrier_wait(&barrier);
		while (!spin_go)
			;
	} else {
		pthread_barrier_wait(&barrier);
		if (i == 3 && (!strcmp(mode, "stuck") || !strcmp(mode, "forward")))
			vfork_wait();
		if (i == 1 && (!strcmp(mode, "stuck") || !strcmp(mode, "forward")))
			usleep(300000); /* thread 3 in vfork first */
		if (i == 1)
			call_restrict();
	}
	pthread_barrier_wait(&barrier);
	record(i);
	if (i == 2 && !strcmp(mode, "block")) {
		/* a signal left pending would kill the process now */
		pthread_sigmask(SIG_UNBLOCK, &all, NULL);
		usleep(100000);
	}
	pthread_barrier_wait(&barrier);
	if (i == 1 && !strcmp(mode, "leader")) {
		print_all();
		exit(0);
	}
	return NULL;
}

static void *later(void *arg)
{
	record((int)(long)arg);
	return NULL;
}

/* A thread of the churn: it waits (up to 100 ms) for sf_restrict to
 * return, then tries DENIED: one that the broadcast missed would open it. */
static void *child(void *arg)
{
	int after, fd;

	(void)arg;
	for (int k = 0; k < 100 && !__atomic_load_n(&restricted, __ATOMIC_SEQ_CST); k++)
		usleep(1000);
	after = __atomic_load_n(&restricted, __ATOMIC_SEQ_CST);
	fd = open(denied, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		if (after)
			__atomic_add_fetch(&leaks, 1, __ATOMIC_SEQ_CST);
	}
	__atomic_add_fetch(&children, 1, __ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&live, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Starts detached threads as fast as it can, up to 32 alive at a time, so
 * that threads are being created at any moment of the broadcast. */
static void *churner(void *arg)
{
	pthread_attr_t attr;
	pthread_t t;

	(void)arg;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	while (!stop) {
		if (__atomic_load_n(&live, __ATOMIC_SEQ_CST) >= 32) {
			sched_yield();
			continue;
		}
		__atomic_add_fetch(&live, 1, __ATOMIC_SEQ_CST);
		if (pthread_create(&t, &attr, child, NULL))
			__atomic_sub_fetch(&live, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void on_sig(int sig)
{
	(void)sig;
	own_handler_ran = 1;
}

int main(int argc, char **argv)
{
	pthread_t w[WORKERS], c[2];
	int leader = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: restrict-threads MODE GRANTED DENIED RULES\n");
		return 2;
	}
	mode = argv[1];
	granted = argv[2];
	denied = argv[3];
	rules = argv[4];
	leader = !strcmp(mode, "leader");
	if (!strcmp(mode, "handler") || !strcmp(mode, "forward"))
		signal(SIG, on_sig);
	pthread_barrier_init(&barrier, NULL, leader ? WORKERS : WORKERS + 1);
	for (long i = 1; i <= WORKERS; i++)
		pthread_create(&w[i - 1], NULL, worker, (void *)i);
	if (!strcmp(mode, "churn"))
		for (int i = 0; i < 2; i++)
			pthread_create(&c[i], NULL, churner, NULL);
	if (leader)
		pthread_exit(NULL);
	pthread_barrier_wait(&barrier);
	pthread_barrier_wait(&barrier);
	record(0);
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(w[i], NULL);
	if (!strcmp(mode, "after"))
		for (long i = WORKERS + 1; i <= 2 * WORKERS; i++) {
			pthread_t t;

			pthread_create(&t, NULL, later, (void *)i);
			pthread_join(t, NULL);
		}
	if (!strcmp(mode, "churn")) {
		usleep(100000);
		stop = 1;
		for (int i = 0; i < 2; i++)
			pthread_join(c[i], NULL);
		while (__atomic_load_n(&live, __ATOMIC_SEQ_CST))
			usleep(1000);
	}
	if (!strcmp(mode, "handler"))
		raise(SIG);
	print_all();
	return 0;
}
