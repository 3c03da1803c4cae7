/* glibc's /etc/ld.so.cache, read as its loader reads it: the format
 * "glibc-ld.so.cache1.1" (glibc 2.32 and later write only this one; the
 * older "ld.so-1.7.0" format, which came first in the same file before,
 * is not read). */
#ifndef SF_LDCACHE_H
#define SF_LDCACHE_H

#include <stddef.h>
#include <stdint.h>

struct sf_ldcache {
	const unsigned char *p;
	size_t size;
	uint32_t nlibs;
	/* The glibc-hwcaps subdirectory names, from the cache's extension
	 * (string offsets), and how many. */
	const uint32_t *hwcaps;
	uint32_t nhwcaps;
};

/* Maps the cache at path. 0; 1 when there is no such file; -1 with a
 * reason in why when it is not a cache sf can read. */
int sf_ldcache_open(struct sf_ldcache *c, const char *path, char *why, size_t size);

void sf_ldcache_close(struct sf_ldcache *c);

/* sf_ldcache_open, but the mapping is the process's: kept after use and
 * taken again while path is the same file (device, inode, size, change
 * times), so that a walk neither maps it again nor unmaps it (a munmap
 * costs more than the search in it). Not for threads. */
int sf_ldcache_open_kept(const struct sf_ldcache **c, const char *path, char *why, size_t size);

/* The file the cache gives for name (a DT_NEEDED string) on machine
 * (EM_X86_64 or EM_AARCH64), as the loader chooses it: an entry for one of
 * the glibc-hwcaps subdirectories in subdirs (most preferred first, NULL
 * ended) before a plain entry. 0 with the path in out, or -1: none; 1
 * when subdirs is NULL (not known yet) and the cache has glibc-hwcaps
 * entries for name: then ask again with them. */
int sf_ldcache_lookup(const struct sf_ldcache *c, const char *name, int machine,
		      const char *const *subdirs, char *out, size_t size);

#endif
