/* What learn mode saw: a count per syscall number, and for the few calls
 * whose arguments get a condition, whether every call fitted it. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "eval.h"
#include "launcher.h"
#include "learn.h"
#include "learn_int.h"
#include "loader.h"

static const struct sf_learn_watch watches[] = {
    {"socket", "family", SF_LEARN_VALUES, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
    {"socketpair", "family", SF_LEARN_VALUES, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
    /* Which requests a program makes often depends on whether its
     * output is a terminal: others fail as on a file that is not one. */
    {"ioctl", "cmd", SF_LEARN_VALUES, SF_DOM_NONE, "errno ENOTTY", 0, 0, 0, 0, {0}},
    {"prctl", "option", SF_LEARN_VALUES, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
    {"mmap", "prot", SF_LEARN_NOT_WX, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
    {"mprotect", "prot", SF_LEARN_NOT_WX, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
    {"pkey_mprotect", "prot", SF_LEARN_NOT_WX, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
    {"openat", "flags", SF_LEARN_READ_ONLY, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
    {"open", "flags", SF_LEARN_READ_ONLY, SF_DOM_NONE, NULL, 0, 0, 0, 0, {0}},
};

_Static_assert(sizeof watches / sizeof watches[0] <= SF_LEARN_NWATCH, "SF_LEARN_NWATCH");

void sf_learn_rec_init(struct sf_learn_rec *r, enum sf_arch arch)
{
	const struct sf_syscall *prctl;
	struct sf_error err;

	memset(r, 0, sizeof(*r));
	r->arch = arch;
	r->table = sf_arch_info(arch)->table;
	r->audit_arch = sf_arch_info(arch)->audit_arch;
	prctl = sf_syscall_by_name(r->table, "prctl");
	r->prctl_nr = prctl ? prctl->nr : -1;
	/* What the coarse filter adds to a policy: an empty one, widened. */
	sf_policy_init(&r->loader, arch);
	if (sf_policy_widen_for_loader(&r->loader, &err))
		sf_fatal("%s", err.msg);
	for (size_t i = 0; i < sizeof watches / sizeof watches[0]; i++) {
		struct sf_learn_watch *w = &r->watch[r->nwatch];
		const struct sf_syscall *sc = sf_syscall_by_name(r->table, watches[i].call);
		int a;

		if (!sc)
			continue;
		for (a = 0; a < sc->nargs && strcmp(sc->args[a].name, watches[i].arg); a++)
			;
		/* Values are kept as 32 bits: a 64-bit argument gets none. */
		if (a == sc->nargs ||
		    (watches[i].kind == SF_LEARN_VALUES && SF_ARGTYPE_IS_64(sc->args[a].type)))
			continue;
		*w = watches[i];
		w->domain = sf_const_domain(w->call, w->arg);
		w->nr = sc->nr;
		w->argi = a;
		r->nwatch++;
	}
}

void sf_learn_rec_free(struct sf_learn_rec *r)
{
	free(r->pids);
	r->pids = NULL;
	sf_policy_free(&r->loader);
}

static struct sf_learn_watch *watch_for(struct sf_learn_rec *r, int nr)
{
	for (size_t i = 0; i < r->nwatch; i++)
		if (r->watch[i].nr == nr)
			return &r->watch[i];
	return NULL;
}

const struct sf_learn_watch *sf_learn_rec_watch(const struct sf_learn_rec *r, int nr)
{
	return watch_for((struct sf_learn_rec *)r, nr);
}

static void add_value(struct sf_learn_watch *w, uint32_t v)
{
	size_t i = 0;

	while (i < w->nvals && w->vals[i] < v)
		i++;
	if (i < w->nvals && w->vals[i] == v)
		return;
	if (w->nvals == SF_LEARN_MAX_VALUES) {
		w->broken = 1;
		return;
	}
	memmove(&w->vals[i + 1], &w->vals[i], (w->nvals - i) * sizeof w->vals[0]);
	w->vals[i] = v;
	w->nvals++;
}

static void see(struct sf_learn_watch *w, uint64_t arg)
{
	switch (w->kind) {
	case SF_LEARN_VALUES:
		add_value(w, (uint32_t)arg);
		break;
	case SF_LEARN_NOT_WX:
		if ((arg & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC))
			w->broken = 1;
		break;
	case SF_LEARN_READ_ONLY:
		/* The kernel's O_ACCMODE, 3 (musl's also holds O_PATH), as
		 * the condition written says it. */
		if (((uint32_t)arg & (3 | O_CREAT | O_TRUNC)) != O_RDONLY)
			w->broken = 1;
		break;
	}
}

static size_t pid_slot(const struct sf_learn_rec *r, pid_t pid)
{
	size_t i = ((size_t)pid * 2654435761u) & (r->pids_cap - 1);

	while (r->pids[i] && r->pids[i] != pid)
		i = (i + 1) & (r->pids_cap - 1);
	return i;
}

static void add_pid(struct sf_learn_rec *r, pid_t pid)
{
	if (pid <= 0)
		return;
	if ((r->npids + 1) * 2 > r->pids_cap) {
		struct sf_learn_rec old = *r;
		size_t cap = r->pids_cap ? r->pids_cap * 2 : 64;

		r->pids = calloc(cap, sizeof(pid_t));
		if (!r->pids)
			sf_fatal("out of memory");
		r->pids_cap = cap;
		for (size_t i = 0; i < old.pids_cap; i++)
			if (old.pids[i])
				r->pids[pid_slot(r, old.pids[i])] = old.pids[i];
		free(old.pids);
	}
	size_t i = pid_slot(r, pid);

	if (!r->pids[i]) {
		r->pids[i] = pid;
		r->npids++;
	}
}

static int is_mark(const struct sf_learn_rec *r, const struct seccomp_data *d)
{
	return d->arch == r->audit_arch && d->nr == r->prctl_nr && d->args[0] == PR_GET_SECCOMP &&
	       d->args[1] == SF_LEARN_MARK_A && d->args[2] == SF_LEARN_MARK_B &&
	       d->args[3] == SF_LEARN_MARK_C;
}

static int loader_allows(const struct sf_learn_rec *r, const struct seccomp_data *d)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};

	return sf_policy_eval(&r->loader, &opts, d) == SECCOMP_RET_ALLOW;
}

int sf_learn_rec_add(struct sf_learn_rec *r, pid_t pid, const struct seccomp_data *d)
{
	struct sf_learn_watch *w;

	if (is_mark(r, d)) {
		if (pid == r->top)
			r->main_seen = 1;
		return 0;
	}
	r->total++;
	add_pid(r, pid);
	/* Threads the program's libraries start before main are counted in
	 * full: their tids are not the program's pid. */
	if (pid == r->top && !r->main_seen && loader_allows(r, d)) {
		r->premain++;
		return 0;
	}
	/* Another arch's calls (int $0x80 on x86_64) and x32 numbers are
	 * killed by every sf filter: counted for the header only. */
	if (d->arch != r->audit_arch) {
		r->foreign++;
		return 0;
	}
	if (r->arch == SF_ARCH_X86_64 && (d->nr & 0x40000000)) {
		r->x32++;
		return 0;
	}
	if (d->nr < 0 || d->nr >= SF_LEARN_NR_LIMIT) {
		r->beyond++;
		return 0;
	}
	r->count[d->nr]++;
	w = watch_for(r, d->nr);
	if (w)
		see(w, d->args[w->argi]);
	return 1;
}

int sf_learn_rec_any_exec(const struct sf_learn_rec *r, uint64_t skip)
{
	static const char *const execs[] = {"execve", "execveat"};
	uint64_t n = 0;

	for (size_t i = 0; i < 2; i++) {
		const struct sf_syscall *sc = sf_syscall_by_name(r->table, execs[i]);

		if (sc && sc->nr < SF_LEARN_NR_LIMIT)
			n += r->count[sc->nr];
	}
	return n > skip;
}

/* In a nested exec under the learned policy, the new image's shim reads
 * the policy files (malloc: brk or mmap, and glibc's first malloc calls
 * getrandom), checks the filter in force and installs its SIGSYS handler,
 * where learn mode's shim does nothing: these are its calls. Its fstat is
 * left out: it is the one (newfstatat for glibc, fstat for musl) that the
 * same image's loader made, recorded, on every library it opened, libsf.so
 * among them. prctl options are added as values. */
static const char *const shim_calls[] = {
    "openat", "read", "close", "brk", "mmap", "munmap", "getrandom", "rt_sigaction", "prctl", NULL,
};

void sf_learn_rec_add_shim(struct sf_learn_rec *r)
{
	const struct sf_syscall *prctl = sf_syscall_by_name(r->table, "prctl");
	struct sf_learn_watch *w = prctl ? watch_for(r, prctl->nr) : NULL;

	for (const char *const *n = shim_calls; *n; n++) {
		const struct sf_syscall *sc = sf_syscall_by_name(r->table, *n);

		if (sc && sc->nr < SF_LEARN_NR_LIMIT)
			r->shim[sc->nr] = 1;
	}
	if (w) {
		add_value(w, PR_GET_SECCOMP);
		add_value(w, PR_GET_NO_NEW_PRIVS);
	}
}
