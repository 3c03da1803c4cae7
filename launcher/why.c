#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "landlock_rules.h"
#include "pathcheck.h"
#include "why.h"

/* The calls --why looks at: where their paths are, and the rights they
 * need (on the path itself, or on its directory for create and remove). */
/* openat2 passes its flags in a struct open_how, whose first member they
 * are: read from the program's memory at the third argument. */
#define OPEN_HOW (-2)

enum need { NEED_OPEN, NEED_EXEC, NEED_CREATE, NEED_REMOVE, NEED_REFER, NEED_WRITE, NEED_NET };

static const struct call {
	const char *name;
	signed char dfd, path, path2; /* argument indexes; -1: none */
	signed char flags;	      /* open's flags; OPEN_HOW: in openat2's struct */
	enum need need;
} calls[] = {
    {"open", -1, 0, -1, 1, NEED_OPEN},		{"openat", 0, 1, -1, 2, NEED_OPEN},
    {"openat2", 0, 1, -1, OPEN_HOW, NEED_OPEN}, {"creat", -1, 0, -1, -1, NEED_CREATE},
    {"execve", -1, 0, -1, -1, NEED_EXEC},	{"execveat", 0, 1, -1, -1, NEED_EXEC},
    {"mkdir", -1, 0, -1, -1, NEED_CREATE},	{"mkdirat", 0, 1, -1, -1, NEED_CREATE},
    {"mknod", -1, 0, -1, -1, NEED_CREATE},	{"mknodat", 0, 1, -1, -1, NEED_CREATE},
    {"symlink", -1, 1, -1, -1, NEED_CREATE},	{"symlinkat", 1, 2, -1, -1, NEED_CREATE},
    {"unlink", -1, 0, -1, -1, NEED_REMOVE},	{"unlinkat", 0, 1, -1, -1, NEED_REMOVE},
    {"rmdir", -1, 0, -1, -1, NEED_REMOVE},	{"rename", -1, 0, 1, -1, NEED_REFER},
    {"renameat", 0, 1, 3, -1, NEED_REFER},	{"renameat2", 0, 1, 3, -1, NEED_REFER},
    {"link", -1, 0, 1, -1, NEED_REFER},		{"linkat", 0, 1, 3, -1, NEED_REFER},
    {"truncate", -1, 0, -1, -1, NEED_WRITE},	{"connect", -1, -1, -1, -1, NEED_NET},
    {"bind", -1, -1, -1, -1, NEED_NET},
};

static int nrs[sizeof calls / sizeof calls[0]];

void sf_why_init(const struct sf_stack *s)
{
	const struct sf_syscall_table *t = sf_arch_info(s->arch)->table;

	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		const struct sf_syscall *sc = sf_syscall_by_name(t, calls[i].name);

		nrs[i] = sc ? sc->nr : -1;
	}
	sf_pathcheck_init(s);
}

static int read_mem(pid_t tid, uint64_t addr, void *out, size_t len)
{
	struct iovec l = {out, len}, r = {(void *)(uintptr_t)addr, len};

	return process_vm_readv(tid, &l, 1, &r, 1, 0) == (ssize_t)len ? 0 : -1;
}

static int read_path(pid_t tid, uint64_t addr, char *out, size_t size)
{
	size_t got = 0;

	while (got + 1 < size) {
		size_t want = 4096 - ((addr + got) & 4095);

		if (want > size - 1 - got)
			want = size - 1 - got;
		struct iovec l = {out + got, want}, r = {(void *)(uintptr_t)(addr + got), want};
		ssize_t n = process_vm_readv(tid, &l, 1, &r, 1, 0);

		if (n <= 0)
			return -1;
		if (memchr(out + got, 0, (size_t)n))
			return 0;
		got += (size_t)n;
	}
	return -1;
}

/* The absolute, canonical form of path as tid reaches it from dfd. */
static int canonical(pid_t tid, long dfd, const char *path, char *out, size_t size)
{
	char base[PATH_MAX], link[64];
	ssize_t n;

	if (path[0] == '/')
		return sf_pathcheck_canonical(NULL, path, out, size);
	if (dfd == AT_FDCWD || dfd < 0)
		snprintf(link, sizeof link, "/proc/%d/cwd", (int)tid);
	else
		snprintf(link, sizeof link, "/proc/%d/fd/%ld", (int)tid, dfd);
	n = readlink(link, base, sizeof base - 1);
	if (n <= 0)
		return -1;
	base[n] = 0;
	return sf_pathcheck_canonical(base, path, out, size);
}

/* The directory of a canonical path (for create and remove). */
static void parent_of(const char *p, char *out, size_t size)
{
	const char *slash = strrchr(p, '/');

	snprintf(out, size, "%.*s", slash && slash != p ? (int)(slash - p) : 1, p);
}

static uint64_t open_needs(uint64_t flags)
{
	uint64_t need = 0;

	if ((flags & O_ACCMODE) != O_WRONLY)
		need |= SF_LL_FS_READ_FILE;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		need |= SF_LL_FS_WRITE_FILE;
	return need;
}

static size_t say_path(const struct call *c, const char *shown, const char *where, uint64_t need,
		       long rval, char *out, size_t size)
{
	const struct sf_path_rule *rule;
	uint64_t granted = 0;
	char words[96];
	int p = sf_pathcheck_lacking(where, need, &granted, &rule);

	if (p < 0)
		return 0;
	sf_pathcheck_missing(need, granted, words, sizeof words);
	return (size_t)snprintf(
	    out, size, "why: %s \"%s\" failed with %s: no path rule of %s grants %s on %s", c->name,
	    shown, rval == -EXDEV ? "EXDEV" : "EACCES", sf_pathcheck_name(p), words, where);
}

static size_t say_port(pid_t tid, const struct call *c, uint64_t addr, char *out, size_t size)
{
	struct sockaddr_in6 sa;
	int bind = c->name[0] == 'b';

	if (read_mem(tid, addr, &sa, sizeof(struct sockaddr_in)))
		return 0;
	if (sa.sin6_family != AF_INET && sa.sin6_family != AF_INET6)
		return 0;
	int i = sf_pathcheck_port(ntohs(sa.sin6_port), bind);

	if (i >= 0)
		return (size_t)snprintf(out, size,
					"why: %s to TCP port %u failed with EACCES: %s has no '%s "
					"tcp: %u'",
					c->name, ntohs(sa.sin6_port), sf_pathcheck_name(i), c->name,
					ntohs(sa.sin6_port));
	return 0;
}

size_t sf_why_exit(pid_t tid, int nr, const uint64_t args[6], long rval, char *out, size_t size)
{
	static const uint64_t needs[] = {
	    [NEED_EXEC] = SF_LL_FS_EXECUTE,
	    [NEED_CREATE] = SF_LL_FS_MAKE_REG | SF_LL_FS_MAKE_DIR,
	    [NEED_REMOVE] = SF_LL_FS_REMOVE_FILE,
	    [NEED_REFER] = SF_LL_FS_REFER,
	    [NEED_WRITE] = SF_LL_FS_WRITE_FILE,
	};
	char path[PATH_MAX], where[PATH_MAX + 256], dir[PATH_MAX + 256];
	const struct call *c = NULL;
	uint64_t need;

	if (rval != -EACCES && rval != -EXDEV)
		return 0;
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
		if (nrs[i] == nr)
			c = &calls[i];
	if (!c)
		return 0;
	if (c->need == NEED_NET)
		return rval == -EACCES ? say_port(tid, c, args[1], out, size) : 0;
	if (read_path(tid, args[(int)c->path], path, sizeof path) ||
	    canonical(tid, c->dfd >= 0 ? (long)(int)args[(int)c->dfd] : AT_FDCWD, path, where,
		      sizeof where))
		return 0;
	if (c->need == NEED_OPEN) {
		uint64_t flags;

		if (c->flags == OPEN_HOW) {
			if (read_mem(tid, args[2], &flags, sizeof flags))
				return 0;
		} else {
			flags = args[(int)c->flags];
		}
		need = open_needs(flags);
		if (flags & O_CREAT) {
			parent_of(where, dir, sizeof dir);
			size_t n = say_path(c, path, dir, SF_LL_FS_MAKE_REG, rval, out, size);
			if (n)
				return n;
		}
		return say_path(c, path, where, need, rval, out, size);
	}
	if (c->need == NEED_REFER) {
		char path2[PATH_MAX], where2[PATH_MAX + 256], dir2[PATH_MAX + 256];
		size_t n;

		/* EXDEV: across directories without refer; EACCES: the entry
		 * could not be taken from the one or made in the other. */
		if (read_path(tid, args[(int)c->path2], path2, sizeof path2) ||
		    canonical(tid, c->dfd >= 0 ? (long)(int)args[(int)c->dfd + 2] : AT_FDCWD, path2,
			      where2, sizeof where2))
			return 0;
		parent_of(where, dir, sizeof dir);
		parent_of(where2, dir2, sizeof dir2);
		if (rval == -EXDEV)
			return (n = say_path(c, path, dir, SF_LL_FS_REFER, rval, out, size))
				   ? n
				   : say_path(c, path2, dir2, SF_LL_FS_REFER, rval, out, size);
		n = strcmp(c->name, "link") && strcmp(c->name, "linkat")
			? say_path(c, path, dir, SF_LL_FS_REMOVE_FILE, rval, out, size)
			: 0;
		return n ? n : say_path(c, path2, dir2, SF_LL_FS_MAKE_REG, rval, out, size);
	}
	if (c->need == NEED_CREATE || c->need == NEED_REMOVE) {
		parent_of(where, dir, sizeof dir);
		return say_path(c, path, dir, needs[c->need], rval, out, size);
	}
	return say_path(c, path, where, needs[c->need], rval, out, size);
}
