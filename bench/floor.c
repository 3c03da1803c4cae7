/* The floor of start-up for any LD_PRELOAD seccomp shim, for part 4 of the
 * benchmarks: a library whose constructor only reads programs already
 * compiled (sf-run --emit-bpf) and installs them, as sf does (no new
 * privileges, TSYNC, SPEC_ALLOW). No parsing, no compiling, no handler.
 *
 *   LD_PRELOAD=sf-bench-floor.so SF_BENCH_BPF=a.bpf[:b.bpf] PROGRAM
 *
 * With SF_BENCH_BPF set but empty it installs nothing: what loading any
 * preload costs. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_INSNS 4096

static void die(const char *what)
{
	(void)!write(2, "sf-bench-floor: ", 16);
	(void)!write(2, what, strlen(what));
	(void)!write(2, "\n", 1);
	_exit(125);
}

static void install_file(const char *path)
{
	static struct sock_filter insns[MAX_INSNS];
	struct sock_fprog prog;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("cannot open a program");
	n = read(fd, insns, sizeof(insns));
	close(fd);
	if (n <= 0 || n % (ssize_t)sizeof(insns[0]))
		die("cannot read a program");
	prog.len = (unsigned short)(n / (ssize_t)sizeof(insns[0]));
	prog.filter = insns;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog))
		die("seccomp refused a program");
}

__attribute__((constructor)) static void floor_install(void)
{
	char list[4096], *p, *next;
	const char *env = getenv("SF_BENCH_BPF");

	if (!env || strlen(env) >= sizeof(list))
		die("SF_BENCH_BPF is not set");
	/* Empty: the cost of loading a preload alone. */
	if (!*env)
		return;
	strcpy(list, env);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("cannot set no_new_privs");
	for (p = list; p; p = next) {
		next = strchr(p, ':');
		if (next)
			*next++ = '\0';
		install_file(p);
	}
}
