/* glibc calls constructors with argc, argv and envp: the dynamic linker's
 * own pointers into the stack the kernel set up. A program can define a
 * variable named environ (the dynamic linker then binds the shim's
 * reference to it) and start with an environment that names no policy;
 * these it cannot replace. musl passes constructors nothing, and runs them
 * from __libc_start_main, after the shim's wrapper has read the vectors
 * from the stack (preload/shim.c): there the shim's constructor finds its
 * work done, unless libsf.so was loaded by dlopen. */
#include <stddef.h>
#include <unistd.h>

#include "startargs.h"

static int start_argc;
static char **start_argv, **start_envp;

#ifdef __GLIBC__
/* Before the shim's own constructor (default priority). */
__attribute__((constructor(101))) static void sf_start_capture(int argc, char **argv, char **envp)
{
	start_argc = argc;
	start_argv = argv;
	start_envp = envp;
}
#endif

char **sf_start_envp(void)
{
	return start_envp ? start_envp : environ;
}

const uint64_t *sf_start_auxv(void)
{
	char **e;

	if (!start_argv || start_argc < 0)
		return NULL;
	/* argv is the stack's even when libsf.so is loaded by dlopen, where
	 * envp is the C library's current environ. */
	for (e = start_argv + start_argc + 1; *e; e++)
		;
	return (const uint64_t *)(e + 1);
}
