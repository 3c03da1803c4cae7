/* The modes that compile and stop: --check, --dump, --emit-bpf, --test. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "calltest.h"
#include "launcher.h"
#include "report.h"

static const char *name_of(const struct sf_policy *p)
{
	return p->nfiles ? p->files[0] : "policy";
}

static const char *file_of(const struct sf_policy *p, int file)
{
	return file >= 0 && (size_t)file < p->nfiles ? p->files[file] : name_of(p);
}

/* What sf writes for another enforcer (bwrap --seccomp, a container
 * engine) holds syscall rules only: written from a policy with path,
 * port or scope rules it would drop them without a word, and the program
 * would reach every file the policy keeps from it. */
void sf_refuse_landlock(const struct sf_stack *s, const char *what)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct sf_policy *p = &s->pol[i];
		const struct sf_landlock *l = &p->landlock;

		if (!sf_landlock_any(l))
			continue;
		if (l->npaths)
			sf_fatal(
			    "%s:%d:%d: error: %s cannot hold path rules (they are Landlock's); "
			    "write it from a policy without them",
			    file_of(p, l->paths[0].file), l->paths[0].line, l->paths[0].col, what);
		if (l->nports)
			sf_fatal("%s:%d: error: %s cannot hold port rules (they are Landlock's); "
				 "write it from a policy without them",
				 file_of(p, l->ports[0].file), l->ports[0].line, what);
		sf_fatal("%s: error: %s cannot hold scope rules (they are Landlock's); write it "
			 "from a policy without them",
			 name_of(p), what);
	}
}

int sf_mode_check(const struct sf_stack *s)
{
	/* The stack was compiled and validated before we got here. */
	sf_check_warnings(s);
	/* One meaning everywhere: what a policy does not name is killed,
	 * unless it says otherwise; said aloud where it does not. */
	for (size_t i = 0; i < s->n; i++)
		if (!s->pol[i].default_set)
			printf("%s names no default: a call it has no rule for is killed (as with "
			       "'default: kill-process')\n",
			       name_of(&s->pol[i]));
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}

int sf_mode_dump(const struct sf_stack *s)
{
	const struct sf_arch_info *ai = sf_arch_info(s->arch);

	for (size_t i = 0; i < s->n; i++) {
		struct sf_bpf_stats st;
		const struct sf_syscall *worst;

		sf_bpf_stats(&s->prog[i], s->arch, &st);
		worst = sf_syscall_by_nr(ai->table, (int)st.worst_nr);
		printf("# policy %zu: %s (%s)\n", i, name_of(&s->pol[i]), ai->name);
		sf_bpf_disasm(stdout, &s->prog[i], s->arch);
		printf("# %zu instructions; executed: worst %zu (%s), mean %.1f over %zu "
		       "syscalls; the kernel's cache skips the filter for %zu of %zu allowed\n",
		       st.insns, st.worst, worst ? worst->name : "?", st.mean, ai->table->count,
		       st.cache_allow, st.allow_total);
	}
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}

/* Whether a policy answers some call with kind. */
static int uses(const struct sf_policy *p, enum sf_action_kind kind)
{
	if (p->default_action.kind == kind || (p->unknown_set && p->unknown_action.kind == kind))
		return 1;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].on_true.kind == kind || p->rules[i].on_false.kind == kind)
			return 1;
	return 0;
}

int sf_mode_emit(const struct sf_stack *s, const char *out)
{
	FILE *f;
	int r = 0;

	if (s->n != 1)
		sf_fatal("--emit-bpf writes one filter: give exactly one policy (%zu given)", s->n);
	sf_refuse_landlock(s, "a seccomp filter");
	/* Outside sf-run nothing reports or answers for the filter. */
	if (uses(&s->pol[0], SF_ACT_TRAP))
		fprintf(stderr,
			"sf: warning: %s answers with trap: outside sf-run a program "
			"without a SIGSYS handler of its own dies with no report\n",
			name_of(&s->pol[0]));
	if (uses(&s->pol[0], SF_ACT_USER_NOTIF))
		fprintf(stderr,
			"sf: warning: %s answers with user-notify: outside sf-run it needs "
			"a supervisor that holds the listener, or the call fails (ENOSYS)\n",
			name_of(&s->pol[0]));
	f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	if (!f)
		sf_fatal("%s: %s", out, strerror(errno));
	for (size_t i = 0; i < s->prog[0].len; i++) {
		const struct sock_filter *ins = &s->prog[0].insns[i];
		unsigned char b[8] = {(unsigned char)ins->code,
				      (unsigned char)(ins->code >> 8),
				      ins->jt,
				      ins->jf,
				      (unsigned char)ins->k,
				      (unsigned char)(ins->k >> 8),
				      (unsigned char)(ins->k >> 16),
				      (unsigned char)(ins->k >> 24)};

		if (fwrite(b, 1, sizeof b, f) != sizeof b)
			r = -1;
	}
	if ((f == stdout ? fflush(f) : fclose(f)) || r)
		sf_fatal("%s: write failed: %s", out, strerror(errno));
	return 0;
}

/* "  # by FILE:LINE (ACTION)" for a kill-class answer: the rule that
 * decided, as a report names it. */
static const char *decided_by(const struct sf_stack *s, const struct seccomp_data *sd, uint32_t ret,
			      char *buf, size_t size)
{
	struct sf_report_src src = sf_report_src_of(s, NULL, NULL);
	char by[200];
	uint64_t args[6];

	ret &= SECCOMP_RET_ACTION_FULL;
	if (ret != SECCOMP_RET_KILL_PROCESS && ret != SECCOMP_RET_KILL_THREAD &&
	    ret != SECCOMP_RET_TRAP)
		return "";
	for (int i = 0; i < 6; i++)
		args[i] = sd->args[i];
	sf_report_by(by, sizeof by, &src, sd->nr, sd->arch, args);
	if (!by[0])
		return "";
	snprintf(buf, size, "  # %s", by);
	return buf;
}

int sf_mode_test(const struct sf_stack *s, const char *call)
{
	struct seccomp_data sd;
	char why[256], action[64];
	uint32_t ret;

	if (sf_is_path_test(call))
		return sf_mode_test_path(s, call);
	if (sf_call_parse(call, s->arch, &sd, why, sizeof why))
		sf_fatal("--test: %s", why);
	ret = sf_stack_run(s->prog, s->n, &sd);
	sf_ret_format(ret, action, sizeof action);
	printf("%s%s\n", action, decided_by(s, &sd, ret, why, sizeof why));
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}
