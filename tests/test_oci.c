/* sf's reading of container profiles against libseccomp's: each profile of
 * tests/oci/ is built by tests/oci/libseccomp-oci.py through python3-seccomp
 * (libseccomp's own bindings) the way Docker and runc build it, and read by
 * sf; both programs run in sf's emulator on every syscall number of x86_64
 * with boundary and random arguments, at least 10^5 inputs a profile, and
 * must return the same value (action and data) on each. sf's reference
 * interpreter (sf_policy_eval) must agree too. Where the two filters mean
 * different things by design (calls of other architectures and x32, which
 * sf's filter kills) sf must kill. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>

#include "compile.h"
#include "eval.h"
#include "oci.h"
#include "parse.h"
#include "test.h"

#define MIN_VECTORS 100000

static const char *python;
static char dir[64];

/* The python that imports seccomp: Debian's, or the first on PATH. */
static const char *find_python(void)
{
	static const char *const cands[] = {"/usr/bin/python3", "python3"};
	char cmd[128];

	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s -c 'import seccomp' >/dev/null 2>&1", cands[i]);
		if (system(cmd) == 0)
			return cands[i];
	}
	return NULL;
}

static int load_bpf(const char *path, struct sf_prog *prog)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	prog->len = (size_t)n / sizeof(struct sock_filter);
	prog->insns = malloc((size_t)n + 1);
	if (!prog->insns || fread(prog->insns, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Argument values near what the policy compares with, and at the edges
 * of each half. */
static size_t value_pool(const struct sf_policy *p, uint64_t *pool, size_t cap)
{
	static const uint64_t edges[] = {0,
					 1,
					 2,
					 3,
					 0x7fffffff,
					 0x80000000,
					 0xffffffff,
					 0x100000000ull,
					 0x100000001ull,
					 0x7fffffffffffffffull,
					 0x8000000000000000ull,
					 0xffffffff00000000ull,
					 0xfffffffffffffffeull,
					 0xffffffffffffffffull};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		pool[n++] = edges[i];
	for (size_t i = 0; i < p->nnodes && n + 12 <= cap; i++) {
		const struct sf_node *d = &p->nodes[i];
		uint64_t v = d->value, m = d->mask;
		if (d->kind != SF_NODE_CMP)
			continue;
		pool[n++] = v;
		pool[n++] = v + 1;
		pool[n++] = v - 1;
		pool[n++] = v | ~m;
		pool[n++] = (v | ~m) + 1;
		pool[n++] = m;
		pool[n++] = ~m;
		pool[n++] = v ^ 0x100000000ull;
		pool[n++] = v ^ 0x80000000ull;
		pool[n++] = v & 0xffffffff;
		pool[n++] = v | 0xffffffff00000000ull;
		pool[n++] = (v & 0xffffffff) + 1;
	}
	return n;
}

static void compare(const char *profile, const char *caps)
{
	const struct sf_arch_info *ai = sf_arch_info(SF_ARCH_X86_64);
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 0};
	char cmd[512], bpf[128], why[200];
	struct sf_prog ours = {0}, theirs = {0};
	struct sf_policy p;
	struct sf_error err;
	struct seccomp_data sd;
	uint64_t pool[4096];
	size_t npool, vectors = 0, differ = 0, per_nr, killed_other = 0, other = 0;
	uint32_t nr_end = 0;

	snprintf(bpf, sizeof(bpf), "%s/out.bpf", dir);
	snprintf(cmd, sizeof(cmd), "%s tests/oci/libseccomp-oci.py tests/oci/%s %s %s%s%s", python,
		 profile, bpf, caps ? "'" : "", caps ? caps : "", caps ? "'" : "");
	CHECKF(system(cmd) == 0, "%s", cmd);
	CHECKF(load_bpf(bpf, &theirs) == 0 && sf_bpf_validate(&theirs, why, sizeof(why)) == 0,
	       "%s: libseccomp's program", profile);

	sf_oci_set_caps(caps);
	sf_policy_init(&p, SF_ARCH_X86_64);
	snprintf(cmd, sizeof(cmd), "tests/oci/%s", profile);
	CHECKF(sf_parse_file(&p, cmd, &err) == 0 && sf_parse_finish(&p, &err) == 0, "%s", err.msg);
	CHECKF(sf_compile(&p, &opts, &ours, &err) == 0, "%s", err.msg);
	sf_oci_set_caps(NULL);
	if (!theirs.insns || !ours.insns)
		goto out;

	npool = value_pool(&p, pool, sizeof(pool) / sizeof(pool[0]));
	for (size_t i = 0; i < ai->table->count; i++)
		if ((uint32_t)ai->table->calls[i].nr >= nr_end)
			nr_end = (uint32_t)ai->table->calls[i].nr + 1;
	nr_end += 16; /* and some numbers past the table */
	per_nr = MIN_VECTORS / nr_end + 1;
	memset(&sd, 0, sizeof(sd));
	sd.arch = ai->audit_arch;
	for (uint32_t nr = 0; nr < nr_end; nr++) {
		sd.nr = (int)nr;
		for (size_t k = 0; k < per_nr; k++) {
			uint32_t a, b, c;
			for (int i = 0; i < 6; i++)
				sd.args[i] =
				    next_random() % 4 ? pool[next_random() % npool] : next_random();
			a = sf_bpf_run(&ours, &sd, NULL);
			b = sf_bpf_run(&theirs, &sd, NULL);
			c = sf_policy_eval(&p, &opts, &sd);
			vectors++;
			if (a != b || a != c) {
				if (differ++ < 5)
					fprintf(
					    stderr,
					    "%s: nr %u args %llx %llx %llx %llx %llx %llx: sf %#x, "
					    "interpreter %#x, libseccomp %#x\n",
					    profile, nr, (unsigned long long)sd.args[0],
					    (unsigned long long)sd.args[1],
					    (unsigned long long)sd.args[2],
					    (unsigned long long)sd.args[3],
					    (unsigned long long)sd.args[4],
					    (unsigned long long)sd.args[5], a, c, b);
			}
		}
	}
	/* x32 numbers and other architectures: sf's filter kills them. */
	for (uint32_t k = 0; k < 2000; k++) {
		sd.arch = k & 1 ? AUDIT_ARCH_I386 : ai->audit_arch;
		sd.nr = (int)(k & 1 ? k / 2 : 0x40000000u + k / 2);
		other++;
		killed_other += sf_bpf_run(&ours, &sd, NULL) == SECCOMP_RET_KILL_PROCESS;
	}
	printf("test_oci: %s%s%s: %zu inputs, %zu differ; %zu of %zu other-ABI calls killed\n",
	       profile, caps ? " caps " : "", caps ? caps : "", vectors, differ, killed_other,
	       other);
	CHECKF(vectors >= MIN_VECTORS && differ == 0, "%s: %zu of %zu differ", profile, differ,
	       vectors);
	CHECK(killed_other == other);
out:
	sf_prog_free(&ours);
	free(theirs.insns);
	sf_policy_free(&p);
}

/* Calls every-op.json decides in each way, on descriptors that are not
 * open, so that a call the filter lets through fails with EBADF (or
 * EINVAL) and one it denies with the profile's errno. */
static const struct kcall {
	long nr;
	uint64_t a[3];
} kcalls[] = {
    {SYS_read, {3, 0, 0}},		/* fd != 3: denied, ENOSYS */
    {SYS_read, {0x100000003ull, 0, 0}}, /* on 64 bits it is not 3: EBADF */
    {SYS_read, {5, 0, 0}},
    {SYS_write, {(uint64_t)-1, 0, 4095}},
    {SYS_write, {(uint64_t)-1, 0, 4096}},
    {SYS_write, {(uint64_t)-1, 0, 0x100000000ull}},
    {SYS_close, {5, 0, 0}},
    {SYS_close, {0x100000005ull, 0, 0}},  /* == 0x100000000? no: denied */
    {SYS_munmap, {0x100000000ull, 0, 0}}, /* > 0xffffffff: EINVAL (length 0) */
    {SYS_munmap, {0x1000, 0, 0}},
    {SYS_mprotect, {0, 0, 2}}, /* (prot & 6) == 2: 0 */
    {SYS_mprotect, {0, 0, 6}},
    {SYS_ioctl, {(uint64_t)-1, 21505, 0}}, /* errno 25 */
    {SYS_ioctl, {(uint64_t)-1, 1, 0}},
    {SYS_sched_yield, {0, 0, 0}}, /* EPERM */
};

#define NKCALLS (sizeof(kcalls) / sizeof(kcalls[0]))

/* Runs kcalls in a child under prog; results[i] is -errno or the value. */
static int run_in_kernel(const struct sf_prog *prog, long results[NKCALLS])
{
	struct sock_fprog fp = {(unsigned short)prog->len, prog->insns};
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		long r[NKCALLS];
		close(fds[0]);
		for (int fd = 3; fd < 64; fd++)
			if (fd != fds[1])
				close(fd);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp))
			_exit(1);
		for (size_t i = 0; i < NKCALLS; i++) {
			r[i] =
			    syscall(kcalls[i].nr, kcalls[i].a[0], kcalls[i].a[1], kcalls[i].a[2]);
			if (r[i] < 0)
				r[i] = -errno;
		}
		/* write is allowed for fds[1] (count < 4096); exit_group gets the
		 * profile's errno, but kill is kill-process: the way out */
		if (write(fds[1], r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		syscall(SYS_kill, 0, 0);
		_exit(0);
	}
	close(fds[1]);
	if (pid < 0 ||
	    read(fds[0], results, sizeof(long) * NKCALLS) != (ssize_t)(sizeof(long) * NKCALLS)) {
		close(fds[0]);
		if (pid > 0)
			waitpid(pid, &status, 0);
		return -1;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	return 0;
}

/* every-op.json in the kernel: libseccomp's program and sf's answer each
 * call alike, as the emulator said. */
static void kernel_compare(void)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 0};
	long theirs_r[NKCALLS], ours_r[NKCALLS];
	struct sf_prog ours = {0}, theirs = {0};
	char cmd[512], bpf[128];
	struct sf_policy p;
	struct sf_error err;

	snprintf(bpf, sizeof(bpf), "%s/kernel.bpf", dir);
	snprintf(cmd, sizeof(cmd), "%s tests/oci/libseccomp-oci.py tests/oci/every-op.json %s",
		 python, bpf);
	CHECKF(system(cmd) == 0 && load_bpf(bpf, &theirs) == 0, "%s", cmd);
	unlink(bpf);
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECKF(sf_parse_file(&p, "tests/oci/every-op.json", &err) == 0 &&
		   sf_parse_finish(&p, &err) == 0 && sf_compile(&p, &opts, &ours, &err) == 0,
	       "%s", err.msg);
	if (theirs.insns && ours.insns) {
		CHECK(run_in_kernel(&theirs, theirs_r) == 0);
		CHECK(run_in_kernel(&ours, ours_r) == 0);
		for (size_t i = 0; i < NKCALLS; i++)
			CHECKF(theirs_r[i] == ours_r[i], "call %zu: libseccomp %ld, sf %ld", i,
			       theirs_r[i], ours_r[i]);
		/* and what the profile says, so that a filter denying all fails */
		CHECK(ours_r[0] == -ENOSYS && ours_r[1] == -EBADF && ours_r[4] == -ENOSYS &&
		      ours_r[5] == -ENOSYS && ours_r[8] == -EINVAL && ours_r[10] == 0 &&
		      ours_r[12] == -ENOTTY && ours_r[14] == -EPERM);
		printf("test_oci: every-op.json in the kernel: %zu calls answered alike\n",
		       NKCALLS);
	}
	sf_prog_free(&ours);
	free(theirs.insns);
	sf_policy_free(&p);
}

int main(void)
{
	python = find_python();
	CHECKF(python != NULL, "no python3 with python3-seccomp (tests/deps.sh installs it)");
	if (!python)
		return test_report("test_oci");
	snprintf(dir, sizeof(dir), "/tmp/sf-test-oci-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	compare("every-op.json", NULL);
	compare("masked.json", NULL);
	compare("multi-entry.json", NULL);
	compare("repeated-args.json", NULL);
	compare("docker-like.json", NULL);
	compare("docker-like.json", "CAP_SYS_ADMIN,CAP_SYS_PTRACE,CAP_SYS_TIME,CAP_BPF");
	compare("docker-like.json", "");
	kernel_compare();
	{
		char path[128];
		snprintf(path, sizeof(path), "%s/out.bpf", dir);
		unlink(path);
		rmdir(dir);
	}
	return test_report("test_oci");
}
