/* A library whose constructor runs before the shim installs anything
 * (loaded ahead of libsf in LD_PRELOAD, or as a dependency). ATTACK_CTORLIB
 * picks what it does:
 *
 *   thread  starts a thread that waits until its own /proc/thread-self
 *           status shows filter mode (or 3 s pass), then tries socket():
 *           TSYNC must have put it under the filters
 *   tsync   starts a thread that installs a filter of its own (no TSYNC),
 *           so the thread's filters are no longer the process's: the
 *           shim's TSYNC install fails with the thread's id, a positive
 *           return that must stop the program
 *   call    calls socket() in the constructor itself
 *   hide    renames SF_POLICY and SF_RULES in the environment, so that a
 *           shim after it finds no policy
 *   fake    installs a filter that answers seccomp() with errno 0: a later
 *           install "succeeds" without installing anything
 *   rwx     maps memory writable and executable
 *   exec    execs ATTACK_CTORLIB_EXEC (a program with fewer rules)
 *   fork    forks a child that tries socket()
 *   clone0  the same with clone() and no exit signal: a process that the
 *           tracer is told of as a clone, not a fork */
#include <stddef.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attack.h"

static int ready[2];

static void *watch(void *unused)
{
	struct timespec ts = {0, 10 * 1000 * 1000};

	(void)unused;
	for (int i = 0; i < 300; i++) {
		if (at_status_field("/proc/thread-self/status", "Seccomp") == 2)
			break;
		nanosleep(&ts, NULL);
	}
	at_result_raw("ctorlib thread socket", at_sys3(SYS_socket, 2, 1, 0));
	return NULL;
}

static void *diverge(void *unused)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = {1, &allow};
	long r;

	(void)unused;
	/* no_new_privs is per thread; this one sets its own. */
	r = at_sys6(SYS_prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0);
	if (!r)
		r = at_sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
	at_result_raw("ctorlib own filter", r);
	if (write(ready[1], "x", 1) != 1)
		_exit(3);
	for (;;)
		sleep(1000);
	return NULL;
}

static void hide(void)
{
	extern char **environ;

	for (char **e = environ; *e; e++)
		if (!strncmp(*e, "SF_POLICY=", 10) || !strncmp(*e, "SF_RULES=", 9))
			(*e)[0] = 'X';
	at_puts("ctorlib hid the policy\n");
}

static void fake(void)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {4, f};
	long r = at_sys6(SYS_prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0);

	if (!r)
		r = at_sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog);
	at_result_raw("ctorlib fake filter", r);
}

__attribute__((constructor)) static void ctorlib(void)
{
	const char *what = getenv("ATTACK_CTORLIB");
	pthread_t t;
	char c;

	if (!what)
		return;
	if (!strcmp(what, "thread")) {
		if (pthread_create(&t, NULL, watch, NULL))
			_exit(3);
		pthread_detach(t);
	} else if (!strcmp(what, "tsync")) {
		if (pipe(ready) || pthread_create(&t, NULL, diverge, NULL) ||
		    read(ready[0], &c, 1) != 1)
			_exit(3);
	} else if (!strcmp(what, "call")) {
		at_result_raw("ctorlib constructor socket", at_sys3(SYS_socket, 2, 1, 0));
	} else if (!strcmp(what, "hide")) {
		hide();
	} else if (!strcmp(what, "fake")) {
		fake();
	} else if (!strcmp(what, "rwx")) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		at_result_raw("ctorlib rwx", p == MAP_FAILED ? -1 : 0);
	} else if (!strcmp(what, "exec")) {
		char *argv[] = {getenv("ATTACK_CTORLIB_EXEC"), "-", "socket", NULL};

		execv(argv[0], argv);
		at_puts("ctorlib exec failed\n");
	} else if (!strcmp(what, "clone0")) {
		long pid = at_sys6(SYS_clone, 0, 0, 0, 0, 0, 0);

		if (pid == 0) {
			at_result_raw("ctorlib child socket", at_sys3(SYS_socket, 2, 1, 0));
			at_sys3(SYS_exit, 0, 0, 0);
		}
		at_result_raw("ctorlib clone0", pid);
	} else if (!strcmp(what, "fork")) {
		pid_t pid = fork();

		if (pid == 0) {
			at_result_raw("ctorlib child socket", at_sys3(SYS_socket, 2, 1, 0));
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
}
