#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ldcache.h"

/* The layout of glibc's sysdeps/generic/dl-cache.h, in this machine's
 * byte order (ldconfig writes the cache for the machine it runs on). */
#define CACHE_MAGIC "glibc-ld.so.cache1.1"
#define HEADER_SIZE 48 /* magic[20], nlibs, len_strings, flags..., ext_offset, 3 unused */
#define ENTRY_SIZE 24  /* flags, key, value, osversion, hwcap (64 bits) */
#define EXT_MAGIC 0xeaa42174u
#define EXT_TAG_HWCAPS 1u
#define HWCAP_EXTENSION (1ull << 62)

/* The entry flags the loader accepts (_dl_cache_check_flags): ELF libc6
 * for this machine's 64-bit ABI. */
#define FLAG_ELF_LIBC6 0x0003
#define FLAG_X8664_LIB64 0x0300
#define FLAG_AARCH64_LIB64 0x0a00

static uint32_t u32_at(const struct sf_ldcache *c, size_t off)
{
	uint32_t v;

	memcpy(&v, c->p + off, sizeof v);
	return v;
}

static uint64_t u64_at(const struct sf_ldcache *c, size_t off)
{
	uint64_t v;

	memcpy(&v, c->p + off, sizeof v);
	return v;
}

/* The NUL-ended string at off, or NULL when it runs out of the file. */
static const char *string_at(const struct sf_ldcache *c, uint32_t off)
{
	if (off >= c->size || !memchr(c->p + off, 0, c->size - off))
		return NULL;
	return (const char *)c->p + off;
}

/* The hwcaps section of the extension directory, when there is one. */
static void read_extension(struct sf_ldcache *c, uint32_t off)
{
	uint32_t count;

	if (!off || off % 4 || off > c->size || c->size - off < 8 || u32_at(c, off) != EXT_MAGIC)
		return;
	count = u32_at(c, off + 4);
	if (count > (c->size - off - 8) / 16)
		return;
	for (uint32_t i = 0; i < count; i++) {
		size_t s = off + 8 + (size_t)i * 16;
		uint32_t tag = u32_at(c, s), at = u32_at(c, s + 8), len = u32_at(c, s + 12);

		if (tag != EXT_TAG_HWCAPS || at % 4 || at > c->size || len > c->size - at)
			continue;
		c->hwcaps = (const uint32_t *)(c->p + at);
		c->nhwcaps = len / 4;
	}
}

/* Opens path into *fd and *st: 0; 1 when there is no such file; -1. */
static int open_cache(const char *path, int *fd, struct stat *st, char *why, size_t size)
{
	*fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0 && errno == ENOENT)
		return 1;
	if (*fd < 0) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(*fd, st) || !S_ISREG(st->st_mode) || (size_t)st->st_size < HEADER_SIZE) {
		snprintf(why, size, "%s: not a loader cache", path);
		close(*fd);
		return -1;
	}
	return 0;
}

/* Maps the cache open in fd (closed here). */
static int map_cache(struct sf_ldcache *c, const char *path, int fd, const struct stat *st,
		     char *why, size_t size)
{
	void *map;

	map = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(why, size, "%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	c->p = map;
	c->size = (size_t)st->st_size;
	if (memcmp(c->p, CACHE_MAGIC, sizeof CACHE_MAGIC - 1)) {
		snprintf(why, size, "%s: not in the format %s", path, CACHE_MAGIC);
		sf_ldcache_close(c);
		return -1;
	}
	c->nlibs = u32_at(c, 20);
	if (c->nlibs > (c->size - HEADER_SIZE) / ENTRY_SIZE) {
		snprintf(why, size, "%s: truncated", path);
		sf_ldcache_close(c);
		return -1;
	}
	read_extension(c, u32_at(c, 32));
	return 0;
}

int sf_ldcache_open(struct sf_ldcache *c, const char *path, char *why, size_t size)
{
	struct stat st;
	int fd, r;

	memset(c, 0, sizeof(*c));
	r = open_cache(path, &fd, &st, why, size);
	return r ? r : map_cache(c, path, fd, &st, why, size);
}

/* The same file: ldconfig writes a new one and renames it over the old. */
static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

int sf_ldcache_open_kept(const struct sf_ldcache **c, const char *path, char *why, size_t size)
{
	static struct sf_ldcache kept;
	static struct stat kept_st;
	static char kept_path[256];
	struct stat st;
	int fd, r;

	*c = NULL;
	r = open_cache(path, &fd, &st, why, size);
	if (r)
		return r;
	if (kept.p && !strcmp(kept_path, path) && same_file(&st, &kept_st)) {
		close(fd);
		*c = &kept;
		return 0;
	}
	sf_ldcache_close(&kept);
	kept_path[0] = 0;
	if (map_cache(&kept, path, fd, &st, why, size))
		return -1;
	if (strlen(path) < sizeof kept_path)
		memcpy(kept_path, path, strlen(path) + 1);
	kept_st = st;
	*c = &kept;
	return 0;
}

void sf_ldcache_close(struct sf_ldcache *c)
{
	if (c->p)
		munmap((void *)c->p, c->size);
	memset(c, 0, sizeof(*c));
}

/* The rank of subdirectory index i among subdirs (0 best), or -1 when the
 * loader would not search it. */
static int hwcaps_rank(const struct sf_ldcache *c, uint32_t i, const char *const *subdirs)
{
	const char *name;

	if (i >= c->nhwcaps || !(name = string_at(c, c->hwcaps[i])))
		return -1;
	for (int r = 0; subdirs[r]; r++)
		if (!strcmp(subdirs[r], name))
			return r;
	return -1;
}

/* ldconfig's order of names, which the loader's binary search follows:
 * runs of digits compare as numbers ("libc.so.10" after "libc.so.9"). */
static int libcmp(const char *a, const char *b)
{
	while (*a) {
		int da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';

		if (da && db) {
			unsigned long x = 0, y = 0;

			while (*a >= '0' && *a <= '9')
				x = x * 10 + (unsigned long)(*a++ - '0');
			while (*b >= '0' && *b <= '9')
				y = y * 10 + (unsigned long)(*b++ - '0');
			if (x != y)
				return x < y ? -1 : 1;
		} else if (da || db) {
			return da ? 1 : -1;
		} else if (*a != *b) {
			return *a - *b; /* plain char, as ldconfig built here compares */
		} else {
			a++;
			b++;
		}
	}
	return -*b;
}

/* The key of entry i compared with name as the loader compares them, or
 * 2 when the key is not a string in the file. */
static int key_cmp(const struct sf_ldcache *c, uint32_t i, const char *name)
{
	const char *key = string_at(c, u32_at(c, HEADER_SIZE + (size_t)i * ENTRY_SIZE + 4));
	int r;

	if (!key)
		return 2;
	r = libcmp(name, key);
	return r < 0 ? -1 : r > 0;
}

int sf_ldcache_lookup(const struct sf_ldcache *c, const char *name, int machine,
		      const char *const *subdirs, char *out, size_t size)
{
	int32_t want =
	    FLAG_ELF_LIBC6 | (machine == EM_AARCH64 ? FLAG_AARCH64_LIB64 : FLAG_X8664_LIB64);
	const char *plain = NULL, *best = NULL;
	int best_rank = -1;
	uint32_t lo = 0, hi = c->nlibs, first = c->nlibs;

	/* The entries are sorted by name, the greatest first (ldconfig
	 * writes them so and the loader searches them so): the run of
	 * entries for name, found in a few steps. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int r = key_cmp(c, mid, name);

		if (r == 2)
			return -1; /* as the loader: a bogus index ends the search */
		if (r == 0) {
			first = mid;
			hi = mid;
		} else if (r < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	for (uint32_t i = first; i < c->nlibs && !key_cmp(c, i, name); i++) {
		size_t e = HEADER_SIZE + (size_t)i * ENTRY_SIZE;
		uint64_t hwcap = u64_at(c, e + 16);
		const char *value;

		if ((int32_t)u32_at(c, e) != want)
			continue;
		value = string_at(c, u32_at(c, e + 8));
		if (!value)
			continue;
		if (hwcap & HWCAP_EXTENSION) {
			int r;

			/* Which one the loader takes depends on the CPU. */
			if (!subdirs)
				return 1;
			r = hwcaps_rank(c, (uint32_t)hwcap, subdirs);
			if (r >= 0 && (!best || r < best_rank)) {
				best = value;
				best_rank = r;
			}
		} else if (!hwcap && !plain) {
			/* Legacy hwcap bits (old platform subdirectories) are
			 * not written by ldconfig since glibc 2.37; an entry
			 * with them is not taken. */
			plain = value;
		}
	}
	if (!best)
		best = plain;
	if (!best || strlen(best) >= size)
		return -1;
	memcpy(out, best, strlen(best) + 1);
	return 0;
}
