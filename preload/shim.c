/* The preloaded shim, for programs started without sf-run: reads the
 * policies named in the environment before the program's code runs, and
 * installs them where the program starts (__libc_start_main) or, for a
 * program that may not start there, right away in its constructor.
 * Denials kill the process (kill-process); reports of them come from
 * sf-run, which supervises from outside (docs/security.md says what the
 * shim alone can and cannot promise). */
#include <dlfcn.h>
#include <elf.h>
#include <stdlib.h>
#include <unistd.h>

#include "active.h"
#include "elfstart.h"
#include "env.h"
#include "fmt.h"
#include "install.h"
#include "landlock.h"
#include "learn.h"
#include "rawsys.h"
#include "parse.h"
#include "stack.h"
#include "startargs.h"

#define ACTIVE_NAME "SF_ACTIVE="

typedef int (*start_main_fn)(void *, int, char **, void *, void *, void *, void *);

static struct {
	int inited, installed;
	int act;	     /* the environment asks the shim for something */
	int install_filters; /* our stack is not in force yet */
	int early;	     /* install from the constructor */
	int need_vector;     /* SF_ACTIVE must be added before libc reads the environment */
	char *active_slot;   /* SF_ACTIVE's value in the environment: HASH is filled in */
	char active_entry[sizeof ACTIVE_NAME + SF_ACTIVE_LEN];
	struct sf_stack stack;
	int learning;	  /* sf_learn_parse: -1 no, 0 marked already, 1 mark */
	char *learn_slot; /* SF_LEARN's value */
	int landlock_cap; /* SF_LANDLOCK_ABI: a lower ABI, for tests */
} S;

static void die_error(const struct sf_error *err)
{
	sf_die(err->msg);
}

static void add_policies(const char *list)
{
	char path[4096];
	struct sf_error err;
	const char *p = list;

	if (!*list)
		sf_die("SF_POLICY is set but empty");
	for (;;) {
		size_t n = 0;

		while (p[n] && p[n] != ':')
			n++;
		if (!n)
			sf_die2("SF_POLICY has an empty entry: ", list);
		if (n >= sizeof path)
			sf_die("SF_POLICY names a path that is too long");
		for (size_t i = 0; i < n; i++)
			path[i] = p[i];
		path[n] = 0;
		if (sf_stack_add_file(&S.stack, path, &err))
			die_error(&err);
		if (!p[n])
			break;
		p += n + 1;
	}
}

static void check_mode(const char *mode)
{
	/* Both mean kill-process here: the reports come from sf-run. */
	if (mode && !sf_streq(mode, "report") && !sf_streq(mode, "kill"))
		sf_die2("SF_MODE must be 'kill' or 'report', not: ", mode);
}

/* Decides everything while the program's code has not run: a bad policy
 * stops it here. envp is the environment as the kernel passed it. */
static void shim_init(char **envp, int from_wrapper)
{
	const char *policy = sf_env_get(envp, "SF_POLICY");
	const char *rules = sf_env_get(envp, "SF_RULES");
	char *active = sf_env_get(envp, "SF_ACTIVE");
	struct sf_active cur = {0, 0};
	struct sf_error err;
	int filtered;

	if (S.inited)
		return;
	S.inited = 1;
	/* Absolute @includes that are not there (sf-run -I): looked for here. */
	sf_parse_set_include_path(sf_env_get(envp, "SF_INCLUDE_PATH"));
	check_mode(sf_env_get(envp, "SF_MODE"));
	S.landlock_cap = sf_ll_abi_cap(sf_env_get(envp, "SF_LANDLOCK_ABI"));
	S.learning = sf_learn_parse(envp, &S.learn_slot);
	S.act = S.learning == 1;
	if (active && sf_active_parse(active, &cur))
		sf_die2("SF_ACTIVE is malformed: ", active);
	filtered = sf_seccomp_mode() == 2;
	if (!policy && !rules) {
		/* Learn mode: no policy is the point. */
		if (S.learning >= 0) {
			S.early = !from_wrapper && sf_self_uses_start_main() != 1;
			return;
		}
		if (sf_env_preloads_sf(sf_env_get(envp, "LD_PRELOAD")) && !(active && filtered))
			sf_die(
			    "LD_PRELOAD names libsf.so but neither SF_POLICY nor SF_RULES is set");
		return;
	}
	S.act = 1;
	sf_stack_init(&S.stack, sf_arch_native());
	if (policy)
		add_policies(policy);
	if (rules && sf_stack_add_text(&S.stack, "SF_RULES", rules, sf_strlen(rules), &err))
		die_error(&err);
	if (sf_stack_compile(&S.stack, SF_REPORT_KILL, &err))
		die_error(&err);
	S.install_filters = !(active && cur.has_hash && cur.hash == S.stack.hash && filtered &&
			      sf_no_new_privs() == 1);
	if (S.install_filters) {
		struct sf_active pending = {0, 0};
		struct sf_buf b;

		sf_buf_init(&b, S.active_entry, sizeof S.active_entry);
		sf_buf_str(&b, ACTIVE_NAME);
		sf_active_format(&pending, S.active_entry + b.len);
		if (active) {
			S.active_slot = active;
		} else if (from_wrapper) {
			S.need_vector = 1;
		} else {
			/* libc is up (the constructor runs after it), and the
			 * program's code has not run yet. */
			if (setenv("SF_ACTIVE", S.active_entry + b.len, 1))
				sf_die("cannot set SF_ACTIVE");
			S.active_slot = sf_env_get(environ, "SF_ACTIVE");
			if (!S.active_slot)
				sf_die("SF_ACTIVE vanished after setenv");
		}
	}
	S.early = !from_wrapper && sf_self_uses_start_main() != 1;
}

static void shim_install(void)
{
	char why[256];

	if (S.installed || !S.act)
		return;
	/* Landlock first: the filters may deny its calls. */
	if (S.install_filters && sf_stack_has_landlock(&S.stack) &&
	    sf_stack_enforce_landlock(&S.stack, sf_ll_abi(S.landlock_cap), 0, why, sizeof why))
		sf_die2("cannot enforce the path rules: ", why);
	if (S.install_filters && sf_install_stack(S.stack.prog, S.stack.n, why, sizeof why))
		sf_die2("cannot install the filters: ", why);
	if (S.install_filters && S.active_slot) {
		struct sf_active done = {1, S.stack.hash};
		char val[SF_ACTIVE_LEN + 1];

		sf_active_format(&done, val);
		for (int i = 0; i < SF_ACTIVE_LEN; i++)
			S.active_slot[i] = val[i];
	}
	/* Where the filters went in: from here on every call needs a rule. */
	if (S.learning == 1)
		sf_learn_mark(S.learn_slot);
	S.installed = 1;
}

/* musl reads the environment from argv's tail when its __libc_start_main
 * runs, after this wrapper: SF_ACTIVE is added by handing it a copy of the
 * argument, environment and auxiliary vectors with one more entry. */
static char **extend_vector(int argc, char **argv)
{
	char **envp = argv + argc + 1, **v;
	size_t ne = 0, na = 0, k = 0;
	uintptr_t *aux;

	while (envp[ne])
		ne++;
	aux = (uintptr_t *)(envp + ne + 1);
	while (aux[2 * na] != AT_NULL)
		na++;
	na++;
	v = sf_raw_mmap_anon(((size_t)argc + 1 + ne + 2 + 2 * na) * sizeof(*v));
	if (!v)
		sf_die("cannot map memory for the environment");
	for (int i = 0; i <= argc; i++)
		v[k++] = argv[i];
	for (size_t i = 0; i < ne; i++)
		v[k++] = envp[i];
	v[k++] = S.active_entry;
	v[k++] = NULL;
	for (size_t i = 0; i < 2 * na; i++)
		v[k++] = (char *)aux[i];
	environ = v + argc + 1;
	S.active_slot = S.active_entry + sizeof ACTIVE_NAME - 1;
	return v;
}

int __libc_start_main(void *main, int argc, char **argv, void *init, void *fini, void *rtld_fini,
		      void *stack_end)
{
	start_main_fn real;

	shim_init(argv + argc + 1, 1);
	if (S.need_vector) {
		argv = extend_vector(argc, argv);
		S.need_vector = 0;
	}
	shim_install(); /* first: a program may define dlsym */
	real = (start_main_fn)dlsym(RTLD_NEXT, "__libc_start_main");
	if (!real || real == __libc_start_main)
		sf_die("cannot find libc's __libc_start_main");
	return real(main, argc, argv, init, fini, rtld_fini, stack_end);
}

__attribute__((constructor)) static void sf_shim_constructor(void)
{
	shim_init(sf_start_envp(), 0); /* not environ: the program may define it */
	if (S.early)
		shim_install();
}
