/* A program that defines the C library functions a shim would read its
 * policy with: read, open, openat, fstat, memcpy, memmove, strlen, strcmp,
 * malloc, calloc, realloc, free and getenv. The dynamic linker puts the
 * program first in the global scope (it is also linked with -rdynamic), so
 * a shim that imported these names would call this code, unconfined, while
 * reading SF_POLICY. Called from libsf, each one says "HIJACKED name" on
 * stderr; the one ATTACK_OWNLIBC names then makes the denied call itself,
 * unconfined, and read, open, openat, fstat, memcpy and memmove also turn
 * the policy into "default: allow", getenv hands out SF_RULES. It also
 * defines environ, with no SF_POLICY in it, and setenv. Called from
 * anywhere else (the C library's own use of malloc) each does its job.
 * ownlibc CANARY|-: prologue, canary, then socket(), which the policy
 * denies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "attack.h"

static const char allow[] = "default: allow\n";

/* Whether a return address lies in a mapping of a file named libsf.so (the
 * shim, whichever build): found in /proc/self/maps, with raw calls. */
static int from_shim(const void *ret)
{
	static uintptr_t lo, hi;
	static char buf[1 << 16];
	long fd, got, have = 0;

	if (!hi) {
		fd = at_sys3(SYS_openat, -100, "/proc/self/maps", 02000000);
		if (fd < 0)
			return 0;
		while (have < (long)sizeof buf - 1 &&
		       (got = at_sys3(SYS_read, fd, buf + have, sizeof buf - 1 - have)) > 0)
			have += got;
		at_sys3(SYS_close, fd, 0, 0);
		buf[have < 0 ? 0 : have] = 0;
		for (char *line = buf; *line;) {
			char *end = line;
			int shim = 0;

			while (*end && *end != '\n')
				end++;
			for (char *p = line; p + 8 <= end; p++)
				if (p[0] == 'l' && p[1] == 'i' && p[2] == 'b' && p[3] == 's' &&
				    p[4] == 'f' && p[5] == '.' && p[6] == 's' && p[7] == 'o')
					shim = 1;
			if (shim) {
				uintptr_t a = 0, b = 0;
				char *p = line;

				for (; *p != '-'; p++)
					a = a * 16 +
					    (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
				for (p++; *p != ' '; p++)
					b = b * 16 +
					    (uintptr_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
				if (!lo || a < lo)
					lo = a;
				if (b > hi)
					hi = b;
			}
			line = *end ? end + 1 : end;
		}
	}
	return hi && (uintptr_t)ret >= lo && (uintptr_t)ret < hi;
}

/* ATTACK_OWNLIBC names the function that subverts ("all": every one),
 * read from /proc/self/environ: the C library may not have set environ up
 * yet when the shim calls in. */
static int selected(const char *name)
{
	static char env[1 << 16];
	static long len = -1;
	static const char key[] = "ATTACK_OWNLIBC=";

	if (len < 0) {
		long fd = at_sys3(SYS_openat, -100, "/proc/self/environ", 02000000), got;

		len = 0;
		while (fd >= 0 && len < (long)sizeof env - 1 &&
		       (got = at_sys3(SYS_read, fd, env + len, sizeof env - 1 - len)) > 0)
			len += got;
		if (fd >= 0)
			at_sys3(SYS_close, fd, 0, 0);
	}
	for (long i = 0; i < len; i += (long)at_strlen(env + i) + 1) {
		const char *e = env + i;
		size_t k = 0;

		while (key[k] && e[k] == key[k])
			k++;
		if (!key[k])
			return at_streq(e + k, name) || at_streq(e + k, "all");
	}
	return 0;
}

/* Called from the shim: says so, and when selected, shows that its code
 * runs unconfined (the denied call) and asks the caller to subvert. */
static int hijacked(const char *name, const void *ret)
{
	if (!from_shim(ret))
		return 0;
	at_write(2, "HIJACKED ");
	at_write(2, name);
	at_write(2, "\n");
	if (!selected(name))
		return 0;
	at_result_raw("hijack socket", at_sys3(SYS_socket, AF_INET, SOCK_STREAM, 0));
	return 1;
}

#define CALLER __builtin_return_address(0)

/* A policy file that says "default: allow". */
static long allow_fd(void)
{
	long fd = at_sys3(SYS_memfd_create, "allow", 1, 0);

	if (fd < 0)
		return fd;
	at_sys3(SYS_write, fd, allow, sizeof allow - 1);
	at_sys3(SYS_lseek, fd, 0, 0);
	return fd;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	long mode, r;

	if (hijacked("open", CALLER))
		return (int)allow_fd();
	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	r = at_sys6(SYS_openat, -100, (long)path, flags, mode, 0, 0);
	return r < 0 ? -1 : (int)r;
}

int openat(int dfd, const char *path, int flags, ...)
{
	va_list ap;
	long mode, r;

	if (hijacked("openat", CALLER))
		return (int)allow_fd();
	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	r = at_sys6(SYS_openat, dfd, (long)path, flags, mode, 0, 0);
	return r < 0 ? -1 : (int)r;
}

long read(int fd, void *buf, size_t len)
{
	long r;

	if (hijacked("read", CALLER)) {
		/* The policy's bytes, whatever the file said. */
		char *b = buf;

		for (size_t i = 0; i < len; i++)
			b[i] = i < sizeof allow - 1 ? allow[i] : '\n';
		return (long)len;
	}
	r = at_sys3(SYS_read, fd, buf, len);
	return r < 0 ? -1 : r;
}

int fstat(int fd, struct stat *st)
{
	/* The policy file becomes one that says "default: allow". */
	if (hijacked("fstat", CALLER)) {
		long a = allow_fd();

		if (a >= 0)
			at_sys3(SYS_dup2, a, fd, 0);
	}
	return at_sys3(SYS_fstat, fd, st, 0) < 0 ? -1 : 0;
}

/* Text copied from a policy (it has a rule's ':') says "default: allow"
 * instead, padded with empty lines. */
static void as_allow(char *d, size_t n)
{
	int policy = 0;

	for (size_t i = 0; i < n; i++)
		policy |= d[i] == ':';
	if (!policy || n < sizeof allow - 1)
		return;
	for (size_t i = 0; i < n; i++)
		d[i] = i < sizeof allow - 1 ? allow[i] : '\n';
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	char *d = dst;
	const char *s = src;
	int h = hijacked("memcpy", CALLER);

	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
	if (h)
		as_allow(d, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	int h = hijacked("memmove", CALLER);

	if (d < s)
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	else
		for (size_t i = n; i--;)
			d[i] = s[i];
	if (h)
		as_allow(d, n);
	return dst;
}

size_t strlen(const char *s)
{
	hijacked("strlen", CALLER);
	return at_strlen(s);
}

int strcmp(const char *a, const char *b)
{
	hijacked("strcmp", CALLER);
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

/* A bump allocator on raw mappings; a header before each block keeps its
 * size for realloc. free keeps everything: blocks are never reused, so a
 * shim given a block here could be given it twice. */
struct blk {
	size_t size, pad;
};

static void *bump(size_t n, size_t align)
{
	static char *pos, *end;
	char *p;

	if (align < 16)
		align = 16;
	n = (n + 15) & ~(size_t)15;
	if (!pos || (size_t)(end - pos) < n + align + sizeof(struct blk)) {
		size_t len = n + align + sizeof(struct blk) + (1 << 20);
		long r = at_sys6(SYS_mmap, 0, (long)len, 3, 0x22, -1, 0);

		if (r < 0 && r > -4096)
			return NULL;
		pos = (char *)r;
		end = pos + len;
	}
	p = (char *)(((uintptr_t)pos + sizeof(struct blk) + align - 1) & ~(uintptr_t)(align - 1));
	((struct blk *)p)[-1].size = n;
	pos = p + n;
	return p;
}

void *malloc(size_t n)
{
	hijacked("malloc", CALLER);
	return bump(n, 16);
}

void *calloc(size_t count, size_t size)
{
	char *p;
	size_t n = count * size;

	if (size && n / size != count)
		return NULL;
	p = bump(n, 16);
	if (p)
		for (size_t i = 0; i < n; i++)
			p[i] = 0;
	hijacked("calloc", CALLER);
	return p;
}

void *realloc(void *old, size_t n)
{
	char *p;
	size_t have;

	hijacked("realloc", CALLER);
	p = bump(n, 16);
	if (!p || !old)
		return p;
	have = ((struct blk *)old)[-1].size;
	for (size_t i = 0; i < (have < n ? have : n); i++)
		p[i] = ((char *)old)[i];
	return p;
}

void free(void *p)
{
	(void)p;
	hijacked("free", CALLER);
}

void *memalign(size_t align, size_t n)
{
	return bump(n, align);
}

void *aligned_alloc(size_t align, size_t n)
{
	return bump(n, align);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	*out = bump(n, align);
	return *out ? 0 : 12;
}

/* An environment of its own, for a shim that reads environ: no policy. */
static char *no_policy[] = {"HOME=/", NULL};
char **environ = no_policy;

int setenv(const char *name, const char *value, int overwrite)
{
	(void)name, (void)value, (void)overwrite;
	hijacked("setenv", CALLER);
	return 0;
}

char *getenv(const char *name)
{
	if (hijacked("getenv", CALLER))
		return at_streq(name, "SF_RULES") ? (char *)allow : NULL;
	return NULL;
}

int main(int argc, char **argv)
{
	at_prologue();
	at_canary(argc > 1 ? argv[1] : "-");
	at_result_raw("socket", at_sys3(SYS_socket, AF_INET, SOCK_STREAM, 0));
	return 0;
}
