/* --emit-oci and --emit-k8s: the stack as an OCI `linux.seccomp` object
 * (Docker's and Podman's profile files are the same JSON), or as a
 * Security Profiles Operator SeccompProfile holding the same fields.
 * Entries with the same answer and the same comparisons share one
 * `names` list. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher.h"
#include "oci_profile.h"

#define EPERM_VALUE 1

struct group {
	size_t first;	/* the entry whose answer and comparisons it has */
	size_t *member; /* entries, in order */
	size_t n, cap;
};

static int same_entry(const struct sf_oci_entry *a, const struct sf_oci_entry *b)
{
	if (a->action.kind != b->action.kind || a->action.data != b->action.data ||
	    a->nconds != b->nconds)
		return 0;
	for (unsigned i = 0; i < a->nconds; i++)
		if (a->cond[i].arg != b->cond[i].arg || a->cond[i].op != b->cond[i].op ||
		    a->cond[i].value != b->cond[i].value ||
		    a->cond[i].value_two != b->cond[i].value_two)
			return 0;
	return 1;
}

/* Groups of equal entries, in the order of their first entry. Quadratic,
 * with a shortcut for the common case of a run of unconditional calls. */
static struct group *group_entries(const struct sf_oci_profile *p, size_t *ngroups)
{
	struct group *g = calloc(p->n ? p->n : 1, sizeof *g);
	size_t n = 0;

	if (!g)
		sf_fatal("out of memory");
	for (size_t i = 0; i < p->n; i++) {
		size_t j;

		for (j = 0; j < n && !same_entry(&p->e[g[j].first], &p->e[i]); j++)
			;
		if (j == n)
			g[n++].first = i;
		if (g[j].n == g[j].cap) {
			size_t cap = g[j].cap ? 2 * g[j].cap : 8;
			size_t *m = realloc(g[j].member, cap * sizeof *m);

			if (!m)
				sf_fatal("out of memory");
			g[j].member = m;
			g[j].cap = cap;
		}
		/* One call's entries never repeat; a name is listed once. */
		if (!g[j].n || p->e[g[j].member[g[j].n - 1]].nr != p->e[i].nr)
			g[j].member[g[j].n++] = i;
	}
	*ngroups = n;
	return g;
}

static int has_ret(struct sf_action a)
{
	return a.kind == SF_ACT_ERRNO || a.kind == SF_ACT_TRACE;
}

static const char *name_of(const struct sf_oci_profile *p, int nr)
{
	return sf_syscall_by_nr(sf_arch_info(p->arch)->table, nr)->name;
}

static void write_json(FILE *f, const struct sf_oci_profile *p, const struct group *g, size_t ng)
{
	fprintf(f, "{\n\t\"defaultAction\": \"%s\",\n", sf_oci_action_name(p->default_action));
	if (has_ret(p->default_action))
		fprintf(f, "\t\"defaultErrnoRet\": %u,\n", p->default_action.data);
	fprintf(f, "\t\"architectures\": [\"%s\"],\n\t\"syscalls\": [", sf_oci_arch_name(p->arch));
	for (size_t i = 0; i < ng; i++) {
		const struct sf_oci_entry *e = &p->e[g[i].first];

		fprintf(f, "%s\n\t\t{\n\t\t\t\"names\": [", i ? "," : "");
		for (size_t j = 0; j < g[i].n; j++)
			fprintf(f, "%s\"%s\"", j ? ", " : "", name_of(p, p->e[g[i].member[j]].nr));
		fprintf(f, "],\n\t\t\t\"action\": \"%s\"", sf_oci_action_name(e->action));
		if (has_ret(e->action))
			fprintf(f, ",\n\t\t\t\"errnoRet\": %u", e->action.data);
		if (e->nconds) {
			fprintf(f, ",\n\t\t\t\"args\": [");
			for (unsigned k = 0; k < e->nconds; k++)
				fprintf(f,
					"%s\n\t\t\t\t{\"index\": %u, \"value\": %" PRIu64
					", \"valueTwo\": %" PRIu64 ", \"op\": \"%s\"}",
					k ? "," : "", e->cond[k].arg, e->cond[k].value,
					e->cond[k].value_two,
					sf_oci_op_name((enum sf_oci_op)e->cond[k].op));
			fprintf(f, "\n\t\t\t]");
		}
		fprintf(f, "\n\t\t}");
	}
	fprintf(f, "%s]\n}\n", ng ? "\n\t" : "");
}

/* A Kubernetes object name: lower-case letters, digits and '-'. */
static void k8s_name(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n = 0;

	base = base ? base + 1 : path;
	for (; *base && *base != '.' && n + 1 < size && n < 63; base++) {
		char ch = *base;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
			ch = '-';
		if (ch == '-' && (n == 0 || out[n - 1] == '-'))
			continue;
		out[n++] = ch;
	}
	while (n && out[n - 1] == '-')
		n--;
	if (!n)
		n = (size_t)snprintf(out, size, "sf-profile");
	out[n] = 0;
}

static void write_k8s(FILE *f, const struct sf_oci_profile *p, const struct group *g, size_t ng,
		      const char *name)
{
	fprintf(f,
		"apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n"
		"kind: SeccompProfile\n"
		"metadata:\n  name: %s\n"
		"spec:\n  defaultAction: %s\n  architectures:\n  - %s\n",
		name, sf_oci_action_name(p->default_action), sf_oci_arch_name(p->arch));
	if (!ng)
		return;
	fprintf(f, "  syscalls:\n");
	for (size_t i = 0; i < ng; i++) {
		const struct sf_oci_entry *e = &p->e[g[i].first];

		fprintf(f, "  - action: %s\n", sf_oci_action_name(e->action));
		if (has_ret(e->action))
			fprintf(f, "    errnoRet: %u\n", e->action.data);
		fprintf(f, "    names:\n");
		for (size_t j = 0; j < g[i].n; j++)
			fprintf(f, "    - %s\n", name_of(p, p->e[g[i].member[j]].nr));
		if (e->nconds)
			fprintf(f, "    args:\n");
		for (unsigned k = 0; k < e->nconds; k++)
			fprintf(f,
				"    - index: %u\n      value: %" PRIu64
				"\n      valueTwo: %" PRIu64 "\n      op: %s\n",
				e->cond[k].arg, e->cond[k].value, e->cond[k].value_two,
				sf_oci_op_name((enum sf_oci_op)e->cond[k].op));
	}
}

static const char *first_file(const struct sf_stack *s)
{
	return s->pol[0].nfiles ? s->pol[0].files[0] : "policy";
}

/* What a profile cannot carry, said before anything is written. */
static void check_actions(const struct sf_stack *s, const struct sf_oci_profile *p, int k8s)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->e[i].action.kind == SF_ACT_USER_NOTIF)
			fprintf(stderr,
				"sf: warning: %s answers %s with user-notify: the runtime needs a "
				"listenerPath for SCMP_ACT_NOTIFY, which sf does not write\n",
				first_file(s), name_of(p, p->e[i].nr));
	/* The SeccompProfile object has no defaultErrnoRet: the runtime's
	 * default errno for SCMP_ACT_ERRNO is EPERM. */
	if (k8s && p->default_action.kind == SF_ACT_ERRNO && p->default_action.data != EPERM_VALUE)
		sf_fatal("%s:%d: a SeccompProfile object has no defaultErrnoRet, so a default "
			 "errno other than EPERM cannot be written (--emit-oci can)",
			 first_file(s), s->pol[0].default_line);
	if (k8s && p->default_action.kind == SF_ACT_TRACE)
		sf_fatal("%s:%d: a SeccompProfile object has no defaultErrnoRet for a default "
			 "trace value (--emit-oci can)",
			 first_file(s), s->pol[0].default_line);
}

int sf_mode_emit_oci(const struct sf_stack *s, const char *out, int k8s, int approx)
{
	struct sf_oci_profile p;
	struct group *g;
	size_t ng;
	FILE *f;
	char name[64];

	sf_oci_profile_build(s, approx, &p);
	check_actions(s, &p, k8s);
	g = group_entries(&p, &ng);
	f = strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!f)
		sf_fatal("%s: %s", out, strerror(errno));
	if (k8s) {
		k8s_name(strcmp(out, "-") ? out : first_file(s), name, sizeof name);
		write_k8s(f, &p, g, ng, name);
	} else {
		write_json(f, &p, g, ng);
	}
	if (f == stdout ? fflush(f) : fclose(f))
		sf_fatal("%s: write failed: %s", out, strerror(errno));
	for (size_t i = 0; i < ng; i++)
		free(g[i].member);
	free(g);
	sf_oci_profile_free(&p);
	return 0;
}
