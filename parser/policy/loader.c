/* What exec and the dynamic loader (glibc's and musl's) call before the
 * shim installs the exact policy. sf-run's pre-exec filter allows these on
 * top of the policy, so that a shim that fails to load still leaves the
 * program confined to this union. */
#include <fcntl.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>

#include "eval.h"
#include "loader.h"

/* UNLESS_ERRNO: any arguments, but a policy that fails the call with an
 * errno keeps that answer. rseq is the one: glibc registers it for the
 * main thread in the loader and again in every new thread, and aborts the
 * program ("rseq registration failed") when a thread's fails after the
 * main thread's worked; an errno from the start makes it do without. */
enum condition { ANY_ARGS, READ_ONLY_FLAGS, STDERR_ONLY, UNLESS_ERRNO, NOT_WRITE_EXEC };

static const struct loader_call {
	const char *name;
	enum condition cond;
} loader_calls[] = {
    {"execve", ANY_ARGS},
    {"brk", ANY_ARGS},
    {"arch_prctl", ANY_ARGS},
    {"set_tid_address", ANY_ARGS},
    {"set_robust_list", ANY_ARGS},
    {"rseq", UNLESS_ERRNO},
    {"prlimit64", ANY_ARGS},
    {"getrandom", ANY_ARGS},
    {"mmap", NOT_WRITE_EXEC},
    {"mprotect", NOT_WRITE_EXEC},
    {"munmap", ANY_ARGS},
    {"openat", READ_ONLY_FLAGS},
    /* The shim's realloc of a big block while it reads a large policy. */
    {"mremap", ANY_ARGS},
    {"open", READ_ONLY_FLAGS},
    {"read", ANY_ARGS},
    {"pread64", ANY_ARGS},
    {"close", ANY_ARGS},
    {"fstat", ANY_ARGS},
    {"newfstatat", ANY_ARGS},
    {"stat", ANY_ARGS},
    {"statx", ANY_ARGS},
    {"access", ANY_ARGS},
    {"faccessat", ANY_ARGS},
    {"readlink", ANY_ARGS},
    {"lseek", ANY_ARGS},
    {"rt_sigaction", ANY_ARGS},
    {"rt_sigprocmask", ANY_ARGS},
    {"sigaltstack", ANY_ARGS},
    {"getpid", ANY_ARGS},
    {"gettid", ANY_ARGS},
    {"futex", ANY_ARGS},
    {"prctl", ANY_ARGS},
    {"seccomp", ANY_ARGS},
    {"exit_group", ANY_ARGS},
    {"write", STDERR_ONLY},
};

/* What a static program calls between execve and main (glibc and musl). */
static const char *const startup_calls[] = {
    "execve",	 "brk",	     "arch_prctl", "set_tid_address", "set_robust_list", "rseq",
    "prlimit64", "mprotect", "readlink",   "getrandom",	      "exit_group",
};

static int add_cmp(struct sf_policy *p, const struct sf_syscall *sc, const char *arg, uint64_t mask,
		   uint64_t value)
{
	struct sf_node n;
	int i;

	for (i = 0; i < sc->nargs; i++)
		if (strcmp(sc->args[i].name, arg) == 0)
			break;
	if (i == sc->nargs)
		return -1;
	memset(&n, 0, sizeof(n));
	n.kind = SF_NODE_CMP;
	n.op = SF_CMP_EQ;
	n.arg = (unsigned char)i;
	n.argtype = sc->args[i].type;
	n.mask = mask & (SF_ARGTYPE_IS_64(n.argtype) ? ~(uint64_t)0 : 0xffffffffu);
	n.value = value;
	n.left = n.right = -1;
	return sf_policy_add_node(p, &n);
}

static int either(struct sf_policy *p, int a, int b)
{
	struct sf_node n;

	if (a < 0 || b < 0)
		return -1;
	memset(&n, 0, sizeof(n));
	n.kind = SF_NODE_OR;
	n.left = a;
	n.right = b;
	return sf_policy_add_node(p, &n);
}

/* prot never both writable and executable: the loader maps code and
 * data apart, and a mapping that is both is what an attacker wants. */
static int not_write_exec(struct sf_policy *p, const struct sf_syscall *sc)
{
	const uint64_t wx = PROT_WRITE | PROT_EXEC;

	return either(p, add_cmp(p, sc, "prot", wx, 0),
		      either(p, add_cmp(p, sc, "prot", wx, PROT_WRITE),
			     add_cmp(p, sc, "prot", wx, PROT_EXEC)));
}

/* The condition under which the loader's use is allowed: a node, or -1 for
 * any arguments, or -2 on error. */
static int loader_condition(struct sf_policy *p, const struct sf_syscall *sc, enum condition c)
{
	int n;

	switch (c) {
	case READ_ONLY_FLAGS:
		n = add_cmp(p, sc, "flags", O_ACCMODE, O_RDONLY);
		break;
	case STDERR_ONLY:
		n = add_cmp(p, sc, "fd", ~(uint64_t)0, 2);
		break;
	case NOT_WRITE_EXEC:
		n = not_write_exec(p, sc);
		break;
	default:
		return -1;
	}
	return n < 0 ? -2 : n;
}

static int widen(struct sf_policy *p, int after_exec, struct sf_error *err);

int sf_policy_widen_for_loader(struct sf_policy *p, struct sf_error *err)
{
	return widen(p, 0, err);
}

int sf_policy_widen_after_exec(struct sf_policy *p, struct sf_error *err)
{
	return widen(p, 1, err);
}

static int widen(struct sf_policy *p, int after_exec, struct sf_error *err)
{
	const struct sf_syscall_table *table = sf_arch_info(p->arch)->table;
	struct sf_action allow = {SF_ACT_ALLOW, 0};
	size_t i;

	for (i = 0; i < sizeof(loader_calls) / sizeof(loader_calls[0]); i++) {
		const struct sf_syscall *sc = sf_syscall_by_name(table, loader_calls[i].name);
		struct sf_rule *rule, fresh;
		struct sf_node either;
		int cond;

		if (!sc || (after_exec && !strcmp(sc->name, "execve")))
			continue;
		rule = (struct sf_rule *)sf_policy_rule_for(p, sc->nr);
		if (loader_calls[i].cond == UNLESS_ERRNO &&
		    (rule ? rule->expr < 0 && rule->on_true.kind == SF_ACT_ERRNO
			  : sf_policy_norule_action(p, (uint32_t)sc->nr).kind == SF_ACT_ERRNO))
			continue;
		cond = loader_condition(p, sc, loader_calls[i].cond);
		if (cond == -2)
			goto oom;
		if (!rule) {
			/* Line 0: added by sf, not written in the policy. */
			memset(&fresh, 0, sizeof(fresh));
			fresh.nr = sc->nr;
			fresh.expr = cond;
			fresh.on_true = allow;
			fresh.on_false = p->default_action;
			if (sf_policy_add_rule(p, &fresh) < 0)
				goto oom;
			continue;
		}
		if (cond < 0) {
			rule->expr = -1;
			rule->on_true = rule->on_false = allow;
		} else if (rule->expr < 0) {
			if (rule->on_true.kind == SF_ACT_ALLOW)
				continue;
			rule->on_false = rule->on_true;
			rule->on_true = allow;
			rule->expr = cond;
		} else {
			memset(&either, 0, sizeof(either));
			either.kind = SF_NODE_OR;
			either.left = rule->expr;
			either.right = cond;
			rule->expr = sf_policy_add_node(p, &either);
			if (rule->expr < 0)
				goto oom;
		}
	}
	return 0;
oom:
	sf_error_set(err, "error: out of memory");
	return -1;
}

/* Landlock's calls only ever take access away: allowing them from exec to
 * the entry point lets sf-run make them there (close is the loader's). */
int sf_policy_widen_for_landlock(struct sf_policy *p, struct sf_error *err)
{
	static const char *const calls[] = {"landlock_create_ruleset", "landlock_restrict_self"};
	const struct sf_syscall_table *table = sf_arch_info(p->arch)->table;
	struct sf_action allow = {SF_ACT_ALLOW, 0};

	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		const struct sf_syscall *sc = sf_syscall_by_name(table, calls[i]);
		struct sf_rule *rule, fresh;

		if (!sc)
			continue;
		rule = (struct sf_rule *)sf_policy_rule_for(p, sc->nr);
		if (rule) {
			rule->expr = -1;
			rule->on_true = rule->on_false = allow;
			continue;
		}
		memset(&fresh, 0, sizeof(fresh));
		fresh.nr = sc->nr;
		fresh.expr = -1;
		fresh.on_true = fresh.on_false = allow;
		if (sf_policy_add_rule(p, &fresh) < 0) {
			sf_error_set(err, "error: out of memory");
			return -1;
		}
	}
	return 0;
}

int sf_policy_missing_startup(const struct sf_policy *p, char *buf, size_t size)
{
	const struct sf_arch_info *arch = sf_arch_info(p->arch);
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct seccomp_data sd;
	size_t i, n = 0;
	int missing = 0;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < sizeof(startup_calls) / sizeof(startup_calls[0]); i++) {
		const struct sf_syscall *sc = sf_syscall_by_name(arch->table, startup_calls[i]);
		if (!sc)
			continue;
		memset(&sd, 0, sizeof(sd));
		sd.nr = sc->nr;
		sd.arch = arch->audit_arch;
		if (sf_policy_eval(p, &opts, &sd) == SECCOMP_RET_ALLOW)
			continue;
		missing++;
		if (n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", sc->name);
	}
	return missing;
}
