#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "inject.h"
#include "landlock.h"
#include "landlock_stage.h"
#include "launcher.h"
#include "loaderpaths.h"
#include "pidfd.h"
#include "rawsys.h"

extern char **environ;

/* What exec and the dynamic loader open to start prog with sf-run's
 * environment (LD_PRELOAD holds the shim), as path rules: the files
 * loaderpaths.h finds through each loader's own search, read, and
 * executed where the kernel execs them (the program, a script's
 * interpreters, PT_INTERP). Exact files rather than the library
 * directories: the loader needs a handful of the thousands of files
 * beneath them. A program whose loader sf cannot follow stops here, as
 * every error does before exec. */
static int loader_paths(struct sf_landlock *w, const char *prog)
{
	struct sf_pathlist l = {0};
	char why[512];
	int r = 0;

	if (sf_loader_paths(prog, environ, &l, why, sizeof why))
		sf_fatal("%s", why);
	for (size_t i = 0; i < l.n && !r; i++)
		r = sf_landlock_add_path(
		    w, l.v[i].path, SF_LL_FS_READ_FILE | (l.v[i].execute ? SF_LL_FS_EXECUTE : 0), 0,
		    0, 0, 1);
	sf_pathlist_free(&l);
	return r;
}

void sf_ll_stage_plan(struct sf_ll_stage *st, const struct sf_stack *exact, const char *prog,
		      int strict, int cap)
{
	char why[512];
	int any = 0;

	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < SF_ID_MAX_POLICIES; i++)
		st->fds[i] = -1;
	if (!sf_stack_has_landlock(exact))
		return;
	st->exact = exact;
	st->strict = strict || sf_stack_landlock_strict(exact);
	st->abi = sf_ll_abi(cap);
	for (size_t i = 0; i < exact->n; i++) {
		const struct sf_landlock *l = &exact->pol[i].landlock;
		int *pfds;

		if (!sf_landlock_any(l))
			continue;
		if (sf_ll_negotiate(l, st->abi, st->strict, why, sizeof why))
			sf_fatal("%s: %s", exact->pol[i].nfiles ? exact->pol[i].files[0] : "policy",
				 why);
		if (!st->abi)
			continue;
		if (!(pfds = calloc(l->npaths + 1, sizeof *pfds)))
			sf_fatal("out of memory");
		if (sf_ll_open_paths(l, pfds, why, sizeof why) ||
		    sf_ll_ruleset(l, st->abi, pfds, &st->fds[i], why, sizeof why))
			sf_fatal("%s", why);
		sf_ll_close_paths(pfds, l->npaths);
		free(pfds);
		/* Files only: the loader needs no port, and scopes stay. */
		any |= st->fds[i] >= 0 && l->npaths;
	}
	if (any && loader_paths(&st->loader, prog))
		sf_fatal("out of memory");
	for (size_t i = 0; i < exact->n; i++)
		if (st->fds[i] >= 0)
			return;
	st->abi = 0;
}

int sf_ll_stage_loader_denied(const struct sf_ll_stage *st)
{
	for (size_t i = 0; i < st->loader.npaths; i++) {
		const struct sf_path_rule *r = &st->loader.paths[i];
		long fd;

		/* What the kernel execs it checks itself: execve fails. */
		if (r->access & SF_LL_FS_EXECUTE)
			continue;
		fd = sf_raw6(SYS_openat, AT_FDCWD, (long)r->path,
			     O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0, 0, 0);
		if (fd == -EACCES)
			return 1;
		if (fd >= 0)
			sf_raw6(SYS_close, fd, 0, 0, 0, 0, 0);
	}
	return 0;
}

void sf_ll_stage_widen(struct sf_ll_stage *st)
{
	char why[512];

	st->widened = 1;
	for (size_t i = 0; i < st->exact->n; i++) {
		const struct sf_landlock *l = &st->exact->pol[i].landlock;

		if (st->fds[i] < 0 || !l->npaths)
			continue;
		/* The exact rules at the entry point hold the inodes their
		 * paths hold now, before any code of the program has run. */
		if (!(st->paths[i] = calloc(l->npaths, sizeof *st->paths[i])))
			sf_fatal("out of memory");
		if (sf_ll_open_paths(l, st->paths[i], why, sizeof why) ||
		    sf_ll_add_rules(st->fds[i], &st->loader, st->abi, NULL, why, sizeof why))
			sf_fatal("%s", why);
	}
}

/* The child's own probes of the loader's files are not the program's
 * denials: from ABI 7 on, the kernel is told to log only what happens
 * after the exec (audit), as it is for the program's own domains. */
#define LOG_SAME_EXEC_OFF (1u << 0)

long sf_ll_stage_child(const struct sf_ll_stage *st)
{
	unsigned flags = sf_ll_restrict_flags(st->abi) | (st->abi >= 7 ? LOG_SAME_EXEC_OFF : 0);

	for (size_t i = 0; i < st->exact->n; i++) {
		long r = st->fds[i] < 0
			     ? 0
			     : sf_raw6(SF_NR_landlock_restrict_self, st->fds[i], flags, 0, 0, 0, 0);

		if (r)
			return r;
	}
	return 0;
}

void sf_ll_stage_close(struct sf_ll_stage *st)
{
	for (size_t i = 0; i < SF_ID_MAX_POLICIES; i++) {
		if (st->fds[i] >= 0)
			close(st->fds[i]);
		st->fds[i] = -1;
	}
	sf_landlock_free(&st->loader);
}

/* One policy's exact domain, with the injection begun. */
static int inject_one(struct sf_inject *in, int pidfd, const struct sf_landlock *l,
		      const int *paths, int abi, char *why, size_t size)
{
	struct sf_ll_attr attr;
	size_t asize = sf_ll_attr_for(l, abi, &attr);
	uint64_t addr;
	long fd, r;
	int local;

	if (!attr.handled_access_fs && !attr.handled_access_net && !attr.scoped)
		return 0;
	addr = sf_inject_push(in, &attr, sizeof attr);
	if (!addr) {
		snprintf(why, size, "cannot write into the program's memory: %s", strerror(errno));
		return -1;
	}
	fd = sf_inject_call(in, SF_NR_landlock_create_ruleset, addr, asize, 0);
	if (fd < 0) {
		snprintf(why, size, "the program could not create a Landlock ruleset (%s)",
			 strerror((int)-fd));
		return -1;
	}
	local = sf_pidfd_getfd(pidfd, (int)fd);
	if (local < 0) {
		snprintf(why, size, "cannot reach the program's ruleset (pidfd_getfd: %s)",
			 strerror(errno));
		sf_inject_call(in, SYS_close, (uint64_t)fd, 0, 0);
		return -1;
	}
	r = sf_ll_add_rules(local, l, abi, paths, why, size);
	close(local);
	if (!r) {
		r = sf_inject_call(in, SF_NR_landlock_restrict_self, (uint64_t)fd,
				   sf_ll_restrict_flags(abi), 0);
		if (r)
			snprintf(why, size,
				 "the kernel refused the program's Landlock ruleset (%s)",
				 strerror((int)-r));
	}
	sf_inject_call(in, SYS_close, (uint64_t)fd, 0, 0);
	return r ? -1 : 0;
}

int sf_ll_stage_inject(const struct sf_ll_stage *st, const struct sf_stack *exact, pid_t tid,
		       uint64_t at, int *pending_sig, char *why, size_t size)
{
	struct sf_inject in;
	int pidfd, r = 0;

	*pending_sig = 0;
	if (!st->abi)
		return 0;
	pidfd = sf_pidfd_open(tid);
	if (pidfd < 0) {
		snprintf(why, size, "cannot open a pidfd of the program: %s", strerror(errno));
		return -1;
	}
	if (sf_inject_begin(&in, tid, at, why, size)) {
		close(pidfd);
		return -1;
	}
	for (size_t i = 0; i < exact->n && !r; i++)
		r = inject_one(&in, pidfd, &exact->pol[i].landlock, st->paths[i], st->abi, why,
			       size);
	close(pidfd);
	*pending_sig = in.pending_sig;
	if (sf_inject_end(&in, why, size))
		return -1;
	return r;
}
