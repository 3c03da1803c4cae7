/* musl's search for a shared object (ldso/dynlink.c, load_library):
 * names of the C library itself are the loader; a name with '/' is opened
 * as it is; otherwise LD_LIBRARY_PATH, then the DT_RUNPATH (or, without
 * one, DT_RPATH) of the object that asks and of those that loaded it,
 * then the system path. The first file that opens is taken: musl does not
 * pass over a file of another class. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loaderpaths_int.h"

static int opens(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* path_open: the entries of list, split at ':' and newlines. */
static int in_list(const char *list, const char *name, char *path, size_t size)
{
	for (const char *s = list; *s;) {
		size_t n;

		s += strspn(s, ":\n");
		n = strcspn(s, ":\n");
		if (n && !lp_join(path, size, s, n, name) && opens(path))
			return 0;
		s += n;
	}
	return 1;
}

/* fixup_rpath: $ORIGIN and ${ORIGIN} are the directory of the object (of
 * the program: /proc/self/exe); a path with any other '$' is not used. */
static int expand(struct lp_walk *w, int i, const char *rpath, char *out, size_t size)
{
	const char *origin = ".", *slash;
	size_t o = 0, len = 1;

	for (const char *t = strchr(rpath, '$'); t; t = strchr(t + 1, '$'))
		if (strncmp(t, "$ORIGIN", 7) && strncmp(t, "${ORIGIN}", 9))
			return -1;
	if (!strchr(rpath, '$')) {
		/* nothing to expand */
	} else if (i == 0) {
		origin = lp_origin(w);
		if (!origin)
			return -1;
		len = strlen(origin);
	} else {
		origin = w->obj[i].path;
		slash = strrchr(origin, '/');
		len = slash ? (size_t)(slash - origin) : 1;
		if (!slash)
			origin = ".";
	}
	for (const char *s = rpath; *s;) {
		if (*s == '$') {
			if (o + len >= size)
				return -1;
			memcpy(out + o, origin, len);
			o += len;
			s += s[1] == '{' ? 9 : 7;
			continue;
		}
		if (o + 1 >= size)
			return -1;
		out[o++] = *s++;
	}
	out[o] = 0;
	return 0;
}

/* The system path: the file next to the loader's prefix (PT_INTERP
 * without its last two components: /lib/ld-musl-x86_64.so.1 gives
 * /etc/ld-musl-x86_64.path), read once, else musl's default. */
static const char *sys_path(struct lp_walk *w)
{
	const char *arch = w->machine == EM_AARCH64 ? "aarch64" : "x86_64";
	const char *z = w->interp, *t = w->interp;
	char file[PATH_MAX];
	struct stat st;
	int fd;

	if (w->sys_path)
		return w->sys_path;
	for (const char *s = w->interp; *s; s++)
		if (*s == '/')
			z = t, t = s;
	snprintf(file, sizeof file, "%.*s/etc/ld-musl-%s.path",
		 w->interp[0] == '/' ? (int)(z - w->interp) : 0, w->interp, arch);
	fd = openat(AT_FDCWD, file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		w->sys_path = strdup(errno == ENOENT ? "/lib:/usr/local/lib:/usr/lib" : "");
		return w->sys_path;
	}
	if (!fstat(fd, &st) && (w->sys_path = calloc(1, (size_t)st.st_size + 1)) &&
	    read(fd, w->sys_path, (size_t)st.st_size) != st.st_size)
		w->sys_path[0] = 0;
	close(fd);
	if (!w->sys_path)
		return NULL;
	return lp_out(w, file, SF_LOADPATH_CONFIG, 0) ? NULL : w->sys_path;
}

int lp_musl_find(struct lp_walk *w, int by, const char *name, char *path, size_t size)
{
	const char *env = lp_getenv(w, "LD_LIBRARY_PATH"), *sys;
	char rpath[8192];

	if (strchr(name, '/')) {
		if ((size_t)snprintf(path, size, "%s", name) >= size)
			return 1;
		return opens(path) ? 0 : 1;
	}
	if (strlen(name) > NAME_MAX)
		return 1;
	if (env && !in_list(env, name, path, size))
		return 0;
	for (int p = by; p >= 0; p = w->obj[p].needed_by) {
		const struct lp_obj *o = &w->obj[p];
		const char *rp = o->dyn.runpath ? o->dyn.runpath : o->dyn.rpath;

		if (rp && !expand(w, p, rp, rpath, sizeof rpath) &&
		    !in_list(rpath, name, path, size))
			return 0;
	}
	sys = sys_path(w);
	if (!sys) {
		snprintf(w->err, w->errlen, "out of memory");
		return -1;
	}
	return in_list(sys, name, path, size);
}

int lp_musl_loaded(const struct lp_walk *w, const char *name)
{
	/* The C library's names stand for the loader, which is libc. */
	static const char *const reserved[] = {"c.",  "pthread.", "rt.",   "m.",
					       "dl.", "util.",	  "xnet.", NULL};

	if (!strncmp(name, "lib", 3))
		for (const char *const *r = reserved; *r; r++)
			if (!strncmp(name + 3, *r, strlen(*r)))
				return 1;
	if (!strcmp(name, w->interp))
		return 1;
	if (strchr(name, '/'))
		return -1;
	for (size_t i = 1; i < w->nobj; i++)
		if (w->obj[i].name && !strcmp(w->obj[i].name, name))
			return (int)i;
	return -1;
}

int lp_musl_preloads(struct lp_walk *w)
{
	const char *env = lp_getenv(w, "LD_PRELOAD");

	for (const char *s = env; s && *s;) {
		char name[PATH_MAX];
		size_t n;

		s += strspn(s, " \t\n\v\f\r:");
		n = strcspn(s, " \t\n\v\f\r:");
		if (n && n < sizeof name) {
			memcpy(name, s, n);
			name[n] = 0;
			if (lp_load(w, -1, name))
				return -1;
		}
		s += n;
	}
	return 0;
}
