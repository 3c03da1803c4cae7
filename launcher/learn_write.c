/* Writing what learn mode recorded as an sf policy: a header that says
 * where it came from and how to use it, then one rule per syscall, sorted
 * by name, each with its count. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "launcher.h"
#include "learn_int.h"

/* Comments pad rules to this column at most. */
#define ALIGN_MAX 52

struct entry {
	int nr;
	const char *name; /* the syscall's, or NULL: a number without one */
	char num[16];
	int base;   /* BASE has a rule for it */
	int denied; /* BASE denies it: 1 always, 2 where its condition fails */
};

static int denies(struct sf_action a)
{
	return a.kind != SF_ACT_ALLOW && a.kind != SF_ACT_LOG;
}

/* Whether BASE's rule for nr denies the calls seen: learn mode keeps no
 * arguments, so a rule with a condition may deny some. */
static int base_denies(const struct sf_policy *base, int nr)
{
	const struct sf_rule *rule = sf_policy_rule_for(base, nr);

	if (!rule)
		return 0;
	if (rule->expr < 0)
		return denies(rule->on_true);
	return denies(rule->on_true) || denies(rule->on_false) ? 2 : 0;
}

static const char *name_of(const struct entry *e)
{
	return e->name ? e->name : e->num;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(name_of(a), name_of(b));
}

/* An argument as a shell would take it back; bytes that could not stand
 * in a comment (controls, non-ASCII: the policy must be UTF-8) are '?'. */
static void put_arg(FILE *f, const char *s)
{
	int plain = *s != 0;

	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "_@%+=:,./-",
			    *p))
			plain = 0;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", f);
		else
			fputc(*p < 0x20 || *p >= 0x7f ? '?' : *p, f);
	}
	fputc('\'', f);
}

static void put_command(FILE *f, char **argv)
{
	for (char **a = argv; *a; a++) {
		if (a != argv)
			fputc(' ', f);
		put_arg(f, *a);
	}
}

static void put_value(char *buf, size_t size, enum sf_const_domain d, uint32_t v)
{
	const char *name = sf_const_name(d, v);

	if (name)
		snprintf(buf, size, "%s", name);
	else if (d == SF_DOM_IOCTL)
		snprintf(buf, size, "%#x", v);
	else
		snprintf(buf, size, "%d", (int32_t)v);
}

static void cat(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s", s);
}

/* The rule for one syscall, and what its comment adds to the count. */
static void rule_text(const struct sf_learn_rec *r, const struct entry *e, char *buf, size_t size,
		      const char **note)
{
	const struct sf_learn_watch *w = sf_learn_rec_watch(r, e->nr);
	char v[64];

	*note = "";
	snprintf(buf, size, "%s: ", name_of(e));
	if (!w || (w->broken && w->kind == SF_LEARN_VALUES)) {
		if (w)
			*note = ", too many different values for a condition";
		cat(buf, size, "allow");
		return;
	}
	if (w->broken) {
		*note = w->kind == SF_LEARN_NOT_WX ? ", some both writable and executable"
						   : ", some not read-only";
		cat(buf, size, "allow");
		return;
	}
	switch (w->kind) {
	case SF_LEARN_VALUES:
		if (w->nvals > 2) {
			snprintf(buf + strlen(buf), size - strlen(buf), "%s in {", w->arg);
			for (size_t i = 0; i < w->nvals; i++) {
				put_value(v, sizeof v, w->domain, w->vals[i]);
				cat(buf, size, i ? ", " : "");
				cat(buf, size, v);
			}
			cat(buf, size, "}");
			break;
		}
		for (size_t i = 0; i < w->nvals; i++) {
			put_value(v, sizeof v, w->domain, w->vals[i]);
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s == %s",
				 i ? " || " : "", w->arg, v);
		}
		break;
	case SF_LEARN_NOT_WX:
		snprintf(buf + strlen(buf), size - strlen(buf),
			 "(%s & PROT_WRITE) == 0 || (%s & PROT_EXEC) == 0", w->arg, w->arg);
		*note = ", none both writable and executable";
		break;
	case SF_LEARN_READ_ONLY:
		snprintf(buf + strlen(buf), size - strlen(buf),
			 "(%s & (O_ACCMODE|O_CREAT|O_TRUNC)) == O_RDONLY", w->arg);
		*note = ", all read-only";
		break;
	}
	if (w->deny) {
		cat(buf, size, "; ");
		cat(buf, size, w->deny);
		*note = ", other requests fail with ENOTTY";
	}
}

static void put_count(FILE *f, uint64_t n)
{
	fprintf(f, "%llu call%s", (unsigned long long)n, n == 1 ? "" : "s");
}

static void header(FILE *f, const struct sf_learn_rec *r, const struct sf_learn_doc *doc,
		   size_t nrules, size_t nbase)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm) || !strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(date, sizeof date, "(unknown date)");
	fprintf(f, "# sf policy learned by sf-run --learn on %s from:\n#   ", date);
	put_command(f, doc->argv);
	fprintf(f, "\n# It made ");
	put_count(f, r->total);
	fprintf(f, " in %zu process%s", r->npids, r->npids == 1 ? "" : "es");
	if (nbase)
		fprintf(f, ";\n# %zu syscalls are added to the base, which decides %zu more",
			nrules, nbase);
	else
		fprintf(f, "; %zu syscalls are allowed", nrules);
	if (doc->early) {
		fprintf(f, ".\n# Calls were recorded from exec on, for sf-run --early, where the\n"
			   "# policy is in force from there.\n");
	} else {
		fprintf(
		    f, ".\n# Calls were recorded from exec on. Those the program made before main\n"
		       "# (where sf-run's shim installs the policy) that sf-run's loader\n"
		       "# allowance lets through need no rule: ");
		put_count(f, r->premain);
		fprintf(f, "%s.\n", r->main_seen ? "" : " (main was not reached)");
	}
	fprintf(f, "# A run sees only the paths the program took that time: review the rules.\n");
	if (r->foreign || r->x32 || r->beyond) {
		fprintf(f, "# Not allowed: ");
		put_count(f, r->foreign + r->x32 + r->beyond);
		fprintf(f,
			" of another architecture, the x32 ABI or with numbers above %d\n"
			"# (sf kills the first two always).\n",
			SF_LEARN_NR_LIMIT - 1);
	}
	fprintf(f, "#\n# Run:   sf-run %s-p ", doc->early ? "--early " : "");
	put_arg(f, doc->out);
	fprintf(f, " -- ");
	put_command(f, doc->argv);
	fprintf(f, "\n# Check: sf-run --check -p ");
	put_arg(f, doc->out);
	fprintf(f, "\n\n");
}

/* "# The base decides: openat (3 calls), socket (1 call)", wrapped: the
 * calls of one kind (denied: 0 allowed, 1 denied, 2 denied where the
 * base's condition fails). */
static void base_list(FILE *f, const struct sf_learn_rec *r, const struct entry *e, size_t n,
		      int denied, const char *title)
{
	size_t col = 0, any = 0;

	for (size_t i = 0; i < n; i++)
		any += e[i].base && e[i].denied == denied;
	if (!any)
		return;
	fprintf(f, "# %s:\n", title);
	for (size_t i = 0; i < n; i++) {
		char item[128];
		int len;

		if (!e[i].base || e[i].denied != denied)
			continue;
		len = snprintf(item, sizeof item, "%s (%llu)", name_of(&e[i]),
			       (unsigned long long)r->count[e[i].nr]);
		if (col && col + (size_t)len + 2 > 78) {
			fputs(",\n", f);
			col = 0;
		} else if (col) {
			fputs(", ", f);
			col += 2;
		}
		if (!col) {
			fputs("#   ", f);
			col = 4;
		}
		fputs(item, f);
		col += (size_t)len;
	}
	fputs("\n\n", f);
}

size_t sf_learn_write(FILE *f, const struct sf_learn_rec *r, const struct sf_learn_doc *doc)
{
	struct entry *e = calloc(SF_LEARN_NR_LIMIT, sizeof(*e));
	size_t n = 0, nbase = 0, width = 0;
	char text[2048];
	const char *note;

	if (!e)
		sf_fatal("out of memory");
	for (int nr = 0; nr < SF_LEARN_NR_LIMIT; nr++) {
		const struct sf_syscall *sc;

		if (!r->count[nr] && !r->shim[nr])
			continue;
		sc = sf_syscall_by_nr(r->table, nr);
		e[n].nr = nr;
		snprintf(e[n].num, sizeof e[n].num, "%d", nr);
		e[n].name = sc ? sc->name : NULL;
		e[n].base = doc->base && sf_policy_rule_for(doc->base, nr);
		e[n].denied = e[n].base ? base_denies(doc->base, nr) : 0;
		nbase += (size_t)e[n].base;
		n++;
	}
	qsort(e, n, sizeof(*e), by_name);
	for (size_t i = 0; i < n; i++) {
		size_t len;

		if (e[i].base)
			continue;
		rule_text(r, &e[i], text, sizeof text, &note);
		len = strlen(text);
		if (len <= ALIGN_MAX && len > width)
			width = len;
	}
	header(f, r, doc, n - nbase, nbase);
	if (doc->base) {
		fprintf(f, "# Added to this base policy, whose default and rules stay:\n"
			   "@include ");
		fputs(doc->base_abs, f);
		fputs("\n\n", f);
		base_list(f, r, e, n, 0,
			  "Calls seen that the base has a rule for, which allows them");
		base_list(f, r, e, n, 1,
			  "Calls seen that the base DENIES, which this policy therefore does not "
			  "allow (the program will fail or be killed there)");
		base_list(f, r, e, n, 2,
			  "Calls seen that the base allows only under a condition, which some of "
			  "them may not have met");
	} else {
		fprintf(f, "default: kill-process\n\n");
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t c = r->count[e[i].nr];

		if (e[i].base)
			continue;
		rule_text(r, &e[i], text, sizeof text, &note);
		fprintf(f, "%-*s  # ", (int)width, text);
		if (c)
			put_count(f, c);
		if (r->shim[e[i].nr])
			fprintf(f, "%sthe shim's, in nested execs", c ? "; " : "");
		fprintf(f, "%s\n", note);
	}
	for (size_t i = 0; i < n; i++)
		if (e[i].denied == 1)
			fprintf(stderr,
				"sf: warning: the program called %s %llu time%s, which the base "
				"denies: the learned policy does not allow it (see %s)\n",
				name_of(&e[i]), (unsigned long long)r->count[e[i].nr],
				r->count[e[i].nr] == 1 ? "" : "s", doc->out);
	free(e);
	return n - nbase;
}
