/* sf-bench-llfloor N PATH... PROG [ARG...]: execs PROG under a Landlock
 * domain with one rule for each of the N PATHs (read and execute),
 * handling every file system right, as sf does, and nothing else: what
 * the kernel alone charges for such a domain (opening the paths,
 * building it, exec and exit under it, freeing it). N 0: no domain. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CREATE_RULESET 444
#define ADD_RULE 445
#define RESTRICT_SELF 446
#define RULE_PATH_BENEATH 1
#define FS_ALL ((1ull << 16) - 1) /* every right of ABI 5 and later */
#define FS_READ_EXECUTE ((1ull << 0) | (1ull << 2) | (1ull << 3))

struct path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

static int domain(char **paths, int n)
{
	uint64_t handled[3] = {FS_ALL, 0, 0};
	int fd = (int)syscall(CREATE_RULESET, handled, sizeof handled, 0);

	if (fd < 0) {
		perror("landlock_create_ruleset");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct path_beneath pb = {FS_READ_EXECUTE, open(paths[i], O_PATH | O_CLOEXEC)};

		if (pb.parent_fd < 0 || syscall(ADD_RULE, fd, RULE_PATH_BENEATH, &pb, 0)) {
			perror(paths[i]);
			return -1;
		}
		close(pb.parent_fd);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || syscall(RESTRICT_SELF, fd, 0)) {
		perror("landlock_restrict_self");
		return -1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : -1;

	if (n < 0 || argc < n + 3) {
		fprintf(stderr, "usage: sf-bench-llfloor N PATH... PROG [ARG...]\n");
		return 2;
	}
	if (n && domain(argv + 2, n))
		return 1;
	execv(argv[n + 2], argv + n + 2);
	perror(argv[n + 2]);
	return 127;
}
