/* Architectures sf can compile for. Installation is native only. */
#ifndef SF_ARCH_H
#define SF_ARCH_H

#include <stdint.h>
#include "syscalls.h"

enum sf_arch {
	SF_ARCH_X86_64,
	SF_ARCH_I386,
	SF_ARCH_AARCH64,
	SF_ARCH_COUNT,
};

struct sf_arch_info {
	const char *name;    /* "x86_64", "i386", "aarch64" */
	uint32_t audit_arch; /* AUDIT_ARCH_* as seen in seccomp_data.arch */
	int is_64bit;	     /* pointer and long width */
	uint32_t x32_first;  /* first number killed as a foreign ABI, or 0 */
	uint32_t x32_end;    /* one past the last such number */
	const struct sf_syscall_table *table;
};

const struct sf_arch_info *sf_arch_info(enum sf_arch arch);
int sf_arch_from_name(const char *name, enum sf_arch *out);
enum sf_arch sf_arch_native(void);

#endif
