/* sf_restrict from a program: restrict MARKER RULES [op...], ops as for a
 * small probe (mmap, getpid, read:PATH). Prints the outcome of each step. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sf.h"

static void *idle(void *unused)
{
	(void)unused;
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	char err[2048];

	if (argc < 3) {
		fprintf(stderr, "usage: restrict MARKER RULES [op...]\n");
		return 2;
	}
	if (strcmp(argv[1], "-")) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd >= 0)
			close(fd);
	}
	/* RESTRICT_THREAD: a second thread first, for rules that can only
	 * restrict the calling one. */
	if (getenv("RESTRICT_THREAD")) {
		pthread_t t;

		pthread_create(&t, NULL, idle, NULL);
	}
	if (sf_restrict(argv[2], err, sizeof err))
		printf("restrict: error: %s\n", err);
	else
		printf("restrict: ok\n");
	fflush(stdout);
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "mmap")) {
			void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			printf("mmap: %s\n", p == MAP_FAILED ? "failed" : "ok");
		} else if (!strncmp(argv[i], "read:", 5)) {
			int fd = open(argv[i] + 5, O_RDONLY | O_CLOEXEC);

			printf("read: %s\n", fd >= 0 ? "ok" : "denied");
			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "getpid")) {
			printf("getpid: ok %ld\n", (long)getpid());
		}
		fflush(stdout);
	}
	return 0;
}
