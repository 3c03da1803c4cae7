/* A library whose constructor runs before the program's entry point, for
 * the path-rule tests: FSCTOR picks what it tries against the exact
 * Landlock stage.
 *
 *   read:P  opens P (the widened rules are in force: what neither the
 *           policy nor the loader needs stays denied)
 *   fake    installs a filter that answers the Landlock calls with 0
 *           without making them: sf-run must see it and stop the program
 *   thread  starts a thread that waits, then opens FSCTOR_PATH: a thread
 *           Landlock would not restrict, which sf-run must refuse
 *   chdir:D changes the directory before the exact rules are added: the
 *           policy's relative paths must still mean what they meant
 *   swap:P:T  replaces the directory P (a path rule's) with a symlink to
 *           T before the exact rules are added: the rule must still be
 *           for what P was when the program started */
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

static void *late_open(void *unused)
{
	const char *p = getenv("FSCTOR_PATH");
	int fd;

	(void)unused;
	sleep(1);
	fd = p ? open(p, O_RDONLY) : -1;
	printf("fsctor thread read: %s\n", fd >= 0 ? "ok" : "denied");
	fflush(stdout);
	return NULL;
}

static void fake(void)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 444, 0, 2),
	    BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 446, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof f / sizeof f[0], f};

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	printf("fsctor fake: %s\n",
	       syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) ? "failed" : "ok");
	fflush(stdout);
}

__attribute__((constructor)) static void fsctor(void)
{
	const char *what = getenv("FSCTOR");
	pthread_t t;

	if (!what)
		return;
	if (!strncmp(what, "read:", 5)) {
		int fd = open(what + 5, O_RDONLY);
		printf("fsctor read: %s\n", fd >= 0 ? "ok" : "denied");
		fflush(stdout);
	} else if (!strcmp(what, "fake")) {
		fake();
	} else if (!strcmp(what, "thread")) {
		pthread_create(&t, NULL, late_open, NULL);
	} else if (!strncmp(what, "swap:", 5)) {
		char p[4096], *t;

		snprintf(p, sizeof p, "%s", what + 5);
		t = strchr(p, ':');
		if (!t)
			return;
		*t++ = 0;
		printf("fsctor swap: %s\n", rmdir(p) || symlink(t, p) ? "failed" : "ok");
		fflush(stdout);
	} else if (!strncmp(what, "chdir:", 6)) {
		printf("fsctor chdir: %s\n", chdir(what + 6) ? "failed" : "ok");
		fflush(stdout);
	}
}
