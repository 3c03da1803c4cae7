/* The shim's view of the executable it was loaded into: found from the
 * auxiliary vector the kernel passed, read from /proc/self/auxv with raw
 * calls, not through dl_iterate_phdr or getauxval, which the program may
 * define. Kept apart from elfstart.c, which sf-run links too. */
#include <elf.h>

#include "elfstart.h"
#include "rawsys.h"
#include "startargs.h"

struct self {
	uint64_t bias;
	const Elf64_Phdr *phdr;
	size_t phnum;
};

static int inside(const struct self *s, uint64_t vaddr, uint64_t len)
{
	for (size_t i = 0; i < s->phnum; i++) {
		const Elf64_Phdr *ph = &s->phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_R) && vaddr >= ph->p_vaddr &&
		    len <= ph->p_memsz && vaddr - ph->p_vaddr <= ph->p_memsz - len)
			return 1;
	}
	return 0;
}

/* glibc's loader rewrites some dynamic entries of the executable to run-time
 * addresses and musl's does not, so an address is taken as absolute when it
 * falls inside the mapped image and as relative to it otherwise. */
static const void *self_at(void *ctx, uint64_t addr, uint64_t len)
{
	const struct self *s = ctx;

	if (addr >= s->bias && inside(s, addr - s->bias, len))
		return (const void *)(uintptr_t)addr;
	if (inside(s, addr, len))
		return (const void *)(uintptr_t)(addr + s->bias);
	return NULL;
}

#define AUX_MAX 64 /* entries; the kernel passes about 20 */

/* AT_PHDR and AT_PHNUM from a vector, if it looks like the kernel's: an
 * AT_NULL end and the page size among the first AUX_MAX entries. */
static int from_vector(const uint64_t *aux, size_t n, const Elf64_Phdr **phdr, size_t *phnum)
{
	int page = 0;

	*phdr = NULL;
	*phnum = 0;
	for (size_t i = 0; i < n && i < AUX_MAX; i++) {
		const uint64_t *a = aux + 2 * i;

		if (a[0] == AT_NULL)
			return page && *phdr && *phnum;
		if (a[0] == AT_PHDR)
			*phdr = (const Elf64_Phdr *)(uintptr_t)a[1];
		else if (a[0] == AT_PHNUM)
			*phnum = a[1];
		else if (a[0] == AT_PAGESZ)
			page = a[1] >= 4096 && !(a[1] & (a[1] - 1));
	}
	return 0;
}

/* Where glibc gave the shim the stack, the vector is there; else it comes
 * from /proc/self/auxv (a musl program that does not start through
 * __libc_start_main). */
static int main_phdrs(const Elf64_Phdr **phdr, size_t *phnum)
{
	const uint64_t *start = sf_start_auxv();
	uint64_t aux[2 * AUX_MAX];
	size_t have = 0;
	long fd, got;

	if (start)
		return from_vector(start, AUX_MAX, phdr, phnum);
	fd = sf_raw_openat_ro("/proc/self/auxv");
	if (SF_RAW_ERR(fd))
		return 0;
	while (have < sizeof aux &&
	       !SF_RAW_ERR(got = sf_raw_read((int)fd, (char *)aux + have, sizeof aux - have)) &&
	       got > 0)
		have += (size_t)got;
	sf_raw_close((int)fd);
	return from_vector(aux, have / (2 * sizeof(*aux)), phdr, phnum);
}

int sf_self_uses_start_main(void)
{
	struct self s = {0, NULL, 0};
	struct sf_elf_view v = {self_at, &s};

	if (!main_phdrs(&s.phdr, &s.phnum))
		return -1;
	/* The load bias, as the dynamic linker takes it: from PT_PHDR, and
	 * none without one. */
	for (size_t i = 0; i < s.phnum; i++)
		if (s.phdr[i].p_type == PT_PHDR)
			s.bias = (uint64_t)(uintptr_t)s.phdr - s.phdr[i].p_vaddr;
	for (size_t i = 0; i < s.phnum; i++) {
		const Elf64_Phdr *ph = &s.phdr[i];

		if (ph->p_type == PT_DYNAMIC && inside(&s, ph->p_vaddr, ph->p_memsz))
			return sf_elf_uses_start_main(
			    (const Elf64_Dyn *)(uintptr_t)(s.bias + ph->p_vaddr),
			    ph->p_memsz / sizeof(Elf64_Dyn), &v);
	}
	return -1;
}
