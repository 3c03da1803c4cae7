/* Upper-half garbage through real filters (x86_64): for each argument the
 * audit found the kernel reads as 32 bits, a call with bits set above bit
 * 31 must do what the same call without them does, unfiltered (so the
 * audit is right), and a filter must answer it as it answers the clean
 * call (so sf compares what the kernel reads). Each call runs in a forked
 * child that installs the filter; denials are an errno, so it survives. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/kcmp.h>
#include <linux/seccomp.h>

#include "compile.h"
#include "parse.h"
#include "test.h"

#define HI (1ull << 32)
#define DENIED 77 /* the errno the filters deny with */

static int pipefd[2], filefd;

struct result {
	long ret;
	int err;
};

/* The calls; hi is 0 or the garbage to add above bit 31. */
static struct result do_writev(uint64_t hi)
{
	struct iovec v = {"x", 1};
	long r = syscall(SYS_writev, hi | (unsigned)pipefd[1], &v, 1);

	return (struct result){r, r < 0 ? errno : 0};
}

static struct result do_readv_vlen(uint64_t hi)
{
	char c;
	struct iovec v = {&c, 1};
	long r;

	if (write(pipefd[1], "y", 1) != 1)
		return (struct result){-2, 0};
	r = syscall(SYS_readv, pipefd[0], &v, hi | 1);
	return (struct result){r, r < 0 ? errno : 0};
}

static struct result do_pwritev(uint64_t hi)
{
	struct iovec v = {"z", 1};
	long r = syscall(SYS_pwritev, hi | (unsigned)filefd, &v, 1, 0, 0);

	return (struct result){r, r < 0 ? errno : 0};
}

static struct result do_mmap_prot(uint64_t hi)
{
	long r = syscall(SYS_mmap, 0, 4096, hi | PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return (struct result){r == -1 ? -1 : 0, r == -1 ? errno : 0};
}

static struct result do_mmap_fd(uint64_t hi)
{
	long r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, hi | (unsigned)filefd, 0);

	return (struct result){r == -1 ? -1 : 0, r == -1 ? errno : 0};
}

static struct result do_clone(uint64_t hi)
{
	long r = syscall(SYS_clone, hi | SIGCHLD, 0, 0, 0, 0);

	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid((pid_t)r, NULL, 0);
	return (struct result){r > 0 ? 1 : r, r < 0 ? errno : 0};
}

static struct result do_kcmp(uint64_t hi)
{
	long r = syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, hi | (unsigned)filefd, filefd);

	return (struct result){r, r < 0 ? errno : 0};
}

struct kcase {
	const char *name, *rule;
	struct result (*call)(uint64_t hi);
};

static const struct kcase cases[] = {
    {"writev fd", "writev: fd != %d", do_writev},
    {"readv vlen", "readv: vlen != 1", do_readv_vlen},
    {"pwritev fd", "pwritev: fd != %d", do_pwritev},
    {"mmap prot", "mmap: prot != PROT_READ|PROT_WRITE|PROT_EXEC", do_mmap_prot},
    {"mmap fd", "mmap: fd != %d", do_mmap_fd},
    {"clone flags", "clone: clone_flags != SIGCHLD", do_clone},
    {"kcmp idx1", "kcmp: idx1 != %d", do_kcmp},
};

/* Runs the call in a child, under prog when given. */
static struct result in_child(const struct sf_prog *prog, struct result (*call)(uint64_t),
			      uint64_t hi)
{
	struct result *r =
	    mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct result out = {-3, 0};
	pid_t pid;
	int status;

	if (r == MAP_FAILED)
		return out;
	*r = out;
	pid = fork();
	if (pid == 0) {
		if (prog) {
			struct sock_fprog fp = {(unsigned short)prog->len, prog->insns};
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
			    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp))
				_exit(3);
		}
		*r = call(hi);
		_exit(0);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		out = *r;
	munmap(r, sizeof *r);
	return out;
}

static int same(struct result a, struct result b)
{
	return a.ret == b.ret && a.err == b.err;
}

int main(void)
{
	char text[256], rule[128];
	int n = 0;

#ifndef __x86_64__
	printf("kernel_args: x86_64 only\n");
	return test_report("kernel_args");
#endif
	if (pipe(pipefd) || (filefd = open("/proc/self/exe", O_RDONLY)) < 0)
		abort();
	/* pwritev needs a file open for writing; mmap and kcmp one to read. */
	{
		char path[] = "/tmp/sf-kargs.XXXXXX";
		int fd = mkstemp(path);
		if (fd < 0 || write(fd, "0123456789", 10) != 10)
			abort();
		unlink(path);
		close(filefd);
		filefd = fd;
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct kcase *c = &cases[i];
		struct sf_compile_opts o = {SF_REPORT_KILL, 0, 1};
		struct result clean, dirty, fclean, fdirty;
		struct sf_policy p;
		struct sf_error err;
		struct sf_prog prog;

		clean = in_child(NULL, c->call, 0);
		dirty = in_child(NULL, c->call, HI | HI << 8);
		if (clean.ret < 0 && clean.err == ENOSYS) {
			printf("kernel_args: %s: not in this kernel\n", c->name);
			continue;
		}
		/* The audit: the kernel does the same with the garbage. */
		CHECKF(clean.ret >= 0 && same(clean, dirty),
		       "%s: unfiltered, clean %ld/%d, garbage %ld/%d", c->name, clean.ret,
		       clean.err, dirty.ret, dirty.err);
		/* A rule's %d is the fd the call uses. */
		snprintf(rule, sizeof rule, c->rule, c->call == do_writev ? pipefd[1] : filefd);
		snprintf(text, sizeof text, "default: allow\n%s; errno %d\n", rule, DENIED);
		sf_policy_init(&p, SF_ARCH_X86_64);
		if (sf_parse_text(&p, c->name, text, strlen(text), &err) ||
		    sf_parse_finish(&p, &err) || sf_compile(&p, &o, &prog, &err)) {
			CHECKF(0, "%s: %s", c->name, err.msg);
			continue;
		}
		fclean = in_child(&prog, c->call, 0);
		fdirty = in_child(&prog, c->call, HI | HI << 8);
		CHECKF(fclean.ret == -1 && fclean.err == DENIED, "%s: the clean call got %ld/%d",
		       c->name, fclean.ret, fclean.err);
		CHECKF(same(fclean, fdirty),
		       "%s: the filter answers the garbage %ld/%d, not %ld/%d", c->name, fdirty.ret,
		       fdirty.err, fclean.ret, fclean.err);
		sf_prog_free(&prog);
		sf_policy_free(&p);
		n++;
	}
	printf("kernel_args: %d arguments passed with upper-half garbage\n", n);
	return test_report("kernel_args");
}
