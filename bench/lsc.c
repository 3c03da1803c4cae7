#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "lsc.h"

#ifdef SF_BENCH_LIBSECCOMP

#include <errno.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_TERMS 256
#define MAX_LITS 6
#define MAX_DEPTH 64

struct bench_lsc {
	scmp_filter_ctx ctx;
};

/* An expression as OR-ed terms of AND-ed comparisons. */
struct term {
	unsigned n;
	struct scmp_arg_cmp c[MAX_LITS];
};

struct dnf {
	unsigned n;
	struct term t[MAX_TERMS];
};

static int single_bit(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* One comparison, negated or not, as libseccomp's; -1 if it has none. */
static int literal(const struct sf_node *n, int neg, struct scmp_arg_cmp *c)
{
	uint64_t width = SF_ARGTYPE_IS_64(n->argtype) ? ~(uint64_t)0 : 0xffffffffu;
	uint64_t v = n->value, outside = ~v & width;
	static const enum scmp_compare ops[][2] = {
	    [SF_CMP_EQ] = {SCMP_CMP_EQ, SCMP_CMP_NE}, [SF_CMP_NE] = {SCMP_CMP_NE, SCMP_CMP_EQ},
	    [SF_CMP_LT] = {SCMP_CMP_LT, SCMP_CMP_GE}, [SF_CMP_LE] = {SCMP_CMP_LE, SCMP_CMP_GT},
	    [SF_CMP_GT] = {SCMP_CMP_GT, SCMP_CMP_LE}, [SF_CMP_GE] = {SCMP_CMP_GE, SCMP_CMP_LT},
	};

	memset(c, 0, sizeof(*c));
	c->arg = n->arg;
	if (n->mask != width) {
		/* (arg & mask) == v, or its negation written as !=. */
		if ((n->op == SF_CMP_EQ && !neg) || (n->op == SF_CMP_NE && neg)) {
			c->op = SCMP_CMP_MASKED_EQ;
			c->datum_a = n->mask;
			c->datum_b = v;
			return 0;
		}
		return -1;
	}
	switch (n->op) {
	case SF_CMP_ANY: /* arg & v: some bit of v set */
		if (!neg && !single_bit(v))
			return -1;
		c->op = SCMP_CMP_MASKED_EQ;
		c->datum_a = v;
		c->datum_b = neg ? 0 : v;
		return 0;
	case SF_CMP_IN: /* no bit outside v set */
		if (neg && !single_bit(outside))
			return -1;
		c->op = SCMP_CMP_MASKED_EQ;
		c->datum_a = outside;
		c->datum_b = neg ? outside : 0;
		return 0;
	default:
		if (SF_ARGTYPE_IS_SIGNED(n->argtype) && n->op != SF_CMP_EQ && n->op != SF_CMP_NE)
			return -1; /* libseccomp orders unsigned only */
		c->op = ops[n->op][neg];
		c->datum_a = v;
		return 0;
	}
}

static int to_dnf(const struct sf_policy *p, int node, int neg, int depth, struct dnf *out)
{
	const struct sf_node *n = &p->nodes[node];
	struct dnf *l, *r;
	int either, rc = -1;

	if (depth > MAX_DEPTH)
		return -1;
	if (n->kind == SF_NODE_CMP) {
		out->n = 1;
		out->t[0].n = 1;
		return literal(n, neg, &out->t[0].c[0]);
	}
	if (n->kind == SF_NODE_NOT)
		return to_dnf(p, n->left, !neg, depth + 1, out);
	either = (n->kind == SF_NODE_OR) != neg; /* De Morgan */
	l = malloc(sizeof(*l));
	r = malloc(sizeof(*r));
	if (!l || !r || to_dnf(p, n->left, neg, depth + 1, l) ||
	    to_dnf(p, n->right, neg, depth + 1, r))
		goto out;
	out->n = 0;
	if (either) {
		if (l->n + r->n > MAX_TERMS)
			goto out;
		memcpy(out->t, l->t, l->n * sizeof(l->t[0]));
		memcpy(out->t + l->n, r->t, r->n * sizeof(r->t[0]));
		out->n = l->n + r->n;
	} else {
		if (l->n * r->n > MAX_TERMS)
			goto out;
		for (unsigned i = 0; i < l->n; i++) {
			for (unsigned j = 0; j < r->n; j++) {
				struct term *t = &out->t[out->n++];
				if (l->t[i].n + r->t[j].n > MAX_LITS)
					goto out;
				*t = l->t[i];
				memcpy(t->c + t->n, r->t[j].c, r->t[j].n * sizeof(t->c[0]));
				t->n += r->t[j].n;
			}
		}
	}
	rc = 0;
out:
	free(l);
	free(r);
	return rc;
}

static uint32_t ret_of(struct sf_action a)
{
	/* SCMP_ACT_* values are the kernel's SECCOMP_RET_* ones. */
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};

	return sf_action_ret(a, &opts, 0);
}

static int add_rule(struct bench_lsc *l, const struct sf_policy *p, const struct sf_rule *r,
		    uint32_t def, char *why, size_t size)
{
	uint32_t t = ret_of(r->on_true), f = ret_of(r->on_false);
	struct dnf *d;
	int rc = 0;

	if (r->expr < 0 || t == f) {
		if (t == def) /* libseccomp refuses a rule that says the default */
			return 0;
		rc = seccomp_rule_add_array(l->ctx, t, r->nr, 0, NULL);
		if (rc)
			snprintf(why, size, "syscall %d: seccomp_rule_add: %s", r->nr,
				 strerror(-rc));
		return rc ? -1 : 0;
	}
	if (f != def && t != def) {
		snprintf(why, size, "syscall %d: two actions besides the default", r->nr);
		return -1;
	}
	d = malloc(sizeof(*d));
	if (!d || to_dnf(p, r->expr, t == def, 0, d)) {
		free(d);
		snprintf(why, size, "syscall %d: condition beyond libseccomp's comparisons", r->nr);
		return -1;
	}
	for (unsigned i = 0; i < d->n && !rc; i++)
		rc = seccomp_rule_add_array(l->ctx, t == def ? f : t, r->nr, d->t[i].n, d->t[i].c);
	if (rc)
		snprintf(why, size, "syscall %d: seccomp_rule_add: %s", r->nr, strerror(-rc));
	free(d);
	return rc ? -1 : 0;
}

int bench_lsc_available(void)
{
	return 1;
}

const char *bench_lsc_name(void)
{
	static char name[64];
	const struct scmp_version *v = seccomp_version();

	snprintf(name, sizeof name, "libseccomp %u.%u.%u", v->major, v->minor, v->micro);
	return name;
}

struct bench_lsc *bench_lsc_build(const struct sf_policy *p, char *why, size_t size)
{
	struct bench_lsc *l = calloc(1, sizeof(*l));
	uint32_t def = ret_of(p->default_action);

	if (!l)
		return NULL;
	l->ctx = seccomp_init(def);
	if (!l->ctx || seccomp_attr_set(l->ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) ||
	    seccomp_attr_set(l->ctx, SCMP_FLTATR_CTL_SSB, 1) ||
	    seccomp_attr_set(l->ctx, SCMP_FLTATR_CTL_TSYNC, 1)) {
		snprintf(why, size, "cannot set up a libseccomp context");
		bench_lsc_free(l);
		return NULL;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		if (add_rule(l, p, &p->rules[i], def, why, size)) {
			bench_lsc_free(l);
			return NULL;
		}
	}
	return l;
}

int bench_lsc_export(struct bench_lsc *l, struct sf_prog *out)
{
	int fd = memfd_create("lsc-bpf", MFD_CLOEXEC);
	off_t len;
	ssize_t got;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return -1;
	if (seccomp_export_bpf(l->ctx, fd) || (len = lseek(fd, 0, SEEK_END)) <= 0) {
		close(fd);
		return -1;
	}
	out->insns = malloc((size_t)len);
	got = out->insns ? pread(fd, out->insns, (size_t)len, 0) : -1;
	close(fd);
	if (got != len) {
		free(out->insns);
		out->insns = NULL;
		return -1;
	}
	out->len = (size_t)len / sizeof(struct sock_filter);
	return 0;
}

int bench_lsc_load(struct bench_lsc *l)
{
	return seccomp_load(l->ctx) ? -1 : 0;
}

void bench_lsc_free(struct bench_lsc *l)
{
	if (!l)
		return;
	if (l->ctx)
		seccomp_release(l->ctx);
	free(l);
}

#else /* !SF_BENCH_LIBSECCOMP */

int bench_lsc_available(void)
{
	return 0;
}

const char *bench_lsc_name(void)
{
	return "libseccomp (not built: no <seccomp.h>)";
}

struct bench_lsc *bench_lsc_build(const struct sf_policy *p, char *why, size_t size)
{
	(void)p;
	snprintf(why, size, "built without libseccomp");
	return NULL;
}

int bench_lsc_export(struct bench_lsc *l, struct sf_prog *out)
{
	(void)l;
	memset(out, 0, sizeof(*out));
	return -1;
}

int bench_lsc_load(struct bench_lsc *l)
{
	(void)l;
	return -1;
}

void bench_lsc_free(struct bench_lsc *l)
{
	(void)l;
}

#endif
