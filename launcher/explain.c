/* --explain: for each syscall number class of the arch (every number of
 * its table, and the ranges between the constants the program compares
 * the number with), every path through the program; then the policy that
 * gives the same answers: a default for the numbers outside the table,
 * default-unknown for those past it, and one rule per syscall whose
 * outcome differs from the default. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "explain.h"
#include "explain_int.h"
#include "parse.h"
#include "policy.h"
#include "sort.h"

#define MAX_NUMBER_RULES 2048
/* No syscall has a number from here up on any arch sf knows (on x86_64
 * it is the x32 bit): these numbers do not decide default-unknown, and
 * where they would need more rules than MAX_NUMBER_RULES their answer is
 * approximated by default-unknown, in a note. */
#define HIGH_FIRST 0x40000000u
#define MAX_APPROX 4

/* A class of numbers [first, end) with one behaviour. */
struct cls {
	uint64_t first, end;
	const struct sf_syscall *sc; /* a table syscall (end == first + 1) */
	struct sf_paths paths;
	int uniform; /* every path returns paths.p[0].ret */
};

struct explainer {
	FILE *out;
	enum sf_arch arch;
	const struct sf_arch_info *ai;
	struct cls *cls;
	size_t ncls;
	unsigned assumed;
	int lossy_action; /* an action the language cannot carry exactly */
	int lossy_rule;	  /* more outcomes than one rule can give */
	/* Numbers past HIGH_FIRST answered as default-unknown instead. */
	struct approx {
		uint64_t first, end;
		uint32_t ret;
		int uniform;
	} approx[MAX_APPROX];
	size_t napprox, approx_more;
	const int *implicit; /* allowed without a rule (sf_policy_implicit) */
	size_t nimplicit;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The action a SECCOMP_RET_* value means, as the language writes it. */
static void action_text(struct explainer *ex, uint32_t ret, char *buf, size_t size)
{
	struct sf_action a = {SF_ACT_KILL_PROCESS, 0};
	uint32_t data = ret & SECCOMP_RET_DATA;

	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		break;
	case SECCOMP_RET_KILL_THREAD:
		a.kind = SF_ACT_KILL_THREAD;
		break;
	case SECCOMP_RET_TRAP:
		a.kind = SF_ACT_TRAP;
		ex->lossy_action |= data != 0;
		break;
	case SECCOMP_RET_ERRNO:
		a.kind = SF_ACT_ERRNO;
		a.data = (uint16_t)(data > 4095 ? 4095 : data);
		ex->lossy_action |= data > 4095;
		break;
	case SECCOMP_RET_USER_NOTIF:
		a.kind = SF_ACT_USER_NOTIF;
		break;
	case SECCOMP_RET_TRACE:
		a.kind = SF_ACT_TRACE;
		a.data = (uint16_t)data;
		break;
	case SECCOMP_RET_LOG:
		a.kind = SF_ACT_LOG;
		break;
	case SECCOMP_RET_ALLOW:
		a.kind = SF_ACT_ALLOW;
		break;
	default:
		ex->lossy_action = 1; /* the kernel kills on an unknown action */
		break;
	}
	sf_action_format(a, buf, size);
}

static void signature(const struct explainer *ex, const struct sf_syscall *sc,
		      struct sf_ex_sig *sig)
{
	if (sc) {
		sig->nargs = sc->nargs;
		for (int i = 0; i < sc->nargs; i++)
			sig->type[i] = sc->args[i].type;
		return;
	}
	sig->nargs = 6;
	for (int i = 0; i < 6; i++)
		sig->type[i] = ex->ai->is_64bit ? SF_ARG_U64 : SF_ARG_U32;
}

static int in_x32(const struct explainer *ex, uint64_t nr)
{
	return nr >= ex->ai->x32_first && nr < ex->ai->x32_end;
}

static int is_implicit(const struct explainer *ex, const struct cls *c)
{
	for (size_t i = 0; i < ex->nimplicit; i++)
		if (c->sc && ex->implicit[i] == c->sc->nr)
			return 1;
	return 0;
}

/* What a class gets without a rule of its own: the calls sf allows
 * without a rule need one wherever the program does not allow them. */
static uint32_t expected(const struct explainer *ex, const struct cls *c, uint32_t def,
			 uint32_t unk, uint64_t unknown_first)
{
	if (is_implicit(ex, c))
		return SECCOMP_RET_ALLOW;
	return c->first >= unknown_first ? unk : def;
}

/* Keeps a class past HIGH_FIRST for the note that says it is
 * approximated; neighbours with the same answer are joined. */
static void approximate(struct explainer *ex, const struct cls *c)
{
	struct approx *last = ex->napprox ? &ex->approx[ex->napprox - 1] : NULL;
	struct approx a = {c->first, c->end, c->paths.p[0].ret, c->uniform};

	if (last && last->end == a.first && last->uniform && a.uniform && last->ret == a.ret) {
		last->end = a.end;
		return;
	}
	if (ex->napprox == MAX_APPROX) {
		ex->approx_more++;
		return;
	}
	ex->approx[ex->napprox++] = a;
}

/* Splits the numbers into classes and runs each one. */
static int classify(struct explainer *ex, const struct sf_prog *prog, char *why, size_t size)
{
	const struct sf_syscall_table *t = ex->ai->table;
	size_t nb = 0, cap = 2 * prog->len + 2 * t->count + 8;
	uint64_t *b = malloc(cap * sizeof(*b));

	if (!b) {
		snprintf(why, size, "out of memory");
		return -1;
	}
	b[nb++] = 0;
	b[nb++] = 0x100000000ull;
	b[nb++] = t->count ? (uint64_t)(uint32_t)t->calls[t->count - 1].nr + 1 : 0;
	b[nb++] = ex->ai->x32_first;
	b[nb++] = ex->ai->x32_end;
	for (size_t i = 0; i < t->count; i++) {
		b[nb++] = (uint32_t)t->calls[i].nr;
		b[nb++] = (uint64_t)(uint32_t)t->calls[i].nr + 1;
	}
	for (size_t i = 0; i < prog->len; i++) {
		if (BPF_CLASS(prog->insns[i].code) != BPF_JMP)
			continue;
		b[nb++] = prog->insns[i].k;
		b[nb++] = (uint64_t)prog->insns[i].k + 1;
	}
	sf_sort(b, nb, sizeof(*b), cmp_u64);
	ex->cls = calloc(nb, sizeof(*ex->cls));
	if (!ex->cls) {
		free(b);
		snprintf(why, size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i + 1 < nb; i++) {
		struct cls *c;
		struct sf_ex_sig sig;
		if (b[i] == b[i + 1] || b[i] >= 0x100000000ull || in_x32(ex, b[i]))
			continue;
		c = &ex->cls[ex->ncls++];
		c->first = b[i];
		c->end = b[i + 1];
		c->sc = sf_syscall_by_nr(t, (int)(uint32_t)c->first);
		signature(ex, c->sc, &sig);
		if (sf_explain_paths(prog, ex->ai->audit_arch, (uint32_t)c->first, &sig,
				     &c->paths)) {
			snprintf(why, size, "the program %s (instruction %zu)", c->paths.error,
				 c->paths.error_pc);
			free(b);
			return -1;
		}
		ex->assumed |= c->paths.assumed;
		c->uniform = 1;
		for (size_t k = 1; k < c->paths.n; k++)
			if (c->paths.p[k].ret != c->paths.p[0].ret)
				c->uniform = 0;
	}
	free(b);
	return 0;
}

/* The unconditional answer given to the most numbers of [lo, hi) outside
 * the table; *found 0 when there are none. */
static uint32_t most_common(const struct explainer *ex, uint64_t lo, uint64_t hi, int *found)
{
	uint32_t best = SECCOMP_RET_KILL_PROCESS;
	uint64_t best_n = 0;

	*found = 0;
	for (size_t i = 0; i < ex->ncls; i++) {
		const struct cls *c = &ex->cls[i];
		uint64_t n = 0;
		if (c->sc || !c->uniform || c->first < lo || c->first >= hi)
			continue;
		for (size_t j = 0; j < ex->ncls; j++) {
			const struct cls *d = &ex->cls[j];
			if (!d->sc && d->uniform && d->first >= lo && d->first < hi &&
			    d->paths.p[0].ret == c->paths.p[0].ret)
				n += d->end - d->first;
		}
		if (n > best_n) {
			best_n = n;
			best = c->paths.p[0].ret;
			*found = 1;
		}
	}
	return best;
}

static void rule_name(const struct cls *c, char *buf, size_t size)
{
	if (c->sc)
		snprintf(buf, size, "%s", c->sc->name);
	else
		snprintf(buf, size, "%" PRIu64, c->first);
}

static size_t conds_of(const struct sf_paths *ps, int allow)
{
	size_t n = 0;

	for (size_t i = 0; i < ps->n; i++)
		if ((ps->p[i].ret == SECCOMP_RET_ALLOW) == allow)
			n += (size_t)ps->p[i].n;
	return n;
}

/* One test of a path, as it held (sense 1) or its negation. */
static void put_cond(FILE *out, const struct cls *c, const struct sf_ex_sig *sig,
		     const struct sf_wcond *w, int sense)
{
	uint32_t rel = w->off - (uint32_t)offsetof(struct seccomp_data, args);
	int arg = (int)(rel / 8);
	enum sf_const_domain dom = SF_DOM_NONE;
	char name[32];

	/* The kernel's names win over positional ones (prctl's arg2 is its
	 * second argument), so the table's name is always the one. */
	if (c->sc) {
		snprintf(name, sizeof name, "%s", c->sc->args[arg].name);
		dom = sf_const_domain(c->sc->name, name);
		/* The descriptors report lines write AT_FDCWD for. */
		if (dom == SF_DOM_NONE && (!strcmp(name, "dfd") || !strcmp(name, "olddfd") ||
					   !strcmp(name, "newdfd") || !strcmp(name, "fd")))
			dom = SF_DOM_DIRFD;
	} else {
		snprintf(name, sizeof name, "arg%d", arg);
	}
	sf_wcond_text(out, w, sense, name, sig->type[arg], dom);
}

/* A test that an equality of the same path decides as the path says: not
 * written. Of two equalities that decide each other, the first stays. One
 * decided against the path is written: the path is then one no input
 * takes, and its tests together say so. */
static int implied(const struct sf_path *p, int k)
{
	const struct sf_wcond *w = &p->c[k];

	for (int j = 0; j < p->n; j++) {
		const struct sf_wcond *o = &p->c[j];
		if (j == k || sf_wcond_decides(o, w) != w->sense)
			continue;
		if (j > k && sf_wcond_decides(w, o) >= 0)
			continue;
		return 1;
	}
	return 0;
}

/* The tests of a path that are written. */
static int written(const struct sf_path *p)
{
	int n = 0;

	for (int k = 0; k < p->n; k++)
		n += !implied(p, k);
	return n;
}

static int path_allows(const struct sf_path *p)
{
	return p->ret == SECCOMP_RET_ALLOW;
}

/* The paths whose ret is (or is not) ALLOW, as an OR of ANDs. */
static void put_paths(FILE *out, const struct cls *c, const struct sf_ex_sig *sig, int allow)
{
	const struct sf_paths *ps = &c->paths;
	size_t np = 0;
	int first = 1;

	for (size_t i = 0; i < ps->n; i++)
		np += path_allows(&ps->p[i]) == allow;
	for (size_t i = 0; i < ps->n; i++) {
		const struct sf_path *p = &ps->p[i];
		int paren = np > 1 && written(p) > 1, any = 0;
		if (path_allows(p) != allow)
			continue;
		fputs(first ? "" : " || ", out);
		fputs(paren ? "(" : "", out);
		first = 0;
		for (int k = 0; k < p->n; k++) {
			if (implied(p, k))
				continue;
			fputs(any++ ? " && " : "", out);
			put_cond(out, c, sig, &p->c[k], p->c[k].sense);
		}
		fputs(paren ? ")" : "", out);
	}
}

/* That no path whose ret is not ALLOW holds: the negated tests of a
 * single path ORed, or of single-test paths ANDed, else !(...). */
static void put_not_denied(FILE *out, const struct cls *c, const struct sf_ex_sig *sig)
{
	const struct sf_paths *ps = &c->paths;
	size_t nd = 0, single = 0;
	const char *sep = NULL;

	for (size_t i = 0; i < ps->n; i++) {
		if (path_allows(&ps->p[i]))
			continue;
		nd++;
		single += written(&ps->p[i]) == 1;
	}
	if (nd == 1)
		sep = " || ";
	else if (single == nd)
		sep = " && ";
	if (!sep) {
		fputs("!(", out);
		put_paths(out, c, sig, 0);
		fputs(")", out);
		return;
	}
	for (size_t i = 0, k = 0; i < ps->n; i++) {
		const struct sf_path *p = &ps->p[i];
		if (path_allows(p))
			continue;
		for (int j = 0; j < p->n; j++) {
			if (implied(p, j))
				continue;
			fputs(k++ ? sep : "", out);
			put_cond(out, c, sig, &p->c[j], !p->c[j].sense);
		}
	}
}

/* The paths [lo, hi) share their first d tests; each either ends there
 * (then it is alone) or goes on with test d, the paths where it held
 * first. Whether they allow, as the tree of tests they make: each test
 * written once or twice, where the OR of paths repeats a test on every
 * path through it (which a program of sf's own, whose ORs and ANDs
 * share their operands, can have thousands of). A test may have one side
 * only, where the other led nowhere. */
static void put_tree(FILE *out, const struct cls *c, const struct sf_ex_sig *sig, size_t lo,
		     size_t hi, int d)
{
	const struct sf_path *p = c->paths.p;
	const struct sf_wcond *w = &p[lo].c[d];
	size_t mid = lo, nt[2] = {0, 0}, nf[2] = {0, 0};
	int tall, tnone, fall, fnone;

	while (mid < hi && p[mid].c[d].sense)
		mid++;
	for (size_t i = lo; i < hi; i++) {
		size_t *n = i < mid ? nt : nf;
		n[path_allows(&p[i])]++;
	}
	/* A side without paths (every input there was found impossible
	 * below this test) allows nothing, as in the OR of paths. */
	tall = nt[1] && !nt[0];
	tnone = !nt[1];
	fall = nf[1] && !nf[0];
	fnone = !nf[1];
	if (tall && fnone) {
		put_cond(out, c, sig, w, 1);
	} else if (tnone && fall) {
		put_cond(out, c, sig, w, 0);
	} else if (tall || tnone) {
		/* c || F, !c && F */
		put_cond(out, c, sig, w, tall);
		fputs(tall ? " || (" : " && (", out);
		put_tree(out, c, sig, mid, hi, d + 1);
		fputs(")", out);
	} else if (fall || fnone) {
		/* !c || T, c && T */
		put_cond(out, c, sig, w, fnone);
		fputs(fall ? " || (" : " && (", out);
		put_tree(out, c, sig, lo, mid, d + 1);
		fputs(")", out);
	} else {
		fputs("(", out);
		put_cond(out, c, sig, w, 1);
		fputs(" && (", out);
		put_tree(out, c, sig, lo, mid, d + 1);
		fputs(")) || (", out);
		put_cond(out, c, sig, w, 0);
		fputs(" && (", out);
		put_tree(out, c, sig, mid, hi, d + 1);
		fputs("))", out);
	}
}

/* Writes the shorter of the OR of paths and the tree of tests. */
static void put_allowed(FILE *out, const struct cls *c, const struct sf_ex_sig *sig)
{
	const struct sf_paths *ps = &c->paths;
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	FILE *fa = open_memstream(&a, &alen), *fb = open_memstream(&b, &blen);

	if (fa && fb) {
		if (conds_of(ps, 1) <= conds_of(ps, 0))
			put_paths(fa, c, sig, 1);
		else
			put_not_denied(fa, c, sig);
		put_tree(fb, c, sig, 0, ps->n, 0);
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	if (a && b)
		fputs(alen <= blen ? a : b, out);
	else
		fputs("(out of memory)", out); /* fails to compile, never allows more */
	free(a);
	free(b);
}

/* A rule with conditions: allowed when the allowing paths hold, else the
 * one other outcome. */
static void put_conditional(struct explainer *ex, const struct cls *c)
{
	const struct sf_paths *ps = &c->paths;
	struct sf_ex_sig sig;
	uint32_t other = 0;
	size_t best = 0, nallow = 0;
	char name[64], act[64];

	signature(ex, c->sc, &sig);
	rule_name(c, name, sizeof name);
	/* The most frequent non-allow outcome stands for all of them. */
	for (size_t i = 0; i < ps->n; i++) {
		size_t n = 0;
		if (ps->p[i].ret == SECCOMP_RET_ALLOW) {
			nallow++;
			continue;
		}
		for (size_t j = 0; j < ps->n; j++)
			n += ps->p[j].ret == ps->p[i].ret;
		if (n > best) {
			best = n;
			other = ps->p[i].ret;
		}
	}
	for (size_t i = 0; i < ps->n; i++)
		if (ps->p[i].ret != SECCOMP_RET_ALLOW && ps->p[i].ret != other)
			ex->lossy_rule = 1;
	if (!nallow) {
		/* Outcomes differ but none allows: the language's conditional
		 * rules always allow on one side. */
		ex->lossy_rule = 1;
		action_text(ex, other, act, sizeof act);
		fprintf(ex->out, "%s: %s\n", name, act);
		return;
	}
	action_text(ex, other, act, sizeof act);
	fprintf(ex->out, "%s: ", name);
	put_allowed(ex->out, c, &sig);
	fprintf(ex->out, "; %s\n", act);
}

static int cmp_name(const void *a, const void *b)
{
	const struct cls *x = *(const struct cls *const *)a, *y = *(const struct cls *const *)b;

	return strcmp(x->sc->name, y->sc->name);
}

/* A table syscall answered the same whatever its arguments needs a rule
 * where it differs from the default, or is one sf allows without a rule
 * and not allowed. */
static int needs_rule(const struct explainer *ex, const struct cls *c, uint32_t def)
{
	return c->paths.p[0].ret != (is_implicit(ex, c) ? SECCOMP_RET_ALLOW : def);
}

/* Unconditional rules, one statement per action, names sorted. */
static int put_unconditional(struct explainer *ex, uint32_t def)
{
	const struct cls **list = malloc((ex->ncls + 1) * sizeof(*list));
	uint32_t done[64];
	size_t ndone = 0;

	if (!list)
		return -1;
	for (size_t i = 0; i < ex->ncls; i++) {
		const struct cls *c = &ex->cls[i];
		uint32_t ret;
		size_t n = 0, k;
		char act[64];
		if (!c->sc || !c->uniform || !needs_rule(ex, c, def))
			continue;
		ret = c->paths.p[0].ret;
		for (k = 0; k < ndone && done[k] != ret; k++)
			;
		if (k < ndone || ndone == 64)
			continue;
		done[ndone++] = ret;
		for (size_t j = i; j < ex->ncls; j++) {
			const struct cls *d = &ex->cls[j];
			if (d->sc && d->uniform && d->paths.p[0].ret == ret &&
			    needs_rule(ex, d, def))
				list[n++] = d;
		}
		sf_sort(list, n, sizeof(*list), cmp_name);
		action_text(ex, ret, act, sizeof act);
		for (k = 0; k < n; k++)
			fprintf(ex->out, "%s%s",
				k == 0	? ""
				: k % 6 ? ", "
					: ", \\\n\t",
				list[k]->sc->name);
		fprintf(ex->out, ": %s\n", act);
	}
	free(list);
	return 0;
}

/* Whether the program kills the calls of the other arches sf knows and of
 * a made-up one, as sf does (a few numbers each: a filter for several
 * arches answers their calls by its rules). */
static int kills_foreign(const struct explainer *ex, const struct sf_prog *prog)
{
	uint32_t arches[SF_ARCH_COUNT + 1];
	size_t n = 0;
	struct seccomp_data sd;

	for (int a = 0; a < SF_ARCH_COUNT; a++)
		if (sf_arch_info((enum sf_arch)a)->audit_arch != ex->ai->audit_arch)
			arches[n++] = sf_arch_info((enum sf_arch)a)->audit_arch;
	arches[n++] = ex->ai->audit_arch ^ 1;
	memset(&sd, 0, sizeof(sd));
	for (size_t i = 0; i < n; i++) {
		sd.arch = arches[i];
		for (int nr = 0; nr < 512; nr++) {
			sd.nr = nr;
			if (sf_bpf_run(prog, &sd, NULL) != SECCOMP_RET_KILL_PROCESS)
				return 0;
		}
	}
	return 1;
}

static void put_notes(struct explainer *ex, const struct sf_prog *prog)
{
	struct seccomp_data sd;

	if (!kills_foreign(ex, prog))
		fprintf(ex->out,
			"# note: the program does not kill other architectures; sf does\n");
	memset(&sd, 0, sizeof(sd));
	if (ex->ai->x32_end > ex->ai->x32_first) {
		sd.arch = ex->ai->audit_arch;
		sd.nr = (int)ex->ai->x32_first;
		if (sf_bpf_run(prog, &sd, NULL) != SECCOMP_RET_KILL_PROCESS)
			fprintf(ex->out,
				"# note: the program does not kill x32 numbers; sf does\n");
	}
	if (ex->assumed & SF_EX_ASSUMED_HI32)
		fprintf(ex->out, "# note: tests on the upper half of 32-bit arguments were taken "
				 "for a zero upper half (sf compares such arguments on 32 bits)\n");
	if (ex->assumed & SF_EX_ASSUMED_IP)
		fprintf(ex->out, "# note: tests on instruction_pointer were taken for 0\n");
	if (ex->assumed & SF_EX_ASSUMED_NOARG)
		fprintf(ex->out, "# note: tests on arguments a syscall does not take were taken "
				 "for 0\n");
	if (ex->lossy_action)
		fprintf(ex->out, "# note: some return values (trap data, errno above 4095, "
				 "unknown actions) are approximated\n");
	if (ex->lossy_rule)
		fprintf(ex->out, "# note: where a syscall has more than allow and one other "
				 "outcome, the most frequent other one stands for all\n");
	for (size_t i = 0; i < ex->napprox; i++) {
		const struct approx *a = &ex->approx[i];
		char act[64];

		if (i == 0)
			fprintf(ex->out,
				"# note: numbers from 0x%x up, which no syscall has, get "
				"default-unknown here; the program gives\n",
				HIGH_FIRST);
		action_text(ex, a->ret, act, sizeof act);
		fprintf(ex->out, "#   0x%" PRIx64 "-0x%" PRIx64 ": %s%s\n", a->first, a->end - 1,
			a->uniform ? "" : "depending on the arguments, ", act);
	}
	if (ex->approx_more)
		fprintf(ex->out, "#   and %zu more ranges\n", ex->approx_more);
}

/* Whether the text compiles; when not, a note says why: the rules are
 * exact, but a condition written out can be longer than the program it
 * came from (whose tests share their operands), past the kernel's limit. */
static void put_compiles(FILE *out, enum sf_arch arch, const char *head, const char *rules)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_policy p;
	struct sf_prog prog = {NULL, 0};
	struct sf_error err;
	size_t hl = strlen(head), rl = strlen(rules);
	char *text = malloc(hl + rl + 1);

	if (!text)
		return;
	memcpy(text, head, hl);
	memcpy(text + hl, rules, rl + 1);
	sf_policy_init(&p, arch);
	if (sf_parse_text(&p, "explained", text, hl + rl, &err) || sf_parse_finish(&p, &err) ||
	    sf_compile(&p, &opts, &prog, &err)) {
		fprintf(out, "# note: this text does not compile: ");
		for (const char *c = err.msg; *c; c++)
			fputc(*c == '\n' ? ' ' : *c, out);
		fputc('\n', out);
	}
	sf_prog_free(&prog);
	sf_policy_free(&p);
	free(text);
}

int sf_explain(FILE *out, const struct sf_prog *prog, enum sf_arch arch, const char *source,
	       char *why, size_t size)
{
	char head[160];
	struct explainer ex;
	uint64_t unknown_first;
	uint32_t def, unk;
	size_t exceptions = 0;
	uint64_t low = 0, high = 0;
	int found_def, found_unk, r = -1;
	char act[64];
	FILE *rules;
	char *text = NULL;
	size_t text_len = 0;

	memset(&ex, 0, sizeof(ex));
	ex.arch = arch;
	ex.ai = sf_arch_info(arch);
	if (!prog->len) {
		snprintf(why, size, "empty program");
		return -1;
	}
	if (classify(&ex, prog, why, size))
		goto out;
	unknown_first =
	    ex.ai->table->count
		? (uint64_t)(uint32_t)ex.ai->table->calls[ex.ai->table->count - 1].nr + 1
		: 0;
	ex.nimplicit = sf_policy_implicit(arch, &ex.implicit);
	unk = most_common(&ex, unknown_first, HIGH_FIRST, &found_unk);
	if (!found_unk)
		unk = most_common(&ex, unknown_first, 0x100000000ull, &found_unk);
	def = most_common(&ex, 0, unknown_first, &found_def);
	if (!found_def)
		def = unk;
	if (!found_unk)
		unk = def;

	/* Numbers past the table that need a rule each, below HIGH_FIRST and
	 * from there: if the second do not fit, none of them gets one. */
	for (size_t i = 0; i < ex.ncls; i++) {
		const struct cls *c = &ex.cls[i];
		if (c->sc ||
		    (c->uniform && c->paths.p[0].ret == expected(&ex, c, def, unk, unknown_first)))
			continue;
		if (c->first >= HIGH_FIRST)
			high += c->end - c->first;
		else
			low += c->end - c->first;
	}

	/* The rules go to a buffer first: writing them settles the notes. */
	rules = open_memstream(&text, &text_len);
	if (!rules) {
		snprintf(why, size, "out of memory");
		goto out;
	}
	ex.out = rules;
	if (put_unconditional(&ex, def)) {
		fclose(rules);
		snprintf(why, size, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ex.ncls; i++) {
		const struct cls *c = &ex.cls[i];
		uint32_t expect = expected(&ex, c, def, unk, unknown_first);
		if (c->sc && c->uniform)
			continue;
		if (c->uniform && c->paths.p[0].ret == expect)
			continue;
		if (!c->sc && c->first >= HIGH_FIRST && high > MAX_NUMBER_RULES - low) {
			approximate(&ex, c);
			continue;
		}
		if (!c->sc) {
			exceptions += c->end - c->first;
			if (exceptions > MAX_NUMBER_RULES) {
				fclose(rules);
				snprintf(why, size,
					 "more than %d syscall numbers outside the %s table have "
					 "outcomes of their own",
					 MAX_NUMBER_RULES, ex.ai->name);
				goto out;
			}
		}
		for (uint64_t nr = c->first; nr < c->end; nr++) {
			struct cls one = *c;
			one.first = nr;
			if (c->uniform) {
				char name[64];
				rule_name(&one, name, sizeof name);
				action_text(&ex, c->paths.p[0].ret, act, sizeof act);
				fprintf(rules, "%s: %s\n", name, act);
			} else {
				put_conditional(&ex, &one);
			}
		}
	}
	if (fclose(rules)) {
		snprintf(why, size, "out of memory");
		goto out;
	}
	ex.out = out;
	/* The source on one line: a newline would end the comment. */
	fprintf(out, "# sf policy explained from ");
	for (const char *c = source; *c; c++)
		fputc(*c == '\n' || *c == '\r' ? ' ' : *c, out);
	fprintf(out, " by sf-run --explain (%s, %zu instructions)\n", ex.ai->name, prog->len);
	put_notes(&ex, prog);
	action_text(&ex, def, act, sizeof act);
	snprintf(head, sizeof head, "default: %s\n", act);
	if (unk != def) {
		action_text(&ex, unk, act, sizeof act);
		snprintf(head + strlen(head), sizeof head - strlen(head), "default-unknown: %s\n",
			 act);
	}
	put_compiles(out, arch, head, text ? text : "");
	fputs(head, out);
	fwrite(text, 1, text_len, out);
	r = ferror(out) ? -1 : 0;
	if (r)
		snprintf(why, size, "write failed: %s", strerror(errno));
out:
	free(text);
	for (size_t i = 0; i < ex.ncls; i++)
		sf_paths_free(&ex.cls[i].paths);
	free(ex.cls);
	return r;
}

int sf_prog_read_raw(const char *path, struct sf_prog *out, char *why, size_t size)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	unsigned char b[8];
	size_t n = 0, cap = 0, got;

	memset(out, 0, sizeof(*out));
	if (!f) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((got = fread(b, 1, sizeof b, f)) == sizeof b) {
		if (n == SF_BPF_MAX_INSNS) {
			snprintf(why, size, "%s: more than %d instructions", path,
				 SF_BPF_MAX_INSNS);
			goto fail;
		}
		if (n == cap) {
			struct sock_filter *p;
			cap = cap ? cap * 2 : 64;
			p = realloc(out->insns, cap * sizeof(*p));
			if (!p) {
				snprintf(why, size, "out of memory");
				goto fail;
			}
			out->insns = p;
		}
		out->insns[n].code = (uint16_t)(b[0] | b[1] << 8);
		out->insns[n].jt = b[2];
		out->insns[n].jf = b[3];
		out->insns[n].k = (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 |
				  (uint32_t)b[7] << 24;
		n++;
		out->len = n;
	}
	if (got || ferror(f)) {
		snprintf(why, size, "%s: %s", path,
			 got ? "size is not a multiple of 8 (struct sock_filter)" : "read error");
		goto fail;
	}
	if (!n) {
		snprintf(why, size, "%s: empty program", path);
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	return 0;
fail:
	if (f != stdin)
		fclose(f);
	sf_prog_free(out);
	return -1;
}
