#include <errno.h>
#include <fcntl.h>
#include <sys/prctl.h>

#include "fmt.h"
#include "install.h"
#include "landlock.h"
#include "rawsys.h"

#define CREATE_RULESET_VERSION 1u
#define RULE_PATH_BENEATH 1
#define RULE_NET_PORT 2

/* The kernel's rule attributes. */
struct path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

static int fail(char *why, size_t size, const char *what, const char *detail, long r)
{
	struct sf_buf b;

	sf_buf_init(&b, why, size);
	sf_buf_str(&b, what);
	if (detail) {
		sf_buf_str(&b, detail);
	}
	if (r < 0) {
		sf_buf_str(&b, " (errno ");
		sf_buf_s64(&b, -r);
		sf_buf_str(&b, ")");
	}
	return -1;
}

int sf_ll_abi_cap(const char *value)
{
	int n = 0;

	if (!value || !*value)
		return 0;
	for (; *value >= '0' && *value <= '9' && n < 100; value++)
		n = n * 10 + (*value - '0');
	if (*value || n > 99)
		return 0;
	return n ? n : -1; /* 0: as if there were no Landlock */
}

int sf_ll_abi(int cap)
{
	long r;

	if (cap < 0)
		return 0;
	r = sf_raw6(SF_NR_landlock_create_ruleset, 0, 0, CREATE_RULESET_VERSION, 0, 0, 0);
	if (r < 0)
		return 0;
	return cap > 0 && r > cap ? cap : (int)r;
}

/* The file system rights a kernel at abi knows. */
static uint64_t fs_rights(int abi)
{
	uint64_t r = (SF_LL_FS_MAKE_SYM << 1) - 1; /* ABI 1: bits 0 to 12 */

	if (abi >= 2)
		r |= SF_LL_FS_REFER;
	if (abi >= 3)
		r |= SF_LL_FS_TRUNCATE;
	if (abi >= 5)
		r |= SF_LL_FS_IOCTL_DEV;
	return abi >= 1 ? r : 0;
}

size_t sf_ll_attr_for(const struct sf_landlock *l, int abi, struct sf_ll_attr *attr)
{
	attr->handled_access_fs = l->npaths ? fs_rights(abi) : 0;
	attr->handled_access_net =
	    l->nports && abi >= 4 ? SF_LL_NET_BIND_TCP | SF_LL_NET_CONNECT_TCP : 0;
	attr->scoped = abi >= 6 ? l->scopes : 0;
	return abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
}

/* What a kernel older than an ABI cannot enforce. */
static const struct gap {
	int abi;
	const char *what;
} gaps[] = {
    {1, "Landlock"}, /* said by say_gap */
    {2, "the right 'refer' (renaming or linking across directories stays denied)"},
    {3, "truncation (files granted no 'write' can still be truncated)"},
    {4, "TCP port rules (connect and bind are not restricted)"},
    {5, "the right 'ioctl' (device ioctls are not restricted)"},
    {6, "scope rules (signals and abstract unix sockets are not restricted)"},
};

/* Whether l has something that gap g concerns. */
static int concerns(const struct sf_landlock *l, const struct gap *g)
{
	uint64_t granted = 0;

	for (size_t i = 0; i < l->npaths; i++)
		granted |= l->paths[i].access;
	switch (g->abi) {
	case 1:
		return sf_landlock_any(l);
	case 2:
		return (granted & SF_LL_FS_REFER) != 0;
	case 3:
	case 5:
		return l->npaths != 0;
	case 4:
		return l->nports != 0;
	default:
		return l->scopes != 0;
	}
}

static void say_gap(struct sf_buf *b, int abi, const struct gap *g)
{
	if (abi == 0) {
		sf_buf_str(b, "this kernel has no Landlock: path, port and scope rules are not "
			      "enforced");
		return;
	}
	sf_buf_str(b, "this kernel's Landlock (ABI ");
	sf_buf_u64(b, (uint64_t)abi);
	sf_buf_str(b, ") cannot enforce ");
	sf_buf_str(b, g->what);
}

int sf_ll_negotiate(const struct sf_landlock *l, int abi, int strict, char *why, size_t size)
{
	static unsigned warned;
	char line[256];
	struct sf_buf b;

	for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
		const struct gap *g = &gaps[i];

		if (abi >= g->abi || !concerns(l, g))
			continue;
		if (abi == 0 && g->abi > 1)
			break; /* said with the first */
		if (strict) {
			sf_buf_init(&b, why, size);
			say_gap(&b, abi, g);
			sf_buf_str(&b, ", and the policy says 'landlock: strict' (or "
				       "--landlock-strict)");
			return -1;
		}
		if (warned & (1u << i))
			continue;
		warned |= 1u << i;
		sf_buf_init(&b, line, sizeof line);
		sf_buf_str(&b, "sf: warning: ");
		say_gap(&b, abi, g);
		sf_buf_char(&b, '\n');
		sf_raw_write(2, line, b.len);
	}
	return 0;
}

/* An O_PATH descriptor of path, following symlinks as opening does; -1
 * when it is not there (it grants nothing), or -errno. */
static long open_path(const char *path)
{
	long pfd = sf_raw6(SYS_openat, AT_FDCWD, (long)path, O_PATH | O_CLOEXEC, 0, 0, 0);

	if (pfd == -ENOENT || pfd == -ENOTDIR || pfd == -EACCES || pfd == -ELOOP)
		return -1;
	return pfd;
}

int sf_ll_open_paths(const struct sf_landlock *l, int *fds, char *why, size_t size)
{
	for (size_t i = 0; i < l->npaths; i++) {
		long pfd = open_path(l->paths[i].path);

		if (pfd < -1) {
			sf_ll_close_paths(fds, i);
			return fail(why, size, "cannot open the path of a rule: ", l->paths[i].path,
				    pfd);
		}
		fds[i] = (int)pfd;
	}
	return 0;
}

#define SF_NR_close_range 436 /* the same on x86_64 and aarch64 */

void sf_ll_close_paths(const int *fds, size_t n)
{
	size_t i = 0;

	/* Opened one after another they are runs of numbers with no other
	 * descriptor among them: a call a run, not one a rule. */
	while (i < n) {
		size_t k = i + 1;

		if (fds[i] < 0) {
			i++;
			continue;
		}
		while (k < n && fds[k] == fds[k - 1] + 1)
			k++;
		if (k - i == 1 || sf_raw6(SF_NR_close_range, fds[i], fds[k - 1], 0, 0, 0, 0))
			for (size_t j = i; j < k; j++)
				sf_raw_close(fds[j]);
		i = k;
	}
}

/* The rule for r, through pfd (opened here when given < -1). */
static long add_path(int fd, const struct sf_path_rule *r, uint64_t handled, long given)
{
	struct path_beneath_attr pb;
	long pfd = given < -1 ? open_path(r->path) : given, e = 0;

	if (pfd == -1)
		return 0; /* not there: nothing to grant */
	if (pfd < 0)
		return pfd;
	pb.allowed_access = r->access & handled;
	pb.parent_fd = (int32_t)pfd;
	if (pb.allowed_access)
		e = sf_raw6(SF_NR_landlock_add_rule, fd, RULE_PATH_BENEATH, (long)&pb, 0, 0, 0);
	/* A file takes only the rights a file has (--check warns of the
	 * others): tried as a directory first, the common case, without a
	 * stat of every path. */
	if (e == -EINVAL && (pb.allowed_access & ~SF_LL_FS_FILE_RIGHTS)) {
		pb.allowed_access &= SF_LL_FS_FILE_RIGHTS;
		e = pb.allowed_access ? sf_raw6(SF_NR_landlock_add_rule, fd, RULE_PATH_BENEATH,
						(long)&pb, 0, 0, 0)
				      : 0;
	}
	if (given < -1)
		sf_raw_close((int)pfd);
	return e;
}

int sf_ll_add_rules(int fd, const struct sf_landlock *l, int abi, const int *pfds, char *why,
		    size_t size)
{
	struct sf_ll_attr attr;
	long e;

	sf_ll_attr_for(l, abi, &attr);
	if (attr.handled_access_fs)
		for (size_t i = 0; i < l->npaths; i++)
			if ((e = add_path(fd, &l->paths[i], attr.handled_access_fs,
					  pfds ? pfds[i] : -2)) < 0)
				return fail(why, size, "cannot add the path rule for ",
					    l->paths[i].path, e);
	if (attr.handled_access_net)
		for (size_t i = 0; i < l->nports; i++) {
			struct net_port_attr np = {l->ports[i].bind ? SF_LL_NET_BIND_TCP
								    : SF_LL_NET_CONNECT_TCP,
						   l->ports[i].port};

			e = sf_raw6(SF_NR_landlock_add_rule, fd, RULE_NET_PORT, (long)&np, 0, 0, 0);
			if (e < 0)
				return fail(why, size, "cannot add a port rule", NULL, e);
		}
	return 0;
}

int sf_ll_ruleset(const struct sf_landlock *l, int abi, const int *pfds, int *fd, char *why,
		  size_t size)
{
	struct sf_ll_attr attr;
	size_t asize = sf_ll_attr_for(l, abi, &attr);
	long r;

	*fd = -1;
	if (!attr.handled_access_fs && !attr.handled_access_net && !attr.scoped)
		return 0;
	r = sf_raw6(SF_NR_landlock_create_ruleset, (long)&attr, (long)asize, 0, 0, 0, 0);
	if (r < 0)
		return fail(why, size, "cannot create a Landlock ruleset", NULL, r);
	if (sf_ll_add_rules((int)r, l, abi, pfds, why, size)) {
		sf_raw_close((int)r);
		return -1;
	}
	*fd = (int)r;
	return 0;
}

#define RESTRICT_SELF_LOG_NEW_EXEC_ON (1u << 1)

unsigned sf_ll_restrict_flags(int abi)
{
	return abi >= 7 ? RESTRICT_SELF_LOG_NEW_EXEC_ON : 0;
}

int sf_ll_restrict_self(int fd, int abi, char *why, size_t size)
{
	long r = sf_raw_prctl(PR_SET_NO_NEW_PRIVS, 1);

	if (r)
		return fail(why, size, "cannot set no_new_privs", NULL, r);
	r = sf_raw6(SF_NR_landlock_restrict_self, fd, sf_ll_restrict_flags(abi), 0, 0, 0, 0);
	if (r)
		return fail(why, size, "the kernel refused the Landlock ruleset", NULL, r);
	return 0;
}

int sf_ll_single_thread(char *why, size_t size)
{
	int n = sf_self_status_number("\nThreads:");

	if (n == 1)
		return 0;
	return fail(why, size,
		    n < 0 ? "path, port and scope rules need a process with one thread, and "
			    "/proc/self/status cannot be read to tell"
			  : "path, port and scope rules need a process with one thread (Landlock "
			    "restricts the calling thread only)",
		    NULL, 0);
}

int sf_ll_enforce(const struct sf_landlock *l, int abi, int strict, char *why, size_t size)
{
	int fd, r;

	if (!sf_landlock_any(l))
		return 0;
	if (sf_ll_negotiate(l, abi, strict, why, size))
		return -1;
	if (sf_ll_ruleset(l, abi, NULL, &fd, why, size))
		return -1;
	if (fd < 0)
		return 0;
	r = sf_ll_restrict_self(fd, abi, why, size);
	sf_raw_close(fd);
	return r;
}

static uint64_t fold(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t sf_ll_hash(uint64_t h, const struct sf_landlock *l)
{
	if (!sf_landlock_any(l))
		return h;
	for (size_t i = 0; i < l->npaths; i++) {
		h = fold(h, l->paths[i].path, sf_strlen(l->paths[i].path) + 1);
		h = fold(h, &l->paths[i].access, sizeof l->paths[i].access);
	}
	for (size_t i = 0; i < l->nports; i++) {
		h = fold(h, &l->ports[i].port, sizeof l->ports[i].port);
		h = fold(h, &l->ports[i].bind, 1);
	}
	h = fold(h, &l->scopes, sizeof l->scopes);
	return fold(h, &l->strict, sizeof l->strict);
}
