/* What sf-run must know of a program before it execs it: which libc's
 * loader will run it (and so which shim can load into it), or that it is
 * static and no shim ever will. */
#ifndef SF_ELFINFO_H
#define SF_ELFINFO_H

#include <stddef.h>

enum sf_loader {
	SF_LOADER_STATIC, /* no PT_INTERP: static or static-pie */
	SF_LOADER_GLIBC,  /* the system's ld-linux*.so */
	SF_LOADER_MUSL,	  /* the system's ld-musl-*.so */
	SF_LOADER_OTHER,  /* an interpreter sf has no shim for */
};

struct sf_elfinfo {
	char path[4096];   /* the ELF file the kernel will load (after #!) */
	char interp[4096]; /* PT_INTERP, when dynamic */
	enum sf_loader loader;
	int elfclass, machine;
	int start_main; /* sf_elf_uses_start_main of the file, when dynamic */
};

/* Reads path (following #! lines to the interpreter, a few levels). 0, or
 * -1 with a reason in why: *not_exec is then set when the file is neither
 * an ELF program nor a script (the kernel would say ENOEXEC). */
int sf_elf_inspect(const char *path, struct sf_elfinfo *out, int *not_exec, char *why, size_t size);

/* Checks that the shim at path is a complete ELF shared object of the given
 * class and machine, linked against the C library of loader (glibc or
 * musl). 0, or -1 with a reason in why. */
int sf_elf_check_shim(const char *path, int elfclass, int machine, enum sf_loader loader, char *why,
		      size_t size);

#endif
