/* What the dynamic loader reads of an ELF file to map it and find what it
 * needs: its kind, PT_INTERP and the strings of its dynamic section. Only
 * 64-bit files are read in depth, as in elfinfo.c. */
#ifndef SF_ELFDYN_H
#define SF_ELFDYN_H

#include <stddef.h>
#include <sys/stat.h>

/* More DT_NEEDED entries than any object has: past it, malformed. */
#define SF_ELFDYN_MAX_NEEDED 4096

struct sf_elfdyn {
	int elfclass, machine, type;	/* e_ident[EI_CLASS], e_machine, e_type */
	int is_elf;			/* 0: not an ELF file at all (a script?) */
	char *interp;			/* PT_INTERP, or NULL */
	char *soname, *rpath, *runpath; /* DT_SONAME, DT_RPATH, DT_RUNPATH, or NULL */
	int nodeflib;			/* DF_1_NODEFLIB: no cache, no default dirs */
	char **needed;			/* DT_NEEDED, in order */
	size_t nneeded;
	dev_t dev; /* the file read */
	ino_t ino;
};

/* Reads path. 0, or -1 with a reason in why (a file that cannot be opened
 * or read, or a malformed ELF file). A file that is not ELF is no error:
 * is_elf is 0. */
int sf_elfdyn_read(const char *path, struct sf_elfdyn *out, char *why, size_t size);

/* The same through fd, open for reading, whose fstat is st (the caller's,
 * who opened it to look at it already); path names it in why. fd stays
 * open. */
int sf_elfdyn_read_fd(int fd, const struct stat *st, const char *path, struct sf_elfdyn *out,
		      char *why, size_t size);

void sf_elfdyn_free(struct sf_elfdyn *d);

#endif
