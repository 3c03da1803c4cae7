/* The name tables of container profiles (oci_names.h). */
#include <string.h>

#include "oci_names.h"

/* SCMP_ACT_KILL is libseccomp's old name for kill-thread. A notify action
 * needs a listener that the engine runs (listenerPath); sf runs none. */
static const struct sf_oci_action actions[] = {
    {"SCMP_ACT_KILL", SF_ACT_KILL_THREAD, 0},
    {"SCMP_ACT_KILL_THREAD", SF_ACT_KILL_THREAD, 0},
    {"SCMP_ACT_KILL_PROCESS", SF_ACT_KILL_PROCESS, 0},
    {"SCMP_ACT_TRAP", SF_ACT_TRAP, 0},
    {"SCMP_ACT_ERRNO", SF_ACT_ERRNO, 1},
    {"SCMP_ACT_TRACE", SF_ACT_TRACE, 1},
    {"SCMP_ACT_LOG", SF_ACT_LOG, 0},
    {"SCMP_ACT_ALLOW", SF_ACT_ALLOW, 0},
    {"SCMP_ACT_NOTIFY", -1, 0},
};

const char *const sf_oci_action_names[] = {
    "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
    "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",	     "SCMP_ACT_TRACE",
    "SCMP_ACT_LOG",  "SCMP_ACT_ALLOW",	     "SCMP_ACT_NOTIFY",
};
const size_t sf_oci_action_count = sizeof(sf_oci_action_names) / sizeof(sf_oci_action_names[0]);

const struct sf_oci_action *sf_oci_action_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(actions[i].name, name))
			return &actions[i];
	return NULL;
}

const char *const sf_oci_op_names[] = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",	"SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};
const size_t sf_oci_op_count = sizeof(sf_oci_op_names) / sizeof(sf_oci_op_names[0]);

int sf_oci_op_by_name(const char *name, int *masked)
{
	static const int ops[] = {SF_CMP_NE, SF_CMP_LT, SF_CMP_LE, SF_CMP_EQ,
				  SF_CMP_GE, SF_CMP_GT, SF_CMP_EQ};

	for (size_t i = 0; i < sf_oci_op_count; i++)
		if (!strcmp(sf_oci_op_names[i], name)) {
			*masked = i == sf_oci_op_count - 1;
			return ops[i];
		}
	return -1;
}

/* Architecture names, libseccomp's and Go's, each with the sf arch it is
 * (SF_ARCH_COUNT: one sf does not compile for). */
struct arch_name {
	const char *name;
	int arch;
};

static const struct arch_name scmp_arches[] = {
    {"SCMP_ARCH_X86_64", SF_ARCH_X86_64},     {"SCMP_ARCH_X86", SF_ARCH_I386},
    {"SCMP_ARCH_AARCH64", SF_ARCH_AARCH64},   {"SCMP_ARCH_X32", SF_ARCH_COUNT},
    {"SCMP_ARCH_ARM", SF_ARCH_COUNT},	      {"SCMP_ARCH_MIPS", SF_ARCH_COUNT},
    {"SCMP_ARCH_MIPS64", SF_ARCH_COUNT},      {"SCMP_ARCH_MIPS64N32", SF_ARCH_COUNT},
    {"SCMP_ARCH_MIPSEL", SF_ARCH_COUNT},      {"SCMP_ARCH_MIPSEL64", SF_ARCH_COUNT},
    {"SCMP_ARCH_MIPSEL64N32", SF_ARCH_COUNT}, {"SCMP_ARCH_PPC", SF_ARCH_COUNT},
    {"SCMP_ARCH_PPC64", SF_ARCH_COUNT},	      {"SCMP_ARCH_PPC64LE", SF_ARCH_COUNT},
    {"SCMP_ARCH_S390", SF_ARCH_COUNT},	      {"SCMP_ARCH_S390X", SF_ARCH_COUNT},
    {"SCMP_ARCH_PARISC", SF_ARCH_COUNT},      {"SCMP_ARCH_PARISC64", SF_ARCH_COUNT},
    {"SCMP_ARCH_RISCV64", SF_ARCH_COUNT},     {"SCMP_ARCH_LOONGARCH64", SF_ARCH_COUNT},
    {"SCMP_ARCH_M68K", SF_ARCH_COUNT},	      {"SCMP_ARCH_SH", SF_ARCH_COUNT},
    {"SCMP_ARCH_SHEB", SF_ARCH_COUNT},
};

static const struct arch_name goarches[] = {
    /* Docker's profile names "x86" too, which no Go arch is. */
    {"x86", SF_ARCH_COUNT},	  {"amd64", SF_ARCH_X86_64},	  {"386", SF_ARCH_I386},
    {"arm64", SF_ARCH_AARCH64},	  {"x32", SF_ARCH_COUNT},	  {"arm", SF_ARCH_COUNT},
    {"ppc", SF_ARCH_COUNT},	  {"ppc64", SF_ARCH_COUNT},	  {"ppc64le", SF_ARCH_COUNT},
    {"s390", SF_ARCH_COUNT},	  {"s390x", SF_ARCH_COUNT},	  {"mips", SF_ARCH_COUNT},
    {"mipsle", SF_ARCH_COUNT},	  {"mips64", SF_ARCH_COUNT},	  {"mips64le", SF_ARCH_COUNT},
    {"mips64p32", SF_ARCH_COUNT}, {"mips64p32le", SF_ARCH_COUNT}, {"riscv64", SF_ARCH_COUNT},
    {"loong64", SF_ARCH_COUNT},	  {"sparc64", SF_ARCH_COUNT},
};

static const struct arch_name *find_arch(const struct arch_name *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

#define FIND(t, name) find_arch(t, sizeof(t) / sizeof(t[0]), name)

int sf_oci_scmp_arch_known(const char *name)
{
	return FIND(scmp_arches, name) != NULL;
}

int sf_oci_scmp_arch_is(const char *name, enum sf_arch arch)
{
	const struct arch_name *a = FIND(scmp_arches, name);
	return a && a->arch == (int)arch;
}

int sf_oci_goarch_known(const char *name)
{
	return FIND(goarches, name) != NULL;
}

int sf_oci_goarch_is(const char *name, enum sf_arch arch)
{
	const struct arch_name *a = FIND(goarches, name);
	return a && a->arch == (int)arch;
}

/* In the kernel's order (linux/capability.h), CAP_CHOWN = 0. */
static const char *const caps[SF_OCI_CAP_COUNT] = {
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
};

static int upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

int sf_oci_cap_index(const char *name, size_t len)
{
	if (len >= 4 && upper(name[0]) == 'C' && upper(name[1]) == 'A' && upper(name[2]) == 'P' &&
	    name[3] == '_')
		name += 4, len -= 4;
	for (int i = 0; i < SF_OCI_CAP_COUNT; i++) {
		size_t j;
		if (strlen(caps[i]) != len)
			continue;
		for (j = 0; j < len && upper(name[j]) == caps[i][j]; j++)
			;
		if (j == len)
			return i;
	}
	return -1;
}

/* From libseccomp's syscall table: the names that no x86_64, i386 or
 * aarch64 kernel has (arm, m68k, mips, parisc, powerpc, riscv, s390,
 * sparc calls), and recv and send, which libseccomp knows on i386 only as
 * socketcall's operations, which sf does not filter by. */
static const char *const foreign[] = {
    "arm_fadvise64_64",
    "arm_sync_file_range",
    "atomic_barrier",
    "atomic_cmpxchg_32",
    "breakpoint",
    "cacheflush",
    "cachectl",
    "get_tls",
    "getpagesize",
    "kern_features",
    "memory_ordering",
    "multiplexer",
    "pciconfig_iobase",
    "pciconfig_read",
    "pciconfig_write",
    "recv",
    "riscv_flush_icache",
    "riscv_hwprobe",
    "rtas",
    "s390_guarded_storage",
    "s390_pci_mmio_read",
    "s390_pci_mmio_write",
    "s390_runtime_instr",
    "s390_sthyi",
    "send",
    "set_tls",
    "spu_create",
    "spu_run",
    "subpage_prot",
    "swapcontext",
    "switch_endian",
    "sync_file_range2",
    "sys_debug_setcontext",
    "syscall",
    "sysmips",
    "sysriscv",
    "timerfd",
    "usr26",
    "usr32",
    "utrap_install",
};

int sf_oci_foreign_syscall(const char *name)
{
	for (size_t i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++)
		if (!strcmp(foreign[i], name))
			return 1;
	return 0;
}
