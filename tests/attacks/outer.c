/* outer WHAT ERRNO PROGRAM [ARG...]: installs an outer seccomp filter that
 * makes WHAT fail with ERRNO, then execs PROGRAM under it. WHAT is
 * "seccomp" (every seccomp() call) or "nnp" (prctl(PR_SET_NO_NEW_PRIVS));
 * ERRNO a number or one of EPERM, EINVAL, ENOSYS, ENOMEM. Everything else
 * is allowed. Raw system calls only, so nothing stands between this and
 * the kernel. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "attack.h"

static long errno_of(const char *s)
{
	static const struct {
		const char *name;
		long e;
	} known[] = {{"EPERM", EPERM}, {"EINVAL", EINVAL}, {"ENOSYS", ENOSYS}, {"ENOMEM", ENOMEM}};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!strcmp(s, known[i].name))
			return known[i].e;
	return strtol(s, NULL, 0);
}

int main(int argc, char **argv)
{
	struct sock_filter f[8];
	struct sock_fprog prog;
	int nnp, n = 0;
	long e, r;

	if (argc < 4 || (strcmp(argv[1], "seccomp") && strcmp(argv[1], "nnp"))) {
		at_write(2, "usage: outer seccomp|nnp ERRNO PROGRAM [ARG...]\n");
		return 2;
	}
	nnp = !strcmp(argv[1], "nnp");
	e = errno_of(argv[2]);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	if (nnp) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 3);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						      offsetof(struct seccomp_data, args[0]));
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
						      PR_SET_NO_NEW_PRIVS, 0, 1);
	} else {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 0, 1);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ERRNO | ((uint32_t)e & SECCOMP_RET_DATA));
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	prog.filter = f;
	/* The outer filter needs no_new_privs itself (or CAP_SYS_ADMIN). */
	r = at_sys6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	if (!r)
		r = at_sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
	if (r) {
		at_result_raw("outer: install", r);
		return 2;
	}
	execvp(argv[3], argv + 3);
	at_write(2, "outer: cannot exec\n");
	return 127;
}
