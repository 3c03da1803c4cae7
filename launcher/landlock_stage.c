#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "inject.h"
#include "landlock.h"
#include "landlock_stage.h"
#include "launcher.h"
#include "loaderpaths.h"
#include "rawsys.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

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

/* The directories on the way to the loader's files, by canonical path,
 * each looked at once: its inode and the index of its parent (-2 for
 * the root). */
struct dirs {
	struct {
		char *path;
		dev_t dev;
		ino_t ino;
		int up;
	} v[64];
	int n;
};

static int dir_add(struct dirs *d, const char *path, const struct stat *st, int up)
{
	if (d->n == (int)(sizeof d->v / sizeof d->v[0]) || !(d->v[d->n].path = strdup(path)))
		return -1;
	d->v[d->n].dev = st->st_dev;
	d->v[d->n].ino = st->st_ino;
	d->v[d->n].up = up;
	return d->n++;
}

/* a "/" the first n bytes of b into out (a is a canonical directory, "/"
 * ends in one already); 0, or -1 when it does not fit. Without printf:
 * this runs a few times a component. */
static int join(char *out, size_t size, const char *a, const char *b, size_t n)
{
	size_t len = strlen(a), slash = a[len - 1] != '/';

	if (len + slash + n >= size)
		return -1;
	memcpy(out, a, len);
	out[len] = '/';
	memcpy(out + len + slash, b, n);
	out[len + slash + n] = 0;
	return 0;
}

/* Follows path as open does, a component at a time (lstat, and readlink
 * where one is a symlink; ".." is the parent of the real directory
 * reached), and gives the file's inode in *st and the index of its real
 * directory in *dir: the inodes Landlock meets on its way up from the
 * file. Cheaper than a readlink of /proc/self/fd, whose first use in a
 * process costs more than all of this. 0; 1 when the file is not there
 * for open either; -1 when it cannot be told. */
static int locate(struct dirs *d, const char *path, struct stat *st, int *dir)
{
	char rest[PATH_MAX], next[PATH_MAX], cur[PATH_MAX], link[PATH_MAX];
	int at = 0, links = 0;
	char *p = rest;

	if (!d->n) {
		if (stat("/", st) || dir_add(d, "/", st, -2) != 0)
			return -1;
	}
	if (path[0] == '/') {
		if (join(rest, sizeof rest, "/", path, strlen(path)))
			return -1;
	} else if (!getcwd(cur, sizeof cur) || cur[0] != '/' ||
		   join(rest, sizeof rest, cur, path, strlen(path))) {
		return -1;
	}
	for (;;) {
		size_t n;
		int last, i;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		last = !p[n + strspn(p + n, "/")];
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
			if (!n || last)
				return -1; /* a directory, not a file */
			if (n == 2 && d->v[at].up >= 0)
				at = d->v[at].up;
			p += n;
			continue;
		}
		if (join(cur, sizeof cur, d->v[at].path, p, n))
			return -1;
		p += n;
		for (i = 0; !last && i < d->n && strcmp(d->v[i].path, cur); i++)
			;
		if (!last && i < d->n) {
			at = i;
			continue;
		}
		if (lstat(cur, st))
			return errno == ENOENT || errno == ENOTDIR || errno == EACCES ||
				       errno == ELOOP || errno == ENAMETOOLONG
				   ? 1
				   : -1;
		if (S_ISLNK(st->st_mode)) {
			ssize_t k = readlink(cur, link, sizeof link - 1);

			if (++links > 40)
				return 1; /* ELOOP for open too */
			if (k <= 0 || (size_t)k + 1 + strlen(p) >= sizeof next)
				return -1;
			memcpy(next, link, (size_t)k);
			next[k] = '/';
			memcpy(next + k + 1, p, strlen(p) + 1);
			memcpy(rest, next, (size_t)k + 2 + strlen(p));
			p = rest;
			if (link[0] == '/')
				at = 0;
			continue;
		}
		if (last) {
			*dir = at;
			return 0;
		}
		if (!S_ISDIR(st->st_mode))
			return 1; /* ENOTDIR */
		if ((at = dir_add(d, cur, st, at)) < 0)
			return -1;
	}
}

/* Whether the rules of l (their paths open in fds) grant every path of
 * loader that is there the rights loader gives it. Landlock ties a rule
 * to the inode its path opened, and adds up the rights of the rules met
 * on the way from a file up through its real ancestors: so are they
 * compared here, by device and inode: each directory on the way looked
 * at once, then each rule one fstat, until every file is granted (the
 * broad rules come first in most policies). A file whose place cannot be
 * told is not granted: the rules are widened. */
static int grants_loader(const struct sf_landlock *l, const int *fds,
			 const struct sf_landlock *loader)
{
	struct file {
		dev_t dev;
		ino_t ino;
		int dir;
		uint64_t want, granted;
	} f[loader->npaths + 1];
	struct dirs d;
	size_t nf = 0, left;
	int all = 1;

	d.n = 0;
	for (size_t i = 0; i < loader->npaths && all; i++) {
		struct stat st;
		int r = locate(&d, loader->paths[i].path, &st, &f[nf].dir);

		/* A file that is not there needs no rule. */
		if (r > 0)
			continue;
		all = !r;
		f[nf].dev = st.st_dev;
		f[nf].ino = st.st_ino;
		f[nf].want = loader->paths[i].access;
		f[nf++].granted = 0;
	}
	left = all ? nf : 0;
	for (size_t k = 0; k < l->npaths && left; k++) {
		struct stat st;

		if (fds[k] < 0 || fstat(fds[k], &st))
			continue;
		for (size_t i = 0; i < nf; i++) {
			int on = f[i].dev == st.st_dev && f[i].ino == st.st_ino;

			if ((f[i].granted & f[i].want) == f[i].want)
				continue;
			for (int j = f[i].dir; !on && j >= 0; j = d.v[j].up)
				on = d.v[j].dev == st.st_dev && d.v[j].ino == st.st_ino;
			if (on && ((f[i].granted |= l->paths[k].access) & f[i].want) == f[i].want)
				left--;
		}
	}
	for (int j = 0; j < d.n; j++)
		free(d.v[j].path);
	return all && !left;
}

void sf_ll_stage_plan(struct sf_ll_stage *st, const struct sf_stack *exact, const char *prog,
		      int strict, int cap)
{
	struct sf_landlock loader;
	char why[512];

	memset(st, 0, sizeof *st);
	if (!sf_stack_has_landlock(exact))
		return;
	st->strict = strict || sf_stack_landlock_strict(exact);
	st->abi = sf_ll_abi(cap);
	memset(&loader, 0, sizeof loader);
	if (st->abi && loader_paths(&loader, prog))
		sf_fatal("out of memory");
	for (size_t i = 0; i < exact->n; i++) {
		const struct sf_landlock *l = &exact->pol[i].landlock;
		int fd;

		if (!sf_landlock_any(l))
			continue;
		if (sf_ll_negotiate(l, st->abi, st->strict, why, sizeof why))
			sf_fatal("%s: %s", exact->pol[i].nfiles ? exact->pol[i].files[0] : "policy",
				 why);
		if (!st->abi)
			continue;
		st->paths[i] = calloc(l->npaths + 1, sizeof *st->paths[i]);
		if (!st->paths[i])
			sf_fatal("out of memory");
		if (sf_ll_open_paths(l, st->paths[i], why, sizeof why) ||
		    sf_ll_ruleset(l, st->abi, st->paths[i], &fd, why, sizeof why))
			sf_fatal("%s", why);
		/* Files only: the loader needs no port, and scopes stay. */
		if (fd >= 0 && l->npaths && !grants_loader(l, st->paths[i], &loader)) {
			if (sf_ll_add_rules(fd, &loader, st->abi, NULL, why, sizeof why))
				sf_fatal("%s", why);
			st->widened = 1;
		}
		if (fd >= 0)
			st->fds[st->nfds++] = fd;
	}
	sf_landlock_free(&loader);
	/* The descriptors of the rules' paths serve the exact rules at the
	 * entry point, added only when some policy was widened: otherwise
	 * they go now, not copied into the child and closed again at its
	 * exec. */
	if (!st->widened)
		for (size_t i = 0; i < exact->n; i++) {
			if (st->paths[i])
				sf_ll_close_paths(st->paths[i], exact->pol[i].landlock.npaths);
			free(st->paths[i]);
			st->paths[i] = NULL;
		}
	if (!st->nfds)
		st->abi = 0;
}

long sf_ll_stage_child(const struct sf_ll_stage *st)
{
	for (size_t i = 0; i < st->nfds; i++) {
		long r = sf_raw6(SF_NR_landlock_restrict_self, st->fds[i],
				 sf_ll_restrict_flags(st->abi), 0, 0, 0, 0);

		if (r)
			return r;
	}
	return 0;
}

void sf_ll_stage_close(struct sf_ll_stage *st)
{
	for (size_t i = 0; i < st->nfds; i++)
		close(st->fds[i]);
	st->nfds = 0;
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
	local = (int)syscall(SYS_pidfd_getfd, pidfd, (int)fd, 0);
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
	pidfd = (int)syscall(SYS_pidfd_open, tid, 0);
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
