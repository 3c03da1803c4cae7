/* The bats tests' probe: creates the marker file named by argv[1] first
 * thing in main (so a test can tell whether main ever ran; "-" for none),
 * then performs the operations that follow, printing one line per result
 * on stdout. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

static void result(const char *op, long r)
{
	if (r < 0)
		printf("%s: errno %s\n", op, errno_name(errno));
	else
		printf("%s: ok %ld\n", op, r);
	fflush(stdout);
}

static void *thread_open(void *path)
{
	result("thread-open", open(path, O_RDONLY | O_CLOEXEC));
	return NULL;
}

static void print_status_field(const char *field)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f) {
		result(field, -1);
		return;
	}
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, field, strlen(field)))
			fputs(line, stdout);
	fclose(f);
	fflush(stdout);
}

static void on_sigsys(int sig)
{
	(void)sig;
	_exit(42);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: probe MARKER|- [op...]\n");
		return 2;
	}
	if (strcmp(argv[1], "-")) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0) {
			perror(argv[1]);
			return 2;
		}
		close(fd);
	}
	for (int i = 2; i < argc; i++) {
		const char *op = argv[i], *arg = i + 1 < argc ? argv[i + 1] : "";

		if (!strcmp(op, "say")) {
			printf("%s\n", arg);
			fflush(stdout);
			i++;
		} else if (!strcmp(op, "write-stderr")) {
			result(op, write(2, "probe: stderr\n", 14));
		} else if (!strcmp(op, "open")) {
			result(op, open(arg, O_RDONLY | O_CLOEXEC));
			i++;
		} else if (!strcmp(op, "mkdir")) {
			result(op, mkdir(arg, 0755));
			i++;
		} else if (!strcmp(op, "getpid")) {
			result(op, getpid());
		} else if (!strcmp(op, "getppid")) {
			result(op, syscall(SYS_getppid));
		} else if (!strcmp(op, "socket")) {
			result(op, socket(AF_INET, SOCK_STREAM, 0));
		} else if (!strcmp(op, "mmap")) {
			void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			result(op, p == MAP_FAILED ? -1 : 0);
		} else if (!strcmp(op, "thread-open")) {
			pthread_t t;

			if (pthread_create(&t, NULL, thread_open, (void *)arg) ||
			    pthread_join(t, NULL))
				result(op, -1);
			i++;
		} else if (!strcmp(op, "filters")) {
			print_status_field("Seccomp_filters:");
		} else if (!strcmp(op, "seccomp")) {
			result(op, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
		} else if (!strcmp(op, "nnp")) {
			result(op, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		} else if (!strcmp(op, "euid")) {
			result(op, (long)geteuid());
		} else if (!strcmp(op, "env")) {
			const char *v = getenv(arg);

			printf("env %s=%s\n", arg, v ? v : "(unset)");
			fflush(stdout);
			i++;
		} else if (!strcmp(op, "sigsys-handler")) {
			/* A program under sf must not take over SIGSYS. */
			result(op, signal(SIGSYS, on_sigsys) == SIG_ERR ? -1 : 0);
		} else if (!strcmp(op, "exec")) {
			execv(arg, argv + i + 1);
			result(op, -1);
			return 1;
		} else {
			fprintf(stderr, "probe: unknown op %s\n", op);
			return 2;
		}
	}
	return 0;
}
