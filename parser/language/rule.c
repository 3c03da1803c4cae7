/* Rules: the syscalls (by name, number or group) a statement is for, and
 * the rule each of them gets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"

/* ---- statements ---- */

int sf_ps_add_file(struct sf_policy *p, const char *name)
{
	char **files;
	char *copy = strdup(name);

	if (!copy)
		return -1;
	if (p->nfiles == p->files_cap) {
		size_t cap = p->files_cap ? p->files_cap * 2 : 4;
		files = realloc(p->files, cap * sizeof(*files));
		if (!files) {
			free(copy);
			return -1;
		}
		p->files = files;
		p->files_cap = cap;
	}
	p->files[p->nfiles] = copy;
	return (int)p->nfiles++;
}

static const char *const *syscall_names(const struct sf_syscall_table *t, const char **buf)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		buf[i] = t->calls[i].name;
	return buf;
}

/* A syscall given by number. */
static int syscall_number(struct parser *ps, struct target *tg)
{
	if (ps->tok.num > 0xffffffffu)
		return sf_ps_fail(ps, ps->tok.off, "syscall number out of range");
	tg->nr = (int)(uint32_t)ps->tok.num;
	if ((uint32_t)tg->nr >= ps->arch->x32_first && (uint32_t)tg->nr < ps->arch->x32_end)
		return sf_ps_fail(ps, ps->tok.off,
				  "x32 syscall numbers are always killed; they cannot have rules");
	tg->sc = sf_syscall_by_nr(ps->arch->table, tg->nr);
	return sf_ps_next(ps);
}

/* The error for a name not in the table, with a suggestion. Out of
 * sf_ps_parse_syscall_name(), which runs for every rule. */
static __attribute__((noinline)) int unknown_syscall(struct parser *ps, const char *name,
						     size_t len)
{
	const struct sf_syscall_table *table = ps->arch->table;
	char buf[128];
	const char **names;
	const char *hint;

	if (len >= sizeof(buf))
		return sf_ps_fail(ps, ps->tok.off, "syscall name too long");
	memcpy(buf, name, len);
	buf[len] = '\0';
	hint = NULL;
	names = malloc(table->count * sizeof(*names));
	if (names)
		hint = sf_suggest(name, len, syscall_names(table, names), table->count);
	sf_ps_fail(ps, ps->tok.off, "unknown syscall '%s' on %s%s%s%s", buf, ps->arch->name,
		   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
	free(names);
	return -1;
}

int sf_ps_parse_syscall_name(struct parser *ps, struct target *tg)
{
	const char *name = ps->src->text + ps->tok.off;
	size_t len = ps->tok.len;

	tg->name_off = ps->tok.off;
	if (ps->tok.t == T_NUM)
		return syscall_number(ps, tg);
	if (ps->tok.t != T_IDENT)
		return sf_ps_fail(ps, ps->tok.off, "expected a syscall name, found %s",
				  sf_ps_tok_name(ps->tok.t));
	if (len > 4 && memcmp(name, "sys_", 4) == 0) {
		name += 4;
		len -= 4;
	}
	tg->sc = sf_syscall_by_name_len(ps->arch->table, name, len);
	if (!tg->sc)
		return unknown_syscall(ps, name, len);
	tg->nr = tg->sc->nr;
	return sf_ps_next(ps);
}

/* @NAME in a list of syscalls: adds the group's members on this arch to
 * targets[*n..]. A member already in the list is kept once, as written
 * explicitly if it was. */
static int parse_group_targets(struct parser *ps, struct target *targets, size_t *n)
{
	const struct sf_syscall_table *table = ps->arch->table;
	const struct sf_group *g;
	unsigned char *seen;
	size_t off = ps->tok.off, k, i;

	if (sf_ps_next(ps))
		return -1;
	if (ps->tok.t != T_IDENT)
		return sf_ps_fail(ps, ps->tok.off,
				  "expected a group name after '@' (see sf-run --groups)");
	g = sf_group_lookup(ps->src->text + ps->tok.off, ps->tok.len);
	if (!g) {
		const char *names[128], *hint;
		size_t count = 0;
		while (count < 128 &&
		       (names[count] = sf_group_at(count) ? sf_group_at(count)->name : NULL))
			count++;
		hint = sf_suggest(ps->src->text + ps->tok.off, ps->tok.len, names, count);
		return sf_ps_fail(
		    ps, ps->tok.off, "unknown syscall group '@%.*s'%s%s%s (see sf-run --groups)",
		    (int)ps->tok.len, ps->src->text + ps->tok.off, hint ? "; did you mean '@" : "",
		    hint ? hint : "", hint ? "'?" : "");
	}
	seen = calloc(table->count ? table->count : 1, 1);
	if (!seen)
		return sf_ps_fail(ps, off, "out of memory");
	sf_group_expand(g, table, seen);
	for (k = 0; k < table->count; k++) {
		if (!seen[k])
			continue;
		for (i = 0; i < *n; i++)
			if (targets[i].nr == table->calls[k].nr)
				break;
		if (i < *n)
			continue;
		if (*n == MAX_NAMES_PER_RULE) {
			free(seen);
			return sf_ps_fail(ps, off, "too many syscalls in one rule");
		}
		targets[*n].nr = table->calls[k].nr;
		targets[*n].sc = &table->calls[k];
		targets[*n].name_off = off;
		targets[*n].group = g;
		(*n)++;
	}
	free(seen);
	return sf_ps_next(ps);
}

static int same_rule(const struct sf_policy *p, const struct sf_rule *a, const struct sf_rule *b)
{
	(void)p;
	return a->expr < 0 && b->expr < 0 && a->on_true.kind == b->on_true.kind &&
	       a->on_true.data == b->on_true.data;
}

/* What a rule gives the calls it does not allow, when it says so: an
 * unconditional rule's action (other than allow), a condition's "; ACTION".
 * A condition without one (or with "; 0") leaves them to the denial action
 * and yields to a rule that names an action. */
static int stated_fallback(const struct sf_rule *r, struct sf_action *a)
{
	if (r->expr < 0) {
		*a = r->on_true;
		return r->on_true.kind != SF_ACT_ALLOW;
	}
	*a = r->on_false;
	return r->on_false.kind != SF_ACT_DENIAL;
}

static int allows_all(const struct sf_rule *r)
{
	return r->expr < 0 && r->on_true.kind == SF_ACT_ALLOW;
}

static int same_action(struct sf_action a, struct sf_action b)
{
	return a.kind == b.kind && a.data == b.data;
}

/* why: the disagreement, with one or two actions ('%s') in it. */
static int conflict(struct parser *ps, const struct target *tg, const struct sf_rule *old,
		    const char *why, struct sf_action a, struct sf_action b)
{
	char act1[64], act2[64], name[32], reason[192];

	sf_action_format(a, act1, sizeof(act1));
	sf_action_format(b, act2, sizeof(act2));
	snprintf(reason, sizeof(reason), why, act1, act2);
	if (!tg->sc)
		snprintf(name, sizeof(name), "syscall %d", tg->nr);
	return sf_ps_fail(ps, tg->name_off,
			  "%s given twice, first at %s:%d, and the rules conflict: %s; "
			  "merge them into one rule",
			  tg->sc ? tg->sc->name : name, ps->p->files[old->file], old->line, reason);
}

/* A syscall given a second rule, as minijail reads a policy whose common
 * @include and own file both name it: the conditions are OR'd (a call is
 * allowed when either rule allows it), and the calls neither allows get
 * the action a rule states for them. Where the rules disagree on those
 * calls, no order of reading decides: an error. */
static int merge_rules(struct parser *ps, const struct target *tg, struct sf_rule *old,
		       const struct sf_rule *r)
{
	struct sf_action fo, fr;
	int so = stated_fallback(old, &fo), sr = stated_fallback(r, &fr);
	struct sf_node or = {.kind = SF_NODE_OR};

	if (allows_all(old) || allows_all(r)) {
		if ((!allows_all(old) && so) || (!allows_all(r) && sr))
			return conflict(ps, tg, old,
					"one allows every call, the other gives the calls its "
					"condition does not allow '%s'%.0s",
					so && !allows_all(old) ? fo : fr, fr);
		old->expr = -1;
		old->on_true = old->on_false = (struct sf_action){SF_ACT_ALLOW, 0};
		return 0;
	}
	if (so && sr && !same_action(fo, fr))
		return conflict(ps, tg, old,
				"the calls neither allows get '%s' there and '%s' here", fo, fr);
	if (!so)
		fo = fr;
	if (old->expr < 0 && r->expr < 0) /* the same action, twice */
		return 0;
	if (old->expr < 0 || r->expr < 0) {
		old->expr = old->expr < 0 ? r->expr : old->expr;
	} else {
		or.left = old->expr;
		or.right = r->expr;
		old->expr = sf_policy_add_node(ps->p, & or);
		if (old->expr < 0)
			return sf_ps_fail(ps, tg->name_off, "out of memory");
	}
	old->on_true = (struct sf_action){SF_ACT_ALLOW, 0};
	old->on_false = fo;
	return 0;
}

/* In a @denylist policy every rule denies: outright, or the calls its
 * condition matches (on_true; the others get on_false, allow unless an
 * unconditional rule for the syscall says otherwise). Two rules for one
 * syscall read as minijail's compiler reads them, in either order:
 * conditions with the same action are OR'd, and an unconditional action
 * takes the calls no condition matches. Anything else depends on the
 * order of reading: an error. */
static int merge_denylist(struct parser *ps, const struct target *tg, struct sf_rule *old,
			  const struct sf_rule *r)
{
	struct sf_action allow = {SF_ACT_ALLOW, 0};
	struct sf_node or = {.kind = SF_NODE_OR};

	if (old->expr < 0 && r->expr < 0) {
		if (!same_action(old->on_true, r->on_true))
			return conflict(ps, tg, old, "'%s' there and '%s' here", old->on_true,
					r->on_true);
		return 0;
	}
	if (r->expr < 0) {
		if (!same_action(old->on_false, allow) && !same_action(old->on_false, r->on_true))
			return conflict(
			    ps, tg, old,
			    "the calls no condition matches get '%s' there and '%s' here",
			    old->on_false, r->on_true);
		old->on_false = r->on_true;
	} else if (old->expr < 0) {
		old->on_false = old->on_true;
		old->expr = r->expr;
		old->on_true = r->on_true;
	} else {
		if (!same_action(old->on_true, r->on_true))
			return conflict(
			    ps, tg, old,
			    "the calls one condition matches get '%s', the other's '%s'",
			    old->on_true, r->on_true);
		or.left = old->expr;
		or.right = r->expr;
		old->expr = sf_policy_add_node(ps->p, & or);
		if (old->expr < 0)
			return sf_ps_fail(ps, tg->name_off, "out of memory");
	}
	if (same_action(old->on_true, old->on_false))
		old->expr = -1;
	return 0;
}

static int add_rule(struct parser *ps, const struct target *tg, int expr, struct sf_action on_true,
		    struct sf_action on_false)
{
	struct sf_rule r, *old;
	int added;

	if (ps->p->denylist && on_true.kind == SF_ACT_ALLOW)
		return sf_ps_fail(ps, tg->name_off,
				  "a @denylist policy allows every call it does not name; give the "
				  "calls to deny an action (kill, errno EPERM, ...)");
	memset(&r, 0, sizeof(r));
	r.nr = tg->nr;
	r.expr = expr;
	r.on_true = on_true;
	r.on_false = on_false;
	r.file = ps->src->file;
	sf_ps_line_col(ps, tg->name_off, &r.line, &r.col);
	r.via_group = tg->group != NULL;
	old = sf_policy_add_new_rule(ps->p, &r, &added);
	if (!old)
		return sf_ps_fail(ps, tg->name_off, "out of memory");
	if (added)
		return 0;
	/* A syscall reached only through a group gives way to a rule that
	 * names it; two groups reaching it must agree. */
	if (tg->group && !old->via_group)
		return 0;
	if (!tg->group && old->via_group) {
		*old = r;
		return 0;
	}
	if (tg->group && old->via_group) {
		if (same_rule(ps->p, old, &r))
			return 0;
		return sf_ps_fail(
		    ps, tg->name_off,
		    "%s is in @%s here and in a group at %s:%d, with a different action; "
		    "give %s a rule of its own to decide",
		    tg->sc->name, tg->group->name, ps->p->files[old->file], old->line,
		    tg->sc->name);
	}
	if (ps->p->denylist)
		return merge_denylist(ps, tg, old, &r);
	return merge_rules(ps, tg, old, &r);
}

int sf_ps_parse_rule(struct parser *ps)
{
	struct target targets[MAX_NAMES_PER_RULE];
	struct sf_action action, allow = {SF_ACT_ALLOW, 0}, denial = {SF_ACT_DENIAL, 0};
	size_t n = 0, i, cond_off = 0;
	int braced = 0, root = -1, r, expr, stated = 0;

	if (ps->tok.t == T_LBRACE) {
		braced = 1;
		if (sf_ps_next(ps))
			return -1;
	}
	for (;;) {
		if (n == MAX_NAMES_PER_RULE)
			return sf_ps_fail(ps, ps->tok.off, "too many syscalls in one rule");
		if (ps->tok.t == T_AT) {
			if (parse_group_targets(ps, targets, &n))
				return -1;
		} else {
			if (sf_ps_parse_syscall_name(ps, &targets[n]))
				return -1;
			targets[n].group = NULL;
			for (i = 0; i < n; i++)
				if (targets[i].nr == targets[n].nr && !targets[i].group)
					return sf_ps_fail(ps, targets[n].name_off,
							  "syscall listed twice in the same rule");
			/* Named here and reached through a group: as named. */
			for (i = 0; i < n; i++)
				if (targets[i].nr == targets[n].nr)
					break;
			if (i < n)
				targets[i] = targets[n];
			else
				n++;
		}
		if (ps->tok.t != T_COMMA)
			break;
		if (sf_ps_next(ps))
			return -1;
	}
	if (braced && sf_ps_expect(ps, T_RBRACE, "to close the list of syscalls"))
		return -1;
	if (sf_ps_expect(ps, T_COLON, "after the syscall name"))
		return -1;
	if (sf_ps_at_end(ps))
		return sf_ps_fail(
		    ps, ps->tok.off,
		    "expected a condition or an action after ':' (1 allows, 0 denies)");

	r = sf_ps_parse_action(ps, &action, 1);
	if (r < 0)
		return -1;
	if (r == 0) {
		ps->nsx = 0;
		cond_off = ps->tok.off;
		root = sf_ps_parse_or(ps);
		if (root < 0)
			return -1;
		action = denial;
		if (ps->tok.t == T_SEMI) {
			if (sf_ps_next(ps) || sf_ps_parse_action(ps, &action, 0) < 0)
				return -1;
			stated = 1;
		}
		if (sf_ps_expect_end(ps, "the condition"))
			return -1;
		/* minijail's compiler reads a denylist's condition as the calls
		 * to deny, with the action after ';'. Without one it would deny
		 * nothing; refused rather than read as an allow list. */
		if (ps->p->denylist && !stated)
			return sf_ps_fail(
			    ps, cond_off,
			    "in a @denylist policy a condition names the calls to deny: "
			    "give their action after ';' (`; errno EPERM`, `; kill`)");
	}
	for (i = 0; i < n; i++) {
		if (root < 0) {
			if (add_rule(ps, &targets[i], -1, action, action))
				return -1;
			continue;
		}
		ps->saw_dual = 0;
		expr = sf_ps_resolve(ps, root, &targets[i]);
		if (expr >= 0 && ps->saw_dual) {
			/* Allowed only if it holds both for the 64-bit value
			 * and for its low 32 bits (SF_ARGF_DUAL). */
			struct sf_node and = {.kind = SF_NODE_AND, .left = expr, .right = -1};

			ps->read32 = 1;
			and.right = sf_ps_resolve(ps, root, &targets[i]);
			ps->read32 = 0;
			expr = and.right < 0 ? -1 : sf_policy_add_node(ps->p, &and);
		}
		/* A denylist's condition denies the calls it matches. */
		if (expr < 0 || add_rule(ps, &targets[i], expr, ps->p->denylist ? action : allow,
					 ps->p->denylist ? allow : action))
			return -1;
	}
	return 0;
}
