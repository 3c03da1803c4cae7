/* Argument names as the man pages spell them, and the kernel's names that
 * rules use: `openat: dirfd == AT_FDCWD` is answered "did you mean 'dfd'
 * (the man page's 'dirfd')?". A man name may stand for several kernel
 * names; the first that the syscall has is meant (pathname is openat's
 * filename, readlink's path). */
#include <string.h>

#include "parse_int.h"

static const struct {
	const char *man, *kernel;
} names[] = {
    {"dirfd", "dfd"},
    {"olddirfd", "olddfd"},
    {"newdirfd", "newdfd"},
    {"pathname", "filename"},
    {"pathname", "path"},
    {"path", "filename"},
    {"oldpath", "oldname"},
    {"newpath", "newname"},
    {"length", "len"},
    {"length", "len_in"},
    {"offset", "off"},
    {"offset", "pos"},
    {"sockfd", "fd"},
    {"domain", "family"},
    {"request", "cmd"},
    {"op", "cmd"},
    {"flags", "flag"},
    {"flags", "clone_flags"},
    {"stack", "newsp"},
    {"parent_tid", "parent_tidptr"},
    {"child_tid", "child_tidptr"},
    {"status", "error_code"},
    {"pid", "upid"},
    {"tid", "pid"},
    {"wstatus", "stat_addr"},
    {"rusage", "ru"},
    {"addr", "start"},
    {"addr", "umyaddr"},
    {"addr", "uservaddr"},
    {"addr", "upeer_sockaddr"},
    {"addr", "arg2"},
    {"addrlen", "addr_len"},
    {"addrlen", "upeer_addrlen"},
    {"src_addr", "addr"},
    {"dest_addr", "addr"},
    {"buf", "buff"},
    {"buf", "ubuf"},
    {"len", "size"},
    {"buflen", "len"},
    {"advice", "behavior"},
    {"statxbuf", "buffer"},
    {"dirp", "dirent"},
    {"new_limit", "new_rlim"},
    {"old_limit", "old_rlim"},
    {"cpusetsize", "len"},
    {"mask", "user_mask_ptr"},
    {"persona", "personality"},
    {"code", "option"},
};

const char *sf_man_argname(const struct sf_syscall *sc, const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i].man) != len || memcmp(names[i].man, name, len) != 0)
			continue;
		for (int a = 0; a < sc->nargs; a++)
			if (strcmp(sc->args[a].name, names[i].kernel) == 0)
				return names[i].kernel;
	}
	return NULL;
}
