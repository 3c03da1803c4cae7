/* Group lookup and expansion. Groups nest (@system-service includes
 * @basic-io); expansion follows the nesting to a fixed depth, which the
 * generated tables never reach, so a cycle cannot hang the parser. */
#include <string.h>

#include "groups.h"

#define MAX_GROUP_DEPTH 8

/* What exec and the glibc and musl loaders call between execve and main,
 * and what the shim calls to read its policies and install them (the
 * names of loader.c's lists, which add argument conditions this group
 * cannot carry: give openat or write their own rule to keep those). */
static const char m_dynamic_loader[] =
    "execve brk arch_prctl set_tid_address set_robust_list rseq "
    "prlimit64 getrandom mmap mprotect munmap mremap openat "
    "open read pread64 close fstat newfstatat "
    "stat statx access faccessat readlink lseek "
    "rt_sigaction rt_sigprocmask sigaltstack getpid gettid futex "
    "prctl seccomp exit_group write";

static const struct sf_group sf_own_groups[] = {
    {"dynamic-loader",
     "What exec, the glibc and musl dynamic loaders and the sf shim call before main",
     m_dynamic_loader},
};

#define OWN_COUNT (sizeof(sf_own_groups) / sizeof(sf_own_groups[0]))

const struct sf_group *sf_group_at(size_t i)
{
	if (i < sf_groups_systemd_count)
		return &sf_groups_systemd[i];
	i -= sf_groups_systemd_count;
	return i < OWN_COUNT ? &sf_own_groups[i] : NULL;
}

const struct sf_group *sf_group_lookup(const char *name, size_t len)
{
	const struct sf_group *g;

	for (size_t i = 0; (g = sf_group_at(i)); i++)
		if (strlen(g->name) == len && memcmp(g->name, name, len) == 0)
			return g;
	return NULL;
}

const char *sf_group_member(const char **pos, size_t *len)
{
	const char *p = *pos, *start;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return NULL;
	start = p;
	while (*p && *p != ' ')
		p++;
	*len = (size_t)(p - start);
	*pos = p;
	return start;
}

static void expand(const struct sf_group *g, const struct sf_syscall_table *t, unsigned char *seen,
		   int depth)
{
	const struct sf_syscall *sc;
	const struct sf_group *sub;

	if (depth > MAX_GROUP_DEPTH)
		return;
	const char *pos = g->members, *m;
	size_t len;

	while ((m = sf_group_member(&pos, &len))) {
		if (*m == '@') {
			sub = sf_group_lookup(m + 1, len - 1);
			if (sub)
				expand(sub, t, seen, depth + 1);
			continue;
		}
		sc = sf_syscall_by_name_len(t, m, len);
		if (sc)
			seen[sc - t->calls] = 1;
	}
}

void sf_group_expand(const struct sf_group *g, const struct sf_syscall_table *t,
		     unsigned char *seen)
{
	expand(g, t, seen, 0);
}
