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

/* Sizes of the in-place names (gen-syscalls.py checks they suffice). The
 * tables hold no pointers, so the shim that links them needs no relocation. */
#define SF_SYSCALL_NAME_SIZE 32
#define SF_ARG_NAME_SIZE 20
#define SF_CTYPE_SIZE 56

/* What the audit of the kernel's code (gen/arg-audit.txt) found: type is
 * how the kernel reads the argument, which can be narrower than its C type
 * (writev's unsigned long fd goes to fdget_pos(int)). */
#define SF_ARGF_AUDITED 1 /* the reading was audited */
#define SF_ARGF_NARROW 2  /* the kernel reads the low 32 bits of a 64-bit C type */
#define SF_ARGF_DUAL 4	  /* not sure: a rule must hold for all 64 bits and the low 32 */
/* Type U32, but the kernel reads the low 16 bits (old_uid_t, umode_t): compared on those. */
#define SF_ARGF_16 8

struct sf_sysarg {
	char name[SF_ARG_NAME_SIZE]; /* e.g. "fd"; empty past nargs */
	unsigned char type;	     /* enum sf_argtype, as the kernel reads it */
	unsigned char ctype;	     /* index into sf_ctypes */
	unsigned char flags;	     /* SF_ARGF_* */
};

struct sf_syscall {
	char name[SF_SYSCALL_NAME_SIZE]; /* without the sys_ prefix */
	int nr;
	unsigned char nargs;
	struct sf_sysarg args[6];
};

/* The C types of arguments as the kernel declares them, for every arch. */
extern const char sf_ctypes[][SF_CTYPE_SIZE];
extern const size_t sf_ctypes_count;

static inline const char *sf_sysarg_ctype(const struct sf_sysarg *a)
{
	return sf_ctypes[a->ctype];
}

struct sf_syscall_table {
	const struct sf_syscall *calls; /* sorted by nr */
	const uint16_t *by_name;	/* indexes into calls, sorted by name */
	size_t count;
	const uint16_t *by_hash; /* index + 1 (0: empty) at the name's hash, probed on */
	size_t hash_mask;	 /* slots - 1, a power of two less one */
};

extern const struct sf_syscall_table sf_syscalls_x86_64;
extern const struct sf_syscall_table sf_syscalls_i386;
extern const struct sf_syscall_table sf_syscalls_aarch64;

const struct sf_syscall *sf_syscall_by_name(const struct sf_syscall_table *t, const char *name);
/* The same for a name that is not NUL-terminated (len bytes). */
const struct sf_syscall *sf_syscall_by_name_len(const struct sf_syscall_table *t, const char *name,
						size_t len);
const struct sf_syscall *sf_syscall_by_nr(const struct sf_syscall_table *t, int nr);

#endif
