/* sf-run --show PID: the seccomp filters a running process has, read with
 * PTRACE_SECCOMP_GET_FILTER while it is stopped by PTRACE_INTERRUPT (a
 * seized process is not signalled, and it resumes on detach). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "explain.h"
#include "launcher.h"
#include "show.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

static pid_t parse_pid(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > INT_MAX)
		sf_fatal("--show: '%s' is not a process id", s);
	return (pid_t)v;
}

/* A number field of /proc/PID/status, or -1. */
static long status_field(pid_t pid, const char *field)
{
	char path[64], line[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, field, strlen(field))) {
			v = strtol(line + strlen(field), NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Reads filter index i (0 is the most recently installed); 0 when there
 * is none, 1 when read, or exits. */
static int get_filter(pid_t pid, unsigned long i, struct sf_prog *prog)
{
	long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, NULL);

	if (n < 0 && errno == ENOENT)
		return 0;
	/* EINVAL for the first one: the process is not in filter mode. */
	if (n < 0 && errno == EINVAL && i == 0 && status_field(pid, "Seccomp:") != 2)
		return 0;
	if (n < 0) {
		int e = errno;
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		sf_fatal("--show: cannot read filter %lu of process %d: %s%s", i, (int)pid,
			 strerror(e),
			 e == EACCES || e == EPERM ? " (needs CAP_SYS_ADMIN)"
			 : e == EINVAL ? " (the kernel lacks CONFIG_CHECKPOINT_RESTORE?)"
				       : "");
	}
	prog->len = (size_t)n;
	prog->insns = calloc((size_t)n + 1, sizeof(*prog->insns));
	if (!prog->insns || ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, prog->insns) != n) {
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		sf_fatal("--show: cannot read filter %lu of process %d", i, (int)pid);
	}
	return 1;
}

int sf_mode_show(const char *arg)
{
	pid_t pid = parse_pid(arg);
	enum sf_arch arch = sf_arch_native();
	struct sf_prog progs[64];
	size_t n = 0;
	int status;
	char why[512], name[64];

	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL)) {
		int e = errno;
		long tracer = status_field(pid, "TracerPid:");

		if (tracer > 0)
			sf_fatal("--show: process %d is traced by process %ld (an sf-run that "
				 "supervises it, or a debugger), and --show must attach to it",
				 (int)pid, tracer);
		sf_fatal("--show: cannot attach to process %d: %s", (int)pid, strerror(e));
	}
	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) || waitpid(pid, &status, __WALL) != pid) {
		int e = errno;
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		sf_fatal("--show: cannot stop process %d: %s", (int)pid, strerror(e));
	}
	while (n < sizeof progs / sizeof progs[0] && get_filter(pid, n, &progs[n]))
		n++;
	ptrace(PTRACE_DETACH, pid, NULL, NULL);

	/* Path, port and scope rules are Landlock's, and the kernel shows a
	 * domain to no one: saying nothing would read as "none". */
	printf("# process %d: path, port and scope rules (Landlock) cannot be shown: the kernel "
	       "exposes no domain\n",
	       (int)pid);
	if (!n) {
		printf("# process %d: no seccomp filters\n", (int)pid);
		return fflush(stdout) ? SF_EXIT_ERROR : 0;
	}
	printf("# process %d: %zu seccomp filter%s, in the order the kernel runs them (the "
	       "last installed first; the most severe answer wins)\n",
	       (int)pid, n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		printf("\n# filter %zu of %zu (installed %s), %zu instructions\n", i + 1, n,
		       i == 0	    ? "last"
		       : i == n - 1 ? "first"
				    : "in between",
		       progs[i].len);
		sf_bpf_disasm(stdout, &progs[i], arch);
		printf("\n");
		snprintf(name, sizeof name, "process %d filter %zu", (int)pid, i + 1);
		if (sf_explain(stdout, &progs[i], arch, name, why, sizeof why))
			printf("# cannot explain: %s\n", why);
		sf_prog_free(&progs[i]);
	}
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}
