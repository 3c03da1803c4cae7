/* Syscall tables: names, numbers and typed argument names per architecture.
 * The tables themselves are generated (see gen/gen-syscalls.py). */
#ifndef SF_SYSCALLS_H
#define SF_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

/* How the kernel's C type of an argument is compared: its width in
 * seccomp_data (low 32 bits or all 64) and whether ordering is signed. */
enum sf_argtype {
	SF_ARG_U32 = 0,
	SF_ARG_S32 = 1,
	SF_ARG_U64 = 2,
	SF_ARG_S64 = 3,
};

#define SF_ARGTYPE_IS_64(t) ((t) >= SF_ARG_U64)
#define SF_ARGTYPE_IS_SIGNED(t) ((t) == SF_ARG_S32 || (t) == SF_ARG_S64)

struct sf_sysarg {
	const char *name;     /* e.g. "fd"; NULL past nargs */
	const char *ctype;    /* the C type as the kernel declares it */
	unsigned char type;   /* enum sf_argtype */
};

struct sf_syscall {
	const char *name; /* without the sys_ prefix */
	int nr;
	unsigned char nargs;
	struct sf_sysarg args[6];
};

struct sf_syscall_table {
	const struct sf_syscall *calls; /* sorted by nr */
	const uint16_t *by_name;        /* indexes into calls, sorted by name */
	size_t count;
};

extern const struct sf_syscall_table sf_syscalls_x86_64;
extern const struct sf_syscall_table sf_syscalls_i386;
extern const struct sf_syscall_table sf_syscalls_aarch64;

const struct sf_syscall *sf_syscall_by_name(const struct sf_syscall_table *t, const char *name);
const struct sf_syscall *sf_syscall_by_nr(const struct sf_syscall_table *t, int nr);

#endif
