/* The policy language: every grammar element parses to the model it
 * means, and every error the parser can give is given, at the right
 * file:line:col, with its caret and suggestion. Files: includes and
 * frequency hints relative to the including file, and every kind of file
 * that is not a policy. Limits: huge lines, deep nesting, huge rules. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>

#include "compile.h"
#include "constants.h"
#include "eval.h"
#include "parse.h"
#include "test.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char dir[64]; /* a temporary directory for file tests */

/* ---- helpers ---- */

struct buf {
	char *s;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
}

static void brepeat(struct buf *b, const char *s, size_t times)
{
	while (times--)
		bprintf(b, "%s", s);
}

static void bfree(struct buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

/* Parses (and finishes) text named "p.txt"; 0 or -1 with err set. */
static int parse_arch(enum sf_arch arch, const char *text, size_t len, struct sf_policy *p,
		      struct sf_error *err)
{
	sf_policy_init(p, arch);
	if (sf_parse_text(p, "p.txt", text, len, err))
		return -1;
	return sf_parse_finish(p, err);
}

static int parse(const char *text, struct sf_policy *p, struct sf_error *err)
{
	return parse_arch(SF_ARCH_X86_64, text, strlen(text), p, err);
}

/* The policy left behind by a failed parse is empty. */
static int is_empty(const struct sf_policy *p)
{
	return p->nrules == 0 && p->nnodes == 0 && p->nfiles == 0 && p->nfreq == 0 &&
	       !p->default_set;
}

/* Expects an error that starts with where ("p.txt:1:7: error: ") and
 * contains each of the what strings (NULL-terminated). */
static void expect_error_v(int line, enum sf_arch arch, const char *text, size_t len,
			   const char *where, const char *const *what)
{
	struct sf_policy p;
	struct sf_error err;
	int r;

	strcpy(err.msg, "(no message)");
	r = parse_arch(arch, text, len, &p, &err);
	CHECKF(r == -1, "line %d: parsed: %.*s", line, (int)(len > 200 ? 200 : len), text);
	if (r) {
		CHECKF(strncmp(err.msg, where, strlen(where)) == 0, "line %d: want '%s' in:\n%s",
		       line, where, err.msg);
		for (; *what; what++)
			CHECKF(strstr(err.msg, *what) != NULL, "line %d: want '%s' in:\n%s", line,
			       *what, err.msg);
		CHECKF(is_empty(&p), "line %d: policy not left empty", line);
	}
	sf_policy_free(&p);
}

#define ERR_ARCH(arch, text, where, ...)                                                           \
	do {                                                                                       \
		static const char *const what_[] = {__VA_ARGS__, NULL};                            \
		expect_error_v(__LINE__, arch, text, strlen(text), where, what_);                  \
	} while (0)
#define ERR(text, where, ...) ERR_ARCH(SF_ARCH_X86_64, text, where, __VA_ARGS__)
/* For texts with NUL bytes: a string literal's whole size. */
#define ERR_BIN(text, where, ...)                                                                  \
	do {                                                                                       \
		static const char *const what_[] = {__VA_ARGS__, NULL};                            \
		expect_error_v(__LINE__, SF_ARCH_X86_64, text, sizeof(text) - 1, where, what_);    \
	} while (0)

/* The message quotes the line and puts a caret under column col. */
static int has_caret(const char *msg, const char *line_text, int col)
{
	char want[512];
	int n;

	n = snprintf(want, sizeof(want), "\n  %s\n  %*s^", line_text, col - 1, "");
	return n > 0 && (size_t)n < sizeof(want) && strstr(msg, want) != NULL;
}

static const struct sf_rule *rule_named(const struct sf_policy *p, const char *name)
{
	const struct sf_syscall *sc = sf_syscall_by_name(sf_arch_info(p->arch)->table, name);

	return sc ? sf_policy_rule_for(p, sc->nr) : NULL;
}

static uint32_t eval(const struct sf_policy *p, const char *name, uint64_t a0, uint64_t a1,
		     uint64_t a2)
{
	const struct sf_syscall *sc = sf_syscall_by_name(sf_arch_info(p->arch)->table, name);
	struct sf_compile_opts o = {SF_REPORT_KILL, 0, 1};
	struct seccomp_data sd = {.nr = sc ? sc->nr : -1,
				  .arch = sf_arch_info(p->arch)->audit_arch,
				  .args = {a0, a1, a2}};

	return sf_policy_eval(p, &o, &sd);
}

static const struct sf_node *node(const struct sf_policy *p, int i)
{
	return i >= 0 && (size_t)i < p->nnodes ? &p->nodes[i] : NULL;
}

static int is_cmp(const struct sf_node *n, int op, int arg, int type, uint64_t mask, uint64_t value)
{
	return n && n->kind == SF_NODE_CMP && n->op == op && n->arg == arg && n->argtype == type &&
	       n->mask == mask && n->value == value;
}

static int action_is(struct sf_action a, int kind, unsigned data)
{
	return a.kind == kind && a.data == data;
}

#define M32 0xffffffffull
#define M64 0xffffffffffffffffull

/* ---- files ---- */

static void path_in(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s/%s", dir, rel);
}

static void write_file(const char *rel, const char *text, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	path_in(path, sizeof(path), rel);
	f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(2);
	}
}

static void write_text(const char *rel, const char *text)
{
	write_file(rel, text, strlen(text));
}

static int parse_path(const char *path, struct sf_policy *p, struct sf_error *err)
{
	sf_policy_init(p, SF_ARCH_X86_64);
	if (sf_parse_file(p, path, err))
		return -1;
	return sf_parse_finish(p, err);
}

/* Parses dir/rel; expects an error starting with dir/where_rel (when
 * where_rel is not NULL) and containing what. */
static void expect_file_error(int line, const char *rel, const char *where_rel, const char *what)
{
	char path[PATH_MAX], where[PATH_MAX + 64];
	struct sf_policy p;
	struct sf_error err;
	int r;

	path_in(path, sizeof(path), rel);
	r = parse_path(path, &p, &err);
	CHECKF(r == -1, "line %d: %s parsed", line, rel);
	if (r == 0) {
		sf_policy_free(&p);
		return;
	}
	if (where_rel) {
		path_in(where, sizeof(where), where_rel);
		CHECKF(strncmp(err.msg, where, strlen(where)) == 0, "line %d: want '%s' in:\n%s",
		       line, where, err.msg);
	}
	CHECKF(strstr(err.msg, what) != NULL, "line %d: want '%s' in:\n%s", line, what, err.msg);
	CHECKF(is_empty(&p), "line %d: policy not left empty", line);
	sf_policy_free(&p);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* ---- the grammar ---- */

static void test_seed_rules(void)
{
	static const char text[] = "sys_read: (fd == 1) || (fd == 2)\n"
				   "sys_write: (fd == 0)\n"
				   "sys_exit: 1\n"
				   "sys_mmap: 0\n"
				   "on_next_syscall: 1\n";
	struct sf_policy p;
	struct sf_error err;
	const struct sf_rule *r;
	const struct sf_node *n;

	if (parse(text, &p, &err)) {
		CHECKF(0, "%s", err.msg);
		return;
	}
	CHECK(p.nrules == 4);
	CHECK(action_is(p.default_action, SF_ACT_KILL_PROCESS, 0) && !p.default_set);
	r = rule_named(&p, "read");
	CHECK(r && r->expr >= 0 && r->line == 1 && r->col == 1 && r->file == 0);
	n = r ? node(&p, r->expr) : NULL;
	CHECK(n && n->kind == SF_NODE_OR);
	if (n && n->kind == SF_NODE_OR) {
		CHECK(is_cmp(node(&p, n->left), SF_CMP_EQ, 0, SF_ARG_U32, M32, 1));
		CHECK(is_cmp(node(&p, n->right), SF_CMP_EQ, 0, SF_ARG_U32, M32, 2));
	}
	CHECK(r && action_is(r->on_true, SF_ACT_ALLOW, 0) &&
	      action_is(r->on_false, SF_ACT_KILL_PROCESS, 0));
	r = rule_named(&p, "write");
	CHECK(r && r->line == 2 && is_cmp(node(&p, r->expr), SF_CMP_EQ, 0, SF_ARG_U32, M32, 0));
	r = rule_named(&p, "exit");
	CHECK(r && r->expr < 0 && action_is(r->on_true, SF_ACT_ALLOW, 0));
	r = rule_named(&p, "mmap");
	CHECK(r && r->expr < 0 && action_is(r->on_true, SF_ACT_KILL_PROCESS, 0) && r->line == 4);
	/* What it means. */
	CHECK(eval(&p, "read", 1, 0, 0) == SECCOMP_RET_ALLOW);
	CHECK(eval(&p, "read", 2, 0, 0) == SECCOMP_RET_ALLOW);
	CHECK(eval(&p, "read", 0x100000002ull, 0, 0) == SECCOMP_RET_ALLOW); /* fd is 32 bits */
	CHECK(eval(&p, "read", 3, 0, 0) == SECCOMP_RET_KILL_PROCESS);
	CHECK(eval(&p, "write", 0, 0, 0) == SECCOMP_RET_ALLOW);
	CHECK(eval(&p, "write", 1, 0, 0) == SECCOMP_RET_KILL_PROCESS);
	CHECK(eval(&p, "exit", 5, 0, 0) == SECCOMP_RET_ALLOW);
	CHECK(eval(&p, "mmap", 0, 0, 0) == SECCOMP_RET_KILL_PROCESS);
	CHECK(eval(&p, "getpid", 0, 0, 0) == SECCOMP_RET_KILL_PROCESS);
	sf_policy_free(&p);
}

static void test_minijail(void)
{
	static const char text[] = "read: arg0 == 0\n"
				   "mmap: arg2 in ~PROT_EXEC\n"
				   "ioctl: arg1 == TCGETS || arg1 == FIONREAD; return ENOTTY\n";
	struct sf_policy p;
	struct sf_error err;
	const struct sf_rule *r;
	const struct sf_node *n;

	if (parse(text, &p, &err)) {
		CHECKF(0, "%s", err.msg);
		return;
	}
	r = rule_named(&p, "read");
	CHECK(r && is_cmp(node(&p, r->expr), SF_CMP_EQ, 0, SF_ARG_U32, M32, 0));
	r = rule_named(&p, "mmap");
	CHECK(r && is_cmp(node(&p, r->expr), SF_CMP_IN, 2, SF_ARG_U32, M32, 0xfffffffbu));
	r = rule_named(&p, "ioctl");
	n = r ? node(&p, r->expr) : NULL;
	CHECK(n && n->kind == SF_NODE_OR);
	if (n && n->kind == SF_NODE_OR) {
		CHECK(is_cmp(node(&p, n->left), SF_CMP_EQ, 1, SF_ARG_U32, M32, 0x5401));
		CHECK(is_cmp(node(&p, n->right), SF_CMP_EQ, 1, SF_ARG_U32, M32, 0x541b));
	}
	CHECK(r && action_is(r->on_true, SF_ACT_ALLOW, 0) &&
	      action_is(r->on_false, SF_ACT_ERRNO, ENOTTY));
	CHECK(eval(&p, "mmap", 0, 4096, 3) == SECCOMP_RET_ALLOW);
	CHECK(eval(&p, "mmap", 0, 4096, 7) == SECCOMP_RET_KILL_PROCESS);
	CHECK(eval(&p, "ioctl", 1, 0x541b, 0) == SECCOMP_RET_ALLOW);
	CHECK(eval(&p, "ioctl", 1, 0x5402, 0) == (SECCOMP_RET_ERRNO | ENOTTY));
	sf_policy_free(&p);
}

/* Constants real minijail policies name: the build's headers' (ioctl
 * requests, mount flags, ...) and the checked-in ones newer headers have. */
static void test_minijail_constants(void)
{
	static const struct {
		const char *name;
		int64_t value;
	} want[] = {
	    {"TCGETS2", 0x802c542a},
	    {"MADV_GUARD_INSTALL", 102},
	    {"SIOCGIFFLAGS", 0x8913},
	    {"SIOCETHTOOL", 0x8946},
	    {"BLKGETSIZE64", 0x80081272},
	    {"BLKSSZGET", 0x1268},
	    {"FS_IOC_GETFLAGS", 0x80086601},
	    {"FS_IOC_FIEMAP", 0xc020660b},
	    {"MS_BIND", 4096},
	    {"MS_REC", 16384},
	    {"LOOP_SET_FD", 0x4c00},
	    {"LOOP_CONFIGURE", 0x4c0a},
	    {"FDGETFDCSTAT", 0x80280215},
	    {"PR_GET_AUXV", 0x41555856},
	    {"MS_ASYNC", 1},
	    /* struct blk_user_trace_setup is 72 bytes on x86_64 (64 on i386):
	     * the checked-in fallback once had i386's size. */
	    {"BLKTRACESETUP", 0xc0481273},
	    {"FS_IOC_GETFSSYSFSPATH", 0x80811501},
	};
	struct sf_policy p;
	struct sf_error err;
	size_t i;

	for (i = 0; i < COUNT(want); i++) {
		const struct sf_constant *c =
		    sf_constant_lookup(want[i].name, strlen(want[i].name));
		CHECKF(c && c->value == want[i].value, "%s: %lld", want[i].name,
		       c ? (long long)c->value : -1LL);
	}
	CHECKF(parse("ioctl: cmd == TCGETS2 || cmd == BLKGETSIZE64 || cmd == SIOCETHTOOL\n"
		     "mount: flags & MS_BIND\n"
		     "madvise: behavior == MADV_GUARD_INSTALL\n"
		     "prctl: option == PR_GET_AUXV\n",
		     &p, &err) == 0,
	       "%s", err.msg);
	sf_policy_free(&p);
}

struct name_case {
	const char *text;
	int nrules;
	const char *first; /* a syscall that must have a rule */
	int nr;		   /* a number that must have a rule, or -1 */
};

static void test_names(void)
{
	static const struct name_case cases[] = {
	    {"read: 1", 1, "read", 0},
	    {"sys_read: 1", 1, "read", 0},
	    {"read, write: 1", 2, "write", 1},
	    {"read,write,close: 0", 3, "close", 3},
	    {"{read, write}: 1", 2, "read", 1},
	    {"{ read , sys_write } : fd == 1", 2, "write", 0},
	    {"{read}: 0", 1, "read", 0},
	    {"0: 1", 1, "read", 0},
	    {"0x3e8: 1", 1, NULL, 1000},
	    {"01750: 1", 1, NULL, 1000},
	    {"4294967295: 1", 1, NULL, -1},
	    {"0x40001000: 1", 1, NULL, 0x40001000},
	    {"0x3fffffff: 1", 1, NULL, 0x3fffffff},
	    {"read, 1, 1000: errno 1", 3, "write", 1000},
	    {"sys_sys_read: 1", 0, NULL, -1}, /* an unknown name: see test_errors */
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		struct sf_policy p;
		struct sf_error err;
		int r = parse(cases[i].text, &p, &err);

		if (!cases[i].nrules) {
			CHECKF(r == -1, "%s parsed", cases[i].text);
			sf_policy_free(&p);
			continue;
		}
		CHECKF(r == 0, "%s: %s", cases[i].text, err.msg);
		if (r)
			continue;
		CHECKF(p.nrules == (size_t)cases[i].nrules, "%s: %zu rules", cases[i].text,
		       p.nrules);
		if (cases[i].first)
			CHECKF(rule_named(&p, cases[i].first) != NULL, "%s", cases[i].text);
		CHECKF(sf_policy_rule_for(&p, cases[i].nr) != NULL, "%s", cases[i].text);
		sf_policy_free(&p);
	}
}

struct expr_case {
	const char *text; /* a body for "name: " */
	const char *name;
	int op, arg, type;
	uint64_t mask, value;
};

static void test_comparisons(void)
{
	static const struct expr_case cases[] = {
	    {"fd == 1", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 1},
	    {"fd != 1", "read", SF_CMP_NE, 0, SF_ARG_U32, M32, 1},
	    {"fd < 1", "read", SF_CMP_LT, 0, SF_ARG_U32, M32, 1},
	    {"fd <= 1", "read", SF_CMP_LE, 0, SF_ARG_U32, M32, 1},
	    {"fd > 1", "read", SF_CMP_GT, 0, SF_ARG_U32, M32, 1},
	    {"fd >= 1", "read", SF_CMP_GE, 0, SF_ARG_U32, M32, 1},
	    {"fd==1", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 1},
	    {"count & 0x10", "read", SF_CMP_ANY, 2, SF_ARG_U64, M64, 0x10},
	    {"(fd & 0xf0) == 0x10", "read", SF_CMP_EQ, 0, SF_ARG_U32, 0xf0, 0x10},
	    {"(count & 0xffffffff00000000) > 0", "read", SF_CMP_GT, 2, SF_ARG_U64,
	     0xffffffff00000000ull, 0},
	    {"fd in 0x3", "read", SF_CMP_IN, 0, SF_ARG_U32, M32, 3},
	    {"arg2 in ~PROT_EXEC", "mmap", SF_CMP_IN, 2, SF_ARG_U32, M32, 0xfffffffbu},
	    /* "(ARG & MASK)" alone is "ARG & MASK" in parentheses. */
	    {"(flags & O_CREAT)", "openat", SF_CMP_ANY, 2, SF_ARG_S32, M32, 0100},
	    /* Types from the kernel's signature. */
	    {"pid > 0", "kill", SF_CMP_GT, 0, SF_ARG_S32, M32, 0},
	    {"sig == -1", "kill", SF_CMP_EQ, 1, SF_ARG_S32, M32, 0xffffffff},
	    {"offset < 4096", "lseek", SF_CMP_LT, 1, SF_ARG_S64, M64, 4096},
	    {"offset < -1", "lseek", SF_CMP_LT, 1, SF_ARG_S64, M64, M64},
	    {"whence == 2", "lseek", SF_CMP_EQ, 2, SF_ARG_U32, M32, 2},
	    {"dfd == AT_FDCWD", "openat", SF_CMP_EQ, 0, SF_ARG_S32, M32, 0xffffff9c},
	    /* umode_t: the kernel reads 16 bits. */
	    {"mode == 0644", "openat", SF_CMP_EQ, 3, SF_ARG_U32, 0xffff, 0644},
	    {"mode == -1", "openat", SF_CMP_EQ, 3, SF_ARG_U32, 0xffff, 0xffff},
	    {"mode == ~0", "openat", SF_CMP_EQ, 3, SF_ARG_U32, 0xffff, 0xffff},
	    {"mode in 07777", "openat", SF_CMP_IN, 3, SF_ARG_U32, 0xffff, 0xffff0fffu},
	    {"mode & ~0777", "openat", SF_CMP_ANY, 3, SF_ARG_U32, 0xffff, 0xfe00},
	    {"(mode & 0170000) == 0100000", "openat", SF_CMP_EQ, 3, SF_ARG_U32, 0170000, 0100000},
	    {"mode == 0x10000", "openat", -1, 0, 0, 0, 0},
	    {"(mode & 0x10000) == 0", "openat", -1, 0, 0, 0, 0},
	    {"addr == 0", "mmap", SF_CMP_EQ, 0, SF_ARG_U64, M64, 0},
	    {"cmd != FIONREAD", "ioctl", SF_CMP_NE, 1, SF_ARG_U32, M32, 0x541b},
	    {"arg5 == 7", "mmap", SF_CMP_EQ, 5, SF_ARG_U64, M64, 7},
	    {"arg0 == 7", "getppid", -1, 0, 0, 0, 0}, /* no arguments: an error */
	    /* Values: decimal, hex, octal, negative, constants, |, ~, (). */
	    {"fd == 0x7FfFfFfF", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0x7fffffff},
	    {"fd == 0X10", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 16},
	    {"fd == 0", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0},
	    {"fd == 0755", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0755},
	    {"fd == -1", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0xffffffff},
	    {"fd == -2147483648", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0x80000000},
	    {"fd == 4294967295", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0xffffffff},
	    {"count == -1", "read", SF_CMP_EQ, 2, SF_ARG_U64, M64, M64},
	    {"count == 18446744073709551615", "read", SF_CMP_EQ, 2, SF_ARG_U64, M64, M64},
	    {"count == -9223372036854775808", "read", SF_CMP_EQ, 2, SF_ARG_U64, M64, 1ull << 63},
	    {"count == 0x8000000000000000", "read", SF_CMP_EQ, 2, SF_ARG_U64, M64, 1ull << 63},
	    {"flags == O_WRONLY|O_CREAT|O_TRUNC", "openat", SF_CMP_EQ, 2, SF_ARG_S32, M32, 01101},
	    {"flags == (O_RDONLY | O_CLOEXEC)", "openat", SF_CMP_EQ, 2, SF_ARG_S32, M32, 02000000},
	    {"prot == ~PROT_EXEC & 0", "mmap", -1, 0, 0, 0, 0}, /* "~X & 0" is not a value */
	    {"prot == ~(PROT_EXEC | PROT_WRITE)", "mmap", SF_CMP_EQ, 2, SF_ARG_U32, M32,
	     0xfffffff9u},
	    {"fd == ~0", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0xffffffff},
	    {"fd == - -5", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 5},
	    {"fd == -~4", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 5},
	    /* '~' at the compared width, read in the argument's type. */
	    {"fd in ~0x100000000", "read", SF_CMP_IN, 0, SF_ARG_U32, M32, 0xffffffff},
	    {"dfd == ~0x80000000", "openat", SF_CMP_EQ, 0, SF_ARG_S32, M32, 0x7fffffff},
	    {"dfd == ~0", "openat", SF_CMP_EQ, 0, SF_ARG_S32, M32, 0xffffffff},
	    {"offset == ~0x8000000000000000", "lseek", SF_CMP_EQ, 1, SF_ARG_S64, M64,
	     0x7fffffffffffffffull},
	    {"pid == -0x80000000", "kill", SF_CMP_EQ, 0, SF_ARG_S32, M32, 0x80000000},
	    {"(pid & 0x80000000) == 0x80000000", "kill", SF_CMP_EQ, 0, SF_ARG_S32, 0x80000000,
	     0x80000000},
	    {"fd == ((1) | (2 | 4))", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 7},
	    {"(fd & -1) == -2", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 0xfffffffe},
	    {"(fd & ~0xff) == 0x100", "read", SF_CMP_EQ, 0, SF_ARG_U32, 0xffffff00, 0x100},
	    {"(offset & -4096) == -8192", "lseek", SF_CMP_EQ, 1, SF_ARG_S64, ~(uint64_t)4095,
	     ~(uint64_t)8191},
	    {"sig == SIGSYS", "kill", SF_CMP_EQ, 1, SF_ARG_S32, M32, 31},
	    {"arg0 == 1", "read", SF_CMP_EQ, 0, SF_ARG_U32, M32, 1},
	};
	struct buf b = {NULL, 0, 0};

	for (size_t i = 0; i < COUNT(cases); i++) {
		struct sf_policy p;
		struct sf_error err;
		const struct sf_rule *r;
		int rc;

		b.len = 0;
		bprintf(&b, "%s: %s\n", cases[i].name, cases[i].text);
		rc = parse(b.s, &p, &err);
		if (cases[i].op < 0) {
			CHECKF(rc == -1, "%s parsed", b.s);
			sf_policy_free(&p);
			continue;
		}
		if (rc) {
			CHECKF(0, "%s: %s", b.s, err.msg);
			continue;
		}
		r = rule_named(&p, cases[i].name);
		CHECKF(r && p.nnodes == 1 &&
			   is_cmp(node(&p, r->expr), cases[i].op, cases[i].arg, cases[i].type,
				  cases[i].mask, cases[i].value),
		       "%s: nodes %zu, op %d arg %d type %d mask %#llx value %#llx", b.s, p.nnodes,
		       p.nnodes ? p.nodes[0].op : -1, p.nnodes ? p.nodes[0].arg : -1,
		       p.nnodes ? p.nodes[0].argtype : -1,
		       p.nnodes ? (unsigned long long)p.nodes[0].mask : 0,
		       p.nnodes ? (unsigned long long)p.nodes[0].value : 0);
		sf_policy_free(&p);
	}
	bfree(&b);
}

/* The shape of compound expressions, and what they mean. */
static void test_expressions(void)
{
	struct sf_policy p;
	struct sf_error err;
	const struct sf_rule *r;
	const struct sf_node *n, *m;

	/* && binds tighter than ||. */
	if (parse("read: fd == 1 || fd == 2 && count == 3\n", &p, &err) == 0) {
		r = rule_named(&p, "read");
		n = r ? node(&p, r->expr) : NULL;
		CHECK(n && n->kind == SF_NODE_OR);
		if (n && n->kind == SF_NODE_OR) {
			CHECK(is_cmp(node(&p, n->left), SF_CMP_EQ, 0, SF_ARG_U32, M32, 1));
			m = node(&p, n->right);
			CHECK(m && m->kind == SF_NODE_AND &&
			      is_cmp(node(&p, m->right), SF_CMP_EQ, 2, SF_ARG_U64, M64, 3));
		}
		CHECK(eval(&p, "read", 2, 0, 3) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 2, 0, 4) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "read", 1, 0, 4) == SECCOMP_RET_ALLOW);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* Parentheses regroup; ! negates. */
	if (parse("read: (fd == 1 || fd == 2) && !(count == 3)\n", &p, &err) == 0) {
		r = rule_named(&p, "read");
		n = r ? node(&p, r->expr) : NULL;
		CHECK(n && n->kind == SF_NODE_AND && node(&p, n->left)->kind == SF_NODE_OR &&
		      node(&p, n->right)->kind == SF_NODE_NOT);
		CHECK(eval(&p, "read", 2, 0, 4) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 2, 0, 3) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "read", 3, 0, 4) == SECCOMP_RET_KILL_PROCESS);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* A set is an || of equalities. */
	if (parse("read: fd in {0, 1, STDERR_FILENO_IS_NOT_A_CONSTANT}\n", &p, &err) == 0) {
		CHECKF(0, "parsed an unknown constant");
		sf_policy_free(&p);
	}
	if (parse("kill: sig in {SIGTERM, 0, -1}\n", &p, &err) == 0) {
		r = rule_named(&p, "kill");
		CHECK(p.nnodes == 5);
		CHECK(eval(&p, "kill", 5, 15, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "kill", 5, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "kill", 5, 0xffffffff, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "kill", 5, 9, 0) == SECCOMP_RET_KILL_PROCESS);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* A grouped mask, negated, and a mask inside a grouped expression. */
	if (parse("openat: !(flags & O_CREAT) && (flags & O_ACCMODE || mode == 0777)\n", &p,
		  &err) == 0) {
		CHECK(eval(&p, "openat", 0, 0, O_RDONLY) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "openat", 0, 0, O_RDWR) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "openat", 0, 0, O_RDWR | O_CREAT) == SECCOMP_RET_KILL_PROCESS);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* Signed and unsigned ordering, and the width. */
	if (parse("kill: pid > 0\nlseek: offset < 4096\nread: count > 0x100000000\n"
		  "write: fd < 3\n",
		  &p, &err) == 0) {
		CHECK(eval(&p, "kill", 1, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "kill", (uint64_t)-1, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "kill", 0xffffffff, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "kill", 0, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "kill", 0x100000005ull, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "lseek", 0, (uint64_t)-5, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "lseek", 0, 0x100000000ull, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "read", 0, 0, 0x100000001ull) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 0, 0, 0xffffffffull) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "write", 0x100000002ull, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "write", 0xfffffffeull, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
}

struct action_case {
	const char *text;
	int kind;
	unsigned data;
};

static void test_actions(void)
{
	static const struct action_case cases[] = {
	    {"allow", SF_ACT_ALLOW, 0},
	    {"1", SF_ACT_ALLOW, 0},
	    {"kill", SF_ACT_KILL_PROCESS, 0},
	    {"kill-process", SF_ACT_KILL_PROCESS, 0},
	    {"kill-thread", SF_ACT_KILL_THREAD, 0},
	    {"trap", SF_ACT_TRAP, 0},
	    {"log", SF_ACT_LOG, 0},
	    {"errno 1", SF_ACT_ERRNO, 1},
	    {"errno 0", SF_ACT_ERRNO, 0},
	    {"errno 4095", SF_ACT_ERRNO, 4095},
	    {"errno 0x10", SF_ACT_ERRNO, 16},
	    {"errno EACCES", SF_ACT_ERRNO, EACCES},
	    {"errno EWOULDBLOCK", SF_ACT_ERRNO, EAGAIN},
	    {"return 5", SF_ACT_ERRNO, 5},
	    {"return ENOTTY", SF_ACT_ERRNO, ENOTTY},
	    {"trace 0", SF_ACT_TRACE, 0},
	    {"trace 65535", SF_ACT_TRACE, 65535},
	    {"user-notify", SF_ACT_USER_NOTIF, 0},
	};
	struct buf b = {NULL, 0, 0};

	for (size_t i = 0; i < COUNT(cases); i++) {
		for (int form = 0; form < 4; form++) {
			struct sf_policy p;
			struct sf_error err;
			const struct sf_rule *r;

			b.len = 0;
			if (form == 0)
				bprintf(&b, "read: %s\n", cases[i].text);
			else if (form == 1)
				bprintf(&b, "read: fd == 1; %s  # comment\n", cases[i].text);
			else if (form == 2)
				bprintf(&b, "default: %s\nread: 1\n", cases[i].text);
			else
				bprintf(&b, "@default %s\nread: 1\n", cases[i].text);
			if (parse(b.s, &p, &err)) {
				CHECKF(0, "%s: %s", b.s, err.msg);
				continue;
			}
			r = rule_named(&p, "read");
			if (form == 0)
				CHECKF(r && r->expr < 0 &&
					   action_is(r->on_true, cases[i].kind, cases[i].data),
				       "%s", b.s);
			else if (form == 1)
				CHECKF(r && r->expr >= 0 &&
					   action_is(r->on_true, SF_ACT_ALLOW, 0) &&
					   action_is(r->on_false, cases[i].kind, cases[i].data),
				       "%s", b.s);
			else
				CHECKF(
				    p.default_set && p.default_line == 1 &&
					action_is(p.default_action, cases[i].kind, cases[i].data),
				    "%s", b.s);
			sf_policy_free(&p);
		}
	}
	bfree(&b);
}

/* The denial action: the default, or kill-process when the default is
 * allow or log, decided at sf_parse_finish once a later default is known. */
static void test_denial(void)
{
	static const struct {
		const char *def;
		int kind;
		unsigned data;
	} cases[] = {
	    {"", SF_ACT_KILL_PROCESS, 0},
	    {"default: errno EPERM\n", SF_ACT_ERRNO, EPERM},
	    {"default: allow\n", SF_ACT_KILL_PROCESS, 0},
	    {"default: 1\n", SF_ACT_KILL_PROCESS, 0},
	    {"@default log\n", SF_ACT_KILL_PROCESS, 0},
	    {"default: trap\n", SF_ACT_TRAP, 0},
	    {"default: kill-thread\n", SF_ACT_KILL_THREAD, 0},
	    {"@default: trace 9\n", SF_ACT_TRACE, 9},
	    {"default: user-notify\n", SF_ACT_USER_NOTIF, 0},
	    {"default: return ENOSYS\n", SF_ACT_ERRNO, ENOSYS},
	};
	struct buf b = {NULL, 0, 0};

	for (size_t i = 0; i < COUNT(cases); i++) {
		struct sf_policy p;
		struct sf_error err;
		const struct sf_rule *r;

		/* The default comes after the rules that deny. */
		b.len = 0;
		bprintf(&b, "read: fd == 0\nwrite: 0\nclose: fd == 1; 0\ndup: fildes == 2; 1\n%s",
			cases[i].def);
		sf_policy_init(&p, SF_ARCH_X86_64);
		if (sf_parse_text(&p, "p.txt", b.s, b.len, &err)) {
			CHECKF(0, "%s", err.msg);
			continue;
		}
		r = rule_named(&p, "write");
		CHECK(r && r->on_true.kind == SF_ACT_DENIAL); /* not known yet */
		CHECK(sf_parse_finish(&p, &err) == 0);
		r = rule_named(&p, "read");
		CHECKF(r && action_is(r->on_false, cases[i].kind, cases[i].data) &&
			   action_is(r->on_true, SF_ACT_ALLOW, 0),
		       "%s", b.s);
		r = rule_named(&p, "write");
		CHECKF(r && r->expr < 0 && action_is(r->on_true, cases[i].kind, cases[i].data),
		       "%s", b.s);
		r = rule_named(&p, "close");
		CHECKF(r && action_is(r->on_false, cases[i].kind, cases[i].data), "%s", b.s);
		r = rule_named(&p, "dup");
		CHECKF(r && action_is(r->on_false, SF_ACT_ALLOW, 0), "%s", b.s);
		CHECK(p.default_set == (cases[i].def[0] != 0));
		CHECK(p.default_line == (cases[i].def[0] ? 5 : 0));
		sf_policy_free(&p);
	}
	bfree(&b);
}

static void test_layout(void)
{
	struct sf_policy p;
	struct sf_error err;
	const struct sf_rule *r;
	static const char text[] = "# a comment\n"
				   "\n"
				   "   \t# an indented comment\n"
				   "read: fd == 1 || \\\n"
				   "      fd == 2   # after a continuation\n"
				   "  write:\t1\n"
				   "close: \\\n"
				   "  0\n"
				   "on_next_syscall: 1\n"
				   "\n"
				   "dup: fildes == 1 # no newline at the end";

	if (parse(text, &p, &err)) {
		CHECKF(0, "%s", err.msg);
		return;
	}
	CHECK(p.nrules == 4);
	r = rule_named(&p, "read");
	CHECK(r && r->line == 4 && r->col == 1 && eval(&p, "read", 2, 0, 0) == SECCOMP_RET_ALLOW);
	r = rule_named(&p, "write");
	CHECK(r && r->line == 6 && r->col == 3 && r->expr < 0);
	r = rule_named(&p, "close");
	CHECK(r && r->line == 7 && r->expr < 0 && r->on_true.kind == SF_ACT_KILL_PROCESS);
	r = rule_named(&p, "dup");
	CHECK(r && r->line == 11);
	sf_policy_free(&p);

	/* Two texts make one policy; each rule knows its own. */
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(sf_parse_text(&p, "a.txt", "read: 1\n", 8, &err) == 0);
	CHECK(sf_parse_text(&p, "b.txt", "\nwrite: 1\ndefault: errno 3\n", 27, &err) == 0);
	CHECK(sf_parse_finish(&p, &err) == 0);
	CHECK(p.nfiles == 2 && strcmp(p.files[0], "a.txt") == 0 &&
	      strcmp(p.files[1], "b.txt") == 0);
	r = rule_named(&p, "write");
	CHECK(r && r->file == 1 && r->line == 2);
	CHECK(p.default_file == 1 && p.default_line == 3);
	sf_policy_free(&p);

	/* ... and a syscall given in both, with rules that conflict, is an
	 * error naming both. */
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(sf_parse_text(&p, "a.txt", "\nread: 1\n", 9, &err) == 0);
	CHECK(sf_parse_text(&p, "b.txt", "write: 1\nread: 0\n", 17, &err) == -1);
	CHECKF(strncmp(err.msg, "b.txt:2:1: error: read given twice, first at a.txt:2", 52) == 0,
	       "%s", err.msg);
	CHECK(is_empty(&p));
	sf_policy_free(&p);

	/* Text without a NUL after it (a slice of a larger buffer). */
	{
		static const char slice[] = "read: fdd == 0\nwrite: 1";
		char *exact = malloc(14);
		memcpy(exact, slice, 14);
		sf_policy_init(&p, SF_ARCH_X86_64);
		CHECK(sf_parse_text(&p, "p.txt", exact, 14, &err) == -1);
		CHECKF(strstr(err.msg, "p.txt:1:7: error: unknown argument 'fdd'") == err.msg &&
			   has_caret(err.msg, "read: fdd == 0", 7),
		       "%s", err.msg);
		sf_policy_free(&p);
		sf_policy_init(&p, SF_ARCH_X86_64);
		CHECK(sf_parse_text(&p, "p.txt", slice, 13, &err) == -1); /* "read: fdd == " */
		CHECKF(strstr(err.msg, "p.txt:1:14: error: expected a value") == err.msg &&
			   !strstr(err.msg, "== 0"),
		       "%s", err.msg);
		sf_policy_free(&p);
		free(exact);
	}
}

/* A syscall given twice (minijail's common file and the device's own):
 * the conditions OR'd, the fallback the one a rule states. */
static void test_duplicates(void)
{
	struct sf_policy p;
	struct sf_error err;
	const struct sf_rule *r;

	if (parse("read: fd == 0\nwrite: 1\nread: fd == 2\n", &p, &err) == 0) {
		r = rule_named(&p, "read");
		CHECK(r && node(&p, r->expr) && node(&p, r->expr)->kind == SF_NODE_OR);
		CHECK(eval(&p, "read", 0, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 2, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 1, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* The stated fallback wins over an unstated one, in either order. */
	if (parse("read: fd == 0\nread: fd == 2; return EPERM\n", &p, &err) == 0) {
		CHECK(eval(&p, "read", 0, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 2, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 1, 0, 0) == (SECCOMP_RET_ERRNO | EPERM));
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	if (parse("read: fd == 2; return EPERM\nread: fd == 0\n", &p, &err) == 0) {
		CHECK(eval(&p, "read", 0, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 1, 0, 0) == (SECCOMP_RET_ERRNO | EPERM));
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* 1 with a condition that states nothing: allowed outright. */
	if (parse("read: fd == 0\nread: 1\nwrite: 1\nwrite: 1\n", &p, &err) == 0) {
		r = rule_named(&p, "read");
		CHECK(r && r->expr < 0 && action_is(r->on_true, SF_ACT_ALLOW, 0));
		CHECK(eval(&p, "read", 7, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "write", 7, 0, 0) == SECCOMP_RET_ALLOW);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* An unconditional denial and a condition: the condition allows. */
	if (parse("read: errno EPERM\nread: fd == 0\nclose: 0\nclose: 0\n", &p, &err) == 0) {
		CHECK(eval(&p, "read", 0, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 1, 0, 0) == (SECCOMP_RET_ERRNO | EPERM));
		CHECK(eval(&p, "close", 1, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
}

/* minijail's @denylist: default allow, the named calls denied. */
static void test_denylist(void)
{
	struct sf_policy p;
	struct sf_error err;

	if (parse("# deny these\n@denylist\nptrace: kill\nmount: errno EPERM\n"
		  "personality: personality == 0xffffffff; kill\n",
		  &p, &err) == 0) {
		CHECK(p.denylist && action_is(p.default_action, SF_ACT_ALLOW, 0));
		CHECK(eval(&p, "read", 0, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "ptrace", 0, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "mount", 0, 0, 0) == (SECCOMP_RET_ERRNO | EPERM));
		/* A condition names the calls to deny, as minijail's compiler
		 * reads it: the others are allowed. */
		CHECK(eval(&p, "personality", 0xffffffff, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(eval(&p, "personality", 8, 0, 0) == SECCOMP_RET_ALLOW);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* Deny TIOCSTI and TIOCSETD with EPERM, the other ioctls
	 * pass; a second rule ORs its condition in, an unconditional one
	 * takes the calls no condition matches, in either order. */
	if (parse("@denylist\nioctl: arg1 == TIOCSTI; return EPERM\n"
		  "ioctl: cmd == TIOCSETD; return EPERM\n"
		  "kill: return EACCES\nkill: sig == SIGKILL; return EPERM\n",
		  &p, &err) == 0) {
		CHECK(eval(&p, "ioctl", 0, TIOCSTI, 0) == (SECCOMP_RET_ERRNO | EPERM));
		CHECK(eval(&p, "ioctl", 0, TIOCSETD, 0) == (SECCOMP_RET_ERRNO | EPERM));
		CHECK(eval(&p, "ioctl", 0, TCGETS, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "kill", 1, SIGKILL, 0) == (SECCOMP_RET_ERRNO | EPERM));
		CHECK(eval(&p, "kill", 1, SIGTERM, 0) == (SECCOMP_RET_ERRNO | EACCES));
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	ERR("@denylist\nioctl: arg1 == TIOCSTI",
	    "p.txt:2:8: error: ", "in a @denylist policy a condition names the calls to deny");
	ERR("@denylist\nioctl: arg1 == TIOCSTI; allow",
	    "p.txt:2:1: error: ", "a @denylist policy allows every call it does not name");
	ERR("@denylist\nioctl: arg1 == 1; return EPERM\nioctl: arg1 == 2; return EACCES",
	    "p.txt:3:1: error: ", "the calls one condition matches get 'errno EPERM'");
	ERR("@denylist\nptrace: 1",
	    "p.txt:2:1: error: ", "a @denylist policy allows every call it does not name");
	ERR("read: kill\n@denylist", "p.txt:2:1: error: ",
	    "@denylist must come before the policy's first rule (at p.txt:1)");
	ERR("default: errno EPERM\n@denylist",
	    "p.txt:2:1: error: ", "@denylist after a default (at p.txt:1)");
	ERR("@denylist\ndefault: kill",
	    "p.txt:2:1: error: ", "a @denylist policy (p.txt:1) has the default allow");
}

/* An absolute @include that is not there is looked for under each
 * directory of SF_INCLUDE_PATH: DIR/PATH, then DIR/NAME. */
static void test_include_path(void)
{
	char path[PATH_MAX], want[PATH_MAX + 64], env[2 * PATH_MAX];
	struct sf_policy p;
	struct sf_error err;

	path_in(path, sizeof(path), "ip-root/usr/share/policy");
	mkdir(strcat(strcpy(want, dir), "/ip-root"), 0755);
	mkdir(strcat(strcpy(want, dir), "/ip-root/usr"), 0755);
	mkdir(strcat(strcpy(want, dir), "/ip-root/usr/share"), 0755);
	CHECK(mkdir(path, 0755) == 0);
	CHECK(mkdir(strcat(strcpy(want, dir), "/ip-flat"), 0755) == 0);
	write_text("ip-root/usr/share/policy/common.policy", "read: fd == 0\n");
	write_text("ip-flat/device.policy", "read: fd == 1\nwrite: 1\n");
	write_text("ip-main.policy", "@include /usr/share/policy/common.policy\n"
				     "@include /nonesuch-sf/device.policy\n");
	snprintf(env, sizeof(env), "%s/ip-none:%s/ip-root::%s/ip-flat", dir, dir, dir);
	sf_parse_set_include_path(env);
	path_in(path, sizeof(path), "ip-main.policy");
	if (parse_path(path, &p, &err) == 0) {
		CHECK(eval(&p, "read", 0, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 1, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 2, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(p.nfiles == 3 &&
		      strstr(p.files[1], "/ip-root/usr/share/policy/common.policy") &&
		      strstr(p.files[2], "/ip-flat/device.policy"));
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	sf_parse_set_include_path(NULL);
	expect_file_error(__LINE__, "ip-main.policy", "ip-main.policy:1:10: error: ",
			  "cannot include: /usr/share/policy/common.policy");
	expect_file_error(__LINE__, "ip-main.policy", NULL, "SF_INCLUDE_PATH, sf-run -I DIR)");
}

/* A misspelt action gets a suggestion, alone or after ';'. */
static void test_action_suggestions(void)
{
	ERR("close: kil-process",
	    "p.txt:1:8: error: ", "unknown action 'kil-process'; did you mean 'kill-process'?");
	ERR("read: fd == 0; errrno EPERM",
	    "p.txt:1:16: error: ", "unknown action 'errrno'; did you mean 'errno'?");
	ERR("read: alow", "p.txt:1:7: error: ", "did you mean 'allow'?");
}

/* --check's reading: on after each error, every one listed once, with
 * file:line:col, those of an included file too. */
static int nerrors;
static char errors_seen[4096];

static void collect_error(void *ctx, const char *msg)
{
	(void)ctx;
	nerrors++;
	strncat(errors_seen, msg, sizeof(errors_seen) - strlen(errors_seen) - 2);
	strcat(errors_seen, "\n");
}

static void test_all_errors(void)
{
	char path[PATH_MAX], want[PATH_MAX + 64];
	struct sf_policy p;

	write_text("all-inc.policy", "read: 1\nwrite: fdd == 1\n");
	write_text("all.policy", "read: fdd == 0\nclose: kil-process\n@include all-inc.policy\n"
				 "mmap: prot == \\\n  ZZ\nexit: 1\nexit_group: 1\n");
	path_in(path, sizeof(path), "all.policy");
	sf_policy_init(&p, SF_ARCH_X86_64);
	nerrors = 0;
	errors_seen[0] = '\0';
	CHECK(sf_parse_file_each(&p, path, collect_error, NULL) == 4);
	sf_policy_free(&p);
	CHECKF(nerrors == 4, "%d errors:\n%s", nerrors, errors_seen);
	snprintf(want, sizeof(want), "%s:1:7: error: unknown argument 'fdd'", path);
	CHECKF(strstr(errors_seen, want), "%s", errors_seen);
	snprintf(want, sizeof(want), "%s:2:8: error: unknown action 'kil-process'", path);
	CHECKF(strstr(errors_seen, want), "%s", errors_seen);
	snprintf(want, sizeof(want), "%s/all-inc.policy:2:8: error: unknown argument 'fdd'", dir);
	CHECKF(strstr(errors_seen, want), "%s", errors_seen);
	snprintf(want, sizeof(want), "%s:5:3: error: unknown constant 'ZZ'", path);
	CHECKF(strstr(errors_seen, want), "%s", errors_seen);
	/* A policy without errors: none, and the policy is read. */
	write_text("all-ok.policy", "read: 1\n");
	path_in(path, sizeof(path), "all-ok.policy");
	sf_policy_init(&p, SF_ARCH_X86_64);
	nerrors = 0;
	CHECK(sf_parse_file_each(&p, path, collect_error, NULL) == 0 && nerrors == 0);
	CHECK(rule_named(&p, "read") != NULL);
	sf_policy_free(&p);
}

/* ---- errors, one for each way the parser fails ---- */

static void test_errors(void)
{
	struct sf_policy p;
	struct sf_error err;

	/* Numbers. */
	ERR("read: fd == 09", "p.txt:1:13: error: ", "invalid digit '9' in octal number");
	ERR("read: fd == 0x1g", "p.txt:1:13: error: ", "invalid digit 'g' in hexadecimal number");
	ERR("read: fd == 12a", "p.txt:1:13: error: ", "invalid digit 'a' in decimal number");
	ERR("read: count == 0x10000000000000000",
	    "p.txt:1:16: error: ", "number does not fit in 64 bits");
	ERR("read: count == 18446744073709551616",
	    "p.txt:1:16: error: ", "number does not fit in 64 bits");
	ERR("read: fd == 0x", "p.txt:1:13: error: ", "hexadecimal number without digits");
	ERR("read: fd == 0x || 1", "p.txt:1:13: error: ", "hexadecimal number without digits");

	/* Characters. */
	ERR_BIN("read: 1 # a\0b\n", "p.txt:1:12: error: ", "NUL byte in policy text");
	ERR_BIN("read: 1\0\n", "p.txt:1:8: error: ", "NUL byte in policy text");
	ERR_BIN("\0", "p.txt:1:1: error: ", "NUL byte in policy text");
	ERR("# ok\n# bad \xff here\n", "p.txt:2:7: error: ", "invalid UTF-8 in a comment");
	ERR("# \xc3\xa9 then \xe2\x82\n", "p.txt:1:11: error: ", "invalid UTF-8 in a comment");
	ERR("#\xc0\x80\n", "p.txt:1:2: error: ", "invalid UTF-8 in a comment");
	ERR("read: 1 # \xf0\x9f", "p.txt:1:11: error: ", "invalid UTF-8 in a comment");
	ERR("# \xf5\x80\x80\x80\n", "p.txt:1:3: error: ", "invalid UTF-8 in a comment");
	{
		struct sf_policy p;
		struct sf_error err;
		CHECKF(
		    parse("# caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\nread: 1\n",
			  &p, &err) == 0,
		    "%s", err.msg);
		sf_policy_free(&p);
	}
	ERR("read: \xff", "p.txt:1:7: error: ", "invalid UTF-8");
	ERR("read: fd == \xc3(", "p.txt:1:13: error: ", "invalid UTF-8");
	ERR("read: fd == \xc3\xa9", "p.txt:1:13: error: ", "unexpected character");
	ERR("read: fd == $", "p.txt:1:13: error: ", "unexpected character '$'");
	ERR("read: 1 \\ \n", "p.txt:1:9: error: ", "unexpected character '\\'");
	ERR("read: fd = 1", "p.txt:1:10: error: ", "'=' is not an operator; did you mean '=='?");
	ERR("read: 1\r\nwrite: 1\r\n",
	    "p.txt:1:8: error: ", "carriage return: the policy has Windows (CRLF) line endings",
	    "dos2unix");
	ERR("# c\r\n", "p.txt:1:4: error: ", "carriage return");
	ERR("\r\n", "p.txt:1:1: error: ", "carriage return");

	/* Tokens out of place. */
	ERR("{read, write: 1",
	    "p.txt:1:13: error: ", "expected '}' to close the list of syscalls, found ':'");
	ERR("read 1", "p.txt:1:6: error: ", "expected ':' after the syscall name, found number");
	ERR("read: (fd == 1\n",
	    "p.txt:1:15: error: ", "expected ')' to close '(', found end of line");
	ERR("read: (fd == 1",
	    "p.txt:1:15: error: ", "expected ')' to close '(', found end of file");
	ERR("read: fd == (1\n",
	    "p.txt:1:15: error: ", "expected ')' to close '(', found end of line");
	ERR("read: (fd & 1\n",
	    "p.txt:1:14: error: ", "expected ')' to close '(', found end of line");
	ERR("read: fd in {1, 2\n",
	    "p.txt:1:18: error: ", "expected ',' between the values of a set, found end of line");
	ERR("read: fd in {1 2}",
	    "p.txt:1:16: error: ", "expected ',' between the values of a set, found number");
	ERR("default 1", "p.txt:1:9: error: ", "expected ':' after 'default', found number");
	ERR("on_next_syscall 1",
	    "p.txt:1:17: error: ", "expected ':' after 'on_next_syscall', found number");
	ERR("read: fd == 1 )", "p.txt:1:15: error: ", "unexpected ')' after the condition");
	ERR("read: fd == 1 fd == 2", "p.txt:1:15: error: ", "unexpected name after the condition");
	ERR("on_next_syscall: 1 2",
	    "p.txt:1:20: error: ", "unexpected number after on_next_syscall: 1");
	ERR("on_next_syscall: 0", "p.txt:1:18: error: ",
	    "on_next_syscall takes 1 (sf always starts enforcing after exec)");
	ERR("on_next_syscall: allow", "p.txt:1:18: error: ", "on_next_syscall takes 1");

	/* Values. */
	ERR("ioctl: cmd == FIONREED",
	    "p.txt:1:15: error: ", "unknown constant 'FIONREED'; did you mean 'FIONREAD'?");
	ERR("openat: flags == O_RDONYL | O_CLOEXEC",
	    "p.txt:1:18: error: ", "unknown constant 'O_RDONYL'; did you mean 'O_RDONLY'?");
	ERR("read: fd == XYZZY_QUUX_FROB",
	    "p.txt:1:13: error: ", "unknown constant 'XYZZY_QUUX_FROB'");
	ERR("read: fd == )",
	    "p.txt:1:13: error: ", "expected a value (a number or a constant name), found ')'");
	ERR("read: fd in {1, }",
	    "p.txt:1:17: error: ", "expected a value (a number or a constant name), found '}'");
	ERR("read: fd in {}", "p.txt:1:14: error: ", "expected a value");
	ERR("read: fd ==", "p.txt:1:12: error: ", "expected a value", "found end of file");
	ERR("read: fd == ~", "p.txt:1:14: error: ", "expected a value");
	ERR("read: fd == 1 |", "p.txt:1:16: error: ", "expected a value");

	/* Comparisons. */
	ERR("read: fd == 1 == 2",
	    "p.txt:1:15: error: ", "comparisons do not chain; join them with '&&'");
	ERR("read: 1 < fd < 3", "p.txt:1:7: error: ", "expected an argument name; a bare number");
	ERR("read: (fd & 1) in 3",
	    "p.txt:1:16: error: ", "expected a comparison after '(ARG & MASK)'");
	ERR("read: (fd & 1) & 3",
	    "p.txt:1:16: error: ", "expected a comparison after '(ARG & MASK)'");
	ERR("read: fd & 1 == 1",
	    "p.txt:1:14: error: ", "ambiguous: write '(ARG & MASK) '==' VALUE' with parentheses");
	ERR("read: (fd & 1 < 1)",
	    "p.txt:1:15: error: ", "ambiguous: write '(ARG & MASK) '<' VALUE'");
	ERR("read: fd 1", "p.txt:1:10: error: ",
	    "expected a comparison ('==', '!=', '<', '<=', '>', '>=', '&' or 'in') after the "
	    "argument, found number");
	ERR("read: fd", "p.txt:1:9: error: ", "expected a comparison", "found end of file");
	ERR("read: fd in", "p.txt:1:12: error: ", "expected a value");
	ERR("read: 5 == fd", "p.txt:1:7: error: ",
	    "expected an argument name; a bare number is only an action (1: allow, 0: deny) on its "
	    "own");
	ERR("read: 2", "p.txt:1:7: error: ", "expected an argument name; a bare number");
	ERR("read: 1 || fd == 1", "p.txt:1:7: error: ", "expected an argument name; a bare number");
	ERR("read: == 1", "p.txt:1:7: error: ", "expected an argument name, found '=='");
	ERR("read: fd == 1 || ",
	    "p.txt:1:18: error: ", "expected an argument name, found end of file");
	ERR("read: !", "p.txt:1:8: error: ", "expected an argument name, found end of file");

	/* Arguments. */
	ERR("read: fdd == 0", "p.txt:1:7: error: unknown argument 'fdd' for read(fd, buf, count)",
	    "did you mean 'fd'?");
	ERR("read: flags == 0",
	    "p.txt:1:7: error: unknown argument 'flags' for read(fd, buf, count)", "p.txt");
	/* The man pages' names (mannames.c): the kernel's that the syscall
	 * has. */
	ERR("openat: dirfd == AT_FDCWD",
	    "p.txt:1:9: error: ", "did you mean 'dfd' (the man page's 'dirfd')?");
	ERR("openat: pathname == 0",
	    "p.txt:1:9: error: ", "did you mean 'filename' (the man page's 'pathname')?");
	ERR("readlink: pathname == 0",
	    "p.txt:1:11: error: ", "did you mean 'path' (the man page's 'pathname')?");
	ERR("mmap: length > 0",
	    "p.txt:1:7: error: ", "did you mean 'len' (the man page's 'length')?");
	ERR("mmap: offset == 0",
	    "p.txt:1:7: error: ", "did you mean 'off' (the man page's 'offset')?");
	ERR("madvise: length > 0",
	    "p.txt:1:10: error: ", "did you mean 'len_in' (the man page's 'length')?");
	ERR("pread64: offset == 0",
	    "p.txt:1:10: error: ", "did you mean 'pos' (the man page's 'offset')?");
	ERR("socket: domain == AF_INET",
	    "p.txt:1:9: error: ", "did you mean 'family' (the man page's 'domain')?");
	ERR("clone: flags == 0",
	    "p.txt:1:8: error: ", "did you mean 'clone_flags' (the man page's 'flags')?");
	/* Not where the syscall has no such kernel name. */
	ERR("read: offset == 0",
	    "p.txt:1:7: error: unknown argument 'offset' for read(fd, buf, count)", "p.txt");
	ERR("openat: flag == 0", "p.txt:1:9: error: ",
	    "unknown argument 'flag' for openat(dfd, filename, flags, mode); did you mean "
	    "'flags'?");
	ERR("read: arg6 == 0", "p.txt:1:7: error: ", "argument index 6 out of range (arg0..arg5)");
	ERR("read: arg3 == 0",
	    "p.txt:1:7: error: ", "read takes 3 arguments: read(fd, buf, count)");
	ERR("close: arg1 == 0", "p.txt:1:8: error: ", "close takes 1 argument: close(fd)");
	ERR("getpid: arg0 == 0", "p.txt:1:9: error: ", "getpid takes 0 arguments: getpid()");
	ERR("read: arg10 == 0", "p.txt:1:7: error: ", "argument index out of range (arg0..arg5)");
	ERR("1000: fd == 0",
	    "p.txt:1:7: error: ", "syscall 1000 has no known argument names; use arg0..arg5");
	ERR("{read, 1000}: fd == 0",
	    "p.txt:1:15: error: ", "syscall 1000 has no known argument names");
	ERR("{read, getpid}: arg0 == 0", "p.txt:1:17: error: ", "getpid takes 0 arguments");

	/* Values that do not fit the argument. */
	ERR("read: fd == 0x100000000", "p.txt:1:13: error: ",
	    "value 4294967296 out of range for argument 'fd' of read, compared as an unsigned "
	    "32-bit value: -2147483648..4294967295");
	ERR("read: fd == -2147483649", "p.txt:1:13: error: ", "-2147483648..4294967295");
	ERR("kill: pid > 4294967296",
	    "p.txt:1:13: error: ", "argument 'pid' of kill, compared as a signed 32-bit value");
	ERR("kill: pid > 3000000000", "p.txt:1:13: error: ", "-2147483648..2147483647");
	ERR("kill: pid == 0x80000000", "p.txt:1:14: error: ", "-2147483648..2147483647");
	ERR("lseek: offset < 0x8000000000000000", "p.txt:1:17: error: ",
	    "signed 64-bit value: -9223372036854775808..9223372036854775807");
	ERR("read: count == -9223372036854775809", "p.txt:1:16: error: ",
	    "out of range for argument 'count' of read, compared as an unsigned 64-bit value");
	ERR("read: (fd & 0x100000000) == 0",
	    "p.txt:1:13: error: ", "compared as a 32-bit bit pattern");
	ERR("read: fd in {1, 0x100000000}", "p.txt:1:17: error: ", "argument 'fd'");
	ERR("{lseek, write}: arg0 == 0x1ffffffff",
	    "p.txt:1:25: error: ", "out of range for argument 'arg0' of lseek");
	ERR_ARCH(SF_ARCH_I386, "1000: arg0 == 0x100000000", "p.txt:1:15: error: ",
		 "out of range for argument 'arg0' of this syscall, compared as an unsigned "
		 "32-bit value");
	ERR_ARCH(SF_ARCH_I386, "lseek: offset < 0x100000000", "p.txt:1:17: error: ",
		 "argument 'offset' of lseek, compared as a signed 32-bit value");

	/* Syscall names. */
	ERR("0x100000000: 1", "p.txt:1:1: error: ", "syscall number out of range");
	ERR("0x40000000: 1",
	    "p.txt:1:1: error: ", "x32 syscall numbers are always killed; they cannot have rules");
	ERR("read, 0x40000fff: 1", "p.txt:1:7: error: ", "x32 syscall numbers are always killed");
	ERR(": 1", "p.txt:1:1: error: ", "expected a syscall name, found ':'");
	ERR("read, : 1", "p.txt:1:7: error: ", "expected a syscall name, found ':'");
	ERR("(read): 1", "p.txt:1:1: error: ", "expected a syscall name, found '('");
	ERR("read, write 1",
	    "p.txt:1:13: error: ", "expected ':' after the syscall name, found number");
	ERR("raed: 1", "p.txt:1:1: error: ", "unknown syscall 'raed' on x86_64");
	ERR("rread: 1",
	    "p.txt:1:1: error: ", "unknown syscall 'rread' on x86_64; did you mean 'read'?");
	ERR("sys_writte: 1",
	    "p.txt:1:1: error: ", "unknown syscall 'writte' on x86_64; did you mean 'write'?");
	ERR("sys_xyzzyplugh: 1", "p.txt:1:1: error: ", "unknown syscall 'xyzzyplugh' on x86_64");
	ERR("read, opnat: 1",
	    "p.txt:1:7: error: ", "unknown syscall 'opnat' on x86_64; did you mean 'openat'?");
	ERR_ARCH(SF_ARCH_AARCH64, "open: 1",
		 "p.txt:1:1: error: ", "unknown syscall 'open' on aarch64");
	ERR_ARCH(SF_ARCH_I386, "0x40000000: 1\nraed: 1",
		 "p.txt:2:1: error: ", "unknown syscall 'raed' on i386");
	ERR("read: 1\nsys_read: 0", "p.txt:2:1: error: ", "read given twice, first at p.txt:1",
	    "one allows every call, the other gives the calls its condition does not allow '0'",
	    "merge them into one rule");
	ERR("read: 1\n\n  0: errno EPERM",
	    "p.txt:3:3: error: ", "read given twice, first at p.txt:1");
	ERR("1000: 1\n0x3e8: 0",
	    "p.txt:2:1: error: ", "syscall 1000 given twice, first at p.txt:1");
	ERR("read, write: 1\nclose, write: 0",
	    "p.txt:2:8: error: ", "write given twice, first at p.txt:1");
	ERR("read: fd == 0; errno EPERM\nread: fd == 1; errno EBADF",
	    "p.txt:2:1: error: ", "read given twice, first at p.txt:1",
	    "the calls neither allows get 'errno EPERM' there and 'errno EBADF' here");
	ERR("read: 1\nread: fd == 0; return EPERM", "p.txt:2:1: error: ",
	    "one allows every call, the other gives the calls its condition does not allow "
	    "'errno EPERM'");
	ERR("read: fd == 0; return EPERM\nread: 1", "p.txt:2:1: error: ",
	    "one allows every call, the other gives the calls its condition does not allow "
	    "'errno EPERM'");
	ERR("read: kill\nread: errno EPERM", "p.txt:2:1: error: ",
	    "the calls neither allows get 'kill-process' there and 'errno EPERM' here");
	ERR("read, read: 1", "p.txt:1:7: error: ", "syscall listed twice in the same rule");
	ERR("{read, 0}: 1", "p.txt:1:8: error: ", "syscall listed twice in the same rule");
	ERR("read:", "p.txt:1:6: error: ",
	    "expected a condition or an action after ':' (1 allows, 0 denies)");
	ERR("read:   # nothing\nwrite: 1",
	    "p.txt:1:18: error: ", "expected a condition or an action after ':'");

	/* Actions. */
	ERR("read: errno 4096", "p.txt:1:13: error: ", "errno values go up to 4095");
	ERR("read: errno 0x1000", "p.txt:1:13: error: ", "errno values go up to 4095");
	ERR("read: errno FOO",
	    "p.txt:1:13: error: ", "'FOO' is not an errno name (like EPERM or ENOSYS)");
	ERR("read: errno O_RDONLY", "p.txt:1:13: error: ", "'O_RDONLY' is not an errno name");
	ERR("read: errno (", "p.txt:1:13: error: ", "expected an errno name or number");
	ERR("read: errno -1", "p.txt:1:13: error: ", "expected an errno name or number");
	ERR("read: fd == 1; errno", "p.txt:1:21: error: ", "expected an errno name or number");
	ERR("read: errno", "p.txt:1:12: error: ", "expected an errno name or number");
	ERR("read: return\n", "p.txt:1:13: error: ", "expected an errno name or number");
	ERR("default: errno", "p.txt:1:15: error: ", "expected an errno name or number");
	/* minijail's bare trace: 0. */
	if (parse("read: trace", &p, &err) == 0) {
		CHECK(eval(&p, "read", 0, 0, 0) == SECCOMP_RET_TRACE);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	ERR("read: trace 65536", "p.txt:1:13: error: ", "expected a number 0..65535 after 'trace'");
	ERR("read: trace EPERM", "p.txt:1:13: error: ", "expected a number 0..65535 after 'trace'");
	ERR("default: foo", "p.txt:1:10: error: ",
	    "expected an action (allow, kill-process, kill-thread, trap, log, errno N, trace N, "
	    "user-notify)");
	ERR("read: fd == 1; foo", "p.txt:1:16: error: ", "expected an action");
	ERR("read: fd == 1; 2", "p.txt:1:16: error: ", "expected an action");
	ERR("read: fd == 1;", "p.txt:1:15: error: ", "expected an action");
	ERR("default: allow 5", "p.txt:1:16: error: ", "unexpected number after the action");
	ERR("read: fd == 1; errno 5 6",
	    "p.txt:1:24: error: ", "unexpected number after the action");
	ERR("read: fd == 1; allow; kill", "p.txt:1:21: error: ", "unexpected ';' after the action");
	ERR("read: allow allow", "p.txt:1:13: error: ", "expected a comparison", "found name");
	ERR("read: errno 1 2", "p.txt:1:13: error: ", "expected a comparison", "found number");

	/* Defaults and directives. */
	ERR("default: allow\n@default errno 1",
	    "p.txt:2:1: error: ", "default given twice: first at p.txt:1");
	ERR("read: 1\n@default: trap\n\ndefault: kill",
	    "p.txt:4:1: error: ", "default given twice: first at p.txt:2");
	ERR("default: 0",
	    "p.txt:1:1: error: ", "'default: 0' is circular; write 'default: kill-process'");
	ERR("@default 0", "p.txt:1:1: error: ", "'default: 0' is circular");
	ERR("@foo", "p.txt:1:2: error: ", "unknown directive");
	ERR("@", "p.txt:1:2: error: ", "unknown directive");
	ERR("@include", "p.txt:1:9: error: ", "expected a path after @include");
	ERR("@include   # no path\nread: 1",
	    "p.txt:1:12: error: ", "expected a path after @include");
	ERR("@frequency\t\n", "p.txt:1:12: error: ", "expected a path after @frequency");
	ERR_BIN("@include a\0b\n", "p.txt:1:10: error: ", "NUL byte in path");
	ERR("@include /nonexistent/sf-test.policy", "p.txt:1:10: error: ",
	    "cannot include: /nonexistent/sf-test.policy: error: cannot open policy: No such file "
	    "or "
	    "directory");
	ERR("@frequency /nonexistent/x.frequency", "p.txt:1:12: error: ",
	    "cannot read frequency file: /nonexistent/x.frequency: error: cannot open policy");

	/* Long names and paths. */
	{
		struct buf b = {NULL, 0, 0};

		brepeat(&b, "a", 200);
		bprintf(&b, ": 1");
		ERR(b.s, "p.txt:1:1: error: ", "syscall name too long");
		b.len = 0;
		bprintf(&b, "sys_");
		brepeat(&b, "r", 127);
		bprintf(&b, ": 1");
		ERR(b.s, "p.txt:1:1: error: ", "unknown syscall 'rrrrrr");
		b.len = 0;
		bprintf(&b, "sys_");
		brepeat(&b, "r", 128);
		bprintf(&b, ": 1");
		ERR(b.s, "p.txt:1:1: error: ", "syscall name too long");
		b.len = 0;
		bprintf(&b, "@include ");
		brepeat(&b, "x", 5000);
		ERR(b.s, "p.txt:1:10: error: ", "path too long");
		b.len = 0;
		bprintf(&b, "read: 1\n@frequency ");
		brepeat(&b, "x", PATH_MAX);
		ERR(b.s, "p.txt:2:12: error: ", "path too long");
		bfree(&b);
	}

	/* Where: the line of a continued statement, the caret, tabs. */
	{
		struct sf_policy p;
		struct sf_error err;

		/* A rule's line and column where a list of names runs over
		 * continued lines: found walking back from the last line. */
		CHECK(parse("# x\n\nread, \\\n  write, \\\n\\\n    close: 1\n", &p, &err) == 0);
		CHECK(rule_named(&p, "read") && rule_named(&p, "read")->line == 3 &&
		      rule_named(&p, "read")->col == 1);
		CHECK(rule_named(&p, "write") && rule_named(&p, "write")->line == 4 &&
		      rule_named(&p, "write")->col == 3);
		CHECK(rule_named(&p, "close") && rule_named(&p, "close")->line == 6 &&
		      rule_named(&p, "close")->col == 5);
		sf_policy_free(&p);
		CHECK(parse("read, \\\n write, \\\n read: 1\n", &p, &err) == -1);
		CHECKF(strncmp(err.msg, "p.txt:3:2: error: syscall listed twice", 38) == 0, "%s",
		       err.msg);
		CHECK(parse("read: fd == 1 || \\\n  fd == XYZ\n", &p, &err) == -1);
		CHECKF(strncmp(err.msg, "p.txt:2:9: error: unknown constant 'XYZ'", 39) == 0 &&
			   has_caret(err.msg, "  fd == XYZ", 9),
		       "%s", err.msg);
		CHECK(parse("read: fdd == 0", &p, &err) == -1);
		CHECKF(has_caret(err.msg, "read: fdd == 0", 7), "%s", err.msg);
		CHECK(parse("\tread:\tfd ==\tX", &p, &err) == -1);
		CHECKF(strstr(err.msg, "p.txt:1:14: error:") == err.msg &&
			   strstr(err.msg, "\n  \tread:\tfd ==\tX\n  \t     \t     \t^"),
		       "%s", err.msg);
	}
}

/* ---- files: includes, frequency hints, what is not a policy ---- */

static void test_files(void)
{
	char path[PATH_MAX], want[PATH_MAX + 256], cwd[PATH_MAX];
	struct sf_policy p;
	struct sf_error err;
	const struct sf_rule *r;
	struct buf b = {NULL, 0, 0};

	/* Includes relative to the including file, at any depth. */
	CHECK(mkdir(strcat(strcpy(path, dir), "/sub"), 0755) == 0);
	write_text("main.policy", "# main\n@include ./common.policy\nwrite: 1\n"
				  "@include sub/a.policy   # trailing comment\n"
				  "@frequency ./x.frequency\n");
	write_text("common.policy", "\nread: fd == 0\n");
	write_text("sub/a.policy", "close: 1\n@include b.policy\n");
	write_text("sub/b.policy", "dup: 1\n");
	write_text("b.policy", "dup2: 1\n"); /* not this one */
	write_text("x.frequency", "# calls\nread: 100\nsys_write: 0x10\n\n1000: 5  # by number\n");
	path_in(path, sizeof(path), "main.policy");
	if (parse_path(path, &p, &err) == 0) {
		CHECK(p.nrules == 4);
		r = rule_named(&p, "read");
		snprintf(want, sizeof(want), "%s/./common.policy", dir);
		CHECKF(r && r->line == 2 && strcmp(p.files[r->file], want) == 0, "%s",
		       r ? p.files[r->file] : "no read");
		r = rule_named(&p, "write");
		CHECK(r && r->line == 3 && strcmp(p.files[r->file], path) == 0);
		r = rule_named(&p, "dup");
		snprintf(want, sizeof(want), "%s/sub/b.policy", dir);
		CHECKF(r && strcmp(p.files[r->file], want) == 0, "%s",
		       r ? p.files[r->file] : "no dup");
		CHECK(rule_named(&p, "dup2") == NULL);
		CHECK(p.nfreq == 3 && p.freq[0].nr == 0 && p.freq[0].count == 100 &&
		      p.freq[1].nr == 1 && p.freq[1].count == 16 && p.freq[2].nr == 1000 &&
		      p.freq[2].count == 5);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
	/* A relative path is relative to the working directory, its
	 * includes to it; an absolute include is taken as it is. */
	if (getcwd(cwd, sizeof(cwd)) && chdir(dir) == 0) {
		CHECKF(parse_path("sub/a.policy", &p, &err) == 0, "%s", err.msg);
		CHECK(p.nfiles == 2 && strcmp(p.files[1], "sub/b.policy") == 0);
		sf_policy_free(&p);
		CHECKF(parse_path("main.policy", &p, &err) == 0, "%s", err.msg);
		sf_policy_free(&p);
		CHECK(chdir(cwd) == 0);
	}
	b.len = 0;
	bprintf(&b, "@include %s/sub/b.policy\n", dir);
	CHECKF(parse(b.s, &p, &err) == 0 && rule_named(&p, "dup"), "%s", err.msg);
	sf_policy_free(&p);

	/* Files that are not policies. */
	expect_file_error(__LINE__, "nothere.policy", "nothere.policy: error: ",
			  "cannot open policy: No such file or directory");
	write_text("inc-missing.policy", "read: 1\n@include nothere.policy\n");
	expect_file_error(__LINE__, "inc-missing.policy",
			  "inc-missing.policy:2:10: error: ", "cannot include: ");
	expect_file_error(__LINE__, "inc-missing.policy", NULL,
			  "/nothere.policy: error: cannot open policy: No such file or directory");
	expect_file_error(__LINE__, "sub", "sub: error: ", "not a regular file");
	write_text("inc-dir.policy", "@include sub\n");
	expect_file_error(__LINE__, "inc-dir.policy",
			  "inc-dir.policy:1:10: error: ", "/sub: error: not a regular file");
	path_in(path, sizeof(path), "fifo");
	CHECK(mkfifo(path, 0644) == 0);
	expect_file_error(__LINE__, "fifo", "fifo: error: ", "not a regular file");
	write_text("inc-fifo.policy", "@include fifo\n");
	expect_file_error(__LINE__, "inc-fifo.policy",
			  "inc-fifo.policy:1:10: error: ", "not a regular file");
	write_text("inc-zero.policy", "@include /dev/zero\n");
	expect_file_error(__LINE__, "inc-zero.policy", "inc-zero.policy:1:10: error: ",
			  "cannot include: /dev/zero: error: not a regular file");
	CHECK(parse_path("/dev/zero", &p, &err) == -1 &&
	      strcmp(err.msg, "/dev/zero: error: not a regular file") == 0);
	sf_policy_free(&p);
	CHECK(parse_path("/dev/null", &p, &err) == -1 && strstr(err.msg, "not a regular file"));
	sf_policy_free(&p);
	path_in(path, sizeof(path), "loop1");
	CHECK(symlink("loop2", path) == 0);
	path_in(path, sizeof(path), "loop2");
	CHECK(symlink("loop1", path) == 0);
	snprintf(want, sizeof(want), "cannot open policy: %s", strerror(ELOOP));
	expect_file_error(__LINE__, "loop1", "loop1: error: ", want);
	write_text("inc-loop.policy", "@include loop1\n");
	expect_file_error(__LINE__, "inc-loop.policy", "inc-loop.policy:1:10: error: ", want);
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(sf_parse_file(&p, "", &err) == -1 &&
	      strcmp(err.msg, "error: empty policy file name") == 0);
	CHECK(is_empty(&p));
	sf_policy_free(&p);

	/* Bigger than a policy can be (sparse: no disk used). */
	path_in(path, sizeof(path), "huge.policy");
	{
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		CHECK(fd >= 0 && ftruncate(fd, (off_t)17 << 20) == 0);
		if (fd >= 0)
			close(fd);
	}
	expect_file_error(__LINE__, "huge.policy",
			  "huge.policy: error: ", "policy larger than 16777216 bytes");
	write_text("inc-huge.policy", "@include huge.policy\n");
	expect_file_error(__LINE__, "inc-huge.policy",
			  "inc-huge.policy:1:10: error: ", "policy larger than");
	/* A regular file whose size is not what it holds (sysfs). */
	if (access("/sys/devices/system/cpu/online", R_OK) == 0) {
		CHECK(parse_path("/sys/devices/system/cpu/online", &p, &err) == -1);
		CHECKF(strcmp(err.msg, "/sys/devices/system/cpu/online: error: cannot read policy: "
				       "short read") == 0,
		       "%s", err.msg);
		sf_policy_free(&p);
	}
	write_text("crlf.policy", "read: 1\r\n");
	expect_file_error(__LINE__, "crlf.policy", "crlf.policy:1:8: error: ", "carriage return");
	write_text("empty.policy", "");
	expect_file_error(__LINE__, "empty.policy",
			  "empty.policy: error: ", "the policy is empty (no rules and no default)");

	/* Cycles, by name and through a symlink, and depth. */
	write_text("self.policy", "read: 1\n@include self.policy\n");
	expect_file_error(__LINE__, "self.policy", "self.policy:2:10: error: ", "include cycle: '");
	write_text("cyc-a.policy", "@include cyc-b.policy\n");
	write_text("cyc-b.policy", "read: 1\n\n@include ./cyc-a.policy\n");
	snprintf(want, sizeof(want), "include cycle: '%s/./cyc-a.policy' is already being read",
		 dir);
	expect_file_error(__LINE__, "cyc-a.policy", "cyc-b.policy:3:10: error: ", want);
	path_in(path, sizeof(path), "cyc-link.policy");
	CHECK(symlink("cyc-c.policy", path) == 0);
	write_text("cyc-c.policy", "@include cyc-link.policy\n");
	expect_file_error(__LINE__, "cyc-c.policy", "cyc-c.policy:1:10: error: ", "include cycle");
	/* The same file twice, not nested, is no cycle (its rules merge). */
	write_text("twice.policy", "@include common.policy\n@include common.policy\n");
	CHECKF(parse_path(strcat(strcpy(path, dir), "/twice.policy"), &p, &err) == 0, "%s",
	       err.msg);
	sf_policy_free(&p);
	for (int i = 0; i <= 17; i++) {
		char name[32];
		b.len = 0;
		snprintf(name, sizeof(name), "d%d.policy", i);
		if (i < 17)
			bprintf(&b, "@include d%d.policy\n", i + 1);
		else
			bprintf(&b, "read: 1\n");
		write_text(name, b.s);
	}
	expect_file_error(__LINE__, "d0.policy",
			  "d16.policy:1:10: error: ", "includes nested deeper than 16");
	CHECKF(parse_path(strcat(strcpy(path, dir), "/d1.policy"), &p, &err) == 0, "%s", err.msg);
	sf_policy_free(&p);

	/* A syscall twice across files names both places. */
	write_text("dup-main.policy", "write: 1\n@include dup-inc.policy\nread: 0\n");
	write_text("dup-inc.policy", "# c\nread: 1\n");
	snprintf(want, sizeof(want), "read given twice, first at %s/dup-inc.policy:2", dir);
	expect_file_error(__LINE__, "dup-main.policy", "dup-main.policy:3:1: error: ", want);
	write_text("dup-main2.policy", "read: 1\n@include dup-inc2.policy\n");
	write_text("dup-inc2.policy", "\n\nsys_read: 0\n");
	path_in(path, sizeof(path), "dup-main2.policy");
	snprintf(want, sizeof(want), "read given twice, first at %s:1", path);
	expect_file_error(__LINE__, "dup-main2.policy", "dup-inc2.policy:3:1: error: ", want);
	write_text("dflt-main.policy", "default: allow\n@include dflt-inc.policy\n");
	write_text("dflt-inc.policy", "read: 1\n@default trap\n");
	path_in(path, sizeof(path), "dflt-main.policy");
	snprintf(want, sizeof(want), "default given twice: first at %s:1", path);
	expect_file_error(__LINE__, "dflt-main.policy", "dflt-inc.policy:2:1: error: ", want);

	/* Errors inside an included file and inside a frequency file. */
	write_text("inc-bad.policy", "@include bad.policy\n");
	write_text("bad.policy", "read: 1\nwrite: fdd == 1\n");
	expect_file_error(__LINE__, "inc-bad.policy",
			  "bad.policy:2:8: error: ", "unknown argument 'fdd'");
	{
		static const struct {
			const char *text, *where, *what;
		} freq[] = {
		    {"read: foo\n", "bad.frequency:1:7: error: ", "expected a count"},
		    {"read: -1\n", "bad.frequency:1:7: error: ", "expected a count"},
		    {"\nraed: 1\n",
		     "bad.frequency:2:1: error: ", "unknown syscall 'raed' on x86_64"},
		    {"read 5\n", "bad.frequency:1:6: error: ",
		     "expected ':' after the syscall name, found number"},
		    {"read: 5 6\n",
		     "bad.frequency:1:9: error: ", "unexpected number after the count"},
		    {"read: 0x\n",
		     "bad.frequency:1:7: error: ", "hexadecimal number without digits"},
		    {"read: 1\r\n", "bad.frequency:1:8: error: ", "carriage return"},
		};
		write_text("inc-freq.policy", "read: 1\n@frequency ./bad.frequency\n");
		for (size_t i = 0; i < COUNT(freq); i++) {
			write_text("bad.frequency", freq[i].text);
			expect_file_error(__LINE__, "inc-freq.policy", NULL, freq[i].what);
			/* The error is in the frequency file, as it was named. */
			snprintf(want, sizeof(want), "%s/./%s", dir, freq[i].where);
			path_in(path, sizeof(path), "inc-freq.policy");
			if (parse_path(path, &p, &err) == -1)
				CHECKF(strncmp(err.msg, want, strlen(want)) == 0, "want %s in %s",
				       want, err.msg);
			sf_policy_free(&p);
		}
		write_text("inc-freq2.policy", "@frequency nothere.frequency\n");
		expect_file_error(__LINE__, "inc-freq2.policy",
				  "inc-freq2.policy:1:12: error: ", "cannot read frequency file: ");
		write_text("inc-freq3.policy", "@frequency sub\n");
		expect_file_error(__LINE__, "inc-freq3.policy",
				  "inc-freq3.policy:1:12: error: ", "not a regular file");
	}

	/* Include paths too long once joined to the including file's
	 * directory (each part is short enough by itself). */
	b.len = 0;
	bprintf(&b, "@include ");
	brepeat(&b, "y", PATH_MAX - 1 - strlen(dir));
	bprintf(&b, "\n");
	write_text("long-inc.policy", b.s);
	expect_file_error(__LINE__, "long-inc.policy",
			  "long-inc.policy:1:10: error: ", "include path too long");
	b.len = 0;
	bprintf(&b, "@frequency ");
	brepeat(&b, "y", PATH_MAX - 1 - strlen(dir));
	bprintf(&b, "\n");
	write_text("long-freq.policy", b.s);
	expect_file_error(__LINE__, "long-freq.policy",
			  "long-freq.policy:1:12: error: ", "path too long");
	bfree(&b);
}

/* ---- limits ---- */

static void test_limits(void)
{
	struct buf b = {NULL, 0, 0};
	struct sf_policy p;
	struct sf_error err;
	const struct sf_rule *r;
	char want[128];
	size_t n;

	/* A 1 MB line: parses, and an error at its end is still short. */
	bprintf(&b, "read: fd == 0");
	for (n = 1; b.len < (1u << 20); n++)
		bprintf(&b, " || fd == %zu", n % 1000);
	n = b.len;
	bprintf(&b, "\nwrite: 1\n");
	if (parse(b.s, &p, &err) == 0) {
		r = rule_named(&p, "read");
		CHECK(r && p.nnodes > 150000 && rule_named(&p, "write"));
		CHECK(eval(&p, "read", 999, 0, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "read", 1000, 0, 0) == SECCOMP_RET_KILL_PROCESS);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "1 MB line: %.200s", err.msg);
	}
	b.len = n;
	bprintf(&b, " || fd == XYZ\n");
	CHECK(parse(b.s, &p, &err) == -1);
	snprintf(want, sizeof(want), "p.txt:1:%zu: error: unknown constant 'XYZ'", n + 11);
	CHECKF(strncmp(err.msg, want, strlen(want)) == 0 && strlen(err.msg) < 300 &&
		   strstr(err.msg, "|| fd == XYZ\n") && strstr(err.msg, "^"),
	       "%s", err.msg);
	/* A 1 MB comment. */
	b.len = 0;
	bprintf(&b, "# ");
	brepeat(&b, "\xe2\x98\x83", (1u << 20) / 3);
	bprintf(&b, "\nread: 1\n");
	CHECK(parse(b.s, &p, &err) == 0 && p.nrules == 1);
	sf_policy_free(&p);

	/* 10,000 levels of nesting of each kind: an error, no crash. */
	{
		static const struct {
			const char *before, *repeat, *after;
			size_t col;
		} deep[] = {
		    {"read: ", "(", "fd == 1", 7 + 256},      {"read: ", "!", "fd == 1", 7 + 256},
		    {"read: ", "!(", "fd == 1", 7 + 2 * 128}, {"read: fd == ", "(", "1", 13 + 256},
		    {"read: fd == ", "~", "1", 13 + 256},     {"read: fd == ", "-", "1", 13 + 256},
		    {"read: fd == ", "-~", "1", 13 + 256},    {"read: (fd & ", "(", "1", 13 + 255},
		};
		for (size_t i = 0; i < COUNT(deep); i++) {
			for (size_t times = 10000; times <= 1000000; times *= 100) {
				b.len = 0;
				bprintf(&b, "%s", deep[i].before);
				brepeat(&b, deep[i].repeat, times);
				bprintf(&b, "%s", deep[i].after);
				brepeat(&b, ")", times);
				CHECK(parse(b.s, &p, &err) == -1);
				snprintf(want, sizeof(want),
					 "p.txt:1:%zu: error: expression nested too deeply (over "
					 "256 levels)",
					 deep[i].col);
				CHECKF(strncmp(err.msg, want, strlen(want)) == 0,
				       "%s x %zu: %.300s", deep[i].repeat, times, err.msg);
				sf_policy_free(&p);
			}
		}
		/* 256 levels are fine. */
		b.len = 0;
		bprintf(&b, "read: ");
		brepeat(&b, "(", 255);
		bprintf(&b, "fd == ");
		brepeat(&b, "-", 1);
		bprintf(&b, "1");
		brepeat(&b, ")", 255);
		CHECKF(parse(b.s, &p, &err) == 0, "%.300s", err.msg);
		sf_policy_free(&p);
	}

	/* 20,000 alternatives on one syscall: parses, evaluates, and is too
	 * big for the kernel, which the compiler says naming the rule. */
	b.len = 0;
	bprintf(&b, "read: 1\n\nioctl: cmd == 0");
	for (n = 1; n < 20000; n++)
		bprintf(&b, " || cmd == %zu", n == 19999 ? n : 3 * n);
	bprintf(&b, "\n");
	if (parse(b.s, &p, &err) == 0) {
		struct sf_compile_opts o = {SF_REPORT_KILL, 0, 1};
		struct sf_prog prog;
		r = rule_named(&p, "ioctl");
		CHECK(r && r->line == 3 && p.nnodes == 39999);
		CHECK(eval(&p, "ioctl", 0, 19999, 0) == SECCOMP_RET_ALLOW);
		CHECK(eval(&p, "ioctl", 0, 20000, 0) == SECCOMP_RET_KILL_PROCESS);
		CHECK(sf_compile(&p, &o, &prog, &err) == -1);
		CHECKF(strstr(err.msg, "p.txt: error: the policy compiles to ") == err.msg &&
			   strstr(err.msg, "more than the kernel's limit of 4096") &&
			   strstr(err.msg, "the rules that cost most: p.txt:3 ("),
		       "%s", err.msg);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%.300s", err.msg);
	}

	/* 1024 syscalls in one rule, not 1025. */
	b.len = 0;
	for (n = 0; n < 1024; n++)
		bprintf(&b, "%s%zu", n ? ", " : "", 2000 + n);
	n = b.len;
	bprintf(&b, ": arg0 == 1\n");
	CHECKF(parse(b.s, &p, &err) == 0 && p.nrules == 1024 && p.nnodes == 1024, "%.200s",
	       err.msg);
	sf_policy_free(&p);
	b.len = n;
	bprintf(&b, ", 5000: 1\n");
	CHECK(parse(b.s, &p, &err) == -1);
	snprintf(want, sizeof(want), "p.txt:1:%zu: error: too many syscalls in one rule", n + 3);
	CHECKF(strncmp(err.msg, want, strlen(want)) == 0, "%.200s", err.msg);
	bfree(&b);

	/* Every syscall of every arch, by name and by number. */
	for (int a = 0; a < SF_ARCH_COUNT; a++) {
		const struct sf_syscall_table *t = sf_arch_info((enum sf_arch)a)->table;
		for (int by_number = 0; by_number < 2; by_number++) {
			b.len = 0;
			for (n = 0; n < t->count; n++) {
				if (by_number)
					bprintf(&b, "%d: errno %zu\n", t->calls[n].nr,
						n % 4095 + 1);
				else
					bprintf(&b, "sys_%s: errno %zu\n", t->calls[n].name,
						n % 4095 + 1);
			}
			if (parse_arch((enum sf_arch)a, b.s, b.len, &p, &err) == 0) {
				CHECK(p.nrules == t->count);
				for (n = 0; n < t->count; n++) {
					r = sf_policy_rule_for(&p, t->calls[n].nr);
					CHECK(r && r->line == (int)n + 1 &&
					      r->on_true.data == n % 4095 + 1);
				}
				sf_policy_free(&p);
			} else {
				CHECKF(0, "%s", err.msg);
			}
		}
	}
	bfree(&b);
	CHECK(parse("", &p, &err) == -1 &&
	      strcmp(err.msg, "p.txt: error: the policy is empty (no rules and no default)") == 0);
	sf_policy_free(&p);
	CHECK(parse("# nothing\n\n   \n", &p, &err) == -1 &&
	      strstr(err.msg, "the policy is empty"));
	sf_policy_free(&p);
	CHECK(parse("on_next_syscall: 1\n", &p, &err) == -1 &&
	      strstr(err.msg, "the policy is empty"));
	sf_policy_free(&p);
	CHECK(parse("default: allow", &p, &err) == 0 && p.nrules == 0);
	sf_policy_free(&p);
}

/* ---- running out of memory (plain build only: the sanitizers reserve
 * address space an RLIMIT_AS would refuse) ---- */

#if defined(__SANITIZE_ADDRESS__)
#define NO_RLIMIT_AS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_RLIMIT_AS 1
#endif
#endif

#ifndef NO_RLIMIT_AS
/* In a child limited to its current address space plus 64 MB, parses text;
 * the error must name the out-of-memory condition at a position. */
static void expect_oom(const char *what, const char *text, size_t len)
{
	int fds[2], status = 0;
	pid_t pid;
	char msg[1024] = "";
	ssize_t got;

	if (pipe(fds))
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct sf_policy p;
		struct sf_error err;
		unsigned long pages = 0;
		FILE *f = fopen("/proc/self/statm", "r");
		struct rlimit lim;

		if (!f || fscanf(f, "%lu", &pages) != 1)
			_exit(3);
		fclose(f);
		lim.rlim_cur = lim.rlim_max =
		    pages * (unsigned long)sysconf(_SC_PAGESIZE) + (64ul << 20);
		if (setrlimit(RLIMIT_AS, &lim))
			_exit(3);
		sf_policy_init(&p, SF_ARCH_X86_64);
		if (sf_parse_text(&p, "p.txt", text, len, &err) == 0)
			snprintf(err.msg, sizeof(err.msg), "parsed");
		if (write(fds[1], err.msg, strlen(err.msg)) < 0)
			_exit(4);
		_exit(0);
	}
	close(fds[1]);
	got = read(fds[0], msg, sizeof(msg) - 1);
	msg[got > 0 ? got : 0] = '\0';
	close(fds[0]);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECKF(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status %#x", what, status);
	CHECKF(strncmp(msg, "p.txt:", 6) == 0 && strstr(msg, ": error: out of memory"),
	       "%s: %.300s", what, msg);
}
#endif

static void test_out_of_memory(void)
{
#ifndef NO_RLIMIT_AS
	struct buf b = {NULL, 0, 0};
	size_t n;

	/* The syntax tree of one huge expression (2M comparisons). */
	bprintf(&b, "read: fd == 0");
	for (n = 1; n < 2000000; n++)
		bprintf(&b, "||fd==%zu", n % 10);
	expect_oom("syntax tree", b.s, b.len);
	/* The model: 1000 syscalls share an expression of 2000 comparisons,
	 * resolved once for each (4M nodes). */
	b.len = 0;
	for (n = 0; n < 1000; n++)
		bprintf(&b, "%s%zu", n ? "," : "", 2000 + n);
	bprintf(&b, ": arg0 == 0");
	for (n = 1; n < 2000; n++)
		bprintf(&b, " || arg0 == %zu", n);
	expect_oom("nodes", b.s, b.len);
	bfree(&b);
#endif
}

/* Constants that differ by arch take the policy's arch's value, from its
 * uapi headers, whatever the build machine's headers say. */
static void test_arch_constants(void)
{
	static const struct {
		enum sf_arch arch;
		const char *text;
		uint64_t value;
	} cases[] = {
	    {SF_ARCH_AARCH64, "openat: flags & O_DIRECTORY\n", 040000},
	    {SF_ARCH_AARCH64, "openat: flags & O_NOFOLLOW\n", 0100000},
	    {SF_ARCH_AARCH64, "openat: flags & O_DIRECT\n", 0200000},
	    {SF_ARCH_AARCH64, "openat: flags & O_CREAT\n", 0100},
	    {SF_ARCH_X86_64, "openat: flags & O_DIRECTORY\n", 0200000},
	    {SF_ARCH_I386, "openat: flags & O_DIRECTORY\n", 0200000},
	    {SF_ARCH_I386, "openat: flags & O_LARGEFILE\n", 0100000},
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		struct sf_policy p;
		struct sf_error err;
		const struct sf_rule *r;

		if (parse_arch(cases[i].arch, cases[i].text, strlen(cases[i].text), &p, &err)) {
			CHECKF(0, "%s: %s", cases[i].text, err.msg);
			continue;
		}
		r = rule_named(&p, "openat");
		CHECKF(
		    r && is_cmp(node(&p, r->expr), SF_CMP_ANY, 2, SF_ARG_S32, M32, cases[i].value),
		    "%s on %s: not %#llo", cases[i].text, sf_arch_info(cases[i].arch)->name,
		    (unsigned long long)cases[i].value);
		sf_policy_free(&p);
	}
}

/* ioctl numbers whose struct holds a long or a u64: the size in the number
 * is the arch's (blk_user_trace_setup is 72 bytes on x86_64 and aarch64,
 * 64 on i386; FS_IOC_GETFLAGS reads a long). A string macro is no
 * constant (FS_KEY_DESC_PREFIX was its address in the generator). */
static void test_arch_ioctls(void)
{
	static const struct {
		enum sf_arch arch;
		const char *name;
		uint32_t value;
	} cases[] = {
	    {SF_ARCH_X86_64, "BLKTRACESETUP", 0xc0481273},
	    {SF_ARCH_AARCH64, "BLKTRACESETUP", 0xc0481273},
	    {SF_ARCH_I386, "BLKTRACESETUP", 0xc0401273},
	    {SF_ARCH_X86_64, "FS_IOC_GETFLAGS", 0x80086601},
	    {SF_ARCH_AARCH64, "FS_IOC_GETFLAGS", 0x80086601},
	    {SF_ARCH_I386, "FS_IOC_GETFLAGS", 0x80046601},
	    {SF_ARCH_I386, "FS_IOC_SETVERSION", 0x40047602},
	    {SF_ARCH_I386, "BLKGETSIZE64", 0x80041272},
	    {SF_ARCH_AARCH64, "BLKGETSIZE64", 0x80081272},
	    {SF_ARCH_I386, "FDGETFDCSTAT", 0x80200215},
	    {SF_ARCH_X86_64, "FDGETFDCSTAT", 0x80280215},
	};
	char text[96];

	for (size_t i = 0; i < COUNT(cases); i++) {
		struct sf_policy p;
		struct sf_error err;

		snprintf(text, sizeof(text), "ioctl: cmd == %s\n", cases[i].name);
		if (parse_arch(cases[i].arch, text, strlen(text), &p, &err)) {
			CHECKF(0, "%s: %s", text, err.msg);
			continue;
		}
		CHECKF(eval(&p, "ioctl", 0, cases[i].value, 0) == SECCOMP_RET_ALLOW,
		       "%s on %s: not %#x", cases[i].name, sf_arch_info(cases[i].arch)->name,
		       cases[i].value);
		sf_policy_free(&p);
	}
	ERR("mmap: addr == FS_KEY_DESC_PREFIX", "p.txt:1:15: error: ", "unknown constant");
}

/* x86's own constants are no aarch64 ones: an error there, not x86's
 * number; glibc's F_GETLK64, which every arch has, stays. */
static void test_arch_absent(void)
{
	const char *getlk = "fcntl: cmd == F_GETLK64\n";
	struct sf_policy p;
	struct sf_error err;

	ERR_ARCH(SF_ARCH_AARCH64, "mmap: flags & MAP_32BIT",
		 "p.txt:1:15: error: ", "constant 'MAP_32BIT' is not defined on aarch64");
	ERR_ARCH(SF_ARCH_AARCH64, "ptrace: request == PTRACE_GETREGS",
		 "p.txt:1:20: error: ", "constant 'PTRACE_GETREGS' is not defined on aarch64");
	ERR_ARCH(SF_ARCH_I386, "ptrace: request == PTRACE_ARCH_PRCTL",
		 "p.txt:1:20: error: ", "constant 'PTRACE_ARCH_PRCTL' is not defined on i386");
	if (parse("mmap: flags & MAP_32BIT\nptrace: request == PTRACE_ARCH_PRCTL\n", &p, &err) == 0)
		sf_policy_free(&p);
	else
		CHECKF(0, "%s", err.msg);
	if (parse_arch(SF_ARCH_AARCH64, getlk, strlen(getlk), &p, &err) == 0) {
		CHECK(eval(&p, "fcntl", 0, F_GETLK, 0) == SECCOMP_RET_ALLOW);
		sf_policy_free(&p);
	} else {
		CHECKF(0, "%s", err.msg);
	}
}

/* Notes for --check: '|' joining numbers on the right of a comparison,
 * and nothing for constants, masks, sets and 'in'. */
static void test_notes(void)
{
	static const struct {
		const char *text;
		const char *note; /* NULL: none */
	} cases[] = {
	    {"write: fd == 1 | 2\n", "p.txt:1:14: '1 | 2' is one value, 3 ('|' joins the bits of "
				     "1, 2): this compares fd == 3; "
				     "for any one of them, write 'fd in {1, 2}'"},
	    {"write: fd != ((1) | 2)\n", "write '!(fd in {(1), 2})'"},
	    {"write: count > 0x10 | 0x100\n", "this compares count > 272"},
	    {"write: (fd & 7) == 1|2\n", "this compares (fd & MASK) == 3"},
	    {"openat: flags == O_WRONLY | O_CREAT\n", NULL},
	    {"openat: flags == O_WRONLY | 0100\n", NULL},
	    {"openat: (flags & O_ACCMODE) == O_RDONLY\n", NULL},
	    {"write: fd in {1 | 2, 3}\n", NULL},
	    {"write: fd & 1 | 2\n", NULL},
	    {"write: fd in 1 | 2\n", NULL},
	    {"write: fd == 3\n", NULL},
	};

	for (size_t i = 0; i < COUNT(cases); i++) {
		struct sf_policy p;
		struct sf_error err;

		if (parse(cases[i].text, &p, &err)) {
			CHECKF(0, "%s: %s", cases[i].text, err.msg);
			continue;
		}
		if (cases[i].note)
			CHECKF(p.nnotes == 1 && strstr(p.notes[0].text, cases[i].note),
			       "%s: %zu notes, %s", cases[i].text, p.nnotes,
			       p.nnotes ? p.notes[0].text : "");
		else
			CHECKF(p.nnotes == 0, "%s: %s", cases[i].text, p.notes[0].text);
		sf_policy_free(&p);
	}
}

int main(void)
{
	struct timespec t0, t1;
	char tmpl[] = "/tmp/sf-test-parse-XXXXXX";

	alarm(120); /* a FIFO that blocked would hang here otherwise */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s", tmpl);
	test_seed_rules();
	test_minijail();
	test_minijail_constants();
	test_names();
	test_comparisons();
	test_arch_constants();
	test_arch_ioctls();
	test_arch_absent();
	test_expressions();
	test_actions();
	test_denial();
	test_layout();
	test_duplicates();
	test_errors();
	test_files();
	test_action_suggestions();
	test_all_errors();
	test_denylist();
	test_include_path();
	test_limits();
	test_out_of_memory();
	test_notes();
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("parse: %.1f s\n",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return test_report("parse");
}
