/* sf-run: compiles the policies, installs a coarse filter that lets exec
 * and the dynamic loader through, and execs the program with the shim
 * preloaded to install the exact ones. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
#include "landlock.h"
#include "launcher.h"
#include "learn_run.h"
#include "loader.h"
#include "oci.h"
#include "parse.h"
#include "path.h"
#include "show.h"
#include "signature.h"
#include "supervise.h"

#ifndef SF_VERSION
#define SF_VERSION "unknown"
#endif

extern char **environ;

struct opts {
	const char *files[SF_ID_MAX_POLICIES + 1];
	size_t nfiles;
	char *rules; /* the -e texts joined with newlines */
	int kill, early, check, dump, spec_mitigate, permissive, merge, landlock_strict, why;
	/* --learn-paths (the default, kept for scripts), --learn-no-paths */
	int learn_paths, learn_no_paths;
	const char *emit, *test, *arch;
	/* --emit-oci, --emit-k8s, --emit-systemd: the profile to write. */
	const char *emit_profile;
	enum { PROFILE_OCI = 1, PROFILE_K8S, PROFILE_SYSTEMD } profile_kind;
	int approximate; /* --approximate: on the safe side where not exact */
	/* The policy tools: each its own mode, see sf_tool_mode. */
	int groups, explain, diff;
	const char *explain_bpf, *show;
	const char *learn; /* --learn OUT */
	char **argv;
};

/* -I DIR: where an absolute @include that is not there is looked for.
 * Kept in SF_INCLUDE_PATH, which the parser reads, so that every parse
 * (here and in the sandboxed program's shim) finds the same files; the
 * -I given first is searched first, before any inherited directories. */
static void add_include_dir(const char *dir)
{
	static char *ours;	      /* the -I directories so far, "A:B" */
	static const char *inherited; /* SF_INCLUDE_PATH as sf-run found it */
	static int seen;
	size_t n = ours ? strlen(ours) : 0;
	char *v;

	if (!dir[0] || strchr(dir, ':'))
		sf_fatal("-I takes one directory, not '%s'", dir);
	if (!seen) {
		const char *env = getenv("SF_INCLUDE_PATH");
		inherited = env && env[0] ? strdup(env) : NULL;
		seen = 1;
	}
	v = malloc(n + strlen(dir) + 2);
	if (!v)
		sf_fatal("out of memory");
	sprintf(v, "%s%s%s", ours ? ours : "", ours ? ":" : "", dir);
	free(ours);
	ours = v;
	v = malloc(strlen(ours) + (inherited ? strlen(inherited) : 0) + 2);
	if (!v)
		sf_fatal("out of memory");
	sprintf(v, "%s%s%s", ours, inherited ? ":" : "", inherited ? inherited : "");
	if (setenv("SF_INCLUDE_PATH", v, 1))
		sf_fatal("cannot set SF_INCLUDE_PATH: out of memory");
	free(v);
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

/* A capability list is checked where it is given, profile or not. */
static void check_caps(const char *what, const char *list)
{
	const char *bad;
	uint64_t set;
	size_t len;

	if (sf_oci_caps_parse(list, &set, &bad, &len))
		sf_fatal("%s: unknown capability '%.*s' (CAP_SYS_ADMIN, ..., or all)", what,
			 (int)len, bad);
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
		O_SPEC,
		O_PERMISSIVE,
		O_MERGE,
		O_OCI_CAPS,
		O_LEARN_PATHS,
		O_LEARN_NO_PATHS,
		O_LANDLOCK_STRICT,
		O_WHY,
		O_EMIT_OCI,
		O_EMIT_K8S,
		O_EMIT_SYSTEMD,
		O_APPROXIMATE,
	};
	static const struct option longopts[] = {
	    {"policy", required_argument, NULL, 'p'},
	    {"rules", required_argument, NULL, 'e'},
	    {"include-path", required_argument, NULL, 'I'},
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
	    {"spec-mitigate", no_argument, NULL, O_SPEC},
	    {"permissive", no_argument, NULL, O_PERMISSIVE},
	    {"merge", no_argument, NULL, O_MERGE},
	    {"oci-caps", required_argument, NULL, O_OCI_CAPS},
	    {"learn-paths", no_argument, NULL, O_LEARN_PATHS},
	    {"learn-no-paths", no_argument, NULL, O_LEARN_NO_PATHS},
	    {"landlock-strict", no_argument, NULL, O_LANDLOCK_STRICT},
	    {"why", no_argument, NULL, O_WHY},
	    {"emit-oci", required_argument, NULL, O_EMIT_OCI},
	    {"emit-k8s", required_argument, NULL, O_EMIT_K8S},
	    {"emit-systemd", required_argument, NULL, O_EMIT_SYSTEMD},
	    {"approximate", no_argument, NULL, O_APPROXIMATE},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, O_VERSION},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	/* '+': options end at PROGRAM, whose own options are its business. */
	while ((c = getopt_long(argc, argv, "+p:e:I:h", longopts, NULL)) != -1) {
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
		case 'I':
			add_include_dir(optarg);
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
		case O_OCI_CAPS:
			check_caps("--oci-caps", optarg);
			sf_oci_set_caps(optarg);
			break;
		case O_LEARN:
			/* An option is never an output name: --learn -- true. */
			if (optarg[0] == '-')
				sf_fatal("--learn takes the policy file to write, not '%s' (sf-run "
					 "--learn OUT [-p BASE] -- PROGRAM)",
					 optarg);
			o->learn = optarg;
			break;
		case O_SPEC:
			o->spec_mitigate = 1;
			break;
		case O_PERMISSIVE:
			o->permissive = 1;
			break;
		case O_MERGE:
			o->merge = 1;
			break;
		case O_LEARN_PATHS:
			o->learn_paths = 1;
			break;
		case O_LEARN_NO_PATHS:
			o->learn_no_paths = 1;
			break;
		case O_LANDLOCK_STRICT:
			o->landlock_strict = 1;
			break;
		case O_WHY:
			o->why = 1;
			break;
		case O_APPROXIMATE:
			o->approximate = 1;
			break;
		case O_EMIT_OCI:
		case O_EMIT_K8S:
		case O_EMIT_SYSTEMD:
			if (o->emit_profile)
				sf_fatal(
				    "--emit-oci, --emit-k8s and --emit-systemd exclude each other");
			o->emit_profile = optarg;
			o->profile_kind = c == O_EMIT_OCI   ? PROFILE_OCI
					  : c == O_EMIT_K8S ? PROFILE_K8S
							    : PROFILE_SYSTEMD;
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
					 strchr("peI", optopt) ? "needs an argument"
							       : "is unknown");
			sf_fatal("bad option %s (see sf-run --help)", argv[optind - 1]);
		}
	}
	o->argv = argv + optind;
	if (o->learn_paths && o->learn_no_paths)
		sf_fatal("--learn-paths and --learn-no-paths exclude each other (--learn records "
			 "paths by default)");
	if (o->learn) {
		/* The program runs unfiltered while it is recorded: only a
		 * base to add to. */
		if (o->check + o->dump + !!o->emit + !!o->emit_profile + !!o->test + o->groups +
		    o->explain + !!o->explain_bpf + o->diff + !!o->show + o->kill + !!o->arch +
		    o->permissive)
			sf_fatal("--learn runs a program: it takes no other mode, --kill, "
				 "--permissive or "
				 "--arch");
		if (o->nfiles > 1 || o->rules)
			sf_fatal("--learn takes one -p BASE at most, and no -e");
		if (!*o->argv)
			sf_fatal("no PROGRAM given (see sf-run --help)");
		if (o->merge && access(o->learn, R_OK))
			sf_fatal("--merge adds to an existing policy: %s: %s", o->learn,
				 strerror(errno));
		return;
	}
	if (o->merge)
		sf_fatal("--merge goes with --learn OUT");
	if (o->learn_paths || o->learn_no_paths)
		sf_fatal("%s goes with --learn OUT",
			 o->learn_paths ? "--learn-paths" : "--learn-no-paths");
	if (o->approximate && (!o->emit_profile || o->profile_kind == PROFILE_SYSTEMD))
		sf_fatal("--approximate goes with --emit-oci or --emit-k8s");
	if (o->check + o->dump + !!o->emit + !!o->emit_profile + !!o->test + o->groups +
		o->explain + !!o->explain_bpf + o->diff + !!o->show >
	    1)
		sf_fatal("--check, --dump, --emit-bpf, --emit-oci/-k8s/-systemd, --test, --groups, "
			 "--explain, --explain-bpf, --diff and --show exclude each other");
	/* Modes that take no policy options: their operands are their own. */
	if (o->groups || o->explain_bpf || o->diff || o->show) {
		if ((o->nfiles || o->rules) && !o->diff)
			sf_fatal("%s takes no -p or -e", o->groups	  ? "--groups"
							 : o->explain_bpf ? "--explain-bpf"
									  : "--show");
		return;
	}
	if ((o->check || o->dump || o->emit || o->emit_profile || o->test || o->explain) &&
	    o->permissive)
		sf_fatal("--permissive goes with running a program");
	if (o->permissive && o->kill)
		sf_fatal("--permissive reports and lets calls run, --kill kills without a word: "
			 "choose one");
	if (o->check || o->dump || o->emit || o->emit_profile || o->test || o->explain) {
		if (*o->argv)
			sf_fatal("%s takes no PROGRAM", o->check  ? "--check"
							: o->dump ? "--dump"
							: o->emit ? "--emit-bpf"
							: o->emit_profile
							    ? "--emit-oci/-k8s/-systemd"
							: o->explain ? "--explain"
								     : "--test");
	} else {
		if (o->arch)
			sf_fatal("--arch goes with --check, --dump, --emit-bpf, --emit-oci, "
				 "--test, --explain, "
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

static void print_error(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "sf: %s\n", msg);
}

/* --check reads each file and the -e text to its end, so that one run lists every error
 * (a run stops at the first). */
static void check_all_errors(const struct opts *o, enum sf_arch arch)
{
	int errors = 0;

	for (size_t i = 0; i < o->nfiles; i++) {
		struct sf_policy p;

		sf_policy_init(&p, arch);
		errors += sf_parse_file_each(&p, o->files[i], print_error, NULL);
		sf_policy_free(&p);
	}
	if (o->rules) {
		struct sf_policy p;

		sf_policy_init(&p, arch);
		errors +=
		    sf_parse_text_each(&p, "-e", o->rules, strlen(o->rules), print_error, NULL);
		sf_policy_free(&p);
	}
	if (errors)
		exit(SF_EXIT_ERROR);
}

static void load_stack(const struct opts *o, enum sf_arch arch, struct sf_stack *s)
{
	struct sf_error err;

	if (o->check)
		check_all_errors(o, arch);
	sf_stack_init(s, arch);
	for (size_t i = 0; i < o->nfiles; i++)
		if (sf_stack_add_file(s, o->files[i], &err))
			fatal_error(&err);
	if (o->rules && sf_stack_add_text(s, "-e", o->rules, strlen(o->rules), &err))
		fatal_error(&err);
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

/* What widen_stack works from, for sf_supervise's calls. */
struct widening {
	const struct sf_stack *exact;
	enum sf_report report;
	struct sf_stack stack[2]; /* without, with the Landlock calls */
};

/* Each policy of the stack copied and widened by what the dynamic loader
 * needs: in force from exec to the program's entry point. */
static const struct sf_stack *widen_stack(void *ctx, int landlock_calls)
{
	struct widening *wd = ctx;
	const struct sf_stack *s = wd->exact;
	struct sf_stack *w = &wd->stack[!!landlock_calls];
	enum sf_report report = wd->report;
	struct sf_error err;

	sf_stack_init(w, s->arch);
	for (size_t i = 0; i < s->n; i++) {
		if (sf_policy_copy_filter(&w->pol[i], &s->pol[i]))
			sf_fatal("out of memory");
		w->n++;
		if (sf_policy_widen_after_exec(&w->pol[i], &err))
			fatal_error(&err);
		/* The exact path rules are added at the entry point by calls
		 * the program is made to make. */
		if (landlock_calls && sf_policy_widen_for_landlock(&w->pol[i], &err))
			fatal_error(&err);
	}
	if (sf_stack_compile(w, report, &err))
		fatal_error(&err);
	return w;
}

/* The first place a policy answers with user-notify, or NULL: sf-run
 * answers no notifications, and a listener of the program's own would
 * (the kernel hands a notification to the newest filter's listener). */
static const char *notify_rule(const struct sf_policy *p, char *where, size_t size)
{
	const char *file = p->nfiles ? p->files[0] : "policy";

	for (size_t i = 0; i < p->nrules; i++) {
		const struct sf_rule *r = &p->rules[i];

		if (r->on_true.kind == SF_ACT_USER_NOTIF || r->on_false.kind == SF_ACT_USER_NOTIF) {
			if (r->file >= 0 && (size_t)r->file < p->nfiles)
				file = p->files[r->file];
			snprintf(where, size, "%s:%d", file, r->line);
			return where;
		}
	}
	if (p->default_action.kind == SF_ACT_USER_NOTIF ||
	    p->unknown_action.kind == SF_ACT_USER_NOTIF) {
		snprintf(where, size, "%s (its default)", file);
		return where;
	}
	return NULL;
}

static int run(const struct opts *o, struct sf_stack *s)
{
	char path[PATH_MAX], why[512];
	struct sf_supervise sv;
	struct widening widened;
	struct sf_ll_stage landlock;
	enum sf_report report;
	struct sf_error err;
	int r;

	/* What the program is (static, 32-bit, a script) is told by the
	 * kernel at exec: the supervisor looks there, not into the file. */
	r = sf_find_program(o->argv[0], path, sizeof path, why, sizeof why);
	if (r)
		sf_fatal_status(r, "%s", why);
	for (size_t i = 0; i < s->n; i++) {
		char where[PATH_MAX + 32];

		if (notify_rule(&s->pol[i], where, sizeof where))
			sf_fatal("%s: a user-notify rule needs a supervisor that answers it, and "
				 "sf-run does not (the program's own listener would); use errno or "
				 "kill-process",
				 where);
	}
	/* --permissive: what would kill is traced by sf-run, which reports
	 * it and lets it run. */
	report = o->permissive ? SF_REPORT_PERMIT : SF_REPORT_KILL;
	if (sf_stack_compile(s, report, &err))
		fatal_error(&err);
	memset(&sv, 0, sizeof sv);
	sv.path = path;
	sv.argv = o->argv;
	sv.envp = environ;
	sv.exact = s;
	sv.quiet = o->kill;
	sv.permissive = o->permissive;
	sv.mitigate = o->spec_mitigate;
	for (size_t i = 0; i < s->n; i++)
		sv.mitigate |= sf_oci_spec_mitigate(&s->pol[i]);
	sv.why = o->why && !o->kill;
	/* Landlock cannot let a denied access run: --permissive reports
	 * syscalls only, and enforces no path rule. */
	memset(&landlock, 0, sizeof landlock);
	if (o->permissive && sf_stack_has_landlock(s))
		fprintf(stderr, "sf: permissive: path, port and scope rules are not enforced\n");
	else if (!o->permissive)
		sf_ll_stage_plan(&landlock, s, path, o->landlock_strict,
				 sf_ll_abi_cap(getenv("SF_LANDLOCK_ABI")));
	sv.landlock = &landlock;
	/* Used only if the program has a loader (supervise.c). */
	if (!o->early) {
		widened.exact = s;
		widened.report = report;
		sv.widen = widen_stack;
		sv.ctx = &widened;
	}
	sf_supervise(&sv);
}

/* --learn: the program is checked and the shim chosen as for a run. */
static int run_learn(const struct opts *o)
{
	char path[PATH_MAX], why[512], shim[PATH_MAX];
	struct sf_learn_opts lo = {.out = o->learn,
				   .base = o->nfiles ? o->files[0] : NULL,
				   .path = path,
				   .argv = o->argv,
				   .early = o->early,
				   .merge = o->merge,
				   .paths = !o->learn_no_paths};
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
	check_caps("SF_OCI_CAPS", getenv("SF_OCI_CAPS"));
	sf_oci_set_caps(getenv("SF_OCI_CAPS")); /* --oci-caps overrides it */
	parse_args(argc, argv, &o);
	sf_parse_set_include_path(getenv("SF_INCLUDE_PATH")); /* -I's and the inherited */
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
	if (!o.check && !o.dump && !o.emit && !o.emit_profile && !o.test && !o.explain)
		return run(&o, &s);
	/* As they are installed: denials kill the process. */
	if (sf_stack_compile(&s, SF_REPORT_KILL, &err))
		fatal_error(&err);
	if (o.explain)
		return sf_mode_explain(&s);
	if (o.check)
		return sf_mode_check(&s);
	if (o.dump)
		return sf_mode_dump(&s);
	if (o.emit)
		return sf_mode_emit(&s, o.emit);
	if (o.emit_profile && o.profile_kind == PROFILE_SYSTEMD)
		return sf_mode_emit_systemd(&s, o.emit_profile);
	if (o.emit_profile)
		return sf_mode_emit_oci(&s, o.emit_profile, o.profile_kind == PROFILE_K8S,
					o.approximate);
	return sf_mode_test(&s, o.test);
}
