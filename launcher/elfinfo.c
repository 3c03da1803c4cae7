#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfinfo.h"
#include "elfstart.h"

#define MAX_SCRIPT_DEPTH 4

struct map {
	const unsigned char *p;
	size_t size;
};

static int map_file(const char *path, struct map *m, char *why, size_t size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, size, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	m->size = (size_t)st.st_size;
	m->p = m->size ? mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (m->size && m->p == MAP_FAILED) {
		snprintf(why, size, "%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void unmap(struct map *m)
{
	if (m->size)
		munmap((void *)m->p, m->size);
}

static int in_file(const struct map *m, uint64_t off, uint64_t len)
{
	return off <= m->size && len <= m->size - off;
}

/* Only 64-bit ELF is read in depth: sf's shims are 64-bit, and a 32-bit
 * program is refused by the class check before anything else matters. */
static const Elf64_Ehdr *ehdr_of(const struct map *m)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)m->p;

	if (m->size < EI_NIDENT || memcmp(m->p, ELFMAG, SELFMAG))
		return NULL;
	if (m->p[EI_CLASS] != ELFCLASS64)
		return eh;
	if (m->size < sizeof(*eh) || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(m, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return NULL;
	return eh;
}

struct file_view {
	const struct map *m;
	const Elf64_Phdr *ph;
	size_t phnum;
};

static const void *file_at(void *ctx, uint64_t vaddr, uint64_t len)
{
	const struct file_view *fv = ctx;

	for (size_t i = 0; i < fv->phnum; i++) {
		const Elf64_Phdr *ph = &fv->ph[i];

		if (ph->p_type != PT_LOAD || vaddr < ph->p_vaddr || len > ph->p_filesz ||
		    vaddr - ph->p_vaddr > ph->p_filesz - len)
			continue;
		if (!in_file(fv->m, ph->p_offset + (vaddr - ph->p_vaddr), len))
			return NULL;
		return fv->m->p + ph->p_offset + (vaddr - ph->p_vaddr);
	}
	return NULL;
}

/* Where the system keeps the loaders sf's shims are built for. */
static const char *const system_loaders[] = {
    "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
    "/lib/ld-linux-aarch64.so.1",  "/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1",
    "/lib/ld-musl-x86_64.so.1",	   "/lib/ld-musl-aarch64.so.1",
};

/* A program names its own interpreter, and one that merely looks like
 * ld-linux*.so by name can be any program: it would ignore LD_PRELOAD and
 * run under sf-run's coarse filter alone. So the name tells which shim only
 * when the file is one of the system's loaders (the same inode: the usual
 * symlinks to them are fine). */
static int is_system_loader(const char *interp)
{
	struct stat st, sys;

	if (stat(interp, &st))
		return 0;
	for (size_t i = 0; i < sizeof system_loaders / sizeof system_loaders[0]; i++)
		if (!stat(system_loaders[i], &sys) && sys.st_dev == st.st_dev &&
		    sys.st_ino == st.st_ino)
			return 1;
	return 0;
}

static enum sf_loader loader_of(const char *interp)
{
	const char *base = strrchr(interp, '/');

	base = base ? base + 1 : interp;
	if (!strncmp(base, "ld-linux", 8) && is_system_loader(interp))
		return SF_LOADER_GLIBC;
	if (!strncmp(base, "ld-musl-", 8) && is_system_loader(interp))
		return SF_LOADER_MUSL;
	return SF_LOADER_OTHER;
}

static int inspect_elf(const struct map *m, struct sf_elfinfo *out, char *why, size_t size)
{
	const Elf64_Ehdr *eh = ehdr_of(m);
	const Elf64_Phdr *ph;
	struct file_view fv;

	if (!eh) {
		snprintf(why, size, "%s: not a valid ELF file", out->path);
		return -1;
	}
	out->elfclass = m->p[EI_CLASS];
	out->machine = m->size >= sizeof(Elf32_Ehdr) ? ((const Elf32_Ehdr *)m->p)->e_machine : 0;
	out->loader = SF_LOADER_STATIC;
	out->start_main = -1;
	if (out->elfclass != ELFCLASS64)
		return 0;
	ph = (const Elf64_Phdr *)(m->p + eh->e_phoff);
	fv = (struct file_view){m, ph, eh->e_phnum};
	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_INTERP)
			continue;
		if (!in_file(m, ph[i].p_offset, ph[i].p_filesz) || !ph[i].p_filesz ||
		    ph[i].p_filesz >= sizeof out->interp ||
		    m->p[ph[i].p_offset + ph[i].p_filesz - 1] != 0) {
			snprintf(why, size, "%s: bad PT_INTERP", out->path);
			return -1;
		}
		memcpy(out->interp, m->p + ph[i].p_offset, ph[i].p_filesz);
		out->loader = loader_of(out->interp);
	}
	for (size_t i = 0; out->loader != SF_LOADER_STATIC && i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_DYNAMIC && in_file(m, ph[i].p_offset, ph[i].p_filesz))
			out->start_main =
			    sf_elf_uses_start_main((const Elf64_Dyn *)(m->p + ph[i].p_offset),
						   ph[i].p_filesz / sizeof(Elf64_Dyn),
						   &(struct sf_elf_view){file_at, &fv});
	}
	return 0;
}

/* The interpreter of a "#!" line, into out; -1 when there is none. */
static int script_interp(const struct map *m, char *out, size_t size)
{
	size_t i = 2, n = 0;

	if (m->size < 2 || m->p[0] != '#' || m->p[1] != '!')
		return -1;
	while (i < m->size && (m->p[i] == ' ' || m->p[i] == '\t'))
		i++;
	while (i < m->size && m->p[i] != ' ' && m->p[i] != '\t' && m->p[i] != '\n' && n + 1 < size)
		out[n++] = (char)m->p[i++];
	out[n] = 0;
	return n ? 0 : -1;
}

int sf_elf_inspect(const char *path, struct sf_elfinfo *out, int *not_exec, char *why, size_t size)
{
	char next[sizeof out->path];

	*not_exec = 0;
	memset(out, 0, sizeof(*out));
	snprintf(out->path, sizeof out->path, "%s", path);
	for (int depth = 0;; depth++) {
		struct map m;
		int r;

		if (map_file(out->path, &m, why, size))
			return -1;
		if (m.size >= SELFMAG && !memcmp(m.p, ELFMAG, SELFMAG)) {
			r = inspect_elf(&m, out, why, size);
			unmap(&m);
			return r;
		}
		r = script_interp(&m, next, sizeof next);
		unmap(&m);
		if (r) {
			snprintf(why, size, "%s: neither an ELF program nor a #! script",
				 out->path);
			*not_exec = 1;
			return -1;
		}
		if (depth == MAX_SCRIPT_DEPTH) {
			snprintf(why, size, "%s: too many levels of #! interpreters", path);
			return -1;
		}
		memcpy(out->path, next, sizeof next);
	}
}

/* Whether the shared object in m names lib among its DT_NEEDED: 1, 0, or
 * -1 when its dynamic section cannot be read. */
static int needs_lib(const struct map *m, const Elf64_Ehdr *eh, const char *lib)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(m->p + eh->e_phoff);
	struct file_view fv = {m, ph, eh->e_phnum};
	const Elf64_Dyn *dyn = NULL;
	uint64_t strtab = 0, strsz = 0, len = strlen(lib) + 1;
	size_t ndyn = 0;

	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_DYNAMIC && in_file(m, ph[i].p_offset, ph[i].p_filesz)) {
			dyn = (const Elf64_Dyn *)(m->p + ph[i].p_offset);
			ndyn = ph[i].p_filesz / sizeof(Elf64_Dyn);
		}
	}
	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		if (dyn[i].d_tag == DT_STRTAB)
			strtab = dyn[i].d_un.d_ptr;
		else if (dyn[i].d_tag == DT_STRSZ)
			strsz = dyn[i].d_un.d_val;
	}
	if (!dyn || !strtab)
		return -1;
	for (size_t i = 0; i < ndyn && dyn[i].d_tag != DT_NULL; i++) {
		const char *name;

		if (dyn[i].d_tag != DT_NEEDED || dyn[i].d_un.d_val >= strsz ||
		    strsz - dyn[i].d_un.d_val < len)
			continue;
		name = file_at(&fv, strtab + dyn[i].d_un.d_val, len);
		if (name && !memcmp(name, lib, len))
			return 1;
	}
	return 0;
}

int sf_elf_check_shim(const char *path, int elfclass, int machine, enum sf_loader loader, char *why,
		      size_t size)
{
	/* Each libc's loader can map the other's shim and then fail or crash
	 * in it: the shim must be linked against the program's libc. */
	const char *libc = loader == SF_LOADER_MUSL ? "libc.so" : "libc.so.6";
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	struct map m;
	int r = -1;

	if (map_file(path, &m, why, size))
		return -1;
	eh = ehdr_of(&m);
	if (!eh || m.p[EI_CLASS] != ELFCLASS64 || m.size < sizeof(*eh)) {
		snprintf(why, size, "%s: not a valid 64-bit ELF file", path);
		goto out;
	}
	if (eh->e_type != ET_DYN) {
		snprintf(why, size, "%s: not a shared object", path);
		goto out;
	}
	if (m.p[EI_CLASS] != elfclass || eh->e_machine != machine) {
		snprintf(why, size, "%s: built for another kind of machine than the program", path);
		goto out;
	}
	ph = (const Elf64_Phdr *)(m.p + eh->e_phoff);
	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !in_file(&m, ph[i].p_offset, ph[i].p_filesz)) {
			snprintf(why, size, "%s: truncated", path);
			goto out;
		}
	}
	if (eh->e_shnum &&
	    (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	     !in_file(&m, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))) {
		snprintf(why, size, "%s: truncated", path);
		goto out;
	}
	if (needs_lib(&m, eh, libc) != 1) {
		snprintf(why, size, "%s: not built for the program's C library (%s)", path,
			 loader == SF_LOADER_MUSL ? "musl" : "glibc");
		goto out;
	}
	r = 0;
out:
	unmap(&m);
	return r;
}
