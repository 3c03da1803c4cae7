/* The --explain and --explain-bpf modes of sf-run. */
#include <stdio.h>
#include <stdlib.h>

#include "explain.h"
#include "launcher.h"

/* Path, port and scope rules are not in the filter: said as written. */
static void explain_landlock(const struct sf_landlock *l)
{
	size_t n;
	char *text;

	if (!sf_landlock_any(l) && !l->mode_set)
		return;
	n = sf_landlock_format(l, NULL, 0);
	text = malloc(n + 1);
	if (!text)
		sf_fatal("out of memory");
	sf_landlock_format(l, text, n + 1);
	printf("# path, port and scope rules (Landlock, not in the filter):\n%s", text);
	free(text);
}

int sf_mode_explain(const struct sf_stack *s)
{
	char why[512];

	for (size_t i = 0; i < s->n; i++) {
		const char *name = s->pol[i].nfiles ? s->pol[i].files[0] : "policy";
		if (i)
			printf("\n");
		if (sf_explain(stdout, &s->prog[i], s->arch, name, why, sizeof why))
			sf_fatal("--explain: %s: %s", name, why);
		explain_landlock(&s->pol[i].landlock);
	}
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}

int sf_mode_explain_bpf(const char *path, enum sf_arch arch)
{
	struct sf_prog prog;
	char why[512];

	if (sf_prog_read_raw(path, &prog, why, sizeof why))
		sf_fatal("--explain-bpf: %s", why);
	/* The kernel would refuse what this refuses: do not explain it. */
	if (sf_bpf_validate(&prog, why, sizeof why))
		sf_fatal("--explain-bpf: %s: not a valid seccomp program: %s", path, why);
	if (sf_explain(stdout, &prog, arch, path, why, sizeof why))
		sf_fatal("--explain-bpf: %s: %s", path, why);
	sf_prog_free(&prog);
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}
