/* Main of the constructor-thread test: marker, then lets the library's
 * thread make its call. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

void ctorlib_go(void);

int main(int argc, char **argv)
{
	if (argc > 1) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd >= 0)
			close(fd);
	}
	ctorlib_go();
	printf("ctorthread: main done\n");
	return 0;
}
