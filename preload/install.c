#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "fmt.h"
#include "install.h"
#include "rawsys.h"

#define FLAGS (SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW)

static int fail(char *why, size_t size, const char *what, long r)
{
	struct sf_buf b;

	sf_buf_init(&b, why, size);
	sf_buf_str(&b, what);
	if (r) {
		sf_buf_str(&b, r < 0 ? " (errno " : " (returned ");
		sf_buf_s64(&b, r < 0 ? -r : r);
		sf_buf_str(&b, ")");
	}
	return -1;
}

int sf_seccomp_mode(void)
{
	return (int)sf_raw_prctl(PR_GET_SECCOMP, 0);
}

int sf_no_new_privs(void)
{
	return (int)sf_raw_prctl(PR_GET_NO_NEW_PRIVS, 0);
}

int sf_seccomp_filter_count(void)
{
	return sf_self_status_number("\nSeccomp_filters:");
}

int sf_self_status_number(const char *field)
{
	size_t flen = sf_strlen(field);
	char buf[4096];
	long fd, n, got = 0;
	int count = -1;

	fd = sf_raw_openat_ro("/proc/self/status");
	if (fd < 0)
		return -1;
	while (got < (long)sizeof buf - 1 &&
	       (n = sf_raw_read((int)fd, buf + got, sizeof buf - 1 - (size_t)got)) > 0)
		got += n;
	sf_raw_close((int)fd);
	buf[got < 0 ? 0 : got] = 0;
	for (long i = 0; i + (long)flen <= got; i++) {
		const char *p = sf_skip_prefix(buf + i, field);

		if (!p)
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (count = 0; *p >= '0' && *p <= '9' && count < 100000; p++)
			count = count * 10 + (*p - '0');
		return count;
	}
	return -1;
}

/* Whether prog lets a call through, as the emulator runs it. */
static int lets_through(const struct sf_prog *prog, long nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data sd = {0};
	uint32_t ret;

	sd.nr = (int)nr;
	sd.arch = sf_arch_info(sf_arch_native())->audit_arch;
	sd.args[0] = a0;
	sd.args[1] = a1;
	ret = sf_bpf_run(prog, &sd, NULL) & SECCOMP_RET_ACTION_FULL;
	return ret == SECCOMP_RET_ALLOW || ret == SECCOMP_RET_LOG;
}

static long install_one(const struct sf_prog *prog)
{
	struct sock_fprog fprog;
	long r;

	fprog.len = (unsigned short)prog->len;
	fprog.filter = prog->insns;
	r = sf_raw_seccomp(SECCOMP_SET_MODE_FILTER, FLAGS, &fprog);
	if (r == -EINVAL)
		r = sf_raw_seccomp(SECCOMP_SET_MODE_FILTER, FLAGS & ~SECCOMP_FILTER_FLAG_SPEC_ALLOW,
				   &fprog);
	return r;
}

int sf_install_stack(const struct sf_prog *progs, size_t n, char *why, size_t size)
{
	int check = 1;
	long r;

	for (size_t i = 0; i < n; i++) {
		if (!progs[i].len || progs[i].len > SF_BPF_MAX_INSNS)
			return fail(why, size, "cannot install an empty or oversized filter", 0);
		if (i + 1 < n &&
		    (!lets_through(&progs[i], SYS_seccomp, SECCOMP_SET_MODE_FILTER, FLAGS) ||
		     !lets_through(&progs[i], SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				   SECCOMP_FILTER_FLAG_TSYNC)))
			return fail(why, size,
				    "a policy that denies seccomp() must come last: the "
				    "policies after it could not be installed",
				    0);
		check = check && lets_through(&progs[i], SYS_prctl, PR_GET_SECCOMP, 0);
	}
	r = sf_raw6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	if (r)
		return fail(why, size, "cannot set no_new_privs", r);
	r = sf_no_new_privs();
	if (r != 1)
		return fail(why, size, "no_new_privs did not stick", r);
	for (size_t i = 0; i < n; i++) {
		r = install_one(&progs[i]);
		/* With TSYNC a positive value is the id of a thread that could
		 * not be synchronised, and nothing was installed. */
		if (r > 0)
			return fail(why, size, "cannot install the filter on every thread", r);
		if (r)
			return fail(why, size, "the kernel refused the filter", r);
	}
	if (check && sf_seccomp_mode() != 2)
		sf_die("the kernel accepted a filter but does not report filter mode");
	return 0;
}
