#include <string.h>
#include <linux/audit.h>
#include "arch.h"

static const struct sf_arch_info arches[SF_ARCH_COUNT] = {
    /* x32 shares AUDIT_ARCH_X86_64 and is told apart only by this bit in
     * the number, so a filter for x86_64 must refuse that range itself. */
    [SF_ARCH_X86_64] = {"x86_64", AUDIT_ARCH_X86_64, 1, 0x40000000u, 0x40001000u,
			&sf_syscalls_x86_64, sf_constants_x86_64, &sf_constants_x86_64_count,
			sf_constants_absent_x86_64, &sf_constants_absent_x86_64_count},
    [SF_ARCH_I386] = {"i386", AUDIT_ARCH_I386, 0, 0, 0, &sf_syscalls_i386, sf_constants_i386,
		      &sf_constants_i386_count, sf_constants_absent_i386,
		      &sf_constants_absent_i386_count},
    [SF_ARCH_AARCH64] = {"aarch64", AUDIT_ARCH_AARCH64, 1, 0, 0, &sf_syscalls_aarch64,
			 sf_constants_aarch64, &sf_constants_aarch64_count,
			 sf_constants_absent_aarch64, &sf_constants_absent_aarch64_count},
};

const struct sf_constant *sf_arch_constant_lookup(const struct sf_arch_info *ai, const char *name,
						  size_t len)
{
	const struct sf_constant *c = NULL;

	if (ai && ai->constants)
		c = sf_constant_search(ai->constants, *ai->nconstants, name, len);
	if (!c && ai && ai->absent && sf_constant_search(ai->absent, *ai->nabsent, name, len))
		return NULL;
	return c ? c : sf_constant_lookup(name, len);
}

static const struct {
	const char *name;
	enum sf_arch arch;
} aliases[] = {
    {"x86_64", SF_ARCH_X86_64},	  {"amd64", SF_ARCH_X86_64},  {"x86-64", SF_ARCH_X86_64},
    {"i386", SF_ARCH_I386},	  {"x86", SF_ARCH_I386},      {"i686", SF_ARCH_I386},
    {"aarch64", SF_ARCH_AARCH64}, {"arm64", SF_ARCH_AARCH64},
};

const struct sf_arch_info *sf_arch_info(enum sf_arch arch)
{
	if ((unsigned)arch >= SF_ARCH_COUNT)
		return NULL;
	return &arches[arch];
}

int sf_arch_from_name(const char *name, enum sf_arch *out)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		if (strcmp(name, aliases[i].name) == 0) {
			*out = aliases[i].arch;
			return 0;
		}
	}
	return -1;
}

enum sf_arch sf_arch_native(void)
{
#if defined(__x86_64__)
	return SF_ARCH_X86_64;
#elif defined(__i386__)
	return SF_ARCH_I386;
#elif defined(__aarch64__)
	return SF_ARCH_AARCH64;
#else
#error "sf supports x86_64, i386 and aarch64 only"
#endif
}
