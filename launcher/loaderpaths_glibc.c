/* glibc's search for a shared object (ld.so(8), elf/dl-load.c), for a
 * 64-bit x86 or arm program on the system sf-run runs on. Some of it is
 * fixed when glibc is built (the default directories, $LIB); the
 * multiarch layout (Debian, Ubuntu) is told by /lib/TRIPLET existing. The
 * subdirectories searched under each directory are those of glibc 2.33 to
 * 2.36: glibc-hwcaps/x86-64-vN, then the legacy hwcap ones (tls, the
 * platform, avx512_1, x86_64, every combination), which later glibc no
 * longer searches: where they do not exist, as nearly everywhere, both
 * find the same file. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loaderpaths_int.h"

#define LD_SO_CACHE "/etc/ld.so.cache"
#define LD_SO_PRELOAD "/etc/ld.so.preload"

static void add_subdir(struct lp_walk *w, const char *s)
{
	if (w->nsubdirs < sizeof w->subdirs / sizeof w->subdirs[0])
		snprintf(w->subdirs[w->nsubdirs++], sizeof w->subdirs[0], "%s", s);
}

/* The legacy subdirectories: every combination of the components, in
 * order, the longest first (binary counting down, the first component
 * the highest bit). */
static void add_legacy(struct lp_walk *w, const char *const *comp, int n)
{
	for (int mask = (1 << n) - 1; mask > 0; mask--) {
		char sub[64] = "";

		for (int i = 0; i < n; i++) {
			if (!(mask & (1 << (n - 1 - i))))
				continue;
			strncat(sub, comp[i], sizeof sub - strlen(sub) - 1);
			strncat(sub, "/", sizeof sub - strlen(sub) - 1);
		}
		add_subdir(w, sub);
	}
}

#if defined(__x86_64__)
/* The CPU's features as the kernel lists them in /proc/cpuinfo, not by
 * cpuid: libgcc's __builtin_cpu_* brings a constructor that runs cpuid at
 * every start of sf-run, and cpuid traps to the hypervisor on many
 * virtual machines (tens of microseconds), for the few runs with path
 * rules that need the answer. */
struct cpu {
	char flags[4096]; /* " fpu vme ... " */
	int intel;
};

static void read_cpu(struct cpu *c)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "re");
	int have_flags = 0;

	memset(c, 0, sizeof *c);
	if (!f)
		return;
	while (fgets(line, sizeof line, f) && !have_flags) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		if (!strncmp(line, "vendor_id", 9))
			c->intel = strstr(colon, "GenuineIntel") != NULL;
		if (!strncmp(line, "flags", 5)) {
			colon[strcspn(colon, "\n")] = 0;
			snprintf(c->flags, sizeof c->flags, "%s ", colon + 1);
			have_flags = 1;
		}
	}
	fclose(f);
}

static int has(const struct cpu *c, const char *flag)
{
	char word[64];

	snprintf(word, sizeof word, " %s ", flag);
	return strstr(c->flags, word) != NULL;
}

static int has_all(const struct cpu *c, const char *const *flags)
{
	for (; *flags; flags++)
		if (!has(c, *flags))
			return 0;
	return 1;
}

/* glibc's x86 start-up (sysdeps/x86/cpu-features.c, isa-level.c): the
 * x86-64 levels by their features (the kernel's names: pni is SSE3, abm
 * LZCNT); on Intel CPUs the platform becomes "haswell" or "xeon_phi", and
 * AVX-512 sets avx512_1. */
static void hwcap_subdirs(struct lp_walk *w)
{
	static const char *const levels[] = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
	static const char *const v2[] = {"cx16",   "lahf_lm", "popcnt", "pni",
					 "sse4_1", "sse4_2",  "ssse3",	NULL};
	static const char *const v3[] = {"avx", "avx2", "bmi1",	 "bmi2",  "f16c",
					 "fma", "abm",	"movbe", "xsave", NULL};
	static const char *const v4[] = {"avx512f",  "avx512bw", "avx512cd",
					 "avx512dq", "avx512vl", NULL};
	static const char *const haswell[] = {"avx2", "fma",   "bmi1",	 "bmi2",
					      "abm",  "movbe", "popcnt", NULL};
	struct cpu c;
	int v[3], avx512_1 = 0;
	const char *comp[4];
	int n = 0;

	read_cpu(&c);
	v[2] = has_all(&c, v2);
	v[1] = v[2] && has_all(&c, v3);
	v[0] = v[1] && has_all(&c, v4);
	for (int i = 0, k = 0; i < 3; i++) {
		if (!v[i])
			continue;
		char sub[64];

		snprintf(sub, sizeof sub, "glibc-hwcaps/%s/", levels[i]);
		add_subdir(w, sub);
		w->hwcaps[k++] = levels[i];
	}
	if (c.intel) {
		if (has(&c, "avx512cd")) {
			if (has(&c, "avx512er")) {
				if (has(&c, "avx512pf"))
					snprintf(w->platform, sizeof w->platform, "xeon_phi");
			} else if (has(&c, "avx512bw") && has(&c, "avx512dq") &&
				   has(&c, "avx512vl")) {
				avx512_1 = 1;
			}
		}
		if (strcmp(w->platform, "xeon_phi") && has_all(&c, haswell))
			snprintf(w->platform, sizeof w->platform, "haswell");
	}
	/* Only these platforms name a legacy subdirectory. */
	comp[n++] = "tls";
	if (!strcmp(w->platform, "haswell") || !strcmp(w->platform, "xeon_phi"))
		comp[n++] = w->platform;
	if (avx512_1)
		comp[n++] = "avx512_1";
	comp[n++] = "x86_64";
	add_legacy(w, comp, n);
}
#else
static void hwcap_subdirs(struct lp_walk *w)
{
	static const char *const comp[] = {"tls"};

	add_legacy(w, comp, 1);
}
#endif

/* What depends on the CPU: the subdirectories, the glibc-hwcaps names
 * and the platform. Reading /proc/cpuinfo costs more than the rest of the
 * search for most programs, and is needed only where a directory has a
 * subdirectory the search adds, where the cache has glibc-hwcaps entries
 * for a name, or where a run path says $PLATFORM: most systems have none. */
static void cpu_init(struct lp_walk *w)
{
	if (w->cpu_ready)
		return;
	w->cpu_ready = 1;
	hwcap_subdirs(w);
	add_subdir(w, "");
}

static void init(struct lp_walk *w)
{
	const char *triplet = w->machine == EM_AARCH64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
	const char *at_platform = (const char *)getauxval(AT_PLATFORM);
	char multi[64];
	struct stat st;

	if (w->glibc_ready)
		return;
	w->glibc_ready = 1;
	if (!at_platform || lp_cat(w->platform, sizeof w->platform, "", 0, at_platform, "", ""))
		w->platform[0] = 0;
	/* Without printf, which costs as much as the stat. The strings fit. */
	lp_cat(multi, sizeof multi, "/lib/", 5, triplet, "", "");
	if (!stat(multi, &st) && S_ISDIR(st.st_mode)) {
		lp_cat(w->lib, sizeof w->lib, "lib/", 4, triplet, "", "");
		lp_cat(w->defaults[0], sizeof w->defaults[0], "/lib/", 5, triplet, "", "");
		lp_cat(w->defaults[1], sizeof w->defaults[1], "/usr/lib/", 9, triplet, "", "");
		lp_cat(w->defaults[2], sizeof w->defaults[2], "/lib", 4, "", "", "");
		lp_cat(w->defaults[3], sizeof w->defaults[3], "/usr/lib", 8, "", "", "");
		w->ndefaults = 4;
	} else {
		lp_cat(w->lib, sizeof w->lib, "lib64", 5, "", "", "");
		lp_cat(w->defaults[0], sizeof w->defaults[0], "/lib64", 6, "", "", "");
		lp_cat(w->defaults[1], sizeof w->defaults[1], "/usr/lib64", 10, "", "", "");
		w->ndefaults = 2;
	}
}

/* The directory of object i's file: $ORIGIN. */
static void origin_of(struct lp_walk *w, int i, char *out, size_t size)
{
	const char *p, *slash;

	if (i <= 0) {
		p = lp_origin(w);
		snprintf(out, size, "%s", p ? p : "");
		return;
	}
	p = w->obj[i].path;
	slash = strrchr(p, '/');
	if (!slash)
		snprintf(out, size, ".");
	else if (slash == p)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - p), p);
}

/* The length of a dynamic string token $NAME or ${NAME} at s, or 0. An
 * unbraced one ends where a name cannot go on. */
static size_t is_dst(const char *s, const char *name)
{
	size_t n = strlen(name);

	if (s[1] == '{')
		return !strncmp(s + 2, name, n) && s[2 + n] == '}' ? n + 3 : 0;
	if (strncmp(s + 1, name, n))
		return 0;
	return s[1 + n] == '_' || (s[1 + n] >= 'a' && s[1 + n] <= 'z') ||
		       (s[1 + n] >= 'A' && s[1 + n] <= 'Z') || (s[1 + n] >= '0' && s[1 + n] <= '9')
		   ? 0
		   : n + 1;
}

/* in with $ORIGIN (of object owner), $LIB and $PLATFORM replaced. -1 when
 * it does not fit. */
static int expand(struct lp_walk *w, int owner, const char *in, char *out, size_t size)
{
	size_t o = 0;

	for (const char *s = in; *s;) {
		char origin[PATH_MAX];
		const char *value = NULL;
		size_t n = 0;

		if (*s == '$') {
			if ((n = is_dst(s, "ORIGIN"))) {
				origin_of(w, owner, origin, sizeof origin);
				value = origin;
			} else if ((n = is_dst(s, "LIB"))) {
				value = w->lib;
			} else if ((n = is_dst(s, "PLATFORM"))) {
				cpu_init(w);
				value = w->platform;
			}
		}
		if (!value) {
			value = s;
			n = 1;
			if (o + 1 >= size)
				return -1;
			out[o++] = *s;
		} else {
			size_t len = strlen(value);

			if (o + len >= size)
				return -1;
			memcpy(out + o, value, len);
			o += len;
		}
		s += n;
	}
	out[o] = 0;
	return 0;
}

/* Every subdirectory the search adds begins with one of these (on any
 * CPU): a directory without any of them is searched by itself. */
static const char *const first_parts[] = {"glibc-hwcaps", "tls",      "haswell",
					  "xeon_phi",	  "avx512_1", "x86_64"};

enum {
	LP_DIR_MISSING, /* nothing can be opened beneath it */
	LP_DIR_PLAIN,	/* there, without any subdirectory the search adds */
	LP_DIR_SUBDIRS, /* there, with one at least: every one is tried */
};

/* Whether path cannot be there for the loader: an error its open of a
 * file beneath would share. Any other error counts as there. */
static int absent(const char *path)
{
	struct stat st;

	if (!stat(path, &st))
		return 0;
	return errno == ENOENT || errno == ENOTDIR || errno == EACCES || errno == ELOOP ||
	       errno == ENAMETOOLONG;
}

/* What the directory dir (len bytes) holds for the search, once a
 * directory: one stat of it and one of each first part, where trying a
 * name in every subdirectory costs an open each, for each name. */
static int dir_kind(struct lp_walk *w, const char *dir, size_t len)
{
	char path[PATH_MAX];
	int kind = LP_DIR_PLAIN;

	for (size_t i = 0; i < w->ndirs; i++)
		if (!strncmp(w->dirs[i].path, dir, len) && !w->dirs[i].path[len])
			return w->dirs[i].kind;
	if (lp_cat(path, sizeof path, dir, len, "", "", ""))
		return LP_DIR_SUBDIRS; /* the old way: each name as it fits */
	if (absent(path)) {
		kind = LP_DIR_MISSING;
	} else {
		for (size_t i = 0; i < sizeof first_parts / sizeof first_parts[0]; i++)
			if (lp_join(path, sizeof path, dir, len, first_parts[i]) || !absent(path)) {
				kind = LP_DIR_SUBDIRS;
				break;
			}
	}
	if (w->ndirs < sizeof w->dirs / sizeof w->dirs[0]) {
		char *copy = strndup(dir, len);

		if (copy) {
			w->dirs[w->ndirs].path = copy;
			w->dirs[w->ndirs++].kind = kind;
		}
	}
	return kind;
}

/* Tries name in one directory and its subdirectories, as open_path does. */
static int in_dir(struct lp_walk *w, const char *dir, size_t len, const char *name, char *path,
		  size_t size)
{
	int exists;

	if (!len) {
		dir = ".";
		len = 1;
	}
	while (len > 1 && dir[len - 1] == '/')
		len--;
	switch (dir_kind(w, dir, len)) {
	case LP_DIR_MISSING:
		return 1;
	case LP_DIR_PLAIN:
		if (lp_cat(path, size, dir, len, dir[len - 1] == '/' ? "" : "/", name, ""))
			return 1;
		return lp_usable(w, path, &exists) ? 0 : 1;
	default:
		cpu_init(w);
	}
	for (size_t i = 0; i < w->nsubdirs; i++) {
		if (lp_cat(path, size, dir, len, dir[len - 1] == '/' ? "" : "/", w->subdirs[i],
			   name))
			continue;
		if (lp_usable(w, path, &exists))
			return 0;
	}
	return 1;
}

/* Searches a list of directories (an RPATH of object owner's, or
 * LD_LIBRARY_PATH), split at any of seps. */
static int in_list(struct lp_walk *w, int owner, const char *list, const char *seps,
		   const char *name, char *path, size_t size)
{
	char dirs[8192];

	if (expand(w, owner, list, dirs, sizeof dirs))
		return 1;
	for (const char *s = dirs;;) {
		size_t n = strcspn(s, seps);

		if (!in_dir(w, s, n, name, path, size))
			return 0;
		if (!s[n])
			return 1;
		s += n + 1;
	}
}

static int in_cache(struct lp_walk *w, const char *name, char *path, size_t size)
{
	int exists, r;

	if (!w->cache_state) {
		int r = sf_ldcache_open_kept(&w->cache, LD_SO_CACHE, w->err, w->errlen);

		/* A cache glibc cannot read either is passed over by it. */
		w->cache_state = r == 0 ? 1 : -1;
		if (r == 0 && lp_out(w, LD_SO_CACHE, SF_LOADPATH_CONFIG, 0))
			return -1;
	}
	if (w->cache_state != 1)
		return 1;
	r = sf_ldcache_lookup(w->cache, name, w->machine, w->cpu_ready ? w->hwcaps : NULL, path,
			      size);
	if (r == 1) {
		cpu_init(w);
		r = sf_ldcache_lookup(w->cache, name, w->machine, w->hwcaps, path, size);
	}
	if (r)
		return 1;
	return lp_usable(w, path, &exists) ? 0 : 1;
}

int lp_glibc_find(struct lp_walk *w, int by, const char *name, char *path, size_t size)
{
	const struct lp_obj *req = &w->obj[by];
	const char *llp = lp_getenv(w, "LD_LIBRARY_PATH");
	int exists, r;

	init(w);
	if (strchr(name, '/')) {
		if (expand(w, by, name, path, size))
			return 1;
		lp_usable(w, path, &exists);
		return exists ? 0 : 1;
	}
	/* An object with DT_RUNPATH uses no DT_RPATH, its own or its
	 * loaders'; each loader's DT_RPATH counts unless it has a
	 * DT_RUNPATH itself; the program's last, once. */
	if (!req->dyn.runpath) {
		int did_main = 0;

		for (int l = by; l >= 0; l = w->obj[l].needed_by) {
			const struct lp_obj *o = &w->obj[l];

			if (!o->dyn.rpath || o->dyn.runpath)
				continue;
			if (!in_list(w, l, o->dyn.rpath, ":", name, path, size))
				return 0;
			did_main |= l == 0;
		}
		if (!did_main && w->obj[0].dyn.rpath && !w->obj[0].dyn.runpath &&
		    !in_list(w, 0, w->obj[0].dyn.rpath, ":", name, path, size))
			return 0;
	}
	if (llp && *llp && !in_list(w, 0, llp, ":;", name, path, size))
		return 0;
	if (req->dyn.runpath && !in_list(w, by, req->dyn.runpath, ":", name, path, size))
		return 0;
	if (req->dyn.nodeflib)
		return 1;
	r = in_cache(w, name, path, size);
	if (r <= 0)
		return r;
	for (size_t i = 0; i < w->ndefaults; i++)
		if (!in_dir(w, w->defaults[i], strlen(w->defaults[i]), name, path, size))
			return 0;
	return 1;
}

int lp_glibc_loaded(const struct lp_walk *w, const char *name)
{
	/* The program is not found by a name (its l_name is empty). */
	for (size_t i = 1; i < w->nobj; i++) {
		const struct lp_obj *o = &w->obj[i];

		if ((o->name && !strcmp(o->name, name)) ||
		    (o->dyn.soname && !strcmp(o->dyn.soname, name)) || !strcmp(o->path, name))
			return (int)i;
	}
	return -1;
}

/* Each name in list, split at any of seps, skipping '#' comments when
 * comments is set, loaded for the program. */
static int load_list(struct lp_walk *w, const char *list, const char *seps, int comments)
{
	for (const char *s = list; *s;) {
		char name[PATH_MAX];
		size_t n;

		if (strchr(seps, *s)) {
			s++;
			continue;
		}
		if (comments && *s == '#') {
			s += strcspn(s, "\n");
			continue;
		}
		n = strcspn(s, seps);
		if (comments && strcspn(s, "#") < n)
			n = strcspn(s, "#");
		if (n < sizeof name) {
			memcpy(name, s, n);
			name[n] = 0;
			if (lp_load(w, 0, name))
				return -1;
		}
		s += n;
	}
	return 0;
}

int lp_glibc_preloads(struct lp_walk *w)
{
	const char *env = lp_getenv(w, "LD_PRELOAD");
	char buf[16384];
	ssize_t n;
	int fd;

	if (env && load_list(w, env, " :", 0))
		return -1;
	fd = openat(AT_FDCWD, LD_SO_PRELOAD, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (lp_out(w, LD_SO_PRELOAD, SF_LOADPATH_CONFIG, 0))
		return -1;
	if (n <= 0)
		return 0;
	buf[n] = 0;
	return load_list(w, buf, " \t\n:", 1);
}
