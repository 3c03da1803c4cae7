/* A shared library whose constructor starts a thread before the program
 * (and so before the shim's wrapper) runs: the thread must end up under
 * the same filters as the rest of the process. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int go[2];
static pthread_t worker;

static void *work(void *unused)
{
	char c;

	(void)unused;
	/* Wait until main says so: by then the filters are in force. */
	if (read(go[0], &c, 1) != 1)
		return NULL;
	if (socket(AF_INET, SOCK_STREAM, 0) >= 0)
		printf("ctorlib: socket allowed in the constructor's thread\n");
	else
		printf("ctorlib: socket failed in the constructor's thread\n");
	fflush(stdout);
	return NULL;
}

__attribute__((constructor)) static void start(void)
{
	if (pipe(go) || pthread_create(&worker, NULL, work, NULL)) {
		perror("ctorlib");
		_exit(2);
	}
}

void ctorlib_go(void)
{
	if (write(go[1], "x", 1) != 1)
		_exit(2);
	pthread_join(worker, NULL);
}
