/* sf-run's report lines (report.h): a call decoded as the policy language
 * spells its arguments, and the rule that decided it. */
#include <stddef.h>
#include <string.h>
#include <linux/seccomp.h>

#include "compile.h"
#include "constants.h"
#include "constname.h"
#include "eval.h"
#include "fmt.h"
#include "report.h"
#include "syscalls.h"

/* A name resolved from sf_constants at the first report (resolve_names). */
struct named {
	const char *name;
	int64_t value;
	int have;
};

/* clang-format off */
#define N(x) {#x, 0, 0}
/* clang-format on */
static struct named open_acc[] = {N(O_WRONLY), N(O_RDWR), {0, 0, 0}};
/* Composite flags first, so O_SYNC is not shown as O_DSYNC plus a rest. */
static struct named open_bits[] = {
    N(O_SYNC),	    N(O_TMPFILE),  N(O_CREAT),	 N(O_EXCL),    N(O_NOCTTY), N(O_TRUNC),
    N(O_APPEND),    N(O_NONBLOCK), N(O_DSYNC),	 N(O_ASYNC),   N(O_DIRECT), N(O_LARGEFILE),
    N(O_DIRECTORY), N(O_NOFOLLOW), N(O_NOATIME), N(O_CLOEXEC), N(O_PATH),   {0, 0, 0}};
static struct named prot_bits[] = {N(PROT_READ),      N(PROT_WRITE),   N(PROT_EXEC), N(PROT_SEM),
				   N(PROT_GROWSDOWN), N(PROT_GROWSUP), {0, 0, 0}};
static struct named map_type[] = {N(MAP_SHARED_VALIDATE), N(MAP_SHARED), N(MAP_PRIVATE), {0, 0, 0}};
static struct named map_bits[] = {
    N(MAP_FIXED_NOREPLACE), N(MAP_FIXED),     N(MAP_ANONYMOUS),	    N(MAP_32BIT),
    N(MAP_GROWSDOWN),	    N(MAP_DENYWRITE), N(MAP_EXECUTABLE),    N(MAP_LOCKED),
    N(MAP_NORESERVE),	    N(MAP_POPULATE),  N(MAP_NONBLOCK),	    N(MAP_STACK),
    N(MAP_HUGETLB),	    N(MAP_SYNC),      N(MAP_UNINITIALIZED), {0, 0, 0}};
static struct named families[] = {
    N(AF_UNSPEC),    N(AF_UNIX), N(AF_INET),  N(AF_INET6), N(AF_NETLINK), N(AF_PACKET), N(AF_KEY),
    N(AF_BLUETOOTH), N(AF_ALG),	 N(AF_VSOCK), N(AF_CAN),   N(AF_XDP),	  N(AF_TIPC),	N(AF_RDS),
    N(AF_APPLETALK), N(AF_X25),	 N(AF_AX25),  N(AF_IPX),   {0, 0, 0}};
static struct named signals[] = {
    N(SIGHUP),	N(SIGINT),    N(SIGQUIT), N(SIGILL),  N(SIGTRAP),   N(SIGABRT), N(SIGBUS),
    N(SIGFPE),	N(SIGKILL),   N(SIGUSR1), N(SIGSEGV), N(SIGUSR2),   N(SIGPIPE), N(SIGALRM),
    N(SIGTERM), N(SIGSTKFLT), N(SIGCHLD), N(SIGCONT), N(SIGSTOP),   N(SIGTSTP), N(SIGTTIN),
    N(SIGTTOU), N(SIGURG),    N(SIGXCPU), N(SIGXFSZ), N(SIGVTALRM), N(SIGPROF), N(SIGWINCH),
    N(SIGIO),	N(SIGPWR),    N(SIGSYS),  {0, 0, 0}};
static struct named ioctls[] = {
    N(TCGETS),	     N(TCSETS),	    N(TCSETSW),	   N(TCSETSF),	       N(TCGETA),
    N(TCSETA),	     N(TCSBRK),	    N(TCXONC),	   N(TCFLSH),	       N(TIOCEXCL),
    N(TIOCNXCL),     N(TIOCSCTTY),  N(TIOCGPGRP),  N(TIOCSPGRP),       N(TIOCOUTQ),
    N(TIOCSTI),	     N(TIOCGWINSZ), N(TIOCSWINSZ), N(TIOCMGET),	       N(TIOCMSET),
    N(FIONREAD),     N(TIOCLINUX),  N(TIOCCONS),   N(TIOCNOTTY),       N(TIOCSETD),
    N(TIOCGETD),     N(TIOCGPTN),   N(TIOCSPTLCK), N(TIOCGPTPEER),     N(FIONBIO),
    N(FIONCLEX),     N(FIOCLEX),    N(FIOASYNC),   N(FIOQSIZE),	       N(FICLONE),
    N(FICLONERANGE), N(FIGETBSZ),   N(FIBMAP),	   N(FS_IOC_GETFLAGS), N(FS_IOC_SETFLAGS),
    {0, 0, 0}};
static struct named prctls[] = {N(PR_SET_PDEATHSIG),
				N(PR_GET_PDEATHSIG),
				N(PR_GET_DUMPABLE),
				N(PR_SET_DUMPABLE),
				N(PR_GET_KEEPCAPS),
				N(PR_SET_KEEPCAPS),
				N(PR_SET_NAME),
				N(PR_GET_NAME),
				N(PR_GET_SECCOMP),
				N(PR_SET_SECCOMP),
				N(PR_CAPBSET_READ),
				N(PR_CAPBSET_DROP),
				N(PR_GET_SECUREBITS),
				N(PR_SET_SECUREBITS),
				N(PR_GET_TIMERSLACK),
				N(PR_SET_TIMERSLACK),
				N(PR_SET_MM),
				N(PR_SET_CHILD_SUBREAPER),
				N(PR_GET_CHILD_SUBREAPER),
				N(PR_SET_NO_NEW_PRIVS),
				N(PR_GET_NO_NEW_PRIVS),
				N(PR_GET_TID_ADDRESS),
				N(PR_SET_THP_DISABLE),
				N(PR_GET_THP_DISABLE),
				N(PR_CAP_AMBIENT),
				N(PR_SET_PTRACER),
				N(PR_SET_VMA),
				N(PR_GET_SPECULATION_CTRL),
				N(PR_SET_SPECULATION_CTRL),
				N(PR_SET_IO_FLUSHER),
				N(PR_GET_IO_FLUSHER),
				N(PR_SCHED_CORE),
				N(PR_SET_TSC),
				N(PR_GET_TSC),
				N(PR_SET_MDWE),
				N(PR_GET_MDWE),
				{0, 0, 0}};
static struct named clone_bits[] = {N(CLONE_VM),
				    N(CLONE_FS),
				    N(CLONE_FILES),
				    N(CLONE_SIGHAND),
				    N(CLONE_PIDFD),
				    N(CLONE_PTRACE),
				    N(CLONE_VFORK),
				    N(CLONE_PARENT),
				    N(CLONE_THREAD),
				    N(CLONE_NEWNS),
				    N(CLONE_SYSVSEM),
				    N(CLONE_SETTLS),
				    N(CLONE_PARENT_SETTID),
				    N(CLONE_CHILD_CLEARTID),
				    N(CLONE_DETACHED),
				    N(CLONE_UNTRACED),
				    N(CLONE_CHILD_SETTID),
				    N(CLONE_NEWCGROUP),
				    N(CLONE_NEWUTS),
				    N(CLONE_NEWIPC),
				    N(CLONE_NEWUSER),
				    N(CLONE_NEWPID),
				    N(CLONE_NEWNET),
				    N(CLONE_IO),
				    {0, 0, 0}};
static struct named fcntls[] = {
    N(F_DUPFD),		N(F_GETFD),	 N(F_SETFD),	  N(F_GETFL),	  N(F_SETFL),
    N(F_GETLK),		N(F_SETLK),	 N(F_SETLKW),	  N(F_SETOWN),	  N(F_GETOWN),
    N(F_SETSIG),	N(F_GETSIG),	 N(F_SETOWN_EX),  N(F_GETOWN_EX), N(F_OFD_GETLK),
    N(F_OFD_SETLK),	N(F_OFD_SETLKW), N(F_SETLEASE),	  N(F_GETLEASE),  N(F_NOTIFY),
    N(F_DUPFD_CLOEXEC), N(F_SETPIPE_SZ), N(F_GETPIPE_SZ), N(F_ADD_SEALS), N(F_GET_SEALS),
    {0, 0, 0}};
static struct named at_fdcwd[] = {N(AT_FDCWD), {0, 0, 0}};
static struct named sock_types[] = {N(SOCK_STREAM),    N(SOCK_DGRAM),  N(SOCK_RAW), N(SOCK_RDM),
				    N(SOCK_SEQPACKET), N(SOCK_PACKET), {0, 0, 0}};
static struct named sock_bits[] = {N(SOCK_NONBLOCK), N(SOCK_CLOEXEC), {0, 0, 0}};
#undef N
static struct named *const all_tables[] = {open_acc, open_bits, prot_bits,  map_type, map_bits,
					   families, signals,	ioctls,	    prctls,   clone_bits,
					   fcntls,   at_fdcwd,	sock_types, sock_bits};

/* The values of the names the reports use, looked up at the first report:
 * a few hundred lookups that most runs never need. */
static void resolve_names(void)
{
	static int resolved;

	if (resolved)
		return;
	for (size_t t = 0; t < sizeof all_tables / sizeof all_tables[0]; t++) {
		for (struct named *n = all_tables[t]; n->name; n++) {
			const struct sf_constant *c =
			    sf_constant_lookup(n->name, sf_strlen(n->name));

			n->value = c ? c->value : 0;
			n->have = c != NULL;
		}
	}
	resolved = 1;
}

/* ---- argument decoding ---- */

static int find_value(const struct named *t, int64_t v, struct sf_buf *b)
{
	resolve_names();
	for (; t->name; t++) {
		if (t->have && t->value == v) {
			sf_buf_str(b, t->name);
			return 1;
		}
	}
	return 0;
}

/* Prints the named bits of t present in v joined by '|' (after what *shown
 * says is already there); returns the bits not named. */
static uint64_t put_bits(const struct named *t, uint64_t v, struct sf_buf *b, int *shown)
{
	resolve_names();
	for (; t->name; t++) {
		uint64_t m = (uint64_t)t->value;

		if (!t->have || !m || (v & m) != m)
			continue;
		if (*shown)
			sf_buf_char(b, '|');
		sf_buf_str(b, t->name);
		*shown = 1;
		v &= ~m;
	}
	return v;
}

/* The bits no name covered, in hex; "0x0" when nothing was shown at all. */
static void put_rest(uint64_t v, struct sf_buf *b, int shown)
{
	if (!v && shown)
		return;
	if (shown)
		sf_buf_char(b, '|');
	sf_buf_hex(b, v);
}

static void put_named_bits(const struct named *t, uint64_t v, struct sf_buf *b, int shown)
{
	uint64_t rest = put_bits(t, v, b, &shown);

	put_rest(rest, b, shown);
}

static void put_open_flags(uint64_t v, struct sf_buf *b)
{
	uint64_t acc = v & 3;

	if (!acc)
		sf_buf_str(b, "O_RDONLY");
	else if (!find_value(open_acc, (int64_t)acc, b))
		sf_buf_hex(b, acc);
	put_named_bits(open_bits, v & ~(uint64_t)3, b, 1);
}

static void put_flags(const struct named *t, uint64_t v, struct sf_buf *b, const char *zero)
{
	if (!v && zero)
		sf_buf_str(b, zero);
	else
		put_named_bits(t, v, b, 0);
}

/* SOCK_STREAM|SOCK_CLOEXEC: the type in the low bits, flags above. */
static void put_sock_type(uint64_t v, struct sf_buf *b)
{
	uint64_t flags = v & ~(uint64_t)0xf;
	int shown = find_value(sock_types, (int64_t)(v & 0xf), b);

	if (!shown)
		flags = v;
	put_named_bits(sock_bits, flags, b, shown);
}

static void put_mmap_flags(uint64_t v, struct sf_buf *b)
{
	if (!find_value(map_type, (int64_t)(v & 0xf), b))
		sf_buf_hex(b, v & 0xf);
	put_named_bits(map_bits, v & ~(uint64_t)0xf, b, 1);
}

static void put_clone_flags(uint64_t v, struct sf_buf *b)
{
	int shown = 0;
	uint64_t sig = v & 0xff;

	v = put_bits(clone_bits, v & ~(uint64_t)0xff, b, &shown);
	if (sig) {
		if (shown)
			sf_buf_char(b, '|');
		if (!find_value(signals, (int64_t)sig, b))
			sf_buf_hex(b, sig);
		shown = 1;
	}
	put_rest(v, b, shown);
}

static int has_star(const char *s)
{
	for (; s && *s; s++)
		if (*s == '*')
			return 1;
	return 0;
}

static void put_number(const struct sf_sysarg *a, uint64_t v, struct sf_buf *b)
{
	if (SF_ARGTYPE_IS_SIGNED(a->type)) {
		sf_buf_s64(b, a->type == SF_ARG_S32 ? (int32_t)v : (int64_t)v);
	} else if (has_star(sf_sysarg_ctype(a)) || v >= 0x10000) {
		sf_buf_hex(b, v);
	} else if (sf_streq(sf_sysarg_ctype(a), "umode_t")) {
		/* Modes read best in octal, as chmod writes them. */
		char oct[24];
		int n = 0;

		do {
			oct[sizeof oct - 1 - n++] = (char)('0' + (v & 7));
			v >>= 3;
		} while (v);
		if (oct[sizeof oct - n] != '0')
			oct[sizeof oct - 1 - n++] = '0';
		sf_buf_mem(b, oct + sizeof oct - n, (size_t)n);
	} else {
		sf_buf_u64(b, v);
	}
}

static int is(const char *a, const char *b)
{
	return a && sf_streq(a, b);
}

/* The arguments --explain and learn mode name (getrandom's GRND_*,
 * mount's MS_*, ...), with the same names, or the number. */
static void put_named(const struct sf_syscall *sc, const struct sf_sysarg *a, uint64_t v,
		      struct sf_buf *b)
{
	enum sf_const_domain d = sf_const_domain(sc->name, a->name);
	char name[256];

	if (d != SF_DOM_NONE && sf_const_format(d, v, name, sizeof name))
		sf_buf_str(b, name);
	else
		put_number(a, v, b);
}

static void put_arg(const struct sf_syscall *sc, const struct sf_sysarg *a, uint64_t v,
		    struct sf_buf *b)
{
	const char *call = sc->name, *name = a->name;

	resolve_names();
	if (!SF_ARGTYPE_IS_64(a->type))
		v &= 0xffffffffu;
	if (a->flags & SF_ARGF_16)
		v &= 0xffffu; /* as the rules compared it */
	if ((is(name, "dfd") || is(name, "olddfd") || is(name, "newdfd") || is(name, "fd")) &&
	    (int32_t)v == (int32_t)at_fdcwd[0].value && at_fdcwd[0].have) {
		sf_buf_str(b, "AT_FDCWD");
	} else if ((is(name, "fd") || is(name, "dfd")) && (int32_t)v < 0) {
		/* Descriptors are ints to the program, whatever width the
		 * kernel reads: -1, not 0xffffffff. */
		sf_buf_s64(b, (int32_t)v);
	} else if (is(name, "flags") && (is(call, "open") || is(call, "openat"))) {
		put_open_flags(v, b);
	} else if (is(name, "prot")) {
		put_flags(prot_bits, v, b, "PROT_NONE");
	} else if (is(name, "flags") && is(call, "mmap")) {
		put_mmap_flags(v, b);
	} else if (is(name, "type") && (is(call, "socket") || is(call, "socketpair"))) {
		put_sock_type(v, b);
	} else if (is(name, "family") && (is(call, "socket") || is(call, "socketpair"))) {
		if (!find_value(families, (int64_t)(int32_t)v, b))
			put_number(a, v, b);
	} else if (is(name, "sig") && !find_value(signals, (int64_t)(int32_t)v, b)) {
		put_number(a, v, b);
	} else if (is(name, "sig")) {
		/* printed by find_value */
	} else if (is(name, "cmd") && is(call, "ioctl")) {
		if (!find_value(ioctls, (int64_t)v, b))
			sf_buf_hex(b, v);
	} else if (is(name, "cmd") && (is(call, "fcntl") || is(call, "fcntl64"))) {
		if (!find_value(fcntls, (int64_t)v, b))
			put_number(a, v, b);
	} else if (is(name, "option") && is(call, "prctl")) {
		if (!find_value(prctls, (int64_t)(int32_t)v, b))
			put_number(a, v, b);
	} else if (is(name, "clone_flags")) {
		put_clone_flags(v, b);
	} else {
		put_named(sc, a, v, b);
	}
}

void sf_report_arg(char *out, size_t size, const struct sf_syscall *sc, int i, uint64_t v)
{
	struct sf_buf b;

	if (!size)
		return;
	sf_buf_init(&b, out, size);
	put_arg(sc, &sc->args[i], v, &b);
	out[b.len < size ? b.len : size - 1] = 0;
}

/* ---- which rule decided ---- */

static void put_action(struct sf_action a, struct sf_buf *b)
{
	static const char *const names[] = {
	    [SF_ACT_KILL_PROCESS] = "kill-process",
	    [SF_ACT_KILL_THREAD] = "kill-thread",
	    [SF_ACT_TRAP] = "trap",
	    [SF_ACT_ERRNO] = "errno",
	    [SF_ACT_USER_NOTIF] = "user-notify",
	    [SF_ACT_TRACE] = "trace",
	    [SF_ACT_LOG] = "log",
	    [SF_ACT_ALLOW] = "allow",
	};

	sf_buf_str(b,
		   a.kind < sizeof names / sizeof names[0] && names[a.kind] ? names[a.kind] : "?");
	if (a.kind == SF_ACT_TRAP && a.data) {
		sf_buf_char(b, ' ');
		sf_buf_u64(b, a.data);
	}
}

/* The actions report mode compiles as a trap to the handler. */
static int traps(struct sf_action a)
{
	return a.kind == SF_ACT_KILL_PROCESS || a.kind == SF_ACT_KILL_THREAD ||
	       a.kind == SF_ACT_TRAP;
}

static void put_file(const struct sf_policy *p, int file, int line, struct sf_buf *b)
{
	if (file >= 0 && (size_t)file < p->nfiles)
		sf_buf_str(b, p->files[file]);
	else
		sf_buf_str(b, "policy");
	if (line > 0) {
		sf_buf_char(b, ':');
		sf_buf_u64(b, (uint64_t)line);
	}
}

static void put_decider(const struct sf_policy *p, int nr, uint16_t data, struct sf_buf *b)
{
	uint16_t rid = data & SF_ID_RULE_MASK;
	const struct sf_rule *r = NULL;

	/* Ids past the last one the compiler numbers are shared by many
	 * rules; decider() has checked that this call's rule gave the trap. */
	if (rid != SF_ID_DEFAULT) {
		r = sf_rule_from_id(p, rid);
		if (!r)
			r = sf_policy_rule_for(p, nr);
	}

	sf_buf_str(b, " by ");
	if (!r) {
		put_file(p, p->default_file >= 0 ? p->default_file : 0, p->default_line, b);
		sf_buf_str(b, " (default ");
		put_action(p->default_action, b);
	} else if (r->expr < 0 || !traps(r->on_false)) {
		put_file(p, r->file, r->line, b);
		sf_buf_str(b, " (");
		put_action(r->on_true, b);
	} else {
		/* The condition failed: the failed side is the policy's denial
		 * unless the rule named its own. */
		put_file(p, r->file, r->line, b);
		sf_buf_str(b, traps(r->on_true) ? " (" : " (default ");
		put_action(r->on_false, b);
	}
	sf_buf_char(b, ')');
}

/* Which policy decides a kill-class answer for this call, and the id of
 * its rule: the interpreter in permissive mode gives each kill-class
 * answer its rule's id (the filters themselves kill without one). The
 * latest such policy is named, as the kernel would name the latest
 * filter. *no_rule: killed before any rule (another arch, x32). */
static const struct sf_policy *decider(const struct sf_report_src *src, int nr, uint32_t arch,
				       const uint64_t args[6], uint16_t *data, int *no_rule)
{
	struct seccomp_data sd;

	sd.nr = nr;
	sd.arch = arch;
	sd.instruction_pointer = 0;
	for (int i = 0; i < 6; i++)
		sd.args[i] = args[i];
	for (unsigned i = src->n; i-- > 0;) {
		struct sf_compile_opts kill = {SF_REPORT_KILL, i, 1},
				       permit = {SF_REPORT_PERMIT, i, 1};
		uint32_t k = sf_policy_eval(src->pol[i], &kill, &sd) & SECCOMP_RET_ACTION_FULL;
		uint32_t t;

		if (k != SECCOMP_RET_KILL_PROCESS && k != SECCOMP_RET_KILL_THREAD &&
		    k != SECCOMP_RET_TRAP)
			continue;
		t = sf_policy_eval(src->pol[i], &permit, &sd);
		*no_rule = (t & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_TRACE;
		*data = (uint16_t)(t & SECCOMP_RET_DATA);
		return src->pol[i];
	}
	return NULL;
}

int sf_report_denies(const struct sf_report_src *src, int nr, uint32_t arch, const uint64_t args[6])
{
	uint16_t data;
	int no_rule;

	return decider(src, nr, arch, args, &data, &no_rule) != NULL;
}

/* A path argument as the string it points to, quoted and escaped. */
static int put_string(const struct sf_report_src *src, uint64_t addr, struct sf_buf *b)
{
	char s[160];
	int n;

	if (!src->read_str || !addr)
		return 0;
	n = src->read_str(src->ctx, addr, s, sizeof s);
	if (n < 0)
		return 0;
	sf_buf_char(b, '"');
	for (int i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			sf_buf_char(b, '\\');
			sf_buf_char(b, (char)c);
		} else if (c < 0x20 || c >= 0x7f) {
			static const char hex[] = "0123456789abcdef";

			sf_buf_str(b, "\\x");
			sf_buf_char(b, hex[c >> 4]);
			sf_buf_char(b, hex[c & 15]);
		} else {
			sf_buf_char(b, (char)c);
		}
	}
	sf_buf_char(b, '"');
	/* read_str gives size - 1 characters at most: more were cut. */
	if (n >= (int)sizeof s - 1)
		sf_buf_str(b, "...");
	return 1;
}

static int is_path(const struct sf_sysarg *a)
{
	const char *t = sf_sysarg_ctype(a);

	return sf_streq(t, "const char __user *") &&
	       (is(a->name, "filename") || is(a->name, "pathname") || is(a->name, "path") ||
		is(a->name, "oldname") || is(a->name, "newname") || is(a->name, "name") ||
		is(a->name, "specialfile") || is(a->name, "library") || is(a->name, "dev_name") ||
		is(a->name, "dir_name") || is(a->name, "oldpath") || is(a->name, "newpath"));
}

/* The rule that would allow this call, ready to paste: by the argument
 * that names what the call does (a family, an option, a request, a
 * signal) where it has one and its value has a name, else the whole call. */
static void put_allow_rule(const struct sf_syscall *sc, const uint64_t args[6], struct sf_buf *b)
{
	static const char *const telling[] = {"family", "option", "cmd",      "request", "sig",
					      "how",	"which",  "resource", "code"};

	sf_buf_str(b, sc->name);
	sf_buf_str(b, ": ");
	for (int i = 0; i < sc->nargs && i < 6; i++) {
		char val[64];
		struct sf_buf v;
		int tells = 0;

		for (size_t t = 0; t < sizeof telling / sizeof telling[0]; t++)
			tells |= is(sc->args[i].name, telling[t]);
		if (!tells)
			continue;
		sf_buf_init(&v, val, sizeof val);
		put_arg(sc, &sc->args[i], args[i], &v);
		val[v.len < sizeof val ? v.len : sizeof val - 1] = 0;
		if (val[0] >= 'A' && val[0] <= 'Z' && !strchr(val, '|')) {
			sf_buf_str(b, sc->args[i].name);
			sf_buf_str(b, " == ");
			sf_buf_str(b, val);
			return;
		}
	}
	sf_buf_str(b, "1");
}

/* " by FILE:LINE (ACTION)" and, for a rule's denial of a call sc names in a
 * policy (not a container profile), "; to allow it: RULE". */
static void put_by(const struct sf_report_src *src, int nr, uint32_t arch, const uint64_t args[6],
		   const struct sf_syscall *sc, struct sf_buf *b)
{
	const struct sf_policy *p;
	uint16_t data = 0;
	int no_rule = 0;

	p = decider(src, nr, arch, args, &data, &no_rule);
	if (p && no_rule) {
		sf_buf_str(b, " by ");
		put_file(p, 0, 0, b);
		sf_buf_str(b, arch != sf_arch_info(sf_arch_native())->audit_arch
				  ? " (another arch: kill-process)"
				  : " (a number no rule can name: kill-process)");
	} else if (p) {
		put_decider(p, nr, data, b);
	} else {
		sf_buf_str(b, " by a filter sf-run did not install");
	}
	/* A rule to paste is policy language: not for a container profile. */
	if (p && !no_rule && sc && !p->from_oci) {
		sf_buf_str(b, "; to allow it: ");
		put_allow_rule(sc, args, b);
	}
}

struct sf_report_src sf_report_src_of(const struct sf_stack *s,
				      int (*read_str)(void *, uint64_t, char *, size_t), void *ctx)
{
	struct sf_report_src src;

	memset(&src, 0, sizeof src);
	for (size_t i = 0; i < s->n; i++)
		src.pol[i] = &s->pol[i];
	src.n = (unsigned)s->n;
	src.read_str = read_str;
	src.ctx = ctx;
	return src;
}

void sf_report_by(char *out, size_t size, const struct sf_report_src *src, int nr, uint32_t arch,
		  const uint64_t args[6])
{
	struct sf_buf b;

	sf_buf_init(&b, out, size);
	/* Without the call, put_by writes no rule to paste. */
	if (sf_report_denies(src, nr, arch, args))
		put_by(src, nr, arch, args, NULL, &b);
	/* " by ...": without the space a line needs before it. */
	if (out[0] == ' ')
		memmove(out, out + 1, strlen(out));
}

void sf_report_format(char *mem, size_t size, const struct sf_report_src *src, int nr,
		      uint32_t arch, const uint64_t args[6])
{
	const struct sf_arch_info *ai = sf_arch_info(sf_arch_native());
	const struct sf_syscall *sc = NULL;
	struct sf_buf b;

	sf_buf_init(&b, mem, size);
	if (arch == ai->audit_arch)
		sc = sf_syscall_by_nr(ai->table, nr);
	sf_buf_str(&b, "blocked ");
	if (sc) {
		sf_buf_str(&b, sc->name);
	} else {
		sf_buf_str(&b, "syscall ");
		sf_buf_s64(&b, nr);
		if (arch != ai->audit_arch)
			sf_buf_str(&b, " of another arch");
	}
	sf_buf_char(&b, '(');
	for (int i = 0; sc && i < sc->nargs && i < 6; i++) {
		if (i)
			sf_buf_str(&b, ", ");
		sf_buf_str(&b, sc->args[i].name[0] ? sc->args[i].name : "arg");
		sf_buf_char(&b, '=');
		if (!is_path(&sc->args[i]) || !put_string(src, args[i], &b))
			put_arg(sc, &sc->args[i], args[i], &b);
	}
	sf_buf_char(&b, ')');
	put_by(src, nr, arch, args, sc, &b);
}
