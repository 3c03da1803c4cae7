/* sf_ll_close_paths closes a run of descriptors with one close_range:
 * it must close every descriptor it is given and no other, whatever the
 * order, the gaps (-1: a path that was not there) and the descriptors of
 * others between them. Random arrangements, checked with fcntl. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "landlock.h"
#include "test.h"

#define MAX 48

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0 || errno != EBADF;
}

static void one(unsigned seed)
{
	int fds[MAX], given[2 * MAX], mine[MAX], n = 1 + rand() % MAX, ngiven = 0;

	for (int i = 0; i < n; i++) {
		fds[i] = open("/", O_PATH | O_CLOEXEC);
		mine[i] = rand() % 4 != 0; /* else another's, between ours */
	}
	for (int i = 0; i < n; i++) {
		if (mine[i])
			given[ngiven++] = fds[i];
		if (rand() % 5 == 0)
			given[ngiven++] = -1;
	}
	/* Now and then out of order: a policy's paths after a group's. */
	if (ngiven > 1 && rand() % 3 == 0) {
		int a = rand() % ngiven, b = rand() % ngiven, t = given[a];

		given[a] = given[b];
		given[b] = t;
	}
	sf_ll_close_paths(given, (size_t)ngiven);
	for (int i = 0; i < n; i++) {
		CHECKF(is_open(fds[i]) == !mine[i], "seed %u: fd %d (%s)", seed, fds[i],
		       mine[i] ? "given, left open" : "another's, closed");
		if (!mine[i])
			close(fds[i]);
	}
}

int main(void)
{
	for (unsigned seed = 1; seed <= 3000; seed++) {
		srand(seed);
		one(seed);
	}
	return test_report("test_closepaths");
}
