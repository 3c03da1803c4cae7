/* Naming a value: the system headers often give one value several names
 * (AF_UNIX, AF_LOCAL, AF_FILE; FIONREAD, TIOCINQ), and prctl's sub-option
 * names reuse the options' small numbers (PR_SET_MM_MAP_SIZE is 15, as is
 * PR_SET_NAME). A policy names the one a reader expects, or writes the
 * number. Only names of the constant table are used: the policy must
 * compile again. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "constants.h"
#include "constname.h"

#define MAX_CANDIDATES 32

/* Which constants an argument takes, by the argument names of the
 * syscall tables. */
static const struct {
	const char *call, *arg;
	enum sf_const_domain domain;
} args[] = {
    {"socket", "family", SF_DOM_FAMILY},
    {"socketpair", "family", SF_DOM_FAMILY},
    {"socket", "type", SF_DOM_SOCKTYPE},
    {"socketpair", "type", SF_DOM_SOCKTYPE},
    {"ioctl", "cmd", SF_DOM_IOCTL},
    {"prctl", "option", SF_DOM_PRCTL},
    {"fcntl", "cmd", SF_DOM_FCNTL},
    {"fcntl64", "cmd", SF_DOM_FCNTL},
    {"kill", "sig", SF_DOM_SIGNAL},
    {"tkill", "sig", SF_DOM_SIGNAL},
    {"tgkill", "sig", SF_DOM_SIGNAL},
    {"rt_sigaction", "sig", SF_DOM_SIGNAL},
    {"lseek", "whence", SF_DOM_WHENCE},
    {"madvise", "behavior", SF_DOM_MADVISE},
    {"mmap", "prot", SF_DOM_PROT},
    {"mmap2", "prot", SF_DOM_PROT},
    {"mprotect", "prot", SF_DOM_PROT},
    {"pkey_mprotect", "prot", SF_DOM_PROT},
    {"mmap", "flags", SF_DOM_MAP},
    {"mmap2", "flags", SF_DOM_MAP},
    {"clone", "clone_flags", SF_DOM_CLONE},
    {"unshare", "unshare_flags", SF_DOM_CLONE},
    {"setns", "flags", SF_DOM_CLONE},
    {"open", "flags", SF_DOM_OPEN},
    {"openat", "flags", SF_DOM_OPEN},
    {"personality", "personality", SF_DOM_PERSONA},
    {"pipe2", "flags", SF_DOM_OPEN},
    {"dup3", "flags", SF_DOM_OPEN},
    {"clock_gettime", "which_clock", SF_DOM_CLOCK},
    {"clock_getres", "which_clock", SF_DOM_CLOCK},
    {"clock_nanosleep", "which_clock", SF_DOM_CLOCK},
    {"shutdown", "how", SF_DOM_SHUT},
    {"epoll_ctl", "op", SF_DOM_EPOLL_CTL},
    {"getrandom", "flags", SF_DOM_GRND},
    {"eventfd2", "flags", SF_DOM_EFD},
    {"memfd_create", "flags", SF_DOM_MFD},
    {"renameat2", "flags", SF_DOM_RENAME},
    {"mount", "flags", SF_DOM_MOUNT},
    {"msync", "flags", SF_DOM_MSYNC},
    {"mlockall", "flags", SF_DOM_MCL},
    {"mremap", "flags", SF_DOM_MREMAP},
    {"splice", "flags", SF_DOM_SPLICE},
    {"tee", "flags", SF_DOM_SPLICE},
    {"vmsplice", "flags", SF_DOM_SPLICE},
    {"fallocate", "mode", SF_DOM_FALLOC},
    {"flock", "cmd", SF_DOM_LOCK},
    {"wait4", "options", SF_DOM_WAIT},
    {"waitid", "options", SF_DOM_WAIT},
};

/* Domains named by a prefix alone. */
static const struct {
	enum sf_const_domain domain;
	const char *prefix;
} prefixes[] = {
    {SF_DOM_CLOCK, "CLOCK_"},	  {SF_DOM_SHUT, "SHUT_"},	 {SF_DOM_EPOLL_CTL, "EPOLL_CTL_"},
    {SF_DOM_GRND, "GRND_"},	  {SF_DOM_EFD, "EFD_"},		 {SF_DOM_MFD, "MFD_"},
    {SF_DOM_RENAME, "RENAME_"},	  {SF_DOM_MCL, "MCL_"},		 {SF_DOM_MREMAP, "MREMAP_"},
    {SF_DOM_SPLICE, "SPLICE_F_"}, {SF_DOM_FALLOC, "FALLOC_FL_"}, {SF_DOM_LOCK, "LOCK_"},
};

/* msync's flags share mount's MS_ prefix and its small bits. */
static const char *const msync_flags[] = {"MS_ASYNC", "MS_SYNC", "MS_INVALIDATE", NULL};
static const char *const wait_flags[] = {
    "WNOHANG", "WUNTRACED", "WEXITED", "WCONTINUED", "WNOWAIT", NULL,
};

/* personality(2)'s flags, which have no common prefix. */
static const char *const persona_flags[] = {
    "UNAME26",		"ADDR_NO_RANDOMIZE",  "FDPIC_FUNCPTRS",
    "MMAP_PAGE_ZERO",	"ADDR_COMPAT_LAYOUT", "READ_IMPLIES_EXEC",
    "ADDR_LIMIT_32BIT", "SHORT_INODE",	      "WHOLE_SECONDS",
    "STICKY_TIMEOUTS",	"ADDR_LIMIT_3GB",     NULL,
};

/* Names that are aliases of a canonical one with the same value. */
static const char *const aliases[] = {
    "AF_LOCAL", "AF_FILE", "AF_ROUTE",	"AF_MAX",    "TIOCINQ",	   "SIGIOT",
    "SIGPOLL",	"SIGCLD",  "SEEK_MAX",	"MAP_ANON",  "MAP_FILE",   "O_NDELAY",
    "O_FSYNC",	"O_RSYNC", "F_GETLK64", "F_SETLK64", "F_SETLKW64", NULL,
};

/* Constants with a domain's prefix that are not its values: lockf's and
 * the lock types' F_*, seals; sizes and masks. */
static const char *const strangers[] = {
    "F_OK",	"F_LOCK",	  "F_TLOCK",	   "F_ULOCK",	"F_TEST",	"F_RDLCK",
    "F_WRLCK",	"F_UNLCK",	  "F_SHLCK",	   "F_EXLCK",	"SOCK_CLOEXEC", "SOCK_NONBLOCK",
    "MAP_TYPE", "MAP_HUGE_SHIFT", "MAP_HUGE_MASK", "O_ACCMODE", "O_LARGEFILE",	"PROT_NONE",
    NULL,
};

static int listed(const char *const *list, const char *name)
{
	for (const char *const *a = list; *a; a++)
		if (strcmp(*a, name) == 0)
			return 1;
	return 0;
}

static int prefixed(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

static int in_domain(enum sf_const_domain d, const char *name)
{
	if (listed(strangers, name))
		return 0;
	switch (d) {
	case SF_DOM_FAMILY:
		return prefixed(name, "AF_");
	case SF_DOM_SOCKTYPE:
		return prefixed(name, "SOCK_");
	case SF_DOM_IOCTL:
		return prefixed(name, "TC") || prefixed(name, "TIOC") || prefixed(name, "FIO");
	case SF_DOM_PRCTL:
		return prefixed(name, "PR_");
	case SF_DOM_FCNTL:
		return prefixed(name, "F_") && !prefixed(name, "F_SEAL_");
	case SF_DOM_SIGNAL:
		return prefixed(name, "SIG") && name[3] >= 'A' && name[3] <= 'Z';
	case SF_DOM_WHENCE:
		return prefixed(name, "SEEK_");
	case SF_DOM_MADVISE:
		return prefixed(name, "MADV_");
	case SF_DOM_PERSONA:
		return (prefixed(name, "PER_") && strcmp(name, "PER_MASK") != 0) ||
		       listed(persona_flags, name);
	case SF_DOM_PROT:
		return prefixed(name, "PROT_");
	case SF_DOM_MAP:
		return prefixed(name, "MAP_") && !prefixed(name, "MAP_HUGE_");
	case SF_DOM_CLONE:
		return prefixed(name, "CLONE_") && !prefixed(name, "CLONE_ARGS_");
	case SF_DOM_OPEN:
		return prefixed(name, "O_");
	case SF_DOM_MOUNT:
		return prefixed(name, "MS_") && !listed(msync_flags, name);
	case SF_DOM_MSYNC:
		return listed(msync_flags, name);
	case SF_DOM_WAIT:
		return listed(wait_flags, name);
	case SF_DOM_DIRFD:
	case SF_DOM_NONE:
		break;
	default:
		for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
			if (prefixes[i].domain == d)
				return prefixed(name, prefixes[i].prefix);
		break;
	}
	return 0;
}

enum sf_const_domain sf_const_domain(const char *call, const char *arg)
{
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		if (strcmp(args[i].call, call) == 0 && strcmp(args[i].arg, arg) == 0)
			return args[i].domain;
	return SF_DOM_NONE;
}

/* PR_SET_MM_START_CODE is a value of PR_SET_MM's argument: a name with a
 * shorter name of the table as its prefix (up to an '_') is a sub-option. */
static int is_suboption(const char *name)
{
	for (const char *u = strchr(name + 3, '_'); u; u = strchr(u + 1, '_'))
		if (sf_constant_lookup(name, (size_t)(u - name)))
			return 1;
	return 0;
}

/* Keeps the candidates for which keep() holds, unless none would remain. */
static size_t narrow(const char **c, size_t n, int (*keep)(const char *))
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (keep(c[i]))
			k++;
	if (!k)
		return n;
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (keep(c[i]))
			c[k++] = c[i];
	return k;
}

static int not_alias(const char *name)
{
	return !listed(aliases, name);
}

static int not_suboption(const char *name)
{
	return !is_suboption(name);
}

static int get_or_set(const char *name)
{
	return strncmp(name, "PR_GET_", 7) == 0 || strncmp(name, "PR_SET_", 7) == 0;
}

const char *sf_const_name(enum sf_const_domain domain, uint64_t value)
{
	const char *c[MAX_CANDIDATES];
	size_t n = 0;

	/* A descriptor's one name is negative, which the search below skips
	 * for every other domain: it is read as an int. */
	if (domain == SF_DOM_DIRFD)
		return (int32_t)value == AT_FDCWD ? "AT_FDCWD" : NULL;
	for (size_t i = 0; i < sf_constants_count && n < MAX_CANDIDATES; i++) {
		const struct sf_constant *k = &sf_constants[i];

		if ((uint64_t)k->value == value && k->value >= 0 && in_domain(domain, k->name))
			c[n++] = k->name;
	}
	if (n > 1)
		n = narrow(c, n, not_alias);
	if (n > 1 && domain == SF_DOM_PRCTL)
		n = narrow(c, n, not_suboption);
	if (n > 1 && domain == SF_DOM_PRCTL)
		n = narrow(c, n, get_or_set);
	return n == 1 ? c[0] : NULL;
}

static int is_bits(enum sf_const_domain d)
{
	return d >= SF_DOM_PROT;
}

static int put(char *buf, size_t size, size_t *len, const char *s)
{
	int n = snprintf(buf + *len, size - *len, "%s%s", *len ? "|" : "", s);

	if (n < 0 || (size_t)n >= size - *len)
		return 0;
	*len += (size_t)n;
	return 1;
}

int sf_const_format(enum sf_const_domain domain, uint64_t value, char *buf, size_t size)
{
	char tmp[256];
	size_t len = 0;
	const char *name;

	if (!size)
		return 0;
	tmp[0] = 0;
	if (!is_bits(domain)) {
		name = domain == SF_DOM_NONE ? NULL : sf_const_name(domain, value);
		if (!name || strlen(name) >= size)
			return 0;
		memcpy(buf, name, strlen(name) + 1);
		return 1;
	}
	if (!value) {
		snprintf(buf, size, "0");
		return 1;
	}
	/* O_ACCMODE is two bits, and its values are not flags. */
	if (domain == SF_DOM_OPEN && (value & 3) == 3) {
		if (!put(tmp, sizeof tmp, &len, "O_ACCMODE"))
			return 0;
		value &= ~(uint64_t)3;
	}
	for (int b = 0; b < 64; b++) {
		uint64_t bit = (uint64_t)1 << b;
		if (!(value & bit))
			continue;
		name = sf_const_name(domain, bit);
		if (!name || !put(tmp, sizeof tmp, &len, name))
			return 0;
	}
	if (len >= size)
		return 0;
	memcpy(buf, tmp, len + 1);
	return 1;
}
