/* Does a dynamic ELF image start through libc's __libc_start_main? It does
 * when one of its relocations refers to an undefined symbol of that name
 * (crt1's _start calls it through the GOT or PLT). A program with its own
 * _start, or one that defines the name itself, does not: the shim cannot
 * wait for its wrapper there. */
#ifndef SF_ELFSTART_H
#define SF_ELFSTART_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* Where the image's bytes are: at(ctx, vaddr, len) returns a pointer to
 * len readable bytes at the virtual address, or NULL when they are not all
 * inside the image. */
struct sf_elf_view {
	const void *(*at)(void *ctx, uint64_t vaddr, uint64_t len);
	void *ctx;
};

/* 1: a relocation against an undefined __libc_start_main; 0: none;
 * -1: the dynamic section cannot be read. dyn points at the image's
 * PT_DYNAMIC contents (ndyn entries at most). */
int sf_elf_uses_start_main(const Elf64_Dyn *dyn, size_t ndyn, const struct sf_elf_view *v);

/* The shim's view: the main executable as mapped in this process, found
 * from the kernel's auxiliary vector (selfstart.c, in libsf.so only). Same
 * results; -1 also when /proc/self/auxv cannot be read. */
int sf_self_uses_start_main(void);

#endif
