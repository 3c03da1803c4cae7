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
 *   call    calls socket() in the constructor itself */
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
	}
}
