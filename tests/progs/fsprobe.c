/* The path-rule tests' probe: performs each operation its arguments name,
 * in order, and prints one line per result ("OP: ok" or "OP: errno NAME"),
 * so that a test sees which file, port or signal access Landlock let
 * through. Operations (each takes its operands from the next arguments):
 *
 *   read P, write P (open existing for writing), read2 P, write2 P (the
 *   same through openat2), append P, trunc P
 *   (truncate(2)), create P (O_CREAT|O_EXCL), mkdir P, unlink P, rmdir P,
 *   rename A B, link A B, symlink TARGET P, exec P (execs P with the
 *   arguments that follow), readfd P (opens P, then reads it again through
 *   /proc/self/fd/N), connect PORT, bind PORT (127.0.0.1, TCP), kill PID
 *   (signal 0), chdir P, sleep SECONDS */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
		printf("%s: ok\n", op);
	fflush(stdout);
}

static long open_close(const char *p, int flags)
{
	int fd = open(p, flags | O_CLOEXEC, 0644);

	if (fd >= 0)
		close(fd);
	return fd;
}

static long tcp(const char *port, int bind_it)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	long r;

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(port));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	r = bind_it ? bind(fd, (struct sockaddr *)&a, sizeof a)
		    : connect(fd, (struct sockaddr *)&a, sizeof a);
	close(fd);
	return r;
}

static long read_via_fd(const char *p)
{
	char path[64];
	int fd = open(p, O_RDONLY), again;

	if (fd < 0)
		return -1;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	again = open(path, O_RDWR);
	close(fd);
	if (again >= 0)
		close(again);
	return again;
}

/* openat2(2), which C libraries may not wrap: its flags are in memory,
 * not in a register. */
static int openat2_close(const char *path, unsigned long long flags)
{
	struct {
		unsigned long long flags, mode, resolve;
	} how = {flags, 0, 0};
	long fd =
	    syscall(437 /* openat2, on x86_64 and aarch64 */, AT_FDCWD, path, &how, sizeof how);

	if (fd < 0)
		return -1;
	close((int)fd);
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *op = argv[i], *a = i + 1 < argc ? argv[i + 1] : "",
			   *b = i + 2 < argc ? argv[i + 2] : "";

		if (!strcmp(op, "read")) {
			result(op, open_close(a, O_RDONLY));
			i++;
		} else if (!strcmp(op, "write")) {
			result(op, open_close(a, O_WRONLY));
			i++;
		} else if (!strcmp(op, "read2")) {
			result(op, openat2_close(a, O_RDONLY));
			i++;
		} else if (!strcmp(op, "write2")) {
			result(op, openat2_close(a, O_WRONLY));
			i++;
		} else if (!strcmp(op, "append")) {
			result(op, open_close(a, O_WRONLY | O_APPEND));
			i++;
		} else if (!strcmp(op, "trunc")) {
			result(op, truncate(a, 0));
			i++;
		} else if (!strcmp(op, "create")) {
			result(op, open_close(a, O_WRONLY | O_CREAT | O_EXCL));
			i++;
		} else if (!strcmp(op, "mkdir")) {
			result(op, mkdir(a, 0755));
			i++;
		} else if (!strcmp(op, "unlink")) {
			result(op, unlink(a));
			i++;
		} else if (!strcmp(op, "rmdir")) {
			result(op, rmdir(a));
			i++;
		} else if (!strcmp(op, "rename")) {
			result(op, rename(a, b));
			i += 2;
		} else if (!strcmp(op, "link")) {
			result(op, link(a, b));
			i += 2;
		} else if (!strcmp(op, "symlink")) {
			result(op, symlink(a, b));
			i += 2;
		} else if (!strcmp(op, "readfd")) {
			result(op, read_via_fd(a));
			i++;
		} else if (!strcmp(op, "connect") || !strcmp(op, "bind")) {
			result(op, tcp(a, op[0] == 'b'));
			i++;
		} else if (!strcmp(op, "kill")) {
			result(op, kill(atoi(a), 0));
			i++;
		} else if (!strcmp(op, "sleep")) {
			sleep((unsigned)atoi(a));
			i++;
		} else if (!strcmp(op, "chdir")) {
			result(op, chdir(a));
			i++;
		} else if (!strcmp(op, "exec")) {
			execv(a, argv + i + 1);
			result(op, -1);
			return 1;
		} else {
			fprintf(stderr, "fsprobe: unknown operation %s\n", op);
			return 2;
		}
	}
	return 0;
}
