#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include "common.h"
#include "loader.h"
#include "parse.h"

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

int bench_install(const struct sf_prog *prog)
{
	struct sock_fprog fprog = {(unsigned short)prog->len, prog->insns};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW, &fprog))
		return -1;
	return 0;
}

int bench_in_child(void (*child)(const void *arg, void *out), const void *arg, void *out,
		   size_t size)
{
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	if (pipe(fds))
		bench_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(fds[0]);
		child(arg, out);
		_exit(write(fds[1], out, size) == (ssize_t)size ? 0 : 5);
	}
	close(fds[1]);
	got = read(fds[0], out, size);
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) ||
	    got != (ssize_t)size)
		return -1;
	return 0;
}

void bench_load(struct sf_policy *p, const char *path)
{
	struct sf_error err;

	sf_policy_init(p, sf_arch_native());
	if (sf_parse_file(p, path, &err) || sf_parse_finish(p, &err))
		bench_die("%s", err.msg);
}

static void compile(const struct sf_policy *p, enum sf_report report, struct sf_prog *out)
{
	struct sf_compile_opts opts = {report, 0, BENCH_TOKEN};
	struct sf_error err;
	char why[256];

	if (sf_compile(p, &opts, out, &err))
		bench_die("%s", err.msg);
	if (sf_bpf_validate(out, why, sizeof why))
		bench_die("the compiled filter is not valid: %s", why);
}

/* As sf installs it: kill-class denials are kill-process. */
void bench_compile(const struct sf_policy *p, struct sf_prog *out)
{
	compile(p, SF_REPORT_KILL, out);
}

/* With the in-process report mode's SIGSYS guard (sf before sf-run
 * supervised): for comparison only. */
void bench_compile_trap(const struct sf_policy *p, struct sf_prog *out)
{
	compile(p, SF_REPORT_TRAP, out);
}

void bench_widen(struct sf_policy *p)
{
	struct sf_error err;

	if (sf_policy_widen_after_exec(p, &err))
		bench_die("%s", err.msg);
}

double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void bench_row(const char *section, const char *what, const char *value, const char *target,
	       const char *verdict)
{
	printf("ROW\t%s\t%s\t%s\t%s\t%s\n", section, what, value, target, verdict);
}

void bench_note(const char *fmt, ...)
{
	va_list ap;

	printf("NOTE\t");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

const char *bench_verdict(double value, double limit)
{
	return value <= limit ? "PASS" : "MISS";
}
