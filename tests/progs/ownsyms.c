/* A program that defines its own syscall, prctl, getenv and sigaction: with
 * -z now binding, a shim that called libc by these names would run this
 * code instead, and think no filter was needed or that it was installed. */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void hijacked(const char *name)
{
	if (write(2, "HIJACKED ", 9) < 0 || write(2, name, strlen(name)) < 0 ||
	    write(2, "\n", 1) < 0)
		_exit(3);
}

long syscall(long n, ...)
{
	(void)n;
	hijacked("syscall");
	return 0;
}

int prctl(int option, ...)
{
	(void)option;
	hijacked("prctl");
	return 2; /* "filter mode", whatever was asked */
}

char *getenv(const char *name)
{
	(void)name;
	hijacked("getenv");
	return NULL;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	(void)sig, (void)act, (void)old;
	hijacked("sigaction");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd >= 0)
			close(fd);
	}
	if (socket(AF_INET, SOCK_STREAM, 0) >= 0)
		printf("ownsyms: socket allowed\n");
	else
		printf("ownsyms: socket failed\n");
	return 0;
}
