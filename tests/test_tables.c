/* Syscall tables, architectures and named constants. */
#include <string.h>
#include "arch.h"
#include "constants.h"
#include "syscalls.h"
#include "test.h"

/* Checks one argument of a syscall by name, type and, if given, C type. */
static void check_arg(const struct sf_syscall_table *t, const char *call, int i, const char *name,
		      enum sf_argtype type, const char *ctype)
{
	const struct sf_syscall *s = sf_syscall_by_name(t, call);

	CHECKF(s != NULL, "%s missing", call);
	if (s == NULL)
		return;
	CHECKF(i < s->nargs, "%s has %d args, wanted arg %d", call, s->nargs, i);
	if (i >= s->nargs)
		return;
	CHECKF(strcmp(s->args[i].name, name) == 0, "%s arg %d is %s, not %s", call, i,
	       s->args[i].name, name);
	CHECKF(s->args[i].type == type, "%s.%s has type %d, not %d", call, name, s->args[i].type,
	       type);
	if (ctype)
		CHECKF(strcmp(sf_sysarg_ctype(&s->args[i]), ctype) == 0, "%s.%s is %s, not %s",
		       call, name, sf_sysarg_ctype(&s->args[i]), ctype);
}

static void check_nr(const struct sf_syscall_table *t, const char *call, int nr, int nargs)
{
	const struct sf_syscall *s = sf_syscall_by_name(t, call);

	CHECKF(s != NULL && s->nr == nr, "%s should be %d", call, nr);
	CHECKF(s != NULL && s->nargs == nargs, "%s should take %d args", call, nargs);
	CHECKF(sf_syscall_by_nr(t, nr) == s, "number %d should give %s", nr, call);
}

/* Properties every table has: order, round trips, well-formed arguments. */
static void check_table(const char *arch, const struct sf_syscall_table *t, int is64)
{
	int sorted = 1, names = 1, trips = 1, args = 1;

	CHECKF(t->count > 250 && t->count < 600, "%s has %zu syscalls", arch, t->count);
	for (size_t i = 0; i < t->count; i++) {
		const struct sf_syscall *s = &t->calls[i];

		if (i > 0 && t->calls[i - 1].nr >= s->nr)
			sorted = 0;
		if (i > 0 &&
		    strcmp(t->calls[t->by_name[i - 1]].name, t->calls[t->by_name[i]].name) >= 0)
			names = 0;
		if (t->by_name[i] >= t->count)
			names = 0;
		if (sf_syscall_by_name(t, s->name) != s || sf_syscall_by_nr(t, s->nr) != s)
			trips = 0;
		if (strncmp(s->name, "sys_", 4) == 0 || s->nargs > 6)
			args = 0;
		for (int a = 0; a < 6; a++) {
			const struct sf_sysarg *g = &s->args[a];

			if (a >= s->nargs) {
				if (g->name[0] != '\0')
					args = 0;
				continue;
			}
			if (g->name[0] == '\0' || g->ctype >= sf_ctypes_count ||
			    g->type > SF_ARG_S64)
				args = 0;
			/* A 32-bit arch has no 64-bit argument slots. */
			else if (!is64 && SF_ARGTYPE_IS_64(g->type))
				args = 0;
			else if (strchr(sf_sysarg_ctype(g), '*') &&
				 g->type != (is64 ? SF_ARG_U64 : SF_ARG_U32))
				args = 0;
		}
	}
	CHECKF(sorted, "%s: calls not sorted by number", arch);
	CHECKF(names, "%s: by_name not sorted", arch);
	CHECKF(trips, "%s: lookups do not round trip", arch);
	CHECKF(args, "%s: malformed arguments", arch);
	CHECK(sf_syscall_by_name(t, "") == NULL);
	CHECK(sf_syscall_by_name(t, "no_such_call") == NULL);
	CHECK(sf_syscall_by_name(t, "sys_read") == NULL);
	CHECK(sf_syscall_by_nr(t, -1) == NULL);
	CHECK(sf_syscall_by_nr(t, 100000) == NULL);
}

static void test_x86_64(void)
{
	const struct sf_syscall_table *t = &sf_syscalls_x86_64;

	check_table("x86_64", t, 1);
	check_nr(t, "read", 0, 3);
	check_arg(t, "read", 0, "fd", SF_ARG_U32, "unsigned int");
	check_arg(t, "read", 1, "buf", SF_ARG_U64, NULL);
	check_arg(t, "read", 2, "count", SF_ARG_U64, "size_t");
	check_nr(t, "openat", 257, 4);
	check_arg(t, "openat", 0, "dfd", SF_ARG_S32, "int");
	check_arg(t, "openat", 1, "filename", SF_ARG_U64, NULL);
	check_arg(t, "openat", 2, "flags", SF_ARG_S32, NULL);
	check_arg(t, "openat", 3, "mode", SF_ARG_U32, "umode_t");
	check_nr(t, "kill", 62, 2);
	check_arg(t, "kill", 0, "pid", SF_ARG_S32, "pid_t");
	check_nr(t, "ioctl", 16, 3);
	check_arg(t, "ioctl", 0, "fd", SF_ARG_U32, NULL);
	check_arg(t, "ioctl", 1, "cmd", SF_ARG_U32, NULL);
	check_arg(t, "ioctl", 2, "arg", SF_ARG_U64, "unsigned long");
	check_nr(t, "mmap", 9, 6);
	check_arg(t, "mmap", 0, "addr", SF_ARG_U64, "unsigned long");
	check_arg(t, "mmap", 5, "off", SF_ARG_U64, NULL);
	check_nr(t, "lseek", 8, 3);
	check_arg(t, "lseek", 1, "offset", SF_ARG_S64, "off_t");
	check_nr(t, "personality", 135, 1);
	check_arg(t, "personality", 0, "personality", SF_ARG_U32, NULL);
	/* x86_64 is not CLONE_BACKWARDS: tls comes last. */
	check_nr(t, "clone", 56, 5);
	check_arg(t, "clone", 0, "clone_flags", SF_ARG_U32, NULL);
	check_arg(t, "clone", 4, "tls", SF_ARG_U64, NULL);
	check_nr(t, "getpid", 39, 0);
	check_nr(t, "newfstatat", 262, 4);
	check_nr(t, "rt_sigaction", 13, 4);
	check_nr(t, "pread64", 17, 4);
	check_arg(t, "pread64", 3, "pos", SF_ARG_S64, "loff_t");
	check_nr(t, "open", 2, 3);
	check_nr(t, "arch_prctl", 158, 2);
	check_nr(t, "setuid", 105, 1);
	check_arg(t, "setuid", 0, "uid", SF_ARG_U32, "uid_t");
	check_arg(t, "capget", 0, "header", SF_ARG_U64, "cap_user_header_t");
	check_arg(t, "fanotify_mark", 2, "mask", SF_ARG_U64, "__u64");
	check_nr(t, "seccomp", 317, 3);
	check_nr(t, "set_mempolicy_home_node", 450, 4);
	/* x32 entries live in the same table file but must not leak in. */
	CHECK(sf_syscall_by_nr(t, 512) == NULL);
	CHECK(sf_syscall_by_nr(t, 0x40000000) == NULL);
	/* No entry point: kept by name (policies such as Docker's name
	 * them), without arguments. */
	check_nr(t, "tuxcall", 184, 0);
	check_nr(t, "epoll_ctl_old", 214, 0);
}

static void test_i386(void)
{
	const struct sf_syscall_table *t = &sf_syscalls_i386;

	check_table("i386", t, 0);
	check_nr(t, "read", 3, 3);
	check_arg(t, "read", 1, "buf", SF_ARG_U32, NULL);
	check_arg(t, "read", 2, "count", SF_ARG_U32, "size_t");
	check_nr(t, "open", 5, 3);
	check_nr(t, "socketcall", 102, 2);
	check_arg(t, "socketcall", 0, "call", SF_ARG_S32, "int");
	check_arg(t, "socketcall", 1, "args", SF_ARG_U32, NULL);
	check_nr(t, "lseek", 19, 3);
	check_arg(t, "lseek", 1, "offset", SF_ARG_S32, "off_t");
	check_nr(t, "mmap2", 192, 6);
	check_arg(t, "mmap2", 0, "addr", SF_ARG_U32, NULL);
	check_nr(t, "mmap", 90, 1);
	/* i386 is CLONE_BACKWARDS: tls before child_tidptr. */
	check_nr(t, "clone", 120, 5);
	check_arg(t, "clone", 3, "tls", SF_ARG_U32, NULL);
	check_arg(t, "setuid", 0, "uid", SF_ARG_U32, "old_uid_t");
	check_nr(t, "setuid32", 213, 1);
	check_nr(t, "socket", 359, 3);
	check_nr(t, "getpid", 20, 0);
	check_nr(t, "_llseek", 140, 5);
	/* A 64-bit argument takes two slots, low half first. */
	check_nr(t, "fanotify_mark", 339, 6);
	check_arg(t, "fanotify_mark", 2, "mask_lo", SF_ARG_U32, "__u64");
	check_arg(t, "fanotify_mark", 3, "mask_hi", SF_ARG_U32, "__u64");
	check_arg(t, "fanotify_mark", 4, "dfd", SF_ARG_S32, NULL);
	check_nr(t, "pread64", 180, 5);
	check_nr(t, "break", 17, 0);
}

static void test_aarch64(void)
{
	const struct sf_syscall_table *t = &sf_syscalls_aarch64;

	check_table("aarch64", t, 1);
	check_nr(t, "read", 63, 3);
	check_arg(t, "read", 0, "fd", SF_ARG_U32, NULL);
	check_nr(t, "openat", 56, 4);
	check_arg(t, "openat", 0, "dfd", SF_ARG_S32, NULL);
	CHECK(sf_syscall_by_name(t, "open") == NULL);
	CHECK(sf_syscall_by_name(t, "fork") == NULL);
	CHECK(sf_syscall_by_name(t, "stat") == NULL);
	check_nr(t, "fstat", 80, 2);
	check_nr(t, "newfstatat", 79, 4);
	check_nr(t, "fcntl", 25, 3);
	check_nr(t, "lseek", 62, 3);
	check_arg(t, "lseek", 1, "offset", SF_ARG_S64, NULL);
	check_nr(t, "mmap", 222, 6);
	check_nr(t, "statfs", 43, 2);
	check_nr(t, "fadvise64", 223, 4);
	check_nr(t, "sendfile", 71, 4);
	check_nr(t, "renameat", 38, 4);
	check_nr(t, "getrlimit", 163, 2);
	check_nr(t, "clone3", 435, 2);
	check_nr(t, "memfd_secret", 447, 1);
	/* arm64 is CLONE_BACKWARDS too. */
	check_nr(t, "clone", 220, 5);
	check_arg(t, "clone", 3, "tls", SF_ARG_U64, NULL);
	check_nr(t, "kill", 129, 2);
	check_nr(t, "getpid", 172, 0);
	/* 32-bit only names must not appear on a 64-bit arch. */
	CHECK(sf_syscall_by_name(t, "fcntl64") == NULL);
	CHECK(sf_syscall_by_name(t, "mmap2") == NULL);
	CHECK(sf_syscall_by_name(t, "clock_gettime64") == NULL);
}

static void test_arch(void)
{
	enum sf_arch a;
	const struct sf_arch_info *x = sf_arch_info(SF_ARCH_X86_64);

	CHECK(x && strcmp(x->name, "x86_64") == 0 && x->audit_arch == 0xc000003eu && x->is_64bit);
	CHECK(x && x->x32_first == 0x40000000u && x->x32_end == 0x40001000u);
	CHECK(x && x->table == &sf_syscalls_x86_64);
	x = sf_arch_info(SF_ARCH_I386);
	CHECK(x && x->audit_arch == 0x40000003u && !x->is_64bit && x->x32_first == 0);
	CHECK(x && x->table == &sf_syscalls_i386);
	x = sf_arch_info(SF_ARCH_AARCH64);
	CHECK(x && x->audit_arch == 0xc00000b7u && x->is_64bit && x->table == &sf_syscalls_aarch64);
	CHECK(sf_arch_info(SF_ARCH_COUNT) == NULL);

	CHECK(sf_arch_from_name("amd64", &a) == 0 && a == SF_ARCH_X86_64);
	CHECK(sf_arch_from_name("x86-64", &a) == 0 && a == SF_ARCH_X86_64);
	CHECK(sf_arch_from_name("i686", &a) == 0 && a == SF_ARCH_I386);
	CHECK(sf_arch_from_name("x86", &a) == 0 && a == SF_ARCH_I386);
	CHECK(sf_arch_from_name("arm64", &a) == 0 && a == SF_ARCH_AARCH64);
	CHECK(sf_arch_from_name("aarch64", &a) == 0 && a == SF_ARCH_AARCH64);
	CHECK(sf_arch_from_name("mips", &a) != 0);
	CHECK(sf_arch_from_name("", &a) != 0);
#ifdef __x86_64__
	CHECK(sf_arch_native() == SF_ARCH_X86_64);
#endif
}

static void test_constants(void)
{
	static const char text[] = "AT_FDCWDxyz";
	const struct sf_constant *c;
	int sorted = 1, trips = 1;

	CHECK(sf_constants_count >= 500);
	for (size_t i = 0; i < sf_constants_count; i++) {
		const char *n = sf_constants[i].name;

		if (i > 0 && strcmp(sf_constants[i - 1].name, n) >= 0)
			sorted = 0;
		if (sf_constant_lookup(n, strlen(n)) != &sf_constants[i])
			trips = 0;
	}
	CHECK(sorted);
	CHECK(trips);

	c = sf_constant_lookup("AT_FDCWD", 8);
	CHECK(c && c->value == -100);
	/* The name is a slice of longer text and needs no terminator. */
	c = sf_constant_lookup(text, 8);
	CHECK(c && strcmp(c->name, "AT_FDCWD") == 0);
	CHECK(sf_constant_lookup(text, 7) == NULL);
	CHECK(sf_constant_lookup(text, 9) == NULL);
	CHECK(sf_constant_lookup("O_RDONLY", 1) == NULL);
	CHECK(sf_constant_lookup("", 0) == NULL);
	c = sf_constant_lookup("O_RDONLY", 8);
	CHECK(c && c->value == 0);
	c = sf_constant_lookup("O_ACCMODE", 9);
	CHECK(c && c->value == 3);
	c = sf_constant_lookup("TIOCSTI", 7);
	CHECK(c && c->value == 0x5412);
	c = sf_constant_lookup("FIONREAD", 8);
	CHECK(c && c->value == 0x541B);
	c = sf_constant_lookup("TCGETS", 6);
	CHECK(c && c->value == 0x5401);
	c = sf_constant_lookup("EPERM", 5);
	CHECK(c && c->value == 1);
	c = sf_constant_lookup("SIGSYS", 6);
	CHECK(c && c->value == 31);
	c = sf_constant_lookup("CLONE_NEWUSER", 13);
	CHECK(c && c->value == 0x10000000);
	c = sf_constant_lookup("PR_SET_NO_NEW_PRIVS", 19);
	CHECK(c && c->value == 38);
	c = sf_constant_lookup("EWOULDBLOCK", 11);
	CHECK(c && c->value == 11);

	CHECK(sf_errnos_count > 100);
	for (size_t i = 1; i < sf_errnos_count; i++)
		if (sf_errnos[i - 1].value >= sf_errnos[i].value)
			sorted = 0;
	CHECK(sorted);
	CHECK(sf_errno_name(1) && strcmp(sf_errno_name(1), "EPERM") == 0);
	CHECK(sf_errno_name(11) && strcmp(sf_errno_name(11), "EAGAIN") == 0);
	CHECK(sf_errno_name(35) && strcmp(sf_errno_name(35), "EDEADLK") == 0);
	CHECK(sf_errno_name(95) && strcmp(sf_errno_name(95), "EOPNOTSUPP") == 0);
	CHECK(sf_errno_name(38) && strcmp(sf_errno_name(38), "ENOSYS") == 0);
	CHECK(sf_errno_name(0) == NULL);
	CHECK(sf_errno_name(-1) == NULL);
	CHECK(sf_errno_name(100000) == NULL);
}

/* Linux 6.18's syscalls, numbered alike from 451 on in all three tables
 * (map_shadow_stack included: the tables list it though only x86_64 and,
 * from 6.13, arm64 implement it). */
static void test_newest(void)
{
	static const struct {
		const char *name;
		int nr, nargs;
	} calls[] = {
	    {"cachestat", 451, 4},	   {"fchmodat2", 452, 4},
	    {"map_shadow_stack", 453, 3},  {"futex_wake", 454, 4},
	    {"futex_wait", 455, 6},	   {"futex_requeue", 456, 4},
	    {"statmount", 457, 4},	   {"listmount", 458, 4},
	    {"lsm_get_self_attr", 459, 4}, {"lsm_set_self_attr", 460, 4},
	    {"lsm_list_modules", 461, 3},  {"mseal", 462, 3},
	    {"setxattrat", 463, 6},	   {"getxattrat", 464, 6},
	    {"listxattrat", 465, 5},	   {"removexattrat", 466, 4},
	    {"open_tree_attr", 467, 5},	   {"file_getattr", 468, 5},
	    {"file_setattr", 469, 5},
	};
	const struct sf_syscall_table *tabs[] = {&sf_syscalls_x86_64, &sf_syscalls_i386,
						 &sf_syscalls_aarch64};

	for (size_t a = 0; a < sizeof tabs / sizeof tabs[0]; a++) {
		const struct sf_syscall_table *t = tabs[a];

		for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
			check_nr(t, calls[i].name, calls[i].nr, calls[i].nargs);
		/* Nothing past 6.18's last. */
		CHECK(t->calls[t->count - 1].nr == 469);
	}
	check_arg(&sf_syscalls_x86_64, "setxattrat", 5, "usize", SF_ARG_U64, "size_t");
	check_arg(&sf_syscalls_i386, "setxattrat", 5, "usize", SF_ARG_U32, "size_t");
	check_arg(&sf_syscalls_aarch64, "file_setattr", 4, "at_flags", SF_ARG_U32, "unsigned int");
	check_arg(&sf_syscalls_x86_64, "mseal", 2, "flags", SF_ARG_U64, "unsigned long");
	check_nr(&sf_syscalls_x86_64, "uretprobe", 335, 0);
	/* Defined with SYSCALL32_DEFINE0 since 6.10: still no arguments. */
	check_nr(&sf_syscalls_i386, "sigreturn", 119, 0);
}

int main(void)
{
	test_x86_64();
	test_i386();
	test_aarch64();
	test_newest();
	test_arch();
	test_constants();
	return test_report("tables");
}
