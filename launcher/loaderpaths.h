/* The files execve and the dynamic loader open to start a program: what
 * sf-run's pre-exec Landlock stage must let the program read (and, for
 * the files the kernel execs, execute) before the exact ruleset is in
 * force at main.
 *
 * Exact files, not directories: a rule on /usr/lib would let the program
 * read every file beneath it, where the loader needs a handful; a rule on
 * a file follows its inode, which is what the loader opens through any
 * symlink on the way. Files the loader only probes and does not find need
 * no rule (a missing file is ENOENT before Landlock is asked), and a file
 * it opens and rejects (another ELF class) may be denied: both loaders
 * then go on searching as for a missing one.
 *
 * The search is each loader's as it documents it:
 *   glibc (ld.so(8)): DT_RPATH of the object and of those that loaded it
 *   (when it has no DT_RUNPATH), LD_LIBRARY_PATH, DT_RUNPATH,
 *   /etc/ld.so.cache, the default directories; $ORIGIN, $LIB and
 *   $PLATFORM expanded; each directory's glibc-hwcaps and legacy hwcap
 *   subdirectories first; LD_PRELOAD and /etc/ld.so.preload.
 *   musl (its ldso/dynlink.c): LD_LIBRARY_PATH, DT_RUNPATH or DT_RPATH of
 *   the object and of those that loaded it ($ORIGIN), the lines of
 *   /etc/ld-musl-ARCH.path or /lib:/usr/local/lib:/usr/lib; LD_PRELOAD.
 * The loader is told by PT_INTERP's name. Static programs need only
 * themselves. A "#!" script needs itself and its interpreter, followed as
 * the kernel follows it (a few levels); what the interpreter execs later
 * (env's program) is a nested exec of the program's, not the loader's.
 *
 * A library that is not found is left out: the loader then fails as it
 * would without sf. What is found is found now, in the file system as it
 * is: a file replaced between this and exec may differ (the exact
 * ruleset, not this list, is what the program runs under from main).
 *
 * Files are opened with openat, not open, here and in elfdyn.c and
 * ldcache.c: musl's open follows an O_CLOEXEC open with an fcntl for
 * kernels before 2.6.23, one more system call a file before every
 * sandboxed exec with path rules. */
#ifndef SF_LOADERPATHS_H
#define SF_LOADERPATHS_H

#include <stddef.h>

enum sf_loadpath_kind {
	SF_LOADPATH_SCRIPT,  /* a "#!" file on the way to the ELF program */
	SF_LOADPATH_PROGRAM, /* the ELF program the kernel maps */
	SF_LOADPATH_INTERP,  /* its PT_INTERP, the loader */
	SF_LOADPATH_LIBRARY, /* a DT_NEEDED or preloaded shared object */
	SF_LOADPATH_CONFIG,  /* a file the loader reads: its cache, path or preload list */
};

struct sf_loadpath {
	char *path; /* as the kernel or the loader opens it */
	enum sf_loadpath_kind kind;
	/* Opened by execve (scripts, the program, its interpreter): the
	 * kernel checks Landlock's execute right as well as read. Libraries
	 * are mapped executable, which Landlock does not check: read only. */
	int execute;
};

struct sf_pathlist {
	struct sf_loadpath *v;
	size_t n, cap;
};

/* Fills out (empty on entry) with what exec of prog (a path, as for
 * execve) with the environment envp opens before the program's code
 * runs, each file once, in the order the loader opens them. 0, or -1 with
 * a one-line reason in err: prog cannot be read, is malformed, is not
 * 64-bit, or names a loader sf does not know. */
int sf_loader_paths(const char *prog, char *const envp[], struct sf_pathlist *out, char *err,
		    size_t errlen);

void sf_pathlist_free(struct sf_pathlist *l);

#endif
