#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfdyn.h"

struct image {
	const unsigned char *p;
	size_t size;
	const Elf64_Phdr *ph;
	size_t phnum;
};

static int in_file(const struct image *im, uint64_t off, uint64_t len)
{
	return off <= im->size && len <= im->size - off;
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
		return in_file(im, *off, 1) ? 0 : -1;
	}
	return -1;
}

/* A copy of the string at strtab + at, which must end inside the table. */
static char *string_at(const struct image *im, uint64_t strtab, uint64_t strsz, uint64_t at)
{
	const char *s;
	size_t max;

	if (at >= strsz || !in_file(im, strtab, strsz))
		return NULL;
	s = (const char *)im->p + strtab + at;
	max = (size_t)(strsz - at);
	if (!memchr(s, 0, max))
		return NULL;
	return strdup(s);
}

static int read_dynamic(const struct image *im, const Elf64_Dyn *dyn, size_t ndyn,
			struct sf_elfdyn *out)
{
	uint64_t strtab = 0, strsz = 0;
	int have_strtab = 0;

	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		if (dyn[i].d_tag == DT_STRTAB)
			have_strtab = !offset_of(im, dyn[i].d_un.d_ptr, &strtab);
		else if (dyn[i].d_tag == DT_STRSZ)
			strsz = dyn[i].d_un.d_val;
		else if (dyn[i].d_tag == DT_FLAGS_1)
			out->nodeflib = !!(dyn[i].d_un.d_val & DF_1_NODEFLIB);
	}
	if (!have_strtab)
		return -1;
	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		char **slot = NULL, *s;

		switch (dyn[i].d_tag) {
		case DT_NEEDED:
			if (out->nneeded == SF_ELFDYN_MAX_NEEDED)
				return -1;
			slot = &out->needed[out->nneeded++];
			break;
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
		s = string_at(im, strtab, strsz, dyn[i].d_un.d_val);
		if (!s)
			return -1;
		free(*slot);
		*slot = s;
	}
	return 0;
}

static int read_image(const struct image *im, struct sf_elfdyn *out)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)im->p;

	out->elfclass = im->p[EI_CLASS];
	if (im->size >= sizeof(Elf32_Ehdr))
		out->machine = ((const Elf32_Ehdr *)im->p)->e_machine;
	if (im->size >= sizeof(Elf32_Ehdr))
		out->type = ((const Elf32_Ehdr *)im->p)->e_type;
	if (out->elfclass != ELFCLASS64)
		return 0;
	if (im->size < sizeof(*eh) || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(im, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return -1;
	for (size_t i = 0; i < im->phnum; i++) {
		const Elf64_Phdr *ph = &im->ph[i];

		if (!in_file(im, ph->p_offset, ph->p_filesz))
			continue;
		if (ph->p_type == PT_INTERP) {
			const char *s = (const char *)im->p + ph->p_offset;

			if (!ph->p_filesz || !memchr(s, 0, ph->p_filesz) || out->interp)
				return -1;
			out->interp = strdup(s);
			if (!out->interp)
				return -1;
		} else if (ph->p_type == PT_DYNAMIC &&
			   read_dynamic(im, (const Elf64_Dyn *)(im->p + ph->p_offset),
					ph->p_filesz / sizeof(Elf64_Dyn), out)) {
			return -1;
		}
	}
	return 0;
}

int sf_elfdyn_read(const char *path, struct sf_elfdyn *out, char *why, size_t size)
{
	struct image im = {0};
	struct stat st;
	void *map;
	int fd, r = 0;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, size, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	im.size = (size_t)st.st_size;
	if (im.size < SELFMAG) {
		close(fd);
		return 0;
	}
	map = mmap(NULL, im.size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(why, size, "%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	im.p = map;
	if (!memcmp(im.p, ELFMAG, SELFMAG) && im.size > EI_CLASS) {
		const Elf64_Ehdr *eh = map;

		out->is_elf = 1;
		if (im.p[EI_CLASS] == ELFCLASS64 && im.size >= sizeof(*eh) &&
		    in_file(&im, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr))) {
			im.ph = (const Elf64_Phdr *)(im.p + eh->e_phoff);
			im.phnum = eh->e_phnum;
		}
		r = read_image(&im, out);
	}
	munmap(map, im.size);
	if (r) {
		snprintf(why, size, "%s: malformed ELF file", path);
		sf_elfdyn_free(out);
	}
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
	memset(d, 0, sizeof(*d));
}
