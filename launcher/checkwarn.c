/* sf-run --check: what a policy allows that it may not mean to. The stack
 * compiled, so these are warnings (stderr, exit 0), about what seccomp
 * cannot see or what the C library does behind the program's back. */
#include <stdio.h>
#include <string.h>

#include "calltest.h"
#include "launcher.h"

/* Calls io_uring makes inside the kernel for a submitted request, where no
 * filter sees them (IORING_OP_OPENAT, _READ, _CONNECT, ...). */
static const char *const io_uring_calls[] = {
    "openat",	       "openat2",   "read",	 "write",     "pread64",   "pwrite64",	"readv",
    "writev",	       "preadv",    "pwritev",	 "close",     "statx",	   "fsync",	"fdatasync",
    "sync_file_range", "fallocate", "fadvise64", "madvise",   "socket",	   "connect",	"accept",
    "accept4",	       "bind",	    "listen",	 "shutdown",  "sendmsg",   "recvmsg",	"sendto",
    "recvfrom",	       "epoll_ctl", "splice",	 "tee",	      "renameat2", "unlinkat",	"mkdirat",
    "symlinkat",       "linkat",    "setxattr",	 "fsetxattr", "getxattr",  "fgetxattr", "ftruncate",
    "waitid",	       "futex",
};

static const char *name_of(const struct sf_stack *s)
{
	return s->n && s->pol[0].nfiles ? s->pol[0].files[0] : "policy";
}

/* What the stack answers to nr with every argument 0 (action and data). */
static uint32_t answer(const struct sf_stack *s, const struct sf_syscall *sc)
{
	struct seccomp_data sd;

	memset(&sd, 0, sizeof sd);
	sd.nr = sc->nr;
	sd.arch = sf_arch_info(s->arch)->audit_arch;
	return sf_stack_run(s->prog, s->n, &sd);
}

static int runs(uint32_t ret)
{
	ret &= SECCOMP_RET_ACTION_FULL;
	return ret == SECCOMP_RET_ALLOW || ret == SECCOMP_RET_LOG;
}

/* Allowed by every filter whatever the arguments. */
static int always_allowed(const struct sf_stack *s, const struct sf_syscall *sc)
{
	uint32_t audit = sf_arch_info(s->arch)->audit_arch;

	for (size_t i = 0; i < s->n; i++)
		if (!sf_bpf_const_allow(&s->prog[i], audit, (uint32_t)sc->nr))
			return 0;
	return 1;
}

static void warn_io_uring(const struct sf_stack *s)
{
	const struct sf_syscall_table *t = sf_arch_info(s->arch)->table;
	const struct sf_syscall *enter = sf_syscall_by_name(t, "io_uring_enter");
	char list[1024];
	const struct sf_syscall *setup = sf_syscall_by_name(t, "io_uring_setup");
	size_t len = 0, n = 0;

	/* With IORING_SETUP_SQPOLL a kernel thread polls the ring: requests
	 * run without any io_uring_enter, so allowing setup is enough. */
	if (setup && runs(answer(s, setup)) && !(enter && runs(answer(s, enter))))
		fprintf(stderr,
			"sf: warning: %s allows io_uring_setup: a ring set up with "
			"IORING_SETUP_SQPOLL runs its requests without io_uring_enter, inside the "
			"kernel, where seccomp does not see them (docs/limits.md)\n",
			name_of(s));
	/* A ring set up elsewhere (inherited) is driven by io_uring_enter. */
	if (!enter || !runs(answer(s, enter)))
		return;
	list[0] = 0;
	for (size_t i = 0; i < sizeof io_uring_calls / sizeof io_uring_calls[0]; i++) {
		const struct sf_syscall *sc = sf_syscall_by_name(t, io_uring_calls[i]);

		if (!sc || always_allowed(s, sc))
			continue;
		n++;
		if (len < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
						len ? ", " : "", sc->name);
	}
	if (n)
		fprintf(stderr,
			"sf: warning: %s allows io_uring_enter, and io_uring makes its requests' "
			"calls inside the kernel, where seccomp does not see them: it can do what "
			"these rules deny or restrict: %s\n",
			name_of(s), list);
}

/* glibc's pthread_create tries clone3 first and falls back to clone only
 * when clone3 fails with ENOSYS. */
static void warn_clone3(const struct sf_stack *s)
{
	const struct sf_syscall_table *t = sf_arch_info(s->arch)->table;
	const struct sf_syscall *clone3 = sf_syscall_by_name(t, "clone3");
	const struct sf_syscall *clone = sf_syscall_by_name(t, "clone");
	uint32_t c3;

	if (!clone3 || !clone || !runs(answer(s, clone)))
		return;
	c3 = answer(s, clone3);
	if (runs(c3) || c3 == (SECCOMP_RET_ERRNO | 38 /* ENOSYS */))
		return;
	fprintf(stderr,
		"sf: warning: %s allows clone but denies clone3 other than with errno ENOSYS: "
		"glibc's pthread_create falls back to clone only on ENOSYS "
		"(write 'clone3: errno ENOSYS')\n",
		name_of(s));
}

/* The arguments a rule compares (a bit per index) and how far down. */
static unsigned args_of(const struct sf_policy *p, int node)
{
	const struct sf_node *n = &p->nodes[node];
	unsigned m = 0;

	while (n->kind == SF_NODE_OR || n->kind == SF_NODE_AND) {
		m |= args_of(p, n->right);
		n = &p->nodes[n->left];
	}
	if (n->kind == SF_NODE_NOT)
		return m | args_of(p, n->left);
	return m | 1u << n->arg;
}

/* Rules on arguments compared both as 64 bits and as their low 32 (the
 * audit is not sure how the kernel reads them), and on syscalls whose
 * kernel names are arg2.. for other indexes (prctl). */
static void note_args(const struct sf_stack *s)
{
	const struct sf_syscall_table *t = sf_arch_info(s->arch)->table;

	for (size_t k = 0; k < s->n; k++) {
		const struct sf_policy *p = &s->pol[k];

		for (size_t r = 0; r < p->nrules; r++) {
			const struct sf_rule *rule = &p->rules[r];
			const struct sf_syscall *sc = sf_syscall_by_nr(t, rule->nr);
			const char *file = p->nfiles ? p->files[rule->file] : "policy";
			unsigned used;

			if (rule->expr < 0 || !sc)
				continue;
			used = args_of(p, rule->expr);
			for (int i = 0; i < sc->nargs; i++) {
				const char *name = sc->args[i].name;

				if ((used & 1u << i) && (sc->args[i].flags & SF_ARGF_DUAL))
					fprintf(
					    stderr,
					    "sf: note: %s:%d: %s's %s is compared both as 64 bits "
					    "and as its low 32 bits (as its C type reads them): "
					    "how "
					    "the kernel reads it depends on the call, so the rule "
					    "allows only what holds for both\n",
					    file, rule->line, sc->name, name);
				if ((used & 1u << i) && strncmp(name, "arg", 3) == 0 &&
				    name[3] >= '0' && name[3] <= '9' && name[3] != (char)('0' + i))
					fprintf(
					    stderr,
					    "sf: note: %s:%d: %s names its argument %d '%s', as "
					    "the "
					    "kernel does: '%s' in a rule means that argument, not "
					    "the positional one\n",
					    file, rule->line, sc->name, i, name, name);
			}
		}
	}
}

/* What the parser found valid but likely not meant ('fd == 1 | 2'). */
static void warn_notes(const struct sf_stack *s)
{
	for (size_t k = 0; k < s->n; k++)
		for (size_t i = 0; i < s->pol[k].nnotes; i++)
			fprintf(stderr, "sf: warning: %s\n", s->pol[k].notes[i].text);
}

void sf_check_warnings(const struct sf_stack *s)
{
	warn_notes(s);
	note_args(s);
	warn_io_uring(s);
	warn_clone3(s);
	sf_check_landlock_warnings(s);
}
