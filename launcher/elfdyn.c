/* Read with pread, not mapped: only the headers, the dynamic section and
 * a few of its strings are wanted, and mapping whole libraries to read a
 * few pages costs more than reading them (this runs before every
 * sandboxed exec with path rules). The first page is read at once: it
 * holds the headers and PT_INTERP, and often the string table of a small
 * program; of a string table only the span of the wanted strings is read
 * (libc's table is 32 KB, the strings it needs are 30 bytes). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfdyn.h"

/* Larger headers or tables than any real file has: malformed. */
#define MAX_READ (64u << 20)
#define HEAD_SIZE 4096
/* Past the last wanted string's start, read this much to find its end. */
#define STRING_SLACK 256u

struct image {
	int fd;
	uint64_t size;
	Elf64_Phdr *ph;
	size_t phnum;
	const unsigned char *head; /* the file's first nhead bytes */
	size_t nhead;
};

/* len bytes at off, in a buffer with a NUL after them; NULL when they are
 * not all in the file. */
static void *read_part(const struct image *im, uint64_t off, uint64_t len)
{
	char *buf;

	if (off > im->size || len > im->size - off || len > MAX_READ)
		return NULL;
	buf = malloc((size_t)len + 1);
	if (!buf)
		return NULL;
	if (off + len <= im->nhead)
		memcpy(buf, im->head + off, (size_t)len);
	else if (pread(im->fd, buf, (size_t)len, (off_t)off) != (ssize_t)len) {
		free(buf);
		return NULL;
	}
	buf[len] = 0;
	return buf;
}

/* The file offset of vaddr, which must lie in a PT_LOAD's file bytes. */
static int offset_of(const struct image *im, uint64_t vaddr, uint64_t *off)
{
	for (size_t i = 0; i < im->phnum; i++) {
		const Elf64_Phdr *ph = &im->ph[i];

		if (ph->p_type != PT_LOAD || vaddr < ph->p_vaddr ||
		    vaddr - ph->p_vaddr >= ph->p_filesz)
			continue;
		*off = ph->p_offset + (vaddr - ph->p_vaddr);
		return 0;
	}
	return -1;
}

/* The part of a string table read: bytes [base, base + len). */
struct strings {
	const char *p;
	uint64_t base, len;
	int whole; /* the part is the whole table */
};

/* A copy of the string at at, or NULL: it does not end inside the table,
 * or (*short_read set) inside the part read. */
static char *string_at(const struct strings *t, uint64_t at, int *short_read)
{
	if (at < t->base || at - t->base >= t->len) {
		*short_read = !t->whole;
		return NULL;
	}
	if (!memchr(t->p + (at - t->base), 0, (size_t)(t->len - (at - t->base)))) {
		*short_read = !t->whole;
		return NULL;
	}
	return strdup(t->p + (at - t->base));
}

static int wanted(int64_t tag)
{
	return tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH;
}

static int add_needed(struct sf_elfdyn *out, char *s)
{
	if (out->nneeded == SF_ELFDYN_MAX_NEEDED)
		return -1;
	/* At 0, 1, 3, 7, ... entries the array is full: double it. */
	if (!(out->nneeded & (out->nneeded + 1))) {
		char **v = realloc(out->needed, 2 * (out->nneeded + 1) * sizeof(*v));

		if (!v)
			return -1;
		out->needed = v;
	}
	out->needed[out->nneeded++] = s;
	return 0;
}

/* The wanted strings of dyn from the table t into out. 0; -1 malformed;
 * 1 when one runs past the part of the table read. */
static int read_strings(const Elf64_Dyn *dyn, size_t ndyn, const struct strings *t,
			struct sf_elfdyn *out)
{
	int r = 0, short_read = 0;

	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL && !r; i++) {
		char **slot, *s;

		switch (dyn[i].d_tag) {
		case DT_NEEDED:
			s = string_at(t, dyn[i].d_un.d_val, &short_read);
			if (!s || add_needed(out, s)) {
				free(s);
				r = -1;
			}
			continue;
		case DT_SONAME:
			slot = &out->soname;
			break;
		case DT_RPATH:
			slot = &out->rpath;
			break;
		case DT_RUNPATH:
			slot = &out->runpath;
			break;
		default:
			continue;
		}
		s = string_at(t, dyn[i].d_un.d_val, &short_read);
		if (!s)
			r = -1;
		free(*slot);
		*slot = s;
	}
	return r && short_read ? 1 : r;
}

static void free_strings(struct sf_elfdyn *out)
{
	int nodeflib = out->nodeflib;

	free(out->soname);
	free(out->rpath);
	free(out->runpath);
	for (size_t i = 0; i < out->nneeded; i++)
		free(out->needed[i]);
	free(out->needed);
	out->soname = out->rpath = out->runpath = NULL;
	out->needed = NULL;
	out->nneeded = 0;
	out->nodeflib = nodeflib;
}

static int read_dynamic(const struct image *im, const Elf64_Dyn *dyn, size_t ndyn,
			struct sf_elfdyn *out)
{
	uint64_t strtab_vaddr = 0, strtab_off, strsz = 0, lo = UINT64_MAX, hi = 0;
	struct strings t = {NULL, 0, 0, 0};
	int have_strtab = 0, r;
	char *part;

	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		if (dyn[i].d_tag == DT_STRTAB) {
			strtab_vaddr = dyn[i].d_un.d_ptr;
			have_strtab = 1;
		} else if (dyn[i].d_tag == DT_STRSZ) {
			strsz = dyn[i].d_un.d_val;
		} else if (dyn[i].d_tag == DT_FLAGS_1) {
			out->nodeflib = !!(dyn[i].d_un.d_val & DF_1_NODEFLIB);
		} else if (wanted(dyn[i].d_tag)) {
			lo = dyn[i].d_un.d_val < lo ? dyn[i].d_un.d_val : lo;
			hi = dyn[i].d_un.d_val > hi ? dyn[i].d_un.d_val : hi;
		}
	}
	if (!have_strtab || offset_of(im, strtab_vaddr, &strtab_off) || strtab_off > im->size ||
	    strsz > im->size - strtab_off || strsz > MAX_READ)
		return -1;
	if (lo == UINT64_MAX)
		return 0; /* no string wanted */
	if (hi >= strsz)
		return -1;
	/* The span of the wanted strings first, then, should one run past
	 * it, the whole table. */
	t.base = lo;
	t.len = hi - lo + STRING_SLACK < strsz - lo ? hi - lo + STRING_SLACK : strsz - lo;
	t.whole = t.base + t.len == strsz;
	if (!(part = read_part(im, strtab_off + t.base, t.len)))
		return -1;
	t.p = part;
	r = read_strings(dyn, ndyn, &t, out);
	free(part);
	if (r != 1)
		return r;
	free_strings(out);
	t.base = 0;
	t.len = strsz;
	t.whole = 1;
	if (!(part = read_part(im, strtab_off, strsz)))
		return -1;
	t.p = part;
	r = read_strings(dyn, ndyn, &t, out);
	free(part);
	return r;
}

static int read_image(struct image *im, const Elf64_Ehdr *eh, struct sf_elfdyn *out)
{
	int r = 0;

	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return -1;
	im->phnum = eh->e_phnum;
	im->ph = read_part(im, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr));
	if (!im->ph)
		return -1;
	for (size_t i = 0; i < im->phnum && !r; i++) {
		const Elf64_Phdr *ph = &im->ph[i];
		char *part;

		if (ph->p_type != PT_INTERP && ph->p_type != PT_DYNAMIC)
			continue;
		part = read_part(im, ph->p_offset, ph->p_filesz);
		if (!part) {
			r = -1;
		} else if (ph->p_type == PT_INTERP) {
			/* The kernel wants it NUL-ended inside its segment. */
			if (!ph->p_filesz || !memchr(part, 0, ph->p_filesz) || out->interp) {
				free(part);
				r = -1;
			} else {
				out->interp = part;
			}
		} else {
			r = read_dynamic(im, (const Elf64_Dyn *)part,
					 ph->p_filesz / sizeof(Elf64_Dyn), out);
			free(part);
		}
	}
	free(im->ph);
	return r;
}

int sf_elfdyn_read_fd(int fd, const struct stat *st, const char *path, struct sf_elfdyn *out,
		      char *why, size_t size)
{
	union {
		unsigned char ident[EI_NIDENT];
		Elf32_Ehdr e32;
		Elf64_Ehdr e64;
		unsigned char head[HEAD_SIZE];
	} h;
	struct image im = {0};
	ssize_t n;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, size, "%s: not a regular file", path);
		return -1;
	}
	out->dev = st->st_dev;
	out->ino = st->st_ino;
	im.fd = fd;
	im.size = (uint64_t)st->st_size;
	memset(&h, 0, sizeof h.e64);
	n = pread(im.fd, &h, sizeof h, 0);
	im.head = h.head;
	im.nhead = n > 0 ? (size_t)n : 0;
	if (n >= SELFMAG && !memcmp(h.ident, ELFMAG, SELFMAG) && n > EI_CLASS) {
		out->is_elf = 1;
		out->elfclass = h.ident[EI_CLASS];
		if ((size_t)n >= sizeof h.e32) {
			out->machine = h.e32.e_machine;
			out->type = h.e32.e_type;
		}
		if (out->elfclass == ELFCLASS64)
			r = (size_t)n < sizeof h.e64 ? -1 : read_image(&im, &h.e64, out);
	}
	if (r) {
		snprintf(why, size, "%s: malformed ELF file", path);
		sf_elfdyn_free(out);
	}
	return r;
}

int sf_elfdyn_read(const char *path, struct sf_elfdyn *out, char *why, size_t size)
{
	struct stat st;
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC), r;

	memset(out, 0, sizeof(*out));
	if (fd < 0) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(why, size, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	r = sf_elfdyn_read_fd(fd, &st, path, out, why, size);
	close(fd);
	return r;
}

void sf_elfdyn_free(struct sf_elfdyn *d)
{
	free(d->interp);
	free(d->soname);
	free(d->rpath);
	free(d->runpath);
	for (size_t i = 0; i < d->nneeded; i++)
		free(d->needed[i]);
	free(d->needed);
	memset(d, 0, sizeof(*d));
}
