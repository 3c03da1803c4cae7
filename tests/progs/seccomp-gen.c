/* Writes filters built with libseccomp, as the users of bwrap --seccomp
 * and other launchers build theirs, for bats/tools-explain.bats:
 *
 *   seccomp-gen DIR    writes DIR/deny.bpf and DIR/allow.bpf */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static void add(scmp_filter_ctx ctx, uint32_t act, const char *call, unsigned n,
		struct scmp_arg_cmp a)
{
	int r = seccomp_rule_add(ctx, act, seccomp_syscall_resolve_name(call), n, a);

	if (r) {
		fprintf(stderr, "seccomp-gen: %s: %d\n", call, r);
		exit(1);
	}
}

static void write_to(scmp_filter_ctx ctx, const char *dir, const char *name)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || seccomp_export_bpf(ctx, fd) || close(fd)) {
		perror(path);
		exit(1);
	}
	seccomp_release(ctx);
}

int main(int argc, char **argv)
{
	scmp_filter_ctx deny = seccomp_init(SCMP_ACT_ALLOW);
	scmp_filter_ctx allow = seccomp_init(SCMP_ACT_KILL_PROCESS);
	struct scmp_arg_cmp none = SCMP_A0(SCMP_CMP_EQ, 0);

	if (argc != 2 || !deny || !allow) {
		fprintf(stderr, "usage: seccomp-gen DIR\n");
		return 2;
	}
	/* A deny list: bad arches and a few calls refused. */
	seccomp_attr_set(deny, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	add(deny, SCMP_ACT_ERRNO(EPERM), "ptrace", 0, none);
	add(deny, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socket", 1, SCMP_A0(SCMP_CMP_EQ, AF_NETLINK));
	add(deny, SCMP_ACT_ERRNO(EPERM), "clone", 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
	add(deny, SCMP_ACT_ERRNO(EPERM), "ioctl", 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI));
	write_to(deny, argv[1], "deny.bpf");
	/* An allow list with conditions on typed arguments. */
	seccomp_attr_set(allow, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	add(allow, SCMP_ACT_ALLOW, "read", 0, none);
	add(allow, SCMP_ACT_ALLOW, "write", 1, SCMP_A0(SCMP_CMP_LE, 2));
	add(allow, SCMP_ACT_ALLOW, "socket", 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	add(allow, SCMP_ACT_ALLOW, "prctl", 1, SCMP_A0(SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS));
	add(allow, SCMP_ACT_ALLOW, "fcntl", 1, SCMP_A1(SCMP_CMP_EQ, F_GETFL));
	add(allow, SCMP_ACT_ALLOW, "mprotect", 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	add(allow, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, none);
	write_to(allow, argv[1], "allow.bpf");
	return 0;
}
