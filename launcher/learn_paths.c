/* Learn mode's record of files and ports: for each call that names a path
 * or a socket address, the path resolved and the right the call needs
 * under Landlock, or the TCP port. See learn_paths.h for what such a
 * record is worth. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "learn_paths.h"
#include "loaderpaths.h"
#include "pidfd.h"


enum act {
	ACT_NONE,
	ACT_OPEN,     /* flags argument */
	ACT_OPEN2,    /* flags in struct open_how */
	ACT_CREAT,    /* O_CREAT|O_WRONLY|O_TRUNC */
	ACT_EXEC,     /* execve, execveat */
	ACT_MAKE,     /* mkdir, mknod, symlink: a new name */
	ACT_REMOVE,   /* unlink, rmdir */
	ACT_LINK,     /* a new name for a file elsewhere */
	ACT_RENAME,   /* rename*, flags RENAME_EXCHANGE */
	ACT_TRUNCATE, /* truncate */
	ACT_CONNECT,
	ACT_BIND,
	ACT_IOCTL, /* on a device the program opened */
};

/* Each call's arguments: the directory descriptor and path (-1: none, or
 * the working directory), a second pair, and the flags. */
static const struct call {
	const char *name;
	unsigned char act;
	signed char dfd, path, dfd2, path2, flags;
} calls[] = {
    {"open", ACT_OPEN, -1, 0, -1, -1, 1},	   {"openat", ACT_OPEN, 0, 1, -1, -1, 2},
    {"openat2", ACT_OPEN2, 0, 1, -1, -1, 2},	   {"creat", ACT_CREAT, -1, 0, -1, -1, -1},
    {"execve", ACT_EXEC, -1, 0, -1, -1, -1},	   {"execveat", ACT_EXEC, 0, 1, -1, -1, 4},
    {"mkdir", ACT_MAKE, -1, 0, -1, -1, -1},	   {"mkdirat", ACT_MAKE, 0, 1, -1, -1, -1},
    {"mknod", ACT_MAKE, -1, 0, -1, -1, -1},	   {"mknodat", ACT_MAKE, 0, 1, -1, -1, -1},
    {"symlink", ACT_MAKE, -1, 1, -1, -1, -1},	   {"symlinkat", ACT_MAKE, 1, 2, -1, -1, -1},
    {"link", ACT_LINK, -1, 0, -1, 1, -1},	   {"linkat", ACT_LINK, 0, 1, 2, 3, -1},
    {"unlink", ACT_REMOVE, -1, 0, -1, -1, -1},	   {"unlinkat", ACT_REMOVE, 0, 1, -1, -1, -1},
    {"rmdir", ACT_REMOVE, -1, 0, -1, -1, -1},	   {"rename", ACT_RENAME, -1, 0, -1, 1, -1},
    {"renameat", ACT_RENAME, 0, 1, 2, 3, -1},	   {"renameat2", ACT_RENAME, 0, 1, 2, 3, 4},
    {"truncate", ACT_TRUNCATE, -1, 0, -1, -1, -1}, {"connect", ACT_CONNECT, -1, -1, -1, -1, -1},
    {"bind", ACT_BIND, -1, -1, -1, -1, -1},	   {"ioctl", ACT_IOCTL, -1, -1, -1, -1, 1},
};

#define NCALLS (sizeof calls / sizeof calls[0])

void sf_learn_paths_init(struct sf_learn_paths *p, const struct sf_syscall_table *t)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < NCALLS; i++) {
		const struct sf_syscall *sc = sf_syscall_by_name(t, calls[i].name);

		if (sc && sc->nr >= 0 && sc->nr < SF_LEARN_PATHS_NR_LIMIT)
			p->op[sc->nr] = (unsigned char)(i + 1);
	}
}

void sf_learn_paths_free(struct sf_learn_paths *p)
{
	sf_pathset_free(&p->files);
}

/* Reading the caller: its memory through /proc/PID/mem, a page at a time
 * so that a string ending before an unmapped page is read whole. */
static int read_mem(int mem, uint64_t addr, void *buf, size_t len)
{
	return pread(mem, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -1;
}

static int read_string(int mem, uint64_t addr, char *buf, size_t size)
{
	size_t have = 0;

	while (have + 1 < size) {
		size_t chunk = 4096 - (size_t)((addr + have) % 4096);
		ssize_t n;

		if (chunk > size - 1 - have)
			chunk = size - 1 - have;
		n = pread(mem, buf + have, chunk, (off_t)(addr + have));
		if (n <= 0)
			return -1;
		if (memchr(buf + have, 0, (size_t)n))
			return 0;
		have += (size_t)n;
	}
	return -1; /* longer than PATH_MAX: the kernel refuses it too */
}

/* The directory a relative path starts from: the caller's working
 * directory, or what its descriptor dfd names. */
static int base_dir(pid_t pid, int dfd, char *out, size_t size)
{
	char link[64];
	ssize_t n;

	if (dfd == AT_FDCWD)
		snprintf(link, sizeof link, "/proc/%d/cwd", (int)pid);
	else
		snprintf(link, sizeof link, "/proc/%d/fd/%d", (int)pid, dfd);
	n = readlink(link, out, size - 1);
	if (n <= 0 || (size_t)n >= size - 1 || out[0] != '/')
		return -1;
	out[n] = 0;
	return 0;
}

/* base "/" rel with "." and ".." taken by name and no "//": into out. */
static int join_clean(const char *base, const char *rel, char *out, size_t size)
{
	char tmp[2 * PATH_MAX + 2];
	size_t o = 0;

	if (rel[0] == '/')
		snprintf(tmp, sizeof tmp, "%s", rel);
	else
		snprintf(tmp, sizeof tmp, "%s/%s", base, rel);
	for (char *s = tmp; *s;) {
		size_t n;

		while (*s == '/')
			s++;
		n = strcspn(s, "/");
		if (!n)
			break;
		if (n == 1 && s[0] == '.') {
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o && out[o - 1] != '/')
				o--;
			if (o)
				o--;
		} else {
			if (o + 1 + n >= size)
				return -1;
			out[o++] = '/';
			memcpy(out + o, s, n);
			o += n;
		}
		s += n;
	}
	if (!o)
		out[o++] = '/';
	out[o] = 0;
	return 0;
}

static void parent_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

struct seen {
	char path[PATH_MAX], path2[PATH_MAX];
	int have2;
	uint64_t flags;
	int port, tcp;
};

/* Reads the path argument at index ai with its directory argument di. */
static int read_path(int mem, pid_t pid, const struct seccomp_data *d, int di, int ai, int empty_ok,
		     char *out)
{
	char rel[PATH_MAX], base[PATH_MAX] = "/";
	int dfd = di >= 0 ? (int)d->args[di] : AT_FDCWD;

	if (read_string(mem, d->args[ai], rel, sizeof rel))
		return -1;
	if (!rel[0] && !empty_ok)
		return -1;
	if (rel[0] != '/' && base_dir(pid, dfd, base, sizeof base))
		return -1;
	return join_clean(base, rel, out, PATH_MAX);
}

/* Whether the caller's descriptor fd is a TCP socket: a copy of it,
 * taken through a pidfd (Linux 5.6), is asked. */
static int is_tcp(pid_t pid, int fd)
{
	char status[64], buf[1024];
	int pidfd, copy, proto = 0, tgid = (int)pid;
	socklen_t len = sizeof proto;
	ssize_t n;
	FILE *f;

	snprintf(status, sizeof status, "/proc/%d/status", (int)pid);
	f = fopen(status, "re");
	if (f) {
		while (fgets(buf, sizeof buf, f))
			if (!strncmp(buf, "Tgid:", 5))
				tgid = atoi(buf + 5);
		fclose(f);
	}
	pidfd = sf_pidfd_open(tgid);
	if (pidfd < 0)
		return -1;
	copy = sf_pidfd_getfd(pidfd, fd);
	close(pidfd);
	if (copy < 0)
		return -1;
	n = getsockopt(copy, SOL_SOCKET, SO_PROTOCOL, &proto, &len);
	close(copy);
	return n == 0 && proto == IPPROTO_TCP;
}

static int read_port(int mem, pid_t pid, const struct seccomp_data *d, int bind, struct seen *s)
{
	struct sockaddr_in6 sa;
	size_t len = d->args[2] < sizeof sa ? (size_t)d->args[2] : sizeof sa;
	sa_family_t family;

	memset(&sa, 0, sizeof sa);
	if (len < sizeof(struct sockaddr_in) || read_mem(mem, d->args[1], &sa, len))
		return -1;
	memcpy(&family, &sa, sizeof family);
	if (family != AF_INET && family != AF_INET6)
		return 1;
	s->port = ntohs(sa.sin6_port); /* at the same place in both */
	s->tcp = is_tcp(pid, (int)d->args[0]);
	/* Binding port 0 asks for an ephemeral port, which Landlock grants
	 * as port 0; connecting to it fails anyway. */
	return s->tcp == 1 && (s->port || bind) ? 0 : 1;
}

/* The device an ioctl goes to: what the caller's descriptor names, when
 * it is a character or block device. Landlock lets every process make the
 * generic requests (FIOCLEX, FIONBIO, ...) whatever its rights. */
static int device_of(pid_t pid, const struct seccomp_data *d, struct seen *s)
{
	static const unsigned long generic[] = {FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC};
	char link[64];
	struct stat st;
	ssize_t n;

	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
		if ((uint32_t)d->args[1] == generic[i])
			return 1;
	snprintf(link, sizeof link, "/proc/%d/fd/%d", (int)pid, (int)d->args[0]);
	n = readlink(link, s->path, sizeof s->path - 1);
	if (n <= 0 || (size_t)n >= sizeof s->path - 1)
		return 1;
	s->path[n] = 0;
	if (s->path[0] != '/' || stat(s->path, &st) ||
	    !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
		return 1;
	return 0;
}

/* The call's arguments: 0 read, 1 nothing to record, -1 unreadable. */
static int gather(const struct call *c, pid_t pid, const struct seccomp_data *d, struct seen *s)
{
	char mem_path[64];
	int mem, r = 0;

	snprintf(mem_path, sizeof mem_path, "/proc/%d/mem", (int)pid);
	mem = open(mem_path, O_RDONLY | O_CLOEXEC);
	if (mem < 0)
		return -1;
	s->flags = c->flags >= 0 ? d->args[c->flags] : 0;
	if (c->act == ACT_OPEN2) {
		uint64_t how_flags;

		r = read_mem(mem, d->args[2], &how_flags, sizeof how_flags);
		s->flags = how_flags;
	}
	if (!r && c->act == ACT_IOCTL)
		r = device_of(pid, d, s);
	else if (!r && (c->act == ACT_CONNECT || c->act == ACT_BIND))
		r = read_port(mem, pid, d, c->act == ACT_BIND, s);
	else if (!r)
		r = read_path(mem, pid, d, c->dfd, c->path,
			      c->act == ACT_EXEC && (s->flags & AT_EMPTY_PATH), s->path);
	if (!r && c->path2 >= 0) {
		r = read_path(mem, pid, d, c->dfd2, c->path2, 0, s->path2);
		s->have2 = 1;
	}
	close(mem);
	return r;
}

static void add(struct sf_learn_paths *p, const char *path, unsigned rights)
{
	if (rights && sf_pathset_add(&p->files, path, rights)) {
		fprintf(stderr, "sf: out of memory\n");
		exit(125);
	}
}

/* What exec opens in the kernel, where no call of the program's shows it:
 * the file, the interpreters of a script, the program's PT_INTERP. The
 * loader's own opens come as calls of the new image's. */
static void add_exec(struct sf_learn_paths *p, const char *path)
{
	struct sf_pathlist l = {0};
	char err[256];

	add(p, path, SF_PR_READ | SF_PR_EXECUTE);
	if (sf_loader_paths(path, (char *[]){NULL}, &l, err, sizeof err))
		return;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].execute)
			add(p, l.v[i].path, SF_PR_READ | SF_PR_EXECUTE);
	sf_pathlist_free(&l);
}

static void add_open(struct sf_learn_paths *p, const char *path, uint64_t flags)
{
	unsigned acc = (unsigned)flags & 3, rights = 0;
	char dir[PATH_MAX];
	struct stat st;

	if (flags & O_PATH)
		return; /* Landlock checks no right for O_PATH */
	if (acc == O_RDONLY || acc == O_RDWR)
		rights |= SF_PR_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		rights |= SF_PR_WRITE;
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		add(p, path, SF_PR_CREATE | rights);
		return;
	}
	if (!stat(path, &st)) {
		/* A directory is opened to be read (listed). */
		add(p, path, S_ISDIR(st.st_mode) ? SF_PR_READ : rights);
		return;
	}
	/* A new file: created in its directory, and opened there with its
	 * rights, which a rule on the file (not there yet) cannot give. */
	if (flags & O_CREAT) {
		parent_of(path, dir, sizeof dir);
		add(p, dir, SF_PR_CREATE | rights);
	}
}

static void record(struct sf_learn_paths *p, const struct call *c, const struct seen *s)
{
	char dir[PATH_MAX], dir2[PATH_MAX];
	struct stat st;
	int exists = !lstat(s->path, &st);

	parent_of(s->path, dir, sizeof dir);
	if (s->have2)
		parent_of(s->path2, dir2, sizeof dir2);
	switch (c->act) {
	case ACT_OPEN:
	case ACT_OPEN2:
		add_open(p, s->path, s->flags);
		break;
	case ACT_CREAT:
		add_open(p, s->path, O_CREAT | O_WRONLY | O_TRUNC);
		break;
	case ACT_EXEC:
		if (exists)
			add_exec(p, s->path);
		break;
	case ACT_MAKE:
		/* An existing name fails with EEXIST before Landlock is asked. */
		if (!exists)
			add(p, dir, SF_PR_CREATE);
		break;
	case ACT_REMOVE:
		if (exists)
			add(p, dir, SF_PR_REMOVE);
		break;
	case ACT_LINK:
		if (!exists)
			break;
		add(p, dir2, SF_PR_CREATE);
		if (strcmp(dir, dir2)) {
			add(p, dir, SF_PR_REFER);
			add(p, dir2, SF_PR_REFER);
		}
		break;
	case ACT_RENAME: {
		/* Moving out removes from the first directory and makes in the
		 * second; across directories both need refer; a replaced or
		 * exchanged name is removed (and made) there too. */
		int exchange = (s->flags & 2) != 0; /* RENAME_EXCHANGE */
		struct stat st2;
		int target = !lstat(s->path2, &st2);

		if (!exists)
			break;
		add(p, dir, SF_PR_REMOVE | (exchange ? SF_PR_CREATE : 0));
		add(p, dir2, SF_PR_CREATE | (target ? SF_PR_REMOVE : 0));
		if (strcmp(dir, dir2)) {
			add(p, dir, SF_PR_REFER);
			add(p, dir2, SF_PR_REFER);
		}
		break;
	}
	case ACT_TRUNCATE:
		if (exists)
			add(p, s->path, SF_PR_WRITE);
		break;
	case ACT_CONNECT:
		p->connect[s->port / 8] |= (unsigned char)(1u << (s->port % 8));
		break;
	case ACT_BIND:
		p->bind[s->port / 8] |= (unsigned char)(1u << (s->port % 8));
		break;
	case ACT_IOCTL:
		/* Only a device the program opened itself: one it inherited
		 * (the terminal) was opened outside its Landlock domain, which
		 * does not restrict it. */
		if (sf_pathset_get(&p->files, s->path))
			add(p, s->path, SF_PR_IOCTL);
		break;
	}
}

void sf_learn_paths_see(struct sf_learn_paths *p, int listener, const struct seccomp_notif *req)
{
	const struct seccomp_data *d = &req->data;
	const struct call *c;
	struct seen *s;
	__u64 id = req->id;
	int r;

	if (d->nr < 0 || d->nr >= SF_LEARN_PATHS_NR_LIMIT || !p->op[d->nr])
		return;
	c = &calls[p->op[d->nr] - 1];
	s = calloc(1, sizeof(*s));
	if (!s)
		return;
	r = gather(c, (pid_t)req->pid, d, s);
	/* The pid was the caller's while the call was pending: only then is
	 * what was read its own. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id))
		r = -1;
	if (r < 0)
		p->unread++;
	else if (r == 0)
		record(p, c, s);
	free(s);
}
