/* sf-run: compiles the policies, installs a coarse filter that lets exec
 * and the dynamic loader through, and execs the program with the shim
 * preloaded to install the exact ones. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "active.h"
#include "calltest.h"
#include "diff.h"
#include "elfinfo.h"
#include "explain.h"
#include "install.h"
#include "launcher.h"
#include "learn_run.h"
#include "loader.h"
#include "parse.h"
#include "path.h"
#include "show.h"
#include "signature.h"

#ifndef SF_VERSION
#define SF_VERSION "unknown"
#endif

extern char **environ;

struct opts {
	const char *files[SF_ID_MAX_POLICIES + 1];
	size_t nfiles;
	char *rules; /* the -e texts joined with newlines */
	int kill, early, check, dump;
	const char *emit, *test, *arch;
	/* The policy tools: each its own mode, see sf_tool_mode. */
	int groups, explain, diff;
	const char *explain_bpf, *show;
	const char *learn; /* --learn OUT */
	char **argv;
};

void sf_fatal_status(int status, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "sf: %s\n", msg);
	exit(status);
}

void sf_fatal(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "sf: %s\n", msg);
	exit(SF_EXIT_ERROR);
}

static void add_rules(struct opts *o, const char *text)
{
	size_t old = o->rules ? strlen(o->rules) + 1 : 0;
	char *r = realloc(o->rules, old + strlen(text) + 1);

	if (!r)
		sf_fatal("out of memory");
	if (old)
		r[old - 1] = '\n';
	strcpy(r + old, text);
	o->rules = r;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	enum {
		O_KILL = 256,
		O_EARLY,
		O_CHECK,
		O_DUMP,
		O_EMIT,
		O_TEST,
		O_ARCH,
		O_VERSION,
		O_GROUPS,
		O_EXPLAIN,
		O_EXPLAIN_BPF,
		O_DIFF,
		O_SHOW,
		O_LEARN,
	};
	static const struct option longopts[] = {
	    {"policy", required_argument, NULL, 'p'},
	    {"rules", required_argument, NULL, 'e'},
	    {"kill", no_argument, NULL, O_KILL},
	    {"early", no_argument, NULL, O_EARLY},
	    {"check", no_argument, NULL, O_CHECK},
	    {"dump", no_argument, NULL, O_DUMP},
	    {"emit-bpf", required_argument, NULL, O_EMIT},
	    {"test", required_argument, NULL, O_TEST},
	    {"arch", required_argument, NULL, O_ARCH},
	    {"groups", no_argument, NULL, O_GROUPS},
	    {"explain", no_argument, NULL, O_EXPLAIN},
	    {"explain-bpf", required_argument, NULL, O_EXPLAIN_BPF},
	    {"diff", no_argument, NULL, O_DIFF},
	    {"show", required_argument, NULL, O_SHOW},
	    {"learn", required_argument, NULL, O_LEARN},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, O_VERSION},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	/* '+': options end at PROGRAM, whose own options are its business. */
	while ((c = getopt_long(argc, argv, "+p:e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (o->nfiles == SF_ID_MAX_POLICIES)
				sf_fatal("too many policies (at most %d stacked)",
					 SF_ID_MAX_POLICIES);
			o->files[o->nfiles++] = optarg;
			break;
		case 'e':
			add_rules(o, optarg);
			break;
		case O_KILL:
			o->kill = 1;
			break;
		case O_EARLY:
			o->early = 1;
			break;
		case O_CHECK:
			o->check = 1;
			break;
		case O_DUMP:
			o->dump = 1;
			break;
		case O_EMIT:
			o->emit = optarg;
			break;
		case O_TEST:
			o->test = optarg;
			break;
		case O_ARCH:
			o->arch = optarg;
			break;
		case O_GROUPS:
			o->groups = 1;
			break;
		case O_EXPLAIN:
			o->explain = 1;
			break;
		case O_EXPLAIN_BPF:
			o->explain_bpf = optarg;
			break;
		case O_DIFF:
			o->diff = 1;
			break;
		case O_SHOW:
			o->show = optarg;
			break;
		case O_LEARN:
			o->learn = optarg;
			break;
		case 'h':
			sf_usage(stdout);
			exit(fflush(stdout) ? SF_EXIT_ERROR : 0);
		case O_VERSION:
			printf("sf-run %s\n", SF_VERSION);
			exit(fflush(stdout) ? SF_EXIT_ERROR : 0);
		default:
			if (optopt && optopt < 256)
				sf_fatal("option -%c %s (see sf-run --help)", optopt,
					 strchr("pe", optopt) ? "needs an argument" : "is unknown");
			sf_fatal("bad option %s (see sf-run --help)", argv[optind - 1]);
		}
	}
	o->argv = argv + optind;
	if (o->learn) {
		/* The program runs unfiltered while it is recorded: only a
		 * base to add to. */
		if (o->check + o->dump + !!o->emit + !!o->test + o->groups + o->explain +
		    !!o->explain_bpf + o->diff + !!o->show + o->kill + !!o->arch)
			sf_fatal(
			    "--learn runs a program: it takes no other mode, --kill or --arch");
		if (o->nfiles > 1 || o->rules)
			sf_fatal("--learn takes one -p BASE at most, and no -e");
		if (!*o->argv)
			sf_fatal("no PROGRAM given (see sf-run --help)");
		return;
	}
	if (o->check + o->dump + !!o->emit + !!o->test + o->groups + o->explain + !!o->explain_bpf +
		o->diff + !!o->show >
	    1)
		sf_fatal("--check, --dump, --emit-bpf, --test, --groups, --explain, --explain-bpf, "
			 "--diff and --show exclude each other");
	/* Modes that take no policy options: their operands are their own. */
	if (o->groups || o->explain_bpf || o->diff || o->show) {
		if ((o->nfiles || o->rules) && !o->diff)
			sf_fatal("%s takes no -p or -e", o->groups	  ? "--groups"
							 : o->explain_bpf ? "--explain-bpf"
									  : "--show");
		return;
	}
	if (o->check || o->dump || o->emit || o->test || o->explain) {
		if (*o->argv)
			sf_fatal("%s takes no PROGRAM", o->check     ? "--check"
							: o->dump    ? "--dump"
							: o->emit    ? "--emit-bpf"
							: o->explain ? "--explain"
								     : "--test");
	} else {
		if (o->arch)
			sf_fatal("--arch goes with --check, --dump, --emit-bpf, --test, --explain, "
				 "--explain-bpf, --diff or --groups");
		if (!*o->argv)
			sf_fatal("no PROGRAM given (see sf-run --help)");
	}
	if (!o->nfiles && !o->rules)
		sf_fatal("no policy: give -p FILE or -e RULES (see sf-run --help)");
}

static void fatal_error(const struct sf_error *err)
{
	sf_fatal("%s", err->msg);
}

static void load_stack(const struct opts *o, enum sf_arch arch, struct sf_stack *s)
{
	struct sf_error err;

	sf_stack_init(s, arch);
	for (size_t i = 0; i < o->nfiles; i++)
		if (sf_stack_add_file(s, o->files[i], &err))
			fatal_error(&err);
	if (o->rules && sf_stack_add_text(s, "-e", o->rules, strlen(o->rules), &err))
		fatal_error(&err);
}

/* The token of the tree sf-run is part of, or a new one: a guard already
 * in force only lets the handler be installed with its own token. */
static uint32_t tree_token(void)
{
	const char *cur = getenv("SF_ACTIVE");
	struct sf_active a;
	uint32_t t;

	if (cur && sf_active_parse(cur, &a) == 0)
		return a.token;
	if (cur)
		sf_fatal("SF_ACTIVE is malformed: %s", cur);
	t = sf_active_new_token();
	if (!t)
		sf_fatal("cannot get a random token from the kernel (getrandom)");
	return t;
}

/* The first policy widened by what exec and the loader need. The stack's
 * own copy is widened in place: it has been compiled, and exec follows. */
static void install_coarse(struct sf_stack *s)
{
	struct sf_compile_opts copts = {s->report, 0, s->token};
	struct sf_prog prog = {NULL, 0};
	struct sf_error err;
	char why[256];

	if (sf_policy_widen_for_loader(&s->pol[0], &err) ||
	    sf_compile(&s->pol[0], &copts, &prog, &err))
		fatal_error(&err);
	if (sf_bpf_validate(&prog, why, sizeof why))
		sf_fatal("the loader's filter is not valid: %s", why);
	if (sf_install_stack(&prog, 1, why, sizeof why))
		sf_fatal("cannot install the filter: %s", why);
	sf_prog_free(&prog);
}

static void install_stack(const struct sf_stack *s)
{
	char why[256];

	if (sf_install_stack(s->prog, s->n, why, sizeof why))
		sf_fatal("cannot install the filters: %s", why);
}

static void set_env(const char *name, const char *value)
{
	if (value ? setenv(name, value, 1) : unsetenv(name))
		sf_fatal("cannot set %s: %s", name, strerror(errno));
}

static void set_preload(const char *shim)
{
	const char *old = getenv("LD_PRELOAD");
	char *v;

	if (!old || !*old) {
		set_env("LD_PRELOAD", shim);
		return;
	}
	if (asprintf(&v, "%s:%s", shim, old) < 0)
		sf_fatal("out of memory");
	set_env("LD_PRELOAD", v);
	free(v);
}

static void set_policy_env(const struct opts *o)
{
	char *list = NULL;
	size_t len = 0;

	for (size_t i = 0; i < o->nfiles; i++) {
		char *abs = realpath(o->files[i], NULL);
		char *n;

		if (!abs)
			sf_fatal("%s: %s", o->files[i], strerror(errno));
		if (strchr(abs, ':'))
			sf_fatal("%s: a policy path with ':' cannot be passed in SF_POLICY", abs);
		n = realloc(list, len + strlen(abs) + 2);
		if (!n)
			sf_fatal("out of memory");
		list = n;
		len += (size_t)sprintf(list + len, "%s%s", len ? ":" : "", abs);
		free(abs);
	}
	set_env("SF_POLICY", list);
	set_env("SF_RULES", o->rules);
	set_env("SF_MODE", o->kill ? "kill" : NULL);
	free(list);
}

static void list_missing(const struct sf_stack *s, char *out, size_t size)
{
	size_t len = 0;

	out[0] = 0;
	for (size_t i = 0; i < s->n && len < size; i++) {
		char names[1024];

		if (sf_policy_missing_startup(&s->pol[i], names, sizeof names) > 0)
			len += (size_t)snprintf(out + len, size - len, "; %s does not allow %s",
						s->pol[i].nfiles ? s->pol[i].files[0] : "policy",
						names);
	}
}

/* Which shim loads into the program, checked now: a shim the loader cannot
 * load would leave the program under the coarse filter alone. NULL when
 * the program is run without one (--early only). */
static const char *choose_shim(const struct opts *o, const struct sf_stack *s,
			       const struct sf_elfinfo *ei, char *shim, size_t size)
{
	char dir[PATH_MAX], why[512], missing[2048];
	size_t dlen;
	int n;

	if (ei->elfclass != 2 /* ELFCLASS64 */) {
		if (o->early)
			return NULL;
		sf_fatal("%s is a 32-bit program: sf's shims are 64-bit (--early needs none)",
			 ei->path);
	}
	switch (ei->loader) {
	case SF_LOADER_STATIC:
		if (o->early)
			return NULL;
		list_missing(s, missing, sizeof missing);
		sf_fatal("%s is statically linked: no shim can load into it, so its policies must "
			 "be in force from exec on; run it with --early (the policies must then "
			 "allow execve and what the program calls at start-up%s)",
			 ei->path, missing);
	case SF_LOADER_OTHER:
		if (o->early)
			return NULL;
		sf_fatal("%s: its dynamic loader %s is not the system's glibc or musl loader, "
			 "the only ones sf has shims for (--early needs none)",
			 ei->path, ei->interp);
	case SF_LOADER_MUSL:
		/* musl runs a preloaded library's constructors from
		 * __libc_start_main: without it the shim never runs. */
		if (ei->start_main != 1 && !o->early)
			sf_fatal("%s does not start through __libc_start_main, and under musl the "
				 "shim cannot run before its code; use --early",
				 ei->path);
		break;
	case SF_LOADER_GLIBC:
		break;
	}
	if (sf_self_dir(dir, sizeof dir))
		sf_fatal("cannot find sf-run's own directory (/proc/self/exe)");
	dlen = strlen(dir);
	/* Installed: PREFIX/bin/sf-run and PREFIX/lib/sf; built: build/. */
	if (dlen >= 4 && !strcmp(dir + dlen - 4, "/bin"))
		n = snprintf(shim, size, "%.*s/lib/sf/%slibsf.so", (int)(dlen - 4), dir,
			     ei->loader == SF_LOADER_MUSL ? "musl/" : "");
	else
		n = snprintf(shim, size, "%s/%slibsf.so", dir,
			     ei->loader == SF_LOADER_MUSL ? "musl/" : "");
	if (n < 0 || (size_t)n >= size)
		sf_fatal("sf-run's directory name is too long: %s", dir);
	if (sf_elf_check_shim(shim, ei->elfclass, ei->machine, ei->loader, why, sizeof why))
		sf_fatal("the shim will not load: %s", why);
	return shim;
}

/* --early installs the exact policies before execve, so they must let it
 * through. */
static void check_exec_allowed(const struct sf_stack *s)
{
	const struct sf_syscall *sc = sf_syscall_by_name(sf_arch_info(s->arch)->table, "execve");
	struct seccomp_data sd;
	uint32_t ret;

	memset(&sd, 0, sizeof sd);
	sd.nr = sc ? sc->nr : -1;
	sd.arch = sf_arch_info(s->arch)->audit_arch;
	ret = sf_stack_run(s->prog, s->n, &sd) & SECCOMP_RET_ACTION_FULL;
	if (ret != SECCOMP_RET_ALLOW && ret != SECCOMP_RET_LOG)
		sf_fatal("--early: the policies do not allow execve, so the program cannot start");
}

static int run(const struct opts *o, struct sf_stack *s)
{
	char path[PATH_MAX], why[512], shimbuf[PATH_MAX], active[SF_ACTIVE_LEN + 1];
	struct sf_active act;
	struct sf_elfinfo ei;
	struct sf_error err;
	const char *shim;
	int r, not_exec;

	r = sf_find_program(o->argv[0], path, sizeof path, why, sizeof why);
	if (r)
		sf_fatal_status(r, "%s", why);
	if (sf_elf_inspect(path, &ei, &not_exec, why, sizeof why))
		sf_fatal_status(not_exec ? SF_EXIT_NOEXEC : SF_EXIT_ERROR, "%s", why);
	act.token = tree_token();
	if (sf_stack_compile(s, o->kill ? SF_REPORT_KILL : SF_REPORT_TRAP, act.token, &err))
		fatal_error(&err);
	shim = choose_shim(o, s, &ei, shimbuf, sizeof shimbuf);
	if (o->early)
		check_exec_allowed(s);

	if (shim)
		set_preload(shim);
	set_policy_env(o);
	/* With --early the exact stack is what is in force; otherwise the
	 * shim still has to install it and fills in the hash. */
	act.has_hash = o->early;
	act.hash = s->hash;
	sf_active_format(&act, active);
	set_env("SF_ACTIVE", active);

	if (o->early)
		install_stack(s);
	else
		install_coarse(s);
	execve(path, o->argv, environ);
	sf_fatal_status(errno == ENOENT ? SF_EXIT_NOTFOUND : SF_EXIT_NOEXEC, "%s: %s", path,
			strerror(errno));
}

/* --learn: the program is checked and the shim chosen as for a run. */
static int run_learn(const struct opts *o)
{
	char path[PATH_MAX], why[512], shim[PATH_MAX];
	struct sf_learn_opts lo = {
	    o->learn, o->nfiles ? o->files[0] : NULL, path, o->argv, o->early, 0};
	struct sf_elfinfo ei;
	struct sf_stack none;
	const char *chosen;
	int r, not_exec;

	r = sf_find_program(o->argv[0], path, sizeof path, why, sizeof why);
	if (r)
		sf_fatal_status(r, "%s", why);
	if (sf_elf_inspect(path, &ei, &not_exec, why, sizeof why))
		sf_fatal_status(not_exec ? SF_EXIT_NOEXEC : SF_EXIT_ERROR, "%s", why);
	if (!o->early &&
	    (ei.elfclass != 2 || ei.loader == SF_LOADER_STATIC || ei.loader == SF_LOADER_OTHER ||
	     (ei.loader == SF_LOADER_MUSL && ei.start_main != 1)))
		sf_fatal("%s: no shim can load into or run first in this program (static, "
			 "32-bit, another loader, or musl without __libc_start_main): learn with "
			 "--early, for a policy to run it with --early",
			 ei.path);
	sf_stack_init(&none, sf_arch_native());
	chosen = choose_shim(o, &none, &ei, shim, sizeof shim);
	if (chosen)
		set_preload(chosen);
	lo.shim = chosen != NULL;
	set_env("SF_POLICY", NULL);
	set_env("SF_RULES", NULL);
	set_env("SF_MODE", NULL);
	return sf_learn_run(&lo);
}

int main(int argc, char **argv)
{
	enum sf_arch arch = sf_arch_native();
	struct sf_stack s;
	struct sf_error err;
	struct opts o;

	/* A tool with its own operands (launcher/signature.c). */
	if (argc > 1 && strcmp(argv[1], "--signature") == 0)
		return sf_mode_signature(argc - 2, argv + 2);
	parse_args(argc, argv, &o);
	if (o.arch && sf_arch_from_name(o.arch, &arch))
		sf_fatal("unknown architecture '%s' (x86_64, i386 or aarch64)", o.arch);
	if (o.groups)
		return sf_mode_groups(arch, o.argv);
	if (o.explain_bpf)
		return sf_mode_explain_bpf(o.explain_bpf, arch);
	if (o.diff)
		return sf_mode_diff(arch, o.files, o.nfiles, o.argv);
	if (o.show)
		return sf_mode_show(o.show);
	if (o.learn)
		return run_learn(&o);
	load_stack(&o, arch, &s);
	if (!o.check && !o.dump && !o.emit && !o.test && !o.explain)
		return run(&o, &s);
	/* As the shim would install them, with 1 for the SIGSYS token; --test
	 * and --explain show kill-process as written. */
	if (sf_stack_compile(&s, o.test || o.explain || o.kill ? SF_REPORT_KILL : SF_REPORT_TRAP, 1,
			     &err))
		fatal_error(&err);
	if (o.explain)
		return sf_mode_explain(&s);
	if (o.check)
		return sf_mode_check(&s);
	if (o.dump)
		return sf_mode_dump(&s);
	if (o.emit)
		return sf_mode_emit(&s, o.emit);
	return sf_mode_test(&s, o.test);
}
